"""Spreadsheets and CSV files from outside, opened within bounds (DESIGN §8).

Whatever a vendor (or anyone) sends is refused with one line naming the file when it is
not what it claims, and everything is checked before a parser sees it:

1. The name: ``.xlsx`` (and ``.csv`` where a table is read); ``.xls``, ``.xlsm``,
   ``.xltm``, ``.xlsb`` … are refused by name.
2. The size, from ``fstat`` before reading; the bytes are then read once (at most the
   limit) and everything after works on those bytes, so the file checked is the file
   parsed and its SHA-256 is the one recorded.
3. The container (``zipcheck.check_xlsx``): encryption, zip end record, member count,
   unpacked size, compression ratio, macros, DTDs; then the shape of the sheet XML
   (``xmlshape.check_shapes``: no row or list with more children than a sheet holds).
4. Parsing: only through openpyxl's defusedxml parsers (``openpyxl.xml.DEFUSEDXML`` and
   the ``iterparse`` functions openpyxl calls are checked), read-only, formulas kept as
   formulas (never evaluated), the declared sheet dimension ignored, and rows read to a
   hard cap plus one, so a longer sheet is refused, never silently cut short.
5. CSV: UTF-8 (a BOM is dropped) or UTF-16 with a BOM, ``,``/``;``/tab found from the
   header line, any line ending, strict quoting, the same row and column caps. Cells
   stay text: ``=1+1`` is the text ``=1+1``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import warnings
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from vendor_review.exchange.inbound.tables import (
    LIMITS,
    MIB,
    Book,
    CellError,
    CellValue,
    Formula,
    Limits,
    RefusedFile,
    Sheet,
    Upload,
)
from vendor_review.exchange.inbound.xmlshape import check_shapes
from vendor_review.exchange.inbound.zipcheck import check_xlsx

__all__ = ["assert_defused", "check_xlsx", "load", "read_csv", "read_table", "read_xlsx"]

REFUSED_SUFFIXES = {
    ".xls": "an Excel 97-2003 workbook; save it as an Excel workbook (.xlsx)",
    ".xlsm": "a macro-enabled workbook; save it as an Excel workbook (.xlsx) without macros",
    ".xltm": "a macro-enabled template; save it as an Excel workbook (.xlsx) without macros",
    ".xlsb": "a binary workbook; save it as an Excel workbook (.xlsx)",
    ".xltx": "a template; save it as an Excel workbook (.xlsx)",
    ".xlam": "an Excel add-in, not a workbook",
    ".ods": "an OpenDocument spreadsheet; save it as an Excel workbook (.xlsx)",
}
DELIMITERS = (",", ";", "\t")
DEFUSED_ERRORS = ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden")


def load(path: Path, allowed: Sequence[str], limits: Limits = LIMITS) -> Upload:
    """Read ``path`` if its name and size are acceptable (nothing is parsed yet)."""
    name = path.name
    suffix = path.suffix.lower()
    if suffix not in allowed:
        reason = REFUSED_SUFFIXES.get(suffix, f"not a {' or '.join(allowed)} file")
        raise RefusedFile(name, f"refused: {reason}")
    try:
        with path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > limits.max_bytes:
                raise RefusedFile(name, _too_big(size, limits))
            data = _read_at_most(fh, size, limits.max_bytes + 1)
    except FileNotFoundError:
        raise RefusedFile(name, "no such file") from None
    except IsADirectoryError:
        raise RefusedFile(name, "is a folder, not a file") from None
    except OSError as exc:
        raise RefusedFile(name, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > limits.max_bytes:  # it grew while being read
        raise RefusedFile(name, _too_big(len(data), limits))
    return Upload(name, suffix, data, hashlib.sha256(data).hexdigest())


def _read_at_most(fh: io.BufferedReader, size: int, most: int) -> bytes:
    """The file's bytes, at most ``most`` (a file may grow while it is read); buffers
    are sized by what is there, never by the limit."""
    chunks = [fh.read(size)]
    total = len(chunks[0])
    while total < most and (chunk := fh.read(min(MIB, most - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _too_big(size: int, limits: Limits) -> str:
    return f"refused: {size / MIB:,.1f} MiB is over the {limits.max_bytes / MIB:,.0f} MiB limit"


def read_table(path: Path, limits: Limits = LIMITS) -> tuple[Upload, Sheet]:
    """A CSV file, or the first worksheet of an ``.xlsx`` workbook."""
    upload = load(path, (".csv", ".xlsx"), limits)
    if upload.suffix == ".csv":
        return upload, read_csv(upload, limits)
    book = read_xlsx(upload, first=limits.max_columns, limits=limits)
    return upload, next(iter(book.sheets.values()))


# --- xlsx -----------------------------------------------------------------------------


def assert_defused(name: str) -> None:
    """Refuse to parse unless openpyxl reads XML through defusedxml."""
    import openpyxl.xml

    defused = bool(openpyxl.xml.DEFUSEDXML)
    if defused:
        from defusedxml import ElementTree
        from openpyxl.reader import strings
        from openpyxl.worksheet import _reader
        from openpyxl.xml import functions

        parsers = (functions.iterparse, _reader.iterparse, strings.iterparse)
        defused = all(p is ElementTree.iterparse for p in parsers)
    if not defused:
        raise RefusedFile(
            name,
            "not read: openpyxl does not report defusedxml active (openpyxl.xml.DEFUSEDXML "
            "is False); install defusedxml and unset OPENPYXL_DEFUSEDXML",
        )


def read_xlsx(
    upload: Upload,
    columns: Mapping[str, int] | None = None,
    *,
    first: int | None = None,
    every: int | None = None,
    limits: Limits = LIMITS,
) -> Book:
    """The named sheets (title → how many columns to read; absent ones are left out), or
    with ``first`` the first worksheet, or with ``every`` every worksheet (chart sheets left
    out), that many columns wide."""
    check_xlsx(upload, limits)
    assert_defused(upload.name)
    from openpyxl import load_workbook

    try:
        check_shapes(upload, limits)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(
                io.BytesIO(upload.data), read_only=True, data_only=False, keep_links=False
            )
            try:
                return _read_book(upload, wb, columns, first, limits, every)
            finally:
                wb.close()
    except RefusedFile:
        raise
    except Exception as exc:  # any parser failure on hostile input is a refusal
        raise RefusedFile(upload.name, _parse_failure(exc)) from None


def _parse_failure(exc: Exception) -> str:
    """The refusal for a parser failure; openpyxl wraps the cause, so the chain is read."""
    root: BaseException = exc
    cause: BaseException | None = exc
    while cause is not None:
        if type(cause).__name__ in DEFUSED_ERRORS:
            return "refused: the XML declares entities or a DTD, which are never read"
        root, cause = cause, cause.__cause__ or cause.__context__
    first_line = (str(root).splitlines() or [""])[0][:200]
    return f"refused: not a readable .xlsx workbook ({type(root).__name__}: {first_line})"


def _read_book(
    upload: Upload,
    wb: Any,
    columns: Mapping[str, int] | None,
    first: int | None,
    limits: Limits,
    every: int | None = None,
) -> Book:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    titles = list(wb.sheetnames)
    wanted = dict(columns or {})
    if first is not None:
        worksheets = [ws for ws in wb.worksheets if isinstance(ws, ReadOnlyWorksheet)]
        if not worksheets:
            raise RefusedFile(upload.name, "refused: the workbook has no worksheet")
        wanted = {worksheets[0].title: first}
    if every is not None:
        wanted = {ws.title: every for ws in wb.worksheets if isinstance(ws, ReadOnlyWorksheet)}
    sheets: dict[str, Sheet] = {}
    for title, width in wanted.items():
        if title not in titles:
            continue
        ws = wb[title]
        if not isinstance(ws, ReadOnlyWorksheet):
            raise RefusedFile(upload.name, f"refused: {title!r} is a chart, not a worksheet")
        rows = _rows(upload.name, ws, width, limits)
        sheets[title] = Sheet(title, rows, getattr(ws, "sheet_state", None))
    return Book(upload.name, upload.sha256, titles, sheets)


def _rows(name: str, ws: Any, width: int, limits: Limits) -> list[tuple[CellValue, ...]]:
    ws.reset_dimensions()  # the declared dimension is the sender's claim, not the content
    rows: list[tuple[CellValue, ...]] = []
    for row in ws.iter_rows(min_row=1, max_row=limits.max_rows + 1, max_col=width):
        if len(rows) == limits.max_rows:
            raise RefusedFile(name, _too_long(ws.title, limits))
        rows.append(tuple(_value(cell) for cell in row))
    return rows


def _too_long(title: str, limits: Limits) -> str:
    return (
        f"refused: {title!r} has rows past row {limits.max_rows:,}, the most that is read "
        "(a sheet is refused, never cut short)"
    )


def _value(cell: Any) -> CellValue:
    value = cell.value
    if value is None:
        return None
    kind = cell.data_type
    if kind == "f":
        return Formula(str(getattr(value, "text", None) or value))
    if kind == "e":
        return CellError(str(value))
    if isinstance(value, str):
        if "_x" in value:  # OOXML's _xHHHH_ escapes (CR, control characters)
            from openpyxl.utils.escape import unescape

            return str(unescape(value))
        return value
    if isinstance(value, bool | int | float | datetime | date | time | timedelta):
        return value
    return str(value)


# --- csv ------------------------------------------------------------------------------


def read_csv(upload: Upload, limits: Limits = LIMITS) -> Sheet:
    text = _decode(upload)
    if "\x00" in text:
        raise RefusedFile(upload.name, "refused: contains NUL characters; not a text CSV file")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[CellValue, ...]] = []
    try:
        for fields in reader:
            if len(rows) == limits.max_rows:
                raise RefusedFile(upload.name, _too_long(upload.name, limits))
            if len(fields) > limits.max_columns:
                raise RefusedFile(
                    upload.name,
                    f"refused: line {reader.line_num} has {len(fields)} fields, more than "
                    f"the {limits.max_columns} that are read",
                )
            rows.append(tuple(f if f.strip() else None for f in fields))
    except csv.Error as exc:
        raise RefusedFile(upload.name, f"refused: line {reader.line_num}: {exc}") from None
    return Sheet(Path(upload.name).stem, rows, csv_name=upload.name)


def _decode(upload: Upload) -> str:
    data = upload.data
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RefusedFile(
            upload.name,
            f"refused: not UTF-8 text (line {line}); save it as 'CSV UTF-8'",
        ) from None


def _delimiter(text: str) -> str:
    """The separator the header line uses most (``,`` when it uses none)."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","
