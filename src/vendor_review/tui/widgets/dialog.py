"""What the app's dialogs (modal screens over the current one) share: a framed box in the
middle with its title in bold, a line saying what is wrong, a muted hint, the buttons on
the right; the app as the typed ``Shell``; the answers of ``in_thread`` calls.

A dialog's own ``DEFAULT_CSS`` sets its box's size (``Name > Vertical { width: …; }``)
and styles what lies between title and buttons; its rules win over these.
"""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.screen import ModalScreen

from vendor_review.tui.background import Answered
from vendor_review.tui.shell import Shell, shell

T = TypeVar("T")


class Dialog(ModalScreen[T]):
    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 80; max-width: 95%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog #title { text-style: bold; width: 100%; }
    Dialog #problem { color: $text-error; height: auto; }
    Dialog #hint { color: $text-muted; }
    Dialog #buttons { height: auto; align-horizontal: right; }
    Dialog Button { margin-left: 2; }
    """

    def __init__(self, title: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.title_text = title

    @property
    def vr_app(self) -> Shell:
        return shell(self)

    @on(Answered)
    def _answered(self, message: Answered) -> None:
        message.then()
