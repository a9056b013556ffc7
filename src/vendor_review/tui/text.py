"""Outside text is never markup, and never a control sequence: every string from a user,
a vendor, a file or the database reaches the screen through here.

Control, bidi and invisible characters are shown as symbols (``domain.text_rules.visible``:
ESC as ``␛``, U+202E as ``⟨U+202E⟩``), so a name written into the database some other way
(psql, an older version) cannot clear or retitle the screen or reorder what it shows.
``tests/tui/test_text_paths.py`` fails when a widget is given stored text any other way.

- ``plain(value, style)``: a literal ``Text`` for a widget, a table cell, a label;
- ``shown(value)``: a ``str`` for what takes strings (titles, notifications, tree labels,
  option prompts); never read as markup by the callers, which pass ``markup=False``.
"""

from __future__ import annotations

from rich.text import Text

from vendor_review.domain.text_rules import visible


def plain(value: object, style: str = "") -> Text:
    """A literal ``Text`` (``[b]`` stays ``[b]``); ``None`` shows as a dash."""
    if value is None:
        return Text("–", style="dim")
    if isinstance(value, float):
        return Text(f"{value:.1f}", style=style)
    return Text(visible(str(value), multiline=True), style=style)


def shown(value: object, *, multiline: bool = False) -> str:
    """``value`` as a string that cannot act on the terminal (one line unless ``multiline``:
    a line break in a name shows as ``␊``)."""
    return visible("" if value is None else str(value), multiline=multiline)
