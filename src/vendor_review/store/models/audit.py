"""The append-only, hash-chained audit log (DESIGN §6)."""

from __future__ import annotations

from sqlalchemy.orm import Mapped

from vendor_review.store import tables
from vendor_review.store.models.base import Base


class AuditEvent(Base):
    """One link of the append-only, hash-chained audit log (written by ``store.audit``).

    ``at`` is an ISO-8601 UTC string and ``before``/``after`` canonical JSON text, so the
    hash is computed over exactly the stored bytes on every backend. ``hash`` reads and
    writes hex; the table keeps its 32 bytes and no copy of the previous event's
    (migration 0009).
    """

    __table__ = tables.audit_events

    seq: Mapped[int]
    at: Mapped[str]
    actor: Mapped[str]
    action: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[str]
    before: Mapped[str | None]
    after: Mapped[str | None]
    reason: Mapped[str | None]
    rows: Mapped[str | None]
    """SQLite: the row snapshots of the event's transaction (``store.protect``)."""
    hash: Mapped[str]
