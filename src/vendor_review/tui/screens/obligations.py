"""Our obligations (issue 12 item 4): the complementary user-entity controls the vendors'
assurance reports expect *us* to run, with who owns each and whether it is in place.
Enter sets one's status, owner and note (audited); ``t`` shows open ones or all."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from vendor_review.tui.cells import clipped
from vendor_review.tui.keys import reload_key
from vendor_review.tui.screens.lists import Column, ListScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.report_parts import obligation_form

if TYPE_CHECKING:
    from vendor_review.service import Service, dto


class ObligationsScreen(ListScreen["dto.Obligation"]):
    TITLE = "Obligations"
    SUB_TITLE = "what the vendors' reports expect us to do"
    KEEP_ROW = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Set status", id="obligations.edit"),
        Binding("t", "toggle_open", "Open/all", id="obligations.toggle"),
        Binding("g", "open_report", "Go to report", id="obligations.report"),
        Binding("c", "clear_vendor", "All vendors", id="obligations.all_vendors"),
        reload_key(show=False),
    ]
    # Fits 80 columns; the report, the full text and the note are in the detail below.
    COLUMNS = (
        Column("Vendor", "vendor", 12),
        Column("Control", "control", 10),
        Column("What we must do", "text", 20),
        Column("Owner", "owner", 10),
        Column("Status", "status", 14),
    )

    def __init__(self) -> None:
        super().__init__()
        self.open_only = True

    def show_filter(self, *, vendor_id: int | None, open_only: bool = True) -> None:
        """Show these obligations (the app's one Obligations screen, opened from elsewhere)."""
        self.vendor_id, self.open_only = vendor_id, open_only
        if self.is_mounted:
            self.load()

    def fetch(self, service: Service) -> list[dto.Obligation]:
        return service.list_obligations(open_only=self.open_only, vendor=self.vendor_id)

    def cells(self, row: dto.Obligation) -> tuple[Text, ...]:
        o, is_open = row, row.status.value == "open"
        nobody = Text("nobody", style=tone(self.app, "warning") if is_open else "")
        return (
            clipped(o.vendor_name, 12),
            clipped(o.control, 10),
            clipped(o.description, 20),
            clipped(o.owner, 10) if o.owner else nobody,
            plain(o.status.value.replace("_", " "), "bold" if is_open else "dim"),
        )

    def head(self) -> Text:
        text = Text("Showing ")
        text.append("open" if self.open_only else "all", style="bold")
        text.append(" obligations of ")
        if self.vendor_id is None:
            text.append("every vendor", style="bold")
        else:
            text.append_text(plain(self.vendor_name or f"vendor #{self.vendor_id}", "bold"))
        text.append(f" ({len(self.rows)})  ·  t open/all · enter set status")
        return text

    def detail(self, o: dto.Obligation | None) -> Text:
        if o is None:
            empty = "No open obligations." if self.open_only else "No obligations yet."
            return plain(empty if self.today else "Loading…")
        text = Text.assemble(
            plain(f"{o.control} · {o.vendor_name} · report #{o.report_id}", "bold"), "\n"
        )
        text.append_text(plain(o.description))
        text.append("\nOwner: ")
        text.append_text(plain(o.owner or "nobody yet"))
        text.append(f" · {o.status.value.replace('_', ' ')}")
        if o.note:
            text.append(" · note: ")
            text.append_text(plain(o.note))
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_report":
            return self.selected() is not None
        return super().check_action(action, parameters)

    def action_open(self) -> None:
        o = self.selected()
        if o is None:
            return

        def saved(done: dto.Obligation | None) -> None:
            if done is not None:
                status = done.status.value.replace("_", " ")
                self.notify(f"Obligation {shown(done.control)}: {status}", markup=False)
                self.load()

        self.app.push_screen(obligation_form(self.vr_app.service, o), saved)

    def action_open_report(self) -> None:
        o = self.selected()
        if o is not None:
            self.vr_app.open_report(o.report_id)

    def action_toggle_open(self) -> None:
        self.open_only = not self.open_only
        self.load()
