"""Export and vendor import from the terminal app, driven by keys against a real SQLite
database: what lands in the workbook, what the import preview shows, what the database
holds afterwards, and that bad paths and files are refused in place. (The questionnaire
workbook: test_tui_exchange_workbook.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Input, Static
from tui_exchange_helpers import names_in_summary, preview_lines, problem, type_path
from workflow_screen_helpers import (
    MakeService,
    add_vendor,
    notifications,
    service_factory,
    settle,
    top,
    write_catalog,
)

from vendor_review.service import Service
from vendor_review.store import open_database
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.vendors import VendorsScreen
from vendor_review.tui.screens.welcome import WelcomeScreen
from vendor_review.tui.widgets.import_preview import ImportPreview
from vendor_review.tui.widgets.path_modal import PathModal

SIZE = (140, 40)
HEADER = "name,kind,data access,criticality,regions\n"


@pytest.fixture
def make_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakeService]:
    monkeypatch.chdir(tmp_path)  # the default file names are relative
    db = open_database(f"sqlite:///{tmp_path / 'tui.db'}")
    try:
        yield service_factory(db, write_catalog(tmp_path / "questionnaires"))
    finally:
        db.dispose()


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    return make_service("alice")


@pytest.fixture
def portfolio(alice: Service) -> Service:
    add_vendor(alice, "Twilio")
    add_vendor(alice, "Linode", kind="infrastructure")
    add_vendor(alice, "[b]Markup[/b] Ltd")
    return alice


async def open_vendors(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, VendorsScreen)


async def test_export_the_portfolio_from_the_vendor_list(
    portfolio: Service, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "portfolio.xlsx"
    target.parent.mkdir()
    app = VendorReviewApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        modal = top(app)
        assert isinstance(modal, PathModal)
        # Offered in the output folder (config output_dir), never the working directory.
        assert modal.query_one("#path", Input).value == str(
            tmp_path / "documents" / "vendor-review-2026-03-10.xlsx"
        )
        await type_path(pilot, target)
        assert isinstance(app.screen, VendorsScreen)  # back where it was
        assert sorted(names_in_summary(target)) == ["Linode", "Twilio", "[b]Markup[/b] Ltd"]
        assert any(f"rows to {target}" in n for n in notifications(app))


async def test_export_of_a_filtered_list_has_its_vendors_only(
    portfolio: Service, tmp_path: Path
) -> None:
    app = VendorReviewApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("slash", "t", "w", "i", "enter")  # enter: back to the table
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "matching 'twi'" in str(app.screen.query_one("#title", Static).render())
        await type_path(pilot, tmp_path / "twi.xlsx")
        assert names_in_summary(tmp_path / "twi.xlsx") == ["Twilio"]


async def test_export_from_a_vendor_has_that_vendor_only(
    portfolio: Service, tmp_path: Path
) -> None:
    app = VendorReviewApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_vendor(portfolio.get_vendor("Linode").id)
        await settle(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert "Export vendor Linode" in str(app.screen.query_one("#title", Static).render())
        await type_path(pilot, tmp_path / "linode.xlsx")
    assert names_in_summary(tmp_path / "linode.xlsx") == ["Linode"]


async def test_bad_paths_are_refused_in_the_modal_and_nothing_is_written(
    portfolio: Service, tmp_path: Path
) -> None:
    existing = tmp_path / "keep.xlsx"
    existing.write_bytes(b"mine")
    app = VendorReviewApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await type_path(pilot, tmp_path / "out.csv")
        assert "must end in .xlsx" in problem(app)
        await type_path(pilot, tmp_path / "nowhere" / "out.xlsx")
        assert "There is no folder" in problem(app)
        await type_path(pilot, existing)
        assert "exists. Enter again to replace it" in problem(app)
        assert isinstance(app.screen, PathModal)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, VendorsScreen)
    assert existing.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv")) == [
        "keep.xlsx"
    ]


async def test_an_existing_file_is_replaced_after_enter_again(
    portfolio: Service, tmp_path: Path
) -> None:
    existing = tmp_path / "old.xlsx"
    existing.write_bytes(b"old")
    app = VendorReviewApp(portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("ctrl+e")
        await settle(pilot)
        await type_path(pilot, existing)
        await pilot.press("enter")
        await settle(pilot)
    assert len(names_in_summary(existing)) == 3


async def test_vendor_import_with_a_bad_row_shows_it_and_cannot_be_imported(
    alice: Service, tmp_path: Path
) -> None:
    add_vendor(alice, "Twilio")
    csv = tmp_path / "vendors.csv"
    csv.write_text(
        HEADER
        + "Acme Mail,service,personal,high,EU;US\n"
        + "Beta Logs,infrastructure,none,low,EU\n"
        + "Gamma,[b]weird[/b],personal,high,EU\n",
        encoding="utf-8",
    )
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("i")
        await settle(pilot)
        await type_path(pilot, csv)
        preview = top(app)
        assert isinstance(preview, ImportPreview)
        lines = preview_lines(app)
        assert any("vendors.csv row 4" in line and "'[b]weird[/b]'" in line for line in lines)
        assert any("Acme Mail" in line for line in lines)
        assert preview.query_one("#import", Button).disabled
        assert "Fix the 1 problem(s)" in str(preview.query_one("#reason", Static).render())
        await pilot.click("#import")
        await settle(pilot)
        assert isinstance(app.screen, ImportPreview)  # still open: nothing imported
        await pilot.press("escape")
        await settle(pilot)
    assert [v.name for v in alice.list_vendors().rows] == ["Twilio"]


async def test_vendor_import_stores_the_vendors_after_the_preview(
    alice: Service, tmp_path: Path
) -> None:
    add_vendor(alice, "Twilio", criticality="low")
    csv = tmp_path / "vendors.csv"
    csv.write_text(
        HEADER
        + "Acme Mail,service,personal,high,EU;US\n"
        + "Beta Logs,infrastructure,none,low,EU\n"
        + "Twilio,service,personal,high,US\n",
        encoding="utf-8",
    )
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("i")
        await settle(pilot)
        await type_path(pilot, csv)
        preview = top(app)
        assert isinstance(preview, ImportPreview)
        assert "2 new, 1 already in the inventory and different" in str(
            preview.query_one("#counts", Static).render()
        )
        preview.query_one("#option", Checkbox).value = True  # also update Twilio
        await pilot.pause()
        await pilot.click("#import")
        await settle(pilot)
        assert isinstance(app.screen, VendorsScreen)
        assert "Created 2 and updated 1 vendor(s) from vendors.csv" in notifications(app)
        assert app.screen.total == 3  # reloaded
    vendors = {v.name: v for v in alice.list_vendors().rows}
    assert sorted(vendors) == ["Acme Mail", "Beta Logs", "Twilio"]
    assert alice.get_vendor("Twilio").criticality.value == "high"
    assert alice.get_vendor("Acme Mail").regions == ["EU", "US"]


async def test_a_refused_file_is_one_error_and_the_app_stays_up(
    alice: Service, tmp_path: Path
) -> None:
    add_vendor(alice, "Twilio")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(pilot)
        await pilot.press("i")
        await settle(pilot)
        await type_path(pilot, fake)
        assert isinstance(app.screen, VendorsScreen)
        assert any("fake.xlsx: refused" in n for n in notifications(app))
    assert alice.list_vendors().total == 1


async def test_import_an_inventory_from_the_welcome_screen(alice: Service, tmp_path: Path) -> None:
    csv = tmp_path / "first.csv"
    csv.write_text(HEADER + "Acme Mail,service,personal,high,EU\n", encoding="utf-8")
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("i")
        await settle(pilot)
        await type_path(pilot, csv)
        await pilot.click("#import")
        await settle(pilot)
        assert isinstance(app.screen, VendorsScreen)
    assert [v.name for v in alice.list_vendors().rows] == ["Acme Mail"]
