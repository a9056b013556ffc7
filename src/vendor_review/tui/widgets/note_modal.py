"""Ask for a note (a decision's reason, a comment) or one line (a file path).

``NoteModal`` dismisses with the text, or ``None`` when cancelled. With ``required`` an
empty note is refused in place, with the reason, instead of being sent to the service.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from vendor_review.domain.questionnaire import Question
from vendor_review.service import dto
from vendor_review.tui.text import plain


class NoteModal(ModalScreen[str | None]):
    DEFAULT_CSS = """
    NoteModal {
        align: center middle;
    }
    NoteModal > #dialog {
        width: 80;
        max-width: 95%;
        height: auto;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }
    NoteModal #title {
        text-style: bold;
        width: 100%;
    }
    NoteModal #prompt {
        margin: 1 0;
    }
    NoteModal TextArea {
        height: 8;
    }
    NoteModal #problem {
        color: $text-error;
        height: auto;
    }
    NoteModal #hint {
        color: $text-muted;
    }
    NoteModal #buttons {
        height: auto;
        align-horizontal: right;
        margin-top: 1;
    }
    NoteModal Button {
        margin-left: 2;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
        Binding("ctrl+s", "save", "Save", id="note.save"),
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
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.required = required
        self.initial = initial
        self.multiline = multiline
        self.ok_label = ok_label
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(plain(self.title_text), id="title")
            if self.prompt:
                yield Static(plain(self.prompt), id="prompt")
            if self.multiline:
                yield TextArea(self.initial, id="note", soft_wrap=True, show_line_numbers=False)
                hint = "Ctrl+S saves · Esc cancels"
            else:
                yield Input(self.initial, placeholder=self.placeholder, id="note")
                hint = "Enter saves · Esc cancels"
            yield Static(id="problem")
            yield Static(hint + (" · a note is required" if self.required else ""), id="hint")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.ok_label, variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#note").focus()

    @property
    def text(self) -> str:
        if self.multiline:
            return self.query_one("#note", TextArea).text
        return self.query_one("#note", Input).value

    def action_save(self) -> None:
        text = self.text.strip()
        if self.required and not text:
            self.query_one("#problem", Static).update("A note is required: say why.")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted, "#note")
    def _submitted(self) -> None:
        self.action_save()


def comment_modal(question: Question, answer: dto.Answer | None) -> NoteModal:
    initial = (answer.comment if answer else None) or ""
    return NoteModal(f"Comment on {question.id}", question.text, initial=initial)


def evidence_modal(question_id: str) -> NoteModal:
    return NoteModal(
        f"Link evidence to {question_id}",
        "Path of the file to store (a SOC 2 report, a certificate …):",
        required=True,
        multiline=False,
        ok_label="Link",
        placeholder="~/Downloads/soc2-report.pdf",
    )
