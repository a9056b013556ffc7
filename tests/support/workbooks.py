"""Workbooks as a vendor and a spreadsheet see them: a questionnaire workbook made and
filled in (openpyxl), exported sheets read back, what a cell shows, and xlsx files taken
apart and put together by hand (hostile zip members)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.escape import unescape

from support.database import T0
from vendor_review.exchange.outbound.questionnaire import build_workbook
from vendor_review.service import Service

SHEETS = [
    "Summary",
    "Answers",
    "Findings",
    "Assurance",
    "Obligations",
    "Schedule",
    "About",
]
# Columns of the Questions sheet a vendor fills in.
ANSWER, COMMENT, EVIDENCE = 4, 5, 6


# --- the questionnaire workbook ---------------------------------------------------------


def workbook_bytes(service: Service, assessment_id: int) -> bytes:
    """The questionnaire workbook of an assessment, made by alice at ``T0``."""
    wb = build_workbook(service.get_assessment(assessment_id), made_at=T0, made_by="alice")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows_by_id(ws: Any) -> dict[str, int]:
    """The row of each question on the Questions sheet, by question ID (column B)."""
    return {
        ws.cell(r, 2).value: r
        for r in range(2, ws.max_row + 1)
        if isinstance(ws.cell(r, 2).value, str)
    }


def fill(
    source: bytes,
    answers: Mapping[str, Any],
    *,
    comments: Mapping[str, Any] | None = None,
    evidence: Mapping[str, Any] | None = None,
    edit: Callable[[Any], None] | None = None,
) -> bytes:
    """The workbook as a vendor returns it: answers (and comments, evidence) typed by
    question ID, then any other ``edit`` of the openpyxl workbook."""
    wb = load_workbook(io.BytesIO(source))
    ws = wb["Questions"]
    rows = rows_by_id(ws)
    typed = ((ANSWER, answers), (COMMENT, comments or {}), (EVIDENCE, evidence or {}))
    for column, values in typed:
        for qid, value in values.items():
            ws.cell(rows[qid], column).value = value
    if edit is not None:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fill_file(path: Path, answers: Mapping[str, Any], out: Path) -> Path:
    """``fill`` from the file ``path`` into the file ``out``."""
    out.write_bytes(fill(path.read_bytes(), answers))
    return out


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- exported workbooks -----------------------------------------------------------------


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def all_cells(path: Path) -> list[Cell]:
    wb = load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def names_in_summary(path: Path) -> list[Any]:
    """The vendors of an exported workbook (and that it has every sheet, the Dashboard
    aside)."""
    wb = load_workbook(path, read_only=True)
    assert [name for name in wb.sheetnames if name != "Dashboard"] == SHEETS
    return [row[0] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)]


def shown(value: str) -> str:
    """What Excel and LibreOffice show for a stored string: OOXML ``_xHHHH_`` decoded."""
    return unescape(value)


def expected_text(text: str) -> str:
    """What the export promises to show for ``text``: the same, except characters a
    workbook cannot hold, made visible (C0 controls as control pictures, U+2400 + code;
    U+FFFE, U+FFFF and lone surrogates as U+FFFD)."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n\r":
            out.append(chr(0x2400 + code))
        elif ch in "\ufffe\uffff" or 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


# --- xlsx files by hand -----------------------------------------------------------------


def zip_bytes(members: Mapping[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def replace_member(data: bytes, member: str, content: bytes | str) -> bytes:
    """The same xlsx with one member's content replaced (or added)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    members[member] = content
    return zip_bytes(members)


def member(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode("utf-8")


def sheet_member(data: bytes, title: str) -> str:
    """The zip member holding worksheet ``title`` (sheets are written in order)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    titles = book.sheetnames
    book.close()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    return names[titles.index(title)]
