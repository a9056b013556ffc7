"""Helpers for the shell, dashboard, vendor list and vendor screen tests.

Every test runs the real app (``app.run_test()``) against a real SQLite file in
``tmp_path``; data is set up through the service, as a reviewer and an approver would.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static
from textual.worker import WorkerFailed

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.service import FixedClock, Service, builtin_policy
from vendor_review.store import Database
from vendor_review.tui.app import VendorReviewApp

NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
SIZE = (140, 40)
EVIL = "[@click=app.quit]Evil Corp[/]"
BOLD = "ACME [/bold] Ltd"

TINY_YAML = """\
id: tiny
version: 1
title: Tiny questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: basics
    title: Basics
    questions:
      - id: t1
        text: Is data encrypted at rest?
        type: yes_no
      - id: t2
        text: Are breaches notified within 72 hours?
        type: yes_no
"""

MakeService = Callable[..., Service]


def service_factory(db: Database, qdir: Path) -> MakeService:
    """``make(actor)``: a service on ``db`` as ``actor`` at ``NOW`` (builtin questionnaires
    plus ``tiny``)."""
    qdir.mkdir(parents=True, exist_ok=True)
    (qdir / "tiny.yaml").write_text(TINY_YAML, encoding="utf-8")
    catalog = load_catalog(builtin_questionnaire_dir(), [qdir])

    def make(actor: str = "alice", *, at: datetime = NOW) -> Service:
        return Service(
            db, actor=actor, catalog=lambda: catalog, policy=builtin_policy(), clock=FixedClock(at)
        )

    return make


def add_vendor(service: Service, name: str, **fields: object) -> int:
    data: dict[str, object] = {
        "name": name,
        "kind": "service",
        "data_access": "personal",
        "criticality": "high",
    }
    data.update(fields)
    return service.add_vendor(data).id


def approved_tiny(reviewer: Service, approver: Service, vendor: str) -> int:
    """``tiny`` answered yes/yes (score 100), submitted by one, approved by the other."""
    aid = reviewer.start_assessment(vendor, "tiny").id
    reviewer.answer(aid, "t1", "yes")
    reviewer.answer(aid, "t2", "yes")
    reviewer.submit(aid)
    approver.approve(aid, "looks fine")
    return aid


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and what they posted is handled (a finished load can
    start the next one, so wait until it stays quiet)."""
    app = pilot.app
    for _ in range(50):
        while getattr(app.screen, "filter_pending", False):  # typed, not yet queried
            await pilot.pause(0.05)
        with contextlib.suppress(WorkerFailed):  # a failure is the screen's to show
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
    raise AssertionError("workers kept running")


def text_of(app: VendorReviewApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def notifications(app: VendorReviewApp) -> list[str]:
    return [n.message for n in app._notifications]


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
