"""Evidence: immutable files stored once per content (SHA-256)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, deferred

from vendor_review.store import tables
from vendor_review.store.models.base import Base, Keyed


class Evidence(Keyed, Base):
    """An immutable file; ``content`` is deferred so listings never load the bytes."""

    __table__ = tables.evidence

    name: Mapped[str]
    size: Mapped[int]
    sha256: Mapped[str]
    content: Mapped[bytes] = deferred(__table__.c.content)
    media_type: Mapped[str | None]
    added_by: Mapped[str]
    added_at: Mapped[datetime]
