"""``report suggest FILE``: what an assurance report's PDF says about itself (issue 12
item 7), each suggestion with the words it was read from, and the ``report add`` line to
run once a person has checked them. Nothing suggested is stored: a report is recorded
only from flags someone typed (``report add`` with ``--file`` but without ``--type`` or
``--auditor`` shows these suggestions and refuses).

The PDF is read under the untrusted-file rules (``exchange/inbound/pdf_text.py``: size,
pages, time, a child process); a hostile file is one ``refused`` line.
"""

from __future__ import annotations

import functools
import shlex
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from vendor_review.cli.app import EXIT_USAGE, echo, emit_json, fail, json_option, table

if TYPE_CHECKING:  # --help lists this module's commands without the PDF facts' rules
    from vendor_review.exchange.inbound.report_facts import Suggestion

# Suggestion field → the ``report add`` flag that records it, in the order printed.
FLAGS = {
    "type": "--type",
    "period_start": "--period-start",
    "period_end": "--period-end",
    "issued_on": "--issued",
    "expires_on": "--expires",
    "auditor": "--auditor",
    "opinion": "--opinion",
    "certificate_number": "--certificate-number",
}
REQUIRED = ("type", "auditor")  # report add refuses without these
PLACEHOLDER = {"type": "TYPE", "auditor": "NAME"}


def read_suggestions(path: Path) -> list[Suggestion]:
    """The suggestions from a PDF's text (``RefusedFile`` if it is not read at all)."""
    from vendor_review.exchange.inbound.pdf_text import read_pdf_text
    from vendor_review.exchange.inbound.report_facts import suggest_report_facts

    return suggest_report_facts(read_pdf_text(path))


def shown(value: object) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def add_command(vendor: str, suggestions: list[Suggestion], file: Path | None) -> str:
    """The ``vendor-review report add`` line the suggestions make (placeholders for what
    the file did not say), quoted for a POSIX shell."""
    found = {s.field: shown(s.value) for s in suggestions}
    words = ["vendor-review", "report", "add", vendor]
    for field, flag in FLAGS.items():
        value = found.get(field, PLACEHOLDER.get(field))
        if value is not None:
            words += [flag, value]
    if file is not None:
        words += ["--file", str(file)]
    return " ".join(shlex.quote(word) for word in words)


def _rows(suggestions: list[Suggestion]) -> list[list[str]]:
    order = list(FLAGS)
    ranked = sorted(suggestions, key=lambda s: order.index(s.field) if s.field in order else 99)
    return [[s.field, shown(s.value), " ".join(s.found.split())] for s in ranked]


@click.command("suggest")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--vendor",
    "vendor_ref",
    default="VENDOR",
    metavar="VENDOR",
    help="The vendor to name in the printed 'report add' line.",
)
@json_option
def suggest(file: Path, vendor_ref: str, as_json: bool) -> None:
    """Suggest a report's type, period or dates, auditor, opinion and certificate number
    from its PDF, each with the text it was found in; stores nothing. Check them against
    the report, then run the printed 'report add' line."""
    suggestions = read_suggestions(file)
    command = add_command(vendor_ref, suggestions, file)
    if as_json:
        emit_json(
            {
                "file": file.name,
                "suggestions": [
                    {"field": s.field, "value": shown(s.value), "found": s.found}
                    for s in suggestions
                ],
                "command": command,
            }
        )
        return
    if not suggestions:
        echo(f"{file.name}: nothing found to suggest; read the report and give every flag.")
    else:
        table(["FIELD", "SUGGESTED", "FOUND IN"], _rows(suggestions))
        echo("\nNothing is stored. Check each value against the report, then run:")
    echo(command)


def register(group: click.Group) -> None:
    """Add ``suggest`` to the ``report`` group, and make its ``add`` show a PDF's
    suggestions instead of click's "Missing option" when ``--type``/``--auditor`` are not
    given (``cli/reports.py`` calls this once; its ``add`` stays as written)."""
    group.add_command(suggest)
    add = group.commands.get("add")
    if add is None or add.callback is None:
        return
    for param in add.params:
        if isinstance(param, click.Option) and param.name in _ADD_PARAMS.values():
            param.required = False
            param.help = f"{param.help or ''} Required; with --file F.pdf, missing ones are "
            param.help += "suggested from the file (nothing is stored unchecked)."
    inner = add.callback

    @functools.wraps(inner)
    def callback(**kwargs: Any) -> Any:
        missing = [field for field, name in _ADD_PARAMS.items() if not kwargs.get(name)]
        if missing:
            given = {
                field: shown(_plain(kwargs[name]))
                for field, name in _GIVEN_PARAMS.items()
                if kwargs.get(name) is not None
            }
            refuse_without_flags(str(kwargs.get("vendor_ref")), missing, kwargs.get("file"), given)
        return inner(**kwargs)

    add.callback = callback


_ADD_PARAMS = {"type": "kind", "auditor": "auditor"}  # suggestion field → add's parameter
_GIVEN_PARAMS = {
    "type": "kind",
    "auditor": "auditor",
    "period_start": "period_start",
    "period_end": "period_end",
    "issued_on": "issued",
    "expires_on": "expires",
    "opinion": "opinion",
    "certificate_number": "certificate_number",
}


def _plain(value: object) -> object:
    return value.date() if isinstance(value, datetime) else value


def refuse_without_flags(
    vendor: str, missing: list[str], file: Path | None, given: dict[str, str] | None = None
) -> NoReturn:
    """``report add`` without ``--type``/``--auditor``: the file's suggestions on stderr
    (a PDF's, when it can be read) and one refusal line, exit 2. Nothing is stored."""
    flags = "/".join(FLAGS[m] for m in missing)
    if file is None or file.suffix.lower() != ".pdf":
        fail(f"give {flags}: a report is recorded only from what you checked", EXIT_USAGE)
    from vendor_review.exchange.inbound.tables import RefusedFile

    try:
        suggestions = read_suggestions(file)
    except RefusedFile as exc:
        fail(f"give {flags}; no suggestions from the file ({exc})", EXIT_USAGE)
    if not suggestions:
        fail(f"give {flags}; {file.name} suggests nothing", EXIT_USAGE)
    typed = given or {}
    for field, value, found in _rows(suggestions):
        echo(f"suggested {field}: {value}  (found in: {found})", err=True)
    listed = ", ".join(f"{FLAGS.get(s.field, s.field)} {shown(s.value)}" for s in suggestions)
    from vendor_review.exchange.inbound.report_facts import Suggestion

    merged = [s for s in suggestions if s.field not in typed]
    merged += [Suggestion(field, value, "typed") for field, value in typed.items()]
    fail(
        f"give {flags} (nothing read from a file is stored unchecked); suggestions from "
        f"{file.name}: {listed}; after checking them run: {add_command(vendor, merged, file)}",
        EXIT_USAGE,
    )
