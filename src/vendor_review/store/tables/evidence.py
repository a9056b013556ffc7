"""Evidence: immutable files stored once per content (SHA-256)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table

from vendor_review.store.column_types import UTCDateTime
from vendor_review.store.tables.base import ACTOR, key, metadata, utcnow

evidence = Table(
    "evidence",
    metadata,
    key(),
    Column("name", String(255), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("content", LargeBinary, nullable=False),
    Column("media_type", String(255)),
    Column("added_by", String(ACTOR), nullable=False),
    Column("added_at", UTCDateTime(), nullable=False, default=utcnow),
)
