"""Driving the app with Textual's pilot: open it on a service at a terminal size, press keys
and wait until its workers are done (never a sleep), read what a screen shows.

    async with running(alice) as (app, pilot):
        await press(pilot, "v")
        assert isinstance(app.screen, VendorsScreen)
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import RichLog, Static
from textual.worker import WorkerCancelled, WorkerFailed

from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.widgets.path_modal import PathModal

S = TypeVar("S", bound=Screen[Any])
SIZE = (140, 40)
SMALL = (80, 24)
# The app's "now" in the portfolio screens' tests (the example portfolio's today, 09:00).
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)


def isolate_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's default folder for files it writes (config ``output_dir``; the user's
    Documents or home otherwise) and its drafts folder: folders of the test's own. Returns
    the output folder."""
    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr("vendor_review.tui.app.default_output_dir", lambda: folder)
    monkeypatch.setattr("vendor_review.tui.app.drafts_dir", lambda: tmp_path / "drafts")
    return folder


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs and the messages they posted are handled (a finished load
    or save can start the next one, so wait until it stays quiet)."""
    app = pilot.app
    for _ in range(50):
        while getattr(app.screen, "filter_pending", False):  # typed, not yet queried
            await pilot.pause(0.05)
        with contextlib.suppress(WorkerFailed, WorkerCancelled):  # the screen shows failures
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            await pilot.pause()
            if not any(w.is_running for w in app.workers):
                return
    raise AssertionError("workers kept running")


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press ``keys``, then wait until the workers they started are done."""
    await pilot.press(*keys)
    await settle(pilot)


@contextlib.asynccontextmanager
async def running(
    service: Service, *, size: tuple[int, int] = SIZE, **options: Any
) -> AsyncIterator[tuple[VendorReviewApp, Pilot[None]]]:
    """The app on ``service`` (``options`` go to ``VendorReviewApp``) in a terminal of
    ``size``, its first screen loaded."""
    app = VendorReviewApp(service, **options)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield app, pilot


@contextlib.asynccontextmanager
async def on_screen(
    service: Service, screen: S, *, size: tuple[int, int] = SIZE, **options: Any
) -> AsyncIterator[tuple[VendorReviewApp, Pilot[None], S]]:
    """The app on ``service`` with ``screen`` pushed on top, loaded: ``(app, pilot, screen)``."""
    async with running(service, size=size, **options) as (app, pilot):
        await show(pilot, screen)
        yield app, pilot, screen


async def show(pilot: Pilot[Any], screen: Screen[Any]) -> None:
    """Push one of the screens under test, whatever the app's first screen is."""
    await settle(pilot)
    await pilot.app.push_screen(screen)
    await settle(pilot)


def text_of(where: App[Any] | Screen[Any], selector: str) -> str:
    """What a Static shows, as plain text (on the app: on its top screen)."""
    screen = where.screen if isinstance(where, App) else where
    return str(screen.query_one(selector, Static).render())


def notifications(app: App[Any]) -> list[str]:
    """The messages of the notifications shown so far."""
    return [n.message for n in app._notifications]


def top(app: App[Any]) -> Screen[Any]:
    """The screen on top (a call, so a type check does not narrow it for the whole test)."""
    return app.screen


async def type_path(pilot: Pilot[Any], path: Path) -> None:
    """Into the open PathModal: clear the default, type ``path`` (relative to the test's
    folder, the current one: shorter to type), press enter."""
    assert isinstance(pilot.app.screen, PathModal)
    await press(pilot, "ctrl+u", *str(path.relative_to(Path.cwd())), "enter")


def problem(app: App[Any]) -> str:
    """What the PathModal says is wrong with the path."""
    return text_of(app, "#problem")


def preview_lines(app: App[Any]) -> list[str]:
    """Every line the ImportPreview lists (problems, conflicts, changes)."""
    return [line.text for line in app.screen.query_one(RichLog).lines]
