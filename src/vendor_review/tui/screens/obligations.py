"""Our obligations (issue 12 item 4): the complementary user-entity controls the vendors'
assurance reports expect *us* to run, with who owns each and whether it is in place.
Enter sets one's status, owner and note (audited); ``t`` shows open ones or all."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static

from vendor_review.tui.cells import clipped, cursor_id
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from vendor_review.service import dto


class ObligationsScreen(AppScreen[None]):
    CSS_PATH = "lists.tcss"
    TITLE = "Obligations"
    AUTO_FOCUS = "#table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "edit", "Set status", id="obligations.edit"),
        Binding("t", "toggle_open", "Open/all", id="obligations.toggle"),
        Binding("g", "open_report", "Go to report", id="obligations.report"),
        Binding("c", "clear_vendor", "All vendors", id="obligations.all_vendors"),
        Binding("r", "reload", "Reload", id="obligations.reload", show=False),
    ]

    class Loaded(Message):
        def __init__(self, rows: list[dto.Obligation], today: date, asked: int) -> None:
            super().__init__()
            self.rows, self.today, self.asked = rows, today, asked

    def __init__(self) -> None:
        super().__init__()
        self.open_only = True
        self.vendor_id: int | None = None
        self.rows: dict[int, dto.Obligation] = {}
        self.asked = 0
        self.loaded_once = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="filters")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static("Loading…", id="detail")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = "what the vendors' reports expect us to do"
        table = self.query_one(DataTable)
        # Fits 80 columns; the report, the full text and the note are in the detail below.
        table.add_column("Vendor", key="vendor", width=12)
        table.add_column("Control", key="control", width=10)
        table.add_column("What we must do", key="text", width=20)
        table.add_column("Owner", key="owner", width=10)
        table.add_column("Status", key="status", width=14)
        self._show_filters()

    def on_screen_resume(self) -> None:
        self.load()

    def show_filter(self, *, vendor_id: int | None, open_only: bool = True) -> None:
        """Show these obligations (the app's one Obligations screen, opened from elsewhere)."""
        self.vendor_id, self.open_only = vendor_id, open_only
        if self.is_mounted:
            self.load()

    def load(self) -> None:
        self.asked += 1
        self._show_filters()
        self._fetch(self.asked, self.open_only, self.vendor_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="obligations-load")
    def _fetch(self, asked: int, open_only: bool, vendor_id: int | None) -> None:
        service = self.vr_app.service
        rows = service.list_obligations(open_only=open_only, vendor=vendor_id)
        self.post_message(self.Loaded(rows, service.today(), asked))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.asked != self.asked:
            return
        self.loaded_once = True
        self.rows = {o.id: o for o in message.rows}
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        warn = tone(self.app, "warning")
        for o in message.rows:
            is_open = o.status.value == "open"
            table.add_row(
                clipped(o.vendor_name, 12),
                clipped(o.control, 10),
                clipped(o.description, 20),
                clipped(o.owner, 10) if o.owner else Text("nobody", style=warn if is_open else ""),
                plain(o.status.value.replace("_", " "), "bold" if is_open else "dim"),
                key=str(o.id),
            )
        if message.rows:
            table.move_cursor(row=min(cursor, len(message.rows) - 1))
        self._show_filters()
        self._show_detail()

    def _show_filters(self) -> None:
        text = Text("Showing ")
        text.append("open" if self.open_only else "all", style="bold")
        text.append(" obligations of ")
        vendor = next(iter(self.rows.values())).vendor_name if self.rows else None
        if self.vendor_id is None:
            text.append("every vendor", style="bold")
        else:
            text.append_text(plain(vendor or f"vendor #{self.vendor_id}", "bold"))
        text.append(f" ({len(self.rows)})  ·  t open/all · enter set status")
        self.query_one("#filters", Static).update(text)

    def selected(self) -> dto.Obligation | None:
        row_id = cursor_id(self.query_one(DataTable))
        return self.rows.get(row_id) if row_id is not None else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        self.refresh_bindings()
        o = self.selected()
        detail = self.query_one("#detail", Static)
        if o is None:
            empty = "No open obligations." if self.open_only else "No obligations yet."
            detail.update(plain(empty if self.loaded_once else "Loading…"))
            return
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
        detail.update(text)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_edit()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "open_report"):
            return self.selected() is not None
        if action == "clear_vendor":
            return self.vendor_id is not None
        return True

    def action_edit(self) -> None:
        from vendor_review.tui.widgets.report_forms import obligation_form

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

    def action_clear_vendor(self) -> None:
        self.vendor_id = None
        self.load()

    def action_reload(self) -> None:
        self.load()
