"""The dashboard's pictures: the risk heat map (inherent risk × residual rating, vendor
counts, coloured by how bad the pair is; Enter on a cell lists its vendors) and the due
load of the next 12 months (a bar per month)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Sparkline, Static

from vendor_review.tui.text import shown
from vendor_review.tui.tone import tone

if TYPE_CHECKING:  # the service loads after the dashboard's first paint (issue 14)
    from vendor_review.service.pictures import MonthLoad, RiskMatrix

LEVELS = ["low", "medium", "high", "critical"]
_CORNER = "inherent ╲ residual"
_CELL = 9  # " {count:^7} ", and as wide as "not rated"


def _worst(risk: str, rating: str) -> int:
    """0 (low) … 3 (critical): the worse of the two; unrated counts as its inherent risk."""
    from vendor_review.service.pictures import UNRATED

    rated = risk if rating == UNRATED else rating
    return max(LEVELS.index(risk), LEVELS.index(rated))


class RiskHeatMap(DataTable[Text]):
    """Rows: inherent risk, critical first; columns: residual rating, then not rated."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open its vendors", id="dashboard.heatmap_open"),
    ]

    class CellChosen(Message):
        def __init__(self, risk: str, rating: str) -> None:
            super().__init__()
            self.risk, self.rating = risk, rating

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="cell", show_cursor=True)
        self.matrix: RiskMatrix | None = None

    def show(self, matrix: RiskMatrix) -> None:
        from vendor_review.service.pictures import UNRATED

        self.matrix = matrix
        self.clear(columns=True)
        # Fixed widths: auto widths are measured on the next idle, and a screen drawn before
        # it showed the counts in columns too narrow for them.
        self.add_column(Text(_CORNER, style="dim"), key="risk", width=len(_CORNER))
        for rating in matrix.ratings:
            label = "not rated" if rating == UNRATED else rating
            self.add_column(Text(label), key=rating, width=_CELL)
        colours = [tone(self.app, "success"), tone(self.app, "warning"), tone(self.app, "error")]
        colours.append(tone(self.app, "error"))
        for risk in matrix.risks:
            cells = [Text(risk, style="bold")]
            for rating in matrix.ratings:
                n = matrix.count(risk, rating)
                colour = colours[_worst(risk, rating)]
                style = f"bold {colour} reverse" if n else "dim"
                cells.append(Text(f" {n or '·':^{_CELL - 2}} ", style=style))
            self.add_row(*cells, key=risk)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        if self.matrix is None or event.coordinate.column == 0:
            return
        risk = self.matrix.risks[event.coordinate.row]
        rating = self.matrix.ratings[event.coordinate.column - 1]
        if self.matrix.count(risk, rating):
            self.post_message(self.CellChosen(risk, rating))


class DueLoad(Vertical):
    """Re-reviews, certificates and findings falling due per month, the next 12 months."""

    DEFAULT_CSS = """
    DueLoad { height: auto; }
    DueLoad Sparkline { height: 3; margin: 0 1; }
    DueLoad #due-months { color: $text-muted; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Sparkline([], id="due-bars", summary_function=max)
        yield Static(id="due-months")

    def show(self, months: list[MonthLoad]) -> None:
        self.query_one(Sparkline).data = [m.total for m in months]
        if not months:
            self.query_one("#due-months", Static).update("")
            return
        peak = max(months, key=lambda m: m.total)
        first, last = months[0].label, months[-1].label
        line = Text(f"{first} → {last}: {sum(m.total for m in months)} due")  # own text: months
        if peak.total:
            line.append(f" · busiest {shown(peak.label)} ({peak.total})")
        line.append("\n" + " ".join(f"{m.month:%b}"[:3] + f" {m.total}" for m in months))
        self.query_one("#due-months", Static).update(line)
