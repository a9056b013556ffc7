"""Findings, the assessments that opened or resolved them, and risk acceptances."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, Index, Integer, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.domain.risk_acceptance import AcceptanceStatus
from vendor_review.store.column_types import EnumString, json_document
from vendor_review.store.models.base import Actor, Base, reference, utcnow, versioned_by

if TYPE_CHECKING:
    from vendor_review.store.models.assessments import Assessment
    from vendor_review.store.models.vendors import Vendor

ACTIVE_FINDING = "cause IS NOT NULL AND status IN ('open', 'risk_accepted')"
"""The findings of which a vendor has at most one per cause."""


class Finding(Base):
    __tablename__ = "findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int | None] = reference("assessments", ondelete="RESTRICT", index=True)
    """The assessment that opened it; None for a finding of an assurance report's review."""
    report_id: Mapped[int | None] = reference("assurance_reports", ondelete="SET NULL", index=True)
    """The assurance report whose review opened it (cause ``report:<id>:…``)."""
    vendor_id: Mapped[int] = reference("vendors", ondelete="RESTRICT", index=True)
    question_id: Mapped[str | None] = mapped_column(String(100))
    # What the finding is about, stable across assessments: "question:<questionnaire>/<id>"
    # or "report:<report id>:<rule>" (an assurance report's review). One open (or
    # risk-accepted) finding per vendor and cause: ``uq_findings_active_cause``.
    cause: Mapped[str | None] = mapped_column(String(200))
    severity: Mapped[str] = mapped_column(EnumString(Severity))
    text: Mapped[str] = mapped_column(Text)
    remediation: Mapped[str | None] = mapped_column(Text)
    owner: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(
        EnumString(FindingStatus), index=True, default=FindingStatus.OPEN
    )
    resolved_by: Mapped[Actor | None]
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)
    resolved_by_assessment_id: Mapped[int | None] = reference("assessments", ondelete="RESTRICT")
    # A risk-accepted finding counts as open again from the day after this date.
    accepted_until: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assessment: Mapped[Assessment | None] = relationship(
        back_populates="findings", foreign_keys=[assessment_id]
    )
    vendor: Mapped[Vendor] = relationship()

    __table_args__ = (
        # "Open findings per vendor" as one grouped pass over the index (migration 0005).
        Index("ix_findings_vendor_status", "vendor_id", "status"),
        Index(
            "uq_findings_active_cause",
            "vendor_id",
            "cause",
            unique=True,
            # Partial on both databases (the migrations create it with the same WHERE on
            # PostgreSQL); only SQLite's keyword here: naming ``postgresql_where`` would
            # import SQLAlchemy's PostgreSQL dialect on every start-up (issue 14).
            sqlite_where=sql_text(ACTIVE_FINDING),
        ),
    )

    __mapper_args__ = versioned_by(version)


class FindingLink(Base):
    """A finding and the assessments that opened, updated or resolved it. ``prior`` keeps
    the finding's fields an update replaced (restored if that submission is returned)."""

    __tablename__ = "finding_assessments"

    finding_id: Mapped[int] = reference("findings", ondelete="CASCADE", primary_key=True)
    assessment_id: Mapped[int] = reference(
        "assessments", ondelete="RESTRICT", primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    prior: Mapped[dict[str, Any] | None] = mapped_column(json_document(none_as_null=True))


class RiskAcceptance(Base):
    """A request to accept a finding's risk until ``expires_on``; approved by a second
    person for high and critical findings (``decided_by`` differs from ``requested_by``)."""

    __tablename__ = "risk_acceptances"

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[int] = reference("findings", ondelete="CASCADE", index=True)
    severity: Mapped[str] = mapped_column(EnumString(Severity))
    reason: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(EnumString(AcceptanceStatus))
    requested_by: Mapped[Actor]
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[Actor | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer)

    __mapper_args__ = versioned_by(version)
