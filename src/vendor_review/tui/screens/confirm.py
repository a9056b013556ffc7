"""A yes/no question as a modal: ``push_screen(ConfirmScreen(...), callback)`` gets a bool;
``ask_discard`` asks before typed text is thrown away."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, Static

from vendor_review.tui.text import plain
from vendor_review.tui.widgets.dialog import Dialog


class ConfirmScreen(Dialog[bool]):
    """``message`` may quote outside text (a vendor's name, a server's error): it is shown
    literally, never as markup."""

    DEFAULT_CSS = """
    ConfirmScreen > Vertical { width: 72; max-width: 90%; }
    ConfirmScreen.-warning > Vertical { border: thick $warning; }
    ConfirmScreen #title { margin-bottom: 1; }
    ConfirmScreen #buttons { margin-top: 1; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
        Binding("left,right", "app.focus_next", "Switch", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        *,
        yes: str = "Yes",
        no: str = "No",
        warning: bool = False,
    ) -> None:
        super().__init__(title, classes="-warning" if warning else "")
        self.message, self.yes_label, self.no_label = message, yes, no

    def body(self) -> ComposeResult:
        yield Static(plain(self.message), id="message")
        with Horizontal(id="buttons"):
            yield Button(f"{self.yes_label} (y)", id="yes", variant="primary")
            yield Button(f"{self.no_label} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def ask_discard(app: App[Any], then: Callable[[], object], detail: str) -> None:
    """Ask whether the text typed (not saved) may go; ``then`` runs when it may."""

    def answered(discard: bool | None) -> None:
        if discard:
            then()

    question = ConfirmScreen(
        "Discard the text you typed?", detail, yes="Discard", no="Keep editing", warning=True
    )
    app.push_screen(question, answered)
