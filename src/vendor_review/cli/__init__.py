"""``vendor-review``: the command line, thin over the service.

Each command's module is imported only when that command runs (``COMMANDS``; ``--help``
imports them all to list them), and heavy modules (textual, openpyxl, the service and
SQLAlchemy's ORM) are imported inside the commands that need them, so ``--help`` and the
reporting commands start fast.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from vendor_review import __version__
from vendor_review.cli.app import AppContext, ErrorHandlingGroup

COMMANDS = {
    "vendor": "vendors:vendor",
    "cert": "vendors:cert",
    "report": "reports:report",
    "obligation": "obligations:obligation",
    "evidence": "evidence:evidence",
    "assessment": "assessments:assessment",
    "score": "results:score",
    "diff": "results:diff",
    "finding": "findings:finding",
    "due": "due:due",
    "calendar": "due:calendar",
    "questionnaires": "questionnaires:questionnaires",
    "audit": "admin:audit",
    "backup": "admin:backup",
    "db": "admin:db",
    "demo": "admin:demo",
    "questionnaire-workbook": "exchange_cmds:questionnaire_workbook",
    "import-answers": "exchange_cmds:import_answers",
    "import-vendors": "exchange_cmds:import_vendors",
    "export": "export:export",
}
"""Each top-level command: the ``vendor_review.cli`` module and the name defining it."""


class CommandLine(ErrorHandlingGroup):
    """The top-level group: a command's module is imported when the command is looked up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, name = where.split(":")
        command = getattr(importlib.import_module(f"vendor_review.cli.{module}"), name)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=CommandLine, invoke_without_command=True)
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


def main() -> None:
    cli(prog_name="vendor-review")
