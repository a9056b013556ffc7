"""The append-only, hash-chained audit log (DESIGN §6; written by ``store.audit``).

Each event's SHA-256 is stored as its 32 bytes (read and written as hex); the previous
event's is not copied into it (migration 0009). On SQLite a long ``before``, ``after`` or
``rows`` text is stored zlib-compressed (``PackedText``; issue 14): read back, it is the
text the hash covers."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

from vendor_review.store.column_types import HexDigest, PackedText
from vendor_review.store.tables.base import ACTOR, metadata

audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(32), nullable=False),
    Column("actor", String(ACTOR), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(64), nullable=False),
    Column("entity_id", String(200), nullable=False),
    Column("before", PackedText()),
    Column("after", PackedText()),
    Column("reason", Text),
    Column("rows", PackedText()),
    Column("hash", HexDigest(32), nullable=False),
    Index("ix_audit_events_entity_entity_id", "entity", "entity_id"),
)
