"""Our obligations (issue 12): the complementary user-entity controls (CUECs) that the
vendors' reports expect us to run, with an owner on our side and whether each is in
place. Naming an owner, or marking one in place or not applicable, closes the finding
the report's review opened for it."""

from __future__ import annotations

from pathlib import Path

from vendor_review.domain.assurance import ObligationStatus
from vendor_review.service import dto
from vendor_review.service import finding_sync as sync
from vendor_review.service.base import row_dict
from vendor_review.service.errors import NotFoundError
from vendor_review.service.evidence import EvidenceOps
from vendor_review.service.obligation_list import ObligationListOps
from vendor_review.service.report_input import clean
from vendor_review.service.report_register import obligation_out, report_row
from vendor_review.store.models import Obligation


class ObligationOps(EvidenceOps, ObligationListOps):
    def set_obligation(
        self,
        obligation_id: int,
        *,
        status: ObligationStatus,
        owner: str | None = None,
        note: str | None = None,
        evidence_path: Path | None = None,
        evidence: tuple[bytes, str] | None = None,
    ) -> dto.Obligation:
        """Set an obligation's status (and owner, note, evidence); audited. Once it has an
        owner or is no longer open, the finding of its missing owner is closed."""
        status = ObligationStatus(status)
        owner = clean(owner, "owner", 200)
        note = clean(note, "note", 20_000, multiline=True)
        evidence = self._given_evidence(evidence_path, evidence)
        with self._write() as s:
            row = s.get(Obligation, obligation_id)
            if row is None:
                raise NotFoundError(f"no obligation #{obligation_id}")
            report = report_row(s, row.report_id)
            before = row_dict(row)
            stored = self._evidence_from(s, evidence)
            row.status = status.value
            if owner is not None:
                row.owner = owner
            if note is not None:
                row.note = note
            if stored is not None:
                row.evidence_id = stored.id
            row.updated_by = self.actor
            row.updated_at = self.now()
            s.flush()
            self._audit(s, "obligation.set", "obligation", row.id, before, row_dict(row))
            if row.owner or status is not ObligationStatus.OPEN:
                cause = sync.report_cause(report.id, f"report:cuec:{row.control}")
                found = sync.active_finding(s, report.vendor_id, cause)
                if found is not None:
                    sync.close_gone(
                        self, s, found,
                        f"obligation #{row.id} ({row.control}) "
                        + (f"owned by {row.owner}" if row.owner else status.value),
                    )  # fmt: skip
            return obligation_out(s, row.id)
