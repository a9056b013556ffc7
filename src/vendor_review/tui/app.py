"""The vendor-review terminal app: the shell that every screen lives in.

Two modes keep their place while you look elsewhere: ``dashboard`` and ``vendors``
(``d`` and ``v`` always show their first screen). Everything else is pushed on top
and left with ``escape``. Screens that hold unsaved edits say so through
``unsaved_changes()``; the shell asks before any of them is thrown away.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from vendor_review.tui.commands import AppCommands, VendorSearch
from vendor_review.tui.exchange_actions import ExchangeActions
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.vendors import VendorsScreen

if TYPE_CHECKING:
    from vendor_review.service import Service

DARK, LIGHT = "textual-dark", "textual-light"
WORKER_GRACE_S = 5.0


def database_label(service: Service) -> str:
    """Where the data lives, short: a SQLite file by name, a server by its safe URL."""
    url = service.db.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database).name
    return url.render_as_string(hide_password=True)


class VendorReviewApp(ExchangeActions):
    """The shell; export, import and the questionnaire workbook come from
    ``ExchangeActions`` (``tui/exchange_actions.py``)."""

    TITLE = "vendor-review"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "dashboard": DashboardScreen,
        "vendors": VendorsScreen,
    }
    DEFAULT_MODE = "dashboard"
    COMMANDS = App.COMMANDS | {AppCommands, VendorSearch}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
        Binding("escape", "back", "Back", id="back"),
        # Work on every screen; the main screens show them in their footer (keys.NAVIGATION).
        Binding("d", "dashboard", "Dashboard", id="dashboard", show=False),
        Binding("v", "vendors", "Vendors", id="vendors", show=False),
        Binding("a", "approvals", "Approvals", id="approvals", show=False),
        Binding("f", "findings", "Findings", id="findings", show=False),
        Binding("l", "audit", "Audit log", id="audit", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", id="theme", show=False),
        Binding("ctrl+e", "export", "Export workbook", id="export", show=False),
    ]

    def __init__(
        self,
        service: Service,
        *,
        open_demo: Callable[[], Service] | None = None,
        theme: str | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.open_demo = open_demo
        self.welcomed = False
        if theme:
            self.theme = theme
        self._set_sub_title()

    def _set_sub_title(self) -> None:
        self.sub_title = f"{self.service.actor} · {database_label(self.service)}"

    def on_mount(self) -> None:
        # SIGTERM and SIGHUP end the app cleanly: Textual restores the terminal on exit.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.exit)
        # A terminal can vanish without a SIGHUP reaching us (started under `make run`,
        # the session leader takes it): then stdin only returns EOF. Leave, not spin.
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self.set_interval(2.0, self._exit_if_terminal_gone)

    def _exit_if_terminal_gone(self) -> None:
        try:
            os.tcgetpgrp(sys.__stdin__.fileno())  # type: ignore[union-attr]
        except OSError:
            self.exit()

    def show_error(self, error: BaseException) -> None:
        """The one place a failed worker becomes a visible error; the app stays up."""
        self.notify(
            str(error) or type(error).__name__,
            title="Error",
            severity="error",
            markup=False,
            timeout=10,
        )

    # --- where things are -----------------------------------------------------------------

    def _stacks(self) -> list[list[Screen[Any]]]:
        return [self._screen_stacks.get(mode, []) for mode in self._modes]

    def unsaved(self, screens: list[Screen[Any]] | None = None) -> list[str]:
        """What would be lost: one line per screen with unsaved edits."""
        if screens is None:
            screens = [s for stack in self._stacks() for s in stack]
        found = []
        for screen in screens:
            check = getattr(screen, "unsaved_changes", None)
            if callable(check) and (what := check()):
                found.append(str(what))
        return found

    def leave(self, screens: list[Screen[Any]], then: Callable[[], object]) -> None:
        """Run ``then`` once ``screens`` may be thrown away (asking if they hold edits)."""
        lost = self.unsaved(screens)
        if not lost:
            then()
            return
        from vendor_review.tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                then()

        self.push_screen(
            ConfirmScreen(
                "Discard unsaved changes?",
                "\n".join(lost) + "\n\nYour edits are not saved yet.",
                yes="Discard",
                no="Keep editing",
                warning=True,
            ),
            answered,
        )

    def _pop_to_base(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def _show_mode(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)
            return
        above = self.screen_stack[1:]
        if above:
            self.leave(above, self._pop_to_base)

    def _push(self, screen: Screen[Any], *, unique: bool = False) -> None:
        """Push ``screen``; if it is already on top, stay. ``unique``: if one of its kind
        is already in the stack, go back to that one instead (the stack never grows by
        going round the app with a, f, l)."""
        top = self.screen
        if type(top) is type(screen) and getattr(top, "nav_key", None) == getattr(
            screen, "nav_key", object()
        ):
            return
        stack = self.screen_stack
        found = next((i for i, s in enumerate(stack) if type(s) is type(screen)), None)
        if not unique or found is None:
            self.push_screen(screen)
        elif found < len(stack) - 1:

            def back() -> None:
                while len(self.screen_stack) > found + 1:
                    self.pop_screen()

            self.leave(stack[found + 1 :], back)

    def _load(self, module: str, name: str) -> Any | None:
        """A screen class of another part of the app, imported when first used."""
        try:
            return getattr(importlib.import_module(f"vendor_review.tui.{module}"), name)
        except (ImportError, AttributeError) as error:
            self.notify(
                f"{name} is not available in this build ({error})",
                title="Not available",
                severity="warning",
                markup=False,
            )
            return None

    # --- navigation helpers, for every screen ---------------------------------------------

    def open_dashboard(self) -> None:
        self._show_mode("dashboard")

    def open_vendors(self) -> None:
        self._show_mode("vendors")

    def open_vendor_list(self, *, rating: str | None = None, title: str | None = None) -> None:
        """A vendor list with a preset filter, on top of the current screen."""
        self._push(VendorsScreen(rating=rating, title=title))

    def open_vendor(self, vendor_id: int) -> None:
        from vendor_review.tui.screens.vendor import VendorScreen

        self._push(VendorScreen(vendor_id))

    def new_vendor(self) -> None:
        from vendor_review.tui.screens.vendor import VendorScreen

        self._push(VendorScreen(None))

    def open_assessment(self, assessment_id: int) -> None:
        if screen := self._load("screens.assessment", "AssessmentScreen"):
            self._push(screen(assessment_id))

    def open_approvals(self) -> None:
        if screen := self._load("screens.approvals", "ApprovalsScreen"):
            self._push(screen(), unique=True)

    def open_findings(
        self,
        vendor_id: int | None = None,
        severity: str | None = None,
        status: str | None = "open",
    ) -> None:
        if screen := self._load("screens.findings", "FindingsScreen"):
            self._push(screen(vendor_id=vendor_id, severity=severity, status=status))

    def open_audit(self, entity: str | None = None, entity_id: str | None = None) -> None:
        if screen := self._load("screens.audit", "AuditScreen"):
            self._push(screen(entity=entity, entity_id=entity_id))

    def open_due(self, kind: str, bucket: str) -> None:
        from vendor_review.tui.screens.due import DueScreen

        self._push(DueScreen(kind, bucket))

    def open_help(self) -> None:
        from vendor_review.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def open_welcome(self) -> None:
        from vendor_review.tui.screens.welcome import WelcomeScreen

        self.welcomed = True
        if not isinstance(self.screen, WelcomeScreen):
            self.push_screen(WelcomeScreen())

    def switch_service(self, service: Service) -> None:
        """Work on another database from now on (the example portfolio): every screen
        is built afresh on it."""
        self.service = service
        self._set_sub_title()
        if self.current_mode != "dashboard":
            self.switch_mode("dashboard")
        self._pop_to_base()
        for mode in list(self._modes):
            if mode != "dashboard" and self._screen_stacks.get(mode):
                self.remove_mode(mode)
                self.add_mode(mode, self.MODES[mode])
        base = self.screen
        if isinstance(base, DashboardScreen):
            base.reload()

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if (allowed := self.exchange_check(action)) is not None:
            return allowed
        screen = self.screen
        if isinstance(screen, ModalScreen):
            return True
        at_base = len(self.screen_stack) == 1
        if action == "dashboard":
            return not (self.current_mode == "dashboard" and at_base)
        if action == "vendors":
            return not (self.current_mode == "vendors" and at_base)
        if action == "back":
            return not at_base
        if action == "open_demo":
            return self.open_demo is not None
        return True

    def action_dashboard(self) -> None:
        self.open_dashboard()

    def action_vendors(self) -> None:
        self.open_vendors()

    def action_approvals(self) -> None:
        self.open_approvals()

    def action_findings(self) -> None:
        if screen := self._load("screens.findings", "FindingsScreen"):
            self._push(screen(), unique=True)

    def action_audit(self) -> None:
        if screen := self._load("screens.audit", "AuditScreen"):
            self._push(screen(), unique=True)

    def action_help(self) -> None:
        self.open_help()

    def action_new_vendor(self) -> None:
        self.new_vendor()

    def action_welcome(self) -> None:
        self.open_welcome()

    def action_open_demo(self) -> None:
        from vendor_review.tui.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(open_example=True))

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_back(self) -> None:  # type: ignore[override]
        """Leave the current screen (asking first if it holds unsaved edits). Synchronous,
        unlike ``App.action_back``, so that screens can call it directly."""
        if len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.leave([self.screen], self.pop_screen)

    async def action_quit(self) -> None:
        """Ctrl+Q: ask before unsaved edits are lost, let running saves finish, then exit."""
        self.leave([s for stack in self._stacks() for s in stack], self._quit_now)

    def _quit_now(self) -> None:
        self.run_worker(self._finish_then_exit(), group="quit", exclusive=True)

    async def _finish_then_exit(self) -> None:
        others = [w for w in self.workers if w.group != "quit" and w.is_running]
        if others:
            waiting = asyncio.gather(*(w.wait() for w in others), return_exceptions=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting, WORKER_GRACE_S)
        self.exit()
