"""Answering a questionnaire for the example portfolio, the way a reviewer would.

Questions are answered one at a time in questionnaire order, re-reading which questions
are shown after every answer (``show_if``). By default each scored question gets its best
answer; a :class:`Profile` names the deliberate weaknesses and the vendor's own facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import EvidenceRule, QuestionType
from vendor_review.domain.questionnaire import Question, Questionnaire
from vendor_review.domain.scoring import question_score, visible_questions
from vendor_review.service import Service

NUMBERS: dict[str, float | int] = {
    "facility.fuel_hours": 48,
    "continuity.rto_hours": 4,
    "continuity.rpo_hours": 1,
    "subprocessors.notice_days": 30,
    "exit.deletion_days": 30,
    "personnel.headcount": 12,
}

TEXTS: dict[str, str] = {
    "residency.locations": "In the provider's data centres in the agreed region.",
    "transfers.countries": "United States (support and operations staff).",
    "access.scope": "Staff operating the service can reach ticket and chat data of customers.",
    "contract.locations": "Support staff work from the subcontractor's offices in the EU.",
}


@dataclass(frozen=True)
class Profile:
    """How one vendor answers: overrides by question id, comments, and its evidence file."""

    evidence_name: str
    overrides: Mapping[str, AnswerValue] = field(default_factory=dict)
    comments: Mapping[str, str] = field(default_factory=dict)


def best_answer(question: Question, today: date) -> AnswerValue:
    """The strongest answer: the top option, every positive option of a multi (or its best
    exclusive option alone, when that scores more), a plausible
    date (an expiry a year ahead, anything else three months back), number or sentence."""
    match question.type:
        case QuestionType.MULTI:
            together = [o for o in question.choices if o.score > 0 and not o.exclusive]
            alone = max(
                (o for o in question.choices if o.exclusive), key=lambda o: o.score, default=None
            )
            if alone is not None and alone.score > min(1.0, sum(o.score for o in together)):
                return [alone.value]
            return [o.value for o in together]
        case QuestionType.YES_NO | QuestionType.CHOICE:
            top = max(o.score for o in question.choices)
            return next(o.value for o in question.choices if o.score == top)
        case QuestionType.DATE:
            months = 12 if "expiry" in question.id else -3
            return add_months(today, months).isoformat()
        case QuestionType.NUMBER:
            return NUMBERS.get(question.id, 1)
        case QuestionType.TEXT:
            return TEXTS.get(question.id, "Confirmed from the documents the vendor provided.")
    raise ValueError(f"unknown question type {question.type}")  # pragma: no cover


def answer_questions(
    service: Service,
    assessment_id: int,
    profile: Profile,
    *,
    vendor: str,
    tick: Callable[[], None],
    fraction: float = 1.0,
) -> int:
    """Answer the shown questions in order until ``fraction`` of them are answered.

    After each answer the shown questions are worked out again (``show_if``), from the
    answers read once at the start plus those given since. ``tick`` advances the clock
    between answers; evidence (one small file per vendor) goes wherever a question
    requires it. Returns the number of answers given.
    """
    detail = service.get_assessment(assessment_id)
    q = Questionnaire.from_definition(detail.definition)
    answers = {k: a.value for k, a in detail.answers.items() if a.value is not None}
    evidence_id: int | None = None
    given = 0
    while True:
        shown = visible_questions(q, answers)
        pending = [x for _, x in q.questions() if x.id in shown and x.id not in answers]
        if not pending or len(shown) - len(pending) >= fraction * len(shown):
            return given
        question = pending[0]
        value = profile.overrides.get(question.id)
        if value is None:
            value = best_answer(question, service.today())
        evidence_ids: list[int] | None = None
        if question.evidence is EvidenceRule.REQUIRED and question_score(question, value) != 0:
            if evidence_id is None:
                content = evidence_text(vendor, profile.evidence_name)
                evidence_id = service.store_evidence(content, profile.evidence_name).id
            evidence_ids = [evidence_id]
        service.answer(
            assessment_id,
            question.id,
            value,
            comment=profile.comments.get(question.id),
            evidence_ids=evidence_ids,
        )
        answers[question.id] = value
        given += 1
        tick()


def evidence_text(vendor: str, name: str) -> bytes:
    return (
        f"EXAMPLE EVIDENCE for the vendor-review demo portfolio; not a real document.\n"
        f"Vendor: {vendor}\nDocument: {name}\n"
    ).encode()
