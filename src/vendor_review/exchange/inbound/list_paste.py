"""A list as pasted into a spreadsheet, repaired (issue 9 item 3): blank rows skipped; a
row repeating the header, or a one-cell title row before a header row, starts a new block
(reported, never a vendor); a row with an empty name whose other cells continue the row
above (Excel's split of a multi-line cell) is joined to it. Pure: a ``Grid`` in, one
``Draft`` per vendor row out.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from typing import Any

from vendor_review.domain.text_rules import is_clean
from vendor_review.exchange.inbound.answer_cells import cell_text
from vendor_review.exchange.inbound.list_headers import (
    LISTS,
    SYNONYMS,
    ColumnUse,
    header_key,
    map_columns,
)
from vendor_review.exchange.inbound.tables import (
    CellError,
    CellValue,
    Formula,
    Problem,
    shown,
    visible_cell,
)

LOWERED = frozenset({"kind", "data_access", "criticality"})
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")


@dataclass(frozen=True)
class Grid:
    """One table of a source: numbered rows of cells; ``place(row, column)`` names a cell
    the way the source does ("vendors.csv row 4, column B", "Sheet1!B4")."""

    title: str | None
    rows: tuple[tuple[int, tuple[CellValue, ...]], ...]
    place: Callable[[int, int | None], str]
    preset: tuple[str, ...] = ()
    """The fields of the columns when the source says them (a page's bullet list has no
    header row: its items are read as name, purpose, regions)."""
    links: Mapping[int, Mapping[int, str]] = field(default_factory=dict)
    """Row → column → the web link a page's cell holds (a linked name gives the website)."""

    def __post_init__(self) -> None:
        """Text from a file keeps control, bidi and invisible characters only in their
        visible form (``domain.text_rules``: ESC as ``␛``), as ``tables.Sheet`` does."""
        if any(isinstance(v, str) and not is_clean(v, multiline=True)
               for _, cells in self.rows for v in cells):  # fmt: skip
            rows = tuple((n, tuple(visible_cell(v) for v in cells)) for n, cells in self.rows)
            object.__setattr__(self, "rows", rows)


@dataclass(frozen=True, slots=True)
class Block:
    """Where a new part of the list starts: a title row, a repeated header row, a table of
    a page; ``kind`` says which, ``text`` is what the row or caption said."""

    row: int
    where: str
    kind: str
    text: str


@dataclass
class Draft:
    """One vendor row of the list (with any rows that continue it)."""

    rows: list[int]
    where: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class GridResult:
    drafts: list[Draft] = field(default_factory=list)
    uses: list[ColumnUse] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    named: bool = False
    """Whether any header row of the grid named the vendor (a name column was found)."""


def _texts(cells: tuple[CellValue, ...]) -> list[tuple[int, str]]:
    return [
        (i, " ".join(cell_text(v).split()))
        for i, v in enumerate(cells, 1)
        if v is not None and cell_text(v).strip()
    ]


def _uses(
    grid: Grid, row: int, cells: list[tuple[int, str]], mapping: Mapping[str, str] | None
) -> list[ColumnUse]:
    return [
        ColumnUse(u.column, u.header, u.field, u.why, grid.place(row, u.column))
        for u in map_columns(cells, mapping)
    ]


def _header_like(
    cells: list[tuple[int, str]],
    keys: tuple[str, ...],
    mapping: Mapping[str, str] | None,
    first: bool,
) -> bool:
    """A header row: a column names the vendor, and (after the first header) at least two
    cells and most of them are known headers."""
    wanted = {header_key(h) for h in (mapping or {})}
    known = sum(1 for k in keys if k in SYNONYMS or k in wanted)
    if not known or (not first and (known < 2 or 2 * known < len(keys))):
        return False
    return any(u.field == "name" for u in map_columns(cells, mapping))


def read_grid(
    grid: Grid,
    mapping: Mapping[str, str] | None,
    problems: list[Problem],
    deadline: float,
) -> GridResult:
    """The grid's vendor rows, blocks and column uses."""
    out = GridResult()
    columns: list[ColumnUse] | None = None
    if grid.preset:
        where = grid.place(grid.rows[0][0], None) if grid.rows else ""
        columns = [ColumnUse(i, f, f, "list item", where) for i, f in enumerate(grid.preset, 1)]
        out.named = "name" in grid.preset
    header_keys: tuple[str, ...] | None = None
    held: tuple[int, tuple[CellValue, ...], str] | None = None
    """A one-cell row: a title if a header row follows it, else what it looks like."""
    last: Draft | None = None
    header_at, read_since = 0, 0
    for index, (row, cells) in enumerate(grid.rows):
        if index % 256 == 0 and time.monotonic() > deadline:
            problems.append(Problem(grid.place(row, None), "took too long to read; stopped"))
            return out
        texts = _texts(cells)
        if not texts:
            continue
        keys = tuple(header_key(t) for _, t in texts)
        repeat = columns is not None and keys == header_keys
        if repeat or _header_like(texts, keys, mapping, first=columns is None):
            if held is not None:
                out.blocks.append(Block(held[0], grid.place(held[0], None), "title", held[2]))
                held = None
            elif repeat:
                out.blocks.append(Block(row, grid.place(row, None), "repeated header", texts[0][1]))
            elif header_keys is not None and len(header_keys) == 1 and not read_since:
                # a one-cell "Subprocessors" above the real header was a title after all
                first_use = out.uses.pop()
                out.blocks.append(Block(header_at, first_use.where, "title", first_use.header))
            elif header_keys is not None:
                out.blocks.append(Block(row, grid.place(row, None), "header", texts[0][1]))
            if not repeat:
                header_at, read_since = row, 0
                columns = _uses(grid, row, texts, mapping)
                header_keys = keys
                out.uses.extend(columns)
                out.named = True
            last = None
            continue
        if held is not None:  # no header after it: not a title
            last = _plain(grid, held, columns, last, out, problems)
            held = None
        read_since += 1
        if len(texts) == 1 and not grid.preset:
            held = (row, cells, texts[0][1])
            continue
        last = _plain(grid, (row, cells, texts[0][1]), columns, last, out, problems)
    if held is not None:
        _plain(grid, held, columns, last, out, problems)
    return out


def _plain(
    grid: Grid,
    line: tuple[int, tuple[CellValue, ...], str],
    columns: list[ColumnUse] | None,
    last: Draft | None,
    out: GridResult,
    problems: list[Problem],
) -> Draft | None:
    """A row that is neither a header nor a title: above the first header it is text
    before the table (reported), below it a vendor or the continuation of one."""
    row, cells, text = line
    if columns is None:
        out.blocks.append(Block(row, grid.place(row, None), "before the header", text))
        return None
    return _row(grid, row, cells, columns, last, out, problems)


def _row(
    grid: Grid,
    row: int,
    cells: tuple[CellValue, ...],
    columns: list[ColumnUse],
    last: Draft | None,
    out: GridResult,
    problems: list[Problem],
) -> Draft | None:
    values: dict[str, Any] = {}
    for use in columns:
        if use.field is None or use.column > len(cells):
            continue
        raw = cells[use.column - 1]
        if isinstance(raw, Formula | CellError):
            what = (
                f"a formula ({shown(raw.text)}), never evaluated"
                if isinstance(raw, Formula)
                else f"the error value {raw.code}"
            )
            problems.append(
                Problem(grid.place(row, use.column), f"{what}; the cell is left out", fatal=False)
            )
            continue
        value = _value(use.field, raw, partial(grid.place, row, use.column), problems)
        if value:
            if use.field in LISTS:
                values.setdefault(use.field, []).extend(value)
            else:
                values.setdefault(use.field, value)
    if not values:
        return last
    if "name" in values:
        parent = last.fields.get("parent") if last is not None else None
        if parent and "parent" not in values and any(u.field == "parent" for u in columns):
            values["parent"] = parent  # the "Company" cell was merged over these rows
        if grid.links and "website" not in values:
            values.update(_linked_website(grid, row, columns))
        draft = Draft([row], grid.place(row, None), values)
        out.drafts.append(draft)
        return draft
    if last is None:
        problems.append(
            Problem(
                grid.place(row, None),
                "a row without a name and no row above it to continue; left out",
                fatal=False,
            )
        )
        return None
    _continue(last, row, values)
    return last


def _linked_website(grid: Grid, row: int, columns: list[ColumnUse]) -> dict[str, str]:
    """The link of a page's name cell as the website, where no column gives one."""
    if any(u.field == "website" for u in columns):
        return {}
    for use in columns:
        link = grid.links.get(row, {}).get(use.column) if use.field == "name" else None
        if link:
            return {"website": link}
    return {}


def _continue(draft: Draft, row: int, values: dict[str, Any]) -> None:
    """Join a row that continues ``draft`` (Excel's split of a multi-line cell)."""
    draft.rows.append(row)
    for name, value in values.items():
        have = draft.fields.get(name)
        if name in LISTS:
            draft.fields[name] = [*(have or []), *value]
        elif have is None:
            draft.fields[name] = value
        elif isinstance(have, str) and isinstance(value, str):
            draft.fields[name] = f"{have} {value}"


def _value(name: str, raw: CellValue, where: Callable[[], str], problems: list[Problem]) -> Any:
    if name == "dpa_signed_on":
        return _date(raw, where, problems)
    text = cell_text(raw).strip()
    if not text:
        return None
    if name == "regions":
        return split_regions(text)
    if name == "purpose":
        return purposes(text)
    if name == "notes":
        return [text]
    text = " ".join(text.split())
    return text.lower() if name in LOWERED else text


def _date(raw: CellValue, where: Callable[[], str], problems: list[Problem]) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = " ".join(cell_text(raw).split())
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    problems.append(
        Problem(where(), f"{shown(text)} is not a date (YYYY-MM-DD); left out", fatal=False)
    )
    return None


def purposes(text: str) -> list[str]:
    """A purpose cell's purposes, one a line ("Hosting\nObject storage"), except that a line
    ending in ``:`` ``,`` ``-`` ``(`` or followed by a lower-case line continues
    ("Cloud service provider:\nhosting" is one)."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    out: list[str] = []
    for line in lines:
        if out and (out[-1].endswith((":", ",", "-", "(", "&", " and")) or line[0].islower()):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


_SEPARATORS = re.compile(r"[;,\n]")


def split_regions(text: str) -> list[str]:
    """A regions cell as its places: split on newlines, ``;`` and ``,`` except inside
    brackets ("EU (Frankfurt, Dublin)" stays one)."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and _SEPARATORS.match(ch):
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [" ".join(p.split()) for p in parts if p.strip()]
