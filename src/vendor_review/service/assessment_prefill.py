"""The answers a new assessment starts with: carried over from the vendor's last approved
assessment with the same questionnaire, then the answers its current assurance reports
give (``from_report``; over a carried-over one, the report being the newer evidence).
Both stay ``carried_over`` until a person confirms them.

``starting_answers`` writes them one at a time and yields, after each, what its audit
event records; the caller appends the event before the next answer is written (so each
event carries the rows of its own answer)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vendor_review.domain.answers import AnswerError, check_answer
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.service.answer_records import answer_dict
from vendor_review.service.report_prefill import FROM_REPORT, FoundAnswer
from vendor_review.store.models import Answer, Assessment, Evidence

StartingEvent = tuple[str, dict[str, Any] | None, dict[str, Any], str | None]
"""``(action, before, after, reason)`` of one starting answer's audit event."""


def starting_answers(
    s: Session,
    assessment: Assessment,
    q: Questionnaire,
    previous: Assessment | None,
    found: Iterable[FoundAnswer],
    *,
    actor: str,
    now: Callable[[], datetime],
) -> Iterator[StartingEvent]:
    """Carry ``previous``'s answers over (when given), then fill ``found`` report answers."""
    if previous is not None:
        yield from _carry_over(s, assessment, q, previous, actor, now)
    for item in found:
        yield _answer_from_report(s, assessment, item, actor, now)


def _carry_over(
    s: Session,
    assessment: Assessment,
    q: Questionnaire,
    previous: Assessment,
    actor: str,
    now: Callable[[], datetime],
) -> Iterator[StartingEvent]:
    for old in previous.answers:
        question = q.question(old.question_id)
        if question is None or old.value is None:
            continue
        try:
            value = check_answer(question, old.value)
        except AnswerError:
            continue
        evidence = list(old.evidence)  # loads (and autoflushes) before the new answer exists
        answer = Answer(
            assessment=assessment,
            question_id=old.question_id,
            value=value,
            comment=old.comment,
            carried_over=True,
            answered_by=actor,
            answered_at=now(),
            evidence=evidence,
        )
        s.add(answer)
        s.flush()
        yield "answer.carry_over", None, answer_dict(answer), f"from assessment #{previous.id}"


def _answer_from_report(
    s: Session,
    assessment: Assessment,
    item: FoundAnswer,
    actor: str,
    now: Callable[[], datetime],
) -> StartingEvent:
    """The report's answer, needing confirmation; over a carried-over one, whose comment
    and files go when its value does."""
    answer = next((a for a in assessment.answers if a.question_id == item.question_id), None)
    report_file = s.get(Evidence, item.evidence_id) if item.evidence_id is not None else None
    before = answer_dict(answer) if answer is not None else None
    if answer is None:
        answer = Answer(assessment=assessment, question_id=item.question_id, evidence=[])
        s.add(answer)
    elif answer.value != item.answer.value:
        answer.comment = None
        answer.evidence = []
    if report_file is not None and report_file not in answer.evidence:
        answer.evidence.append(report_file)
    answer.value = item.answer.value
    answer.source = item.answer.source
    answer.carried_over = True
    answer.confirmed_by = answer.confirmed_at = None
    answer.answered_by = actor
    answer.answered_at = now()
    s.flush()
    return FROM_REPORT, before, answer_dict(answer), item.answer.described
