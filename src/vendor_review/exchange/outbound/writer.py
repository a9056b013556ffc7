"""One table per sheet in openpyxl's write-only mode: typed cells, text never a formula.

``TableSheet`` writes the header (bold, filled, frozen, repeated on every printed page),
then rows as they come, and on ``close`` sets the autofilter and the conditional formats
(openpyxl writes those after the rows, so they can wait until the row count is known).
How it prints (paper, print area, a scale never below 8 pt) is ``print_layout``'s.
Column widths and the frozen pane are written before the first row: they come from the
``Column`` specs, not from the data, which is streamed and never held.

Cells are typed by value: ``str`` is always stored as text (``TextGuard`` cleans it and
formula-like text gets the quote prefix), ``date``/``datetime`` as Excel dates (datetimes
in UTC), numbers as numbers in the column's format.

Speed (issue 14): what each column needs is decided once, when the sheet is made. Text in
a plain column and numbers in a ``General`` column are written with no style at all.
Everything else (wrapped text, number and date formats, the quote prefix, a text that
looks like an Excel error code, a link) gets the style id of a ``_Preset`` cell per
(column, variant), looked up once. After the header, rows do not become openpyxl cells:
``append`` makes each row a list of ``(column, value, style id, type, link)`` and
``_write_row`` serialises it as one ``<row>`` element (built in C by lxml, written once)
into openpyxl's write-only stream — what openpyxl would write for the same cells, without
a cell object, a context manager and an attribute lookup chain per cell.
Cells are bottom-aligned as Excel's default except wrapped ones, which are top-aligned.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.compat import safe_string
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.xml.functions import XML_NS, Element, SubElement

from vendor_review.exchange.cells import TextGuard, needs_quote
from vendor_review.exchange.outbound.print_layout import PrintLayout, set_up_printing


class Kind(StrEnum):
    TEXT = "text"
    WRAP = "wrap"
    INT = "int"
    SCORE = "score"
    PERCENT = "percent"
    NUMBER = "number"
    DATE = "date"
    DATETIME = "datetime"


NUMBER_FORMATS = {
    Kind.INT: "0",
    Kind.SCORE: "0.0",
    Kind.PERCENT: "0%",
    Kind.NUMBER: "General",
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

LEVELS: dict[str, tuple[str, str]] = {
    "critical": ("C00000", "FFFFFF"),
    "high": ("F8CBAD", "833C0B"),
    "medium": ("FFEB9C", "7F6000"),
    "low": ("C6EFCE", "006100"),
}
"""Fill and font colour of each rating (and severity, inherent risk)."""
BANDS = {"poor": "critical", "weak": "high", "adequate": "medium", "strong": "low"}
"""Control bands wear the colour of the rating they lead to at medium inherent risk."""
LINE_HEIGHT = 15.0
"""Points per line of Calibri 11, the workbook's font."""
ROW_PADDING = 2.0
MAX_ROW_HEIGHT = 409.0
"""Excel's tallest row, in points."""
TEXT_CHARS = 1.1
HEADER_CHARS = 0.9
"""Characters of ordinary (bold) text per unit of column width, a little under the
average, so an estimated row is rather a line too tall than a line too short."""
FONT = "Calibri"
OVERDUE_FONT = "C00000"
HEADER_FILL = "D9E1F2"
LINK_FONT = "0563C1"
MARKS_FONT = "DejaVu Sans"
"""The font of a cell showing control pictures (␇, ␛) or ⟨U+XXXX⟩ marks: Calibri has no
such glyphs (printed, they were empty boxes); DejaVu Sans, on most LibreOffice installs,
has them all."""
marks = re.compile("[\u2400-\u2426\u27e8\u27e9]").search


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: Kind = Kind.TEXT
    coloured: bool = False
    """Ratings/severities/bands coloured by conditional formatting."""
    overdue: bool = False
    """Negative numbers (days past a due date) in bold red."""


def level_fill(word: str) -> PatternFill:
    colour = LEVELS[BANDS.get(word, word)][0]
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def level_font(word: str, *, bold: bool = False) -> Font:
    return Font(color=LEVELS[BANDS.get(word, word)][1], bold=bold)


class _Preset(Cell):  # type: ignore[misc]
    """A pooled openpyxl cell whose style id is looked up once, not once per cell.

    openpyxl asks every styled cell for ``style_id`` when it writes it, which hashes the
    cell's style into the workbook's style list; a pooled cell never changes style, so the
    id is kept. (A subclass only to override that one lookup.)"""

    __slots__ = ("_fixed_style_id",)

    def freeze_style(self) -> None:
        self._fixed_style_id: int = self.parent.parent._cell_styles.add(self._style)

    @property
    def style_id(self) -> int:
        return self._fixed_style_id


_PLAIN_TEXT_KINDS = frozenset({Kind.TEXT})
_PLAIN_NUMBER_KINDS = frozenset({Kind.TEXT, Kind.WRAP, Kind.NUMBER})
"""Columns whose numbers need no number format (Excel's General)."""


class TableSheet:
    """A write-only worksheet holding one table with a header row."""

    def __init__(
        self,
        ws: WriteOnlyWorksheet,
        columns: Sequence[Column],
        guard: TextGuard,
        *,
        unlocked: frozenset[int] = frozenset(),
        printing: PrintLayout | None = None,
    ) -> None:
        """``unlocked``: positions of the columns whose cells stay editable on a
        protected sheet; ``printing``: paper and print area (``print_layout``)."""
        self.ws = ws
        self.columns = tuple(columns)
        self.guard = guard
        self.rows = 0
        self._pool: dict[tuple[int, str], _Preset] = {}
        self._unlocked = unlocked
        self._letters = [get_column_letter(i) for i in range(1, len(self.columns) + 1)]
        self._heights: dict[int, str] = {}
        self._epoch = ws.parent.epoch
        self._plain_text = [
            c.kind in _PLAIN_TEXT_KINDS and i not in unlocked for i, c in enumerate(self.columns)
        ]
        self._plain_number = [
            c.kind in _PLAIN_NUMBER_KINDS and i not in unlocked for i, c in enumerate(self.columns)
        ]
        for index, column in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        set_up_printing(ws, self.columns, printing or PrintLayout())
        self._wrapped = [i for i, c in enumerate(self.columns) if c.kind is Kind.WRAP]
        header = max(_lines(c.header, c.width, HEADER_CHARS) for c in self.columns)
        ws.row_dimensions[1].height = LINE_HEIGHT * header + ROW_PADDING
        ws.append([self._header(c.header) for c in self.columns])
        # From here rows bypass openpyxl's cells (the module's docstring): the stream that
        # ``append`` feeds calls these two for every row.
        ws._values_to_row = _as_is
        ws._writer.write_row = self._write_row

    @property
    def last_row(self) -> int:
        """The sheet row of the latest data row (1 is the header)."""
        return self.rows + 1

    def append(self, values: Sequence[Any], links: Mapping[int, str] | None = None) -> int:
        """Write one row; ``links`` maps column positions to in-workbook locations
        (``'Answers'!A2:P9``). Returns the sheet row written."""
        cells: list[_Item] = []
        add = cells.append
        plain_text, plain_number, clean = self._plain_text, self._plain_number, self.guard.clean
        for index, value in enumerate(values):
            kind = type(value)
            if value is None:
                continue
            if links and index in links:
                add(self._link(index, value, links[index]))
            elif kind is str:
                quoted = needs_quote(value)
                value = clean(value)
                marked = marks(value) is not None
                if not (quoted or marked) and plain_text[index] and value not in ERROR_CODES:
                    add((index, value, None, "s", None))
                else:
                    style = self._styled(index, _text_variant(quoted, marked)).style_id
                    add((index, value, style, "s", None))  # text, never a formula or error
            elif (kind is int or kind is float) and plain_number[index]:
                add((index, value, None, "n", None))
            else:
                add(self._cell(index, value))
        row = self.last_row + 1
        lines = max(
            (
                _lines(values[i], self.columns[i].width, TEXT_CHARS)
                for i in self._wrapped
                if isinstance(values[i], str)
            ),
            default=1,
        )
        if lines > 1:  # a row height must be written with the row
            height = min(LINE_HEIGHT * lines + ROW_PADDING, MAX_ROW_HEIGHT)
            self._heights[row] = safe_string(height)
        self.ws.append(cells)
        self.rows += 1
        return row

    def close(self) -> None:
        """Autofilter over the whole table and the conditional formats, then finish the
        sheet's stream (the workbook copies it when saved). Call once, after the last row."""
        last_col = get_column_letter(len(self.columns))
        end = max(self.last_row, 2)
        self.ws.auto_filter.ref = f"A1:{last_col}{self.last_row}"
        for index, column in enumerate(self.columns, 1):
            letter = get_column_letter(index)
            cells = f"{letter}2:{letter}{end}"
            if column.coloured:
                for word in (*LEVELS, *BANDS):
                    self.ws.conditional_formatting.add(
                        cells,
                        CellIsRule(
                            operator="equal",
                            formula=[f'"{word}"'],
                            fill=level_fill(word),
                            font=level_font(word, bold=BANDS.get(word, word) == "critical"),
                        ),
                    )
            if column.overdue:
                self.ws.conditional_formatting.add(
                    cells,
                    CellIsRule(
                        operator="lessThan",
                        formula=["0"],
                        font=Font(color=OVERDUE_FONT, bold=True),
                    ),
                )
        self.ws.close()
        # openpyxl keeps every hyperlink it wrote (an object each, ~300 bytes) for as long
        # as the workbook lives; written, they are not needed, and at 10,000 vendors they
        # would be most of what the export's memory grows by.
        self.ws._hyperlinks.clear()

    # --- cells --------------------------------------------------------------------------

    def _write_row(self, xf: Any, row: list[_Item], row_idx: int) -> None:
        """One ``<row>`` as openpyxl writes it (inline strings, numbers, dates as serial
        numbers), built as a tree and written at once."""
        attrs = {"r": str(row_idx)}
        height = self._heights.pop(row_idx, None)
        if height is not None:
            attrs["ht"] = height
            attrs["customHeight"] = "1"
        element = Element("row", attrs)
        suffix = attrs["r"]
        letters = self._letters
        for index, value, style, kind, link in row:
            ref = letters[index] + suffix
            cell_attrs = {"r": ref}
            if style is not None:
                cell_attrs["s"] = str(style)
            if kind == "s":
                cell_attrs["t"] = "inlineStr"
                cell = SubElement(element, "c", cell_attrs)
                if value:
                    inline = SubElement(cell, "is")
                    space = {f"{{{XML_NS}}}space": "preserve"} if value != value.strip() else {}
                    SubElement(inline, "t", space).text = value
            else:
                cell_attrs["t"] = "n"
                if kind == "d":
                    value = to_excel(value, self._epoch)
                SubElement(SubElement(element, "c", cell_attrs), "v").text = safe_string(value)
            if link is not None:
                self.ws._hyperlinks.append(Hyperlink(ref=ref, location=link))
        xf.write(element)

    def _header(self, text: str) -> Cell:
        cell = WriteOnlyCell(self.ws, value=text)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.fill = PatternFill(start_color=HEADER_FILL, end_color=HEADER_FILL, fill_type="solid")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=Side(style="thin"))
        return cell

    def _cell(self, index: int, value: Any) -> _Item:
        if isinstance(value, str):
            quoted = needs_quote(value)  # of the text as given: cleaning escapes CR
            value = self.guard.clean(value)
            style = self._styled(index, _text_variant(quoted, marks(value) is not None))
            return (index, value, style.style_id, "s", None)
        if isinstance(value, bool):
            raise TypeError("booleans are written as words, not TRUE/FALSE")
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            return (index, value, self._styled(index, "datetime").style_id, "d", None)
        if isinstance(value, date):
            return (index, value, self._styled(index, "date").style_id, "d", None)
        if isinstance(value, int | float):
            return (index, value, self._styled(index, "number").style_id, "n", None)
        raise TypeError(f"cannot write {type(value).__name__} to a cell")

    def _styled(self, index: int, variant: str) -> Cell:
        cell = self._pool.get((index, variant))
        if cell is None:
            cell = _Preset(self.ws, row=1, column=1)
            kind = self.columns[index].kind
            if variant == "link":
                cell.font = Font(name=FONT, size=11, color=LINK_FONT, underline="single")
                cell.alignment = Alignment(vertical="top")
            elif kind is Kind.WRAP:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            if variant.startswith("quoted"):
                cell.quotePrefix = True
            if variant.endswith("marked"):
                cell.font = Font(name=MARKS_FONT, size=11)
            elif variant == "date":
                cell.number_format = DATE_FORMAT
            elif variant == "datetime":
                cell.number_format = DATETIME_FORMAT
            elif variant == "number":
                cell.number_format = NUMBER_FORMATS.get(kind, "General")
            if index in self._unlocked:
                cell.protection = Protection(locked=False)
            cell.freeze_style()
            self._pool[(index, variant)] = cell
        return cell

    def _link(self, index: int, value: Any, location: str) -> _Item:
        """A link to ``location`` showing ``value`` (text or a number), in link style."""
        style = self._styled(index, "link").style_id
        if isinstance(value, str):
            return (index, self.guard.clean(value), style, "s", location)
        return (index, value, style, "n", location)


_Item = tuple[int, Any, int | None, str, str | None]
"""A cell of a row: column position, value, style id (None: no style), type ("s" text,
"n" number, "d" date or datetime) and the location it links to."""


def _as_is(values: list[_Item], row_idx: int) -> list[_Item]:
    return values


def _text_variant(quoted: bool, marked: bool) -> str:
    return ("quoted" if quoted else "text") + ("-marked" if marked else "")


def _lines(text: str, width: float, chars_per_unit: float) -> int:
    """Estimated lines ``text`` wraps to in a column ``width`` wide.

    Row heights are written because LibreOffice (and a printout made with it) keeps the
    default height for wrapped text; Excel would fit rows itself, but honours them too."""
    per_line = max(1, int(width * chars_per_unit))
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
