"""``export``: the portfolio (or one assessment) as an Excel workbook.

openpyxl is imported inside the command, so ``vendor-review --help`` never loads it.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from vendor_review.cli.app import DATE, AppContext, choice, echo, emit_json, json_option, pass_app
from vendor_review.domain.enums import Rating, VendorStatus
from vendor_review.domain.wording import counted

STATUS_HELP = "Only vendors with this status (repeatable)."
RATING_HELP = "Only vendors currently rated so (repeatable)."
AS_OF_HELP = "Count days to due and overdue from DATE (default: today)."


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--vendor",
    "vendors",
    multiple=True,
    metavar="NAME",
    help="Only this vendor (name or id; repeatable).",
)
@click.option(
    "--assessment",
    "assessment_id",
    type=click.IntRange(min=1),
    metavar="ID",
    help="The workbook of this one assessment, for the auditor.",
)
@click.option("--status", "statuses", multiple=True, type=choice(VendorStatus), help=STATUS_HELP)
@click.option("--rating", "ratings", multiple=True, type=choice(Rating), help=RATING_HELP)
@click.option("--as-of", "as_of", type=DATE, help=AS_OF_HELP)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@click.option("--quiet", "-q", is_flag=True, help="No progress line on stderr.")
@json_option
@pass_app
def export(
    app: AppContext,
    as_json: bool,
    path: Path,
    vendors: tuple[str, ...],
    assessment_id: int | None,
    statuses: tuple[str, ...],
    ratings: tuple[str, ...],
    as_of: datetime | None,
    force: bool,
    quiet: bool,
) -> None:
    """Write the portfolio workbook to PATH (.xlsx): Dashboard, Summary, Answers,
    Findings, Assurance, Obligations, Schedule and About.

    The file is written beside PATH and renamed into place when complete, so PATH is
    never left half-written; an existing PATH is kept unless --force.
    """
    from vendor_review.exchange.outbound.export import ExportOptions, export_workbook

    options = ExportOptions(
        vendors=vendors,
        statuses=tuple(s.lower() for s in statuses),
        ratings=tuple(r.lower() for r in ratings),
        assessment_id=assessment_id,
        as_of=as_of.date() if as_of else None,
        force=force,
        paper=app.settings.paper,
    )
    service = app.service()
    line = None if quiet else ProgressLine()
    try:
        result = export_workbook(
            service, path.expanduser(), options, progress=line.update if line else None
        )
    finally:
        if line is not None:
            line.finish()
    if as_json:
        emit_json(
            {
                "path": str(result.path),
                "rows": result.rows,
                "total_rows": result.total_rows,
                "cut_cells": result.cut,
                "cells_made_visible": result.made_visible,
            }
        )
        return
    sheets = ", ".join(f"{name} {count:,}" for name, count in result.rows.items())
    echo(f"Exported {result.total_rows:,} rows ({sheets}) to {result.path}")
    if result.cut or result.made_visible:
        echo(
            f"  {counted(result.cut, 'cell')} cut at Excel's 32,767-character limit, "
            f"{result.made_visible} with control characters made visible (see the About sheet)"
        )


class ProgressLine:
    """Rows written, rate and time left, on stderr, once an export has run a few seconds
    (quick exports print nothing). Rewritten in place on a terminal; a line every
    ``EVERY`` seconds otherwise (a log keeps a record, not a spinner)."""

    AFTER = 2.0
    EVERY = 10.0

    def __init__(self) -> None:
        import time

        self._clock = time.monotonic
        self._started = self._clock()
        self._last = 0.0
        self._tty = sys.stderr.isatty()
        self._shown = False

    def update(self, done: int, total: int | None) -> None:
        now = self._clock()
        elapsed = now - self._started
        if elapsed < self.AFTER or (not self._tty and now - self._last < self.EVERY):
            return
        if self._tty and now - self._last < 0.25:
            return
        self._last = now
        rate = done / elapsed if elapsed > 0 else 0.0
        text = f"Exporting: {done:,} rows, {rate:,.0f} rows/s"
        if total and rate > 0 and total > done:
            text += f", about {(total - done) / rate:,.0f} s left"
        if self._tty:
            echo(text, nl=False, err=True, rewrite=True)
        else:
            echo(text, err=True)
        self._shown = True

    def finish(self) -> None:
        if self._shown and self._tty:
            echo("", err=True)
