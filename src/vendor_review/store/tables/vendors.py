"""The inventory: vendors, the links vendor → subprocessor, and the events that make a
re-review due."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from vendor_review.domain.cadence import VendorEventKind
from vendor_review.domain.enums import VendorKind, VendorStatus
from vendor_review.store.column_types import EnumString, json_document
from vendor_review.store.tables.base import (
    created_at,
    done,
    key,
    metadata,
    name_key_default,
    refers,
    triage,
    updated_at,
    version,
)


def _regions() -> tuple[Column[list[str]], Column[list[str]]]:
    """``regions`` as a list wrote them and ``region_codes`` they resolve to."""
    return (
        Column("regions", json_document(), nullable=False, default=list),
        Column("region_codes", json_document(), nullable=False, default=list),
    )


vendors = Table(
    "vendors",
    metadata,
    key(),
    Column("name", String(200), nullable=False, unique=True),
    Column("legal_entity", String(200)),
    Column("kind", EnumString(VendorKind), nullable=False),
    Column("purpose", Text),
    Column("name_key", String(200), nullable=False, index=True, default=name_key_default),
    *_regions(),
    Column("scopes", json_document(), nullable=False, default=list),
    *triage(),
    Column("dpa_signed_on", Date),
    Column("website", String(500)),
    Column("contact", String(500)),
    Column("owner", String(200)),
    Column("notes", Text),
    Column(
        "status",
        EnumString(VendorStatus),
        nullable=False,
        index=True,
        default=VendorStatus.CANDIDATE,
    ),
    Column("offboarded", Boolean, nullable=False, default=False),
    version(),
    created_at(),
    updated_at(),
)


vendor_links = Table(
    "vendor_links",
    metadata,
    key(),
    refers("parent_id", "vendors.id", "RESTRICT", nullable=False),
    refers("child_id", "vendors.id", "RESTRICT", nullable=False, index=True),
    Column("purpose", Text),
    *_regions(),
    Column("source", String(500), nullable=False),
    Column("source_sha256", String(64)),
    Column("first_seen", Date, nullable=False),
    Column("last_seen", Date, nullable=False),
    Column("ended_on", Date),
    version(),
    UniqueConstraint("parent_id", "child_id"),
)


vendor_events = Table(
    "vendor_events",
    metadata,
    key(),
    refers("vendor_id", "vendors.id", "CASCADE", nullable=False),
    Column("kind", EnumString(VendorEventKind, 30), nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("note", Text),
    refers("related_vendor_id", "vendors.id", "SET NULL"),
    *done("recorded"),
    Column("recorded_on", Date, nullable=False, index=True),
    Index("ix_vendor_events_vendor_id_recorded_on", "vendor_id", "recorded_on"),
)
