"""What an import would do, before anything is stored: counts, every problem by row or
cell, conflicts, the changes; then Import or Cancel.

``ImportPreview`` dismisses with ``True`` (import) or ``False``. Import is disabled while
a fatal problem remains, while nothing would be stored, and, when the option replaces
answers (changed in the app since the workbook was made), until the option is ticked;
the reason is shown beside the buttons. ``option_ticked`` tells the caller whether the
option was ticked. Every line is shown as plain text, wrapped (``Text``, never markup).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, RichLog, Static

from vendor_review.domain.wording import counted
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.dialog import Dialog

Section = tuple[str, Sequence[str]]
"""A heading (bold; "" for none) and the lines under it."""


@dataclass(frozen=True)
class PlanView:
    """An import plan as the preview shows it (built from ``AnswerPlan`` by
    ``exchange_views``; already plain, one-line text)."""

    title: str
    counts: str
    sections: tuple[Section, ...]
    """Problems first, then conflicts, warnings, notes, changes; an empty one is not shown."""
    fatal: int = 0
    """How many problems keep Import disabled until the file is fixed."""
    option: str | None = None
    """A checkbox (overwrite the answers changed in the app since the workbook was made)."""
    replaced: int = 0
    """How many answers the option replaces; while non-zero, Import waits for its tick."""
    stored: tuple[int, int] = (0, 0)
    """How many items Import stores without and with the option ticked."""


def fix_first(problems: int) -> str:
    """Why an import with fatal problems is disabled."""
    return f"Fix the {counted(problems, 'problem')} in the file, then import it again."


def write_sections(log: RichLog, sections: Iterable[Section], indent: str = "") -> bool:
    """Each section with lines: its heading in bold, its lines, a blank line; whether any
    line was written. Plain ``Text``: outside text is never markup."""
    wrote = False
    for heading, lines in sections:
        if not lines:
            continue
        if heading:
            log.write(Text(heading, style="bold"), scroll_end=False)
        for line in lines:
            log.write(Text(indent + line), scroll_end=False)
        log.write(Text("\u00a0"), scroll_end=False)  # a blank line (" " is dropped)
        wrote = True
    return wrote


class ImportPreview(Dialog[bool]):
    DEFAULT_CSS = """
    ImportPreview > Vertical { width: 110; height: 90%; }
    ImportPreview #counts { margin: 1 0; }
    ImportPreview Checkbox { margin-top: 1; }
    ImportPreview #reason, ImportPreview #buttons { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="preview.cancel"),
    ]

    def __init__(self, view: PlanView) -> None:
        super().__init__(view.title)
        self.view = view
        self.option_ticked = False
        """Whether the option's box is ticked (kept here: read after the modal is gone)."""

    def body(self) -> ComposeResult:
        view = self.view
        yield Static(plain(view.counts), id="counts")
        yield RichLog(id="lines", wrap=True, markup=False, highlight=False)
        if view.option:
            yield Checkbox(plain(view.option), id="option")
        yield Static(id="reason")
        with Horizontal(id="buttons"):
            yield Button("Cancel", id="cancel", action="screen.cancel")
            yield Button("Import", variant="primary", id="import", action="screen.import")

    def on_mount(self) -> None:
        log = self.query_one(RichLog)
        if not write_sections(log, self.view.sections):
            log.write(Text("The file holds nothing to import."), scroll_end=False)
        self._update()
        button = self.query_one("#import", Button)
        (self.query_one("#cancel", Button) if button.disabled else button).focus()

    def blocked(self) -> str | None:
        """Why Import is disabled, or None."""
        view = self.view
        if view.fatal:
            return fix_first(view.fatal)
        if view.replaced and not self.option_ticked:
            return (
                f"{counted(view.replaced, 'answer')} changed in the app since the workbook "
                "was made: tick the box to replace them, or cancel."
            )
        if not view.stored[1 if self.option_ticked else 0]:
            if view.stored[1]:
                return "Nothing to store unless the box above is ticked."
            return "Nothing would change: everything in the file is already stored."
        return None

    def _update(self) -> None:
        reason = self.blocked()
        self.query_one("#reason", Static).update(plain(reason or ""))
        self.query_one("#import", Button).disabled = reason is not None

    @on(Checkbox.Changed, "#option")
    def _option(self, event: Checkbox.Changed) -> None:
        self.option_ticked = event.value
        self._update()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_import(self) -> None:
        if self.blocked() is None:
            self.dismiss(True)
