"""Counts read as a reviewer says them: one vendor, two vendors, never "1 vendors"."""

from __future__ import annotations

import pytest

from vendor_review.domain.wording import counted, noun_for


@pytest.mark.parametrize(
    ("n", "noun", "plural", "said"),
    [
        (0, "vendor", None, "0 vendors"),
        (1, "vendor", None, "1 vendor"),
        (2, "vendor", None, "2 vendors"),
        (1204, "vendor", None, "1,204 vendors"),
        (1, "required question", None, "1 required question"),
        (1, "problem or warning", "problems and warnings", "1 problem or warning"),
        (3, "problem or warning", "problems and warnings", "3 problems and warnings"),
    ],
)
def test_a_count_agrees_with_its_noun(n: int, noun: str, plural: str | None, said: str) -> None:
    assert counted(n, noun, plural) == said


def test_the_noun_alone_agrees_with_its_count() -> None:
    assert [noun_for(n, "table") for n in (0, 1, 2)] == ["tables", "table", "tables"]
    assert [noun_for(n, "is", "are") for n in (1, 2)] == ["is", "are"]
