"""Assessments, their answers (and the evidence of each), and who contributed to them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
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

from vendor_review.domain.enums import (
    AssessmentStatus,
    Band,
    InherentRisk,
    Rating,
)
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.store.column_types import EnumString, UTCDateTime, json_document
from vendor_review.store.tables.base import (
    ACTOR,
    created_at,
    done,
    key,
    metadata,
    refers,
    triage,
    updated_at,
    utcnow,
    version,
)

assessments = Table(
    "assessments",
    metadata,
    key(),
    refers("vendor_id", "vendors.id", "RESTRICT", nullable=False, index=True),
    Column("questionnaire_id", String(100), nullable=False),
    Column("questionnaire_version", Integer, nullable=False),
    Column("questionnaire_sha256", String(64), nullable=False),
    Column(
        "definition_sha256",
        String(64),
        ForeignKey("questionnaire_definitions.sha256", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column(
        "status",
        EnumString(AssessmentStatus),
        nullable=False,
        index=True,
        default=AssessmentStatus.DRAFT,
    ),
    refers("previous_id", "assessments.id", "RESTRICT", index=True),
    Column("reviewer", String(ACTOR), nullable=False),
    *done("submitted", pending=True),
    *done("decided", pending=True),
    Column("decision_note", Text),
    *triage(),
    Column("control_score", Float),
    Column("section_scores", json_document(none_as_null=True)),
    Column("inherent_risk", EnumString(InherentRisk)),
    Column("band", EnumString(Band)),
    Column("rating", EnumString(Rating)),
    Column("critical_failures", json_document(none_as_null=True)),
    Column("next_review_due", Date, index=True),
    version(),
    created_at(),
    updated_at(),
    Index("ix_assessments_queue", "status", "submitted_by", "submitted_at", "reviewer"),
    Index(
        "ix_assessments_vendor_latest",
        "vendor_id",
        "decided_at",
        "id",
        "status",
        "rating",
        "control_score",
        "next_review_due",
    ),
)


answer_evidence = Table(
    "answer_evidence",
    metadata,
    refers("answer_id", "answers.id", "CASCADE", primary_key=True),
    refers("evidence_id", "evidence.id", "RESTRICT", primary_key=True, index=True),
)


answers = Table(
    "answers",
    metadata,
    key(),
    refers("assessment_id", "assessments.id", "CASCADE", nullable=False),
    Column("question_id", String(100), nullable=False),
    Column("value", json_document()),
    Column("comment", Text),
    Column("carried_over", Boolean, nullable=False, default=False),
    Column("source", String(40)),
    *done("confirmed", pending=True),
    *done("answered"),
    version(),
    UniqueConstraint("assessment_id", "question_id"),
)


assessment_contributors = Table(
    "assessment_contributors",
    metadata,
    refers("assessment_id", "assessments.id", "CASCADE", primary_key=True),
    Column("actor", String(ACTOR), primary_key=True),
    Column("role", EnumString(ContributorRole), primary_key=True),
    Column("at", UTCDateTime(), nullable=False, default=utcnow),
)
