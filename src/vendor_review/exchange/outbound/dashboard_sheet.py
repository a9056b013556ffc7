"""The workbook's Dashboard sheet: the app dashboard's two pictures, for a portfolio export.

    write_dashboard(wb.create_sheet("Dashboard"), service, as_of=day, paper="a4")

- **Risk heat map**: active vendors by inherent risk (rows, critical first) and residual
  rating (columns, then not rated), counts filled with the colour of the worse of the
  two, as on the app's dashboard; a Total row and column.
- **Due per month**: re-reviews, assurance reports (certificates and audit reports whose
  currency ends) and findings falling due in each of the next 12 calendar months (this
  one first), a table and below it a native stacked bar chart of it.

The figures come from ``service/pictures.py``, the same functions the app's dashboard
uses. Every number is a value, never a formula.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vendor_review.exchange.outbound.columns import count, text
from vendor_review.exchange.outbound.print_layout import Paper, PrintLayout, set_up_printing
from vendor_review.exchange.outbound.writer import FONT, HEADER_FILL, LEVELS
from vendor_review.service.pictures import UNRATED, due_by_month, risk_matrix

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    from vendor_review.service import Service

MONTHS = 12
COLUMNS = (text("", 22), *(count("", 11) for _ in range(6)))
"""Column widths: labels, then five ratings (or three kinds of due item) and a total."""
WORST = ["low", "medium", "high", "critical"]


def worst(risk: str, rating: str) -> str:
    """The worse of an inherent risk and a rating (not rated: the inherent risk)."""
    rated = risk if rating == UNRATED else rating
    return max(risk, rated, key=WORST.index)


class _Rows:
    """Appends styled rows to a write-only sheet and counts them."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.row = 0

    def add(self, *values: Any) -> int:
        self.ws.append(list(values))
        self.row += 1
        return self.row

    def cell(
        self, value: Any, *, bold: bool = False, fill: str | None = None, colour: str | None = None
    ) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws, value=value)
        cell.font = Font(name=FONT, size=11, bold=bold, color=colour)
        if fill:
            cell.fill = PatternFill(start_color=fill, end_color=fill, fill_type="solid")
        if isinstance(value, int):
            cell.alignment = Alignment(horizontal="center")
        return cell

    def header(self, *labels: str) -> int:
        return self.add(*(self.cell(label, bold=True, fill=HEADER_FILL) for label in labels))


def write_dashboard(
    ws: WriteOnlyWorksheet, service: Service, *, as_of: date, paper: Paper = "a4"
) -> None:
    """Fill the (new, empty, write-only) sheet; closes it."""
    for index, column in enumerate(COLUMNS, 1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    set_up_printing(ws, COLUMNS, PrintLayout(paper=paper, landscape=False))
    rows = _Rows(ws)
    rows.add(rows.cell(f"Dashboard on {as_of.isoformat()}", bold=True))
    rows.add()
    _heat_map(rows, service)
    rows.add()
    first, last, most = _due_table(rows, service, as_of)
    ws.add_chart(_due_chart(ws, first, last, most), f"A{last + 2}")  # below the table: prints
    ws.close()


def _heat_map(rows: _Rows, service: Service) -> None:
    matrix = risk_matrix(service)
    rows.add(
        rows.cell("Risk heat map: active vendors by inherent risk × residual rating", bold=True)
    )
    labels = ["not rated" if r == UNRATED else r for r in matrix.ratings]
    rows.header("Inherent risk \\ rating", *labels, "Total")
    for risk in matrix.risks:
        cells = [rows.cell(risk, bold=True)]
        for rating in matrix.ratings:
            n = matrix.count(risk, rating)
            fill, colour = LEVELS[worst(risk, rating)] if n else (None, "808080")
            cells.append(rows.cell(n, bold=bool(n), fill=fill, colour=colour))
        cells.append(rows.cell(sum(matrix.count(risk, r) for r in matrix.ratings), bold=True))
        rows.add(*cells)
    totals = [sum(matrix.count(k, r) for k in matrix.risks) for r in matrix.ratings]
    rows.add(
        rows.cell("Total", bold=True),
        *(rows.cell(n, bold=True) for n in totals),
        rows.cell(sum(totals), bold=True),
    )


def _due_table(rows: _Rows, service: Service, as_of: date) -> tuple[int, int, int]:
    """The month table; returns its header row, last row and largest monthly total."""
    loads = due_by_month(service, months=MONTHS, as_of=as_of)
    rows.add(rows.cell(f"Due per month, the next {MONTHS} months (overdue not counted)", bold=True))
    header = rows.header("Month", "Re-reviews", "Assurance reports", "Findings", "Total")
    for load in loads:
        rows.add(
            rows.cell(load.label),
            rows.cell(load.reviews),
            rows.cell(load.certificates),
            rows.cell(load.findings),
            rows.cell(load.total, bold=True),
        )
    return header, header + len(loads), max((load.total for load in loads), default=0)


WHOLE_STEPS_UP_TO = 10  # a busiest month up to this many items: one gridline step per item


def _due_chart(ws: WriteOnlyWorksheet, header: int, last: int, most: int) -> BarChart:
    """Items are counted whole: the value axis starts at 0, shows no decimals, and steps
    by 1 when the counts are small (a spreadsheet would otherwise step by 0.5)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Due per month"
    chart.y_axis.title = "items due"
    chart.y_axis.majorGridlines = None
    chart.y_axis.scaling.min = 0
    chart.y_axis.number_format = "0"
    if most <= WHOLE_STEPS_UP_TO:
        chart.y_axis.majorUnit = 1
    chart.width, chart.height = 18.0, 8.0  # centimetres
    data = Reference(ws, min_col=2, max_col=4, min_row=header, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    return chart
