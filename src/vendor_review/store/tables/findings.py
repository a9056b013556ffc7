"""Findings, the assessments that opened or resolved them, and risk acceptances."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, String, Table, Text
from sqlalchemy import text as sql_text

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.domain.risk_acceptance import AcceptanceStatus
from vendor_review.store.column_types import EnumString, UTCDateTime, json_document
from vendor_review.store.tables.base import (
    ACTIVE_FINDING,
    created_at,
    done,
    key,
    metadata,
    refers,
    utcnow,
    version,
)

findings = Table(
    "findings",
    metadata,
    key(),
    refers("assessment_id", "assessments.id", "RESTRICT", index=True),
    refers("report_id", "assurance_reports.id", "SET NULL", index=True),
    refers("vendor_id", "vendors.id", "RESTRICT", nullable=False, index=True),
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
    *done("resolved", pending=True),
    Column("resolution_note", Text),
    refers("resolved_by_assessment_id", "assessments.id", "RESTRICT"),
    Column("accepted_until", Date, index=True),
    version(),
    created_at(),
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
    refers("finding_id", "findings.id", "CASCADE", primary_key=True),
    refers("assessment_id", "assessments.id", "RESTRICT", primary_key=True, index=True),
    Column("role", String(20), primary_key=True),
    Column("at", UTCDateTime(), nullable=False, default=utcnow),
    Column("prior", json_document(none_as_null=True)),
)


risk_acceptances = Table(
    "risk_acceptances",
    metadata,
    key(),
    refers("finding_id", "findings.id", "CASCADE", nullable=False, index=True),
    Column("severity", EnumString(Severity), nullable=False),
    Column("reason", Text, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("status", EnumString(AcceptanceStatus), nullable=False),
    *done("requested"),
    *done("decided", pending=True),
    Column("decision_note", Text),
    version(),
)
