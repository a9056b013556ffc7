"""The audit trail's events as the service returns them."""

from __future__ import annotations

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
