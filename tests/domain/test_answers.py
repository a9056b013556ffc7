"""Answer parsing, checking and labels (DESIGN §4: option values, the reserved ``na``)."""

from __future__ import annotations

from typing import Any

import pytest

from vendor_review.domain.answers import (
    MAX_TEXT,
    AnswerError,
    allowed_words,
    answer_label,
    check_answer,
    parse_answer,
)
from vendor_review.domain.questionnaire import Question


def question(qid: str = "q1", type_: str = "yes_no", **extra: Any) -> Question:
    return Question.model_validate({"id": qid, "text": f"Question {qid}?", "type": type_, **extra})


BREACH = [
    {"value": "within_24h", "label": "Yes, within 24 hours", "score": 1.0},
    {"value": "within_72h", "label": "Yes, within 72 hours", "score": 0.75},
    {"value": "undefined", "label": "Yes, no deadline", "score": 0.25},
    {"value": "no", "label": "No", "score": 0.0},
]
ABC = [
    {"value": "a", "label": "Alpha", "score": 0.5},
    {"value": "b", "label": "Beta", "score": 0.25},
    {"value": "c", "label": "Gamma ray", "score": 0.75},
]


# --- parse_answer: yes_no / choice -------------------------------------------------------


@pytest.mark.parametrize("text", ["yes", "Yes", " yes ", "YES", "\tyEs\n"])
def test_yes_in_any_case_and_spacing(text: str) -> None:
    assert parse_answer(question(), text) == "yes"


@pytest.mark.parametrize("text", ["no", "No", "  NO  "])
def test_no_in_any_case_and_spacing(text: str) -> None:
    assert parse_answer(question(), text) == "no"


@pytest.mark.parametrize("text", ["na", "NA", " n/a ", "N/A"])
def test_na_where_allowed(text: str) -> None:
    assert parse_answer(question(), text) == "na"


def test_unknown_word_message_names_what_is_allowed() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question(), "Maybe")
    assert str(err.value) == "'Maybe' is not one of 'Yes', 'No', 'N/A' (question q1)"


def test_unknown_word_message_strips_the_word() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question(), "  Maybe ")
    assert str(err.value) == "'Maybe' is not one of 'Yes', 'No', 'N/A' (question q1)"


@pytest.mark.parametrize("text", ["na", "N/A", " n/a "])
def test_na_refused_for_a_critical_question(text: str) -> None:
    q = question(critical=True)
    assert not q.na_allowed
    with pytest.raises(AnswerError) as err:
        parse_answer(q, text)
    # N/A is not offered among the allowed labels.
    assert str(err.value) == "N/A is not allowed here: pick one of 'Yes', 'No' (question q1)"


def test_na_refused_when_allow_na_false() -> None:
    with pytest.raises(AnswerError, match=r"pick one of 'Yes', 'No' \(question q1\)"):
        parse_answer(question(allow_na=False), "na")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_answer_refused(text: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question(), text)
    assert str(err.value) == "an empty answer is not an answer (question q1)"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("within_72h", "within_72h"),
        ("WITHIN_24H", "within_24h"),
        ("Yes, within 24 hours", "within_24h"),
        ("  yes,   within 72    HOURS ", "within_72h"),  # inner whitespace collapsed
        ("yes, no deadline", "undefined"),
        ("No", "no"),
    ],
)
def test_choice_matches_values_and_labels(text: str, value: str) -> None:
    assert parse_answer(question("c1", "choice", options=BREACH), text) == value


def test_choice_unknown_lists_option_values() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question("c1", "choice", options=BREACH), "sometimes")
    assert str(err.value) == (
        "'sometimes' is not one of 'Yes, within 24 hours', 'Yes, within 72 hours', "
        "'Yes, no deadline', 'No', 'N/A' (question c1)"
    )


# --- parse_answer: multi -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("a; b", ["a", "b"]),
        ("a;b", ["a", "b"]),
        ("B ; A", ["b", "a"]),  # order as given
        ("alpha; gamma  RAY", ["a", "c"]),  # labels
        ("a; a; b", ["a", "b"]),  # duplicates dropped
        ("a;", ["a"]),  # a trailing separator is not an empty option
        ("c", ["c"]),
    ],
)
def test_multi_parses_semicolon_separated(text: str, value: list[str]) -> None:
    assert parse_answer(question("m1", "multi", options=ABC), text) == value


def test_multi_na_alone() -> None:
    assert parse_answer(question("m1", "multi", options=ABC), " N/A ") == "na"


def test_multi_na_with_options_refused() -> None:
    with pytest.raises(AnswerError, match=r"N/A cannot be combined with other answers \(m1\)"):
        parse_answer(question("m1", "multi", options=ABC), "a; na")


def test_multi_unknown_option_named() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question("m1", "multi", options=ABC), "a; zeta")
    assert str(err.value) == (
        "'zeta' is not one of 'Alpha', 'Beta', 'Gamma ray', 'N/A' (question m1)"
    )


# --- parse_answer: recorded types ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("2026-08-31", "2026-08-31"), ("  2028-02-29 ", "2028-02-29")],
)
def test_date_parsing(text: str, value: str) -> None:
    assert parse_answer(question("d1", "date"), text) == value


@pytest.mark.parametrize("text", ["31/08/2026", "2027-02-29", "2026-13-01", "tomorrow"])
def test_bad_date_refused(text: str) -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question("d1", "date"), text)
    assert str(err.value) == f"{text!r} is not a date as YYYY-MM-DD (question d1)"


def test_recorded_types_allow_na_by_default() -> None:
    assert parse_answer(question("d1", "date"), "N/A") == "na"
    assert parse_answer(question("n1", "number"), "na") == "na"
    assert parse_answer(question("t1", "text"), "n/a") == "na"


def test_recorded_type_na_refused_when_not_allowed() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question("d1", "date", allow_na=False), "n/a")
    assert str(err.value) == "question d1 does not allow N/A"


@pytest.mark.parametrize(
    ("text", "value"), [("42", 42.0), (" 3.5 ", 3.5), ("-1", -1.0), ("1e3", 1000.0)]
)
def test_number_parsing(text: str, value: float) -> None:
    parsed = parse_answer(question("n1", "number"), text)
    assert parsed == value
    assert isinstance(parsed, float)


def test_not_a_number_refused() -> None:
    with pytest.raises(AnswerError) as err:
        parse_answer(question("n1", "number"), "twelve")
    assert str(err.value) == "'twelve' is not a number (question n1)"


@pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
def test_non_finite_number_refused(text: str) -> None:
    with pytest.raises(AnswerError, match="is not a valid answer to n1"):
        parse_answer(question("n1", "number"), text)


def test_text_is_stripped_and_capped() -> None:
    q = question("t1", "text")
    assert parse_answer(q, "  Frankfurt, DE  ") == "Frankfurt, DE"
    assert parse_answer(q, "x" * MAX_TEXT) == "x" * MAX_TEXT
    with pytest.raises(AnswerError, match=f"over {MAX_TEXT}"):
        parse_answer(q, "x" * (MAX_TEXT + 1))


# --- check_answer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "extra", "value", "normalised"),
    [
        ("yes_no", {}, "yes", "yes"),
        ("yes_no", {}, "na", "na"),
        ("choice", {"options": BREACH}, "within_72h", "within_72h"),
        ("multi", {"options": ABC}, ["a", "c"], ["a", "c"]),
        ("multi", {"options": ABC}, ["a", "a"], ["a"]),
        ("date", {}, "2026-08-31", "2026-08-31"),
        ("number", {}, 3, 3),
        ("number", {}, 2.5, 2.5),
        ("text", {}, "hello", "hello"),
    ],
)
def test_check_answer_accepts(
    type_: str, extra: dict[str, Any], value: Any, normalised: Any
) -> None:
    assert check_answer(question("q1", type_, **extra), value) == normalised


@pytest.mark.parametrize(
    ("type_", "extra", "value"),
    [
        ("yes_no", {}, ["yes"]),  # a list for a single-choice question
        ("yes_no", {}, True),
        ("yes_no", {}, 1),
        ("yes_no", {}, "Yes"),  # stored values are option values, exactly
        ("choice", {"options": BREACH}, "sometimes"),
        ("multi", {"options": ABC}, "a"),  # a bare string for multi
        ("multi", {"options": ABC}, ["a", "zeta"]),
        ("multi", {"options": ABC}, ["a", 1]),
        ("date", {}, 20260831),
        ("date", {}, "31/08/2026"),
        ("number", {}, "5"),
        ("number", {}, True),
        ("number", {}, float("nan")),
        ("number", {}, float("inf")),
        ("text", {}, 5),
        ("text", {}, "   "),
    ],
)
def test_check_answer_rejects_wrong_stored_type(
    type_: str, extra: dict[str, Any], value: Any
) -> None:
    with pytest.raises(AnswerError, match="is not a valid answer to q1"):
        check_answer(question("q1", type_, **extra), value)


def test_check_answer_messages() -> None:
    with pytest.raises(AnswerError) as err:
        check_answer(question(), 1)
    assert str(err.value) == "1 is not a valid answer to q1 (expected 'Yes', 'No', 'N/A')"
    with pytest.raises(AnswerError) as err:
        check_answer(question("n1", "number"), "5")
    assert str(err.value) == "'5' is not a valid answer to n1 (expected number)"


def test_check_answer_refuses_na_for_critical() -> None:
    with pytest.raises(AnswerError) as err:
        check_answer(question(critical=True), "na")
    assert str(err.value) == "question q1 does not allow N/A"


def test_allowed_words() -> None:
    assert allowed_words(question()) == ["yes", "no", "na"]
    assert allowed_words(question(critical=True)) == ["yes", "no"]
    assert allowed_words(question("m1", "multi", options=ABC, allow_na=False)) == ["a", "b", "c"]


# --- answer_label --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("type_", "extra", "value", "label"),
    [
        ("yes_no", {}, None, ""),
        ("yes_no", {}, "na", "N/A"),
        ("yes_no", {}, "yes", "Yes"),
        ("yes_no", {}, "no", "No"),
        ("choice", {"options": BREACH}, "within_24h", "Yes, within 24 hours"),
        ("choice", {"options": BREACH}, "gone", "gone"),  # an unknown value shows as is
        ("multi", {"options": ABC}, ["a", "c"], "Alpha; Gamma ray"),
        ("multi", {"options": ABC}, [], ""),
        ("multi", {"options": ABC}, "na", "N/A"),
        ("date", {}, "2026-08-31", "2026-08-31"),
        ("number", {}, 3.5, "3.5"),
        ("text", {}, "Frankfurt", "Frankfurt"),
    ],
)
def test_answer_label(type_: str, extra: dict[str, Any], value: Any, label: str) -> None:
    assert answer_label(question("q1", type_, **extra), value) == label
