"""Every key: the ones that work everywhere, the current screen's, then every screen's,
and the workflow from a new vendor to an approved assessment."""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from vendor_review.tui.screens.base import AppScreen

SCREENS = (
    # module under vendor_review.tui, class, what it is
    ("screens.dashboard", "DashboardScreen", "Dashboard (d)"),
    ("screens.vendors", "VendorsScreen", "Vendors (v)"),
    ("screens.vendor", "VendorScreen", "Vendor"),
    ("screens.assessment", "AssessmentScreen", "Assessment"),
    ("screens.approvals", "ApprovalsScreen", "Approvals (a)"),
    ("screens.findings", "FindingsScreen", "Findings (f)"),
    ("screens.audit", "AuditScreen", "Audit log (l)"),
    ("screens.due", "DueScreen", "Due list (from the dashboard)"),
    ("screens.welcome", "WelcomeScreen", "Welcome"),
)
EVERYWHERE_EXTRA = (
    ("ctrl+p", "Command palette: every action by name; type a vendor's name to open it"),
    ("tab / shift+tab", "Next / previous field, list or card"),
    ("↑ ↓ pgup pgdn home end", "Move in lists and tables"),
    ("enter", "Open the highlighted row or line"),
    ("space", "Expand a branch of the subprocessor tree"),
    ("TEXTUAL_THEME=textual-light", "Start in the light theme (a light terminal); ^t switches"),
)
WORKFLOW = """\
From a new vendor to an approved assessment, with the keyboard alone:

 1. v Vendors, then n (New vendor): fill in the profile, ctrl+s saves. Messages under a
    field say what is wrong with it; nothing is saved until ctrl+s.
 2. On the vendor's screen, n (New assessment) offers the questionnaires written for its
    kind; enter starts one and opens it.
 3. Answer each question (1-9 picks an option, 0 is N/A, c comments, e attaches evidence).
    Every answer is saved the moment it is given. u jumps to the next unanswered one.
 4. S submits: a summary shows the score, the rating and the findings it opens.
 5. A second person approves (four-eyes): a (Approvals), then a to approve, x to reject
    or d to send it back. Start the app as them: vendor-review --actor NAME (or
    VENDOR_REVIEW_ACTOR=NAME; on PostgreSQL the database role is the actor).
 6. The dashboard (d) then shows the rating and when the vendor is due again.

The example portfolio (vendor-review --demo, or from the welcome screen) has a draft
half answered and an assessment waiting for approval, ready to try this on."""


def key_rows(app: Any, bindings: list[BindingType]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.description in seen:
            continue
        seen.add(binding.description)
        keys = " ".join(
            app.get_key_display(Binding(key.strip(), binding.action, key_display=None))
            for key in binding.key.split(",")
        )
        rows.append((binding.key_display or keys, binding.description))
    return rows


def keys_table(title: str, rows: list[tuple[str, str]]) -> RenderableType:
    table = Table(
        title=title,
        title_justify="left",
        title_style="bold",
        show_header=False,
        box=None,
        padding=(0, 2),
        expand=False,
    )
    table.add_column(style="bold", min_width=24, no_wrap=True)
    table.add_column()
    for key, what in rows:
        table.add_row(Text(key), Text(what))
    return table


class HelpScreen(AppScreen[None]):
    TITLE = "Help"
    DEFAULT_CSS = """
    HelpScreen VerticalScroll { padding: 1 2; }
    HelpScreen Static { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "app.back", "Close help", id="help.close"),
    ]

    def __init__(self, for_screen: Screen[Any] | None = None) -> None:
        super().__init__()
        self.for_screen = for_screen

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(self._everywhere(), id="everywhere")
            if self.for_screen is not None and type(self.for_screen) is not type(self):
                name = self.for_screen.title or type(self.for_screen).__name__
                rows = key_rows(self.app, self._screen_bindings(self.for_screen))
                if rows:
                    yield Static(keys_table(f"On this screen: {name}", rows), id="this-screen")
            yield Static(Text(WORKFLOW), id="workflow")
            yield Static(self._every_screen(), id="every-screen")
        yield Footer()

    def _screen_bindings(self, screen: Screen[Any]) -> list[BindingType]:
        """The screen's own keys, and those of the widget in focus there (a list's enter)."""
        widgets = [
            active.binding
            for active in screen.active_bindings.values()
            if active.node is not screen and active.node is not self.app
        ]
        return [*type(screen).BINDINGS, *widgets]

    def _everywhere(self) -> RenderableType:
        rows = key_rows(self.app, list(type(self.app).BINDINGS))
        return keys_table("Everywhere", rows + list(EVERYWHERE_EXTRA))

    def _every_screen(self) -> RenderableType:
        parts: list[RenderableType] = []
        for module, name, what in SCREENS:
            try:
                screen = getattr(importlib.import_module(f"vendor_review.tui.{module}"), name)
            except (ImportError, AttributeError):
                continue
            rows = key_rows(self.app, list(screen.BINDINGS))
            if rows:
                parts.append(keys_table(what, rows))
                parts.append(Text(""))
        return Group(*parts)
