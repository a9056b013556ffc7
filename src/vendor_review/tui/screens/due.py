"""What a dashboard figure counts: the re-reviews, assurance reports (certificates, SOC
reports) or findings of one due bucket, soonest first (the service's due list, the same one
the CLI prints)."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from vendor_review.service.dashboard import LAST, LATER, SOON
from vendor_review.tui.background import in_thread
from vendor_review.tui.keys import reload_key
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain
from vendor_review.tui.tone import due_style
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader

if TYPE_CHECKING:
    from vendor_review.service.dto import DueItem, DueList

BUCKETS = {
    # bucket: (first day, last day) relative to today (None: open-ended), what it says
    "overdue": (None, -1, "overdue"),
    "30": (0, SOON, "due within 30 days"),
    "60": (SOON + 1, LATER, "due in 31–60 days"),
    "90": (LATER + 1, LAST, "due in 61–90 days"),
}
WHAT = {"review": "Re-reviews", "certificate": "Assurance reports", "finding": "Findings"}


def in_bucket(item: DueItem, bucket: str) -> bool:
    first, last, _ = BUCKETS[bucket]
    return (first is None or item.days >= first) and item.days <= last


class DueTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open vendor", id="due.open"),
    ]


class DueScreen(AppScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        reload_key(),
    ]
    DEFAULT_CSS = """
    DueScreen DataTable { height: 1fr; }
    DueScreen #status { height: 1; padding: 0 1; color: $text-muted; }
    """
    AUTO_FOCUS = "DataTable"

    def __init__(self, kind: str, bucket: str) -> None:
        super().__init__()
        self.kind, self.bucket = kind, bucket
        self.nav_key = ("due", kind, bucket)
        self.title = f"{WHAT.get(kind, kind)} {BUCKETS[bucket][2] if bucket in BUCKETS else bucket}"

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield DueTable(cursor_type="row", zebra_stripes=True)
        yield Static("Loading…", id="status")
        yield AppFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("Due", "Days", "Vendor", "Level", "Why")
        self.load()

    def action_reload(self) -> None:
        self.load()

    def load(self) -> None:
        due_list = partial(self.vr_app.service.due_list, within_days=LAST, kinds={self.kind})
        in_thread(self, due_list, self.show, "due")

    def show(self, due: DueList) -> None:
        table = self.query_one(DataTable)
        table.clear()
        items = [i for i in due.items if in_bucket(i, self.bucket)]
        for n, item in enumerate(items):
            style = due_style(self.app, item.due_on, due.as_of)
            days = f"{-item.days} overdue" if item.days < 0 else f"in {item.days}"
            table.add_row(
                plain(item.due_on.isoformat(), style),
                plain(days, style),
                plain(item.vendor_name),
                plain(item.level),
                plain(item.reason),
                key=f"{n}:{item.vendor_id}",
            )
        self.query_one("#status", Static).update(
            plain(f"{len(items)} as of {due.as_of.isoformat()} · enter opens the vendor")
        )

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.vr_app.open_vendor(int(event.row_key.value.partition(":")[2]))
