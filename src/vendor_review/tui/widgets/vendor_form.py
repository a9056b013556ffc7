"""A vendor's profile as a form: every field of ``VendorIn``, its pydantic message shown
under the field as you type, and whether anything differs from what was loaded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError as PydanticValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from vendor_review.domain.enums import Criticality, DataAccess, VendorKind
from vendor_review.service.dto import VendorIn
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.text_editor import TextEditor
from vendor_review.tui.widgets.text_input import TextInput
from vendor_review.tui.words import plain_problem

if TYPE_CHECKING:
    from vendor_review.service.dto import Vendor


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | select | list | date | long
    placeholder: str = ""
    choices: tuple[str, ...] = ()


FIELDS = (
    Field("name", "Name *", placeholder="as the vendor calls itself"),
    Field("legal_entity", "Legal entity", placeholder="e.g. Twilio Inc."),
    Field("kind", "Kind", "select", choices=tuple(k.value for k in VendorKind)),
    Field("purpose", "Purpose", placeholder="e.g. VoIP provider"),
    Field("parent", "Add as subprocessor of", placeholder="a vendor to link it to (optional)"),
    Field("regions", "Regions", "list", placeholder="where data is stored: EU, US"),
    Field("data_access", "Data access", "select", choices=tuple(d.value for d in DataAccess)),
    Field("criticality", "Criticality", "select", choices=tuple(c.value for c in Criticality)),
    Field("dpa_signed_on", "DPA signed on", "date", placeholder="YYYY-MM-DD"),
    Field("website", "Website"),
    Field("contact", "Contact"),
    Field("owner", "Owner", placeholder="who in your company owns the relationship"),
    Field("notes", "Notes", "long"),
)
DEFAULTS: dict[str, Any] = {"kind": "other"}
TRIAGE = ("data_access", "criticality")
"""Left blank, the vendor is untriaged."""


class VendorForm(Widget):
    """``load()`` a vendor (or ``None`` for a new one), read ``values()``, ask ``dirty``."""

    DEFAULT_CSS = """
    VendorForm { height: 1fr; }
    VendorForm .row { height: auto; margin-bottom: 1; }
    VendorForm .field { height: auto; width: 1fr; margin: 0 1; }
    VendorForm .field Input, VendorForm .field Select { background: $boost; }
    VendorForm .field Label { color: $text-muted; padding: 0 1; }
    VendorForm .field.-invalid Label { color: $text-error; }
    VendorForm .error { color: $text-error; padding: 0 1; display: none; }
    VendorForm .field.-invalid .error { display: block; }
    VendorForm TextArea { height: 4; background: $boost; }
    """

    class DirtyChanged(Message):
        def __init__(self, form: VendorForm, dirty: bool) -> None:
            super().__init__()
            self.form, self.dirty = form, dirty

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.baseline: dict[str, Any] = {}
        self._was_dirty = False
        self._loading = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False):
            pairs = [FIELDS[i : i + 2] for i in range(0, len(FIELDS), 2)]
            for pair in pairs:
                with Horizontal(classes="row"):
                    for field in pair:
                        with Vertical(classes="field", id=f"field-{field.name}"):
                            yield Label(field.label)  # own text: FIELDS
                            yield self._widget(field)
                            yield Static(id=f"error-{field.name}", classes="error")

    @staticmethod
    def _widget(field: Field) -> Widget:
        wid = f"input-{field.name}"
        if field.kind == "select":
            options = [(c, c) for c in field.choices]
            if field.name in TRIAGE:  # blank: untriaged (no inherent risk yet)
                return Select(options, prompt="untriaged", allow_blank=True, id=wid, compact=True)
            default = DEFAULTS[field.name]
            return Select(options, value=default, allow_blank=False, id=wid, compact=True)
        if field.kind == "long":
            return TextEditor(id=wid, soft_wrap=True, tab_behavior="focus", compact=True)
        return TextInput(placeholder=field.placeholder, id=wid, compact=True)  # own text

    # --- data in and out ------------------------------------------------------------------

    def load(self, vendor: Vendor | None) -> None:
        self._loading = True
        try:
            for field in FIELDS:
                # "parent" adds a link: blank on load (the links are on the vendor screen).
                value: Any = None if field.name == "parent" else getattr(vendor, field.name, None)
                widget = self.query_one(f"#input-{field.name}")
                if isinstance(widget, Select):
                    if field.name in TRIAGE:
                        widget.value = str(value) if value else Select.NULL
                    else:
                        widget.value = str(value) if value else DEFAULTS[field.name]
                elif isinstance(widget, TextArea):
                    # Text written some other way shows (and saves) in its visible form.
                    widget.load_text(shown(value or "", multiline=True))
                elif isinstance(widget, Input):
                    if field.kind == "list":
                        widget.value = ", ".join(shown(v) for v in value or [])
                    elif field.kind == "date":
                        widget.value = value.isoformat() if value else ""
                    else:
                        widget.value = shown(value or "")
        finally:
            self._loading = False
        self.baseline = self.values()
        self.show_problems({})
        self._notify_dirty()

    def values(self) -> dict[str, Any]:
        """The form as ``VendorIn`` input: blanks are ``None``, regions a list."""
        out: dict[str, Any] = {}
        for field in FIELDS:
            widget = self.query_one(f"#input-{field.name}")
            if isinstance(widget, Select):
                out[field.name] = None if widget.is_blank() else widget.value
            elif isinstance(widget, TextArea):
                out[field.name] = widget.text.strip() or None
            elif isinstance(widget, Input):
                text = widget.value.strip()
                if field.kind == "list":
                    out[field.name] = [p.strip() for p in text.split(",") if p.strip()]
                elif field.name == "name":
                    out[field.name] = text  # required: pydantic says what is missing
                else:
                    out[field.name] = text or None
        return out

    @property
    def dirty(self) -> bool:
        return bool(self.baseline) and self.values() != self.baseline

    # --- validation -----------------------------------------------------------------------

    def validate_now(self) -> dict[str, str]:
        """What is wrong now, by field, in plain words (the database's rules, such as
        unique names, are checked when saving)."""
        try:
            VendorIn.model_validate(self.values())
        except PydanticValidationError as exc:
            problems: dict[str, str] = {}
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else "name"
                problems.setdefault(name, plain_problem(err))
            return problems
        return {}

    def show_problems(self, problems: dict[str, str]) -> None:
        for field in FIELDS:
            message = problems.get(field.name)
            box = self.query_one(f"#field-{field.name}")
            box.set_class(message is not None, "-invalid")
            self.query_one(f"#error-{field.name}", Static).update(plain(message or ""))

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        for field in FIELDS:
            if field.name in problems:
                self.query_one(f"#input-{field.name}").focus()
                return

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def changed(self) -> None:
        if self._loading or not self.baseline:
            return
        self.show_problems(self.validate_now())
        self._notify_dirty()

    def _notify_dirty(self) -> None:
        dirty = self.dirty
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.post_message(self.DirtyChanged(self, dirty))
