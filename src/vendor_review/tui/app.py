"""The vendor-review terminal app: the shell that every screen lives in.

One navigation model. Each screen key (``d`` ``v`` ``a`` ``f`` ``l``) has a mode: a
stack whose first screen is that key's screen. The key always lands on that screen,
whatever is shown: it switches to the mode and goes down to its first screen (never a
second copy on top). A vendor, an assessment, a due list are pushed on the current
mode's stack; Esc goes back one step, and on a mode's first screen back to the mode
shown before it. The header shows the way down (a breadcrumb). Screens that hold unsaved
text say so through ``unsaved_changes()``; the shell asks before any of it is thrown
away (Esc, a screen key, Ctrl+Q) and saves it as a draft on SIGTERM/SIGHUP.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from vendor_review.tui.commands import AppCommands, VendorSearch
from vendor_review.tui.exchange_actions import ExchangeActions
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.vendors import VendorsScreen
from vendor_review.tui.text import shown

if TYPE_CHECKING:
    from vendor_review.service import Service

DARK, LIGHT = "textual-dark", "textual-light"
WORKER_GRACE_S = 5.0


def default_output_dir() -> Path:
    """Where files are written unless the config says (``output_dir``): the user's
    Documents folder, or home; never the working directory."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def drafts_dir() -> Path:
    """Where text typed and not saved goes when the app is ended by a signal."""
    from platformdirs import user_state_dir

    return Path(user_state_dir("vendor-review")) / "drafts"


def write_drafts(drafts: list[str], folder: Path) -> Path:
    """Write ``drafts`` to a new file (readable by its owner only) in ``folder``."""
    from datetime import UTC, datetime

    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"draft-{stamp}-{os.getpid()}.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n\n---\n\n".join(drafts) + "\n")
    return path


def database_label(service: Service) -> str:
    """Where the data lives, short: a SQLite file by name, a server by its safe URL."""
    url = service.db.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return Path(url.database).name
    return url.render_as_string(hide_password=True)


def _approvals() -> Screen[Any]:
    from vendor_review.tui.screens.approvals import ApprovalsScreen

    return ApprovalsScreen()


def _findings() -> Screen[Any]:
    from vendor_review.tui.screens.findings import FindingsScreen

    return FindingsScreen()


def _audit() -> Screen[Any]:
    from vendor_review.tui.screens.audit import AuditScreen

    return AuditScreen()


MODE_NAMES = {
    "dashboard": "Dashboard",
    "vendors": "Vendors",
    "approvals": "Approvals",
    "findings": "Findings",
    "audit": "Audit log",
}


class VendorReviewApp(ExchangeActions):
    """The shell; export, import and the questionnaire workbook come from
    ``ExchangeActions`` (``tui/exchange_actions.py``)."""

    TITLE = "vendor-review"
    CSS_PATH = "focus.tcss"  # the focused control, unmistakable in both themes
    # Notifications at the top right: a dialog's buttons (at its bottom) stay visible.
    CSS = """
    ToastRack { align: right top; margin-top: 1; }
    """
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "dashboard": DashboardScreen,
        "vendors": VendorsScreen,
        "approvals": _approvals,
        "findings": _findings,
        "audit": _audit,
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
        output_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.open_demo = open_demo
        self.welcomed = False
        self.output_dir = output_dir or default_output_dir()
        self.drafts_dir = drafts_dir()
        self.history: list[str] = []
        """The modes shown before the current one, latest last: Esc on a mode's first
        screen goes back to the latest."""
        if theme:
            self.theme = theme
        self._set_sub_title()

    def _set_sub_title(self) -> None:
        self.sub_title = f"{shown(self.service.actor)} · {shown(database_label(self.service))}"

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

    @work(thread=True, exclusive=True, exit_on_error=False, group="integrity")
    def _check_integrity(self) -> None:
        """The file checked as the app opens (``PRAGMA quick_check``, in a worker: the
        first screen does not wait): a damaged or read-only database says so at once and
        stays readable; every write is refused with how to recover."""
        reason = self.service.check_integrity()
        if reason:
            self.call_from_thread(self._say_read_only, reason)

    def _say_read_only(self, reason: str) -> None:
        self.sub_title = f"{self.sub_title} · read-only"  # own text: set through shown()
        self.notify(shown(reason), title="Read-only", severity="error", markup=False, timeout=30)

    def _exit_if_terminal_gone(self) -> None:
        try:
            os.tcgetpgrp(sys.__stdin__.fileno())  # type: ignore[union-attr]
        except OSError:
            self.exit_keeping_drafts()

    def drafts(self) -> list[str]:
        """The text typed in every open editor and not saved yet."""
        found = []
        for screen in (s for stack in self._stacks() for s in stack):
            draft = getattr(screen, "draft_text", None)
            if callable(draft) and (text := draft()):
                found.append(str(text))
        return found

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

    def _go(self, mode: str, then: Callable[[Screen[Any]], object] | None = None) -> None:
        """Show ``mode``'s own screen, whatever the stack: switch to the mode (its stack
        is kept: back there, Esc walks it) or, already in it, go down to its first screen
        (asking first if a screen left holds unsaved text). ``then`` gets that screen."""

        def arrived() -> None:
            self._pop_to_base()
            if then is not None:
                then(self.screen_stack[0])

        if self.current_mode != mode:
            if mode in self.history:
                self.history.remove(mode)
            self.history.append(self.current_mode)  # own text: a list of modes
            self.switch_mode(mode)
        above = self.screen_stack[1:]
        if above:
            self.leave(above, arrived)
        else:
            arrived()

    def _push(self, screen: Screen[Any]) -> None:
        """Push ``screen`` on the current mode's stack; if the same one (``nav_key``) is
        already in it, go back to that one instead of stacking a copy."""
        key = getattr(screen, "nav_key", object())
        stack = self.screen_stack
        found = next((i for i, s in enumerate(stack) if getattr(s, "nav_key", None) == key), None)
        if found is None:
            self.push_screen(screen)
        elif found < len(stack) - 1:

            def back() -> None:
                while len(self.screen_stack) > found + 1:
                    self.pop_screen()

            self.leave(stack[found + 1 :], back)

    # --- navigation helpers, for every screen (the Shell protocol) ------------------------

    def open_dashboard(self) -> None:
        self._go("dashboard")

    def open_vendors(self) -> None:
        self._go("vendors")

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
        from vendor_review.tui.screens.assessment import AssessmentScreen

        self._push(AssessmentScreen(assessment_id))

    def open_approvals(self) -> None:
        self._go("approvals")

    def open_findings(
        self,
        vendor_id: int | None = None,
        severity: str | None = None,
        status: str | None = "open",
    ) -> None:
        """The one Findings screen, showing these filters."""

        def filtered(screen: Screen[Any]) -> None:
            screen.show_filter(vendor_id=vendor_id, severity=severity, status=status)  # type: ignore[attr-defined]

        self._go("findings", filtered)

    def open_audit(self, entity: str | None = None, entity_id: str | None = None) -> None:
        """The one Audit screen, showing the events of this entity (or every event)."""

        def scoped(screen: Screen[Any]) -> None:
            screen.show_scope(entity, entity_id)  # type: ignore[attr-defined]

        self._go("audit", scoped)

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
        self.history.clear()
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
        if action in MODE_NAMES:  # the screen shown already: nothing to do
            return not (self.current_mode == action and at_base)
        if action == "back":
            return not (at_base and self.current_mode == "dashboard" and not self.history)
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
        self.open_findings()

    def action_audit(self) -> None:
        self.open_audit()

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
        """One step back: leave the current screen (asking first if it holds unsaved
        edits); on a mode's first screen, back to the mode shown before it (the
        dashboard at the start). Synchronous, unlike ``App.action_back``, so that screens
        can call it directly."""
        if isinstance(self.screen, ModalScreen):
            return
        if len(self.screen_stack) > 1:
            self.leave([self.screen], self.pop_screen)
        elif self.history:
            self.switch_mode(self.history.pop())
        elif self.current_mode != "dashboard":
            self.switch_mode("dashboard")

    def breadcrumb(self, screen: Screen[Any]) -> str:
        """Where ``screen`` is: its mode, then every screen above the mode's first."""
        for mode, stack in self._screen_stacks.items():
            if screen in stack:
                titles = [MODE_NAMES.get(mode, mode)]
                titles += [s.title or "" for s in stack[1 : stack.index(screen) + 1]]
                return " › ".join(t for t in titles if t)
        return screen.title or ""

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
