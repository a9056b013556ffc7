"""The vendor list: paged from the database, filtered as you type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain

if TYPE_CHECKING:
    from vendor_review.service.dto import VendorPage

PAGE = 200
RATING_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "green"}


class VendorsScreen(AppScreen[None]):
    CSS_PATH = "vendors.tcss"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="filter"),
        Binding("escape", "clear_filter", "Clear filter", id="clear_filter"),
        Binding("r", "reload", "Reload", id="reload"),
    ]

    class Loaded(Message):
        def __init__(self, page: VendorPage, text: str) -> None:
            super().__init__()
            self.page = page
            self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type to filter vendors by name or purpose", id="filter")
        yield DataTable(id="vendors", cursor_type="row", zebra_stripes=True)
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(
            "Name",
            "Parent",
            "Kind",
            "Status",
            "Inherent",
            "Score",
            "Rating",
            "Next review",
            "Open findings",
        )
        table.focus()
        self.load("")

    @work(thread=True, exclusive=True, exit_on_error=False, group="vendors")
    def load(self, text: str) -> None:
        page = self.vr_app.service.list_vendors(text=text or None, limit=PAGE)
        self.post_message(self.Loaded(page, text))

    @on(Loaded)
    def show(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in message.page.rows:
            table.add_row(
                plain(row.name),
                plain(row.parent_name),
                plain(row.kind.value),
                plain(row.status.value),
                plain(row.inherent_risk),
                plain(row.control_score),
                plain(row.rating, RATING_STYLE.get(row.rating or "", "")),
                plain(row.next_review_due),
                plain(row.open_findings),
                key=str(row.id),
            )
        shown, total = len(message.page.rows), message.page.total
        more = f" (first {shown}; type to narrow)" if total > shown else ""
        what = f" matching {message.text!r}" if message.text else ""
        self.query_one("#status", Static).update(plain(f"{total} vendors{what}{more}"))

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.load(event.value.strip())

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(DataTable).focus()

    def action_reload(self) -> None:
        self.load(self.query_one("#filter", Input).value.strip())
