"""Assurance reports and what they say: exceptions, subservice organisations, bridge
letters, and the user-entity controls they expect of us (``obligations``)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.store.column_types import EnumString, UTCDateTime, json_document
from vendor_review.store.tables.base import ACTOR, metadata, utcnow

assurance_reports = Table(
    "assurance_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="CASCADE"), nullable=False),
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
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="RESTRICT"), index=True),
    Column("covers_our_service", Boolean),
    Column("version", Integer, nullable=False),
    Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
    Index("ix_assurance_reports_vendor_id_type", "vendor_id", "type"),
)


report_exceptions = Table(
    "report_exceptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "report_id",
        Integer,
        ForeignKey("assurance_reports.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("control", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("response", Text),
    Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
)


report_subservices = Table(
    "report_subservices",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "report_id",
        Integer,
        ForeignKey("assurance_reports.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("name", String(200), nullable=False),
    Column("method", EnumString(SubserviceMethod), nullable=False),
    Column("purpose", Text),
    Column("vendor_id", Integer, ForeignKey("vendors.id", ondelete="SET NULL"), index=True),
    Column("link_id", Integer, ForeignKey("vendor_links.id", ondelete="SET NULL"), index=True),
    Column("created_candidate", Boolean, nullable=False, default=False),
    Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
)


report_bridges = Table(
    "report_bridges",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "report_id",
        Integer,
        ForeignKey("assurance_reports.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("through", Date, nullable=False),
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="RESTRICT"), index=True),
    Column("created_at", UTCDateTime(), nullable=False, default=utcnow),
)


obligations = Table(
    "obligations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "report_id",
        Integer,
        ForeignKey("assurance_reports.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
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
    Column("evidence_id", Integer, ForeignKey("evidence.id", ondelete="RESTRICT"), index=True),
    Column("updated_by", String(ACTOR), nullable=False),
    Column("updated_at", UTCDateTime(), nullable=False, default=utcnow),
    Column("version", Integer, nullable=False),
)
