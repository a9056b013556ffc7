"""The vendor-review terminal app: the shell that every screen lives in.

It implements what screens need from the app (``tui/shell.py``'s protocol) by composing
the navigation between modes (``tui/navigation.py``: screen keys, Esc, the breadcrumb,
asking before unsaved text is thrown away) and inheriting the file actions
(``tui/exchange_actions.py``). Ctrl+Q lets running saves finish; SIGTERM/SIGHUP and a
vanished terminal keep typed text as a draft first (``tui/drafts.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from vendor_review.tui.background import Answered, in_thread
from vendor_review.tui.commands import AppCommands, VendorSearch
from vendor_review.tui.drafts import drafts_dir, drafts_of, write_drafts
from vendor_review.tui.exchange_actions import ExchangeActions
from vendor_review.tui.navigation import MODES, Navigation
from vendor_review.tui.opening import ServiceOpening
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.text import shown

if TYPE_CHECKING:
    from vendor_review.service import Service
    from vendor_review.store.engine import Database

DARK, LIGHT = "textual-dark", "textual-light"
WORKER_GRACE_S = 5.0


def default_output_dir() -> Path:
    """Where files are written unless the config says (``output_dir``): the user's
    Documents folder, or home; never the working directory."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def database_label(db: Database) -> str:
    """Where the data lives, short: a SQLite file by name, a server by its safe URL."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database).name
    return url.render_as_string(hide_password=True)


def freeze_start_up() -> None:
    """Leave what start-up made (modules, classes, the first screen: ~140,000 objects that
    live as long as the app) out of Python's full garbage collections, which otherwise
    scan them all: a 100-500 ms pause landing in a keystroke (issue 14). Once per process
    (tests start many apps: later ones would keep the earlier ones' garbage for good)."""
    if not gc.get_freeze_count():
        gc.freeze()


class VendorReviewApp(ExchangeActions):
    """The shell; export, import and the questionnaire workbook come from
    ``ExchangeActions`` (``tui/exchange_actions.py``)."""

    TITLE = "vendor-review"
    CSS_PATH = "focus.tcss"  # the focused control, unmistakable in both themes
    # Notifications at the top right: a dialog's buttons (at its bottom) stay visible.
    CSS = """
    ToastRack { align: right top; margin-top: 1; }
    """
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = MODES
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
        Binding("o", "obligations", "Obligations", id="obligations", show=False),
        Binding("ctrl+t", "toggle_dark", "Light/dark", id="theme", show=False),
        Binding("ctrl+e", "export", "Export workbook", id="export", show=False),
    ]

    def __init__(
        self,
        service: Service | ServiceOpening,
        *,
        open_demo: Callable[[], Service] | None = None,
        theme: str | None = None,
        output_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self._opening = (
            service if isinstance(service, ServiceOpening) else ServiceOpening.ready(service)
        )
        self.open_demo = open_demo
        self.welcomed = False
        self.output_dir = output_dir or default_output_dir()
        self.drafts_dir = drafts_dir()
        self.navigation = Navigation(self)
        if theme:
            self.theme = theme
        self._set_sub_title()

    @property
    def service(self) -> Service:
        """Every use case; built when first asked for (``tui/opening.py``): the first
        screen paints before the use cases, the ORM and pydantic are imported."""
        return self._opening.get()

    @service.setter
    def service(self, service: Service) -> None:
        self._opening = ServiceOpening.ready(service)

    def _set_sub_title(self) -> None:
        opening = self._opening
        self.sub_title = f"{shown(opening.actor)} · {shown(database_label(opening.db))}"

    def on_mount(self) -> None:
        # SIGTERM and SIGHUP end the app cleanly (Textual restores the terminal on exit),
        # text typed and not saved kept as a draft file first.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, self.exit_keeping_drafts)
        # A terminal can vanish without a SIGHUP reaching us (started under `make run`,
        # the session leader takes it): then stdin only returns EOF. Leave, not spin.
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self.set_interval(2.0, self._exit_if_terminal_gone)
        self._check_integrity()
        self.call_after_refresh(freeze_start_up)

    def _check_integrity(self) -> None:
        """The file checked as the app opens (``PRAGMA quick_check``, in a worker: the
        first screen does not wait): a damaged or read-only database says so at once and
        stays readable; every write is refused with how to recover."""
        in_thread(self, self._opening.db.check_integrity, self._say_read_only, "integrity")

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        message.then()  # the app's own in_thread calls (screens run theirs)

    def _say_read_only(self, reason: str | None) -> None:
        if not reason:
            return
        self.sub_title = f"{self.sub_title} · read-only"  # own text: set through shown()
        self.notify(shown(reason), title="Read-only", severity="error", markup=False, timeout=30)

    def _exit_if_terminal_gone(self) -> None:
        try:
            if sys.__stdin__ is None:
                raise OSError("no terminal")
            os.tcgetpgrp(sys.__stdin__.fileno())
        except OSError:
            self.exit_keeping_drafts()

    def drafts(self) -> list[str]:
        """The text typed in every open editor and not saved yet."""
        return drafts_of(self.navigation.screens())

    def exit_keeping_drafts(self) -> None:
        """Leave now (a signal, the terminal gone): unsaved typed text goes to a draft
        file first, named on exit, so nothing typed is lost."""
        drafts = self.drafts()
        if not drafts:
            self.exit()
            return
        try:
            path = write_drafts(drafts, self.drafts_dir)
        except OSError as error:
            self.exit(message=f"vendor-review: could not keep the unsaved text: {error}")
            return
        self.exit(message=f"vendor-review: unsaved text kept in {path}")

    def show_error(self, error: BaseException) -> None:
        """The one place a failed worker becomes a visible error; the app stays up."""
        self.notify(
            shown(str(error) or type(error).__name__),
            title="Error",
            severity="error",
            markup=False,
            timeout=10,
        )

    # --- where things are (tui/navigation.py) -------------------------------------------

    @property
    def history(self) -> list[str]:
        """The modes shown before the current one, latest last."""
        return self.navigation.history

    def unsaved(self, screens: list[Screen[Any]] | None = None) -> list[str]:
        """What would be lost: one line per screen with unsaved edits."""
        return self.navigation.unsaved(screens)

    def leave(self, screens: list[Screen[Any]], then: Callable[[], object]) -> None:
        """Run ``then`` once ``screens`` may be thrown away (asking if they hold edits)."""
        self.navigation.leave(screens, then)

    def breadcrumb(self, screen: Screen[Any]) -> str:
        """Where ``screen`` is, for the header: its mode, then the screens above."""
        return self.navigation.breadcrumb(screen)

    # --- navigation helpers, for every screen (the Shell protocol) ------------------------

    def open_dashboard(self) -> None:
        self.navigation.go("dashboard")

    def open_vendors(self) -> None:
        self.navigation.go("vendors")

    def open_vendor_list(self, *, rating: str | None = None, title: str | None = None) -> None:
        """A vendor list with a preset filter, on top of the current screen."""
        from vendor_review.tui.screens.vendors import VendorsScreen

        self.navigation.push(VendorsScreen(rating=rating, title=title))

    def open_vendor(self, vendor_id: int) -> None:
        from vendor_review.tui.screens.vendor import VendorScreen

        self.navigation.push(VendorScreen(vendor_id))

    def new_vendor(self) -> None:
        from vendor_review.tui.screens.vendor import VendorScreen

        self.navigation.push(VendorScreen(None))

    def open_assessment(self, assessment_id: int) -> None:
        from vendor_review.tui.screens.assessment import AssessmentScreen

        self.navigation.push(AssessmentScreen(assessment_id))

    def open_approvals(self) -> None:
        self.navigation.go("approvals")

    def open_findings(
        self,
        vendor_id: int | None = None,
        severity: str | None = None,
        status: str | None = "open",
    ) -> None:
        """The one Findings screen, showing these filters."""

        from vendor_review.tui.screens.findings import Filters, FindingsScreen

        def filtered(screen: Screen[Any]) -> None:
            assert isinstance(screen, FindingsScreen)
            screen.show_filter(Filters(vendor_id, severity, status))

        self.navigation.go("findings", filtered)

    def open_obligations(self, vendor_id: int | None = None) -> None:
        """The one Obligations screen (open ones; of this vendor when given)."""

        from vendor_review.tui.screens.obligations import ObligationsScreen

        def filtered(screen: Screen[Any]) -> None:
            assert isinstance(screen, ObligationsScreen)
            screen.show_filter(vendor_id=vendor_id)

        self.navigation.go("obligations", filtered)

    def open_report(self, report_id: int) -> None:
        from vendor_review.tui.screens.report import ReportScreen

        self.navigation.push(ReportScreen(report_id))

    def open_audit(self, entity: str | None = None, entity_id: str | None = None) -> None:
        """The one Audit screen, showing the events of this entity (or every event)."""

        from vendor_review.tui.screens.audit import AuditScreen

        def scoped(screen: Screen[Any]) -> None:
            assert isinstance(screen, AuditScreen)
            screen.show_scope(entity, entity_id)

        self.navigation.go("audit", scoped)

    def open_due(self, kind: str, bucket: str) -> None:
        from vendor_review.tui.screens.due import DueScreen

        self.navigation.push(DueScreen(kind, bucket))

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
        self.navigation.restart()
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
        if (allowed := self.navigation.can(action)) is not None:
            return allowed
        if action == "open_demo":
            return self.open_demo is not None
        return True

    # The keys and palette commands that go somewhere are the Shell's own ways there.
    action_dashboard = open_dashboard
    action_vendors = open_vendors
    action_approvals = open_approvals
    action_findings = open_findings
    action_audit = open_audit
    action_obligations = open_obligations
    action_help = open_help
    action_new_vendor = new_vendor
    action_welcome = open_welcome

    def action_open_demo(self) -> None:
        from vendor_review.tui.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen(open_example=True))

    def action_toggle_dark(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def action_back(self) -> None:  # type: ignore[override]
        """One step back: leave the current screen (asking first if it holds unsaved
        edits); on a mode's first screen, back to the mode shown before it (the
        dashboard at the start). Synchronous, unlike ``App.action_back``, so that screens
        can call it directly."""
        self.navigation.back()

    async def action_quit(self) -> None:
        """Ctrl+Q: ask before unsaved edits are lost, let running saves finish, then exit."""
        self.leave(self.navigation.screens(), self._quit_now)

    def _quit_now(self) -> None:
        self.run_worker(self._finish_then_exit(), group="quit", exclusive=True)

    async def _finish_then_exit(self) -> None:
        others = [w for w in self.workers if w.group != "quit" and w.is_running]
        if others:
            waiting = asyncio.gather(*(w.wait() for w in others), return_exceptions=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(waiting, WORKER_GRACE_S)
        self.exit()
