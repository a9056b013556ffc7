"""An answer as the audit trail records it, as callers receive it, and the message when
someone else changed it first: one shape for every path that writes answers (answering,
importing, starting with carried-over or report answers, confirming).

An event records an answer compactly (issue 14): only what the event itself does not
already say. ``assessment_id`` is the event's ``entity_id``; ``answered_by`` and
``answered_at`` are left out when they are the event's ``actor`` and ``at``; the row's
``id`` and ``version`` are bookkeeping (the row itself is proven by the row digests, or
on PostgreSQL by the server's ``row.*`` events); fields holding their default (no
comment, not carried over, no source, unconfirmed, no evidence) are left out.

- One answer (``answer.set``, ``answer.clear``, ``answer.confirm``): ``{"question_id":
  …, "value": …, …}``.
- Many answers written by one transaction (``answers.import``, ``answers.carry_over``,
  ``answers.from_report``, ``answers.confirm``): ``{"answers": {question_id: record}}``
  where a record holding nothing but its value is the value itself (an answer's value is
  never a JSON object), else the object of its fields without ``question_id``. What the
  action says is left out too: the answers of ``answers.carry_over`` and
  ``answers.from_report`` are all carried over (needing confirmation).

``before`` holds what each changed answer held before, without ``answered_by`` and
``answered_at``: the event that wrote it says who and when.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from vendor_review.domain.report_answers import source_report_id
from vendor_review.service import dto
from vendor_review.service.base import row_dict
from vendor_review.store.audit import format_at
from vendor_review.store.models import Answer

ANSWERS = "answers"
"""The key of a many-answer event's ``{question_id: record}`` map."""

_ANSWER_DEFAULTS: dict[str, Any] = {
    "comment": None,
    "carried_over": False,
    "source": None,
    "confirmed_by": None,
    "confirmed_at": None,
    "evidence_ids": [],
}
_BOOKKEEPING = ("id", "assessment_id", "version")


def answer_fields(answer: Answer) -> dict[str, Any]:
    """The answer's columns (and its evidence ids) as plain data."""
    data = row_dict(answer)
    data["evidence_ids"] = sorted(e.id for e in answer.evidence)
    return data


def compact_record(
    fields: Mapping[str, Any],
    *,
    actor: str | None = None,
    at: datetime | None = None,
    before: bool = False,
) -> dict[str, Any]:
    """``fields`` (``answer_fields``, or a row of ``answers`` as a mapping) as an event
    records it: ``answered_by``/``answered_at`` only when they are not the event's
    ``actor``/``at`` (``at`` None: the database stamps the event's time, so the answer's
    stays); ``before``: what the answer held before the event, without either."""
    record: dict[str, Any] = {}
    for key, value in fields.items():
        if key in _BOOKKEEPING or (key in _ANSWER_DEFAULTS and value == _ANSWER_DEFAULTS[key]):
            continue
        if key == "answered_by" and (before or value == actor):
            continue
        if key == "answered_at" and (before or (at is not None and _same_time(value, at))):
            continue
        record[key] = value
    return record


def _same_time(value: Any, at: datetime) -> bool:
    aware = isinstance(value, datetime) and value.utcoffset() is not None
    return aware and format_at(value) == format_at(at)


def answer_dict(
    answer: Answer, *, actor: str | None = None, at: datetime | None = None, before: bool = False
) -> dict[str, Any]:
    """One answer as its event records it (``compact_record``)."""
    return compact_record(answer_fields(answer), actor=actor, at=at, before=before)


def answers_map(
    records: Iterable[Mapping[str, Any]], implied: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Compact records (each with its ``question_id``) as a many-answer event's
    ``{"answers": {question_id: record or value}}``; ``implied``: fields the event's
    action already says (``carried_over: true`` for ``answers.carry_over``), left out
    where a record holds exactly that."""
    said = dict(implied or {})
    out: dict[str, Any] = {}
    for record in records:
        rest = {
            k: v
            for k, v in record.items()
            if k != "question_id" and not (k in said and said[k] == v)
        }
        out[str(record["question_id"])] = rest["value"] if set(rest) == {"value"} else rest
    return {ANSWERS: out}


def answer_out(answer: Answer, source: str | None = None) -> dto.Answer:
    """The answer as plain data; ``source``: how its stored source reads ("from …")."""
    return dto.Answer(
        question_id=answer.question_id,
        value=answer.value,
        comment=answer.comment,
        carried_over=answer.carried_over,
        source=source,
        source_report_id=source_report_id(answer.source),
        answered_by=answer.answered_by,
        answered_at=answer.answered_at,
        evidence_ids=sorted(e.id for e in answer.evidence),
        version=answer.version,
    )


def answer_conflict(question_id: str, existing: Answer | None, expected: int) -> str:
    if existing is None:
        return f"the answer to {question_id} was cleared by someone else; reload"
    return (
        f"{existing.answered_by} answered {question_id} at "
        f"{existing.answered_at:%Y-%m-%d %H:%M} (now {existing.value!r}, version "
        f"{existing.version}, you had version {expected}); reload before changing it"
    )
