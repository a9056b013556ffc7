"""Export and vendor import from the terminal app, driven by keys against a real SQLite
database: what lands in the workbook, what the import preview shows, what the database
holds afterwards, and that bad paths and files are refused in place. (The questionnaire
workbook: screens/test_assessment_workbook.py.)"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from support.pilot import (
    notifications,
    press,
    preview_lines,
    problem,
    running,
    settle,
    text_of,
    top,
    type_path,
)
from support.portfolio import add_vendor
from support.workbooks import names_in_summary
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.vendors import VendorsScreen
from vendor_review.tui.screens.welcome import WelcomeScreen
from vendor_review.tui.widgets.path_modal import PathModal
from vendor_review.tui.widgets.vendor_import import VendorImportModal

pytestmark = pytest.mark.usefixtures("in_tmp_path")
HEADER = "name,kind,data access,criticality,regions\n"


@pytest.fixture
def portfolio(alice: Service) -> Service:
    add_vendor(alice, "Twilio")
    add_vendor(alice, "Linode", kind="infrastructure")
    add_vendor(alice, "[b]Markup[/b] Ltd")
    return alice


async def open_vendors(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await press(pilot, "v")
    assert isinstance(pilot.app.screen, VendorsScreen)


async def export_from_vendors(pilot: Pilot[None]) -> None:
    """From the start, the vendor list and ``ctrl+e``: the path modal, open."""
    await open_vendors(pilot)
    await press(pilot, "ctrl+e")
    assert isinstance(pilot.app.screen, PathModal)


@pytest.fixture
def existing(tmp_path: Path) -> Path:
    """A workbook of the user's own where the export may go."""
    path = tmp_path / "mine.xlsx"
    path.write_bytes(b"mine")
    return path


async def import_preview(pilot: Pilot[None], path: Path) -> VendorImportModal:
    """From the vendor list, ``i`` and the path of ``path``: the preview modal, open."""
    await open_vendors(pilot)
    await press(pilot, "i")
    await type_path(pilot, path)
    modal = top(pilot.app)
    assert isinstance(modal, VendorImportModal)
    return modal


async def test_export_the_portfolio_from_the_vendor_list(
    portfolio: Service, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "portfolio.xlsx"
    target.parent.mkdir()
    async with running(portfolio) as (app, pilot):
        await export_from_vendors(pilot)
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


async def filtered_twi(app: VendorReviewApp, pilot: Pilot[None]) -> None:
    await open_vendors(pilot)
    await press(pilot, "slash", "t", "w", "i", "enter")  # enter: back to the table


async def vendor_linode(app: VendorReviewApp, pilot: Pilot[None]) -> None:
    app.open_vendor(app.service.get_vendor("Linode").id)
    await settle(pilot)


@pytest.mark.parametrize(
    ("narrow", "title", "exported"),
    [
        (filtered_twi, "matching 'twi'", ["Twilio"]),
        (vendor_linode, "Export vendor Linode", ["Linode"]),
    ],
    ids=["filtered-list", "from-a-vendor"],
)
async def test_export_has_the_vendors_shown_only(
    portfolio: Service,
    tmp_path: Path,
    narrow: Callable[[VendorReviewApp, Pilot[None]], Awaitable[None]],
    title: str,
    exported: list[str],
) -> None:
    async with running(portfolio) as (app, pilot):
        await narrow(app, pilot)
        await press(pilot, "ctrl+e")
        assert title in text_of(app, "#title")
        await type_path(pilot, tmp_path / "some.xlsx")
    assert names_in_summary(tmp_path / "some.xlsx") == exported


async def test_bad_paths_are_refused_in_the_modal_and_nothing_is_written(
    portfolio: Service, tmp_path: Path, existing: Path
) -> None:
    async with running(portfolio) as (app, pilot):
        await export_from_vendors(pilot)
        await type_path(pilot, tmp_path / "out.csv")
        assert "must end in .xlsx" in problem(app)
        await type_path(pilot, tmp_path / "nowhere" / "out.xlsx")
        assert "There is no folder" in problem(app)
        await type_path(pilot, existing)
        assert "exists. Enter again to replace it" in problem(app)
        assert isinstance(app.screen, PathModal)
        await press(pilot, "escape")
        assert isinstance(app.screen, VendorsScreen)
    assert existing.read_bytes() == b"mine"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv")) == [
        "mine.xlsx"
    ]


async def test_an_existing_file_is_replaced_after_enter_again(
    portfolio: Service, existing: Path
) -> None:
    async with running(portfolio) as (_, pilot):
        await export_from_vendors(pilot)
        await type_path(pilot, existing)
        await press(pilot, "enter")
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
    async with running(alice) as (app, pilot):
        modal = await import_preview(pilot, csv)
        lines = preview_lines(app)
        assert any("vendors.csv row 4" in line and "'[b]weird[/b]'" in line for line in lines)
        assert any("Acme Mail" in line for line in lines)
        assert modal.query_one("#store", Button).disabled
        assert "Fix the 1 problem in the file" in str(modal.query_one("#reason", Static).render())
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, VendorImportModal)  # still open: nothing imported
        await press(pilot, "escape")
    assert [v.name for v in alice.list_vendors().rows] == ["Twilio"]


async def test_vendor_import_asks_whose_list_and_stores_after_the_preview(
    alice: Service, tmp_path: Path
) -> None:
    add_vendor(alice, "Twilio, Inc.", criticality="low")
    add_vendor(alice, "Slack", kind="service")
    aws = "Amazon Web Services, Inc."
    alice.add_vendor({"name": aws, "parent": "Slack"})  # an untriaged subprocessor of Slack
    csv = tmp_path / "intercom.csv"
    csv.write_text(
        "Sub-processor,Where,Description of processing\n"
        "Amazon Web Services Inc (AWS),US,Hosting\n"
        "Twilio Inc,US,Messaging\n"
        "Acme Mail,EU,Email\n",
        encoding="utf-8",
    )
    async with running(alice) as (app, pilot):
        modal = await import_preview(pilot, csv)
        lines = preview_lines(app)
        assert "  Where → ignored" in lines  # until mapped
        await press(pilot, *"Intercom", "tab", *"Where=regions", "enter")
        lines = preview_lines(app)
        for line in (
            "  Sub-processor → name",
            "  Where → regions",
            "  Intercom (new vendor, untriaged)",
            "  none: new vendors without data access and criticality are untriaged",
            f"  added         Intercom → {aws}: Hosting · US",
            "  added         Intercom → Twilio, Inc.: Messaging · US",
            "  new        Acme Mail  (row 4): other, untriaged",
        ):
            assert line in lines, line
        button = modal.query_one("#store", Button)
        assert str(button.label) == "Import 2 vendors, 3 links (Ctrl+S)"
        assert alice.get_vendor(aws).parents == ["Slack"]  # nothing stored yet
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, VendorsScreen)
        assert any("Created 2 and updated 0 vendors from intercom.csv; links: 3 added" in n
                   for n in notifications(app))  # fmt: skip
    assert alice.get_vendor(aws).parents == ["Intercom", "Slack"]
    assert alice.get_vendor("Acme Mail").untriaged
    assert [r.name for r in alice.subprocessors("Intercom")] == ["Acme Mail", aws, "Twilio, Inc."]


async def test_a_refused_file_is_said_in_the_import_and_nothing_is_stored(
    alice: Service, tmp_path: Path
) -> None:
    add_vendor(alice, "Twilio")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    async with running(alice) as (app, pilot):
        modal = await import_preview(pilot, fake)
        assert any("fake.xlsx: refused" in line for line in preview_lines(app))
        assert modal.query_one("#store", Button).disabled
        await press(pilot, "escape")
        assert isinstance(app.screen, VendorsScreen)
    assert alice.list_vendors().total == 1


async def test_import_an_inventory_from_the_welcome_screen(alice: Service, tmp_path: Path) -> None:
    csv = tmp_path / "first.csv"
    csv.write_text(HEADER + "Acme Mail,service,personal,high,EU\n", encoding="utf-8")
    async with running(alice) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        await press(pilot, "i")
        await type_path(pilot, csv)
        await pilot.click("#store")
        await settle(pilot)
        assert isinstance(app.screen, VendorsScreen)
    assert [v.name for v in alice.list_vendors().rows] == ["Acme Mail"]
