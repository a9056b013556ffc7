"""What the app's dialogs (modal screens over the current one) share: a framed box in the
middle with its title in bold, a line saying what is wrong (or why not), a muted hint, a
log of lines filling the box, the buttons on the right; and what every screen has
(``AppScreen``: the app as the typed ``Shell``, ``in_thread`` answers, failures shown).

A dialog composes its ``body()``: what lies between the title and its buttons, the
buttons too. Its own ``DEFAULT_CSS`` sets its box's size (``Name > Vertical { width: …; }``)
and styles the body; its rules win over these.
"""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain

T = TypeVar("T")


class Dialog(ModalScreen[T], AppScreen[T]):
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 80; max-width: 95%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog #title { text-style: bold; width: 100%; }
    Dialog #problem { color: $text-error; height: auto; }
    Dialog #hint { color: $text-muted; }
    Dialog #reason { color: $text-warning; height: auto; }
    Dialog RichLog { height: 1fr; border: round $panel; padding: 0 1; }
    Dialog #buttons { height: auto; align-horizontal: right; }
    Dialog Button { margin-left: 2; }
    """

    def __init__(self, title: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.title_text), id="title")
            yield from self.body()

    def body(self) -> ComposeResult:
        """What lies under the title: the dialog's own widgets, then its buttons."""
        yield from ()
