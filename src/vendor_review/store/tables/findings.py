"""Findings, the assessments that opened or resolved them, and risk acceptances."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy import text as sql_text

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.domain.risk_acceptance import AcceptanceStatus
from vendor_review.store.column_types import EnumString, UTCDateTime, json_document
from vendor_review.store.tables.base import ACTIVE_FINDING, ACTOR, metadata, utcnow

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("assessment_id", Integer, ForeignKey("assessments.id", ondelete="RESTRICT"), index=True),
    Column(
        "report_id", Integer, ForeignKey("assurance_reports.id", ondelete="SET NULL"), index=True
    ),
    Column(
        "vendor_id",
        Integer,
        ForeignKey("vendors.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    ),
    Column("question_id", String(100)),
    Column("cause", String(200)),
    Column("severity", EnumString(Severity), nullable=False),
    Column("text", Text, nullable=False),
    Column("remediation", Text),
    Column("owner", String(200)),
    Column("due_on", Date, index=True),
    Column(
        "status", EnumString(FindingStatus), nullable=False, index=True, default=FindingStatus.OPEN
    ),
    Column("resolved_by", String(ACTOR)),
    Column("resolved_at", UTCDateTime()),
    Column("resolution_note", Text),
    Column("resolved_by_assessment_id", Integer, ForeignKey("assessments.id", ondelete="RESTRICT")),
    Column("accepted_until", Date, index=True),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
    Index("ix_findings_vendor_status", "vendor_id", "status"),
    Index(
        "uq_findings_active_cause",
        "vendor_id",
        "cause",
        unique=True,
        sqlite_where=sql_text(ACTIVE_FINDING),
    ),
)


finding_assessments = Table(
    "finding_assessments",
    metadata,
    Column("finding_id", Integer, ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessments.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
    Column("role", String(20), primary_key=True),
    Column("at", UTCDateTime(), nullable=False, default=utcnow),
    Column("prior", json_document(none_as_null=True)),
)


risk_acceptances = Table(
    "risk_acceptances",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "finding_id",
        Integer,
        ForeignKey("findings.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("severity", EnumString(Severity), nullable=False),
    Column("reason", Text, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("status", EnumString(AcceptanceStatus), nullable=False),
    Column("requested_by", String(ACTOR), nullable=False),
    Column("requested_at", UTCDateTime(), nullable=False, default=utcnow),
    Column("decided_by", String(ACTOR)),
    Column("decided_at", UTCDateTime()),
    Column("decision_note", Text),
    Column("version", Integer, nullable=False),
)
