"""Questionnaire definitions as assessments saw them, stored once by hash."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from vendor_review.store.column_types import json_document
from vendor_review.store.models.base import Base, utcnow


class QuestionnaireDefinition(Base):
    """A questionnaire as an assessment saw it, stored once however many use it.

    Keyed by the SHA-256 of its canonical JSON (``definition_sha256``), so an assessment
    and the audit events that name the hash prove which definition was used (migration
    0005 moved the per-assessment snapshots here)."""

    __tablename__ = "questionnaire_definitions"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int]
    definition: Mapped[dict[str, Any]] = mapped_column(json_document())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
