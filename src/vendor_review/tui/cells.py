"""Table cells cut to their column's width with an ellipsis (never silently clipped)."""

from __future__ import annotations

from rich.text import Text

from vendor_review.tui.text import plain


def clipped(value: object, width: int, style: str = "") -> Text:
    """``value`` as literal text (never markup) on one line, ending in "…" when it is
    longer than ``width`` cells."""
    text = plain(value, style)
    text.plain = " ".join(text.plain.split()) if "\n" in text.plain else text.plain
    if text.cell_len > width:
        text.truncate(width - 1)
        text.append("…", style=style)
    return text
