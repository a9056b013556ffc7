"""The four-eyes workflow: submit, then a second person approves, rejects or returns."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.enums import (
    AssessmentStatus,
    Criticality,
    DataAccess,
    EvidenceRule,
    FindingStatus,
    Rating,
)
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import QuestionScore, findings_on_submit, rate, score
from vendor_review.service import dto
from vendor_review.service.assessments import AssessmentOps, answers_of
from vendor_review.service.base import row_dict
from vendor_review.service.errors import (
    FourEyesError,
    StateError,
    SubmitBlockedError,
    ValidationError,
)
from vendor_review.service.vendors import VendorOps
from vendor_review.store.models import Assessment, Finding


class WorkflowOps(AssessmentOps, VendorOps):
    def submit(self, assessment_id: int) -> dto.Assessment:
        """Score, rate and open findings; refuses while anything required is missing."""
        with self._write() as s:
            a = self._editable(s, assessment_id)
            q = Questionnaire.from_definition(a.definition)
            answers = answers_of(a)
            result = score(q, answers, self.policy)
            missing = list(result.missing_required)
            no_evidence = _evidence_missing(q, a, result.questions)
            if missing or no_evidence:
                parts = []
                if missing:
                    parts.append(
                        f"{len(missing)} required question(s) unanswered: " + ", ".join(missing)
                    )
                if no_evidence:
                    parts.append("evidence required for: " + ", ".join(no_evidence))
                raise SubmitBlockedError(
                    f"assessment #{a.id} cannot be submitted: " + "; ".join(parts),
                    missing,
                    no_evidence,
                )
            before = row_dict(a)
            vendor = a.vendor
            rated = rate(
                result, DataAccess(vendor.data_access), Criticality(vendor.criticality), self.policy
            )
            now = self.now()
            a.status = AssessmentStatus.SUBMITTED.value
            a.submitted_by = self.actor
            a.submitted_at = now
            a.data_access = vendor.data_access
            a.criticality = vendor.criticality
            a.control_score = result.control_score
            a.section_scores = result.sections
            a.inherent_risk = rated.inherent.value
            a.band = rated.band.value
            a.rating = rated.rating.value
            a.critical_failures = list(result.critical_failures)
            a.updated_at = now
            s.flush()
            self._audit(s, "assessment.submit", "assessment", a.id, before, row_dict(a))
            for draft in findings_on_submit(q, result, answers, self.policy, self.today()):
                finding = Finding(
                    assessment_id=a.id,
                    vendor_id=vendor.id,
                    question_id=draft.question_id,
                    severity=draft.severity.value,
                    text=draft.text,
                    due_on=draft.due_on,
                    status=FindingStatus.OPEN.value,
                    created_at=now,
                )
                s.add(finding)
                s.flush()
                self._audit(
                    s,
                    "finding.open",
                    "finding",
                    finding.id,
                    None,
                    row_dict(finding),
                    f"submit of assessment #{a.id}",
                )
            return self._assessment_out(a)

    def approve(self, assessment_id: int, note: str | None = None) -> dto.Assessment:
        return self._decide(assessment_id, AssessmentStatus.APPROVED, note)

    def reject(self, assessment_id: int, note: str) -> dto.Assessment:
        return self._decide(assessment_id, AssessmentStatus.REJECTED, note)

    def return_to_draft(self, assessment_id: int, note: str) -> dto.Assessment:
        """Send a submitted assessment back to its reviewer; its findings are withdrawn."""
        if not note or not note.strip():
            raise ValidationError("returning an assessment needs a note saying why")
        with self._write() as s:
            a = self._submitted(s, assessment_id)
            before = row_dict(a)
            self._withdraw_findings(s, a)
            a.status = AssessmentStatus.DRAFT.value
            a.decision_note = note.strip()
            for field in (
                "submitted_by",
                "submitted_at",
                "control_score",
                "section_scores",
                "inherent_risk",
                "band",
                "rating",
                "critical_failures",
                "data_access",
                "criticality",
            ):
                setattr(a, field, None)
            a.updated_at = self.now()
            s.flush()
            self._audit(
                s, "assessment.return", "assessment", a.id, before, row_dict(a), note.strip()
            )
            return self._assessment_out(a)

    # --- helpers ------------------------------------------------------------------------

    def _decide(
        self, assessment_id: int, outcome: AssessmentStatus, note: str | None
    ) -> dto.Assessment:
        verb = "approve" if outcome is AssessmentStatus.APPROVED else "reject"
        if outcome is AssessmentStatus.REJECTED and not (note and note.strip()):
            raise ValidationError("rejecting an assessment needs a note saying why")
        with self._write() as s:
            a = self._submitted(s, assessment_id)
            if a.submitted_by == self.actor:
                raise FourEyesError(
                    f"you ({self.actor}) submitted assessment #{a.id}, so you cannot {verb} it: "
                    "a second person must decide (four-eyes)"
                )
            before = row_dict(a)
            now = self.now()
            a.status = outcome.value
            a.decided_by = self.actor
            a.decided_at = now
            a.decision_note = note.strip() if note and note.strip() else None
            if outcome is AssessmentStatus.APPROVED and a.rating is not None:
                a.next_review_due = self.policy.next_review(self.today(), Rating(a.rating))
            a.updated_at = now
            s.flush()
            self._audit(
                s, f"assessment.{verb}", "assessment", a.id, before, row_dict(a), a.decision_note
            )
            vendor = a.vendor
            vendor_before = row_dict(vendor)
            self._refresh_status(s, vendor)
            s.flush()
            if vendor_before["status"] != vendor.status:
                self._audit(
                    s,
                    "vendor.status",
                    "vendor",
                    vendor.id,
                    vendor_before,
                    row_dict(vendor),
                    f"assessment #{a.id} {outcome.value}",
                )
            return self._assessment_out(a)

    def _submitted(self, s: Session, assessment_id: int) -> Assessment:
        a = self._assessment(s, assessment_id)
        if a.status != AssessmentStatus.SUBMITTED.value:
            if AssessmentStatus(a.status).decided:
                raise StateError(f"assessment #{a.id} is already {a.status} and cannot change")
            raise StateError(f"assessment #{a.id} is a draft; it must be submitted first")
        return a

    def _withdraw_findings(self, s: Session, a: Assessment) -> None:
        # The findings this submission opened carry its timestamp; hand-made ones stay.
        generated = s.scalars(
            select(Finding).where(
                Finding.assessment_id == a.id,
                Finding.status == FindingStatus.OPEN.value,
                Finding.created_at == a.submitted_at,
            )
        ).all()
        for finding in generated:
            before = row_dict(finding)
            s.delete(finding)
            self._audit(
                s,
                "finding.withdraw",
                "finding",
                finding.id,
                before,
                None,
                f"assessment #{a.id} returned to draft",
            )


def _evidence_missing(
    q: Questionnaire, a: Assessment, rows: tuple[QuestionScore, ...]
) -> list[str]:
    answers = {x.question_id: x for x in a.answers}
    missing = []
    for row in rows:
        if row.state not in ("scored", "recorded"):
            continue
        question = q.question(row.question_id)
        if question is None or question.evidence is not EvidenceRule.REQUIRED:
            continue
        if row.state == "scored" and row.score == 0:
            continue  # a "no" claims nothing that evidence could back
        if not answers[row.question_id].evidence:
            missing.append(row.question_id)
    return missing
