"""What an outside spreadsheet or CSV is read into, and how its problems are named.

Plain data, no openpyxl: the importers (``inbound.questionnaire``, ``inbound.inventory``) are pure
functions over a ``Book``/``Sheet``, so tests and the fuzz test build one directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from vendor_review.domain.text_rules import is_clean, visible
from vendor_review.service.errors import ValidationError

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell: reported, never evaluated (``text`` starts with ``=``)."""

    text: str


@dataclass(frozen=True, slots=True)
class CellError:
    """An error value such as ``#N/A`` or ``#DIV/0!``."""

    code: str


Scalar = str | int | float | bool | datetime | date | time | timedelta
CellValue = Scalar | Formula | CellError | None


@dataclass(frozen=True)
class Sheet:
    """Rows as read (row 1 first); ``csv`` sheets name places by file and row."""

    title: str
    rows: list[tuple[CellValue, ...]]
    state: str | None = "visible"
    csv_name: str | None = None

    def __post_init__(self) -> None:
        """Text from a file is kept as the visible form of any control, bidi or invisible
        character it holds (``domain.text_rules``): ESC is stored as ``␛``."""
        if any(
            isinstance(v, str) and not is_clean(v, multiline=True) for r in self.rows for v in r
        ):
            object.__setattr__(self, "rows", [tuple(visible_cell(v) for v in r) for r in self.rows])

    def cell(self, row: int, column: int) -> CellValue:
        """The value at 1-based ``row``/``column`` (None outside what was read)."""
        if 1 <= row <= len(self.rows):
            values = self.rows[row - 1]
            if 1 <= column <= len(values):
                return values[column - 1]
        return None

    def where(self, row: int, column: int | None = None) -> str:
        """``Questions!D14`` (or ``vendors.csv row 14, column D`` for a CSV file)."""
        if self.csv_name is not None:
            place = f"{self.csv_name} row {row}"
            return place if column is None else f"{place}, column {column_letter(column)}"
        if column is None:
            return f"{sheet_ref(self.title)}!{row}:{row}"
        return f"{sheet_ref(self.title)}!{column_letter(column)}{row}"


@dataclass(frozen=True)
class Book:
    name: str
    sha256: str
    titles: list[str]
    sheets: dict[str, Sheet]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, at one place; fatal ones stop anything being stored."""

    where: str
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Problems:
    """A base of what a reading gives: its ``problems``, split into the fatal ones (they
    stop anything being stored) and the warnings."""

    problems: tuple[Problem, ...]

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.fatal]


class RefusedFile(ValidationError):
    """A file that is not read at all; ``str()`` is one line naming the file."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{inert(name)}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20 * MIB
    max_members: int = 500
    max_directory: int = 1 * MIB
    max_unpacked: int = 32 * MIB
    max_ratio: float = 100.0
    ratio_from: int = 1 * MIB
    """Members unpacking to less than this are not ratio-checked (small XML packs well)."""
    max_rows: int = 10_000
    max_columns: int = 50
    max_depth: int = 200
    """An HTML page nested deeper than this is refused (browsers stop near 512)."""
    max_elements: int = 200_000
    """An HTML page with more elements than this is refused."""
    max_seconds: float = 20.0
    """Reading a page or list that takes longer than this is refused."""


LIMITS = Limits()


@dataclass(frozen=True)
class Upload:
    """The bytes of one outside file, read once; ``sha256`` is of exactly these bytes."""

    name: str
    suffix: str
    data: bytes = field(repr=False)
    sha256: str


def column_letter(column: int) -> str:
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_SIMPLE_TITLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def sheet_ref(title: str) -> str:
    """A sheet name as a formula writes it: ``Questions`` or ``'My sheet'``."""
    if _SIMPLE_TITLE.match(title):
        return title
    return "'" + inert(title).replace("'", "''") + "'"


def inert(text: str, limit: int | None = None) -> str:
    """Outside text fit to print on one terminal line: what ``text_rules.visible`` shows
    as symbols (ESC as ``␛``, U+202E as ``⟨U+202E⟩``, a line break as ``␊``), anything
    else not printable escaped (``\\xa0``), nothing interpreted. ``limit`` clips with an
    ellipsis."""
    out = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in visible(text))
    if limit is not None and len(out) > limit:
        return out[: limit - 1] + "…"
    return out


def shown(value: object, limit: int = 60) -> str:
    """A cell or answer value as it reads in a message: quoted text, plain numbers."""
    if isinstance(value, str):
        return "'" + inert(value, limit) + "'"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return inert(str(value), limit)


def visible_cell(value: CellValue) -> CellValue:
    """A cell read from a file, with any control, bidi or invisible character visible."""
    if isinstance(value, str):
        return visible(value, multiline=True)
    if isinstance(value, Formula):
        return Formula(visible(value.text, multiline=True))
    return value
