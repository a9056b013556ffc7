"""Risk acceptance of a finding (issue 10, item 6): always with an expiry; for a high or
critical finding requested by one person and approved by another."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import Severity

SECOND_PERSON = (Severity.HIGH, Severity.CRITICAL)


AcceptanceStatus = StrEnum("AcceptanceStatus", "REQUESTED APPROVED REFUSED WITHDRAWN")


def needs_second_person(severity: Severity) -> bool:
    return severity in SECOND_PERSON


def acceptance_expiry(today: date, asked: date | None, max_months: int) -> date:
    """The expiry: the one asked for (after today, at most ``max_months`` ahead) or
    ``max_months`` from today. Raises ``ValueError`` with the reason otherwise."""
    latest = add_months(today, max_months)
    if asked is None:
        return latest
    if asked <= today:
        raise ValueError(f"a risk acceptance must expire after today ({today.isoformat()})")
    if asked > latest:
        raise ValueError(
            f"a risk acceptance expires at most {max_months} months ahead "
            f"({latest.isoformat()}); {asked.isoformat()} is later"
        )
    return asked
