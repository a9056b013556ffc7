"""The one text rule: what may be stored as typed, and the visible form of the rest."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vendor_review.domain.text_rules import is_clean, json_safe, text_problem, visible

HOSTILE = ["\x1b", "\x07", "\x00", "\x9b", "\x7f", "\u202e", "\u2067", "\u200e", "\u200b",
           "\ufeff", "\u2028", "\U000e0041", "\r", "\x08"]  # fmt: skip
RAW = frozenset("\x1b\x07\x00\x9b\x7f\u202e\u2067\u200e\u200b\ufeff\u2028\U000e0041\r\x08")

hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), max_size=12).map(
    "".join
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Evil\x1b[2J", "contains U+001B (ESC); control characters are not allowed"),
        ("Ding\x07", "contains U+0007 (BEL); control characters are not allowed"),
        ("\x9b31m", "contains U+009B (CSI); control characters are not allowed"),
        ("a\u2067b", "contains U+2067 (RIGHT-TO-LEFT ISOLATE); bidirectional formatting"),
        ("line\nbreak", "contains U+000A (LF)"),
        ("\u200dlead", "contains U+200D (ZERO WIDTH JOINER); invisible joiners are allowed"),
    ],
)
def test_typed_text_is_refused_naming_the_character(text: str, message: str) -> None:
    problem = text_problem(text)
    assert problem is not None and problem.startswith(message)


def test_what_people_write_is_allowed() -> None:
    assert text_problem("Müller & Söhne GmbH — 東京 שלום مرحبا") is None
    assert text_problem("a\tb\nc", multiline=True) is None  # long text keeps its lines
    assert text_problem("क्‍ष") is None  # a joiner between letters is part of the word
    assert text_problem("👩\u200d💻") is None  # and of an emoji sequence


def test_visible_forms() -> None:
    assert visible("Evil\x1b]0;pwned\x07") == "Evil␛]0;pwned␇"
    assert visible("a\u2067b\x00\x7f\x9b") == "a⟨U+2067⟩b␀␡⟨U+009B⟩"
    assert visible("a\r\nb", multiline=True) == "a\nb"
    assert visible("plain") == "plain"


@given(hostile_text, st.booleans())
def test_visible_text_passes_the_rule_and_holds_nothing_raw(text: str, multiline: bool) -> None:
    shown = visible(text, multiline=multiline)
    assert is_clean(shown, multiline=multiline)
    assert not RAW & set(shown)
    assert visible(shown, multiline=multiline) == shown


@given(hostile_text)
def test_json_keeps_the_data_and_escapes_the_characters(text: str) -> None:
    document = json_safe(json.dumps({"name": text}, ensure_ascii=False, indent=2))
    assert json.loads(document) == {"name": text}
    assert not RAW & set(document)


@given(st.text())
def test_visible_each_keeps_the_length_and_leaves_nothing_to_refuse(text: str) -> None:
    from vendor_review.domain.text_rules import visible_each

    shown = visible_each(text)
    assert len(shown) == len(text)
    assert is_clean(shown)
    assert visible_each("Evil\u202e\x1b[2J") == "Evil\ufffd␛[2J"
    assert visible_each("plain text") == "plain text"
