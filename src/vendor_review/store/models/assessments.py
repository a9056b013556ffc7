"""Assessments, their answers (and evidence), and who contributed to them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Mapped, relationship

from vendor_review.store import tables
from vendor_review.store.models.base import (
    Base,
    Created,
    Decided,
    Keyed,
    Triaged,
    Updated,
    Versioned,
)
from vendor_review.store.models.definitions import QuestionnaireDefinition
from vendor_review.store.models.evidence import Evidence

if TYPE_CHECKING:
    from vendor_review.store.models.findings import Finding
    from vendor_review.store.models.vendors import Vendor

answer_evidence = tables.answer_evidence


class Assessment(Keyed, Versioned, Created, Updated, Triaged, Decided, Base):
    __table__ = tables.assessments

    vendor_id: Mapped[int]
    questionnaire_id: Mapped[str]
    questionnaire_version: Mapped[int]
    questionnaire_sha256: Mapped[str]
    """SHA-256 of the questionnaire file's bytes (what a returned workbook is checked by)."""
    definition_sha256: Mapped[str]
    """The snapshot in ``questionnaire_definitions`` (SHA-256 of its canonical JSON)."""
    status: Mapped[str]
    previous_id: Mapped[int | None]
    reviewer: Mapped[str]
    submitted_by: Mapped[str | None]
    submitted_at: Mapped[datetime | None]
    control_score: Mapped[float | None]
    section_scores: Mapped[dict[str, float | None] | None]
    inherent_risk: Mapped[str | None]
    band: Mapped[str | None]
    rating: Mapped[str | None]
    critical_failures: Mapped[list[str] | None]
    next_review_due: Mapped[date | None]

    vendor: Mapped[Vendor] = relationship(back_populates="assessments")
    snapshot: Mapped[QuestionnaireDefinition] = relationship(lazy="select")
    previous: Mapped[Assessment | None] = relationship(remote_side=[__table__.c.id])
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


AnswerValue = str | float | list[str] | None
"""What an answer holds: an option value, several option values, a number, or nothing."""


class Answer(Keyed, Versioned, Base):
    __table__ = tables.answers

    assessment_id: Mapped[int]
    question_id: Mapped[str]
    value: Mapped[AnswerValue]
    """Python None is stored as JSON null (none_as_null=False), so the column is nullable."""
    comment: Mapped[str | None]
    carried_over: Mapped[bool]
    source: Mapped[str | None]
    """"report:<id>" when starting the assessment filled it from that assurance report
    (migration 0008); NULL when typed or carried over. Kept on confirm, cleared by a new
    answer."""
    confirmed_by: Mapped[str | None]
    """Set when a carried-over answer is confirmed unchanged; cleared by a new answer."""
    confirmed_at: Mapped[datetime | None]
    answered_by: Mapped[str]
    answered_at: Mapped[datetime]

    assessment: Mapped[Assessment] = relationship(back_populates="answers")
    evidence: Mapped[list[Evidence]] = relationship(secondary=answer_evidence)


class AssessmentContributor(Base):
    """Who worked on an assessment, and how: one row per actor and role (``started``,
    ``answered``, ``confirmed``, ``submitted``), ``at`` the first time (migration 0011:
    one row per question before). Rows are only added, so a later change of an answer
    never hides who gave it first. Four-eyes reads this table; how many questions someone
    answered or confirmed is read from the answers (``service.contributors``)."""

    __table__ = tables.assessment_contributors

    assessment_id: Mapped[int]
    actor: Mapped[str]
    role: Mapped[str]
    at: Mapped[datetime]
