"""The vendor list, driven with Textual's pilot against a real database: filter as you
type, sort by any column, page as the cursor moves, the subprocessor tree, markup-proof."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.widgets import Input

from support.database import MakeService
from support.markup import BOLD, EVIL
from support.pilot import SIZE, notifications, press, running, settle, text_of
from support.portfolio import add_vendor
from vendor_review.service import Service
from vendor_review.service.vendor_list import VendorPage
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.screens.vendors import PAGE, VendorsScreen
from vendor_review.tui.widgets.vendor_table import VendorTable
from vendor_review.tui.widgets.vendor_tree import VendorTree


@pytest.fixture
def service(make: MakeService) -> Service:
    svc = make("alice")
    add_vendor(svc, "LiveAgent", criticality="high")
    for name in ("Twilio Inc.", "Linode, LLC", EVIL, BOLD):
        add_vendor(svc, name, parent="LiveAgent", criticality="medium")
    add_vendor(svc, "Zeta Archive", kind="infrastructure", data_access="none", criticality="low")
    return svc


def names(app: VendorReviewApp) -> list[str]:
    table = app.screen.query_one("#vendors", VendorTable)
    return [table.cells(i)[0].plain for i in range(table.row_count)]


async def open_vendors(app: VendorReviewApp, pilot: object) -> None:
    await settle(pilot)  # type: ignore[arg-type]
    await pilot.press("v")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, VendorsScreen)


async def test_lists_vendors_and_filters_as_you_type(service: Service) -> None:
    async with running(service) as (app, pilot):
        await open_vendors(app, pilot)
        assert sorted(names(app)) == sorted(
            ["LiveAgent", "Twilio Inc.", "Linode, LLC", EVIL, BOLD, "Zeta Archive"]
        )
        await press(pilot, "slash", "t", "w", "i")
        assert names(app) == ["Twilio Inc."]
        assert "1 vendor matching 'twi'" in text_of(app, "#status")
        await press(pilot, "escape")  # clears the filter
        assert len(names(app)) == 6
        assert isinstance(app.screen, VendorsScreen)


async def test_sorts_by_any_column(service: Service) -> None:
    async with running(service) as (app, pilot):
        await open_vendors(app, pilot)
        assert names(app)[:2] == [BOLD, "Linode, LLC"]
        await press(pilot, "s")  # name → parent
        assert names(app)[-2:] == ["LiveAgent", "Zeta Archive"]  # no parent: last
        assert "sorted by Parents ▲" in text_of(app, "#status")
        await press(pilot, "S")
        assert "sorted by Parents ▼" in text_of(app, "#status")
        for _ in range(3):  # parent → kind → status → inherent
            await pilot.press("s")
        await settle(pilot)
        assert "sorted by Inherent ▲" in text_of(app, "#status")
        assert names(app)[0] == "Zeta Archive"  # the only low inherent risk
        # Clicking a header sorts by it too.
        await pilot.click("#vendors", offset=(2, 0))
        await settle(pilot)
        assert "sorted by Name ▲" in text_of(app, "#status")


async def test_pages_as_the_cursor_nears_the_end(make: MakeService) -> None:
    svc = make("alice")
    for n in range(PAGE + 30):
        add_vendor(svc, f"Vendor {n:04d}", criticality="high")
    async with running(svc) as (app, pilot):
        await open_vendors(app, pilot)
        table = app.screen.query_one("#vendors", VendorTable)
        assert table.row_count == PAGE
        assert f"{PAGE + 30} vendors (showing {PAGE}; scroll for more)" in text_of(app, "#status")
        await press(pilot, "end")
        assert table.row_count == PAGE + 30
        assert names(app)[-1] == f"Vendor {PAGE + 29:04d}"


async def test_the_cursor_pages_and_a_reload_keeps_it_on_its_vendor(make: MakeService) -> None:
    svc = make("alice")
    for n in range(PAGE):
        add_vendor(svc, f"Vendor {n:04d}", criticality="high")
    async with running(svc) as (app, pilot):
        await open_vendors(app, pilot)
        table = app.screen.query_one("#vendors", VendorTable)
        rows_shown = table.scrollable_content_region.height - 1  # under the header
        await press(pilot, "pagedown")
        assert table.cursor_row == rows_shown  # a screenful down, as DataTable pages
        await press(pilot, "down", "down", "down")
        at = table.cursor_row
        assert at == rows_shown + 3
        assert table.scroll_y <= at < table.scroll_y + rows_shown  # in view
        assert table.cells(at)[0].plain == f"Vendor {at:04d}"
        await press(pilot, "r")  # reads the list again: the cursor stays on its vendor
        assert table.cells(table.cursor_row)[0].plain == f"Vendor {at:04d}"
        assert table.scroll_y <= table.cursor_row < table.scroll_y + rows_shown
        await press(pilot, "end", "pageup")
        assert table.cursor_row == PAGE - 1 - rows_shown
        await press(pilot, "home", "pageup")
        assert (table.cursor_row, table.scroll_y) == (0, 0)
        await pilot.hover("#vendors", offset=(3, 2))  # the mouse marks the row under it
        assert (table.hover_shown, table.hover_row) == (True, 1)
        await press(pilot, "down")  # a key takes the mark away
        assert (table.hover_shown, table.cursor_row) == (False, 1)


async def test_tree_shows_the_subprocessor_chain(service: Service) -> None:
    async with running(service) as (app, pilot):
        await open_vendors(app, pilot)
        await press(pilot, "t")
        tree = app.screen.query_one(VendorTree)
        roots = [node.label.plain for node in tree.root.children]
        assert [r.split("  ")[0] for r in roots] == ["LiveAgent", "Zeta Archive"]
        assert "(4 subprocessors)" in roots[0]
        await press(pilot, "space")  # expand LiveAgent
        children = [n.label.plain.split("  ")[0] for n in tree.root.children[0].children]
        assert sorted(children) == sorted(["Twilio Inc.", "Linode, LLC", EVIL, BOLD])
        # Typing filters the tree too, each match shown with its parent.
        await press(pilot, "slash", "l", "i", "n", "o", "enter")
        assert [n.label.plain.split("  ")[0] for n in tree.root.children] == [
            "LiveAgent → Linode, LLC"
        ]
        await press(pilot, "enter")
        assert isinstance(app.screen, VendorScreen)
        assert app.screen.title == "Vendor: Linode, LLC"


async def test_markup_in_vendor_names_is_shown_literally(service: Service) -> None:
    async with running(service) as (app, pilot):
        await open_vendors(app, pilot)
        assert EVIL in names(app) and BOLD in names(app)
        # Clicking the rendered text must not run the embedded action (the app stays up).
        # (A click on a highlighted row opens the vendor.)
        row = names(app).index(EVIL) + 1
        await pilot.click("#vendors", offset=(3, row))
        await pilot.click("#vendors", offset=(3, row))
        await settle(pilot)
        assert app.is_running
        if isinstance(app.screen, VendorScreen):
            await press(pilot, "escape")
        app.screen.query_one("#filter", Input).value = "Evil"
        await settle(pilot)
        assert names(app) == [EVIL]
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, VendorScreen)
        assert EVIL in text_of(app, "#summary")
        assert app.screen.title == f"Vendor: {EVIL}"
        assert app.is_running


async def test_a_failing_query_is_shown_and_the_app_stays_up(service: Service) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("database went away")

    service.list_vendors = broken  # type: ignore[method-assign,assignment]
    async with running(service) as (app, pilot):
        await open_vendors(app, pilot)
        assert app.is_running
        assert "database went away" in notifications(app)


async def test_keys_typed_while_the_list_is_queried_are_served_by_one_query(
    service: Service,
) -> None:
    """Issue 14: a key queries at once; the keys typed while that query runs are served by
    one query for the newest text when it answers (not one per key, no timer to wait for);
    the list shows the whole text."""
    gate = threading.Event()
    asked: list[str | None] = []
    list_vendors = service.list_vendors

    def held(**query: Any) -> VendorPage:
        asked.append(query.get("text"))
        if query.get("text"):
            gate.wait(timeout=60)  # the first filtered query runs until the keys are typed
        return list_vendors(**query)

    service.list_vendors = held  # type: ignore[method-assign]
    app = VendorReviewApp(service)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendors(app, pilot)
        screen = app.screen
        assert isinstance(screen, VendorsScreen)
        before = screen.generation
        await pilot.press("slash", "l", "i", "n", "o")
        assert screen.generation == before + 1  # "l" at once; "ino" waits for its answer
        assert screen.filter_pending
        gate.set()
        await settle(pilot)
        assert screen.generation == before + 2
        assert asked[-2:] == ["l", "lino"]
        assert names(app) == ["Linode, LLC"]
        assert "1 vendor matching 'lino'" in text_of(app, "#status")
