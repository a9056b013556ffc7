"""A published subprocessor list, read as pasted (issue 9 items 1, 3, 4 and 9).

    listed = read_vendor_list(Path("github-subprocessors.xlsx"), mapping={"Firm": "name"})
    listed.mapping     # each header → field (or left out), and why
    listed.blocks      # title rows, repeated headers, tables: where a new part starts
    listed.rows        # one ListedVendor per company (same name key, same parent)
    listed.problems    # fatal ones mean nothing may be stored

Sources: CSV (``,`` ``;`` or tab; UTF-8, else Windows-1252, else detected), the visible
worksheets of an ``.xlsx`` workbook (a hidden one is reported, not read), an HTML page saved
from a browser (every table; without one, definition and bullet lists), Markdown pipe
tables; ``table=N`` picks one sheet or table. Every source is bounded before and
while it is parsed (``tables.Limits``: bytes, rows, columns, HTML depth and elements, time)
and refused with ``RefusedFile`` past a bound. Nothing here touches the inventory: matching
against stored vendors and storing is ``inventory``'s.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vendor_review.domain.wording import counted
from vendor_review.exchange.inbound.list_headers import (
    FIELDS,
    ColumnUse,
    header_key,
    parse_mapping,
)
from vendor_review.exchange.inbound.list_html import list_rows, read_page
from vendor_review.exchange.inbound.list_markdown import read_markdown
from vendor_review.exchange.inbound.list_merge import ListedVendor, merge_drafts
from vendor_review.exchange.inbound.list_paste import Block, Draft, Grid, read_grid
from vendor_review.exchange.inbound.list_text import csv_grid, decode, sheet_grid
from vendor_review.exchange.inbound.tables import (
    LIMITS,
    CellValue,
    Limits,
    Problem,
    Problems,
    RefusedFile,
    Upload,
    shown,
)
from vendor_review.exchange.inbound.untrusted import load, read_xlsx

__all__ = [
    "FIELDS",
    "SOURCES",
    "Block",
    "ColumnUse",
    "ListedVendor",
    "SourceKind",
    "VendorList",
    "parse_mapping",
    "read_vendor_list",
]

Place = Callable[[int, int | None], str]
SourceKind = Literal["csv", "xlsx", "html", "markdown"]
SOURCES: dict[str, SourceKind] = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}


@dataclass(frozen=True)
class VendorList(Problems):
    """What a list file says, before anything is matched or stored."""

    file: str
    sha256: str
    source_kind: SourceKind
    encoding: str | None
    """The text encoding (None for a workbook)."""
    encoding_note: str | None
    """Said to the reader when the text was not UTF-8 ("decoded as Windows-1252 …")."""
    mapping: tuple[ColumnUse, ...]
    blocks: tuple[Block, ...]
    rows: tuple[ListedVendor, ...]
    problems: tuple[Problem, ...]

    @property
    def ignored(self) -> list[ColumnUse]:
        """The columns left out (unknown, mapped to ``ignore``, or a second one)."""
        return [u for u in self.mapping if u.field is None]

    @property
    def source(self) -> str:
        return f"sha256:{self.sha256}"


def read_vendor_list(
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    strict: bool = False,
    table: int | None = None,
    limits: Limits = LIMITS,
) -> VendorList:
    """Read ``path`` as a vendor list (``RefusedFile`` when it is refused whole; every other
    problem is in ``problems``, fatal or a warning, by place)."""
    path = Path(path)
    upload = load(path, tuple(SOURCES), limits)
    kind = SOURCES[upload.suffix]
    deadline = time.monotonic() + limits.max_seconds
    problems: list[Problem] = []
    if mapping:  # fields as the CLI spells them ("legal entity"); a bad one is one message
        mapping = parse_mapping(f"{header}={target}" for header, target in mapping.items())
    encoding = note = None
    if kind == "xlsx":
        book = read_xlsx(upload, every=limits.max_columns, limits=limits)
        grids = []
        for sheet in book.sheets.values():
            if sheet.state != "visible":
                problems.append(Problem(upload.name, _hidden(sheet.title, sheet.state), False))
            elif any(v is not None for row in sheet.rows for v in row):
                grids.append(sheet_grid(sheet))
    else:
        decoded = decode(upload)
        encoding, note = decoded.encoding, decoded.note
        grids = _grids(upload, kind, decoded.text, limits, deadline)
    if table is not None:
        grids = _pick(upload, kind, grids, table, problems)
    uses: list[ColumnUse] = []
    blocks: list[Block] = []
    drafts: list[Draft] = []
    named = False
    for number, grid in enumerate(grids, 1):
        result = read_grid(grid, mapping, problems, deadline)
        if len(grids) > 1:
            first = grid.rows[0][0] if grid.rows else 0
            what = "list" if grid.preset else "sheet" if kind == "xlsx" else "table"
            title = grid.title or f"{what} {number}"
            if not result.named:
                blocks.append(Block(first, grid.place(first, None), "no name column", title))
                continue
            blocks.append(Block(first, grid.place(first, None), what, title))
        uses.extend(
            u for u in result.uses if (u.header, u.field) not in {(v.header, v.field) for v in uses}
        )
        blocks.extend(result.blocks)
        drafts.extend(result.drafts)
        named = named or result.named
    _check(upload, grids, uses, named, mapping, strict, problems)
    rows = merge_drafts(drafts, problems) if not any(p.fatal for p in problems) else []
    return VendorList(
        upload.name,
        upload.sha256,
        kind,
        encoding,
        note,
        tuple(uses),
        tuple(blocks),
        tuple(rows),
        tuple(problems),
    )


def _hidden(title: str, state: str | None) -> str:
    return f"sheet {shown(title)} is {state or 'hidden'}; not read (unhide it to import it)"


def _grids(
    upload: Upload, kind: SourceKind, text: str, limits: Limits, deadline: float
) -> list[Grid]:
    if kind == "csv":
        return [csv_grid(upload, text, limits)]
    if kind == "markdown":
        try:
            tables = read_markdown(text, limits.max_rows, limits.max_columns)
        except ValueError as exc:
            raise RefusedFile(upload.name, f"refused: {exc}") from None
        return [
            Grid(t.title, tuple((n, tuple[CellValue, ...](c)) for n, c in t.rows), _lines(upload))
            for t in tables
        ]
    page = read_page(upload.name, text, limits, deadline)
    raw = [(t.title, t.rows, t.links) for t in page.tables if t.rows]
    if not raw:
        raw = [(x.title, rows, {}) for x in page.lists if (rows := list_rows(x))]
    grids: list[Grid] = []
    counter = 0
    for number, (title, rows, links) in enumerate(raw, 1):
        start = counter
        numbered = [(start + i, tuple[CellValue, ...](cells)) for i, cells in enumerate(rows, 1)]
        counter += len(rows)
        linked: dict[int, dict[int, str]] = {}
        for (row, column), href in links.items():
            linked.setdefault(start + row + 1, {})[column + 1] = href
        place = _table_place(upload.name, number)
        grids.append(Grid(title, tuple(numbered), place, links=linked))
    if not page.tables:
        grids = [Grid(g.title, g.rows, g.place, ("name", "purpose", "regions")) for g in grids]
    return grids


def _lines(upload: Upload) -> Place:
    def place(row: int, column: int | None) -> str:
        where = f"{upload.name} line {row}"
        return where if column is None else f"{where}, column {column}"

    return place


def _table_place(name: str, number: int) -> Place:
    """Rows of a page are numbered through all its tables (as ``source_rows`` are)."""

    def place(row: int, column: int | None) -> str:
        where = f"{name} row {row}" if column is None else f"{name} row {row}, column {column}"
        return f"{where} (table {number})"

    return place


def _pick(
    upload: Upload, kind: SourceKind, grids: list[Grid], table: int, problems: list[Problem]
) -> list[Grid]:
    if kind == "csv":
        problems.append(
            Problem(upload.name, "--table picks a table of a page or a sheet of a workbook")
        )
        return grids
    if not 1 <= table <= len(grids):
        what = "workbook has" if kind == "xlsx" else "page has"
        sheets = f"{counted(len(grids), 'sheet')} with rows"
        unit = sheets if kind == "xlsx" else counted(len(grids), "table")
        problems.append(Problem(upload.name, f"--table {table}: the {what} {unit}"))
        return []
    return [grids[table - 1]]


def _check(
    upload: Upload,
    grids: list[Grid],
    uses: list[ColumnUse],
    named: bool,
    mapping: Mapping[str, str] | None,
    strict: bool,
    problems: list[Problem],
) -> None:
    if any(p.fatal for p in problems):
        return
    seen = {header_key(u.header) for u in uses}
    for header, target in (mapping or {}).items():
        if header_key(header) not in seen:
            headers = ", ".join(dict.fromkeys(shown(u.header, 40) for u in uses)) or "none"
            problems.append(
                Problem(
                    upload.name,
                    f"--map {shown(f'{header}={target}')}: no column {shown(header)} "
                    f"(the headers: {headers})",
                )
            )
    if not any(v is not None for g in grids for _, cells in g.rows for v in cells):
        problems.append(Problem(upload.name, "holds no rows: nothing to import"))
    elif not named:
        problems.append(
            Problem(
                upload.name,
                "no column names the vendors (looked for Name, Subprocessor, Sub-processor, "
                "Entity name, Company, Vendor, Supplier …); name one with --map 'Header=name'",
            )
        )
    if strict:
        for use in uses:
            if use.field is None and use.why != "--map":
                problems.append(
                    Problem(
                        use.where,
                        f"{shown(use.header)} is {use.why}: --map it to a field or to "
                        "'ignore' (--strict refuses unknown columns)",
                    )
                )
