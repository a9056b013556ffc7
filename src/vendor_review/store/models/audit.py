"""The append-only, hash-chained audit log (DESIGN §6)."""

from __future__ import annotations

from sqlalchemy import Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vendor_review.store.models.base import ACTOR, Base


class AuditEvent(Base):
    """One link of the append-only, hash-chained audit log (written by ``store.audit``).

    ``at`` is an ISO-8601 UTC string and ``before``/``after`` canonical JSON text, so the
    hash is computed over exactly the stored bytes on every backend. The hash is stored
    as its 32 bytes (``hash_bytes``; ``hash`` reads it in hex) and chains to the previous
    event's (migration 0009: no copy of it, no unique index).
    """

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_entity_entity_id", "entity", "entity_id"),)

    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(ACTOR))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(200))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    rows: Mapped[str | None] = mapped_column(Text)
    """SQLite: the row snapshots of the event's transaction (``store.protect``)."""
    hash_bytes: Mapped[bytes] = mapped_column("hash", LargeBinary(32))

    @property
    def hash(self) -> str:
        """The event's SHA-256 in hex, as anchors, checkpoints and the screens show it."""
        return self.hash_bytes.hex()
