"""Reading the audit trail, verifying it (chain, anchors, triggers, rows) and its head."""

from __future__ import annotations

from vendor_review.service import dto
from vendor_review.service.base import ServiceBase
from vendor_review.store import audit


class AuditOps(ServiceBase):
    def audit_log(
        self, *, entity: str | None = None, entity_id: str | None = None, limit: int = 200
    ) -> list[dto.AuditEvent]:
        with self._read() as s:
            events = audit.events(s, entity=entity, entity_id=entity_id, limit=limit)
            return [dto.AuditEvent.model_validate(e) for e in events]

    def verify_audit(self, expect: list[audit.Anchor] | None = None) -> dto.VerifyResult:
        """The whole check: every chain link, ``expect`` anchors, triggers, row state."""
        with self._read() as s:
            result = audit.verify(s, expect or ())
            return dto.VerifyResult(
                ok=result.ok,
                checked=result.checked,
                first_bad_seq=result.first_bad_seq,
                problem=result.problem,
                head_seq=result.head_seq,
                head_hash=result.last_hash,
                problems=list(result.problems),
                rows_checked=result.rows_checked,
            )

    def audit_head(self) -> audit.Anchor | None:
        """The newest event (``seq`` and hash): what a checkpoint or a backup records."""
        with self._read() as s:
            return audit.head(s)
