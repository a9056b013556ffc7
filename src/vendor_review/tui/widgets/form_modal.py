"""A small form as a modal: labelled fields (text, date, choice, file path), saved through
the service in a thread worker.

``FormModal`` dismisses with whatever ``save`` returned, or ``None`` when cancelled. The
values reach ``save`` parsed (dates as ``date``, empty fields as ``None``); a date that is
not one, a required field left empty, or anything the service refuses (``ServiceError``)
is shown in the modal, the typed values kept. A path field picks its file with the app's
path picker (``ctrl+f``). Each field can carry a mark under it ("suggested — check: …"),
cleared when the reviewer edits the field. Outside text is never markup.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from vendor_review.service.errors import ServiceError
from vendor_review.tui.background import in_thread
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.dialog import Dialog
from vendor_review.tui.widgets.path_modal import PathModal
from vendor_review.tui.widgets.text_input import TextInput

T = TypeVar("T")
FieldKind = Literal["text", "date", "choice", "path"]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: FieldKind = "text"
    choices: tuple[tuple[str, str], ...] = ()
    """(label, value) of a choice field."""
    required: bool = False
    placeholder: str = ""
    initial: str = ""


def parse_value(field: FormField, text: str) -> Any:
    """A field's typed text as the service takes it; ``ValueError`` in plain words."""
    text = text.strip()
    if not text:
        if field.required:
            raise ValueError(f"{field.label}: fill this in.")
        return None
    if field.kind == "date":
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{field.label}: {text!r} is not a date (YYYY-MM-DD).") from None
    if field.kind == "path":
        return Path(text).expanduser()
    return text


class FormModal(Dialog[T | None], Generic[T]):
    DEFAULT_CSS = """
    FormModal > Vertical { width: 78; max-width: 98%; max-height: 98%; padding: 0 1; }
    FormModal #intro { color: $text-muted; height: auto; }
    FormModal #fields { height: auto; max-height: 60vh; }
    FormModal .row { height: auto; }
    FormModal .row Label { width: 20; color: $text-muted; }
    FormModal .row Input, FormModal .row Select { width: 1fr; }
    FormModal .mark { color: $text-warning; height: auto; padding-left: 20; display: none; }
    FormModal .mark.-shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+f", "pick_file", "Pick file", id="form.pick_file", show=False),
    ]

    def __init__(
        self,
        title: str,
        fields: Sequence[FormField],
        save: Callable[[dict[str, Any]], T],
        *,
        intro: str = "",
        ok_label: str = "Save",
    ) -> None:
        super().__init__(title)
        self.fields = tuple(fields)
        self.save_with = save
        self.intro = intro
        self.ok_label = ok_label
        self.marked: dict[str, str] = {}
        """Field name → the value it was given by a suggestion (still unedited)."""

    def body(self) -> ComposeResult:
        if self.intro:
            yield Static(plain(self.intro), id="intro")
        with VerticalScroll(id="fields"):
            for f in self.fields:
                yield Horizontal(Label(plain(f.label)), self._widget(f), classes="row")
                yield Static(id=f"mark-{f.name}", classes="mark")
        yield Static(id="problem")
        with Horizontal(id="buttons"):
            if any(f.kind == "path" for f in self.fields):
                yield Button("Pick file (ctrl+f)", id="pick", action="screen.pick_file")
            yield Button("Cancel (esc)", id="cancel", action="screen.cancel")
            yield Button(
                f"{self.ok_label} (ctrl+s)", id="ok", variant="primary", action="screen.save"
            )

    def _widget(self, f: FormField) -> Input | Select[str]:
        wid = f"field-{f.name}"
        if f.kind == "choice":
            if f.required:
                value = f.initial or f.choices[0][1]
                return Select(f.choices, value=value, allow_blank=False, id=wid, compact=True)
            select: Select[str] = Select(f.choices, prompt="–", id=wid, compact=True)
            if f.initial:
                select.value = f.initial  # own text: one of the choices' values
            return select
        placeholder = f.placeholder or ("YYYY-MM-DD" if f.kind == "date" else "")
        return TextInput(shown(f.initial), placeholder=shown(placeholder), id=wid, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#field-{self.fields[0].name}").focus()

    # --- values ---------------------------------------------------------------------------

    def text_of(self, name: str) -> str:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            return "" if widget.is_blank() else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def set_text(self, name: str, value: str) -> None:
        widget = self.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value

    def values(self) -> dict[str, Any]:
        """Every field parsed; ``ValueError`` names the first that is wrong."""
        return {f.name: parse_value(f, self.text_of(f.name)) for f in self.fields}

    def mark(self, name: str, note: str) -> None:
        """Show ``note`` under a field (a suggestion to check), until the field is edited."""
        self.marked[name] = self.text_of(name)
        shown = self.query_one(f"#mark-{name}", Static)
        shown.update(plain(note))
        shown.add_class("-shown")

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self, event: Input.Changed | Select.Changed) -> None:
        name = (event.control.id or "").removeprefix("field-")
        if name in self.marked and self.text_of(name) != self.marked[name]:
            del self.marked[name]
            self.query_one(f"#mark-{name}", Static).remove_class("-shown")
        self.query_one("#problem", Static).update("")

    def unsaved_changes(self) -> str | None:
        """What leaving now would lose (asked by the app before Ctrl+Q)."""
        if not self.is_mounted:
            return None
        changed = any(self.text_of(f.name) != f.initial for f in self.fields if f.kind != "choice")
        return f"{self.title_text}: the form is not saved." if changed else None

    # --- actions --------------------------------------------------------------------------

    def action_save(self) -> None:
        try:
            values = self.values()
        except ValueError as error:
            self.query_one("#problem", Static).update(plain(str(error)))
            return
        in_thread(self, partial(self._save, values), self._saved, "form-save")

    def _save(self, values: dict[str, Any]) -> tuple[T | None, str | None]:
        """(In the worker) what ``save`` returned, or why it was refused."""
        try:
            return self.save_with(values), None
        except (ServiceError, ValueError) as error:
            return None, str(error)

    def _saved(self, outcome: tuple[T | None, str | None]) -> None:
        result, problem = outcome
        if problem is not None:
            self.query_one("#problem", Static).update(plain(f"Not saved: {problem}"))
        else:
            self.dismiss(result)

    def action_cancel(self) -> None:
        """Esc: close; with typed text, ask first (never lost without asking)."""
        if self.unsaved_changes() is None:
            self.dismiss(None)
            return
        from vendor_review.tui.screens.confirm import ask_discard

        ask_discard(self.app, lambda: self.dismiss(None), "The form is not saved. Ctrl+S saves it.")

    def action_pick_file(self) -> None:
        """The path picker for the (first) file field; the chosen path fills it."""
        field = next((f for f in self.fields if f.kind == "path"), None)
        if field is None:
            return
        typed = self.text_of(field.name).strip()
        start = typed or str(self.vr_app.output_dir) + os.sep

        def picked(path: Path | None) -> None:
            if path is not None:
                self.set_text(field.name, str(path))
                self.query_one(f"#field-{field.name}").focus()

        modal = PathModal(
            f"{field.label}: pick the file",
            mode="read",
            suffixes=(),
            initial=start,
            ok_label="Choose",
        )
        self.app.push_screen(modal, picked)
