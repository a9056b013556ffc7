"""What a row of the vendor list shows: the columns (sort key, label, width), each vendor's
cells (outside text always literal, through ``plain()``), and a cell drawn at its column's
fixed width as Rich draws a ``DataTable`` cell."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from vendor_review.tui.text import plain
from vendor_review.tui.tone import Tone, due_style, tone

if TYPE_CHECKING:
    from textual.app import App

    from vendor_review.service.vendor_list import VendorRow

COLUMNS: tuple[tuple[str, str, int], ...] = (
    # key (the service's sort name), label, width
    ("name", "Name", 30),
    ("parents", "Parents", 20),
    ("kind", "Kind", 14),
    ("status", "Status", 10),
    ("inherent_risk", "Inherent", 9),
    ("control_score", "Score", 6),
    ("rating", "Rating", 9),
    ("next_review_due", "Next review", 12),
    ("open_findings", "Findings", 8),
)
LABELS = {key: label for key, label, _ in COLUMNS}
RATING_TONE: dict[str, Tone] = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "success",
}
PADDING = 1
"""Blank cells each side of a cell's text, as DataTable's ``cell_padding``."""


def cell_segments(cell: Text, width: int) -> list[Segment]:
    """``cell`` in a column ``width`` cells wide, as Rich draws DataTable's cells
    (``Padding(cell, (0, 1))`` on one line, no wrapping): its first line cropped, right
    aligned when ``justify="right"``, the padding and the blank after the text unstyled.
    (Cells are made by ``plain()``: one style for the whole text, no spans.)"""
    inner = width - 2 * PADDING
    text = cell.plain.split("\n", 1)[0].expandtabs()
    style = Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
    if cell.justify == "right":
        text = text.rstrip()
        if cell_len(text) > inner:
            text = set_cell_size(text, inner)
        text = " " * (inner - cell_len(text)) + text
    elif cell_len(text) > inner:
        text = set_cell_size(text, inner)
    pad, after = " " * PADDING, " " * (inner - cell_len(text) + PADDING)
    # Merged where the styles are the same, as the drawn line is (fewer to style).
    if not style:
        return [Segment(pad + text + after, Style.null())]
    if not text:
        return [Segment(pad + after, Style.null())]
    return [Segment(pad, Style.null()), Segment(text, style), Segment(after, Style.null())]


def rating_text(app: App[object], rating: str | None) -> Text:
    name = RATING_TONE.get(rating or "")
    return plain(rating, f"bold {tone(app, name)}" if name else "")


def score(value: float | None) -> Text:
    return plain(None) if value is None else Text(f"{value:.1f}", justify="right")


def cells(app: App[object], row: VendorRow, today: date) -> list[Text]:
    status = row.status.value
    return [
        plain(row.name),
        plain(row.parents),
        plain(row.kind.value),
        plain(status, "dim" if status == "offboarded" else ""),
        plain(row.inherent_risk or "untriaged", "" if row.inherent_risk else "italic"),
        score(row.control_score),
        rating_text(app, row.rating),
        plain(row.next_review_due, due_style(app, row.next_review_due, today)),
        plain(row.open_findings if row.open_findings else "", "bold" if row.open_findings else ""),
    ]
