"""Review cadence a policy team would write (issue 10, item 7).

The interval after an approval is the shortest of: the interval for the vendor's inherent
tier, the interval for the residual rating (a bad rating shortens, never lengthens), and
the cap of every regulated scope the vendor is in (PCI DSS v4.0.1 requirement 12.8.4 wants
service providers monitored at least once every twelve months). Events bring the next
review forward to "due now" with their reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from vendor_review.domain.enums import InherentRisk, Rating

SCOPE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
"""What a scope flag looks like (``pci``, ``sox``, ``critical_ict``)."""


class VendorEventKind(StrEnum):
    """Why a vendor's re-review is due now. The first three are recorded by a person
    (``vendor event``); the others are recorded when the inventory changes."""

    BREACH = "breach"
    ACQUISITION = "acquisition"
    SCOPE_CHANGE = "scope_change"
    NEW_SUBPROCESSOR = "new_subprocessor"
    PROFILE_RAISED = "profile_raised"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    VendorEventKind.BREACH: "breach",
    VendorEventKind.ACQUISITION: "acquisition",
    VendorEventKind.SCOPE_CHANGE: "scope change",
    VendorEventKind.NEW_SUBPROCESSOR: "new subprocessor",
    VendorEventKind.PROFILE_RAISED: "data access or criticality raised",
}

RECORDED_BY_HAND = (
    VendorEventKind.BREACH,
    VendorEventKind.ACQUISITION,
    VendorEventKind.SCOPE_CHANGE,
)


@dataclass(frozen=True)
class ReviewInterval:
    months: int
    reason: str


def review_interval(
    tier_months: Mapping[InherentRisk, int],
    rating_months: Mapping[Rating, int],
    scope_caps: Mapping[str, int],
    inherent: InherentRisk,
    rating: Rating,
    scopes: Iterable[str],
) -> ReviewInterval:
    """The shortest of tier, rating and scope caps, with a reason naming what set it."""
    inherent, rating = InherentRisk(inherent), Rating(rating)
    months = tier_months[inherent]
    reason = f"{inherent.value} inherent tier: {months} months"
    if rating_months[rating] < months:
        months = rating_months[rating]
        reason = f"{rating.value} residual rating: {months} months"
    for scope in sorted(set(scopes)):
        cap = scope_caps.get(scope)
        if cap is not None and cap < months:
            months = cap
            reason = f"{scope} scope cap: {months} months"
    return ReviewInterval(months, reason)


def check_scopes(scopes: Iterable[str], known: Iterable[str]) -> list[str]:
    """Scope flags, lower-cased, sorted and de-duplicated; unknown ones refused."""
    allowed = sorted(known)
    out: set[str] = set()
    for raw in scopes:
        scope = raw.strip().lower().replace("-", "_")
        if scope.endswith("_scope"):
            scope = scope.removesuffix("_scope")
        if not SCOPE_PATTERN.match(scope) or scope not in allowed:
            names = ", ".join(repr(s) for s in allowed) or "none"
            raise ValueError(f"{raw!r} is not one of the policy's scopes {names}")
        out.add(scope)
    return sorted(out)
