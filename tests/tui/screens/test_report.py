"""Assurance reports in the app (issue 12 item 8): a report added through the vendor's
Reports tab (its PDF's text offered as suggestions to check, nothing stored before Save),
what it says recorded on its screen, the review's checklist with the findings it opened,
and our obligations set on the Obligations screen; outside text always literal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static, TabbedContent

from support.pdf import pdf_with_pages
from support.pilot import notifications, press, running, settle
from support.portfolio import add_vendor
from vendor_review.domain.assurance import ObligationStatus, ReportType, SubserviceMethod
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.findings import FindingsScreen
from vendor_review.tui.screens.obligations import ObligationsScreen
from vendor_review.tui.screens.report import ReportScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.widgets.form_modal import FormModal
from vendor_review.tui.widgets.report_forms import SUGGESTED, ReportModal

SIZE = (120, 36)
EVIL_AUDITOR = "[@click=app.quit]Evil & Co[/] LLP"
EVIL_CONTROL = "[b]CC6.1[/b]"
SOC2_PAGES = [
    [
        "Linode LLC",
        "System and Organization Controls (SOC) 2 Type II Report",
        "For the period October 1, 2025 to March 31, 2026",
    ],
    [
        "Report of Independent Service Auditors",
        "In our opinion, in all material respects, the controls operated effectively.",
        "/s/ Schellman & Company, LLC",
    ],
]


def rows(table: DataTable[object]) -> list[list[str]]:
    return [
        [str(getattr(c, "plain", c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


def screen_text(app: VendorReviewApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def open_vendor(app: VendorReviewApp, pilot: object, vendor_id: int) -> VendorScreen:
    app.open_vendor(vendor_id)
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, VendorScreen)
    return app.screen


async def report_form(app: VendorReviewApp, pilot: object, vendor_id: int) -> ReportModal:
    """The vendor's screen, then ``c``: the form of a new report."""
    await settle(pilot)  # type: ignore[arg-type]
    await open_vendor(app, pilot, vendor_id)
    await pilot.press("c")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, ReportModal)
    return app.screen


async def type_into(pilot: object, modal: FormModal[object], name: str, text: str) -> None:
    modal.query_one(f"#field-{name}", Input).focus()
    await pilot.press(*text)  # type: ignore[attr-defined]


def soc2(service: Service, vendor: str = "Linode", auditor: str = "Schellman") -> int:
    return service.add_report(
        vendor,
        ReportType.SOC2_TYPE2,
        auditor=auditor,
        period_start=date(2025, 4, 1),
        period_end=date(2026, 3, 31),
    ).id


async def test_a_report_is_added_from_the_vendor_screen_and_listed_in_its_tab(
    alice: Service,
) -> None:
    vendor_id = add_vendor(alice, "Linode")
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        modal = await report_form(app, pilot, vendor_id)
        await type_into(pilot, modal, "auditor", "Schellman & Company, LLC")
        await type_into(pilot, modal, "period_start", "2025-04-01")
        await type_into(pilot, modal, "period_end", "2026-13-31")
        await press(pilot, "ctrl+s")
        assert "not a date" in str(modal.query_one("#problem", Static).content)
        assert alice.list_reports(vendor=vendor_id) == []  # nothing stored
        field = modal.query_one("#field-period_end", Input)
        field.value = "2026-03-31"
        await press(pilot, "ctrl+s")
        (report,) = alice.list_reports(vendor=vendor_id)
        assert report.type is ReportType.SOC2_TYPE2 and report.period_end == date(2026, 3, 31)
        assert isinstance(app.screen, ReportScreen)  # its screen opens, to record and review
        assert "Schellman & Company, LLC" in screen_text(app)
        await press(pilot, "escape")
        vendor = app.screen
        assert isinstance(vendor, VendorScreen)
        (row,) = rows(vendor.query_one("#table-reports", DataTable))
        assert row[0] == "SOC 2 Type II" and row[1].startswith("Schellman")
        assert row[2].startswith("2027-03-31") and row[7] == "2025-04-01 – 2026-03-31"


async def test_a_pdf_fills_empty_fields_as_suggestions_stored_only_on_save(
    alice: Service, tmp_path: Path
) -> None:
    vendor_id = add_vendor(alice, "Linode")
    pdf = tmp_path / "linode-soc2.pdf"
    pdf.write_bytes(pdf_with_pages(SOC2_PAGES))
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        modal = await report_form(app, pilot, vendor_id)
        await type_into(pilot, modal, "auditor", "Typed by me LLP")
        modal.query_one("#field-type", Select).value = ReportType.SOC2_TYPE1.value
        modal.set_text("type", ReportType.SOC2_TYPE2.value)  # back to the default
        modal.query_one("#field-evidence", Input).value = str(pdf)
        await settle(pilot)
        await modal.workers.wait_for_complete()
        await settle(pilot)
        assert modal.text_of("period_start") == "2025-10-01"
        assert modal.text_of("period_end") == "2026-03-31"
        assert modal.text_of("opinion") == "unqualified"
        assert modal.text_of("auditor") == "Typed by me LLP"  # typed: never replaced
        mark = str(modal.query_one("#mark-period_end", Static).content)
        assert SUGGESTED in mark and "October 1, 2025" in mark
        assert alice.list_reports(vendor=vendor_id) == []  # suggested, not stored
        modal.query_one("#field-period_end", Input).value = "2026-03-30"  # corrected
        await settle(pilot)
        assert not modal.query_one("#mark-period_end", Static).has_class("-shown")
        await press(pilot, "ctrl+s")
        (report,) = alice.list_reports(vendor=vendor_id)
        assert report.period_start == date(2025, 10, 1) and report.period_end == date(2026, 3, 30)
        assert report.auditor == "Typed by me LLP" and report.evidence_id is not None


async def test_review_shows_the_checklist_and_its_findings_reach_the_findings_screen(
    alice: Service,
) -> None:
    add_vendor(alice, "Linode")
    report_id = soc2(alice)
    async with running(alice, size=SIZE) as (app, pilot):
        app.open_report(report_id)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        await press(pilot, "x")
        modal = app.screen
        assert isinstance(modal, FormModal)
        await type_into(pilot, modal, "control", "CC6.1")
        await type_into(pilot, modal, "description", "Access not revoked")
        await press(pilot, "ctrl+s")
        await press(pilot, "s")
        await type_into(pilot, app.screen, "name", "ColoCorp")  # type: ignore[arg-type]
        await press(pilot, "ctrl+s")
        await press(pilot, "u")
        await type_into(pilot, app.screen, "control", "CUEC-1")  # type: ignore[arg-type]
        await type_into(pilot, app.screen, "description", "Review user access")  # type: ignore[arg-type]
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        detail = alice.get_report(report_id)
        assert [e.control for e in detail.exceptions] == ["CC6.1"]
        assert detail.subservices[0].method is SubserviceMethod.CARVE_OUT
        assert [o.control for o in detail.obligations] == ["CUEC-1"]

        await press(pilot, "w")
        await screen.workers.wait_for_complete()
        await settle(pilot)
        checklist = rows(screen.query_one("#table-checklist", DataTable))
        failed = {r[0]: r for r in checklist if r[1].startswith("FAIL")}
        assert {"exceptions", "carve-outs", "cuecs"} <= set(failed), checklist
        assert any(r[1].startswith("pass") for r in checklist)
        assert failed["exceptions"][2] == "medium" and failed["exceptions"][3].startswith("#")
        finding_id = int(failed["exceptions"][3].removeprefix("#"))
        assert any("failed" in n and "passed" in n for n in notifications(app))

        await press(pilot, "f")
        findings = app.screen
        assert isinstance(findings, FindingsScreen)
        assert finding_id in findings.rows


async def test_obligations_screen_sets_status_and_owner_that_persist(alice: Service) -> None:
    add_vendor(alice, "Linode")
    report_id = soc2(alice)
    alice.add_report_cuec(report_id, control="CUEC-1", description="Review user access")
    async with running(alice, size=SIZE) as (app, pilot):
        await press(pilot, "o")
        screen = app.screen
        assert isinstance(screen, ObligationsScreen)
        table = screen.query_one(DataTable)
        assert rows(table)[0][:5] == ["Linode", "CUEC-1", "Review user access", "nobody", "open"]
        table.focus()
        await press(pilot, "enter")
        modal = app.screen
        assert isinstance(modal, FormModal)
        modal.set_text("status", ObligationStatus.IN_PLACE.value)
        await type_into(pilot, modal, "owner", "IT ops")
        await type_into(pilot, modal, "note", "quarterly review")
        await press(pilot, "ctrl+s")
        (saved,) = alice.list_obligations()
        assert saved.status is ObligationStatus.IN_PLACE
        assert (saved.owner, saved.note) == ("IT ops", "quarterly review")
        assert app.screen is screen and table.row_count == 0  # open only: it left the list
        await press(pilot, "t")
        assert rows(table)[0][3:5] == ["IT ops", "in place"]


async def test_hostile_auditor_and_control_are_shown_literally(alice: Service) -> None:
    vendor_id = add_vendor(alice, "Linode")
    report_id = soc2(alice, auditor=EVIL_AUDITOR)
    alice.add_report_cuec(report_id, control=EVIL_CONTROL, description="[red]do it[/red]")
    async with running(alice, size=SIZE) as (app, pilot):
        await open_vendor(app, pilot, vendor_id)
        assert "[@click=app.quit]Evil" in screen_text(app) or "[@click=app.quit" in str(
            rows(app.screen.query_one("#table-reports", DataTable))
        )
        app.open_report(report_id)
        await settle(pilot)
        assert EVIL_AUDITOR in screen_text(app)
        await press(pilot, "o")
        text = screen_text(app)
        assert EVIL_CONTROL in text and "[red]do it[/red]" in text
        assert app.is_running


async def test_down_from_the_tab_bar_goes_into_the_reports_table(alice: Service) -> None:
    vendor_id = add_vendor(alice, "Linode")
    soc2(alice)
    async with running(alice) as (app, pilot):
        vendor = await open_vendor(app, pilot, vendor_id)
        await press(pilot, "right")  # Profile → Reports on the tab bar
        assert vendor.query_one(TabbedContent).active == "reports"
        await press(pilot, "down")
        assert app.focused is vendor.query_one("#table-reports", DataTable)
        await press(pilot, "enter")  # the row opens, as from Tab
        assert isinstance(app.screen, ReportScreen)
