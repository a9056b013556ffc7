"""The audit trail's events and the result of verifying its chain."""

from __future__ import annotations

from pydantic import Field

from vendor_review.service.dto.base import Out


class AuditEvent(Out):
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


class VerifyResult(Out):
    ok: bool
    checked: int
    first_bad_seq: int | None
    problem: str | None
    head_seq: int | None = None
    head_hash: str | None = None
    problems: list[str] = Field(default_factory=list)
    rows_checked: int = 0
