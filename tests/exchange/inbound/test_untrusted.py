"""Hostile spreadsheets: each refused with one clear line naming the file, before any
parser sees it where it can be, and nothing stored (DESIGN §8)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl.xml
import pytest
from openpyxl import Workbook

from support.database import audit_count
from support.workbooks import fill, replace_member, sheet_member, workbook_bytes, write, zip_bytes
from vendor_review.exchange.inbound import zipcheck
from vendor_review.exchange.inbound.questionnaire import plan_answer_import
from vendor_review.exchange.inbound.tables import MIB, Limits, RefusedFile
from vendor_review.exchange.inbound.untrusted import load, read_table, read_xlsx
from vendor_review.service import Service

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


def small_xlsx(rows: int = 3) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Vendors"
    ws.append(["name", "kind"])
    for i in range(rows - 1):
        ws.append([f"Vendor {i}", "service"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def refused(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(RefusedFile) as caught:
        read_table(path, limits or Limits())
    message = str(caught.value)
    assert "\n" not in message and message.startswith(path.name + ": ")
    return message.removeprefix(path.name + ": ")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("old.xls", "an Excel 97-2003 workbook"),
        ("macros.xlsm", "a macro-enabled workbook"),
        ("macros.xltm", "a macro-enabled template"),
        ("binary.xlsb", "a binary workbook"),
        ("notes.txt", "not a .csv or .xlsx file"),
    ],
)
def test_refused_by_name(tmp_path: Path, name: str, why: str) -> None:
    assert why in refused(write(tmp_path, name, small_xlsx()))


def test_not_a_zip_truncated_or_damaged(tmp_path: Path) -> None:
    assert refused(write(tmp_path, "a.xlsx", b"name,kind\n")) == (
        "refused: not an .xlsx workbook (an .xlsx file is a zip archive)"
    )
    data = small_xlsx()
    assert "truncated zip archive" in refused(write(tmp_path, "b.xlsx", data[: len(data) // 2]))
    assert "refused:" in refused(write(tmp_path, "c.xlsx", b""))
    at = data.index(b"xl/worksheets/sheet1.xml") + 200  # inside compressed sheet data
    broken = data[:at] + bytes(b ^ 0x55 for b in data[at : at + 64]) + data[at + 64 :]
    assert refused(write(tmp_path, "d.xlsx", broken)).startswith("refused: ")


def test_encrypted_workbook(tmp_path: Path) -> None:
    cfb = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504) + b"EncryptionInfo" + bytes(1000)
    assert "encrypted (password-protected) workbook" in refused(write(tmp_path, "e.xlsx", cfb))


def test_macros_renamed_to_xlsx(tmp_path: Path) -> None:
    with_vba = replace_member(small_xlsx(), "xl/vbaProject.bin", b"\x00VBA")
    assert "contains macros" in refused(write(tmp_path, "m.xlsx", with_vba))
    content_types = "[Content_Types].xml"
    data = small_xlsx()
    types = zipfile.ZipFile(io.BytesIO(data)).read(content_types).decode()
    macro = types.replace("spreadsheetml.sheet.main+xml", "ms-excel.sheet.macroEnabled.main+xml")
    assert "contains macros" in refused(
        write(tmp_path, "n.xlsx", replace_member(data, content_types, macro))
    )


def test_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    with path.open("wb") as fh:
        fh.truncate(21 * MIB)  # sparse: nothing is read, the size is enough
    assert refused(path) == "refused: 21.0 MiB is over the 20 MiB limit"


def test_too_many_members_and_zip_bombs(tmp_path: Path) -> None:
    many = zip_bytes({f"xl/media/{i}.bin": b"x" for i in range(600)})
    assert refused(write(tmp_path, "many.xlsx", many)) == (
        "refused: 600 zip members, more than the 500 allowed"
    )
    ratio = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/big.xml": bytes(4 * MIB)})
    assert re.fullmatch(
        r"refused: zip member 'xl/big.xml' is compressed [\d,]+ to 1, beyond the 100 to 1 a "
        r"spreadsheet reaches \(a zip bomb\)",
        refused(write(tmp_path, "ratio.xlsx", ratio)),
    )
    # Members under 1 MiB are not ratio-checked, but their total is bounded.
    big = zip_bytes({f"xl/{i}.xml": bytes(MIB - 1) for i in range(40)})
    assert refused(write(tmp_path, "bomb.xlsx", big)).startswith(
        "refused: unpacks to over 32 MiB (a zip bomb"
    )
    bz = zip_bytes({"[Content_Types].xml": "<Types/>"}, method=zipfile.ZIP_BZIP2)
    assert "compression method 12" in refused(write(tmp_path, "bz.xlsx", bz))


def test_entities_are_refused_before_and_by_defusedxml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = small_xlsx()
    laughs = replace_member(data, "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    xxe = replace_member(data, "xl/worksheets/sheet1.xml", XXE)
    for name, hostile in (("laughs.xlsx", laughs), ("xxe.xlsx", xxe)):
        assert refused(write(tmp_path, name, hostile)) == (
            "refused: xl/worksheets/sheet1.xml declares a DTD (<!DOCTYPE or <!ENTITY): entity "
            "expansion and external entities are never read"
        )
    monkeypatch.setattr(zipcheck, "DTD_MARKS", ())  # the parser is the second line
    for name, hostile in (("laughs2.xlsx", laughs), ("xxe2.xlsx", xxe)):
        assert refused(write(tmp_path, name, hostile)) == (
            "refused: the XML declares entities or a DTD, which are never read"
        )


def test_no_spreadsheet_is_read_unless_defusedxml_is_active(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "ok.xlsx", small_xlsx())
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    assert "openpyxl does not report defusedxml active" in refused(path)
    monkeypatch.undo()
    from xml.etree import ElementTree

    from openpyxl.worksheet import _reader

    monkeypatch.setattr(_reader, "iterparse", ElementTree.iterparse)
    assert "openpyxl does not report defusedxml active" in refused(path)


def test_a_row_or_list_too_long_for_any_sheet_is_refused(tmp_path: Path) -> None:
    data = small_xlsx()
    fat_row = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1">' + "<c/>" * 200_000 + "</row></sheetData></worksheet>"
    )
    assert refused(
        write(tmp_path, "fat.xlsx", replace_member(data, "xl/worksheets/sheet1.xml", fat_row))
    ) == (
        "refused: xl/worksheets/sheet1.xml has an element with more than 20,000 children "
        "(<c>), more than any sheet holds"
    )
    deep = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "<x>" * 100
        + "</x>" * 100
        + "<sheetData/></worksheet>"
    )
    assert "nests elements over 64 levels deep" in refused(
        write(tmp_path, "deep.xlsx", replace_member(data, "xl/worksheets/sheet1.xml", deep))
    )


def _lying_dimension(rows: int) -> bytes:
    data = small_xlsx(rows)
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    lie = re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:A1"/>', sheet)
    assert lie != sheet
    return replace_member(data, "xl/worksheets/sheet1.xml", lie)


def test_a_lying_dimension_never_cuts_a_sheet_short(tmp_path: Path) -> None:
    upload, sheet = read_table(write(tmp_path, "lie.xlsx", _lying_dimension(5_000)))
    assert len(sheet.rows) == 5_000 and sheet.rows[-1] == ("Vendor 4998", "service") + (None,) * 48
    assert upload.sha256 and len(sheet.rows[0]) == 50
    over = write(tmp_path, "long.xlsx", _lying_dimension(10_001))
    assert refused(over) == (
        "refused: 'Vendors' has rows past row 10,000, the most that is read (a sheet is "
        "refused, never cut short)"
    )


def test_returned_workbook_with_a_lying_dimension_is_read_whole(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    returned = fill(workbook_bytes(alice, assessment), {"q7": "last row answer"})
    member = sheet_member(returned, "Questions")
    xml = zipfile.ZipFile(io.BytesIO(returned)).read(member).decode()
    lie = re.sub(r'<dimension ref="[^"]+"\s*/>', '<dimension ref="A1:A1"/>', xml)
    plan = plan_answer_import(
        alice, assessment, write(tmp_path, "r.xlsx", replace_member(returned, member, lie))
    )
    assert [c.question_id for c in plan.changes] == ["q7"]


def test_hostile_answer_files_store_nothing(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    before = audit_count(alice)
    returned = workbook_bytes(alice, assessment)
    member = sheet_member(returned, "Questions")
    for name, data in (
        ("laughs.xlsx", replace_member(returned, member, BILLION_LAUGHS)),
        ("short.xlsx", returned[: len(returned) - 30]),
        ("answers.xlsm", returned),
    ):
        with pytest.raises(RefusedFile):
            plan_answer_import(alice, assessment, write(tmp_path, name, data))
    assert audit_count(alice) == before
    assert load(write(tmp_path, "fine.xlsx", returned), (".xlsx",)).sha256
    assert read_xlsx(load(tmp_path / "fine.xlsx", (".xlsx",)), {"Meta": 5}).sheets["Meta"].rows
