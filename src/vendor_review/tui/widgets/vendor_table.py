"""The vendor list's table: columns, sort marks and cells (outside text always literal)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from vendor_review.tui.text import plain
from vendor_review.tui.tone import Tone, due_style, tone

if TYPE_CHECKING:
    from textual.app import App

    from vendor_review.service.vendor_list import VendorRow

COLUMNS: tuple[tuple[str, str, int], ...] = (
    # key (the service's sort name), label, width
    ("name", "Name", 30),
    ("parents", "Parents", 20),
    ("kind", "Kind", 14),
    ("status", "Status", 10),
    ("inherent_risk", "Inherent", 9),
    ("control_score", "Score", 6),
    ("rating", "Rating", 9),
    ("next_review_due", "Next review", 12),
    ("open_findings", "Findings", 8),
)
LABELS = {key: label for key, label, _ in COLUMNS}
RATING_TONE: dict[str, Tone] = {
    "critical": "error",
    "high": "error",
    "medium": "warning",
    "low": "success",
}


class VendorTable(DataTable[Text]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="vendors.open"),
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def on_mount(self) -> None:
        for key, label, width in COLUMNS:
            self.add_column(label, key=key, width=width)

    def mark_sort(self, order: str, descending: bool) -> None:
        for key, label, _ in COLUMNS:
            column = self.columns.get(ColumnKey(key))
            if column is None:
                continue
            arrow = (" ▼" if descending else " ▲") if key == order else ""
            column.label = Text(label + arrow, style="bold" if arrow else "")
        self.refresh()

    def add_vendor_rows(self, rows: list[VendorRow], today: date) -> None:
        for row in rows:
            self.add_row(*cells(self, row, today), key=str(row.id))

    def selected_vendor(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key else None


def rating_text(app: App[object], rating: str | None) -> Text:
    name = RATING_TONE.get(rating or "")
    return plain(rating, f"bold {tone(app, name)}" if name else "")


def score(value: float | None) -> Text:
    return plain(None) if value is None else Text(f"{value:.1f}", justify="right")


def cells(widget: DataTable[Text], row: VendorRow, today: date) -> list[Text]:
    status = row.status.value
    return [
        plain(row.name),
        plain(row.parents),
        plain(row.kind.value),
        plain(status, "dim" if status == "offboarded" else ""),
        plain(row.inherent_risk or "untriaged", "" if row.inherent_risk else "italic"),
        score(row.control_score),
        rating_text(widget.app, row.rating),
        plain(row.next_review_due, due_style(widget.app, row.next_review_due, today)),
        plain(row.open_findings if row.open_findings else "", "bold" if row.open_findings else ""),
    ]
