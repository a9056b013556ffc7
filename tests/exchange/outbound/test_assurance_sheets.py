"""The workbook's assurance sheets (issue 12 item 8): "Assurance", one row per report
with its opinion, period, currency, bridge, counts and the evidence's SHA-256, and
"Obligations", one row per user-entity control; the open ones counted on About; an
auditor or control named like a formula stays text (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from support.database import T0
from support.workbooks import sheet_rows
from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.exchange.outbound.export import ExportOptions, export_workbook
from vendor_review.service import Service

FORMULA_AUDITOR = "=cmd|' /C calc'!A0 Audit LLP"
PDF = b"%PDF-1.4 not really a report\n"

AS_OF = T0.date()  # the day of the export


def by_header(rows: list[tuple[object, ...]]) -> list[dict[str, object]]:
    header = [str(h) for h in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def recorded(alice: Service, tmp_path: Path) -> int:
    """Acme's SOC 2 Type II with an exception, a carve-out, two CUECs (one in place) and
    a bridge letter; and Beta's ISO certificate."""
    alice.add_vendor({"name": "Acme Hosting", "kind": "infrastructure"})
    alice.add_vendor({"name": "Beta Mail", "kind": "service"})
    evidence = tmp_path / "acme-soc2.pdf"
    evidence.write_bytes(PDF)
    report = alice.add_report(
        "Acme Hosting",
        ReportType.SOC2_TYPE2,
        auditor=FORMULA_AUDITOR,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        opinion=Opinion.QUALIFIED,
        scope="-all data centres",
        evidence_path=evidence,
    )
    alice.add_report_exception(report.id, control="CC6.1", description="Access not revoked")
    alice.add_report_subservice(report.id, "ColoCorp", method=SubserviceMethod.CARVE_OUT)
    alice.add_report_cuec(report.id, control="@CUEC-1", description="Review access", owner="IT")
    done = alice.add_report_cuec(report.id, control="CUEC-2", description="+Rotate keys")
    alice.set_obligation(done.id, status=ObligationStatus.IN_PLACE, owner="Ops", note="yearly")
    alice.add_report_bridge(report.id, through=date(2027, 3, 31))
    alice.add_report(
        "Beta Mail",
        ReportType.ISO27001,
        auditor="BSI",
        issued_on=date(2024, 5, 1),
        expires_on=date(2026, 4, 30),
        opinion=Opinion.VALID,
    )
    return report.id


def test_assurance_and_obligations_sheets(alice: Service, tmp_path: Path) -> None:
    report_id = recorded(alice, tmp_path)
    path = tmp_path / "portfolio.xlsx"
    result = export_workbook(alice, path, ExportOptions(as_of=AS_OF))
    assert (result.rows["Assurance"], result.rows["Obligations"]) == (2, 2)

    acme, beta = by_header(sheet_rows(path, "Assurance"))
    assert acme["Vendor"] == "Acme Hosting" and acme["Report"] == report_id
    assert (acme["Type"], acme["Auditor / body"], acme["Opinion"]) == (
        "SOC 2 Type II",
        FORMULA_AUDITOR,
        "qualified",
    )
    assert acme["Period end"].date() == date(2025, 12, 31)  # type: ignore[attr-defined]
    assert acme["Bridged through"].date() == date(2027, 3, 31)  # type: ignore[attr-defined]
    assert acme["Current to"].date() == date(2027, 3, 31)  # type: ignore[attr-defined]
    assert acme["Days to currency end"] == (date(2027, 3, 31) - AS_OF).days
    assert (acme["Exceptions"], acme["Carve-outs"], acme["Open CUECs"]) == (1, 1, 1)
    assert acme["Evidence SHA-256"] == hashlib.sha256(PDF).hexdigest()
    assert beta["Type"] in ("ISO/IEC 27001 certificate", "ISO 27001")
    assert beta["Expires on"].date() == date(2026, 4, 30)  # type: ignore[attr-defined]
    assert beta["Days to currency end"] == (date(2026, 4, 30) - AS_OF).days
    assert beta["Evidence SHA-256"] is None and beta["Open CUECs"] == 0

    first, second = by_header(sheet_rows(path, "Obligations"))
    assert (first["Control"], first["What we must do"], first["Owner"], first["Status"]) == (
        "@CUEC-1",
        "Review access",
        "IT",
        "open",
    )
    assert (second["Status"], second["Owner"], second["Note"]) == ("in place", "Ops", "yearly")
    assert first["Report"] == report_id and first["Vendor"] == "Acme Hosting"

    about = dict(r[:2] for r in sheet_rows(path, "About"))
    assert about["Open obligations (user-entity controls)"] == 1
    assert (about["Rows in Assurance"], about["Rows in Obligations"]) == (2, 2)


def test_text_like_a_formula_stays_text(alice: Service, tmp_path: Path) -> None:
    recorded(alice, tmp_path)
    path = tmp_path / "portfolio.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF))
    wb = load_workbook(path)
    try:
        cells = [c for name in ("Assurance", "Obligations") for row in wb[name].iter_rows()
                 for c in row]  # fmt: skip
    finally:
        wb.close()
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = {c.value: c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"}
    assert set(risky) >= {FORMULA_AUDITOR, "-all data centres", "@CUEC-1", "+Rotate keys"}
    assert all(c.quotePrefix and c.data_type == "s" for c in risky.values())


def test_a_vendor_filter_limits_both_sheets(alice: Service, tmp_path: Path) -> None:
    recorded(alice, tmp_path)
    path = tmp_path / "beta.xlsx"
    result = export_workbook(alice, path, ExportOptions(as_of=AS_OF, vendors=("Beta Mail",)))
    assert (result.rows["Assurance"], result.rows["Obligations"]) == (1, 0)
    assert [r["Vendor"] for r in by_header(sheet_rows(path, "Assurance"))] == ["Beta Mail"]
