"""An answer as the audit trail records it, as callers receive it, and the message when
someone else changed it first: one shape for every path that writes answers (answering,
importing, starting with carried-over or report answers, confirming)."""

from __future__ import annotations

from typing import Any

from vendor_review.domain.report_answers import source_report_id
from vendor_review.service import dto
from vendor_review.service.base import row_dict
from vendor_review.store.models import Answer

_ANSWER_DEFAULTS: dict[str, Any] = {
    "comment": None,
    "carried_over": False,
    "source": None,
    "confirmed_by": None,
    "confirmed_at": None,
    "evidence_ids": [],
}


def answer_dict(answer: Answer) -> dict[str, Any]:
    """An answer as its audit events record it, compact (issue 14: one event per saved
    answer): without ``assessment_id`` (the event's ``entity_id``) and without the fields
    that hold their default (no comment, not carried over, no source, unconfirmed, no
    evidence)."""
    data = row_dict(answer)
    del data["assessment_id"]
    data["evidence_ids"] = sorted(e.id for e in answer.evidence)
    for key, default in _ANSWER_DEFAULTS.items():
        if key in data and data[key] == default:
            del data[key]
    return data


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
