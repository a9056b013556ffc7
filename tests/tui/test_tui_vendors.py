"""The terminal app's vendor list, driven with Textual's pilot against a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from vendor_review.service import Service, builtin_policy, catalog_for
from vendor_review.store import open_database
from vendor_review.tui.app import VendorReviewApp

EVIL = "[@click=app.quit]Evil Corp[/]"
BOLD = "ACME [/bold] Ltd"


@pytest.fixture
def service(tmp_path: Path) -> Service:
    db = open_database(f"sqlite:///{tmp_path / 'tui.db'}")
    svc = Service(db, actor="alice", catalog=lambda: catalog_for([]), policy=builtin_policy())
    svc.add_vendor(
        {"name": "LiveAgent", "kind": "service", "data_access": "personal", "criticality": "high"}
    )
    for name in ("Twilio Inc.", "Linode, LLC", EVIL, BOLD):
        svc.add_vendor(
            {
                "name": name,
                "kind": "service",
                "parent": "LiveAgent",
                "data_access": "personal",
                "criticality": "medium",
            }
        )
    return svc


def names(app: VendorReviewApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_lists_vendors_and_filters_as_you_type(service: Service) -> None:
    app = VendorReviewApp(service)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(names(app)) == sorted(["LiveAgent", "Twilio Inc.", "Linode, LLC", EVIL, BOLD])
        await pilot.press("slash", "t", "w", "i")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert names(app) == ["Twilio Inc."]
        status = app.screen.query_one("#status", Static)
        assert "1 vendors matching 'twi'" in str(status.render())
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(names(app)) == 5


async def test_markup_in_vendor_names_is_shown_literally(service: Service) -> None:
    app = VendorReviewApp(service)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert EVIL in names(app) and BOLD in names(app)
        table = app.screen.query_one(DataTable)
        table.focus()
        # Clicking the rendered text must not run the embedded action (the app stays up).
        await pilot.click(DataTable, offset=(3, 2))
        await pilot.pause()
        assert app.is_running
        app.screen.query_one("#filter", Input).value = "Evil"
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert names(app) == [EVIL]


async def test_a_failing_query_is_shown_and_the_app_stays_up(service: Service) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("database went away")

    service.list_vendors = broken  # type: ignore[method-assign,assignment]
    app = VendorReviewApp(service)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        messages = [n.message for n in app._notifications]
        assert "database went away" in messages
