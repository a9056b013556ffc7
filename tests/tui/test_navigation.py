"""One navigation model: every screen key lands on its screen from every screen (one copy
of each, never a growing stack), Esc goes back one step, the header says where you are,
no key means two things across screens, and help lists exactly the screens' bindings."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from typing import Any, cast
from unittest.mock import Mock

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from support.database import MakeService
from support.pilot import press, running, settle, top
from support.portfolio import add_vendor, submitted
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.approvals import ApprovalsScreen
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.screens.audit import AuditScreen
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.findings import FindingsScreen
from vendor_review.tui.screens.help import SCREENS, HelpScreen, key_text, screen_keys
from vendor_review.tui.screens.obligations import ObligationsScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.screens.vendors import VendorsScreen
from vendor_review.tui.widgets.app_header import AppHeader

LANDS = {
    "d": DashboardScreen,
    "v": VendorsScreen,
    "a": ApprovalsScreen,
    "f": FindingsScreen,
    "o": ObligationsScreen,
    "l": AuditScreen,
}


@pytest.fixture
def bob(alice: Service, make_service: MakeService) -> Service:
    """Bob, with alice's submitted assessment of Twilio waiting for him and a draft."""
    submitted(alice)
    add_vendor(alice, "Globex")
    alice.start_assessment("Globex", "mini")
    return make_service("bob")


async def press_each(pilot: Any, *keys: str) -> None:
    """Each key, waiting for what it started before the next."""
    for key in keys:
        await press(pilot, key)


def starts(app: VendorReviewApp) -> dict[str, Callable[[], Awaitable[None] | None]]:
    """How to reach each screen a reviewer can be on."""
    return {
        "dashboard": app.open_dashboard,
        "vendors": app.open_vendors,
        "vendor": lambda: app.open_vendor(1),
        "assessment": lambda: app.open_assessment(1),
        "approvals": app.open_approvals,
        "findings": app.open_findings,
        "obligations": app.open_obligations,
        "vendor obligations": lambda: app.open_obligations(vendor_id=1),
        "audit": app.open_audit,
        "vendor findings": lambda: app.open_findings(vendor_id=1, status=None),
        "assessment audit": lambda: app.open_audit("assessment", "1"),
    }


START = [
    "dashboard", "vendors", "vendor", "assessment", "approvals", "findings", "audit",
    "vendor findings", "assessment audit", "obligations", "vendor obligations",
]  # fmt: skip


@pytest.mark.parametrize("start", START)
async def test_every_screen_key_lands_on_its_screen_from_every_screen(
    bob: Service, start: str
) -> None:
    async with running(bob) as (app, pilot):
        go = starts(app)[start]
        for key, expected in LANDS.items():
            go()
            await settle(pilot)
            app.screen.set_focus(None)  # a focused list's own keys come first
            await press(pilot, key)
            where = f"{key} from {start}"
            assert type(top(app)) is expected, where
            assert len(app.screen_stack) == 1, where  # the screen itself, nothing on top
        # One screen per key in the whole app: switching never made copies.
        every = [s for stack in app._screen_stacks.values() for s in stack]
        for kind in LANDS.values():
            assert sum(isinstance(s, kind) for s in every) <= 1 + (kind is VendorsScreen)


def test_every_start_is_tried() -> None:
    assert sorted(START) == sorted(starts(cast(VendorReviewApp, Mock())))


async def test_esc_goes_back_one_step_and_the_header_says_where(bob: Service) -> None:
    async with running(bob) as (app, pilot):
        await press_each(pilot, "v", "enter")  # the first vendor: Globex
        assert isinstance(top(app), VendorScreen)
        header = app.screen.query_one(AppHeader)
        assert "Vendors › Vendor: Globex" in str(header.format_title())
        app.open_assessment(2)
        await settle(pilot)
        title = str(app.screen.query_one(AppHeader).format_title())
        assert "Vendors › Vendor: Globex › Assessment #2" in title
        await press_each(pilot, "l")  # this assessment's audit trail: the one Audit screen
        assert isinstance(top(app), AuditScreen)
        assert top(app).entity_id == "2"  # type: ignore[attr-defined]
        await press_each(pilot, "escape")  # back where l was pressed
        assert isinstance(top(app), AssessmentScreen)
        app.screen.set_focus(None)
        await press_each(pilot, "escape")
        assert isinstance(top(app), VendorScreen)
        await press_each(pilot, "escape")
        assert isinstance(top(app), VendorsScreen)
        await press_each(pilot, "escape")  # the first screen of Vendors: back to the dashboard
        assert isinstance(top(app), DashboardScreen)
        assert app.check_action("back", ()) is False  # nowhere further back


def bindings(cls: type[Screen[Any]]) -> list[Binding]:
    _, screen, widget = next(s for s in SCREENS if s[1].endswith(f".{cls.__name__}"))
    return screen_keys(screen, widget)


def test_no_screen_gives_a_screen_key_another_meaning() -> None:
    # The app's key, or the screen's own way to the same screen (this vendor's findings).
    allowed = {
        "d": {"app.dashboard"},
        "v": {"app.vendors"},
        "a": {"app.approvals"},
        "f": {"app.findings", "findings"},
        "l": {"app.audit", "audit"},
        "o": {"app.obligations", "obligations"},
        "question_mark": {"app.help"},
        "ctrl+q": {"app.quit"},
        "ctrl+e": {"app.export"},
        "ctrl+t": {"app.toggle_dark"},
        "escape": {"app.back", "back", "clear_filter", "cancel"},
    }
    for _, screen, widget in SCREENS:
        for binding in screen_keys(screen, widget):
            for key in binding.key.split(","):
                if key in allowed:
                    assert binding.action in allowed[key], f"{screen}: {key} → {binding.action}"


def rendered(static: Static) -> str:
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


async def test_help_lists_every_binding_of_every_screen(bob: Service) -> None:
    async with running(bob) as (app, pilot):
        app.open_assessment(2)
        await settle(pilot)
        await press_each(pilot, "question_mark")
        assert isinstance(top(app), HelpScreen)
        everywhere = rendered(app.screen.query_one("#everywhere", Static))
        here = rendered(app.screen.query_one("#this-screen", Static))
        every = rendered(app.screen.query_one("#every-screen", Static))
        lines = every.splitlines()
        for binding in type(app).BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.description in everywhere, binding
        # This screen: every key of the assessment, the number keys and Enter too.
        for key, what in (("1-9", "Pick"), ("0", "N/A"), ("z", "Undo"), ("x", "Clear answer")):
            assert any(key in line and what in line for line in here.splitlines()), what
        for title, _, _ in SCREENS:
            assert title in every, title
        for _, screen, widget in SCREENS:
            for binding in screen_keys(screen, widget):
                if not binding.description:
                    continue
                keys = key_text(app, binding)
                assert any(binding.description in line and keys in line for line in lines), (
                    f"{screen}: {binding.key} {binding.description}"
                )
        assert "d to send" not in rendered(app.screen.query_one("#workflow", Static))
