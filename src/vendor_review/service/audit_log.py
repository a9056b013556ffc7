"""Reading the audit trail, verifying it (chain, anchors, triggers, rows) and its head."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendor_review.service.base import ServiceBase
from vendor_review.store import audit, audit_verify

if TYPE_CHECKING:
    from vendor_review.service import dto


class AuditOps(ServiceBase):
    def audit_log(
        self, *, entity: str | None = None, entity_id: str | None = None, limit: int = 200
    ) -> list[dto.AuditEvent]:
        from vendor_review.service.dto.audit import AuditEvent  # not every model (issue 14)

        with self._connect() as connection:
            events = audit.events(connection, entity=entity, entity_id=entity_id, limit=limit)
            return [AuditEvent.of(e) for e in events]

    def verify_audit(self, expect: list[audit.Anchor] | None = None) -> audit_verify.VerifyResult:
        """The whole check: every chain link, ``expect`` anchors, triggers, row state."""
        with self._connect() as connection:
            return audit_verify.verify(connection, expect or ())

    def audit_head(self) -> audit.Anchor | None:
        """The newest event (``seq`` and hash): what a checkpoint or a backup records."""
        with self._connect() as connection:
            return audit.head(connection)
