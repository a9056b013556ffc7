"""Findings: tracked to closure — remediated, or the risk accepted with a reason."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.service import dto
from vendor_review.service.assessments import AssessmentOps
from vendor_review.service.base import row_dict
from vendor_review.service.errors import NotFoundError, StateError, ValidationError
from vendor_review.store.models import Finding, Vendor


class FindingOps(AssessmentOps):
    def list_findings(
        self,
        *,
        status: FindingStatus | None = None,
        severity: Severity | None = None,
        vendor: str | int | None = None,
    ) -> list[dto.Finding]:
        with self._read() as s:
            query = (
                select(Finding, Vendor.name)
                .join(Vendor, Vendor.id == Finding.vendor_id)
                .order_by(Finding.due_on.asc().nulls_last(), Finding.id)
            )
            if status is not None:
                query = query.where(Finding.status == status.value)
            if severity is not None:
                query = query.where(Finding.severity == severity.value)
            if vendor is not None:
                query = query.where(Finding.vendor_id == self._vendor(s, vendor).id)
            return [
                dto.Finding.model_validate(f).model_copy(update={"vendor_name": name})
                for f, name in s.execute(query)
            ]

    def add_finding(
        self,
        assessment_id: int,
        text: str,
        *,
        severity: Severity = Severity.LOW,
        question_id: str | None = None,
        remediation: str | None = None,
        owner: str | None = None,
        due_on: date | None = None,
    ) -> dto.Finding:
        """A finding a reviewer raises by hand (any severity, ``low`` included)."""
        if not text.strip():
            raise ValidationError("a finding needs a text")
        with self._write() as s:
            a = self._assessment(s, assessment_id)
            now = self.now()
            finding = Finding(
                assessment_id=a.id,
                vendor_id=a.vendor_id,
                question_id=question_id,
                severity=severity.value,
                text=text.strip(),
                remediation=remediation,
                owner=owner,
                due_on=due_on or self.policy.finding_due(self.today(), severity),
                status=FindingStatus.OPEN.value,
                created_at=now,
            )
            s.add(finding)
            s.flush()
            self._audit(s, "finding.add", "finding", finding.id, None, row_dict(finding))
            return dto.Finding.model_validate(finding)

    def remediate_finding(self, finding_id: int, note: str) -> dto.Finding:
        return self._close(finding_id, FindingStatus.REMEDIATED, note)

    def accept_finding(self, finding_id: int, note: str) -> dto.Finding:
        return self._close(finding_id, FindingStatus.RISK_ACCEPTED, note)

    def _close(self, finding_id: int, status: FindingStatus, note: str) -> dto.Finding:
        verb = "remediated" if status is FindingStatus.REMEDIATED else "risk-accepted"
        if not note or not note.strip():
            raise ValidationError(f"a finding is {verb} only with a note saying why")
        with self._write() as s:
            finding = s.get(Finding, finding_id)
            if finding is None:
                raise NotFoundError(f"no finding #{finding_id}")
            if finding.status != FindingStatus.OPEN.value:
                raise StateError(
                    f"finding #{finding_id} is already {finding.status} (by {finding.resolved_by})"
                )
            before = row_dict(finding)
            finding.status = status.value
            finding.resolved_by = self.actor
            finding.resolved_at = self.now()
            finding.resolution_note = note.strip()
            s.flush()
            self._audit(
                s,
                f"finding.{status.value}",
                "finding",
                finding.id,
                before,
                row_dict(finding),
                note.strip(),
            )
            return dto.Finding.model_validate(finding)
