"""The append-only, hash-chained audit log (DESIGN §6; written by ``store.audit``)."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table, Text

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
    Column("before", Text),
    Column("after", Text),
    Column("reason", Text),
    Column("rows", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
    Index("ix_audit_events_entity_entity_id", "entity", "entity_id"),
)
