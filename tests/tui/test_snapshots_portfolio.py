"""Snapshots of the screens a reviewer sees most: the dashboard and the vendor list (table
and tree), in a dark and a light theme, and a vendor, on the example portfolio as of
2026-06-15 with a fixed clock and terminal size, so due-day counts never drift.

Update after an intended change with ``pytest tests/tui/test_snapshots_portfolio.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from portfolio_screen_helpers import SIZE, copy_database, service_factory, settle
from textual.pilot import Pilot

from vendor_review.demo import load_demo
from vendor_review.service import Service
from vendor_review.settings import Settings
from vendor_review.store import open_database
from vendor_review.tui.app import DARK, LIGHT, VendorReviewApp

SnapCompare = Callable[..., bool]


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    load_demo(Settings(), f"sqlite:///{path}", as_of=date(2026, 6, 15))
    return path


@pytest.fixture
def demo(demo_database: Path, tmp_path: Path) -> Iterator[Service]:
    path = tmp_path / "demo.db"
    copy_database(demo_database, path)
    db = open_database(f"sqlite:///{path}")
    try:
        # demo.bob: the approver, so Websupport (submitted by demo.alice) waits for him.
        yield service_factory(db, tmp_path / "questionnaires")("demo.bob")
    finally:
        db.dispose()


def steps(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run


@pytest.mark.parametrize("theme", [DARK, LIGHT])
def test_dashboard(snap_compare: SnapCompare, demo: Service, theme: str) -> None:
    app = VendorReviewApp(demo, theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps())


@pytest.mark.parametrize("theme", [DARK, LIGHT])
def test_vendors(snap_compare: SnapCompare, demo: Service, theme: str) -> None:
    app = VendorReviewApp(demo, theme=theme)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("v"))


def test_vendors_filtered_and_sorted(snap_compare: SnapCompare, demo: Service) -> None:
    app = VendorReviewApp(demo)
    keys = ("v", "slash", "q", "u", "a", "l", "enter", "s", "s", "s", "s", "s", "s")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(*keys))  # by rating


def test_vendors_tree(snap_compare: SnapCompare, demo: Service) -> None:
    app = VendorReviewApp(demo)
    assert snap_compare(app, terminal_size=SIZE, run_before=steps("v", "t", "space"))


def test_vendor(snap_compare: SnapCompare, demo: Service) -> None:
    app = VendorReviewApp(demo)
    # LiveAgent is the fourth vendor by name; its assessment history tab.
    keys = ("v", "down", "down", "down", "enter", "right", "right", "right")
    assert snap_compare(app, terminal_size=SIZE, run_before=steps(*keys))
