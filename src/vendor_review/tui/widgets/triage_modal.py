"""Triage: give a vendor its data access and criticality (and kind), so it has an inherent
risk and can be assessed — one vendor (from its screen, ``t``) or the queue of every
untriaged vendor in turn (from the Dashboard's "Needs triage" count).

``TriageModal`` reads and writes through the service in thread workers (``vendor triage``'s
``triage_vendor``, audited) and dismisses with how many vendors it triaged. In the queue,
"Skip" moves to the next without storing. Outside text (names, purposes) is never markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Label, Select, Static

from vendor_review.domain.enums import Criticality, DataAccess, VendorKind
from vendor_review.service.errors import ServiceError
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.dialog import Dialog

if TYPE_CHECKING:
    from vendor_review.service import Service, dto

Next = tuple["dto.Vendor | None", int]
"""The vendor to triage now (None: no more) and how many wait, it included."""

FIELDS = (
    ("data_access", "Data access (the most sensitive data it can reach)", DataAccess),
    ("criticality", "Criticality (how much you depend on it)", Criticality),
    ("kind", "Kind", VendorKind),
)


class TriageModal(Dialog[int]):
    DEFAULT_CSS = """
    TriageModal #about { margin: 1 0; height: auto; }
    TriageModal Label { color: $text-muted; margin-top: 1; }
    TriageModal #buttons { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="triage.close"),
        Binding("ctrl+s", "save", "Triage", id="triage.save", priority=True),
        Binding("ctrl+n", "skip", "Skip", id="triage.skip", show=False),
    ]

    def __init__(self, service: Service, vendor_id: int | None = None) -> None:
        """One vendor (``vendor_id``), or the queue of untriaged vendors (None)."""
        super().__init__("Triage")
        self.service = service
        self.queue = vendor_id is None
        self.vendor_id = vendor_id
        self.vendor: dto.Vendor | None = None
        self.triaged = 0
        self.skipped: set[int] = set()

    def body(self) -> ComposeResult:
        yield Static(plain("Loading…"), id="about")
        for name, label, enum in FIELDS:
            yield Label(label)
            yield Select(
                [(e.value, e.value) for e in enum],
                prompt="choose",
                allow_blank=True,
                id=f"triage-{name}",
                compact=True,
            )
        yield Static(id="problem")
        with Horizontal(id="buttons"):
            if self.queue:
                yield Button("Skip (Ctrl+N)", id="skip", action="screen.skip")
            yield Button("Close (Esc)", id="close", action="screen.close")
            yield Button("Triage (Ctrl+S)", variant="primary", id="save", action="screen.save")

    def on_mount(self) -> None:
        self.load(frozenset(self.skipped))

    # --- workers ----------------------------------------------------------------------

    def _next(self, skipped: frozenset[int]) -> Next:
        """(In a worker) the vendor to show: the one asked for, or the queue's next."""
        service = self.service
        if not self.queue:
            assert self.vendor_id is not None
            return service.get_vendor(self.vendor_id), 1
        page = service.list_vendors(untriaged=True, include_offboarded=False, limit=50)
        rows = [r for r in page.rows if r.id not in skipped]
        first = service.get_vendor(rows[0].id) if rows else None
        return first, page.total - len(skipped)

    def load(self, skipped: frozenset[int]) -> None:
        in_thread(self, partial(self._next, skipped), self.shown, "triage")

    def store(
        self,
        vendor_id: int,
        access: str,
        criticality: str,
        kind: str | None,
        skipped: frozenset[int],
    ) -> None:
        triage = partial(self.service.triage_vendor, vendor_id, access, criticality, kind)
        in_thread(self, or_error(triage), partial(self.stored, skipped), "triage")

    # --- showing ----------------------------------------------------------------------

    def stored(self, skipped: frozenset[int], outcome: dto.Vendor | ServiceError) -> None:
        """Triaged: on to the queue's next vendor, or done; refused: the reason is shown."""
        if isinstance(outcome, ServiceError):
            self.query_one("#problem", Static).update(plain(str(outcome)))
            return
        self.triaged += 1
        if self.queue:
            self.load(skipped)
        else:
            self.shown((None, 0))

    def shown(self, next_one: Next) -> None:
        self.query_one("#problem", Static).update("")
        vendor, left = next_one
        self.vendor = vendor
        if vendor is None:
            self.dismiss(self.triaged)
            return
        title = f"Triage {vendor.name}"
        if self.queue:
            title += f" ({left} waiting)"
        self.query_one("#title", Label).update(plain(title))
        parents = ", ".join(vendor.parents) or "no parent"
        about = f"{vendor.purpose or 'no purpose given'} · subprocessor of {parents}"
        if vendor.regions:
            about += f" · {', '.join(vendor.regions)}"
        self.query_one("#about", Static).update(plain(about))
        for name, _, _ in FIELDS:
            select: Select[str] = self.query_one(f"#triage-{name}", Select)
            value = getattr(vendor, name)
            if value is None:
                select.clear()
            else:
                select.value = str(getattr(value, "value", value))
        self.query_one("#triage-data_access", Select).focus()

    # --- decisions --------------------------------------------------------------------

    def action_save(self) -> None:
        if self.vendor is None:
            return
        values: dict[str, str | None] = {}
        for name, _, _ in FIELDS:
            select: Select[str] = self.query_one(f"#triage-{name}", Select)
            values[name] = None if select.is_blank() else str(select.value)
        access, crit = values["data_access"], values["criticality"]
        if access is None or crit is None:
            self.query_one("#problem", Static).update(
                plain("Choose both data access and criticality.")
            )
            return
        self.store(self.vendor.id, access, crit, values["kind"], frozenset(self.skipped))

    def action_skip(self) -> None:
        if self.queue and self.vendor is not None:
            self.skipped.add(self.vendor.id)
            self.load(frozenset(self.skipped))

    def action_close(self) -> None:
        self.dismiss(self.triaged)
