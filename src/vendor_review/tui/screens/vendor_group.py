"""The vendors one figure counts (a cell of the dashboard's risk map): Enter opens one."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from vendor_review.domain.wording import counted
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader


class VendorGroupScreen(AppScreen[None]):
    CSS_PATH = "lists.tcss"
    AUTO_FOCUS = "DataTable"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open vendor", id="group.open"),
    ]

    def __init__(self, title: str, vendors: list[tuple[int, str]]) -> None:
        super().__init__()
        self.group_title = title
        self.vendors = vendors
        self.nav_key = ("group", title)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        vendors = counted(len(self.vendors), "vendor")
        yield Static(plain(f"{self.group_title}: {vendors}"), id="filters")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = self.group_title
        table = self.query_one(DataTable)
        table.add_column("Vendor", key="name")
        for vendor_id, name in self.vendors:
            table.add_row(plain(name), key=str(vendor_id))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.vr_app.open_vendor(int(key))
