"""The answers a new assessment starts with: carried over from the vendor's last approved
assessment with the same questionnaire, then the answers its current assurance reports
give (``from_report``; over a carried-over one, the report being the newer evidence).
Both stay ``carried_over`` until a person confirms them.

``starting_answers`` writes them and yields what their audit events record: one
``answers.carry_over`` event for every carried-over answer, then one ``answers.from_report``
for the report answers (compact records, ``service.answer_records``); the caller appends
each event before the next group is written (so each event carries the rows of its own
answers)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vendor_review.domain.answers import AnswerError, check_answer
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.service.answer_records import answer_dict, answers_map
from vendor_review.service.report_prefill import FROM_REPORT, FoundAnswer
from vendor_review.store.models import Answer, Assessment, Evidence

CARRY_OVER = "answers.carry_over"
"""The audited action of the answers carried over from the previous assessment."""

CARRIED = {"carried_over": True}
"""What both starting events say of every answer they record (left out of each record)."""

StartingEvent = tuple[str, dict[str, Any] | None, dict[str, Any], str | None]
"""``(action, before, after, reason)`` of one group of starting answers' audit event."""


def starting_answers(
    s: Session,
    assessment: Assessment,
    q: Questionnaire,
    previous: Assessment | None,
    found: Iterable[FoundAnswer],
    *,
    actor: str,
    at: datetime,
    stamped: datetime | None,
) -> Iterator[StartingEvent]:
    """Carry ``previous``'s answers over (when given), then fill ``found`` report answers;
    every answer ``answered_at`` ``at``. ``stamped``: the time the events will carry
    (``ServiceBase._event_time``)."""
    if previous is not None:
        carried = _carry_over(s, assessment, q, previous, actor, at)
        if carried:
            records = (answer_dict(a, actor=actor, at=stamped) for a in carried)
            after = answers_map(records, CARRIED)
            yield CARRY_OVER, None, after, f"from assessment #{previous.id}"
    written: list[Answer] = []
    replaced: list[dict[str, Any]] = []
    reasons: dict[str, None] = {}
    for item in found:
        answer, before = _answer_from_report(s, assessment, item, actor, at)
        written.append(answer)
        if before is not None:
            replaced.append(before)
        reasons[item.answer.described] = None
    if written:
        s.flush()
        after = answers_map((answer_dict(a, actor=actor, at=stamped) for a in written), CARRIED)
        before_map = answers_map(replaced) if replaced else None
        yield FROM_REPORT, before_map, after, "; ".join(reasons)


def _carry_over(
    s: Session,
    assessment: Assessment,
    q: Questionnaire,
    previous: Assessment,
    actor: str,
    at: datetime,
) -> list[Answer]:
    carried: list[Answer] = []
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
            answered_at=at,
            evidence=evidence,
        )
        s.add(answer)
        carried.append(answer)
    s.flush()
    return carried


def _answer_from_report(
    s: Session,
    assessment: Assessment,
    item: FoundAnswer,
    actor: str,
    at: datetime,
) -> tuple[Answer, dict[str, Any] | None]:
    """The report's answer, needing confirmation; over a carried-over one, whose comment
    and files go when its value does. With what the answer held before, if it existed."""
    answer = next((a for a in assessment.answers if a.question_id == item.question_id), None)
    report_file = s.get(Evidence, item.evidence_id) if item.evidence_id is not None else None
    before = answer_dict(answer, before=True) if answer is not None else None
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
    answer.answered_at = at
    s.flush()
    return answer, before
