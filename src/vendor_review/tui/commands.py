"""The command palette (ctrl+p): every action of the app by name, the current screen's
actions, and "open vendor …" by typing part of a vendor's name."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from vendor_review.tui.shell import shell

if TYPE_CHECKING:
    from textual.screen import Screen

    from vendor_review.tui.shell import Shell


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    action: str  # an app action ("app.…") or one of the screen's


APP_COMMANDS = (
    Command("Dashboard", "Ratings, what is due, open findings, your approvals", "app.dashboard"),
    Command("Vendors", "The vendor inventory: filter, sort, subprocessor tree", "app.vendors"),
    Command("New vendor", "Add a vendor with its profile", "app.new_vendor"),
    Command("Approvals", "Submitted assessments waiting for a decision", "app.approvals"),
    Command("Findings", "Open findings of every vendor", "app.findings"),
    Command("Audit log", "Every change, hash-chained; verify the chain", "app.audit"),
    Command(
        "Export workbook…",
        "An Excel workbook of the portfolio (or of this list, vendor or assessment)",
        "app.export",
    ),
    Command(
        "Import vendors…",
        "Add vendors from a CSV or XLSX inventory; see what changes before it is stored",
        "app.import_vendors",
    ),
    Command(
        "Send questionnaire workbook…",
        "This draft's questionnaire as a workbook for the vendor to fill in",
        "app.send_questionnaire",
    ),
    Command(
        "Import answers from workbook…",
        "The workbook the vendor sent back; see what changes before it is stored",
        "app.import_answers",
    ),
    Command("Help", "Every key of every screen", "app.help"),
    Command(
        "Open the example portfolio",
        "LiveAgent and its subprocessors, in the separate demo database",
        "app.open_demo",
    ),
    Command("Welcome", "Getting started: example portfolio, first vendor", "app.welcome"),
    Command("Light / dark theme", "Switch between the light and the dark theme", "app.toggle_dark"),
    Command("Back", "Leave this screen", "app.back"),
    Command("Quit", "Quit (asks first if an edit is unsaved)", "app.quit"),
)


def literal(text: str, matcher: Matcher | None = None) -> Content:
    """``text`` as is (never markup), with the fuzzy match highlighted."""
    content = Content(text)
    if matcher is None:
        return content
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _allowed(node: Any, action: str) -> bool:
    name, _, _ = action.partition("(")
    return node.check_action(name, ()) is not False


def available(screen: Screen[Any]) -> list[tuple[str, str, Any]]:
    """(name, help, callback) for the app's and the screen's actions that apply now."""
    app = screen.app
    found: list[tuple[str, str, Any]] = []
    seen: set[str] = set()
    for command in APP_COMMANDS:
        action = command.action.removeprefix("app.")
        if _allowed(app, action):
            found.append(
                (command.name, command.help, partial(app.run_action, command.action))
            )  # own text
            seen.add(command.action)
    title = screen.title or type(screen).__name__.removesuffix("Screen")
    for binding in screen.BINDINGS:
        if isinstance(binding, tuple) or not getattr(binding, "description", ""):
            continue
        if binding.action in seen or binding.action.startswith("app."):
            continue
        if not _allowed(screen, binding.action):
            continue
        seen.add(binding.action)
        found.append(  # own text: screen titles are set through shown() (checked here too)
            (
                f"{title}: {binding.description}",
                f"key {binding.key_display or binding.key.split(',')[0]}",
                partial(screen.run_action, binding.action),
            )
        )
    return found


class AppCommands(Provider):
    """The app's actions and the current screen's, by name."""

    async def discover(self) -> Hits:
        for name, help_text, callback in available(self.screen):
            yield DiscoveryHit(literal(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in available(self.screen):
            if score := matcher.match(name):
                yield Hit(score, literal(name, matcher), callback, text=name, help=help_text)


class VendorSearch(Provider):
    """Type part of a vendor's name (or purpose) to open it."""

    async def search(self, query: str) -> Hits:
        query = query.strip()
        if len(query) < 2:
            return
        app: Shell = shell(self.app)
        try:
            page = await asyncio.to_thread(app.service.list_vendors, text=query, limit=8)
        except Exception:  # a palette search never breaks the palette
            return
        matcher = self.matcher(query)
        for row in page.rows:
            score = max(matcher.match(row.name), 0.3)
            display = Content.assemble("Open vendor ", literal(row.name, matcher))
            yield Hit(
                score,
                display,
                partial(app.open_vendor, row.id),
                text=f"Open vendor {row.name}",
                # The palette reads help text as markup: a vendor's name must not be.
                help=escape(
                    f"{row.kind.value} · {row.status.value}"
                    + (f" · subprocessor of {row.parents}" if row.parents else "")
                ),
            )
