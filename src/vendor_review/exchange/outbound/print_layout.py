"""How a table sheet prints: paper, orientation, print area and scale, never below 8 pt.

    set_up_printing(ws, columns, PrintLayout(paper="letter", columns=10))

A sheet's print area (its first ``columns`` columns; the tables put the columns a reader
needs first) is fitted to the page width only when that keeps the text at least
``MIN_TEXT_PT`` high; a wider table prints at that size instead, its pages flowing across
then down, each repeating the header row and the first column. Rows always flow over as
many pages as they need (never fitted to a page's height).

Widths are reckoned as LibreOffice prints them where Calibri is missing (it then measures
columns in DejaVu Sans, the widest of the usual substitutes), so the estimate errs on the
small side: Excel and a LibreOffice with Carlito print the same sheet a little larger.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from vendor_review.exchange.outbound.writer import Column

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, tuple[str, float, float]] = {
    "a4": ("9", 595.0, 842.0),  # openpyxl's PAPERSIZE_A4, width and height in points
    "letter": ("1", 612.0, 792.0),
}
FONT_PT = 11.0
MIN_TEXT_PT = 8.0
MIN_SCALE = MIN_TEXT_PT / FONT_PT * 1.04
"""The smallest scale that keeps 11 pt text at 8 pt or more, with a little to spare for
the estimate below."""
POINTS_PER_WIDTH = 7.1
"""Printed points per unit of column width (DejaVu Sans 11 pt's digit, plus padding)."""
SIDE_MARGIN_IN = 0.4
MAX_ROW = 1_048_576
"""Excel's last row: a print area of whole columns (the row count comes later)."""
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)


@dataclass(frozen=True)
class PrintLayout:
    paper: Paper = "a4"
    columns: int | None = None
    """The first this many columns print (the print area); None: every column."""
    landscape: bool = True


def printed_width(columns: Sequence[Column]) -> float:
    """Points the columns take on paper at 100 %."""
    return sum(c.width for c in columns) * POINTS_PER_WIDTH


def fit_scale(columns: Sequence[Column], layout: PrintLayout) -> float:
    """The scale that fits the print area to the page width (may exceed 1)."""
    _, width, height = PAPER_SIZES[layout.paper]
    across = max(width, height) if layout.landscape else min(width, height)
    usable = across - 2 * SIDE_MARGIN_IN * 72
    return usable / printed_width(columns)


def set_up_printing(ws: WriteOnlyWorksheet, columns: Sequence[Column], layout: PrintLayout) -> None:
    """Page setup of a table sheet; call before its first row (the sheet's properties,
    fit-to-page among them, are written with the first row)."""
    printed = columns[: layout.columns] if layout.columns else columns
    setup = ws.page_setup
    setup.paperSize = PAPER_SIZES[layout.paper][0]
    setup.orientation = "landscape" if layout.landscape else "portrait"
    ws.page_margins = MARGINS
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "&A — page &P of &N"
    if layout.columns and layout.columns < len(columns):
        ws.print_area = f"A1:{get_column_letter(layout.columns)}{MAX_ROW}"
    scale = fit_scale(printed, layout)
    if scale >= MIN_SCALE:
        setup.fitToWidth = 1
        setup.fitToHeight = 0  # rows flow over as many pages as they need
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        setup.scale = max(round(MIN_SCALE * 100) + 1, 10)
        setup.pageOrder = "overThenDown"  # a row's pages side by side
        ws.print_title_cols = "A:A"
