"""Importing a vendor list in the app: whose list it is, how its columns are read, what new
vendors default to — and what that would store — before anything is stored.

``VendorImportModal`` reads the file (a thread worker calling ``plan``) when it opens and
again whenever the reviewer changes the parent, the column mapping or a default (Ctrl+R,
or Enter in a field). It shows the plan in the words of the CLI's dry run (header → field,
defaults, blocks skipped, vendors, links, possible duplicates). It dismisses with the
plan to store ("Import N vendors (Ctrl+S)") or ``None``. Outside text is never markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, RichLog, Select, Static

from vendor_review.domain.enums import Criticality, DataAccess, VendorKind
from vendor_review.domain.wording import counted
from vendor_review.service.errors import ServiceError
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets.dialog import Dialog
from vendor_review.tui.widgets.import_preview import fix_first, write_sections
from vendor_review.tui.widgets.text_input import TextInput

if TYPE_CHECKING:
    from vendor_review.exchange.inbound.inventory import VendorPlan

DEFAULTED = (
    ("kind", "Kind", VendorKind),
    ("data_access", "Data access", DataAccess),
    ("criticality", "Criticality", Criticality),
)


@dataclass(frozen=True)
class ImportChoices:
    """What the reviewer decided: parent (None: none), ``--map`` pairs, defaults."""

    parent: str | None
    mapping: dict[str, str]
    defaults: dict[str, str]


def parse_mapping(text: str) -> dict[str, str]:
    """``Firm=name; Where=regions`` → {"Firm": "name", "Where": "regions"}; a part
    without ``=`` raises ``ValueError`` naming it."""
    out: dict[str, str] = {}
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        header, sep, field = part.partition("=")
        if not sep or not header.strip() or not field.strip():
            raise ValueError(f"{part.strip()!r} is not Header=field")
        out[header.strip()] = field.strip()
    return out


def import_label(plan: VendorPlan) -> str:
    vendors = plan.count("create") + plan.count("update") + len(plan.parents_created)
    links = sum(1 for c in plan.links if c.action != "same")
    what = counted(vendors, "vendor")
    if links:
        what += f", {counted(links, 'link')}"
    return f"Import {what} (Ctrl+S)"


class VendorImportModal(Dialog["VendorPlan | None"]):
    DEFAULT_CSS = """
    VendorImportModal > Vertical { width: 120; max-width: 98%; height: 96%; padding: 0 1; }
    VendorImportModal .row { height: auto; }
    VendorImportModal .field { width: 1fr; height: auto; margin-right: 1; }
    VendorImportModal .field Label { color: $text-muted; }
    VendorImportModal #summary { margin: 1 0 0 0; height: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="vendor_import.cancel"),
        Binding("ctrl+s", "store", "Import", id="vendor_import.store"),
        Binding("ctrl+r", "reread", "Read again", id="vendor_import.reread"),
    ]

    def __init__(
        self,
        file_name: str,
        plan: Callable[[ImportChoices], VendorPlan],
        *,
        parent: str | None = None,
    ) -> None:
        super().__init__(f"Import vendors from {file_name}")
        self.file_name = file_name
        self._planner = plan
        self._initial_parent = parent or ""
        self.plan: VendorPlan | None = None
        self.error: str | None = None

    def body(self) -> ComposeResult:
        with Horizontal(classes="row"):
            with Vertical(classes="field"):
                yield Label("Whose subprocessor list (blank: none)")
                yield TextInput(
                    shown(self._initial_parent), placeholder="e.g. LiveAgent", id="parent"
                )
            with Vertical(classes="field"):
                yield Label("Column mapping: Header=field; … (blank: by meaning)")
                yield TextInput(placeholder="e.g. Firm=name; Where=regions", id="mapping")
        with Horizontal(classes="row"):
            for name, label, enum in DEFAULTED:
                with Vertical(classes="field"):
                    yield Label(f"{label} of new vendors", markup=False)
                    yield Select(
                        [(e.value, e.value) for e in enum],
                        prompt="from the file, else untriaged"
                        if name != "kind"
                        else "from the file, else other",
                        allow_blank=True,
                        id=f"default-{name}",
                        compact=True,
                    )
        yield Static(id="summary")
        yield RichLog(id="lines", wrap=True, markup=False, highlight=False)
        yield Static(id="reason")
        with Horizontal(id="buttons"):
            yield Button("Read again (Ctrl+R)", id="reread", action="screen.reread")
            yield Button("Cancel (Esc)", id="cancel", action="screen.cancel")
            yield Button(
                "Import (Ctrl+S)",
                variant="primary",
                id="store",
                action="screen.store",
                disabled=True,
            )

    def on_mount(self) -> None:
        self.query_one("#parent", Input).focus()
        self.action_reread()

    # --- choices and reading ----------------------------------------------------------

    def choices(self) -> ImportChoices:
        parent = self.query_one("#parent", Input).value.strip() or None
        mapping = parse_mapping(self.query_one("#mapping", Input).value)
        defaults = {}
        for name, _, _ in DEFAULTED:
            select: Select[str] = self.query_one(f"#default-{name}", Select)
            if not select.is_blank():
                defaults[name] = str(select.value)
        return ImportChoices(parent, mapping, defaults)

    def action_reread(self) -> None:
        try:
            choices = self.choices()
        except ValueError as exc:
            self._show(None, f"Column mapping: {exc}")
            return
        self.query_one("#summary", Static).update(plain("Reading…"))
        self.query_one("#store", Button).disabled = True
        # A refused file, an unknown field: said, not raised.
        in_thread(self, or_error(partial(self._planner, choices)), self._planned, "vendor-import")

    def _planned(self, plan: VendorPlan | ServiceError) -> None:
        if isinstance(plan, ServiceError):
            self._show(None, str(plan))
        else:
            self._show(plan, None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_reread()

    @on(Select.Changed)
    def _default_changed(self) -> None:
        if self.is_mounted and self.plan is not None:
            self.action_reread()

    # --- showing ----------------------------------------------------------------------

    def _show(self, plan: VendorPlan | None, error: str | None) -> None:
        from vendor_review.exchange.inbound.inventory_report import sections, summary
        from vendor_review.exchange.inbound.tables import inert

        self.plan, self.error = plan, error
        log = self.query_one(RichLog)
        log.clear()
        button = self.query_one("#store", Button)
        if plan is None:
            self.query_one("#summary", Static).update(plain(""))
            log.write(Text(inert(error or "Nothing read."), style="bold"))
        else:
            self.query_one("#summary", Static).update(plain(summary(plan)))
            problems = tuple(inert(str(p)) for p in plan.problems)
            found = counted(len(problems), "problem or warning", "problems and warnings")
            write_sections(log, [(found, problems)])
            write_sections(log, sections(plan), "  ")
            button.label = import_label(plan)  # own text: counts
        reason = self.blocked()
        self.query_one("#reason", Static).update(plain(reason or ""))
        button.disabled = reason is not None

    def blocked(self) -> str | None:
        """Why Import is disabled, or None."""
        if self.plan is None:
            return "Fix what is said above, then read the file again (Ctrl+R)."
        if self.plan.fatal:
            return fix_first(len(self.plan.fatal))
        if not self.plan.stores:
            return "Nothing would change: everything in the file is already stored."
        return None

    # --- decisions --------------------------------------------------------------------

    def action_store(self) -> None:
        if self.blocked() is None:
            self.dismiss(self.plan)

    def action_cancel(self) -> None:
        self.dismiss(None)
