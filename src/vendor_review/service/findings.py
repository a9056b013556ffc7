"""Findings: tracked to closure — remediated, resolved by a later assessment, or the risk
accepted until a date (by a second person for high and critical findings)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.domain.risk_acceptance import (
    AcceptanceStatus,
    acceptance_expiry,
    needs_second_person,
)
from vendor_review.service import dto
from vendor_review.service import finding_sync as sync
from vendor_review.service.assessments import AssessmentOps
from vendor_review.service.base import row_dict, why_given
from vendor_review.service.errors import (
    FourEyesError,
    NotFoundError,
    StateError,
    ValidationError,
)
from vendor_review.service.finding_list import FindingListOps, finding_with_state
from vendor_review.store.models import Finding, RiskAcceptance


def finding_out(f: Finding, today: date, pending: RiskAcceptance | None = None) -> dto.Finding:
    """The finding as plain data, its state worded for a person."""
    waiting = (pending.requested_by, pending.expires_on) if pending else None
    return finding_with_state(f, today, waiting)


class FindingOps(AssessmentOps, FindingListOps):
    def get_finding(self, finding_id: int) -> dto.Finding:
        with self._read() as s:
            f = self._finding(s, finding_id)
            return finding_out(f, self.today(), self._pending(s, [f.id]).get(f.id))

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
        """A finding a reviewer raises by hand (any severity, ``low`` included). Naming a
        question gives it that question's cause: refused while one is open for it."""
        if not text.strip():
            raise ValidationError("a finding needs a text")
        with self._write() as s:
            a = self._assessment(s, assessment_id)
            cause = sync.question_cause(a.questionnaire_id, question_id) if question_id else None
            taken = sync.active_finding(s, a.vendor_id, cause) if cause is not None else None
            if taken is not None:
                raise StateError(
                    f"finding #{taken.id} of {a.vendor.name!r} is already open for "
                    f"{question_id}; update or close that one"
                )
            finding = Finding(
                assessment_id=a.id,
                vendor_id=a.vendor_id,
                question_id=question_id,
                cause=cause,
                severity=severity.value,
                text=text.strip(),
                remediation=remediation,
                owner=owner,
                due_on=due_on or self.policy.finding_due(self.today(), severity),
                status=FindingStatus.OPEN.value,
                created_at=self.now(),
            )
            sync.opened(self, s, finding, "finding.add", link="added")
            return finding_out(finding, self.today())

    def remediate_finding(self, finding_id: int, note: str) -> dto.Finding:
        note = why_given(note, "a finding is remediated only with a note saying why")
        with self._write() as s:
            finding = self._open_finding(s, finding_id)
            before = row_dict(finding)
            finding.status = FindingStatus.REMEDIATED.value
            finding.resolved_by = self.actor
            finding.resolved_at = self.now()
            finding.resolution_note = note.strip()
            self._end_pending(s, finding, AcceptanceStatus.WITHDRAWN, "remediated")
            s.flush()
            self._audit(
                s,
                "finding.remediated",
                "finding",
                finding.id,
                before,
                row_dict(finding),
                note.strip(),
            )
            return finding_out(finding, self.today())

    def accept_finding(
        self, finding_id: int, note: str, *, expires_on: date | None = None
    ) -> dto.Finding:
        """Accept a finding's risk until ``expires_on`` (default: the policy's months).
        Low and medium: done at once. High and critical: a request that a second person
        approves (``approve_acceptance``); the finding stays open meanwhile."""
        note = why_given(note, "a finding is risk-accepted only with a note saying why")
        with self._write() as s:
            finding = self._open_finding(s, finding_id)
            waiting = self._pending(s, [finding.id]).get(finding.id)
            if waiting is not None:
                who = "you" if waiting.requested_by == self.actor else waiting.requested_by
                raise StateError(
                    f"finding #{finding.id} already has a risk acceptance requested by {who} "
                    f"on {waiting.requested_at:%Y-%m-%d}; a second person approves it "
                    f"(finding approve-acceptance {finding.id}) or refuses it"
                )
            try:
                until = acceptance_expiry(
                    self.today(), expires_on, self.policy.risk_acceptance_months
                )
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
            request = RiskAcceptance(
                finding_id=finding.id,
                severity=finding.severity,
                reason=note.strip(),
                expires_on=until,
                status=AcceptanceStatus.REQUESTED.value,
                requested_by=self.actor,
                requested_at=self.now(),
            )
            s.add(request)
            s.flush()
            if needs_second_person(Severity(finding.severity)):
                self._audit(
                    s,
                    "finding.acceptance_request",
                    "finding",
                    finding.id,
                    None,
                    row_dict(request),
                    note.strip(),
                )
                return finding_out(finding, self.today(), request)
            self._grant(s, finding, request, None)
            return finding_out(finding, self.today())

    def approve_acceptance(self, finding_id: int, note: str | None = None) -> dto.Finding:
        """A second person approves the pending risk acceptance of a finding."""
        with self._write() as s:
            finding = self._open_finding(s, finding_id)
            request = self._pending(s, [finding.id]).get(finding.id)
            if request is None:
                raise StateError(f"no risk acceptance of finding #{finding.id} awaits approval")
            if request.requested_by == self.actor:
                raise FourEyesError(
                    f"{self.actor} requested the risk acceptance of finding #{finding.id}, so "
                    f"{self.actor} cannot approve it: a second person must (four-eyes)"
                )
            self._grant(s, finding, request, note)
            return finding_out(finding, self.today())

    def refuse_acceptance(self, finding_id: int, note: str) -> dto.Finding:
        """Refuse the pending risk acceptance of a finding; it stays open."""
        note = why_given(note, "refusing a risk acceptance needs a note saying why")
        with self._write() as s:
            finding = self._open_finding(s, finding_id)
            if self._pending(s, [finding.id]).get(finding.id) is None:
                raise StateError(f"no risk acceptance of finding #{finding.id} awaits approval")
            self._end_pending(s, finding, AcceptanceStatus.REFUSED, note.strip())
            return finding_out(finding, self.today())

    # --- helpers ------------------------------------------------------------------------

    def _grant(
        self, s: Session, finding: Finding, request: RiskAcceptance, note: str | None
    ) -> None:
        before_request = row_dict(request)
        request.status = AcceptanceStatus.APPROVED.value
        request.decided_by = self.actor
        request.decided_at = self.now()
        request.decision_note = note.strip() if note and note.strip() else None
        before = row_dict(finding)
        finding.status = FindingStatus.RISK_ACCEPTED.value
        finding.accepted_until = request.expires_on
        finding.resolved_by = self.actor
        finding.resolved_at = self.now()
        finding.resolution_note = request.reason
        s.flush()
        if request.requested_by != self.actor:
            self._audit(
                s,
                "finding.acceptance_approve",
                "finding",
                finding.id,
                before_request,
                row_dict(request),
                request.decision_note,
            )
        self._audit(
            s,
            "finding.risk_accepted",
            "finding",
            finding.id,
            before,
            row_dict(finding),
            f"{request.reason} (until {request.expires_on.isoformat()}, requested by "
            f"{request.requested_by}, approved by {self.actor})",
        )

    def _end_pending(
        self, s: Session, finding: Finding, status: AcceptanceStatus, note: str
    ) -> None:
        request = self._pending(s, [finding.id]).get(finding.id)
        if request is None:
            return
        before = row_dict(request)
        request.status = status.value
        request.decided_by = self.actor
        request.decided_at = self.now()
        request.decision_note = note
        s.flush()
        self._audit(
            s,
            f"finding.acceptance_{status.value}",
            "finding",
            finding.id,
            before,
            row_dict(request),
            note,
        )

    def _finding(self, s: Session, finding_id: int) -> Finding:
        finding = s.get(Finding, finding_id)
        if finding is None:
            raise NotFoundError(f"no finding #{finding_id}")
        return finding

    def _open_finding(self, s: Session, finding_id: int) -> Finding:
        """The finding, if it is open (or its risk acceptance has expired)."""
        finding = self._finding(s, finding_id)
        if finding.status == FindingStatus.OPEN.value:
            return finding
        until = finding.accepted_until
        if finding.status == FindingStatus.RISK_ACCEPTED.value and until and until < self.today():
            return finding
        if finding.status == FindingStatus.RISK_ACCEPTED.value:
            how = f"risk-accepted until {until.isoformat()}" if until else "risk-accepted"
        elif finding.resolved_by_assessment_id is not None:
            how = f"resolved by assessment #{finding.resolved_by_assessment_id}"
        else:
            how = finding.status
        raise StateError(f"finding #{finding_id} is already {how} (by {finding.resolved_by})")

    @staticmethod
    def _pending(s: Session, finding_ids: list[int]) -> dict[int, RiskAcceptance]:
        if not finding_ids:
            return {}
        rows = s.scalars(
            select(RiskAcceptance).where(
                RiskAcceptance.finding_id.in_(finding_ids),
                RiskAcceptance.status == AcceptanceStatus.REQUESTED.value,
            )
        )
        return {r.finding_id: r for r in rows}


__all__ = ["FindingOps", "finding_out"]
