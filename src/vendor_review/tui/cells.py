"""Table cells cut to their column's width with an ellipsis (never silently clipped), and
the row under a table's cursor."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable

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


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor (``None`` when the table is empty)."""
    if table.row_count == 0:
        return None
    return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value


def cursor_id(table: DataTable[Any]) -> int | None:
    """The row under the cursor's key as a number (rows keyed by id)."""
    key = cursor_key(table)
    return int(key) if key else None
