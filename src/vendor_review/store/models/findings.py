"""Findings, the assessments that opened or resolved them, and risk acceptances."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Mapped, relationship

from vendor_review.store import tables
from vendor_review.store.models.base import Base, Created, Decided, Keyed, Versioned

if TYPE_CHECKING:
    from vendor_review.store.models.assessments import Assessment
    from vendor_review.store.models.vendors import Vendor


class Finding(Keyed, Versioned, Created, Base):
    __table__ = tables.findings

    assessment_id: Mapped[int | None]
    """The assessment that opened it; None for a finding of an assurance report's review."""
    report_id: Mapped[int | None]
    """The assurance report whose review opened it (cause ``report:<id>:…``)."""
    vendor_id: Mapped[int]
    question_id: Mapped[str | None]
    cause: Mapped[str | None]
    """What the finding is about, stable across assessments: "question:<questionnaire>/<id>"
    or "report:<report id>:<rule>" (an assurance report's review). One open (or
    risk-accepted) finding per vendor and cause: ``uq_findings_active_cause``."""
    severity: Mapped[str]
    text: Mapped[str]
    remediation: Mapped[str | None]
    owner: Mapped[str | None]
    due_on: Mapped[date | None]
    status: Mapped[str]
    resolved_by: Mapped[str | None]
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None]
    resolved_by_assessment_id: Mapped[int | None]
    accepted_until: Mapped[date | None]
    """A risk-accepted finding counts as open again from the day after this date."""

    assessment: Mapped[Assessment | None] = relationship(
        back_populates="findings", foreign_keys=[__table__.c.assessment_id]
    )
    vendor: Mapped[Vendor] = relationship()


class FindingLink(Base):
    """A finding and the assessments that opened, updated or resolved it. ``prior`` keeps
    the finding's fields an update replaced (restored if that submission is returned)."""

    __table__ = tables.finding_assessments

    finding_id: Mapped[int]
    assessment_id: Mapped[int]
    role: Mapped[str]
    at: Mapped[datetime]
    prior: Mapped[dict[str, Any] | None]


class RiskAcceptance(Keyed, Versioned, Decided, Base):
    """A request to accept a finding's risk until ``expires_on``; approved by a second
    person for high and critical findings (``decided_by`` differs from ``requested_by``)."""

    __table__ = tables.risk_acceptances

    finding_id: Mapped[int]
    severity: Mapped[str]
    reason: Mapped[str]
    expires_on: Mapped[date]
    status: Mapped[str]
    requested_by: Mapped[str]
    requested_at: Mapped[datetime]
