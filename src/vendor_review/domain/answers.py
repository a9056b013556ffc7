"""Answer values: what a reviewer may give for each question type, and parsing from text.

Stored values are JSON: an option value (``yes_no``/``choice``), a list of option values
(``multi``), an ISO date string, free text or a number — or the reserved ``na``.
"""

from __future__ import annotations

import math
from datetime import date

from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import Question

AnswerValue = str | list[str] | float | int
MAX_TEXT = 10_000


class AnswerError(ValueError):
    """An answer that does not fit its question; the message names what is allowed."""


def allowed_words(question: Question) -> list[str]:
    words = [o.value for o in question.choices]
    if question.na_allowed:
        words.append(NA)
    return words


def _match_option(question: Question, word: str) -> str:
    key = " ".join(word.split()).casefold()
    for option in question.choices:
        if key in (option.value.casefold(), " ".join(option.label.split()).casefold()):
            return option.value
    if key in (NA, "n/a") and question.na_allowed:
        return NA
    allowed = ", ".join(allowed_words(question))
    raise AnswerError(f"{word.strip()!r} is not one of {allowed} (question {question.id})")


def parse_answer(question: Question, text: str) -> AnswerValue:
    """Turn what a person typed into a stored value (option values or labels, any case)."""
    stripped = text.strip()
    if not stripped:
        raise AnswerError(f"an empty answer is not an answer (question {question.id})")
    if stripped.casefold() in (NA, "n/a") and question.type in _RECORDED:
        if not question.na_allowed:
            raise AnswerError(f"question {question.id} does not allow N/A")
        return NA
    match question.type:
        case QuestionType.YES_NO | QuestionType.CHOICE:
            return _match_option(question, stripped)
        case QuestionType.MULTI:
            words = [w for w in stripped.split(",") if w.strip()]
            values = [_match_option(question, w) for w in words]
            if NA in values:
                if len(values) > 1:
                    raise AnswerError(f"N/A cannot be combined with options ({question.id})")
                return NA
            return list(dict.fromkeys(values))
        case QuestionType.DATE:
            try:
                return date.fromisoformat(stripped).isoformat()
            except ValueError:
                raise AnswerError(
                    f"{stripped!r} is not a date as YYYY-MM-DD (question {question.id})"
                ) from None
        case QuestionType.NUMBER:
            try:
                number = float(stripped)
            except ValueError:
                raise AnswerError(
                    f"{stripped!r} is not a number (question {question.id})"
                ) from None
            return check_answer(question, number)
        case QuestionType.TEXT:
            return check_answer(question, stripped)
    raise AnswerError(f"unknown question type {question.type}")  # pragma: no cover


_RECORDED = (QuestionType.DATE, QuestionType.TEXT, QuestionType.NUMBER)


def check_answer(question: Question, value: object) -> AnswerValue:
    """Validate a value already in stored form; returns it normalised."""
    if value == NA:
        if not question.na_allowed:
            raise AnswerError(f"question {question.id} does not allow N/A")
        return NA
    options = {o.value for o in question.choices}
    match question.type:
        case QuestionType.YES_NO | QuestionType.CHOICE:
            if isinstance(value, str) and value in options:
                return value
        case QuestionType.MULTI:
            if isinstance(value, list) and all(isinstance(v, str) and v in options for v in value):
                return list(dict.fromkeys(value))
        case QuestionType.DATE:
            if isinstance(value, str):
                try:
                    return date.fromisoformat(value).isoformat()
                except ValueError:
                    pass
        case QuestionType.NUMBER:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and math.isfinite(value):  # type: ignore[arg-type]
                return value  # type: ignore[return-value]
        case QuestionType.TEXT:
            if isinstance(value, str) and value.strip():
                if len(value) > MAX_TEXT:
                    raise AnswerError(
                        f"answer to {question.id} is {len(value)} characters, over {MAX_TEXT}"
                    )
                return value
    allowed = ", ".join(allowed_words(question)) if question.type.scored else question.type.value
    raise AnswerError(f"{value!r} is not a valid answer to {question.id} (expected {allowed})")


def answer_label(question: Question, value: AnswerValue | None) -> str:
    """How an answer reads to a person ("Yes, within 24 hours"; "N/A"; "" if none)."""
    if value is None:
        return ""
    if value == NA:
        return "N/A"
    if question.type.scored:
        values = value if isinstance(value, list) else [value]
        labels = []
        for v in values:
            option = question.option(str(v))
            labels.append(option.label if option else str(v))
        return "; ".join(labels)
    return str(value)
