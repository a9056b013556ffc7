"""Workbook answer cells read multi answers through the one domain parser: ';' between
labels, commas inside labels, an exclusive option alone, every allowed label quoted."""

from __future__ import annotations

import pytest

from support.questionnaires import AI_SERVICES
from vendor_review.domain.answers import AnswerError, parse_answer
from vendor_review.domain.questionnaire import Question
from vendor_review.exchange.inbound.answer_cells import answer_from_cell

AI = Question.model_validate(AI_SERVICES)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Hosted LLMs, e.g. chat, completion and embeddings", ["llm"]),
        ("Hosted LLMs, e.g. chat, completion and embeddings; own models", ["llm", "own"]),
        ("None of these", ["none"]),
        ("N/A", "na"),
    ],
)
def test_cell_and_cli_read_the_same(cell: str, value: object) -> None:
    assert answer_from_cell(AI, cell) == value
    assert parse_answer(AI, cell) == value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("None of these; Own models", "'None of these' cannot be combined"),
        (
            "Hosted LLMs, Own models",
            "'Hosted LLMs, Own models' is not one of 'Hosted LLMs, e.g. chat, completion and "
            "embeddings', 'Own models', 'None of these', 'N/A'",
        ),
    ],
)
def test_cell_refusals_quote_the_labels(cell: str, message: str) -> None:
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        answer_from_cell(AI, cell)
    with pytest.raises(AnswerError, match=message.replace("(", r"\(")):
        parse_answer(AI, cell)
