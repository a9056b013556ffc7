"""``due`` and ``calendar``: what is overdue or coming up, for people, scripts and calendars."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import click

from vendor_review.cli.app import (
    DATE,
    AppContext,
    echo,
    emit_json,
    json_option,
    pass_app,
    path_argument,
    table,
)

EXIT_OVERDUE = 3
KINDS = ("review", "certificate", "finding", "never_assessed")
# the kind stays "certificate" in --json (scripts read it); people read "report" (an
# assurance report: a certificate expires, a SOC report lapses), and --kind takes either
SHOWN_KIND = {"certificate": "report"}
KIND_ALIASES = {"report": "certificate"}


class Window(click.ParamType[tuple[int, str]]):
    """A span like ``30d``, ``12w`` or ``3m`` (calendar months), or plain days."""

    name = "window"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, str]:
        if isinstance(value, tuple):
            return value
        match = re.fullmatch(r"\s*(\d{1,4})\s*([dwm]?)\s*", str(value).lower())
        if not match:
            self.fail(f"{value!r} is not a window like 30d, 12w or 3m", param, ctx)
        return int(match.group(1)), match.group(2) or "d"


def window_days(window: tuple[int, str], as_of: date) -> int:
    from vendor_review.domain.dates import add_months

    count, unit = window
    if unit == "m":
        return (add_months(as_of, count) - as_of).days
    return count * (7 if unit == "w" else 1)


as_of_option = click.option("--as-of", "as_of", type=DATE, help="Pretend today is DATE.")


def _day(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


@click.command()
@click.option(
    "--within",
    "window",
    type=Window(),
    default="30d",
    show_default=True,
    help="How far ahead to look: 30d, 12w, 3m.",
)
@as_of_option
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice((*KINDS, *KIND_ALIASES)),
    help="Only these kinds of item (repeatable); report is the same as certificate.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="Only the N soonest items (the counts are of those; the exit code is the same).",
)
@json_option
@pass_app
def due(
    app: AppContext,
    as_json: bool,
    window: tuple[int, str],
    as_of: datetime | None,
    kinds: tuple[str, ...],
    limit: int | None,
) -> None:
    """What is overdue or due soon: re-reviews, assurance reports, findings, vendors never assessed.

    Exit code 0 when nothing is overdue, 3 when something is (for cron or CI), 2 on bad
    arguments.
    """
    from vendor_review.service.due import DueOps

    day = _day(as_of)
    wanted = {KIND_ALIASES.get(kind, kind) for kind in kinds}
    result = app.ops(DueOps).due_list(
        as_of=day, within_days=window_days(window, day), kinds=wanted or None, limit=limit
    )
    if as_json:
        emit_json(
            {
                "as_of": result.as_of,
                "until": result.until,
                "overdue": len(result.overdue),
                "items": result.items,
            }
        )
    else:
        shown = len(result.items)
        counted = f"{shown} items" + (f" (the soonest, --limit {limit})" if shown == limit else "")
        echo(
            f"Due by {result.until} (as of {result.as_of}): {counted}, "
            f"{len(result.overdue)} overdue"
        )
        if result.items:
            table(
                ["DUE", "DAYS", "", "KIND", "VENDOR", "WHY"],
                [
                    [
                        i.due_on,
                        i.days,
                        "OVERDUE" if i.overdue else "",
                        SHOWN_KIND.get(i.kind, i.kind),
                        i.vendor_name,
                        i.reason,
                    ]
                    for i in result.items
                ],
            )
    raise SystemExit(EXIT_OVERDUE if result.overdue else 0)


@click.command()
@path_argument
@click.option("--within", "window", type=Window(), default="12m", show_default=True)
@as_of_option
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@pass_app
def calendar(
    app: AppContext, path: Path, window: tuple[int, str], as_of: datetime | None, force: bool
) -> None:
    """Write re-review and certificate-expiry dates to an .ics calendar file."""
    from vendor_review.exchange.outbound.calendar import write_calendar
    from vendor_review.service.due import DueOps

    day = _day(as_of)
    result = app.ops(DueOps).due_list(
        as_of=day, within_days=window_days(window, day), kinds={"review", "certificate"}
    )
    count = write_calendar(result, path, overwrite=force)
    echo(f"Wrote {count} events to {path}")
