"""Evidence: immutable files stored once per content (SHA-256)."""

from __future__ import annotations

from sqlalchemy import Column, Integer, LargeBinary, String, Table

from vendor_review.store.tables.base import done, key, metadata

evidence = Table(
    "evidence",
    metadata,
    key(),
    Column("name", String(255), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("content", LargeBinary, nullable=False),
    Column("media_type", String(255)),
    *done("added"),
)
