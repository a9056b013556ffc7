"""Workbook answer cells read multi answers through the one domain parser: ';' between
labels, commas inside labels, an exclusive option alone, every allowed label quoted."""

from __future__ import annotations

import pytest

from vendor_review.domain.answers import AnswerError, parse_answer
from vendor_review.domain.questionnaire import Question
from vendor_review.exchange.inbound.answer_cells import answer_from_cell

EVENTS = Question.model_validate(
    {
        "id": "monitoring.events",
        "text": "Which events are logged?",
        "type": "multi",
        "options": [
            {"value": "auth", "label": "Logins, failed logins and MFA events", "score": 0.5},
            {"value": "admin", "label": "Administrator actions", "score": 0.5},
            {"value": "none", "label": "None of these", "score": 0, "exclusive": True},
        ],
    }
)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Logins, failed logins and MFA events", ["auth"]),
        ("Logins, failed logins and MFA events; administrator actions", ["auth", "admin"]),
        ("None of these", ["none"]),
        ("N/A", "na"),
    ],
)
def test_cell_and_cli_read_the_same(cell: str, value: object) -> None:
    assert answer_from_cell(EVENTS, cell) == value
    assert parse_answer(EVENTS, cell) == value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("None of these; Administrator actions", "'None of these' cannot be combined"),
        (
            "Logins, Administrator actions",
            "'Logins, Administrator actions' is not one of 'Logins, failed logins and MFA "
            "events', 'Administrator actions', 'None of these', 'N/A'",
        ),
    ],
)
def test_cell_refusals_quote_the_labels(cell: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        answer_from_cell(EVENTS, cell)
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        parse_answer(EVENTS, cell)
