"""DESIGN §8 through the whole export: outside text never becomes a formula and reads back
as it went in, long text is cut visibly and counted, control characters are made visible
and counted, and PATH is never left half-written."""

from __future__ import annotations

import errno
import gc
from collections.abc import Iterator
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl.writer.excel import ExcelWriter
from sqlalchemy import text as sql

from support.cell_text import TEXT
from support.database import T0, open_sqlite, service_factory
from support.fuzz import examples
from support.questionnaires import questionnaire_dir
from support.workbooks import all_cells, expected_text, sheet_rows, shown
from vendor_review.domain.enums import CertificateStandard, Severity
from vendor_review.domain.text_rules import visible
from vendor_review.exchange.cells import CELL_LIMIT, needs_quote
from vendor_review.exchange.outbound.export import ExportOptions, export_workbook
from vendor_review.service import Service, builtin_policy
from vendor_review.service.errors import ValidationError


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Service]:
    """A service on SQLite only: PostgreSQL refuses NUL in text, SQLite keeps any str."""
    db = open_sqlite(tmp_path / "safety.db")
    folder = questionnaire_dir(tmp_path / "questionnaires", "export/mini")
    service = service_factory(db, folder, policy=builtin_policy())("alice")
    service.add_vendor({"name": "Acme", "kind": "service", **TRIAGED})
    yield service
    db.dispose()


def _about(path: Path) -> dict[Any, Any]:
    return dict(sheet_rows(path, "About")[1:])


AS_OF = T0.date()
TRIAGED = {"data_access": "none", "criticality": "low"}
"""What a vendor added without a profile used to default to (now: untriaged)."""
NUMBER = count()


@pytest.mark.slow
@settings(
    max_examples=examples(8),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(issuer=TEXT, scope=TEXT, remediation=TEXT, owner=TEXT, comment=TEXT)
def test_any_outside_text_goes_through_the_export_as_text(
    lite: Service,
    tmp_path: Path,
    issuer: str,
    scope: str,
    remediation: str,
    owner: str,
    comment: str,
) -> None:
    """Certificate issuer and scope, finding remediation and owner, and an answer's
    comment reach the sheets as typed; read back with openpyxl, no cell is a formula and
    each value, with OOXML's ``_xHHHH_`` escapes decoded (as Excel and LibreOffice do),
    equals the input except control characters a cell cannot hold, which show as their
    Unicode control pictures (U+0007 → ␇), see ``expected_text``. The texts are what
    the service stores: control and bidi characters already visible (``text_rules``)."""
    issuer, scope, owner = visible(issuer), visible(scope), visible(owner)
    remediation, comment = visible(remediation, multiline=True), visible(comment, multiline=True)
    n = next(NUMBER)
    vendor = lite.add_vendor({"name": f"Vendor {n}", "kind": "service", **TRIAGED}).name
    cert = lite.add_certificate(
        vendor, CertificateStandard.OTHER, expires_on=AS_OF, issuer=issuer, scope=scope
    )
    aid = lite.start_assessment(vendor, "mini").id
    lite.answer(aid, "q1", "yes", comment=comment)
    finding = lite.add_finding(
        aid, "Finding", severity=Severity.LOW, remediation=remediation, owner=owner
    )
    path = tmp_path / f"any-{n}.xlsx"
    # This example's vendor only: the export's cost stays that of one vendor, however many
    # examples came before on this database.
    export_workbook(lite, path, ExportOptions(vendors=(vendor,), as_of=AS_OF))
    cells = all_cells(path)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    by_row = {
        (c.parent.title, c.parent.cell(c.row, 2).value, c.column): c for c in cells if c.row > 1
    }
    stored_comment = lite.get_assessment(aid).answers["q1"].comment or ""
    for (sheet, ref, column), text in {
        ("Assurance", cert.id, 4): cert.issuer or "",  # as stored (the register trims)
        ("Assurance", cert.id, 17): cert.scope or "",
        ("Findings", finding.id, 8): remediation,
        ("Findings", finding.id, 9): owner,
        ("Answers", aid, 6): stored_comment,
    }.items():
        if not text:
            continue
        cell = by_row[sheet, ref, column]
        assert cell.data_type == "s"
        assert shown(cell.value) == expected_text(text)
        assert cell.quotePrefix == needs_quote(text)


def test_text_over_the_cell_limit_is_cut_and_counted(lite: Service, tmp_path: Path) -> None:
    lite.add_certificate("Acme", CertificateStandard.OTHER, expires_on=AS_OF, scope="=x")
    with lite.db.sessionmaker.begin() as session:  # stored before the 20,000 limit existed
        session.execute(sql("UPDATE assurance_reports SET scope = :v"), {"v": "=" + "x" * 39_999})
    path = tmp_path / "long.xlsx"
    result = export_workbook(lite, path, ExportOptions(as_of=AS_OF))
    cell = sheet_rows(path, "Assurance")[1][16]
    assert isinstance(cell, str) and len(cell) <= CELL_LIMIT
    assert cell.startswith("=xxx") and cell.endswith("of 40,000 characters; Excel holds no more]")
    assert result.cut == 1 and _about(path)["Cells cut at 32,767 characters"] == 1


def test_control_characters_are_visible_and_counted(lite: Service, tmp_path: Path) -> None:
    lite.add_certificate("Acme", CertificateStandard.OTHER, expires_on=AS_OF, issuer="Bell")
    with lite.db.sessionmaker.begin() as session:  # stored before the text rule existed
        session.execute(
            sql("UPDATE assurance_reports SET auditor = :v"), {"v": "Bell\x07 and NUL\x00"}
        )
    path = tmp_path / "ctl.xlsx"
    result = export_workbook(lite, path, ExportOptions(as_of=AS_OF))
    assert sheet_rows(path, "Assurance")[1][3] == "Bell␇ and NUL␀"
    assert result.made_visible == 1
    assert _about(path)["Cells with control characters made visible"] == 1


def test_an_existing_file_is_kept_unless_forced(lite: Service, tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(ValidationError, match="exists; use --force"):
        export_workbook(lite, path, ExportOptions())
    assert path.read_bytes() == b"old"
    export_workbook(lite, path, ExportOptions(force=True))
    assert sheet_rows(path, "Summary")[1][0] == "Acme"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_failure_while_reading_leaves_path_untouched(
    lite: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.xlsx"
    path.write_bytes(b"old")

    def broken(*_: object, **__: object) -> Iterator[object]:
        raise OSError("database went away")
        yield

    monkeypatch.setattr(lite, "report_findings", broken)
    with pytest.raises(OSError, match="went away"):
        export_workbook(lite, path, ExportOptions(force=True))
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.glob("*p.xlsx*")] == ["p.xlsx"]


@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
def test_a_full_disk_leaves_no_half_written_workbook(
    lite: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = ExcelWriter.write_data

    def write_then_fill_the_disk(writer: ExcelWriter) -> None:
        real_write(writer)  # every part in the zip, not yet its end
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ExcelWriter, "write_data", write_then_fill_the_disk)
    path = tmp_path / "p.xlsx"
    with pytest.raises(OSError, match="No space left"):
        export_workbook(lite, path, ExportOptions())
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    gc.collect()  # a zip archive left on the closed file would complain now


def test_a_file_that_appears_meanwhile_is_not_overwritten(
    lite: Service, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.xlsx"
    real = lite.report_assurance

    def racing(*args: Any, **kwargs: Any) -> Iterator[Any]:
        path.write_bytes(b"someone else's")
        yield from real(*args, **kwargs)

    monkeypatch.setattr(lite, "report_assurance", racing)
    with pytest.raises(ValidationError, match="appeared while exporting"):
        export_workbook(lite, path, ExportOptions())
    assert path.read_bytes() == b"someone else's"


def test_dates_in_answers_and_as_of_are_dates(lite: Service, tmp_path: Path) -> None:
    aid = lite.start_assessment("Acme", "mini").id
    lite.answer(aid, "q4", "2025-12-01")
    path = tmp_path / "d.xlsx"
    export_workbook(lite, path, ExportOptions(as_of=date(2026, 1, 1)))
    row = sheet_rows(path, "Answers")[1]
    assert row[4].date() == date(2025, 12, 1)  # type: ignore[union-attr]
