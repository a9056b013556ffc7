"""A pasted list's text and rows: the encoding Excel or a browser saved it in, the CSV
separator it used, and a worksheet as numbered rows (issue 9 item 3).

Text is UTF-8 (with or without a BOM) or UTF-16 with a BOM; otherwise Windows-1252 when
every byte decodes (Excel on Windows saves "CSV (Comma delimited)" so); otherwise what
charset-normalizer finds. The separator (``,`` ``;`` tab) is the one that splits the first
lines into the most rows of one width, so a title line above the header does not mislead.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import Counter
from dataclasses import dataclass

from vendor_review.exchange.inbound.list_paste import Grid
from vendor_review.exchange.inbound.tables import CellValue, Limits, RefusedFile, Sheet, Upload

DELIMITERS = (",", ";", "\t")
_SAMPLE_LINES = 50


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    note: str | None
    """Said to the user when the text was not UTF-8 ("decoded as Windows-1252")."""


def decode(upload: Upload) -> Decoded:
    """The upload's text (refused when it is not text)."""
    data = upload.data
    decoded = _decode(upload.name, data)
    text = decoded.text
    if "\x00" in text:
        raise RefusedFile(upload.name, "refused: contains NUL characters; not a text file")
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > 8:
        raise RefusedFile(upload.name, "refused: holds control characters; not a text file")
    return decoded


def _decode(name: str, data: bytes) -> Decoded:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16", "decoded as UTF-16")
        except UnicodeDecodeError:
            raise RefusedFile(
                name, "refused: not UTF-16 text despite its byte-order mark"
            ) from None
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8", None)
    except UnicodeDecodeError:
        pass
    try:
        return Decoded(data.decode("cp1252"), "cp1252", "decoded as Windows-1252 (not UTF-8)")
    except UnicodeDecodeError:
        pass
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise RefusedFile(
            name, "refused: not a text file (in no encoding that could be recognised)"
        )
    encoding = str(best.encoding)
    return Decoded(str(best), encoding, f"decoded as {encoding} (detected; not UTF-8)")


def delimiter(text: str) -> str:
    """The separator that gives the most sample rows of one width above one column."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    best, score = ",", 0
    for candidate in DELIMITERS:
        try:
            widths = [
                len(r) for r in csv.reader(io.StringIO(sample), delimiter=candidate) if len(r) > 1
            ]
        except csv.Error:
            continue
        if widths:
            count = Counter(widths).most_common(1)[0][1]
            if count > score:
                best, score = candidate, count
    return best


def csv_grid(upload: Upload, text: str, limits: Limits) -> Grid:
    """The rows of a CSV text, within the row and column caps (refused past them)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text), strict=True)
    rows: list[tuple[int, tuple[CellValue, ...]]] = []
    try:
        for fields in reader:
            if len(rows) == limits.max_rows:
                raise RefusedFile(
                    upload.name,
                    f"refused: more than {limits.max_rows:,} rows, the most that are read "
                    "(a list is refused, never cut short)",
                )
            if len(fields) > limits.max_columns:
                raise RefusedFile(
                    upload.name,
                    f"refused: line {reader.line_num} has {len(fields)} fields, more than "
                    f"the {limits.max_columns} that are read",
                )
            rows.append((len(rows) + 1, tuple(f if f.strip() else None for f in fields)))
    except csv.Error as exc:
        raise RefusedFile(upload.name, f"refused: line {reader.line_num}: {exc}") from None
    sheet = Sheet(upload.name, [], csv_name=upload.name)
    return Grid(None, tuple(rows), sheet.where)


def sheet_grid(sheet: Sheet) -> Grid:
    """A worksheet as a grid (rows numbered as the sheet numbers them)."""
    rows = tuple((i, tuple(values)) for i, values in enumerate(sheet.rows, 1))
    return Grid(sheet.title, rows, sheet.where)
