"""The portfolio workbook: its sheets, typed cells, header, filters, colours, links, the
About sheet, filters and the one-assessment workbook (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from support.database import T0
from support.workbooks import SHEETS, all_cells, sheet_rows
from vendor_review.exchange.outbound.export import ExportOptions, export_workbook
from vendor_review.service import Service
from vendor_review.service.errors import NotFoundError, ValidationError

AS_OF = T0.date()  # the day of the export


def _export(service: Service, path: Path, **options: object) -> Path:
    export_workbook(service, path, ExportOptions(as_of=AS_OF, **options))  # type: ignore[arg-type]
    return path


def _by_header(rows: list[tuple[object, ...]]) -> list[dict[str, object]]:
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_sheets_rows_and_typed_cells(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "portfolio.xlsx"
    result = export_workbook(alice, path, ExportOptions(as_of=AS_OF))
    assert result.rows == {
        "Summary": 4,
        "Answers": 8,
        "Findings": 2,
        "Assurance": 1,  # the certificate: every assurance report, certificates included
        "Obligations": 0,
        "Schedule": result.rows["Schedule"],
    }
    wb = load_workbook(path)
    assert wb.sheetnames == ["Dashboard", *SHEETS]  # the whole portfolio: pictures first
    summary = _by_header(sheet_rows(path, "Summary"))
    assert [r["Vendor"] for r in summary] == [
        "=cmd|' /C calc'!A0",
        "Acme Hosting",
        "Beta Mail",
        "Gamma Support",
    ]
    acme = summary[1]
    assert acme["Parents"] is None and summary[2]["Parents"] == "Acme Hosting"
    assert (acme["Rating"], acme["Inherent risk"], acme["Critical failures"]) == ("high", "high", 1)
    assert acme["Score"] == pytest.approx(80.0)  # (3·1 + 2·0.5) / 5
    assert acme["Next review due"] == datetime(2026, 9, 10)
    assert acme["Days to due"] == (date(2026, 9, 10) - AS_OF).days
    assert summary[0]["In progress"] == f"draft #{portfolio['evil']}"
    ws = wb["Summary"]
    score = ws.cell(3, 4)
    assert (score.data_type, score.number_format) == ("n", "0.0")
    decided = ws.cell(3, 13)
    assert decided.is_date and decided.number_format == "yyyy-mm-dd"
    answers = _by_header(sheet_rows(path, "Answers"))
    q = {(r["Vendor"], r["Question ID"]): r for r in answers}
    assert q["Acme Hosting", "q2"]["Answer"] == "Within 72 hours"
    assert q["Acme Hosting", "q2"]["Score"] == 0.5
    assert q["Acme Hosting", "q2"]["Critical"] == "critical"
    assert q["Acme Hosting", "q4"]["Answer"] == datetime(2025, 12, 1)  # a date, not text
    assert q["Acme Hosting", "q5"]["Answer"] == 12
    assert q["Acme Hosting", "q1"]["Refs"] == "ISO/IEC 27001:2022 A.8.24; GDPR Art. 32"
    assert q["Acme Hosting", "q1"]["Questionnaire"] == "mini@2"
    assert [r["Question ID"] for r in answers if r["Vendor"] == "Acme Hosting"] == [
        "q1",
        "q2",
        "q3",
        "q4",
        "q5",
    ]
    assert wb["Answers"].cell(2, 7).number_format == "0%"
    findings = _by_header(sheet_rows(path, "Findings"))
    assert sorted(str(f["Severity"]) for f in findings) == ["critical", "low"]
    cert = _by_header(sheet_rows(path, "Assurance"))[0]
    assert cert["Current to"] == datetime(2026, 4, 1) and cert["Days to currency end"] == 22
    assert summary[1]["Assurance reports"] == 1
    dashboard = [c for row in sheet_rows(path, "Dashboard") for c in row]
    assert "Assurance reports" in dashboard and "Certificates" not in dashboard


def test_every_table_has_bold_frozen_header_filter_widths_and_print_setup(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    wb = load_workbook(_export(alice, tmp_path / "p.xlsx"))
    for ws in wb.worksheets[1:]:  # the tables (the Dashboard is pictures)
        last = ws.cell(1, ws.max_column).coordinate
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref == f"A1:{last[:-1]}{ws.max_row}", ws.title
        assert all(c.font.b for c in ws[1]), ws.title
        assert all(ws.column_dimensions[c.column_letter].width >= 7 for c in ws[1])
        assert ws.print_title_rows == "$1:$1"
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.paperSize == 9, ws.title  # A4 unless the config says letter
    assert wb["Answers"].cell(2, 4).alignment.wrap_text  # the question text
    # the key columns print, fitted to the width; the wide Findings flow across pages
    assert str(wb["Summary"].print_area) == "'Summary'!$A$1:$J$1048576"
    assert str(wb["Answers"].print_area) == "'Answers'!$A$1:$F$1048576"
    for name in ("Summary", "Answers", "Schedule", "About"):
        ws = wb[name]
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
    findings = wb["Findings"]
    assert not findings.sheet_properties.pageSetUpPr.fitToPage
    assert findings.page_setup.scale >= 76 and findings.print_title_cols == "$A:$A"


def test_ratings_are_coloured_with_a_legend(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    wb = load_workbook(_export(alice, tmp_path / "p.xlsx"))
    rules = {
        str(rng.sqref): [r.formula[0] for r in rng.rules]
        for rng in wb["Summary"].conditional_formatting
    }
    assert '"critical"' in rules["F2:F5"] and '"low"' in rules["F2:F5"]  # Rating
    assert '"high"' in rules["C2:C5"]  # Inherent risk
    assert rules["J2:J5"] == ["0"]  # days to due below zero
    severity = {str(r.sqref) for r in wb["Findings"].conditional_formatting}
    assert "E2:E3" in severity
    about = dict(sheet_rows(tmp_path / "p.xlsx", "About")[1:])
    assert about["critical"].startswith("Rating critical: re-review 3 months")
    assert about["strong"] == "Control band: score 85 or more"


def test_summary_links_to_each_vendors_rows(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = _export(alice, tmp_path / "p.xlsx")
    wb = load_workbook(path)
    summary = wb["Summary"]
    links = {
        (summary.cell(c.row, 1).value, c.column_letter): (c.value, c.hyperlink.location)
        for row in summary.iter_rows(min_row=2)
        for c in row
        if c.hyperlink is not None
    }
    assert links["Acme Hosting", "U"] == (5, "'Answers'!A3:P7")
    assert links["Acme Hosting", "V"] == (2, "'Findings'!A2:O3")
    assert links["Acme Hosting", "W"] == (1, "'Assurance'!A2:S2")
    assert ("Gamma Support", "U") not in links  # nothing to link to
    for (vendor, _), (count, location) in links.items():
        sheet, cells = location.split("!")
        first, last = (int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for ref in cells.split(":"))
        target = wb[sheet.strip("'")]
        assert last - first + 1 == count
        assert {target.cell(r, 1).value for r in range(first, last + 1)} == {vendor}


def test_about_says_when_who_where_and_what(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "p.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF, ratings=("high",)))
    about = dict(sheet_rows(path, "About")[1:])
    assert about["Workbook"] == "Vendor portfolio"
    assert about["Generated at (UTC)"] == datetime(2026, 3, 10, 9, 0)
    assert about["Generated by"] == "alice"
    assert about["Tool"].startswith("vendor-review ")
    assert about["Database"] == alice.db.display_url
    password = alice.db.engine.url.password
    if password:
        assert str(password) not in about["Database"]
    assert about["As of"] == datetime(2026, 3, 10)
    assert about["Filters"] == "rating: high"
    assert about["Questionnaire"].startswith("mini version 2: Mini questionnaire (1 assessment")
    assert about["Rows in Answers"] == 5
    assert about["Cells cut at 32,767 characters"] == 0
    assert about["Cells with control characters made visible"] == 0


def test_filters_limit_every_sheet(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "beta.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF, vendors=("beta mail",)))
    for sheet in ("Summary", "Answers", "Findings", "Assurance", "Schedule"):
        rows = _by_header(sheet_rows(path, sheet))
        assert {r["Vendor"] for r in rows} <= {"Beta Mail"}, sheet
    assert len(sheet_rows(path, "Answers")) == 3
    path = tmp_path / "candidates.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF, statuses=("candidate",)))
    names = {r["Vendor"] for r in _by_header(sheet_rows(path, "Summary"))}
    assert names == {"=cmd|' /C calc'!A0", "Gamma Support"}
    schedule = {r["Vendor"] for r in _by_header(sheet_rows(path, "Schedule"))}
    assert schedule <= names and schedule


def test_one_assessment_workbook(alice: Service, portfolio: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "one.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF, assessment_id=portfolio["evil"]))
    summary = _by_header(sheet_rows(path, "Summary"))
    assert len(summary) == 1
    line = summary[0]
    assert (line["Assessment"], line["Assessment status"]) == (portfolio["evil"], "draft")
    assert (line["Score"], line["Rating"], line["Band"]) == (0.0, "high", "poor")  # live score
    assert [r["Question ID"] for r in _by_header(sheet_rows(path, "Answers"))] == ["q1"]
    about = dict(sheet_rows(path, "About")[1:])
    assert about["Workbook"].startswith(f"Assessment #{portfolio['evil']} of =cmd")
    assert about["Filters"] == f"assessment #{portfolio['evil']}"


def test_bad_filters_are_refused_before_writing(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "x.xlsx"
    with pytest.raises(NotFoundError, match="no vendor 'Nobody'"):
        export_workbook(alice, path, ExportOptions(vendors=("Nobody",)))
    with pytest.raises(NotFoundError, match="no assessment #999"):
        export_workbook(alice, path, ExportOptions(assessment_id=999))
    with pytest.raises(ValidationError, match="takes no vendor"):
        export_workbook(alice, path, ExportOptions(assessment_id=1, vendors=("Acme Hosting",)))
    with pytest.raises(ValidationError, match="unknown rating 'severe'"):
        export_workbook(alice, path, ExportOptions(ratings=("severe",)))
    with pytest.raises(ValidationError, match=r"must end in \.xlsx"):
        export_workbook(alice, tmp_path / "x.xls", ExportOptions())
    assert list(tmp_path.glob("*.xls*")) == [] and list(tmp_path.glob(".*")) == []


def test_progress_reports_rows_written(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    calls: list[tuple[int, int | None]] = []
    result = export_workbook(
        alice, tmp_path / "p.xlsx", ExportOptions(as_of=AS_OF), progress=lambda *a: calls.append(a)
    )
    done = result.rows["Summary"] + 8 + 2 + 1
    assert calls == [(done, done)]  # fewer rows than one progress step: only the end


def test_no_formula_anywhere(alice: Service, portfolio: dict[str, int], tmp_path: Path) -> None:
    path = _export(alice, tmp_path / "p.xlsx")
    cells = all_cells(path)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    formula_like = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in formula_like} >= {
        "=cmd|' /C calc'!A0",
        '=HYPERLINK("http://evil.example","click")',
        "-checked by phone",
        "@SUM(1+1)*cmd",
        "+Certifier Ltd",
        "-rotate keys",
    }
    assert all(c.quotePrefix and c.data_type == "s" for c in formula_like)
