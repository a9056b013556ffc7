"""Reads for the questionnaire runner: everything one screen needs in one call.

The terminal app's assessment screen shows the assessment with its live score, the
evidence linked to answers (names, not just ids), and for a re-review the previous
answers, so it can mark what changed. Before a submission it previews what the submit
would do (score, ratings, the findings it opens, what still blocks it). The audit view of
a vendor or an assessment also takes in the rows that hang off it.
"""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import findings_on_submit, score
from vendor_review.service import dto
from vendor_review.service.assessments import AssessmentOps, answers_of
from vendor_review.service.workflow import _evidence_missing
from vendor_review.store import audit
from vendor_review.store.models import Assessment, AssuranceReport, AuditEvent, Evidence, Finding


class RunnerView(dto.Out):
    """An assessment as the runner shows it."""

    detail: dto.AssessmentDetail
    report: dto.ScoreReport
    evidence: dict[int, dto.Evidence]
    previous: dict[str, AnswerValue]  # the answers of the assessment this one re-reviews


class PreviewFinding(dto.Out):
    question_id: str
    severity: str
    text: str
    due_on: date | None


class SubmitPreview(dto.Out):
    """What submitting now would record, or why it cannot be submitted."""

    assessment: dto.Assessment
    report: dto.ScoreReport
    findings: list[PreviewFinding]
    missing: list[str]  # required, shown, unanswered questions
    evidence_missing: list[str]  # answers that need evidence and have none

    @property
    def blocked(self) -> bool:
        return bool(self.missing or self.evidence_missing)


class RunnerOps(AssessmentOps):
    def runner_view(self, assessment_id: int) -> RunnerView:
        detail = self.get_assessment(assessment_id)
        report = self.score_report(assessment_id)
        ids = {e for a in detail.answers.values() for e in a.evidence_ids}
        with self._read() as s:
            rows = s.scalars(select(Evidence).where(Evidence.id.in_(ids))).all() if ids else []
            evidence = {e.id: dto.Evidence.model_validate(e) for e in rows}
            previous: dict[str, AnswerValue] = {}
            if detail.assessment.previous_id is not None:
                before = s.get(Assessment, detail.assessment.previous_id)
                previous = answers_of(before) if before is not None else {}
        return RunnerView(detail=detail, report=report, evidence=evidence, previous=previous)

    def submit_preview(self, assessment_id: int) -> SubmitPreview:
        report = self.score_report(assessment_id)
        with self._read() as s:
            a = self._assessment(s, assessment_id)
            q = Questionnaire.from_definition(a.definition)
            answers = answers_of(a)
            result = score(q, answers, self.policy)
            drafts = findings_on_submit(q, result, answers, self.policy, self.today())
            return SubmitPreview(
                assessment=self._assessment_out(s, a),
                report=report,
                findings=[
                    PreviewFinding(
                        question_id=d.question_id,
                        severity=d.severity.value,
                        text=d.text,
                        due_on=d.due_on,
                    )
                    for d in drafts
                ],
                missing=list(result.missing_required),
                evidence_missing=_evidence_missing(q, a, result.questions),
            )

    def audit_trail(
        self, entity: str | None = None, entity_id: str | None = None, *, limit: int = 500
    ) -> list[dto.AuditEvent]:
        """Newest first. A vendor's trail includes its assessments, findings and
        reports (certificates); an assessment's includes its findings."""
        with self._read() as s:
            if entity not in ("vendor", "assessment") or entity_id is None:
                found = audit.events(
                    s.connection(), entity=entity, entity_id=entity_id, limit=limit
                )
                return [dto.AuditEvent.of(e) for e in found]
            key = int(entity_id) if entity_id.isdigit() else -1
            related: dict[str, set[int]] = {entity: {key}}
            owner = "vendor_id" if entity == "vendor" else "assessment_id"
            if entity == "vendor":
                related["assessment"] = set(
                    s.scalars(select(Assessment.id).where(Assessment.vendor_id == key))
                )
                reports = set(
                    s.scalars(select(AssuranceReport.id).where(AssuranceReport.vendor_id == key))
                )  # audited as "certificate" before migration 0007, as "report" since
                related["certificate"] = related["report"] = reports
            related["finding"] = set(
                s.scalars(select(Finding.id).where(getattr(Finding, owner) == key))
            ) | _withdrawn_findings(s, owner, key)
            clauses = [
                (AuditEvent.entity == name) & AuditEvent.entity_id.in_([str(i) for i in ids])
                for name, ids in related.items()
                if ids
            ]
            query = select(AuditEvent).where(or_(*clauses)).order_by(AuditEvent.seq.desc())
            events = s.scalars(query.limit(limit)).all()
            return [dto.AuditEvent.of(e) for e in events]


def _withdrawn_findings(s: Session, owner: str, key: int) -> set[int]:
    """Findings deleted when their submission was returned live on in the audit trail only:
    the ``finding.withdraw`` events whose ``before`` names ``owner`` ``key`` (read as text:
    SQLite may store it compressed, ``store.column_types.PackedText``)."""
    rows = s.execute(
        select(AuditEvent.entity_id, AuditEvent.before).where(
            AuditEvent.entity == "finding", AuditEvent.action == "finding.withdraw"
        )
    )
    found = set()
    for entity_id, before in rows:
        try:
            record = json.loads(before or "null")
        except ValueError:
            continue
        if isinstance(record, dict) and record.get(owner) == key and entity_id.isdigit():
            found.add(int(entity_id))
    return found


__all__ = ["PreviewFinding", "RunnerOps", "RunnerView", "SubmitPreview"]
