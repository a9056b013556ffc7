"""Snapshots of the questionnaire runner and the submit summary, on the example portfolio
as of 2026-06-15 (its half-answered draft of Quality Unit, LLC), at a fixed size and time.

Update after an intended change with ``pytest tests/tui/test_snapshots_assessment.py
--snapshot-update`` and look at the report before committing the new SVGs.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from workflow_screen_helpers import copy_database, settle, show

from vendor_review.demo import load_demo
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import FixedClock, Service, builtin_policy, catalog_for
from vendor_review.settings import Settings
from vendor_review.store import open_database
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.assessment import AssessmentScreen

SIZE = (140, 40)
AS_OF = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    load_demo(Settings(), f"sqlite:///{path}", as_of=AS_OF)
    return path


@pytest.fixture
def demo(demo_database: Path, tmp_path: Path) -> Iterator[Service]:
    path = tmp_path / "demo.db"
    copy_database(demo_database, path)
    db = open_database(f"sqlite:///{path}")
    catalog = catalog_for([])
    try:
        yield Service(
            db,
            actor="demo.alice",
            catalog=lambda: catalog,
            policy=builtin_policy(),
            clock=FixedClock(NOW),
        )
    finally:
        db.dispose()


def draft_id(service: Service) -> int:
    drafts = service.list_assessments(status=AssessmentStatus.DRAFT)
    return next(a.id for a in drafts if a.vendor_name == "Quality Unit, LLC")


def test_assessment_screen(snap_compare: Any, demo: Service) -> None:
    aid = draft_id(demo)

    async def open_runner(pilot: Pilot[None]) -> None:
        await show(pilot, AssessmentScreen(aid))

    assert snap_compare(VendorReviewApp(demo), terminal_size=SIZE, run_before=open_runner)


def test_submit_summary(snap_compare: Any, demo: Service) -> None:
    aid = draft_id(demo)

    async def open_summary(pilot: Pilot[None]) -> None:
        await show(pilot, AssessmentScreen(aid))
        await pilot.press("S")
        await settle(pilot)

    assert snap_compare(VendorReviewApp(demo), terminal_size=SIZE, run_before=open_summary)
