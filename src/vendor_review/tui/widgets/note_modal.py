"""Ask for a note (a decision's reason, a comment, a long text answer) or one line.

``NoteModal`` dismisses with the text, or ``None`` when cancelled. With ``required`` an
empty note is refused in place, with the reason, instead of being sent to the service.
Typed text is never lost without asking: Esc with changed text asks first, the app asks
on Ctrl+Q (``unsaved_changes``) and keeps it as a draft on SIGTERM/SIGHUP
(``draft_text``). Ctrl+O edits the text in ``$VISUAL``/``$EDITOR`` (the app is suspended
meanwhile).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from textual import on
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Input, Static, TextArea

from vendor_review.domain.questionnaire import Question
from vendor_review.service import dto
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.dialog import Dialog
from vendor_review.tui.widgets.path_modal import PathModal
from vendor_review.tui.widgets.text_editor import TextEditor
from vendor_review.tui.widgets.text_input import TextInput


class NoteModal(Dialog[str | None]):
    DEFAULT_CSS = """
    NoteModal #prompt { margin: 1 0; }
    NoteModal TextArea { height: 8; }
    NoteModal #buttons { margin-top: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", id="note.save", priority=True),
        Binding("ctrl+o", "external_editor", "$EDITOR", id="note.editor", priority=True),
    ]

    def __init__(
        self,
        title: str,
        prompt: str = "",
        *,
        required: bool = False,
        initial: str = "",
        multiline: bool = True,
        ok_label: str = "Save",
        placeholder: str = "",
    ) -> None:
        super().__init__(title)
        self.prompt = prompt
        self.required = required
        self.initial = initial
        self.multiline = multiline
        self.ok_label = ok_label
        self.placeholder = placeholder

    def body(self) -> ComposeResult:
        if self.prompt:
            yield Static(plain(self.prompt), id="prompt")
        if self.multiline:
            yield TextEditor(
                shown(self.initial, multiline=True),
                id="note",
                soft_wrap=True,
                show_line_numbers=False,
            )
            hint = "Ctrl+S saves · Esc cancels · Ctrl+O opens your $EDITOR"
            save_key = "Ctrl+S"
        else:
            yield TextInput(
                shown(self.initial), placeholder=self.placeholder, id="note"
            )  # own text
            hint = "Enter saves · Esc cancels"
            save_key = "Enter"
        yield Static(id="problem")
        needed = " · write why: it cannot be saved empty" if self.required else ""
        yield Static(hint + needed, id="hint")
        with Horizontal(id="buttons"):
            yield Button("Cancel (Esc)", id="cancel", action="screen.cancel")
            yield Button(
                f"{self.ok_label} ({save_key})",
                variant="primary",
                id="ok",
                action="screen.save",
            )

    def on_mount(self) -> None:
        self.query_one("#note").focus()

    @property
    def text(self) -> str:
        if self.multiline:
            return self.query_one("#note", TextArea).text
        return self.query_one("#note", Input).value

    def unsaved_changes(self) -> str | None:
        """What leaving now would lose (asked by the app before Ctrl+Q)."""
        if self.is_mounted and self.text.strip() != self.initial.strip():
            return f"{self.title_text}: the text typed is not saved."
        return None

    def draft_text(self) -> str | None:
        """The typed text, kept as a draft when the app is ended by a signal."""
        return self.text if self.unsaved_changes() else None

    def action_save(self) -> None:
        text = self.text.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update(
                "Write a few words first: this is kept with the decision."
            )
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        if self.unsaved_changes() is None:
            self.dismiss(None)
            return
        from vendor_review.tui.screens.confirm import ask_discard

        detail = "It is not saved. Ctrl+S saves it instead."
        ask_discard(self.app, lambda: self.dismiss(None), detail)

    def action_external_editor(self) -> None:
        """Edit the text in $VISUAL / $EDITOR, the app suspended meanwhile."""
        if not self.multiline:
            return
        edited = edit_externally(self.app, self.text)
        if edited is not None:
            area = self.query_one("#note", TextArea)
            area.text = shown(edited, multiline=True)
            area.focus()

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        self.action_save()


def edit_externally(app: App[Any], text: str) -> str | None:
    """``text`` edited in the user's editor (``$VISUAL``, ``$EDITOR``, else ``vi``), or
    ``None`` (with a message) when no editor could run here."""
    command = shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    with tempfile.TemporaryDirectory(prefix="vendor-review-") as folder:
        path = Path(folder) / "note.txt"
        path.write_text(text, encoding="utf-8")
        try:
            with app.suspend():
                subprocess.run([*command, str(path)], check=False)
        except (SuspendNotSupported, OSError) as error:
            app.notify(f"Could not open an editor: {error}", severity="warning", markup=False)
            return None
        try:
            return path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            app.notify(f"Could not read the edited text: {error}", markup=False)
            return None


def comment_modal(question: Question, answer: dto.Answer | None) -> NoteModal:
    initial = (answer.comment if answer else None) or ""
    return NoteModal(f"Comment on {question.id}", question.text, initial=initial)


def text_answer_modal(question: Question, answer: dto.Answer | None) -> NoteModal:
    """A long text answer, in a multi-line editor."""
    value = answer.value if answer is not None else None
    initial = value if isinstance(value, str) and value != "na" else ""
    return NoteModal(f"Answer {question.id}", question.text, initial=initial)


def evidence_modal(question_id: str, folder: Path) -> PathModal:
    """Which file to store as evidence: any kind, picked from the folder tree or typed."""
    return PathModal(
        f"Link evidence to {question_id}",
        "The file to store (a SOC 2 report, a certificate …):",
        mode="read",
        suffixes=(),
        initial=str(folder) + os.sep,
        ok_label="Link",
    )
