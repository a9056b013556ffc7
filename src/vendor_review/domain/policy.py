"""Scoring policy (DESIGN §5): the tables and intervals, loaded from ``policy.yaml``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

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
from vendor_review.domain.file_errors import YamlFileError
from vendor_review.domain.four_eyes import FourEyes

if TYPE_CHECKING:  # the policy is read from a cache without the YAML parser (issue 14)
    from vendor_review.domain.questionnaire import Question

Score = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


class BandThresholds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    strong: Score = 85
    adequate: Score = 70
    weak: Score = 50

    @model_validator(mode="after")
    def _descending(self) -> Self:
        if not self.strong >= self.adequate >= self.weak:
            raise ValueError("band thresholds must satisfy strong >= adequate >= weak")
        return self


class Policy(BaseModel):
    """Every number the scorer uses. Defaults are DESIGN §5's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    inherent_risk: dict[DataAccess, dict[Criticality, InherentRisk]]
    bands: BandThresholds = BandThresholds()
    residual_rating: dict[InherentRisk, dict[Band, Rating]]
    critical_failure_floor: Rating = Rating.HIGH
    review_interval_months: dict[Rating, Annotated[int, Field(ge=1, le=120)]]
    finding_due_days: dict[Severity, Annotated[int, Field(ge=1, le=3650)]]
    candidate_grace_days: Annotated[int, Field(ge=0, le=3650)] = 0
    accept_at: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    """Lowest acceptable question score where a question sets no ``accept_at``."""
    na_requires_comment: bool = True
    """N/A on a required scored question needs a reason (a question may say otherwise)."""
    na_weight_limit: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 0.5
    """Share of the shown scored weight that may be N/A; weight beyond it counts as 0."""
    # --- workflow and cadence (issue 10, items 4, 6, 7) ---------------------------------
    four_eyes: FourEyes = FourEyes.CONTRIBUTORS
    tier_interval_months: dict[InherentRisk, Annotated[int, Field(ge=1, le=120)]] = Field(
        default_factory=lambda: {
            InherentRisk.HIGH: 12,
            InherentRisk.MEDIUM: 24,
            InherentRisk.LOW: 24,
        }
    )
    scope_cap_months: dict[
        Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,29}$")],
        Annotated[int, Field(ge=1, le=120)],
    ] = Field(default_factory=lambda: {"pci": 12})
    risk_acceptance_months: Annotated[int, Field(ge=1, le=60)] = 12

    @model_validator(mode="after")
    def _complete(self) -> Self:
        for access in DataAccess:
            row = self.inherent_risk.get(access)
            if row is None or set(row) != set(Criticality):
                raise ValueError(f"inherent_risk.{access.value} must name every criticality")
        for inherent in InherentRisk:
            band_row = self.residual_rating.get(inherent)
            if band_row is None or set(band_row) != set(Band):
                raise ValueError(f"residual_rating.{inherent.value} must name every band")
        if set(self.review_interval_months) != set(Rating):
            raise ValueError("review_interval_months must name every rating")
        if set(self.tier_interval_months) != set(InherentRisk):
            raise ValueError("tier_interval_months must name every inherent risk")
        for severity in Severity:
            if severity not in self.finding_due_days:
                raise ValueError(f"finding_due_days must name {severity.value}")
        return self

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


class PolicyError(YamlFileError):
    """A policy file that cannot be used; the message names the file, path and line."""


def load_policy(path: Path) -> Policy:
    """Read ``policy.yaml`` with the same protections as questionnaire files."""
    from vendor_review.domain.safe_yaml import read_yaml

    doc = read_yaml(path)
    try:
        return Policy.model_validate(doc.data)
    except ValidationError as exc:
        raise PolicyError(path, doc.pydantic_problems(exc)) from None
