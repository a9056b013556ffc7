"""The app's one-line text box: what is typed or pasted into it is drawn harmlessly.

A paste can hold control, bidi and invisible characters; saving refuses them, naming the
character (``domain.text_rules.text_problem``), but until then the box draws its value,
so it draws each such character as one symbol (``visible_each``: ESC as ``␛``) — the
value itself is what was typed. Every ``Input`` in the app is this one
(``tests/tui/test_text_paths.py`` checks).
"""

from __future__ import annotations

from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual.widgets import Input

from vendor_review.domain.text_rules import visible_each


class _DrawnHarmless(Highlighter):
    def highlight(self, text: Text) -> None:
        shown = visible_each(text.plain)
        if shown != text.plain:
            text.plain = shown  # same length: styles and the cursor stay in place


class TextInput(Input):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", _DrawnHarmless())
        super().__init__(*args, **kwargs)
