"""Which answers the vendor's assurance reports give when an assessment starts (issue 12
item 5): read off the register (``ReportRegisterOps.list_reports``) by the pure rules of
``domain/report_answers.py``. ``AssessmentOps.start_assessment`` stores them, in its own
transaction, as needing confirmation like carried-over answers, with ``answers.source``
``"report:<id>"``, audited as one :data:`FROM_REPORT` event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain.assurance import ReportType
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.report_answers import (
    ReportAnswer,
    ReportOnFile,
    report_answers,
    report_name,
    source_report_id,
)
from vendor_review.service import dto
from vendor_review.service.report_register import REVIEW_POLICY, ReportRegisterOps, label_of
from vendor_review.store.models import AssuranceReport

FROM_REPORT = "answers.from_report"
"""The audited action of the answers reports gave when an assessment started: one event
for all of them (its reason names the reports; each answer's ``source`` its report).
Before issue 14 one ``answer.from_report`` event per answer."""


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


class ReportPrefillOps(ReportRegisterOps):
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
            questionnaire, [on_file(r) for r in reports], self.today(), REVIEW_POLICY
        )
        evidence = {r.id: r.evidence_id for r in reports}
        return [FoundAnswer(qid, a, evidence.get(a.report_id)) for qid, a in found.items()]


def source_texts(session: Session, sources: Iterable[str | None]) -> dict[str, str]:
    """Each stored source as people read it: ``"report:3"`` → "from SOC 2 Type II report
    #3" (a report no longer on file: "from report #3")."""
    ids = {i for i in (source_report_id(s) for s in sources) if i is not None}
    if not ids:
        return {}
    rows = session.scalars(select(AssuranceReport).where(AssuranceReport.id.in_(ids)))
    named = {r.id: report_name(ReportType(r.type), r.id, label_of(r)) for r in rows}
    return {f"report:{i}": f"from {named.get(i, f'report #{i}')}" for i in ids}
