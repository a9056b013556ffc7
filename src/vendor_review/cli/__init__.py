"""``vendor-review``: the command line, thin over the service.

Heavy modules (textual, openpyxl, the service and SQLAlchemy) are imported inside the
commands that need them, so ``--help`` and the reporting commands start fast.
"""

from __future__ import annotations

from pathlib import Path

import click

from vendor_review import __version__
from vendor_review.cli.admin import audit, backup, db, demo
from vendor_review.cli.app import AppContext, ErrorHandlingGroup
from vendor_review.cli.assessments import assessment
from vendor_review.cli.due import calendar, due
from vendor_review.cli.evidence import evidence
from vendor_review.cli.exchange_cmds import import_answers, import_vendors, questionnaire_workbook
from vendor_review.cli.export import export
from vendor_review.cli.findings import finding
from vendor_review.cli.obligations import obligation
from vendor_review.cli.questionnaires import questionnaires
from vendor_review.cli.reports import report
from vendor_review.cli.results import diff, score
from vendor_review.cli.vendor_events import vendor_edit, vendor_event
from vendor_review.cli.vendors import cert, vendor


@click.group(cls=ErrorHandlingGroup, invoke_without_command=True)
@click.option(
    "--db",
    "database_url",
    metavar="URL",
    help="Database URL (sqlite:///PATH or postgresql+psycopg://…); "
    "default: a SQLite file in your data directory.",
)
@click.option(
    "--actor",
    metavar="NAME",
    help="Who you are on SQLite (default: your OS login). Refused on PostgreSQL, "
    "where the actor is the database role.",
)
@click.option(
    "--questionnaires",
    "questionnaire_dirs",
    multiple=True,
    metavar="DIR",
    type=click.Path(path_type=Path),
    help="A folder of your own questionnaire YAML files (repeatable).",
)
@click.option(
    "--demo", is_flag=True, help="Use the example portfolio's separate demo database, never yours."
)
@click.version_option(__version__, prog_name="vendor-review")
@click.pass_context
def cli(
    ctx: click.Context,
    database_url: str | None,
    actor: str | None,
    questionnaire_dirs: tuple[Path, ...],
    demo: bool,
) -> None:
    """Vendor and subprocessor due diligence: inventory, questionnaires, scored
    assessments with four-eyes approval, findings and an audit trail that shows tampering.

    Without a command it opens the terminal app.
    """
    ctx.obj = AppContext.from_flags(
        database_url=database_url,
        actor=actor,
        questionnaires=list(questionnaire_dirs),
        demo=demo,
    )
    if ctx.invoked_subcommand is None:
        from vendor_review.tui.launch import run_app

        run_app(ctx.obj)


for command in (
    vendor,
    cert,
    report,
    obligation,
    evidence,
    assessment,
    score,
    diff,
    finding,
    due,
    calendar,
    questionnaires,
    audit,
    backup,
    db,
    demo,
    questionnaire_workbook,
    import_answers,
    import_vendors,
):
    cli.add_command(command)
cli.add_command(export)
vendor.add_command(vendor_event)
if "edit" not in vendor.commands:
    vendor.add_command(vendor_edit)


def main() -> None:
    cli(prog_name="vendor-review")
