"""Snapshots of every screen, at 80×24 (a small terminal: essential content and a footer
with ? and Esc) and 140×40, the Dashboard and the Assessment in both themes, on the
example portfolio as of 2026-06-15 with a fixed clock, as demo.bob (who approves
Websupport, submitted by demo.alice).

Update after an intended change with ``pytest tests/tui/screens/test_snapshots.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from support.database import demo_sqlite_url, open_sqlite
from support.pilot import press, settle
from vendor_review.domain.assurance import ReportType
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import FixedClock, Service, builtin_policy, catalog_for
from vendor_review.store import open_database
from vendor_review.tui.app import DARK, LIGHT, VendorReviewApp

AS_OF = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
SMALL, LARGE = (80, 24), (140, 40)
REPORTED = "Linode, LLC"
"""The demo vendor with a SOC 2 report: an exception, a carve-out and two CUECs."""
Step = Callable[[VendorReviewApp, Pilot[None]], Awaitable[None]]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Service]:
    db = open_database(demo_sqlite_url(tmp_path / "demo.db"))
    catalog = catalog_for([])
    try:
        yield Service(
            db,
            actor="demo.bob",
            catalog=lambda: catalog,
            policy=builtin_policy(),
            clock=FixedClock(NOW),
        )
    finally:
        db.dispose()


async def still(pilot: Pilot[None]) -> None:
    """Nothing left moving before the picture: style transitions (a theme applied, a
    focus moved) finished and the messages they posted handled. Under load they could
    still be running after the workers settled (a style-only diff, seen once at -n 2)."""
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await settle(pilot)


def keys(*pressed: str) -> Step:
    async def run(app: VendorReviewApp, pilot: Pilot[None]) -> None:
        for key in pressed:
            await press(pilot, key)

    return run


def draft(app: VendorReviewApp) -> int:
    drafts = app.service.list_assessments(status=AssessmentStatus.DRAFT)
    return next(a.id for a in drafts if a.vendor_name == "Quality Unit, LLC")


def vendor_id(app: VendorReviewApp, name: str) -> int:
    return next(v.id for v in app.service.list_vendors(text=name).rows if v.name == name)


def call(go: Callable[[VendorReviewApp], object], *then: str) -> Step:
    async def run(app: VendorReviewApp, pilot: Pilot[None]) -> None:
        go(app)
        await settle(pilot)
        for key in then:
            await press(pilot, key)

    return run


def reports_tab(name: str) -> Step:
    """A vendor's screen on its Reports tab."""

    async def run(app: VendorReviewApp, pilot: Pilot[None]) -> None:
        app.open_vendor(vendor_id(app, name))
        await settle(pilot)
        app.screen.query_one(TabbedContent).active = "reports"
        await settle(pilot)

    return run


def reviewed_report(name: str) -> Step:
    """The screen of a vendor's SOC 2 report, reviewed again: the checklist."""

    def go(app: VendorReviewApp) -> None:
        reports = app.service.list_reports(vendor=vendor_id(app, name))
        app.open_report(next(r.id for r in reports if r.type is ReportType.SOC2_TYPE2))

    return call(go, "w")


SCREENS: dict[str, Step] = {
    "dashboard": keys(),
    "vendors": keys("v"),
    "vendor": call(lambda app: app.open_vendor(vendor_id(app, "LiveAgent"))),
    "assessment": call(lambda app: app.open_assessment(draft(app))),
    "submit_summary": call(lambda app: app.open_assessment(draft(app)), "S"),
    "approvals": keys("a"),
    "findings": keys("f"),
    "due": call(lambda app: app.open_due("review", "overdue")),
    "help": keys("question_mark"),
    "audit": keys("l"),
    "vendor_reports": reports_tab(REPORTED),
    "report": reviewed_report(REPORTED),
    "obligations": keys("o"),
}
BOTH_THEMES = {"dashboard", "assessment"}


def cases() -> Iterator[Any]:
    for name in SCREENS:
        for size in (SMALL, LARGE):
            themes = (DARK, LIGHT) if name in BOTH_THEMES else (DARK,)
            for theme in themes:
                label = f"{name}-{size[0]}x{size[1]}-{theme.removeprefix('textual-')}"
                yield pytest.param(name, size, theme, id=label)


@pytest.mark.parametrize(("name", "size", "theme"), list(cases()))
def test_screen(
    snap_compare: Any, demo: Service, name: str, size: tuple[int, int], theme: str
) -> None:
    app = VendorReviewApp(demo, theme=theme)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await SCREENS[name](app, pilot)
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "140x40"])
def test_welcome(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    db = open_sqlite(tmp_path / "empty.db")
    catalog = catalog_for([])
    service = Service(
        db, actor="alice", catalog=lambda: catalog, policy=builtin_policy(), clock=FixedClock(NOW)
    )
    try:
        app = VendorReviewApp(service)

        async def run_before(pilot: Pilot[None]) -> None:
            await settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=run_before)
    finally:
        db.dispose()


FILTERED = ("v", "slash", "q", "u", "a", "l", "enter", "s", "s", "s", "s", "s", "s")


@pytest.mark.parametrize(
    "pressed",
    [FILTERED, ("v", "t", "space")],
    ids=["vendors_filtered_by_rating", "vendors_tree"],
)
def test_vendor_list_views(snap_compare: Any, demo: Service, pressed: tuple[str, ...]) -> None:
    app = VendorReviewApp(demo)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await keys(*pressed)(app, pilot)

    assert snap_compare(app, terminal_size=LARGE, run_before=run_before)
