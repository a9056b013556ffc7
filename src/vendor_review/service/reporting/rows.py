"""Plain rows the reporting use cases stream (``ReportingOps``), one per sheet row.

Frozen, slotted dataclasses rather than pydantic models: an export reads a million answers
and builds one of these for each, so they must be cheap to make. They hold only plain
values (str, numbers, dates, UTC datetimes), never ORM objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vendor_review.domain.answers import AnswerValue, answer_label
from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import Question, Questionnaire
from vendor_review.domain.scoring import question_score, visible_questions


@dataclass(frozen=True, slots=True)
class ReportCounts:
    vendors: int
    answers: int
    findings: int
    assurance_reports: int


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One vendor with its latest decided assessment (or the reported assessment)."""

    vendor_id: int
    vendor: str
    parent: str | None
    """The vendors it is a subprocessor of (open links), joined by "; "."""
    kind: str
    regions: str
    region_codes: str
    data_access: str
    criticality: str
    inherent_risk: str
    status: str
    assessment_id: int | None
    assessment_status: str | None
    questionnaire: str | None
    decided_on: date | None
    score: float | None
    band: str | None
    rating: str | None
    critical_failures: int | None
    open_findings: int
    next_review_due: date | None
    in_progress: str | None


@dataclass(frozen=True, slots=True)
class AnswerLine:
    vendor_id: int
    vendor: str
    assessment_id: int
    assessment_status: str
    questionnaire: str
    section: str
    question_id: str
    question: str
    answer: str | float | date
    score: float | None
    weight: float | None
    critical: bool
    comment: str | None
    evidence: str | None
    refs: str | None
    answered_by: str
    answered_at: datetime


@dataclass(frozen=True, slots=True)
class FindingLine:
    vendor_id: int
    vendor: str
    finding_id: int
    assessment_id: int
    question_id: str | None
    severity: str
    status: str
    text: str
    remediation: str | None
    owner: str | None
    due_on: date | None
    opened_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_note: str | None


@dataclass(frozen=True, slots=True)
class QuestionnaireUse:
    """A questionnaire version the report's assessments were answered on."""

    questionnaire_id: str
    version: int
    sha256: str
    title: str
    assessments: int


@dataclass(frozen=True, slots=True)
class _QuestionInfo:
    order: int
    section: str
    question: Question
    refs: str | None


class QuestionIndex:
    """A snapshot's questions by id, in questionnaire order, for labelling answer rows."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.label = f"{questionnaire.id}@{questionnaire.version}"
        self.by_id: dict[str, _QuestionInfo] = {}
        for order, (section, question) in enumerate(questionnaire.questions()):
            refs = "; ".join(question.refs) or None
            self.by_id[question.id] = _QuestionInfo(order, section.title, question, refs)

    @classmethod
    def from_definition(cls, definition: dict[str, Any]) -> QuestionIndex:
        return cls(Questionnaire.from_definition(definition))

    def lines(
        self,
        head: tuple[int, str, int, str],
        answers: list[tuple[int, str, AnswerValue | None, str | None, str, datetime]],
        evidence: dict[int, str],
    ) -> list[AnswerLine]:
        """The answer rows of one assessment in question order.

        ``head`` is (vendor id, vendor name, assessment id, status); each answer is
        (answer id, question id, value, comment, answered by, answered at)."""
        given = {qid: value for _, qid, value, *_ in answers if value is not None}
        shown = visible_questions(self.questionnaire, given)
        unknown = len(self.by_id)
        rows = sorted(
            answers,
            key=lambda a: (self.by_id[a[1]].order, "") if a[1] in self.by_id else (unknown, a[1]),
        )
        vendor_id, vendor, assessment_id, status = head
        out: list[AnswerLine] = []
        for answer_id, qid, value, comment, by, at in rows:
            info = self.by_id.get(qid)
            if info is None:
                section, text, weight, critical, refs = (
                    "",
                    "(not in the snapshot)",
                    None,
                    False,
                    None,
                )
                shown_value: str | float | date = "" if value is None else str(value)
                score = None
            else:
                question = info.question
                section, text, refs = info.section, question.text, info.refs
                weight, critical = question.weight, question.critical
                shown_value = _typed_answer(question, value)
                score = None
                if value is not None and qid in shown and question.counts:
                    score = question_score(question, value)
            out.append(
                AnswerLine(
                    vendor_id,
                    vendor,
                    assessment_id,
                    status,
                    self.label,
                    section,
                    qid,
                    text,
                    shown_value,
                    score,
                    weight,
                    critical,
                    comment,
                    evidence.get(answer_id),
                    refs,
                    by,
                    at,
                )
            )
        return out


def _typed_answer(question: Question, value: AnswerValue | None) -> str | float | date:
    """Dates as dates and numbers as numbers, so the sheet can sort and filter them."""
    if value is None or value == NA:
        return answer_label(question, value)
    if question.type is QuestionType.NUMBER and isinstance(value, int | float):
        return value
    if question.type is QuestionType.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return answer_label(question, value)
