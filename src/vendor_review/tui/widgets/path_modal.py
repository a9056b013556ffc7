"""Ask for a file path: where a workbook goes, or which file to read.

``PathModal`` dismisses with the path (made absolute, ``~`` expanded) or ``None`` when
cancelled. It checks what it can before anything runs, and says what is wrong under the
field, in plain text: the file name's suffix; for a file to write, that its folder exists
and, when the file exists, that the reviewer means to replace it (enter again, and
``overwrite`` is then ``True``); for a file to read, that it exists and is a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from vendor_review.tui.text import plain

Mode = Literal["write", "read"]


def path_problem(path: Path, mode: Mode, suffixes: tuple[str, ...]) -> str | None:
    """What stops ``path`` being written (``write``) or read (``read``), if anything;
    an existing file to write is not a problem here (the modal asks first)."""
    if path.suffix.lower() not in suffixes:
        return f"The file name must end in {' or '.join(suffixes)}."
    if path.is_dir():
        return f"{path} is a folder: add a file name."
    if mode == "write":
        if not path.parent.is_dir():
            return f"There is no folder {path.parent}."
    elif not path.exists():
        return f"There is no file {path}."
    elif not path.is_file():
        return f"{path} is not a regular file."
    return None


class PathModal(ModalScreen[Path | None]):
    DEFAULT_CSS = """
    PathModal { align: center middle; }
    PathModal > Vertical {
        width: 96; max-width: 95%; height: auto;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    PathModal #title { text-style: bold; width: 100%; }
    PathModal #prompt { margin: 1 0; }
    PathModal #problem { color: $text-error; height: auto; }
    PathModal #problem.-warning { color: $text-warning; }
    PathModal #hint { color: $text-muted; }
    PathModal #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    PathModal Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path.cancel"),
    ]

    def __init__(
        self,
        title: str,
        prompt: str = "",
        *,
        mode: Mode,
        suffixes: tuple[str, ...],
        initial: str = "",
        ok_label: str = "OK",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.mode: Mode = mode
        self.suffixes = suffixes
        self.initial = initial
        self.ok_label = ok_label
        self.overwrite = False
        """Whether the chosen file exists and the reviewer said to replace it."""
        self._confirming: Path | None = None  # exists: enter again to replace it

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.title_text), id="title")
            if self.prompt:
                yield Static(plain(self.prompt), id="prompt")
            yield Input(self.initial, placeholder=f"./file{self.suffixes[0]}", id="path")
            yield Static(id="problem")
            yield Static("Enter accepts · Esc cancels · ~ is your home folder", id="hint")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.ok_label, variant="primary", id="ok")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @property
    def path(self) -> Path | None:
        text = self.query_one("#path", Input).value.strip()
        return Path(text).expanduser().absolute() if text else None

    def _say(self, problem: str, *, warning: bool = False) -> None:
        shown = self.query_one("#problem", Static)
        shown.update(plain(problem))
        shown.set_class(warning, "-warning")

    def action_accept(self) -> None:
        path = self.path
        if path is None:
            self._say("Type a file path.")
            return
        problem = path_problem(path, self.mode, self.suffixes)
        if problem is not None:
            self._say(problem)
            return
        if self.mode == "write" and path.exists():
            if self._confirming != path:
                self._confirming = path
                self.query_one("#ok", Button).label = "Replace"
                self._say(
                    f"{path} exists. Enter again to replace it, or change the name.",
                    warning=True,
                )
                return
            self.overwrite = True
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Changed, "#path")
    def _changed(self) -> None:
        if self._confirming is not None:
            self._confirming = None
            self.query_one("#ok", Button).label = self.ok_label
        self._say("")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        self.action_accept()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()
