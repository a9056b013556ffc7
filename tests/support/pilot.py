"""Driving the app with Textual's pilot: open it on a service at a terminal size, press keys
and wait until its workers are done (never a sleep), read what a screen shows.

    async with running(alice) as (app, pilot):
        await press(pilot, "v")
        assert isinstance(app.screen, VendorsScreen)
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DirectoryTree, RichLog, Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.widgets.path_modal import PathModal

S = TypeVar("S", bound=Screen[Any])
SIZE = (140, 40)
SMALL = (80, 24)
# The app's "now" in the portfolio screens' tests (the example portfolio's today, 09:00).
NOW = datetime(2026, 6, 15, 9, 0, tzinfo=UTC)
SETTLE_SECONDS = 120  # a loaded 2-core machine; a test that needs more is stuck
_TREE_LOADER = "_loader"  # the worker group of DirectoryTree's folder loader


def isolate_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's default folder for files it writes (config ``output_dir``; the user's
    Documents or home otherwise) and its drafts folder: folders of the test's own. Returns
    the output folder."""
    folder = tmp_path / "documents"
    folder.mkdir(exist_ok=True)
    monkeypatch.setattr("vendor_review.tui.app.default_output_dir", lambda: folder)
    monkeypatch.setattr("vendor_review.tui.app.drafts_dir", lambda: tmp_path / "drafts")
    return folder


def _busy(app: App[Any]) -> list[Worker[Any]]:
    """The workers still to wait for. A DirectoryTree's loader waits for folders to load as
    long as the tree is shown, so it never ends: it counts as busy only while it loads."""
    return [w for w in app.workers if not w.is_finished and w.group != _TREE_LOADER]


def _trees_loading(app: App[Any]) -> bool:
    """Whether a DirectoryTree still has folders queued or one loading (under its lock)."""
    trees = [tree for screen in app.screen_stack for tree in screen.query(DirectoryTree)]
    return any(not tree._load_queue.empty() or tree.lock.is_locked for tree in trees)


def _quiet(app: App[Any]) -> bool:
    return not _busy(app) and not _trees_loading(app)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker runs and the messages they posted are handled (a finished load
    or save can start the next one, so wait until it stays quiet)."""
    app = pilot.app
    give_up = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < give_up:
        while getattr(app.screen, "filter_pending", False):  # typed, not yet queried
            await pilot.pause(0.05)
        if busy := _busy(app):  # (an empty list would mean every worker, the loader too)
            with contextlib.suppress(WorkerFailed, WorkerCancelled):  # the screen shows them
                await app.workers.wait_for_complete(busy)
        await pilot.pause(0.01 if _trees_loading(app) else None)
        if _quiet(app):
            await pilot.pause()
            if _quiet(app):
                return
    raise AssertionError(f"workers kept running: {_busy(app)}")


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press ``keys``, then wait until the workers they started are done."""
    await pilot.press(*keys)
    await settle(pilot)


async def press_to(pilot: Pilot[Any], screen: type[S], *keys: str) -> S:
    """Press ``keys`` (waiting as ``press`` does): the screen now on top, a ``screen``."""
    await press(pilot, *keys)
    shown = pilot.app.screen
    assert isinstance(shown, screen), f"{type(shown).__name__} on top, not {screen.__name__}"
    return shown


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
