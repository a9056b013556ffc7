"""Reading the audit trail and verifying its hash chain."""

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

    def verify_audit(self) -> dto.VerifyResult:
        with self._read() as s:
            result = audit.verify(s)
            return dto.VerifyResult(
                ok=result.ok,
                checked=result.checked,
                first_bad_seq=result.first_bad_seq,
                problem=result.problem,
            )
