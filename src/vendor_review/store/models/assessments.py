"""Assessments, their answers (and evidence), and who contributed to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vendor_review.domain.enums import (
    AssessmentStatus,
    Band,
    Criticality,
    DataAccess,
    InherentRisk,
    Rating,
)
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.store.column_types import EnumString, json_document
from vendor_review.store.models.base import ACTOR, Actor, Base, reference, utcnow, versioned_by
from vendor_review.store.models.definitions import QuestionnaireDefinition
from vendor_review.store.models.evidence import Evidence

if TYPE_CHECKING:
    from vendor_review.store.models.findings import Finding
    from vendor_review.store.models.vendors import Vendor

_LATEST_ORDER = ("vendor_id", "decided_at", "id")
"""A vendor's newest decided assessment is the first entry read backwards from the vendor."""
_LATEST_READS = ("status", "rating", "control_score", "next_review_due")
"""What the vendor list reads of it, held in the index (status is checked there too)."""


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = reference("vendors", ondelete="RESTRICT", index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    questionnaire_version: Mapped[int]
    questionnaire_sha256: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the questionnaire file's bytes (what a returned workbook is checked by)."""
    definition_sha256: Mapped[str] = mapped_column(
        ForeignKey("questionnaire_definitions.sha256", ondelete="RESTRICT")
    )
    """The snapshot in ``questionnaire_definitions`` (SHA-256 of its canonical JSON)."""
    status: Mapped[str] = mapped_column(
        EnumString(AssessmentStatus), index=True, default=AssessmentStatus.DRAFT
    )
    previous_id: Mapped[int | None] = reference("assessments", ondelete="RESTRICT", index=True)
    reviewer: Mapped[Actor]
    submitted_by: Mapped[Actor | None]
    submitted_at: Mapped[datetime | None]
    decided_by: Mapped[Actor | None]
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)
    data_access: Mapped[str | None] = mapped_column(EnumString(DataAccess))
    criticality: Mapped[str | None] = mapped_column(EnumString(Criticality))
    control_score: Mapped[float | None] = mapped_column(Float)
    section_scores: Mapped[dict[str, float | None] | None] = mapped_column(
        json_document(none_as_null=True)
    )
    inherent_risk: Mapped[str | None] = mapped_column(EnumString(InherentRisk))
    band: Mapped[str | None] = mapped_column(EnumString(Band))
    rating: Mapped[str | None] = mapped_column(EnumString(Rating))
    critical_failures: Mapped[list[str] | None] = mapped_column(json_document(none_as_null=True))
    next_review_due: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendor: Mapped[Vendor] = relationship(back_populates="assessments")
    snapshot: Mapped[QuestionnaireDefinition] = relationship(lazy="select")
    previous: Mapped[Assessment | None] = relationship(remote_side=[id])
    answers: Mapped[list[Answer]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )
    findings: Mapped[list[Finding]] = relationship(
        back_populates="assessment", passive_deletes="all", foreign_keys="Finding.assessment_id"
    )

    @property
    def definition(self) -> dict[str, Any]:
        """The questionnaire snapshot (loaded from ``questionnaire_definitions``)."""
        return self.snapshot.definition

    # These covering indexes answer "each vendor's latest decided assessment" and "what
    # waits for approval" (or is a draft) without reading a row (migration 0002).
    __table_args__ = (
        Index("ix_assessments_vendor_latest", *_LATEST_ORDER, *_LATEST_READS),
        Index("ix_assessments_queue", "status", "submitted_by", "submitted_at", "reviewer"),
    )
    __mapper_args__ = versioned_by(version)


answer_evidence = Table(
    "answer_evidence",
    Base.metadata,
    Column("answer_id", ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "evidence_id",
        ForeignKey("evidence.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
)

AnswerValue = str | float | list[str] | None
"""What an answer holds: an option value, several option values, a number, or nothing."""


class Answer(Base):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = reference("assessments", ondelete="CASCADE")
    question_id: Mapped[str] = mapped_column(String(100))
    # Python None is stored as JSON null (none_as_null=False), so the column is nullable.
    value: Mapped[AnswerValue] = mapped_column(json_document(), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text)
    carried_over: Mapped[bool] = mapped_column(default=False)
    # "report:<id>" when starting the assessment filled it from that assurance report
    # (migration 0008); NULL when typed or carried over. Kept on confirm, cleared by a new answer.
    source: Mapped[str | None] = mapped_column(String(40))
    # Set when a carried-over answer is confirmed unchanged; cleared by a new answer.
    confirmed_by: Mapped[Actor | None]
    confirmed_at: Mapped[datetime | None]
    answered_by: Mapped[Actor]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(Integer)

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    evidence: Mapped[list[Evidence]] = relationship(secondary=answer_evidence)

    __mapper_args__ = versioned_by(version)


class AssessmentContributor(Base):
    """Who worked on an assessment, and how: ``started`` / ``submitted`` (question_id
    ""), ``answered`` / ``confirmed`` (one row per question). Rows are only added, so a
    later change of an answer never hides who gave it first. Four-eyes reads this table."""

    __tablename__ = "assessment_contributors"

    assessment_id: Mapped[int] = reference("assessments", ondelete="CASCADE", primary_key=True)
    actor: Mapped[str] = mapped_column(String(ACTOR), primary_key=True)
    role: Mapped[str] = mapped_column(EnumString(ContributorRole), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
