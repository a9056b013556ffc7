"""Reading the portfolio for reports (the Excel export): streamed, never all at once.

Each ``report_*`` stream is a generator of plain rows (``reporting.rows``). It reads in
chunks by keyset pagination (``WHERE (vendor name, id) > last ORDER BY … LIMIT n``), each
chunk in its own short read transaction, so memory stays flat however large the portfolio
and no transaction stays open while the caller writes a sheet. Rows come ordered by vendor
name, then id (answers: then questionnaire order).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vendor_review.service.reporting.assurance import AssuranceReads
from vendor_review.service.reporting.rows import (
    AnswerLine,
    FindingLine,
    QuestionIndex,
    QuestionnaireUse,
    ReportCounts,
)
from vendor_review.service.reporting.schedule import ScheduleReads
from vendor_review.service.reporting.scope import ROWS_PER_CHUNK, ReportScope, after
from vendor_review.service.reporting.summary import SummaryReads
from vendor_review.store.models import (
    Answer,
    Assessment,
    AssuranceReport,
    Evidence,
    Finding,
    QuestionnaireDefinition,
    Vendor,
    answer_evidence,
)

ASSESSMENTS_PER_CHUNK = 100
"""About 5,000 answers at a time with the built-in questionnaires."""

_SnapshotKey = str
"""A definition_sha256."""


class ReportingOps(SummaryReads, ScheduleReads, AssuranceReads):
    def report_counts(self, scope: ReportScope) -> ReportCounts:
        """How many rows each streamed sheet will have (for a progress bar)."""
        vendors = select(func.count()).select_from(Vendor)
        answers = select(func.count()).select_from(Answer).join(Assessment)
        findings = select(func.count()).select_from(Finding)
        reports = select(func.count()).select_from(AssuranceReport)
        report_vendor = AssuranceReport.vendor_id
        if scope.assessment_id is not None:
            answers = answers.where(Assessment.id == scope.assessment_id)
            findings = findings.where(Finding.assessment_id == scope.assessment_id)
        with self._read() as s:
            return ReportCounts(
                vendors=s.scalar(self._in_scope(vendors, Vendor.id, scope)) or 0,
                answers=s.scalar(self._in_scope(answers, Assessment.vendor_id, scope)) or 0,
                findings=s.scalar(self._in_scope(findings, Finding.vendor_id, scope)) or 0,
                assurance_reports=s.scalar(self._in_scope(reports, report_vendor, scope)) or 0,
            )

    def report_answers(
        self, scope: ReportScope, *, chunk: int = ASSESSMENTS_PER_CHUNK
    ) -> Iterator[AnswerLine]:
        """Every answer in scope: by vendor name, assessment, then questionnaire order.

        Reads ``chunk`` assessments at a time with all their answers; each questionnaire
        snapshot is parsed once and kept (a handful per portfolio)."""
        indexes: dict[_SnapshotKey, QuestionIndex] = {}
        base = select(
            Assessment.id,
            Assessment.vendor_id,
            Vendor.name,
            Assessment.status,
            Assessment.questionnaire_id,
            Assessment.questionnaire_version,
            Assessment.definition_sha256,
        ).join(Vendor, Vendor.id == Assessment.vendor_id)
        if scope.assessment_id is not None:
            base = base.where(Assessment.id == scope.assessment_id)
        base = self._in_scope(base, Assessment.vendor_id, scope)
        last: tuple[str, int] | None = None
        while True:
            query = base.order_by(Vendor.name, Assessment.id).limit(chunk)
            if last is not None:
                query = query.where(after(Vendor.name, Assessment.id, last))
            with self._read() as s:
                heads = s.execute(query).all()
                if not heads:
                    return
                ids = [h.id for h in heads]
                for h in heads:
                    if h.definition_sha256 not in indexes:
                        indexes[h.definition_sha256] = self._snapshot_index(s, h.definition_sha256)
                answers = self._answers_of(s, ids)
                evidence = self._evidence_names(s, ids)
            for h in heads:
                head = (h.vendor_id, h.name, h.id, h.status)
                yield from indexes[h.definition_sha256].lines(head, answers[h.id], evidence)
            last = (heads[-1].name, heads[-1].id)

    def report_findings(
        self, scope: ReportScope, *, chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[FindingLine]:
        query = select(Finding, Vendor.name).join(Vendor, Vendor.id == Finding.vendor_id)
        if scope.assessment_id is not None:
            query = query.where(Finding.assessment_id == scope.assessment_id)
        query = self._in_scope(query, Finding.vendor_id, scope)
        for f, name in self._pages(query, Finding.id, chunk):
            yield FindingLine(
                vendor_id=f.vendor_id,
                vendor=name,
                finding_id=f.id,
                assessment_id=f.assessment_id,
                question_id=f.question_id,
                severity=f.severity,
                status=f.status,
                text=f.text,
                remediation=f.remediation,
                owner=f.owner,
                due_on=f.due_on,
                opened_at=f.created_at,
                resolved_by=f.resolved_by,
                resolved_at=f.resolved_at,
                resolution_note=f.resolution_note,
            )

    def report_questionnaires(self, scope: ReportScope) -> list[QuestionnaireUse]:
        """The questionnaire versions the assessments in scope were answered on."""
        snapshot = (
            Assessment.questionnaire_id,
            Assessment.questionnaire_version,
            Assessment.questionnaire_sha256,
        )
        query = select(*snapshot, func.count(), func.min(Assessment.definition_sha256)).group_by(
            *snapshot
        )
        if scope.assessment_id is not None:
            query = query.where(Assessment.id == scope.assessment_id)
        query = self._in_scope(query, Assessment.vendor_id, scope).order_by(*snapshot)
        out = []
        with self._read() as s:
            for qid, version, sha, count, first in s.execute(query).all():
                title = self._snapshot_index(s, first).questionnaire.title
                out.append(QuestionnaireUse(qid, version, sha, title, count))
        return out

    # --- helpers ------------------------------------------------------------------------

    @staticmethod
    def _snapshot_index(s: Session, definition_sha256: str) -> QuestionIndex:
        definition = s.scalar(
            select(QuestionnaireDefinition.definition).where(
                QuestionnaireDefinition.sha256 == definition_sha256
            )
        )
        return QuestionIndex.from_definition(definition or {})

    @staticmethod
    def _answers_of(s: Session, assessment_ids: list[int]) -> dict[int, list[Any]]:
        grouped: dict[int, list[Any]] = {i: [] for i in assessment_ids}
        rows = s.execute(
            select(
                Answer.id,
                Answer.assessment_id,
                Answer.question_id,
                Answer.value,
                Answer.comment,
                Answer.answered_by,
                Answer.answered_at,
            ).where(Answer.assessment_id.in_(assessment_ids))
        )
        for aid, assessment_id, qid, value, comment, by, at in rows:
            grouped[assessment_id].append((aid, qid, value, comment, by, at))
        return grouped

    @staticmethod
    def _evidence_names(s: Session, assessment_ids: list[int]) -> dict[int, str]:
        names: dict[int, list[str]] = {}
        rows = s.execute(
            select(answer_evidence.c.answer_id, Evidence.name)
            .join(Evidence, Evidence.id == answer_evidence.c.evidence_id)
            .join(Answer, Answer.id == answer_evidence.c.answer_id)
            .where(Answer.assessment_id.in_(assessment_ids))
            .order_by(answer_evidence.c.answer_id, Evidence.name)
        )
        for answer_id, name in rows:
            names.setdefault(answer_id, []).append(name)
        return {k: "; ".join(v) for k, v in names.items()}
