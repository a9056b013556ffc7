"""Outside text is never markup: every string from a user or vendor goes through here.

It is also never a control sequence: control, bidi and invisible characters are shown
as symbols (``domain.text_rules.visible``: ESC as ``␛``, U+202E as ``⟨U+202E⟩``), so a
name stored before the text rule existed cannot clear or retitle the screen.
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
