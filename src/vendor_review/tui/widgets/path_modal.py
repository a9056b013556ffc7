"""Ask for a file path: where a workbook goes, or which file to read.

``PathModal`` dismisses with the path (made absolute, ``~`` expanded) or ``None`` when
cancelled. It checks what it can before anything runs, and says what is wrong under the
field, in plain text: the file name's suffix; for a file to write, that its folder exists
and, when the file exists, that the reviewer means to replace it (enter again, and
``overwrite`` is then ``True``); for a file to read, that it exists and is a file.
Tab completes the path typed (as a shell does); ↓ opens a folder tree below it (Textual's
``DirectoryTree``, mounted on demand) to pick a file or a folder with the arrows and Enter.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar, Literal

from rich.text import Text, TextType
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DirectoryTree, Input, Static

from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.dialog import Dialog
from vendor_review.tui.widgets.text_input import TextInput

Mode = Literal["write", "read"]


def path_problem(path: Path, mode: Mode, suffixes: tuple[str, ...]) -> str | None:
    """What stops ``path`` being written (``write``) or read (``read``), if anything;
    an existing file to write is not a problem here (the modal asks first)."""
    if suffixes and path.suffix.lower() not in suffixes:
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


def complete_path(typed: str) -> str | None:
    """``typed`` completed as far as the folder's entries agree (a folder gets its
    separator), or ``None`` when nothing matches."""
    text = typed or "~" + os.sep
    expanded = Path(text).expanduser()
    folder, start = (expanded, "") if text.endswith(os.sep) else (expanded.parent, expanded.name)
    try:
        names = sorted(p.name for p in folder.iterdir() if p.name.startswith(start))
    except OSError:
        return None
    if not start.startswith("."):
        names = [n for n in names if not n.startswith(".")]
    if not names:
        return None
    common = os.path.commonprefix(names)  # noqa: RUF071 - names, not paths
    done = str(folder / common) if common else str(folder) + os.sep
    if len(names) == 1 and (folder / common).is_dir():
        done += os.sep
    return done


class FilteredTree(DirectoryTree):
    """The folder tree without hidden files; a file name is outside text, drawn through
    ``shown()`` (ESC as ``␛``, a bidi override as ``⟨U+202E⟩``)."""

    def process_label(self, label: TextType) -> Text:
        # The name from the disk, before Rich drops BEL/BS/CR from it.
        return Text(shown(label.plain if isinstance(label, Text) else label))

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")]


class PathModal(Dialog[Path | None]):
    DEFAULT_CSS = """
    PathModal > Vertical { width: 96; }
    PathModal #prompt { margin: 1 0; }
    PathModal #problem.-warning { color: $text-warning; }
    PathModal #buttons { margin-top: 1; }
    PathModal DirectoryTree { height: 10; margin-top: 1; border: round $border-blurred; }
    PathModal DirectoryTree:focus { border: round $border; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="path.cancel"),
        Binding("tab", "complete", "Complete the path", show=False, priority=True),
        Binding("down", "browse", "Folders", show=False),
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
        super().__init__(title)
        self.prompt = prompt
        self.mode: Mode = mode
        self.suffixes = suffixes
        self.initial = initial
        self.ok_label = ok_label
        self.overwrite = False
        """Whether the chosen file exists and the reviewer said to replace it."""
        self._confirming: Path | None = None  # exists: enter again to replace it

    def body(self) -> ComposeResult:
        if self.prompt:
            yield Static(plain(self.prompt), id="prompt")
        example = f"~/file{self.suffixes[0]}" if self.suffixes else "~/Downloads/report.pdf"
        # The cursor at the end of the offered path, nothing selected: typing adds a name.
        yield TextInput(
            shown(self.initial), placeholder=example, id="path", select_on_focus=False
        )  # own text
        yield Static(id="problem")
        yield Static(
            "Enter accepts · Tab completes · ↓ the folders · Esc cancels · ~ is home",
            id="hint",
        )
        with Horizontal(id="buttons"):
            yield Button("Cancel (Esc)", id="cancel", action="screen.cancel")
            yield Button(
                f"{self.ok_label} (Enter)", variant="primary", id="ok", action="screen.accept"
            )

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def _tree_root(self) -> Path:
        text = self.query_one("#path", Input).value or self.initial
        typed = Path(text).expanduser() if text else Path.home()
        for folder in (typed, *typed.parents):
            if folder.is_dir():
                return folder
        return Path.home()

    def action_browse(self) -> None:
        """↓: the folder tree (mounted the first time), focused."""
        trees = self.query(FilteredTree)
        if trees:
            trees.first().focus()
            return
        tree = FilteredTree(self._tree_root(), id="tree")
        self.query_one(Vertical).mount(tree, before=self.query_one("#buttons"))
        tree.focus()

    def unsaved_changes(self) -> str | None:
        return None  # a path is quickly typed again; Ctrl+Q does not ask for it

    def action_complete(self) -> None:
        """Tab: complete the path in the field (the common start of what matches), or
        move on to the next control."""
        field = self.query_one("#path", Input)
        if not field.has_focus:
            self.focus_next()
            return
        completed = complete_path(field.value)
        if completed is None:
            self.focus_next()
        elif completed != field.value:
            field.value = shown(completed)
            field.cursor_position = len(completed)

    @on(DirectoryTree.FileSelected)
    def _file_picked(self, event: DirectoryTree.FileSelected) -> None:
        field = self.query_one("#path", Input)
        field.value = shown(event.path)
        field.focus()

    @on(DirectoryTree.DirectorySelected)
    def _folder_picked(self, event: DirectoryTree.DirectorySelected) -> None:
        field = self.query_one("#path", Input)
        name = Path(field.value).name if self.mode == "write" and field.value else ""
        field.value = shown(event.path / name) if name else shown(event.path) + os.sep
        field.cursor_position = len(field.value)

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
            self.query_one("#ok", Button).label = self.ok_label  # own text
        self._say("")

    @on(Input.Submitted, "#path")
    def _ok(self) -> None:
        self.action_accept()
