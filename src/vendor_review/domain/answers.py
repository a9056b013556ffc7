"""Answer values: what a reviewer may give for each question type, and parsing from text.

Stored values are JSON: an option value (``yes_no``/``choice``), a list of option values
(``multi``), an ISO date string, free text or a number — or the reserved ``na``.
"""

from __future__ import annotations

import math
from datetime import date

from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import MULTI_SEPARATOR, Question

AnswerValue = str | list[str] | float | int
MAX_TEXT = 10_000


class AnswerError(ValueError):
    """An answer that does not fit its question; the message names what is allowed."""

    exit_code = 2
    """Bad input, as the command line's exit codes say (README)."""


def allowed_words(question: Question) -> list[str]:
    words = [o.value for o in question.choices]
    if question.na_allowed:
        words.append(NA)
    return words


def allowed_labels(question: Question) -> list[str]:
    """What a person may type or pick: each option's label, and N/A where allowed."""
    return [o.label for o in question.choices] + (["N/A"] if question.na_allowed else [])


def quoted_labels(question: Question) -> str:
    """``'Yes', 'No', 'N/A'``: every allowed label, quoted, for error messages."""
    return ", ".join(_quote(label) for label in allowed_labels(question))


def _quote(text: str) -> str:
    """``'text'``, with control characters shown escaped (outside text stays inert)."""
    inert = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return "'" + inert.replace("'", "\\'") + "'"


NA_WORDS = (NA, "n/a")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def match_option(question: Question, word: str) -> str:
    """The option value for one typed word: an option's label or value (any case and
    spacing), or N/A where allowed."""
    key = _key(word)
    for option in question.choices:
        if key in (option.value.casefold(), _key(option.label)):
            return option.value
    if key in NA_WORDS:
        if question.na_allowed:
            return NA
        raise AnswerError(f"N/A is not allowed here: pick one of {quoted_labels(question)}")
    raise AnswerError(f"{_quote(word.strip())} is not one of {quoted_labels(question)}")


def parse_multi(question: Question, text: str, *, name_question: bool = False) -> AnswerValue:
    """The one reading of a multi answer typed as text (CLI, workbook, import): labels or
    values separated by ``;`` (labels may contain commas, never ``;``). ``name_question``
    adds the question id to an unknown-label message (the workbook names the cell)."""
    words = [w for w in text.split(MULTI_SEPARATOR) if w.strip()]
    if not words:
        raise AnswerError(f"an empty answer is not an answer (question {question.id})")
    match = _match_option if name_question else match_option
    values = [match(question, w) for w in words]
    if NA in values:
        if len(values) > 1:
            raise AnswerError(f"N/A cannot be combined with other answers ({question.id})")
        return NA
    return check_answer(question, list(dict.fromkeys(values)))


def _match_option(question: Question, word: str) -> str:
    try:
        return match_option(question, word)
    except AnswerError as exc:
        raise AnswerError(f"{exc} (question {question.id})") from None


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
            return parse_multi(question, stripped, name_question=True)
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
                chosen = list(dict.fromkeys(value))
                _check_exclusive(question, chosen)
                return chosen
        case QuestionType.DATE:
            if isinstance(value, str):
                try:
                    return date.fromisoformat(value).isoformat()
                except ValueError:
                    pass
        case QuestionType.NUMBER:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if number and isinstance(value, int | float) and math.isfinite(value):
                return value
        case QuestionType.TEXT:
            if isinstance(value, str) and value.strip():
                if len(value) > MAX_TEXT:
                    raise AnswerError(
                        f"answer to {question.id} is {len(value)} characters, over {MAX_TEXT}"
                    )
                return value
    allowed = quoted_labels(question) if question.type.scored else question.type.value
    raise AnswerError(f"{value!r} is not a valid answer to {question.id} (expected {allowed})")


def _check_exclusive(question: Question, chosen: list[str]) -> None:
    if len(chosen) < 2:
        return
    for value in chosen:
        option = question.option(value)
        if option is not None and option.exclusive:
            raise AnswerError(
                f"{_quote(option.label)} cannot be combined with other answers "
                f"(question {question.id})"
            )


def check_na_reason(question: Question, value: object, comment: str | None, required: bool) -> None:
    """Refuse N/A without a reason where one is ``required`` (the policy's
    :meth:`~vendor_review.domain.policy.Policy.na_needs_reason` for this question)."""
    if value == NA and required and not (comment or "").strip():
        raise AnswerError(
            f"N/A on {question.id} needs a reason: give a comment saying why the question "
            "does not apply"
        )


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
