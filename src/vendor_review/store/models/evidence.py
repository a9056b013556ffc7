"""Evidence: immutable files stored once per content (SHA-256)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from vendor_review.store.models.base import Actor, Base, utcnow


class Evidence(Base):
    """An immutable file; ``content`` is deferred so listings never load the bytes."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    media_type: Mapped[str | None] = mapped_column(String(255))
    added_by: Mapped[Actor]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
