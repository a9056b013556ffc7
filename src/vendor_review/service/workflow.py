"""The four-eyes workflow: submit, then a second person (who did not work on the
assessment) approves, rejects or returns it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import (
    AssessmentStatus,
    EvidenceRule,
    InherentRisk,
    Rating,
)
from vendor_review.domain.four_eyes import ContributorRole
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import (
    QuestionScore,
    Rated,
    ScoreResult,
    findings_on_submit,
    rate,
    visible_questions,
)
from vendor_review.domain.wording import counted
from vendor_review.service import dto, finding_sync
from vendor_review.service.assessments import AssessmentOps, answers_of, scored
from vendor_review.service.base import row_dict, triaged, why_given
from vendor_review.service.contributors import contribute, four_eyes_refusal
from vendor_review.service.errors import (
    FourEyesError,
    StateError,
    SubmitBlockedError,
    ValidationError,
)
from vendor_review.service.vendors import VendorOps
from vendor_review.store.models import Assessment

SCORED_COLUMNS = (
    "data_access",
    "criticality",
    "control_score",
    "section_scores",
    "inherent_risk",
    "band",
    "rating",
    "critical_failures",
)
"""What a submission stores of its score and rating; cleared when it returns to draft."""


def scored_columns(
    result: ScoreResult, rated: Rated, data_access: str | None, criticality: str | None
) -> dict[str, Any]:
    """The ``SCORED_COLUMNS`` of an assessment submitted with ``result`` and ``rated`` on
    the vendor's profile (``data_access``, ``criticality``)."""
    values = (
        data_access,
        criticality,
        result.control_score,
        dict(result.sections),
        rated.inherent.value,
        rated.band.value,
        rated.rating.value,
        list(result.critical_failures),
    )
    return dict(zip(SCORED_COLUMNS, values, strict=True))


class WorkflowOps(AssessmentOps, VendorOps):
    def submit(self, assessment_id: int) -> dto.Assessment:
        """Score, rate and open findings; refuses while anything required is missing."""
        with self._write() as s:
            a = self._editable(s, assessment_id)
            q, answers, result = scored(a, self.policy)
            missing = list(result.missing_required)
            no_evidence = _evidence_missing(q, a, result.questions)
            unconfirmed = _unconfirmed(q, a)
            if missing or no_evidence or unconfirmed:
                parts = []
                if unconfirmed:
                    first = ", ".join(unconfirmed[:5]) + (", …" if len(unconfirmed) > 5 else "")
                    parts.append(
                        f"{counted(len(unconfirmed), 'carried-over answer')} not confirmed "
                        f"({first}): "
                        f"confirm them (assessment confirm {a.id} --all) or answer them anew"
                    )
                if missing:
                    parts.append(
                        f"{counted(len(missing), 'required question')} unanswered: "
                        + ", ".join(missing)
                    )
                if no_evidence:
                    parts.append("evidence required for: " + ", ".join(no_evidence))
                raise SubmitBlockedError(
                    f"assessment #{a.id} cannot be submitted: " + "; ".join(parts),
                    missing,
                    no_evidence,
                    unconfirmed,
                )
            before = row_dict(a)
            vendor = a.vendor
            rated = rate(result, *triaged(vendor), self.policy)
            now = self.now()
            a.status = AssessmentStatus.SUBMITTED.value
            a.submitted_by = self.actor
            a.submitted_at = now
            columns = scored_columns(result, rated, vendor.data_access, vendor.criticality)
            for column, value in columns.items():
                setattr(a, column, value)
            a.updated_at = now
            contribute(s, a.id, self.actor, ContributorRole.SUBMITTED, now)
            s.flush()
            self._audit(s, "assessment.submit", "assessment", a.id, before, row_dict(a))
            drafts = findings_on_submit(q, result, answers, self.policy, self.today())
            finding_sync.open_or_update(self, s, a, drafts)
            return self._assessment_out(s, a)

    def approve(self, assessment_id: int, note: str | None = None) -> dto.Assessment:
        return self._decide(assessment_id, AssessmentStatus.APPROVED, note)

    def reject(self, assessment_id: int, note: str) -> dto.Assessment:
        return self._decide(assessment_id, AssessmentStatus.REJECTED, note)

    def return_to_draft(self, assessment_id: int, note: str) -> dto.Assessment:
        """Send a submitted assessment back to its reviewer; its findings are withdrawn."""
        note = why_given(note, "returning an assessment needs a note saying why")
        with self._write() as s:
            a = self._submitted(s, assessment_id)
            before = row_dict(a)
            finding_sync.withdraw(self, s, a)
            a.status = AssessmentStatus.DRAFT.value
            a.decision_note = note.strip()
            for field in ("submitted_by", "submitted_at", *SCORED_COLUMNS):
                setattr(a, field, None)
            a.updated_at = self.now()
            s.flush()
            self._audit(
                s, "assessment.return", "assessment", a.id, before, row_dict(a), note.strip()
            )
            return self._assessment_out(s, a)

    # --- helpers ------------------------------------------------------------------------

    def _decide(
        self, assessment_id: int, outcome: AssessmentStatus, note: str | None
    ) -> dto.Assessment:
        verb = "approve" if outcome is AssessmentStatus.APPROVED else "reject"
        if outcome is AssessmentStatus.REJECTED and not (note and note.strip()):
            raise ValidationError("rejecting an assessment needs a note saying why")
        with self._write() as s:
            a = self._submitted(s, assessment_id)
            refusal = four_eyes_refusal(s, self.policy.four_eyes, a, self.actor, verb)
            if refusal is not None:
                raise FourEyesError(refusal)
            before = row_dict(a)
            now = self.now()
            a.status = outcome.value
            a.decided_by = self.actor
            a.decided_at = now
            a.decision_note = note.strip() if note and note.strip() else None
            why = a.decision_note
            if outcome is AssessmentStatus.APPROVED and a.rating is not None:
                interval = self.policy.review_interval(
                    InherentRisk(a.inherent_risk or "high"), Rating(a.rating), a.vendor.scopes
                )
                a.next_review_due = add_months(self.today(), interval.months)
                why = "; ".join(filter(None, [why, f"next review after {interval.reason}"]))
            a.updated_at = now
            s.flush()
            self._audit(s, f"assessment.{verb}", "assessment", a.id, before, row_dict(a), why)
            if outcome is AssessmentStatus.APPROVED:
                finding_sync.resolve_met(self, s, a)
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
            return self._assessment_out(s, a)

    def _submitted(self, s: Session, assessment_id: int) -> Assessment:
        a = self._assessment(s, assessment_id)
        if a.status != AssessmentStatus.SUBMITTED.value:
            if AssessmentStatus(a.status).decided:
                raise StateError(f"assessment #{a.id} is already {a.status} and cannot change")
            raise StateError(f"assessment #{a.id} is a draft; it must be submitted first")
        return a


def _unconfirmed(q: Questionnaire, a: Assessment) -> list[str]:
    """Carried-over answers nobody confirmed, in questionnaire order (shown ones only)."""
    answers = answers_of(a)
    shown = visible_questions(q, answers)
    carried = {x.question_id for x in a.answers if x.carried_over}
    return [question.id for _, question in q.questions() if question.id in carried & shown]


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
