"""What the list screens (approvals, findings, obligations) share: a line saying what is
shown, a table with a row per record (keyed by its id), the highlighted record in full
below it (``lists.tcss``).

A screen says how to fetch its records, the cells of one and the text of the highlighted
one; the rows load in a thread worker each time the screen is shown, the theme changes
or a filter does, and only the answer to the newest request is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from vendor_review.tui.background import in_thread
from vendor_review.tui.cells import cursor_id
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from rich.text import Text

    from vendor_review.service import Service


class Record(Protocol):
    @property
    def id(self) -> int: ...


R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Column:
    label: str
    key: str
    width: int | None = None


class ListScreen(AppScreen[None], Generic[R]):
    CSS_PATH = "lists.tcss"
    AUTO_FOCUS = "#table"
    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    HEAD = "filters"
    """The id of the line above the table (``#filters``, or ``#intro`` where it explains)."""
    KEEP_ROW = False
    """After a reload the cursor stays on its row number (a worklist gone through in
    order), rather than going back to the first row."""

    def __init__(self) -> None:
        super().__init__()
        self.vendor_id: int | None = None
        """Only this vendor's records (a screen that filters by vendor)."""
        self.vendor_name: str | None = None
        self.rows: dict[int, R] = {}
        self.today: date | None = None  # None until the first rows arrive
        self.asked = 0

    # --- what each screen says ------------------------------------------------------------

    def fetch(self, service: Service) -> list[R]:
        """The records to show (called in the worker thread)."""
        raise NotImplementedError

    def cells(self, row: R) -> Sequence[Text]:
        """One record's cells, one per column of ``COLUMNS``."""
        raise NotImplementedError

    def head(self) -> RenderableType:
        """The line above the table: what is shown, and how to change it."""
        raise NotImplementedError

    def detail(self, row: R | None) -> RenderableType:
        """The highlighted record in full (``None``: the table is empty)."""
        raise NotImplementedError

    def action_open(self) -> None:
        """Enter on a row."""

    # --- the frame ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id=self.HEAD)
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield AppFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for column in self.COLUMNS:
            table.add_column(column.label, key=column.key, width=column.width)  # own text
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.load())
        self.show_head()
        self._show_detail()

    def on_screen_resume(self) -> None:
        self.load()  # first shown, or back from what a row opened

    def load(self) -> None:
        self.asked += 1
        self.show_head()
        service, asked, vendor_id = self.vr_app.service, self.asked, self.vendor_id

        def fetched() -> tuple[list[R], str | None, date]:
            vendor = service.get_vendor(vendor_id).name if vendor_id is not None else None
            return self.fetch(service), vendor, service.today()

        in_thread(self, fetched, lambda answer: self._loaded(asked, *answer), "list-load")

    def _loaded(self, asked: int, rows: list[R], vendor: str | None, today: date) -> None:
        if asked != self.asked:
            return  # the filters changed, or a change was saved, since it was asked for
        self.rows, self.vendor_name, self.today = {r.id: r for r in rows}, vendor, today
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(*self.cells(row), key=str(row.id))
        if rows and self.KEEP_ROW:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self.show_head()
        self._show_detail()

    def show_head(self) -> None:
        self.query_one(f"#{self.HEAD}", Static).update(self.head())

    def selected(self) -> R | None:
        row_id = cursor_id(self.query_one(DataTable))
        return self.rows.get(row_id) if row_id is not None else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        self.refresh_bindings()
        self.query_one("#detail", Static).update(self.detail(self.selected()))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_vendor":
            return self.vendor_id is not None
        if action == "open":
            return self.selected() is not None
        return True

    def action_clear_vendor(self) -> None:
        self.vendor_id = None
        self.load()

    def action_reload(self) -> None:
        self.load()
