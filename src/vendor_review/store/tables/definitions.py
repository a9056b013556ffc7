"""Questionnaire definitions as assessments saw them, stored once by SHA-256."""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from vendor_review.store.column_types import json_document
from vendor_review.store.tables.base import created_at, metadata

questionnaire_definitions = Table(
    "questionnaire_definitions",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("questionnaire_id", String(100), nullable=False),
    Column("version", Integer, nullable=False),
    Column("definition", json_document(), nullable=False),
    created_at(),
)
