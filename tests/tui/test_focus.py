"""Where the keys go is unmistakable in both themes: the focused button, input and table
row wear the theme's accent, which nothing unfocused does (``tui/focus.tcss``)."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widget import Widget
from textual.widgets import Button, Input

from support.pilot import press, settle
from support.portfolio import add_vendor
from vendor_review.service import Service
from vendor_review.tui.app import DARK, LIGHT, VendorReviewApp
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.widgets.vendor_table import VendorTable

SMALL = (80, 24)


def _accent(app: VendorReviewApp) -> Color:
    return Color.parse(app.get_css_variables()["accent"])


def _edge(widget: Widget) -> Color:
    return widget.styles.border_top[1]


@pytest.mark.parametrize("theme", [DARK, LIGHT])
async def test_the_focused_control_wears_the_accent(alice: Service, theme: str) -> None:
    add_vendor(alice, "LiveAgent", criticality="high")
    app = VendorReviewApp(alice, theme=theme)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        accent = _accent(app)
        app.push_screen(ConfirmScreen("Discard?", "Your text is not saved.", yes="Discard"))
        await settle(pilot)
        yes, no = app.screen.query_one("#yes", Button), app.screen.query_one("#no", Button)
        assert no.has_focus and _edge(no) == accent  # the safe answer first
        assert _edge(yes) != accent
        await pilot.press("tab")
        assert yes.has_focus and _edge(yes) == accent and _edge(no) != accent
        await press(pilot, "n")
        await press(pilot, "v")
        table = app.screen.query_one(VendorTable)
        assert table.has_focus
        search = app.screen.query_one(Input)
        assert _edge(search) != accent
        await press(pilot, "slash")
        assert search.has_focus and _edge(search) == accent
