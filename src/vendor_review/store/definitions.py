"""Questionnaire definitions stored once, keyed by the SHA-256 of their canonical JSON.

``store_definition(session, ...)`` returns the key an assessment (and its audit events)
refers to, adding the row the first time that definition is seen. The hash is the same
as ``Questionnaire.fingerprint()``: SHA-256 of ``json.dumps(definition, sort_keys=True,
separators=(",", ":"))``; migration 0005 computes it the same way.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vendor_review.store.models import QuestionnaireDefinition


def definition_sha256(definition: dict[str, Any]) -> str:
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def store_definition(
    session: Session,
    *,
    questionnaire_id: str,
    version: int,
    definition: dict[str, Any],
    at: datetime | None = None,
) -> str:
    """The definition's key; the row is inserted unless it exists (concurrent starts of
    the same questionnaire both succeed: the second insert is skipped on conflict).
    ``at``: when it was first stored (the service's clock, so a fixed clock gives the same
    row, and the same audit chain, every time); default now."""
    sha = definition_sha256(definition)
    if session.get(QuestionnaireDefinition, sha) is not None:
        return sha
    row = dict(
        sha256=sha, questionnaire_id=questionnaire_id, version=version, definition=definition
    )
    if at is not None:
        row["created_at"] = at
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(QuestionnaireDefinition).values(row).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(QuestionnaireDefinition).values(row).on_conflict_do_nothing())
    return sha
