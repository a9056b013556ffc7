"""The audit trail's events as the service returns them.

A plain frozen dataclass, not a pydantic model like the other ``dto`` classes: it is
read from the database and never validated as input, and ``audit log`` then starts
without pydantic (issue 14)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class AuditEvent:
    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    before: str | None
    after: str | None
    reason: str | None
    hash: str

    @classmethod
    def of(cls, row: Any) -> AuditEvent:
        """The event of a row of ``audit_events`` (a Core row or the ORM's object)."""
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})
