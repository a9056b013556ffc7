"""A returned answer cell turned into a stored answer value, or one clear message.

Labels are matched case- and whitespace-tolerantly ("Yes", "yes ", "YES" are one
answer); option values and "N/A"/"n/a"/"na" are understood too. A multi answer is labels
separated by ``;``, read by the one domain function every input path uses
(:func:`vendor_review.domain.answers.parse_multi`). Dates may come back as date cells
(a ``datetime``) or as ``YYYY-MM-DD`` text; numbers as number cells or text. Formulas
and error values are never read as answers: the caller reports them by cell.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta

from vendor_review.domain.answers import (
    AnswerError,
    AnswerValue,
    allowed_labels,
    check_answer,
    match_option,
    parse_multi,
)
from vendor_review.domain.enums import NA, QuestionType
from vendor_review.domain.questionnaire import Question
from vendor_review.exchange.inbound.tables import CellError, CellValue, Formula, shown

NA_WORDS = ("n/a", "na")


def is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unreadable(value: CellValue) -> str | None:
    """Why a cell cannot be read at all (a formula, an error value), else None."""
    if isinstance(value, Formula):
        return (
            f"a formula ({shown(value.text)}); formulas are not evaluated: type the answer itself"
        )
    if isinstance(value, CellError):
        hint = "; type N/A (without '#') for 'not applicable'" if value.code == "#N/A" else ""
        return f"the cell holds the error value {value.code}{hint}"
    return None


def cell_text(value: CellValue) -> str:
    """A comment or evidence cell as text (numbers and dates as typed)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time(0):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def labels(question: Question) -> list[str]:
    return allowed_labels(question)


def _option(question: Question, word: str) -> str:
    return match_option(question, word)


def answer_from_cell(question: Question, value: CellValue) -> AnswerValue:
    """The stored value for a non-empty, readable answer cell; ``AnswerError`` says why
    not (without the cell, which the caller adds)."""
    if isinstance(value, bool):
        raise AnswerError(f"{'TRUE' if value else 'FALSE'} is not an answer here")
    if isinstance(value, Formula | CellError):  # the caller reports these first
        raise AnswerError(unreadable(value) or "not readable")
    text = cell_text(value)
    if _key(text) in NA_WORDS and question.type in _RECORDED:
        if not question.na_allowed:
            raise AnswerError("N/A is not allowed for this question")
        return NA
    match question.type:
        case QuestionType.YES_NO | QuestionType.CHOICE:
            result: AnswerValue = _option(question, text)
        case QuestionType.MULTI:
            result = _multi(question, text)
        case QuestionType.DATE:
            result = _date(value, text)
        case QuestionType.NUMBER:
            result = _number(value, text)
        case _:
            result = text
    return check_answer(question, result)


_RECORDED = (QuestionType.DATE, QuestionType.NUMBER, QuestionType.TEXT)


def _multi(question: Question, text: str) -> AnswerValue:
    return parse_multi(question, text)


def _date(value: CellValue, text: str) -> AnswerValue:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        raise AnswerError(
            f"{shown(value)} is a number, not a date: format the cell as a date or type YYYY-MM-DD"
        )
    if isinstance(value, time | timedelta):
        raise AnswerError(f"{shown(str(value))} is a time, not a date")
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise AnswerError(f"{shown(text.strip())} is not a date: type it as YYYY-MM-DD") from None


def _number(value: CellValue, text: str) -> AnswerValue:
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(text.strip())
        except ValueError:
            raise AnswerError(f"{shown(text.strip())} is not a number") from None
    if not math.isfinite(number):
        raise AnswerError(f"{shown(text.strip())} is not a finite number")
    return number
