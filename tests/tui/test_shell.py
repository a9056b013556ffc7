"""The app shell: navigation keys, help, the command palette, the welcome screen, worker
errors, and Ctrl+Q that never loses an edit."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Input, Static

from support.database import MakeService, demo_sqlite_url
from support.markup import EVIL
from support.pilot import notifications, press, press_to, running, settle
from support.portfolio import add_vendor
from vendor_review.service import Service, builtin_policy, catalog_for
from vendor_review.store import open_database
from vendor_review.tui.commands import AppCommands, available
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.help import HelpScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.screens.vendors import VendorsScreen
from vendor_review.tui.screens.welcome import WelcomeScreen


def rendered(static: Static) -> str:
    """What a Static shows, as plain text (rich tables included)."""
    console = Console(width=140, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


@pytest.fixture
def service(make: MakeService) -> Service:
    svc = make("alice")
    add_vendor(svc, "LiveAgent", criticality="high")
    add_vendor(svc, "Twilio Inc.", parent="LiveAgent", criticality="high")
    add_vendor(svc, EVIL, parent="LiveAgent", criticality="high")
    return svc


async def test_keys_move_between_the_main_screens(service: Service) -> None:
    async with running(service) as (app, pilot):
        assert isinstance(app.screen, DashboardScreen)
        await press(pilot, "v")
        assert isinstance(app.screen, VendorsScreen)
        await pilot.press("enter")  # the first vendor
        await settle(pilot)
        assert isinstance(app.screen, VendorScreen)
        await press(pilot, "d")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("escape")  # back one step: where d was pressed
        await settle(pilot)
        assert isinstance(app.screen, VendorScreen)
        await pilot.press("d", "v")  # v lands on the list itself, never on what was above
        await settle(pilot)
        assert isinstance(app.screen, VendorsScreen)
        assert len(app.screen_stack) == 1
        await pilot.press("escape")  # the list's first screen: back to the dashboard
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_help_lists_every_key(service: Service) -> None:
    async with running(service) as (app, pilot):
        await press(pilot, "v")
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(rendered(s) for s in app.screen.query(Static))
        for expected in (
            "Everywhere",
            "ctrl+p",
            "On this screen: Vendors",
            "Tree/table",
            "New assessment",  # the vendor screen's keys
            "Add report",
            "Submit",  # the assessment screen's
            "--actor NAME",  # how to approve as a second person
        ):
            assert expected in shown, expected
        await pilot.press("escape")
        assert isinstance(app.screen, VendorsScreen)


async def test_the_palette_offers_every_action_by_name(service: Service) -> None:
    async with running(service) as (app, pilot):
        names = [name for name, _, _ in available(app.screen)]
        for expected in ("Vendors", "New vendor", "Approvals", "Findings", "Audit log", "Help"):
            assert expected in names
        assert "Dashboard: Reload" in names  # the current screen's own actions
        assert "Back" not in names and "Dashboard" not in names  # what does not apply here
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"vendors")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        assert isinstance(app.screen, VendorsScreen)
        assert AppCommands in app.COMMANDS


async def test_the_palette_opens_a_vendor_by_name_and_shows_markup_literally(
    service: Service,
) -> None:
    async with running(service) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"evil")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        assert app.is_running
        assert isinstance(app.screen, VendorScreen)
        assert app.screen.title == f"Vendor: {EVIL}"


async def test_an_empty_database_welcomes_and_adds_the_first_vendor(make: MakeService) -> None:
    async with running(make("alice")) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, VendorScreen)
        assert app.screen.title == "New vendor"
        assert isinstance(app.screen.focused, Input)


@pytest.fixture
def demo_opener(tmp_path: Path) -> Iterator[tuple[Callable[[], Service], list[Service]]]:
    """``open_demo`` as launch.py builds it, on a demo database in ``tmp_path`` (a copy of
    the example portfolio loaded once per test process)."""
    opened: list[Service] = []

    def open_demo() -> Service:
        demo_url = demo_sqlite_url(tmp_path / "demo.db")
        demo = Service(
            open_database(demo_url),
            actor="alice",
            catalog=lambda: catalog_for([]),
            policy=builtin_policy(),
        )
        opened.append(demo)
        return demo

    yield open_demo, opened
    for service in opened:
        service.db.dispose()


async def test_the_welcome_screen_opens_the_example_portfolio(
    make: MakeService, demo_opener: tuple[Callable[[], Service], list[Service]]
) -> None:
    open_demo, opened = demo_opener
    async with running(make("alice"), open_demo=open_demo) as (app, pilot):
        assert isinstance(app.screen, WelcomeScreen)
        await press(pilot, "e")
        assert isinstance(app.screen, DashboardScreen)
        assert app.service is opened[0]
        assert "As of 2026-" in str(app.screen.query_one("#asof", Static).render())
        summary = app.screen.summary
        assert summary is not None and summary.vendors_total == 9
        assert "demo.db" in app.sub_title


async def test_the_palette_opens_the_example_portfolio_from_anywhere(
    service: Service, demo_opener: tuple[Callable[[], Service], list[Service]]
) -> None:
    open_demo, opened = demo_opener
    async with running(service, open_demo=open_demo) as (app, pilot):
        await press(pilot, "v")
        assert "Open the example portfolio" in [name for name, _, _ in available(app.screen)]
        await app.run_action("app.open_demo")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and app.service is opened[0]
        await pilot.press("v")  # the vendor list was built afresh on the demo database
        await settle(pilot)
        assert app.screen.query_one("#vendors").row_count == 9  # type: ignore[attr-defined]


async def test_a_failing_worker_is_shown_and_the_app_stays_up(service: Service) -> None:
    def broken(**_: object) -> None:
        raise RuntimeError("the dashboard query failed")

    service.dashboard_summary = broken  # type: ignore[method-assign,assignment]
    async with running(service) as (app, pilot):
        assert app.is_running
        assert "the dashboard query failed" in notifications(app)
        await press_to(pilot, VendorsScreen, "v")  # and everything else still works


async def test_ctrl_q_asks_before_unsaved_edits_are_lost(service: Service) -> None:
    async with running(service) as (app, pilot):
        app.new_vendor()
        await settle(pilot)
        await pilot.press(*"Half typed")
        await pilot.press("d")  # typed into the name: still on the form
        assert isinstance(app.screen, VendorScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "unsaved" in str(app.screen.query_one("#message", Static).render())
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, VendorScreen) and app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")  # discard and quit
        await settle(pilot)
    assert app.return_code == 0 and not app.is_running


async def test_ctrl_q_quits_at_once_when_nothing_is_unsaved(service: Service) -> None:
    async with running(service) as (app, pilot):
        await press(pilot, "ctrl+q")
    assert not app.is_running


async def test_the_theme_toggles_between_dark_and_light(service: Service) -> None:
    async with running(service) as (app, pilot):
        assert app.current_theme.dark
        await press(pilot, "ctrl+t")
        assert not app.current_theme.dark
        assert app.is_running


async def test_going_round_the_app_does_not_grow_the_stack(service: Service) -> None:
    from vendor_review.tui.screens.approvals import ApprovalsScreen
    from vendor_review.tui.screens.audit import AuditScreen

    async with running(service) as (app, pilot):
        for key in ("a", "l", "a", "l"):
            app.screen.set_focus(None)  # (the keys of a focused list would come first)
            await press(pilot, key)
        # Each key switches to its own screen: never a second copy, never a growing stack.
        assert [type(s) for s in app.screen_stack] == [AuditScreen]
        assert app.history == ["dashboard", "approvals"]
        await press(pilot, "a")
        assert [type(s) for s in app.screen_stack] == [ApprovalsScreen]
        await press(pilot, "d")
        assert [type(s) for s in app.screen_stack] == [DashboardScreen]
