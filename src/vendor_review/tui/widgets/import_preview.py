"""What an import would do, before anything is stored: counts, every problem by row or
cell, conflicts, the changes; then Import or Cancel.

``ImportPreview`` dismisses with ``True`` (import) or ``False``. Import is disabled while
a fatal problem remains, while nothing would be stored, and, when ``option_required``
(answers changed in the app since the workbook was made), until the option is ticked;
the reason is shown beside the buttons. ``option_ticked`` tells the caller whether the
option was ticked. Every line is shown as plain text, wrapped (``Text``, never markup).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, RichLog, Static

from vendor_review.tui.text import plain
from vendor_review.tui.widgets.dialog import Dialog


@dataclass(frozen=True)
class PlanView:
    """An import plan as the preview shows it (built from ``VendorPlan``/``AnswerPlan``
    by ``exchange_actions``; already plain, one-line text)."""

    title: str
    counts: str
    fatal: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    option: str | None = None
    """A checkbox (update vendors that differ; overwrite conflicting answers)."""
    option_required: bool = False
    stored: tuple[int, int] = (0, 0)
    """How many items Import stores without and with the option ticked."""


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
        view = self.view
        sections = (
            (f"{len(view.fatal)} problem(s): nothing is stored until they are fixed", view.fatal),
            (f"{len(view.conflicts)} conflict(s)", view.conflicts),
            (f"{len(view.warnings)} warning(s)", view.warnings),
            ("", view.notes),
            (f"{len(view.changes)} change(s)", view.changes),
        )
        log = self.query_one(RichLog)
        for heading, lines in sections:
            if lines:
                if heading:
                    log.write(Text(heading, style="bold"), scroll_end=False)
                for line in lines:
                    log.write(Text(line), scroll_end=False)
                log.write(Text("\u00a0"), scroll_end=False)  # a blank line (" " is dropped)
        if not any(lines for _, lines in sections):
            log.write(Text("The file holds nothing to import."), scroll_end=False)
        self._update()
        button = self.query_one("#import", Button)
        (self.query_one("#cancel", Button) if button.disabled else button).focus()

    def blocked(self) -> str | None:
        """Why Import is disabled, or None."""
        view = self.view
        if view.fatal:
            return f"Fix the {len(view.fatal)} problem(s) in the file, then import it again."
        if view.option_required and not self.option_ticked:
            return (
                f"{len(view.conflicts)} answer(s) changed in the app since the workbook was "
                "made: tick the box to replace them, or cancel."
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
