"""Assurance reports and what they say: exceptions, subservice organisations, bridge
letters, and the user-entity controls they expect of us (``obligations``)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Index, String, Table, Text
from sqlalchemy.schema import SchemaItem

from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.store.column_types import EnumString, json_document
from vendor_review.store.tables.base import created_at, done, key, metadata, refers, version

assurance_reports = Table(
    "assurance_reports",
    metadata,
    key(),
    refers("vendor_id", "vendors.id", "CASCADE", nullable=False),
    Column("type", EnumString(ReportType), nullable=False),
    Column("standard", String(40)),
    Column("auditor", String(200)),
    Column("accreditation_body", String(200)),
    Column("period_start", Date),
    Column("period_end", Date),
    Column("issued_on", Date),
    Column("expires_on", Date),
    Column("currency_end", Date, index=True),
    Column("opinion", EnumString(Opinion)),
    Column("scope", Text),
    Column("services", Text),
    Column("sites", Text),
    Column("criteria", json_document(), nullable=False, default=list),
    Column("certificate_number", String(100)),
    refers("evidence_id", "evidence.id", "RESTRICT", index=True),
    Column("covers_our_service", Boolean),
    version(),
    created_at(),
    Index("ix_assurance_reports_vendor_id_type", "vendor_id", "type"),
)


def _said_in_report(name: str, *columns: SchemaItem) -> Table:
    """A table of what a report says (one row per exception, subservice, bridge letter,
    user-entity control), deleted with its report."""
    return Table(
        name,
        metadata,
        key(),
        refers("report_id", "assurance_reports.id", "CASCADE", nullable=False, index=True),
        *columns,
    )


report_exceptions = _said_in_report(
    "report_exceptions",
    Column("control", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("response", Text),
    created_at(),
)


report_subservices = _said_in_report(
    "report_subservices",
    Column("name", String(200), nullable=False),
    Column("method", EnumString(SubserviceMethod), nullable=False),
    Column("purpose", Text),
    refers("vendor_id", "vendors.id", "SET NULL", index=True),
    refers("link_id", "vendor_links.id", "SET NULL", index=True),
    Column("created_candidate", Boolean, nullable=False, default=False),
    created_at(),
)


report_bridges = _said_in_report(
    "report_bridges",
    Column("through", Date, nullable=False),
    refers("evidence_id", "evidence.id", "RESTRICT", index=True),
    created_at(),
)


obligations = _said_in_report(
    "obligations",
    Column("control", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("owner", String(200)),
    Column(
        "status",
        EnumString(ObligationStatus),
        nullable=False,
        index=True,
        default=ObligationStatus.OPEN,
    ),
    Column("note", Text),
    refers("evidence_id", "evidence.id", "RESTRICT", index=True),
    *done("updated"),
    version(),
)
