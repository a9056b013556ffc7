"""The portfolio workbook's Dashboard sheet: first, the risk heat map's counts as the
database has them (the app dashboard's figures), the next 12 months' due load as a table
and a native bar chart over it; no Dashboard in a filtered export."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from openpyxl import load_workbook
from openpyxl.chart import BarChart

from support.database import T0
from vendor_review.exchange.outbound.dashboard_sheet import MONTHS, worst
from vendor_review.exchange.outbound.export import ExportOptions, export_workbook
from vendor_review.exchange.outbound.writer import LEVELS
from vendor_review.service import Service
from vendor_review.service.pictures import due_by_month, risk_matrix

AS_OF = T0.date()  # the day of the export


def _rows(path: Path) -> list[tuple[object, ...]]:
    return list(load_workbook(path)["Dashboard"].iter_rows(values_only=True))


def _table(rows: list[tuple[object, ...]], header: str) -> tuple[int, list[tuple[object, ...]]]:
    """The 1-based row of the table whose first header cell is ``header``, and its rows."""
    start = next(i for i, row in enumerate(rows) if row[0] == header)
    body = []
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        body.append(row)
    return start + 1, body


def test_the_dashboard_comes_first_with_the_heat_map_counts(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "p.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF))
    assert load_workbook(path).sheetnames[0] == "Dashboard"
    rows = _rows(path)
    _, heat = _table(rows, "Inherent risk \\ rating")
    matrix = risk_matrix(alice)
    labels = ["not rated" if r == "unrated" else r for r in matrix.ratings]
    header = rows[_table(rows, "Inherent risk \\ rating")[0] - 1]
    assert list(header) == ["Inherent risk \\ rating", *labels, "Total"]
    by_risk = {row[0]: row[1:] for row in heat}
    for risk in matrix.risks:
        counts = [matrix.count(risk, rating) for rating in matrix.ratings]
        assert list(by_risk[risk]) == [*counts, sum(counts)], risk
    total = by_risk["Total"]
    assert total[-1] == sum(len(ids) for ids in matrix.cells.values()) == 4  # every vendor
    sheet = load_workbook(path)["Dashboard"]
    first = _table(rows, "Inherent risk \\ rating")[0] + 1
    filled = 0
    for (risk, rating), ids in matrix.cells.items():
        cell = sheet.cell(first + matrix.risks.index(risk), 2 + matrix.ratings.index(rating))
        assert cell.value == len(ids)
        colour = LEVELS[worst(risk, rating)][0]  # the worse of the two, as in the app
        assert cell.fill.fgColor.rgb.endswith(colour), (risk, rating)
        filled += 1
    assert filled >= 2


def test_the_due_load_is_a_table_and_a_bar_chart_over_it(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "p.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF))
    rows = _rows(path)
    header_row, months = _table(rows, "Month")
    loads = due_by_month(alice, as_of=AS_OF)
    assert len(months) == MONTHS
    assert [row[:5] for row in months] == [
        (m.label, m.reviews, m.certificates, m.findings, m.total) for m in loads
    ]
    assert sum(m.total for m in loads) >= 1  # something falls due in the year
    charts = load_workbook(path)["Dashboard"]._charts
    assert len(charts) == 1
    chart = charts[0]
    assert isinstance(chart, BarChart) and chart.grouping == "stacked"
    last = header_row + MONTHS
    refs = [s.val.numRef.f for s in chart.series]
    assert refs == [f"'Dashboard'!${c}${header_row + 1}:${c}${last}" for c in "BCD"]
    assert chart.series[0].cat.numRef.f == f"'Dashboard'!$A${header_row + 1}:$A${last}"


def test_the_chart_counts_items_in_whole_steps_from_zero(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "p.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF))
    assert max(m.total for m in due_by_month(alice, as_of=AS_OF)) <= 10  # small counts
    with zipfile.ZipFile(path) as book:
        (name,) = [n for n in book.namelist() if n.startswith("xl/charts/chart")]
        chart = ElementTree.fromstring(book.read(name))
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    axis = chart.find(f".//{c}valAx")
    assert axis is not None
    values = {
        "min": axis.find(f"{c}scaling/{c}min"),
        "majorUnit": axis.find(f"{c}majorUnit"),
        "numFmt": axis.find(f"{c}numFmt"),
    }
    assert {k: None if e is None else e.attrib for k, e in values.items()} == {
        "min": {"val": "0"},
        "majorUnit": {"val": "1"},
        "numFmt": {"formatCode": "0", "sourceLinked": "0"},
    }


def test_a_filtered_export_has_no_dashboard(
    alice: Service, portfolio: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "beta.xlsx"
    export_workbook(alice, path, ExportOptions(as_of=AS_OF, vendors=("Beta Mail",)))
    assert "Dashboard" not in load_workbook(path).sheetnames  # no other vendor's figures
