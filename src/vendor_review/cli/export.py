"""``export``: the portfolio (or one assessment) as an Excel workbook.

openpyxl is imported inside the command, so ``vendor-review --help`` never loads it.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from vendor_review.cli.app import AppContext, echo, emit_json, json_option, pass_app
from vendor_review.domain.enums import Rating, VendorStatus


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
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([s.value for s in VendorStatus], case_sensitive=False),
    help="Only vendors with this status (repeatable).",
)
@click.option(
    "--rating",
    "ratings",
    multiple=True,
    type=click.Choice([r.value for r in Rating], case_sensitive=False),
    help="Only vendors currently rated so (repeatable).",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Count days to due and overdue from DATE (default: today).",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
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
) -> None:
    """Write the portfolio workbook to PATH (.xlsx): Summary, Answers, Findings,
    Certificates, Schedule and About.

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
    )
    service = app.service()
    if sys.stderr.isatty() and not as_json:
        with click.progressbar(length=1, label="Exporting", file=sys.stderr) as bar:

            def progress(done: int, total: int | None) -> None:
                bar.length = max(total or done, done, 1)
                bar.update(done - bar.pos)

            result = export_workbook(service, path.expanduser(), options, progress=progress)
    else:
        result = export_workbook(service, path.expanduser(), options)
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
            f"  {result.cut} cell(s) cut at Excel's 32,767-character limit, "
            f"{result.made_visible} with control characters made visible (see the About sheet)"
        )
