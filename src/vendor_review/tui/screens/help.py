"""Every key: the ones that work everywhere, the current screen's, then every screen's,
and the workflow from a new vendor to an approved assessment.

Generated from the BINDINGS of the app, of each screen and of the widget in focus (the
same bindings the footer shows), so help cannot drift from the keys; a test compares them.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Static

from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader

EVERYWHERE_EXTRA = (
    ("ctrl+p", "Command palette: every action by name; type a vendor's name to open it"),
    ("tab / shift+tab", "Next / previous field, list or card"),
    ("↑ ↓ pgup pgdn home end", "Move in lists and tables"),
    ("enter", "Open the highlighted row or line"),
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
 5. A second person approves (four-eyes): a (Approvals), then p to approve, x to reject
    or b to return it to draft. Start the app as them: vendor-review --actor NAME (or
    VENDOR_REVIEW_ACTOR=NAME; on PostgreSQL the database role is the actor).
 6. The dashboard (d) then shows the rating and when the vendor is due again.

The example portfolio (vendor-review --demo, or from the welcome screen) has a draft
half answered and an assessment waiting for approval, ready to try this on."""
SCREENS = (
    # what it is, its class and the widget whose keys it shows too (under vendor_review.tui)
    ("Dashboard (d)", "screens.dashboard.DashboardScreen", "widgets.counts.CountList"),
    ("Vendors (v)", "screens.vendors.VendorsScreen", "widgets.vendor_table.VendorTable"),
    ("Vendors, tree view (t)", "screens.vendors.VendorsScreen", "widgets.vendor_tree.VendorTree"),
    ("Vendor", "screens.vendor.VendorScreen", None),
    ("Assessment", "screens.assessment.AssessmentScreen", "widgets.question_list.QuestionList"),
    ("Approvals (a)", "screens.approvals.ApprovalsScreen", None),
    ("Findings (f)", "screens.findings.FindingsScreen", None),
    ("Obligations (o)", "screens.obligations.ObligationsScreen", None),
    ("Assurance report (enter on a vendor's report)", "screens.report.ReportScreen", None),
    ("Audit log (l)", "screens.audit.AuditScreen", None),
    ("Due list (from the dashboard)", "screens.due.DueScreen", None),
    ("Welcome", "screens.welcome.WelcomeScreen", None),
    ("Vendors of a risk-map cell", "screens.vendor_group.VendorGroupScreen", None),
)


def bindings_of(cls: type[DOMNode]) -> list[Binding]:
    """Every binding of a screen or widget class, its base classes' too (as Textual
    merges them), in the order they were declared."""
    merged = cls._merge_bindings()
    found: list[Binding] = []
    for key_bindings in merged.key_to_bindings.values():
        for binding in key_bindings:
            if binding not in found:
                found.append(binding)
    return found


def tui_class(path: str) -> type[DOMNode]:
    """``screens.help.HelpScreen`` → that class of ``vendor_review.tui``."""
    module, _, name = path.rpartition(".")
    found: type[DOMNode] = getattr(importlib.import_module(f"vendor_review.tui.{module}"), name)
    return found


def screen_keys(screen: str, widget: str | None) -> list[Binding]:
    """The keys of a screen class and of the widget it works through (``SCREENS``)."""
    seen: dict[int, Binding] = {}
    for cls in [tui_class(path) for path in (screen, widget) if path is not None]:
        for binding in bindings_of(cls):
            seen.setdefault(id(binding), binding)
    return list(seen.values())


def key_rows(app: Any, bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, what) per description: bindings saying the same thing share a row."""
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = rows.setdefault(binding.description, [])
        label = key_text(app, binding)
        if label not in keys:
            keys.append(label)  # own text: key names
    return [(" / ".join(keys), what) for what, keys in rows.items()]


def key_text(app: Any, binding: Binding) -> str:
    """Every key of a binding as the footer shows keys (``1-9`` where it says so)."""
    keys = " ".join(
        app.get_key_display(Binding(key.strip(), binding.action, key_display=None))
        for key in binding.key.split(",")
    )
    return binding.key_display or keys


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
        yield AppHeader()
        with VerticalScroll():
            yield Static(self._everywhere(), id="everywhere")
            if self.for_screen is not None and type(self.for_screen) is not type(self):
                name = self.for_screen.title or type(self.for_screen).__name__
                rows = key_rows(self.app, self._screen_bindings(self.for_screen))
                if rows:
                    yield Static(keys_table(f"On this screen: {name}", rows), id="this-screen")
            yield Static(Text(WORKFLOW), id="workflow")
            yield Static(self._every_screen(), id="every-screen")
        yield AppFooter()

    def _screen_bindings(self, screen: Screen[Any]) -> list[BindingType]:
        """The screen's own keys, and those of the widget in focus there (a list's enter)."""
        widgets = [
            active.binding
            for active in screen.active_bindings.values()
            if active.node is not screen and active.node is not self.app
        ]
        return [*bindings_of(type(screen)), *widgets]

    def _everywhere(self) -> RenderableType:
        rows = key_rows(self.app, list(type(self.app).BINDINGS))
        return keys_table("Everywhere", rows + list(EVERYWHERE_EXTRA))

    def _every_screen(self) -> RenderableType:
        parts: list[RenderableType] = []
        for what, screen, widget in SCREENS:
            try:
                bindings = screen_keys(screen, widget)
            except (ImportError, AttributeError):
                continue
            rows = key_rows(self.app, list(bindings))
            if rows:
                parts.append(keys_table(what, rows))
                parts.append(Text(""))
        return Group(*parts)
