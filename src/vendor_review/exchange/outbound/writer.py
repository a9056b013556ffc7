"""One table per sheet in openpyxl's write-only mode: typed cells, text never a formula.

``TableSheet`` writes the header (bold, filled, frozen, repeated on every printed page),
then rows as they come, and on ``close`` sets the autofilter and the conditional formats
(openpyxl writes those after the rows, so they can wait until the row count is known).
How it prints (paper, print area, a scale never below 8 pt) is ``print_layout``'s.
Column widths and the frozen pane are written before the first row: they come from the
``Column`` specs, not from the data, which is streamed and never held.

Cells are typed by value: ``str`` is always stored as text (an inline string: never a
formula, never an error value; ``TextGuard`` cleans it and formula-like text gets the
quote prefix), ``date``/``datetime`` as Excel dates (datetimes in UTC), numbers as
numbers in the column's format.

Speed (issue 14): rows never become openpyxl cells. What each column needs is decided once,
when the sheet is made: the style of its text and of its numbers (none at all for text in
a plain column and numbers in a ``General`` column; wrapped text is top-aligned, the rest
keeps Excel's default). The rarer variants (the quote prefix, a date, a link, a text
showing control pictures) are looked up once per column. Each row is then written as one
``<row>`` of XML text into the sheet's stream (``row_stream``): what openpyxl would write
for the same cells, without an object per cell.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import WINDOWS_EPOCH, to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from vendor_review.exchange.cells import TextGuard, needs_quote
from vendor_review.exchange.outbound.print_layout import PrintLayout, set_up_printing
from vendor_review.exchange.outbound.row_stream import RowStream, xml_text


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


_PLAIN_TEXT_KINDS = frozenset({Kind.TEXT})
_PLAIN_NUMBER_KINDS = frozenset({Kind.TEXT, Kind.WRAP, Kind.NUMBER})
"""Columns whose numbers need no number format (Excel's General)."""
_WINDOWS_DAY_ZERO: int = WINDOWS_EPOCH.toordinal()


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
        self._unlocked = unlocked
        self._styles: dict[tuple[int, str], str] = {}
        self._letters = [get_column_letter(i) for i in range(1, len(self.columns) + 1)]
        self._epoch = ws.parent.epoch
        positions = range(len(self.columns))
        # Decided once per column: the style attribute of its text and of its numbers.
        self._text = [self._style(i, "text") for i in positions]
        self._number = [self._style(i, "number") for i in positions]
        self._wrapped = [
            (i, max(1, int(c.width * TEXT_CHARS)))
            for i, c in enumerate(self.columns)
            if c.kind is Kind.WRAP
        ]
        for index, column in enumerate(self.columns, 1):
            ws.column_dimensions[get_column_letter(index)].width = column.width
        ws.freeze_panes = "A2"
        set_up_printing(ws, self.columns, printing or PrintLayout())
        self._stream = RowStream(ws)  # everything before the rows is set by now
        lines = max(_lines(c.header, c.width, HEADER_CHARS) for c in self.columns)
        style = self._header_style()
        self._stream.row(
            f'<row r="1"{_height(LINE_HEIGHT * lines + ROW_PADDING)}>'
            + "".join(_text_cell(f"{letter}1", style, c.header) for letter, c in self._cells())
            + "</row>"
        )

    @property
    def last_row(self) -> int:
        """The sheet row of the latest data row (1 is the header)."""
        return self.rows + 1

    def append(self, values: Sequence[Any], links: Mapping[int, str] | None = None) -> int:
        """Write one row; ``links`` maps column positions to in-workbook locations
        (``'Answers'!A2:P9``). Returns the sheet row written."""
        row = self.rows + 2
        suffix = str(row)
        letters, texts, numbers = self._letters, self._text, self._number
        clean = self.guard.clean
        cells: list[str] = []
        add = cells.append
        for index, value in enumerate(values):
            if value is None:
                continue
            ref = letters[index] + suffix
            kind = type(value)
            if links and index in links:
                add(self._link(ref, index, value, links[index]))
            elif kind is str:
                if not value:  # an empty cell that keeps its style (unlocked: editable)
                    add(f'<c r="{ref}"{texts[index]} t="inlineStr"/>')
                    continue
                quoted = needs_quote(value)  # of the text as given: cleaning escapes CR
                value = clean(value)
                marked = marks(value) is not None
                style = (
                    self._style(index, _text_variant(quoted, marked))
                    if quoted or marked
                    else texts[index]
                )
                add(_text_cell(ref, style, value))
            elif kind is int:
                add(f'<c r="{ref}"{numbers[index]} t="n"><v>{value}</v></c>')
            elif kind is float:
                add(f'<c r="{ref}"{numbers[index]} t="n"><v>{_float(value)}</v></c>')
            elif kind is datetime:
                if value.tzinfo is not None:
                    value = value.astimezone(UTC).replace(tzinfo=None)
                serial = self._serial(value)
                style = self._style(index, "datetime")
                add(f'<c r="{ref}"{style} t="n"><v>{_float(serial)}</v></c>')
            elif kind is date:
                serial = self._serial(value)
                add(f'<c r="{ref}"{self._style(index, "date")} t="n"><v>{serial}</v></c>')
            else:
                add(self._cell(ref, index, value))
        lines = 1
        for index, per_line in self._wrapped:  # a row height must be written with the row
            value = values[index]
            if type(value) is str and (len(value) > per_line or "\n" in value):
                lines = max(lines, _wrapped_lines(value, per_line))
        height = (
            _height(min(LINE_HEIGHT * lines + ROW_PADDING, MAX_ROW_HEIGHT)) if lines > 1 else ""
        )
        self._stream.row(f'<row r="{suffix}"{height}>{"".join(cells)}</row>')
        self.rows += 1
        return row

    def close(self) -> None:
        """Autofilter over the whole table and the conditional formats, then finish the
        sheet's stream (the workbook copies it when saved). Call once, after the last row."""
        last_col = get_column_letter(len(self.columns))
        end = max(self.last_row, 2)
        self.ws.auto_filter.ref = f"A1:{last_col}{self.last_row}"
        for letter, column in self._cells():
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
        self._stream.close()

    def abandon(self) -> None:
        """After a failure: let go of the sheet's file (``close`` was not reached)."""
        self._stream.abandon()

    # --- cells --------------------------------------------------------------------------

    def _cells(self) -> zip[tuple[str, Column]]:
        return zip(self._letters, self.columns, strict=True)

    def _cell(self, ref: str, index: int, value: Any) -> str:
        """A value of a type the row loop does not expect (a ``str`` or number subclass,
        an enum …): typed by what it is an instance of."""
        if isinstance(value, str):
            quoted = needs_quote(value)
            value = self.guard.clean(str(value))
            style = self._style(index, _text_variant(quoted, marks(value) is not None))
            return _text_cell(ref, style, value)
        if isinstance(value, bool):
            raise TypeError("booleans are written as words, not TRUE/FALSE")
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            style = self._style(index, "datetime")
            return f'<c r="{ref}"{style} t="n"><v>{_float(self._serial(value))}</v></c>'
        if isinstance(value, date):
            style = self._style(index, "date")
            return f'<c r="{ref}"{style} t="n"><v>{self._serial(value)}</v></c>'
        if isinstance(value, int | float):
            return f'<c r="{ref}"{self._number[index]} t="n"><v>{_float(value)}</v></c>'
        raise TypeError(f"cannot write {type(value).__name__} to a cell")

    def _link(self, ref: str, index: int, value: Any, location: str) -> str:
        """A link to ``location`` showing ``value`` (text or a number), in link style."""
        self._stream.link(ref, location)
        style = self._style(index, "link")
        if isinstance(value, str):
            return _text_cell(ref, style, self.guard.clean(value))
        return f'<c r="{ref}"{style} t="n"><v>{_float(value)}</v></c>'

    def _serial(self, value: date) -> int | float:
        """Excel's serial number of a day or a (naive UTC) time: openpyxl's ``to_excel``,
        without its checks for the common case (the 1900 calendar, after 1900-03-01)."""
        if self._epoch == WINDOWS_EPOCH:
            days = value.toordinal() - _WINDOWS_DAY_ZERO
            if days > 60:
                if isinstance(value, datetime):
                    seconds = value.hour * 3600 + value.minute * 60 + value.second
                    return days + (seconds + value.microsecond / 10**6) / 86400
                return days
        serial: int | float = to_excel(value, self._epoch)
        return serial

    def _style(self, index: int, variant: str) -> str:
        """The ``s`` attribute of the cells of one column and variant ("text", "quoted",
        "text-marked", "number", "date", "datetime", "link"), empty when none is needed."""
        key = (index, variant)
        found = self._styles.get(key)
        if found is None:
            found = self._styles[key] = self._make_style(index, variant)
        return found

    def _make_style(self, index: int, variant: str) -> str:
        kind = self.columns[index].kind
        if index not in self._unlocked and (
            (variant == "text" and kind in _PLAIN_TEXT_KINDS)
            or (variant == "number" and kind in _PLAIN_NUMBER_KINDS)
        ):
            return ""
        cell = WriteOnlyCell(self.ws)
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
        return _style_attr(cell)

    def _header_style(self) -> str:
        cell = WriteOnlyCell(self.ws)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.fill = PatternFill(start_color=HEADER_FILL, end_color=HEADER_FILL, fill_type="solid")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = Border(bottom=Side(style="thin"))
        return _style_attr(cell)


def _style_attr(cell: WriteOnlyCell) -> str:
    """The ``s`` attribute for cells styled as ``cell`` (its style added to the workbook);
    empty for a cell left in the default style."""
    if cell._style is None:
        return ""
    return f' s="{cell.parent.parent._cell_styles.add(cell._style)}"'


def _text_cell(ref: str, style: str, text: str) -> str:
    """An inline-string cell of (cleaned) ``text``."""
    if not text:
        return f'<c r="{ref}"{style} t="inlineStr"/>'
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'


def _float(value: float) -> str:
    """A number as openpyxl writes it (16 significant digits; NaN and infinity empty)."""
    return f"{value:.16g}" if math.isfinite(value) else ""


def _height(points: float) -> str:
    return f' ht="{_float(points)}" customHeight="1"'


def _text_variant(quoted: bool, marked: bool) -> str:
    return ("quoted" if quoted else "text") + ("-marked" if marked else "")


def _lines(text: str, width: float, chars_per_unit: float) -> int:
    """Estimated lines ``text`` wraps to in a column ``width`` wide.

    Row heights are written because LibreOffice (and a printout made with it) keeps the
    default height for wrapped text; Excel would fit rows itself, but honours them too."""
    return _wrapped_lines(text, max(1, int(width * chars_per_unit)))


def _wrapped_lines(text: str, per_line: int) -> int:
    if len(text) <= per_line and "\n" not in text:
        return 1
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
