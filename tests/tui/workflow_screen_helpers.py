"""Helpers for the runner, approvals, findings and audit screen tests.

Questionnaires (in a catalog folder under ``tmp_path``):

``mini`` (as in the service tests)::

    sec: q1 yes_no [3]          q2 choice, critical [2]: h24 1 / h72 0.5 / never 0
         q3 yes_no, evidence required [1]
    ops: q4 choice [4]: full 1 / partial 0.25 / none 0
         q5 date, shown only if q4 is full or partial (recorded, optional)

``kinds``: markup in every text a questionnaire can carry, a multiple choice, a number
and a required text question.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import WorkerCancelled, WorkerFailed

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.domain.policy import default_policy
from vendor_review.service import FixedClock, Service
from vendor_review.store import Database
from vendor_review.tui.app import VendorReviewApp

MINI_YAML = """\
id: mini
version: 1
title: Mini questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: sec
    title: Security
    questions:
      - id: q1
        text: Is data encrypted at rest?
        type: yes_no
        weight: 3
      - id: q2
        text: How soon are breaches notified?
        type: choice
        options:
          - {value: h24, label: "Within 24 hours", score: 1}
          - {value: h72, label: "Within 72 hours", score: 0.5}
          - {value: never, label: "No commitment", score: 0}
        weight: 2
        critical: true
      - id: q3
        text: Is the service ISO 27001 certified?
        type: yes_no
        evidence: required
  - id: ops
    title: Operations
    questions:
      - id: q4
        text: Is there a tested continuity plan?
        type: choice
        options:
          - {value: full, label: "Yes, tested yearly", score: 1}
          - {value: partial, label: "Plan, never tested", score: 0.25}
          - {value: none, label: "No plan", score: 0}
        weight: 4
      - id: q5
        text: When was the plan last tested?
        type: date
        show_if: {question: q4, in: [full, partial]}
"""

EVIL = "[@click=app.quit]Evil Corp[/]"
EVIL_TEXT = "[@click=app.quit]Do you[/] encrypt [b]backups[/b]?"

KINDS_YAML = """\
id: kinds
version: 1
title: "[bold]Kinds[/bold] of questions"
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: basics
    title: "[reverse]Basics[/reverse]"
    questions:
      - id: k1
        text: "[@click=app.quit]Do you[/] encrypt [b]backups[/b]?"
        help: "[red]Ask[/red] for the key policy."
        refs: ["[link=https://example.com]ISO 27001[/link] A.8.24"]
        type: yes_no
      - id: k2
        text: Which channels are monitored?
        type: multi
        options:
          - {value: mail, label: "[i]Mail[/i]", score: 0.5}
          - {value: chat, label: Chat, score: 0.5}
          - {value: phone, label: Phone, score: 0.25}
      - id: k3
        text: How many staff have access?
        type: number
      - id: k4
        text: Who is the security contact?
        type: text
        required: true
"""

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
MakeService = Callable[..., Service]


def write_catalog(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.yaml").write_text(MINI_YAML, encoding="utf-8")
    (folder / "kinds.yaml").write_text(KINDS_YAML, encoding="utf-8")
    return folder


def service_factory(db: Database, qdir: Path) -> MakeService:
    def make(actor: str = "alice", *, at: datetime = T0) -> Service:
        return Service(
            db,
            actor=actor,
            catalog=lambda: load_catalog(builtin_questionnaire_dir(), [qdir]),
            policy=default_policy(),
            clock=FixedClock(at),
        )

    return make


def add_vendor(service: Service, name: str = "Twilio", **fields: object) -> int:
    data: dict[str, object] = {
        "name": name,
        "kind": "service",
        "data_access": "personal",
        "criticality": "medium",
    }
    data.update(fields)
    return service.add_vendor(data).id


async def settle(pilot: Pilot[None]) -> None:
    """Wait until no worker runs and the messages they posted are handled (a finished save
    can start the next one, so wait until it stays quiet)."""
    app = pilot.app
    for _ in range(50):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):  # the screen shows failures
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
    raise AssertionError("workers kept running")


async def show(pilot: Pilot[None], screen: Screen[None]) -> None:
    """Push one of the screens under test, whatever the app's first screen is."""
    await settle(pilot)
    await pilot.app.push_screen(screen)
    await settle(pilot)


def text_of(screen: Screen[Any], selector: str) -> str:
    """What a Static shows, as plain text."""
    return str(screen.query_one(selector, Static).render())


def notifications(app: VendorReviewApp) -> list[str]:
    return [n.message for n in app._notifications]


def copy_database(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


# q1 yes 3×1 + q2 h72 2×0.5 + q3 no 1×0 + q4 partial 4×0.25 = 5 of 10 → 50.0, q2 a
# critical failure: findings q2 critical, q3 high, q4 medium.
WEAK: dict[str, object] = {
    "q1": "yes",
    "q2": "h72",
    "q3": "no",
    "q4": "partial",
    "q5": "2025-11-30",
}


def submitted_mini(service: Service, vendor: str = "Twilio") -> int:
    """A ``mini`` assessment answered WEAK and submitted by ``service``'s actor."""
    if not service.list_vendors(text=vendor).total:
        add_vendor(service, vendor)
    aid = service.start_assessment(vendor, "mini").id
    for question_id, value in WEAK.items():
        service.answer(aid, question_id, value)
    service.submit(aid)
    return aid


def top(app: VendorReviewApp) -> Screen[Any]:
    """The screen on top (a call, so a type check does not narrow it for the whole test)."""
    return app.screen
