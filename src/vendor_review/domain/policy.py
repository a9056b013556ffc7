"""Scoring policy (DESIGN §5): the tables and intervals, loaded from ``policy.yaml``.

``Policy`` is a plain frozen dataclass; ``domain.policy_document`` reads and checks the
file into one (``load_policy``, ``policy_from``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from vendor_review.domain.cadence import ReviewInterval, review_interval
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import (
    Band,
    Criticality,
    DataAccess,
    InherentRisk,
    Rating,
    Severity,
)
from vendor_review.domain.four_eyes import FourEyes

if TYPE_CHECKING:  # the policy is read from a cache without the YAML parser (issue 14)
    from vendor_review.domain.questionnaire import Question

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class BandThresholds:
    strong: float = 85
    adequate: float = 70
    weak: float = 50


def _tier_months() -> dict[InherentRisk, int]:
    return {InherentRisk.HIGH: 12, InherentRisk.MEDIUM: 24, InherentRisk.LOW: 24}


@dataclass(frozen=True)
class Policy:
    """Every number the scorer uses. Defaults are DESIGN §5's."""

    inherent_risk: dict[DataAccess, dict[Criticality, InherentRisk]]
    residual_rating: dict[InherentRisk, dict[Band, Rating]]
    review_interval_months: dict[Rating, int]
    finding_due_days: dict[Severity, int]
    bands: BandThresholds = BandThresholds()
    critical_failure_floor: Rating = Rating.HIGH
    candidate_grace_days: int = 0
    accept_at: float = 1.0
    """Lowest acceptable question score where a question sets no ``accept_at``."""
    na_requires_comment: bool = True
    """N/A on a required scored question needs a reason (a question may say otherwise)."""
    na_weight_limit: float = 0.5
    """Share of the shown scored weight that may be N/A; weight beyond it counts as 0."""
    # --- workflow and cadence (issue 10, items 4, 6, 7) ---------------------------------
    four_eyes: FourEyes = FourEyes.CONTRIBUTORS
    tier_interval_months: dict[InherentRisk, int] = field(default_factory=_tier_months)
    scope_cap_months: dict[str, int] = field(default_factory=lambda: {"pci": 12})
    risk_acceptance_months: int = 12

    def to_plain(self) -> dict[str, Any]:
        """The policy as JSON data (``policy_from(p.to_plain()) == p``)."""

        def plain(value: Any) -> Any:
            if isinstance(value, dict):
                return {str(k): plain(v) for k, v in value.items()}
            if isinstance(value, BandThresholds):
                return {f.name: getattr(value, f.name) for f in fields(value)}
            return str(value) if isinstance(value, StrEnum) else value

        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}

    # --- the tables as functions ------------------------------------------------------

    def inherent(self, data_access: DataAccess, criticality: Criticality) -> InherentRisk:
        return self.inherent_risk[data_access][criticality]

    def band(self, control_score: float | None) -> Band:
        """The band of a control score; no score at all counts as ``poor``."""
        if control_score is None:
            return Band.POOR
        if control_score >= self.bands.strong:
            return Band.STRONG
        if control_score >= self.bands.adequate:
            return Band.ADEQUATE
        if control_score >= self.bands.weak:
            return Band.WEAK
        return Band.POOR

    def residual(self, inherent: InherentRisk, band: Band, *, critical_failure: bool) -> Rating:
        rating = self.residual_rating[inherent][band]
        if critical_failure and rating.rank < self.critical_failure_floor.rank:
            return self.critical_failure_floor
        return rating

    def next_review(self, decided_on: date, rating: Rating) -> date:
        """By the rating alone (the rule before cadence by tier; kept for callers that
        know no tier)."""
        return add_months(decided_on, self.review_interval_months[rating])

    def review_interval(
        self, inherent: InherentRisk, rating: Rating, scopes: list[str] | tuple[str, ...] = ()
    ) -> ReviewInterval:
        """Tier interval, shortened (never lengthened) by the rating, capped by scope."""
        return review_interval(
            self.tier_interval_months,
            self.review_interval_months,
            self.scope_cap_months,
            inherent,
            rating,
            scopes,
        )

    def accept_at_of(self, question: Question) -> float:
        """The lowest acceptable score of a scored question."""
        return question.accept_at if question.accept_at is not None else self.accept_at

    def na_needs_reason(self, question: Question) -> bool:
        """Whether N/A on ``question`` must come with a comment saying why."""
        if question.na_requires_comment is not None:
            return question.na_requires_comment
        return self.na_requires_comment and question.counts and question.is_required

    def finding_due(self, raised_on: date, severity: Severity) -> date | None:
        days = self.finding_due_days.get(severity)
        return None if days is None else date.fromordinal(raised_on.toordinal() + days)


def default_policy() -> Policy:
    """DESIGN §5's defaults, independent of any file (tests pin these)."""
    lo, me, hi = InherentRisk.LOW, InherentRisk.MEDIUM, InherentRisk.HIGH
    c = list(Criticality)
    inherent = {
        DataAccess.NONE: dict(zip(c, [lo, lo, me], strict=True)),
        DataAccess.INTERNAL: dict(zip(c, [lo, me, me], strict=True)),
        DataAccess.CONFIDENTIAL: dict(zip(c, [me, me, hi], strict=True)),
        DataAccess.PERSONAL: dict(zip(c, [me, hi, hi], strict=True)),
        DataAccess.SPECIAL: dict(zip(c, [hi, hi, hi], strict=True)),
    }
    b = list(Band)
    r = Rating
    residual = {
        lo: dict(zip(b, [r.LOW, r.LOW, r.MEDIUM, r.HIGH], strict=True)),
        me: dict(zip(b, [r.LOW, r.MEDIUM, r.HIGH, r.HIGH], strict=True)),
        hi: dict(zip(b, [r.MEDIUM, r.HIGH, r.CRITICAL, r.CRITICAL], strict=True)),
    }
    return Policy(
        inherent_risk=inherent,
        residual_rating=residual,
        review_interval_months={r.CRITICAL: 3, r.HIGH: 6, r.MEDIUM: 12, r.LOW: 24},
        finding_due_days={
            Severity.CRITICAL: 30,
            Severity.HIGH: 60,
            Severity.MEDIUM: 90,
            Severity.LOW: 180,
        },
    )
