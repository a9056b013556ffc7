"""Conditions in words: ids by default, or however the caller words one question's test
(the app quotes the question and the options' labels); one test is never bracketed."""

from __future__ import annotations

from pydantic import TypeAdapter

from vendor_review.domain.questionnaire import Condition, ShowIf, describe_condition

RULE = TypeAdapter(Condition).validate_python(
    {
        "all": [
            {"question": "hosts", "in": ["yes"]},
            {"not": {"question": "subs", "in": ["no"]}},
            {"any": [{"question": "a", "in": ["x", "y"]}, {"question": "b", "in": ["z"]}]},
        ]
    }
)


def test_by_id() -> None:
    assert describe_condition(RULE) == (
        "hosts is one of yes and subs is not one of no and (a is one of x, y or b is one of z)"
    )


def test_worded_by_the_caller() -> None:
    def say(leaf: ShowIf, negated: bool) -> str:
        return f"“{leaf.question.upper()}” {'≠' if negated else '='} {'/'.join(leaf.in_)}"

    assert describe_condition(RULE, say) == (
        "“HOSTS” = yes and “SUBS” ≠ no and (“A” = x/y or “B” = z)"
    )
