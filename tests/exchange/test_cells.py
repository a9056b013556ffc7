"""Outside text in a cell (DESIGN §8), below the export: ``TextGuard`` and ``TableSheet``
written to a real workbook and read back with openpyxl."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl.xml
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook, load_workbook

from support.cell_text import TEXT
from support.fuzz import examples
from support.workbooks import expected_text, shown
from vendor_review.exchange.cells import CELL_LIMIT, TextGuard, needs_quote
from vendor_review.exchange.inbound.untrusted import assert_defused
from vendor_review.exchange.outbound.writer import Column, Kind, TableSheet


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("=1+1", True),
        ("+31 20 123", True),
        ("-5", True),
        ("@user", True),
        ("\tx", True),
        ("\rx", True),
        ("\nx", True),
        ("＝1", True),
        ("＋1", True),
        ("－1", True),
        ("＠a", True),
        ("   =1", True),
        ("\u3000@a", True),
        ("a=1", False),
        ("   text", False),
        ("", False),
        ("   ", False),
        ("#N/A", False),
    ],
)
def test_which_text_gets_the_quote_prefix(text: str, quoted: bool) -> None:
    assert needs_quote(text) is quoted


def test_control_characters_are_made_visible_and_counted() -> None:
    guard = TextGuard()
    assert guard.clean("bell\x07 nul\x00 esc\x1b") == "bell␇ nul␀ esc␛"
    assert guard.clean("tab\tnewline\n") == "tab\tnewline\n"  # kept: a cell can hold them
    assert guard.clean("\ufffe") == "\ufffd"
    assert guard.made_visible == 2


def test_cr_and_literal_escapes_survive_a_spreadsheets_decoding() -> None:
    guard = TextGuard()
    for text in ("a\r\nb", "_x000D_", "_x005F_x0041_", "__x0041__x0042_", "_xABCD"):
        assert shown(guard.clean(text)) == text
    assert guard.made_visible == 0


def test_text_over_the_cell_limit_is_cut_with_a_marker() -> None:
    guard = TextGuard()
    text = "é" * 40_000
    cut = guard.clean(text)
    assert len(cut) <= CELL_LIMIT and guard.cut == 1
    assert cut.startswith("é" * 32_000)
    assert cut.endswith("of 40,000 characters; Excel holds no more]")
    wide = "😀" * 20_000  # two UTF-16 units each, as Excel counts
    assert len(guard.clean(wide).encode("utf-16-le")) // 2 <= CELL_LIMIT
    escapes = "\r" * 10_000  # each stored as _x000D_
    assert len(guard.clean(escapes)) <= CELL_LIMIT
    assert guard.clean("x" * CELL_LIMIT) == "x" * CELL_LIMIT
    assert guard.cut == 3


def _write(tmp_path: Path, values: list[object]) -> Path:
    wb = Workbook(write_only=True)
    table = TableSheet(wb.create_sheet("T"), [Column("Value", 40, Kind.WRAP)], TextGuard())
    for value in values:
        table.append([value])
    table.close()
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    return path


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(TEXT, min_size=1, max_size=12))
def test_any_text_is_stored_as_text_and_reads_back_equal(tmp_path: Path, texts: list[str]) -> None:
    ws = load_workbook(_write(tmp_path, list(texts)))["T"]
    for text, (cell,) in zip(texts, ws.iter_rows(min_row=2), strict=True):
        assert cell.data_type == "s", (text, cell.value)
        assert shown(cell.value or "") == expected_text(text)
        assert cell.quotePrefix == needs_quote(text)


def test_typed_values(tmp_path: Path) -> None:
    at = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
    ws = load_workbook(_write(tmp_path, [date(2026, 1, 2), at, 3, 0.5]))["T"]
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert cells[0].value == datetime(2026, 1, 2) and cells[0].number_format == "yyyy-mm-dd"
    assert cells[1].value == datetime(2026, 3, 10, 9, 30)  # stored in UTC
    assert [c.data_type for c in cells] == ["d", "d", "n", "n"]
    wb = Workbook(write_only=True)
    table = TableSheet(wb.create_sheet("T"), [Column("Value", 10)], TextGuard())
    with pytest.raises(TypeError, match="booleans"):
        table.append([True])
    table.close()


def test_rows_are_well_formed_xml_and_links_land_on_their_cells(tmp_path: Path) -> None:
    """The rows ``TableSheet`` writes as text: markup-like text stays text, a link is on
    its cell, the sheet parses (lxml, strictly)."""
    wb = Workbook(write_only=True)
    columns = [Column("Text", 20), Column("Count", 8, Kind.INT), Column("Wrapped", 10, Kind.WRAP)]
    table = TableSheet(wb.create_sheet("T"), columns, TextGuard())
    tricky = ['</t></is></c><c r="Z9"><v>1', "a & b < c > d \"q\" 'a'", "  padded  "]
    for n, text in enumerate(tricky):
        table.append([text, n, "word " * 12], links={1: f"'T'!A{n + 2}"})
    table.close()
    path = tmp_path / "rows.xlsx"
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        etree.fromstring(z.read("xl/worksheets/sheet1.xml"))  # raises on malformed XML
    ws = load_workbook(path)["T"]
    assert [ws.cell(r, 1).value for r in range(2, 5)] == tricky
    assert [ws.cell(r, 2).hyperlink.location for r in range(2, 5)] == ["'T'!A2", "'T'!A3", "'T'!A4"]
    assert ws.row_dimensions[2].height == 15 * 6 + 2  # wrapped: 60 characters in 11 a line


def test_lxml_writes_and_defusedxml_still_reads() -> None:
    """openpyxl writes through lxml (faster, issue 14) while everything read from
    outside still goes through defusedxml's parsers."""
    assert openpyxl.xml.LXML
    assert_defused("any.xlsx")  # raises RefusedFile unless reading is defused
