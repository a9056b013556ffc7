"""Questionnaire definitions as assessments saw them, stored once by hash."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Mapped

from vendor_review.store import tables
from vendor_review.store.models.base import Base, Created


class QuestionnaireDefinition(Created, Base):
    """A questionnaire as an assessment saw it, stored once however many use it.

    Keyed by the SHA-256 of its canonical JSON (``definition_sha256``), so an assessment
    and the audit events that name the hash prove which definition was used (migration
    0005 moved the per-assessment snapshots here)."""

    __table__ = tables.questionnaire_definitions

    sha256: Mapped[str]
    questionnaire_id: Mapped[str]
    version: Mapped[int]
    definition: Mapped[dict[str, Any]]
