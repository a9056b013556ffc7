"""The portfolio workbook and the single-assessment workbook (DESIGN §7), for the CLI and
the TUI alike.

    result = export_workbook(service, Path("portfolio.xlsx"), ExportOptions(), progress=cb)

Sheets: Dashboard (a portfolio export only: ``dashboard_sheet``), Summary, Answers,
Findings, Assurance (every assurance report, certificates included), Obligations
(``assurance_sheets``), Schedule, About;
each prints on the configured paper at 8 pt or
more (``print_layout``). Everything is read
through the service's streaming ``report_*`` methods and written in openpyxl's write-only
mode, so memory stays flat however many answers there are. The detail sheets are written
first (the Summary links to each vendor's rows there, so it needs their row numbers), but
the tabs are in the order above. The file is written beside ``path`` and renamed into
place at the end (``workbook_file``).

``progress(rows_written, total)`` is called every ``PROGRESS_EVERY`` rows and at the end,
from the thread that runs the export; ``total`` is counted before writing and may be
``None`` when unknown.
"""

from __future__ import annotations

import contextlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from vendor_review.exchange.cells import TextGuard
from vendor_review.exchange.files import check_target
from vendor_review.exchange.outbound import assurance_sheets, sheets
from vendor_review.exchange.outbound.about import about_rows
from vendor_review.exchange.outbound.dashboard_sheet import write_dashboard
from vendor_review.exchange.outbound.print_layout import Paper, PrintLayout
from vendor_review.exchange.outbound.scratch import scratch_folder
from vendor_review.exchange.outbound.workbook_file import save_workbook
from vendor_review.exchange.outbound.writer import TableSheet
from vendor_review.service.reporting.scope import ReportScope

if TYPE_CHECKING:
    from vendor_review.service import Service

Progress = Callable[[int, int | None], None]
PROGRESS_EVERY = 1_000
SCHEDULE_DAYS = 731
"""The Schedule lists everything overdue or due within two years (the longest review
interval of the default policy)."""
SHEETS = (
    "Summary",
    "Answers",
    "Findings",
    *assurance_sheets.SHEETS,
    "Schedule",
    "About",
)
DASHBOARD = "Dashboard"
"""The first sheet of a portfolio export (every vendor, no filter)."""
PRINTED = {"Summary": sheets.SUMMARY_PRINTED, "Answers": sheets.ANSWERS_PRINTED}
"""Sheets that print only their first columns (the key ones)."""


@dataclass(frozen=True)
class ExportOptions:
    vendors: tuple[str, ...] = ()
    """Vendor names or ids; empty for every vendor."""
    statuses: tuple[str, ...] = ()
    """Vendor statuses (candidate, approved, rejected, offboarded)."""
    ratings: tuple[str, ...] = ()
    """Current ratings (of each vendor's latest decided assessment)."""
    assessment_id: int | None = None
    """The workbook of this one assessment instead of a portfolio."""
    as_of: date | None = None
    """The day 'days to due' and 'overdue' are counted from (default: today)."""
    force: bool = False
    """Replace an existing file at the path."""
    paper: Paper = "a4"
    """The page size the sheets print on (the config's ``paper``)."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]
    """Data rows per sheet (header rows not counted)."""
    cut: int
    """Cells cut at Excel's 32,767-character limit."""
    made_visible: int
    """Cells whose control characters were made visible."""

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


class _Spans:
    """Each vendor's first and last row in one sheet, three integers a vendor.

    The detail sheets and the Summary are all ordered by vendor name, so the Summary
    takes the spans in the order they were noted; a vendor missing from either side
    just has no link."""

    def __init__(self) -> None:
        self._rows = array("q")  # vendor id, first row, last row; …
        self._next = 0

    def note(self, vendor_id: int, row: int) -> None:
        rows = self._rows
        if rows and rows[-3] == vendor_id:
            rows[-1] = row
        else:
            rows.extend((vendor_id, row, row))

    def take(self, vendor_id: int) -> tuple[int, int] | None:
        at = self._next
        if at < len(self._rows) and self._rows[at] == vendor_id:
            self._next = at + 3
            return self._rows[at + 1], self._rows[at + 2]
        return None


@dataclass
class _Run:
    """The state of one export: rows written, progress, each vendor's rows per sheet."""

    progress: Progress | None
    total: int | None
    written: int = 0
    spans: dict[str, _Spans] = field(
        default_factory=lambda: {name: _Spans() for name in sheets.SUMMARY_LINKS}
    )

    def tick(self) -> None:
        self.written += 1
        if self.progress is not None and self.written % PROGRESS_EVERY == 0:
            self.progress(self.written, self.total)

    def wrote(self, sheet: str, vendor_id: int, row: int) -> None:
        """A row of ``vendor_id`` written at ``row`` of ``sheet`` (which the Summary
        links to)."""
        self.spans[sheet].note(vendor_id, row)
        self.tick()


def export_workbook(
    service: Service,
    path: Path,
    options: ExportOptions | None = None,
    *,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the workbook to ``path``; raises ``ServiceError`` subclasses for bad input
    (unknown vendor or assessment, an existing file without ``force`` …)."""
    options = options or ExportOptions()
    path = Path(path)
    check_target(path, overwrite=options.force, suffix=".xlsx")
    scope = service.report_scope(
        vendors=options.vendors,
        statuses=options.statuses,
        ratings=options.ratings,
        assessment_id=options.assessment_id,
    )
    as_of = options.as_of or service.today()
    counts = service.report_counts(scope)
    run = _Run(
        progress, counts.vendors + counts.answers + counts.findings + counts.assurance_reports
    )
    guard = TextGuard()
    with scratch_folder():  # openpyxl's temporary files: removed however this ends
        wb = Workbook(write_only=True)
        try:
            if scope.everything:  # the whole portfolio's pictures, never a part's
                write_dashboard(
                    wb.create_sheet(DASHBOARD), service, as_of=as_of, paper=options.paper
                )
            rows, changed = _write_sheets(service, wb, scope, as_of, guard, run, options.paper)
            save_workbook(wb, path, overwrite=options.force)
        except BaseException:
            _abandon(wb)
            raise
    if progress is not None:
        progress(run.written, run.written)
    return ExportResult(path, rows, *changed)


def _write_sheets(
    service: Service,
    wb: Workbook,
    scope: ReportScope,
    as_of: date,
    guard: TextGuard,
    run: _Run,
    paper: Paper,
) -> tuple[dict[str, int], tuple[int, int]]:
    """Every sheet; returns the data rows per sheet and (cells cut, cells made visible)
    in them, as the About sheet reports."""
    tabs = {name: wb.create_sheet(name) for name in SHEETS}
    specs = {
        "Summary": sheets.SUMMARY,
        "Answers": sheets.ANSWERS,
        "Findings": sheets.FINDINGS,
        "Assurance": assurance_sheets.ASSURANCE,
        "Obligations": assurance_sheets.OBLIGATIONS,
        "Schedule": sheets.SCHEDULE,
        "About": sheets.ABOUT,
    }
    tables = {
        name: TableSheet(
            tabs[name], columns, guard, printing=PrintLayout(paper, columns=PRINTED.get(name))
        )
        for name, columns in specs.items()
    }
    try:
        for answer in service.report_answers(scope):
            row = tables["Answers"].append(sheets.answer_row(answer))
            run.wrote("Answers", answer.vendor_id, row)
        tables["Answers"].close()
        for finding in service.report_findings(scope):
            row = tables["Findings"].append(sheets.finding_row(finding, as_of))
            run.wrote("Findings", finding.vendor_id, row)
        tables["Findings"].close()
        open_obligations = assurance_sheets.write_assurance_sheets(
            service, tables, scope, as_of, partial(run.wrote, "Assurance")
        )
        _write_summary(service, scope, tables["Summary"], as_of, run)
        tables["Summary"].close()
        schedule = service.report_schedule(scope, as_of=as_of, within_days=SCHEDULE_DAYS)
        for due in schedule:
            tables["Schedule"].append(sheets.schedule_row(due))
        tables["Schedule"].close()
        until = as_of + timedelta(days=SCHEDULE_DAYS)
        rows = {name: table.rows for name, table in tables.items() if name != "About"}
        changed = (guard.cut, guard.made_visible)
        for item in about_rows(
            service,
            scope,
            as_of=as_of,
            until=until,
            rows=rows,
            guard=guard,
            questionnaires=service.report_questionnaires(scope),
            counts={"Open obligations (user-entity controls)": open_obligations},
        ):
            tables["About"].append(item)
        tables["About"].close()
        return rows, changed
    except BaseException:
        for table in tables.values():
            table.abandon()
        raise


def _abandon(wb: Workbook) -> None:
    """Finish the sheets' streams after a failure, so nothing is left half-open."""
    for ws in wb.worksheets:
        with contextlib.suppress(Exception):
            ws.close()


def _write_summary(
    service: Service, scope: ReportScope, table: TableSheet, as_of: date, run: _Run
) -> None:
    """One row per vendor, linked to its rows in the other sheets."""
    for line in service.report_summary(scope):
        counts: dict[str, int] = {}
        links: dict[int, str] = {}
        for sheet, column in sheets.SUMMARY_LINKS.items():
            span = run.spans[sheet].take(line.vendor_id)
            if span is not None:
                counts[sheet] = span[1] - span[0] + 1
                width = len(_COLUMNS[sheet])
                links[column] = f"'{sheet}'!A{span[0]}:{get_column_letter(width)}{span[1]}"
        table.append(sheets.summary_row(line, as_of, counts), links)
        run.tick()


_COLUMNS = {
    "Answers": sheets.ANSWERS,
    "Findings": sheets.FINDINGS,
    "Assurance": assurance_sheets.ASSURANCE,
}
