"""The vendor list draws its own cells (``tui/widgets/vendor_cells.py``; issue 14:
no Rich pipeline per cell): they must look exactly as Rich draws DataTable's."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style

from support.markup import BOLD, EVIL
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.vendor_cells import cell_segments, score


def test_a_cell_is_drawn_as_rich_draws_a_table_cell() -> None:
    """The list's own cell drawing (no Rich pipeline per cell, issue 14) gives the
    segments Rich gives DataTable for the same cell: padded, cropped, right-aligned."""
    console = Console(width=200)
    pre, post = Style(bgcolor="blue", meta={"row": 1, "column": 2}), Style(color="white")

    def drawn(segments: Iterable[Segment]) -> list[Segment]:  # as DataTable styles a line
        return list(Segment.simplify(Segment.apply_style(segments, pre, post)))

    cells = [
        plain("Twilio Inc."),
        plain("x" * 40),
        plain(None),
        plain(EVIL),
        plain(BOLD, "bold"),
        plain("日本語の名前" * 4),
        plain("first line\nsecond"),
        plain("high", "bold #ff0000"),
        plain(""),
        plain("", "bold"),
        score(4.25),
        score(123456.0),
    ]
    for cell in cells:
        for width in (4, 8, 32):
            options = console.options.update(width=width, height=1, no_wrap=True)
            (rich,) = console.render_lines(Padding(cell, (0, 1)), options)
            assert drawn(cell_segments(cell, width)) == drawn(rich), (cell, width)
