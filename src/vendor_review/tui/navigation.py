"""Where the reviewer is, and how they move: the app's modes and their screen stacks.

Each screen key (``d`` ``v`` ``a`` ``f`` ``o`` ``l``) has a mode: a stack whose first screen is
that key's screen. The key always lands on that screen, whatever is shown: it switches to
the mode and goes down to its first screen (never a second copy on top). A vendor, an
assessment, a due list are pushed on the current mode's stack; Esc goes back one step,
and on a mode's first screen back to the mode shown before it. Screens that hold unsaved
text say so through ``unsaved_changes()``; nothing of it is thrown away without asking.

Composed into ``VendorReviewApp`` (``app.navigation``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.screen import ModalScreen, Screen

from vendor_review.tui.screens.dashboard import DashboardScreen


def _vendors() -> Screen[Any]:
    from vendor_review.tui.screens.vendors import VendorsScreen

    return VendorsScreen()


def _approvals() -> Screen[Any]:
    from vendor_review.tui.screens.approvals import ApprovalsScreen

    return ApprovalsScreen()


def _findings() -> Screen[Any]:
    from vendor_review.tui.screens.findings import FindingsScreen

    return FindingsScreen()


def _obligations() -> Screen[Any]:
    from vendor_review.tui.screens.obligations import ObligationsScreen

    return ObligationsScreen()


def _audit() -> Screen[Any]:
    from vendor_review.tui.screens.audit import AuditScreen

    return AuditScreen()


MODES: dict[str, str | Callable[[], Screen[Any]]] = {
    "dashboard": DashboardScreen,
    "vendors": _vendors,
    "approvals": _approvals,
    "findings": _findings,
    "obligations": _obligations,
    "audit": _audit,
}
MODE_NAMES = {
    "dashboard": "Dashboard",
    "vendors": "Vendors",
    "approvals": "Approvals",
    "findings": "Findings",
    "obligations": "Obligations",
    "audit": "Audit log",
}
HOME = "dashboard"


class Navigation:
    """The modes of ``app``, their stacks and the way back between them."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.history: list[str] = []
        """The modes shown before the current one, latest last: Esc on a mode's first
        screen goes back to the latest."""

    def screens(self) -> list[Screen[Any]]:
        """Every screen of every mode's stack."""
        app = self.app
        return [s for mode in app._modes for s in app._screen_stacks.get(mode, [])]

    def unsaved(self, screens: list[Screen[Any]] | None = None) -> list[str]:
        """What would be lost: one line per screen with unsaved edits."""
        found = []
        for screen in self.screens() if screens is None else screens:
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

        self.app.push_screen(
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
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def go(self, mode: str, then: Callable[[Screen[Any]], object] | None = None) -> None:
        """Show ``mode``'s own screen, whatever the stack: switch to the mode (its stack
        is kept: back there, Esc walks it) or, already in it, go down to its first screen
        (asking first if a screen left holds unsaved text). ``then`` gets that screen."""
        app = self.app

        def arrived() -> None:
            self._pop_to_base()
            if then is not None:
                then(app.screen_stack[0])

        if app.current_mode != mode:
            if mode in self.history:
                self.history.remove(mode)
            self.history.append(app.current_mode)  # own text: a list of modes
            app.switch_mode(mode)
        above = app.screen_stack[1:]
        if above:
            self.leave(above, arrived)
        else:
            arrived()

    def push(self, screen: Screen[Any]) -> None:
        """Push ``screen`` on the current mode's stack; if the same one (``nav_key``) is
        already in it, go back to that one instead of stacking a copy."""
        app = self.app
        key = getattr(screen, "nav_key", object())
        stack = app.screen_stack
        found = next((i for i, s in enumerate(stack) if getattr(s, "nav_key", None) == key), None)
        if found is None:
            app.push_screen(screen)
        elif found < len(stack) - 1:

            def back() -> None:
                while len(app.screen_stack) > found + 1:
                    app.pop_screen()

            self.leave(stack[found + 1 :], back)

    def back(self) -> None:
        """One step back: leave the current screen (asking first if it holds unsaved
        edits); on a mode's first screen, back to the mode shown before it (the
        dashboard at the start)."""
        app = self.app
        if isinstance(app.screen, ModalScreen):
            return
        if len(app.screen_stack) > 1:
            self.leave([app.screen], app.pop_screen)
        elif self.history:
            app.switch_mode(self.history.pop())
        elif app.current_mode != HOME:
            app.switch_mode(HOME)

    def can(self, action: str) -> bool | None:
        """Whether a mode key or Esc would do anything here (``None``: not theirs)."""
        app = self.app
        at_base = len(app.screen_stack) == 1
        if action in MODE_NAMES:  # the screen shown already: nothing to do
            return not (app.current_mode == action and at_base)
        if action == "back":
            return not (at_base and app.current_mode == HOME and not self.history)
        return None

    def restart(self) -> None:
        """Every mode built afresh (another database), the dashboard shown."""
        app = self.app
        if app.current_mode != HOME:
            app.switch_mode(HOME)
        self._pop_to_base()
        self.history.clear()
        for mode in list(app._modes):
            if mode != HOME and app._screen_stacks.get(mode):
                app.remove_mode(mode)
                app.add_mode(mode, MODES[mode])

    def breadcrumb(self, screen: Screen[Any]) -> str:
        """Where ``screen`` is: its mode, then every screen above the mode's first."""
        for mode, stack in self.app._screen_stacks.items():
            if screen in stack:
                titles = [MODE_NAMES.get(mode, mode)]
                titles += [s.title or "" for s in stack[1 : stack.index(screen) + 1]]
                return " › ".join(t for t in titles if t)
        return screen.title or ""
