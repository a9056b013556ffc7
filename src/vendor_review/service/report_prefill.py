"""Which answers the vendor's assurance reports give when an assessment starts (issue 12
item 5): read off the register (``ReportOps.list_reports``) by the pure rules of
``domain/report_answers.py``. ``AssessmentOps.start_assessment`` stores them, in its own
transaction, as needing confirmation like carried-over answers, each with its source in
the audited event (``service/answer_sources.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.report_answers import ReportAnswer, ReportOnFile, report_answers
from vendor_review.service import dto
from vendor_review.service.reports import ReportOps


@dataclass(frozen=True)
class FoundAnswer:
    question_id: str
    answer: ReportAnswer
    evidence_id: int | None  # the report's file, linked to the answer as its evidence


def on_file(report: dto.Report) -> ReportOnFile:
    """What the derivation reads of a report of the register."""
    return ReportOnFile(
        id=report.id,
        type=report.type,
        currency_end=report.currency_end,
        period_start=report.period_start,
        period_end=report.period_end,
        issued_on=report.issued_on,
        expires_on=report.expires_on,
        opinion=report.opinion,
        covers_our_service=report.covers_our_service,
        exceptions=report.exceptions,
        bridged_through=report.bridged_through,
        auditor=report.auditor,
        scope=report.scope,
        certificate_number=report.certificate_number,
        name=report.label,
    )


class ReportPrefillOps(ReportOps):
    def _answers_from_reports(
        self, vendor_ref: str | int, questionnaire: Questionnaire
    ) -> list[FoundAnswer]:
        """The answers the vendor's reports give to the questionnaire's mapped questions
        (none to read when no question has ``from_report``)."""
        if not any(q.from_report is not None for _, q in questionnaire.questions()):
            return []
        reports = self.list_reports(vendor=vendor_ref)
        if not reports:
            return []
        found = report_answers(
            questionnaire, [on_file(r) for r in reports], self.today(), self._review_policy()
        )
        evidence = {r.id: r.evidence_id for r in reports}
        return [FoundAnswer(qid, a, evidence.get(a.report_id)) for qid, a in found.items()]
