"""``questionnaire-workbook``, ``import-answers`` and ``import-vendors``: files that go to
vendors and come back.

Problems go to stderr, one line each naming the cell; exit 2 when the file is refused or
has fatal problems (nothing stored), 5 when answers changed in the app since the workbook
was made and ``--overwrite`` was not given, 0 when stored (or, with ``--dry-run``, when
storing would succeed). openpyxl is imported inside the commands only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vendor_review.cli.app import (
    AppContext,
    choice,
    echo,
    emit,
    emit_json,
    fail,
    json_option,
    pass_app,
    path_argument,
    repeated,
    table,
)
from vendor_review.domain.enums import Criticality, DataAccess, VendorKind
from vendor_review.domain.wording import counted

if TYPE_CHECKING:
    from vendor_review.exchange.inbound.questionnaire import AnswerChange
    from vendor_review.exchange.inbound.tables import Problem

EXIT_PROBLEMS = 2
EXIT_CONFLICT = 5


def _problems(problems: list[Problem] | tuple[Problem, ...]) -> None:
    from vendor_review.exchange.inbound.tables import inert

    for problem in problems:
        prefix = "" if problem.fatal else "warning: "
        echo(prefix + inert(str(problem)), err=True)


@click.command("questionnaire-workbook")
@click.argument("assessment_id", type=click.IntRange(min=1))
@path_argument
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@json_option
@pass_app
def questionnaire_workbook(
    app: AppContext, as_json: bool, assessment_id: int, path: Path, force: bool
) -> None:
    """Write the questionnaire of draft assessment ASSESSMENT_ID to PATH (.xlsx), to send
    to the vendor: drop-downs of the allowed answers, answers given so far filled in,
    everything but the answer, comment and evidence cells protected."""
    from vendor_review.exchange.outbound.questionnaire import write_questionnaire_workbook

    made = write_questionnaire_workbook(
        app.service(), assessment_id, path.expanduser(), force=force, paper=app.settings.paper
    )
    emit(
        {"path": str(made.path), "questions": made.questions, "answered": made.answered},
        as_json,
        f"Wrote {made.questions} questions ({made.answered} answered) of assessment "
        f"#{assessment_id} to {made.path}",
    )


@click.command("import-answers")
@click.argument("assessment_id", type=click.IntRange(min=1))
@path_argument
@click.option("--dry-run", is_flag=True, help="Show what would change; store nothing.")
@click.option(
    "--overwrite", is_flag=True, help="Replace answers changed in the app since the workbook."
)
@json_option
@pass_app
def import_answers(
    app: AppContext, as_json: bool, assessment_id: int, path: Path, dry_run: bool, overwrite: bool
) -> None:
    """Import the answers of a returned questionnaire workbook PATH into ASSESSMENT_ID.

    Every problem is listed by cell before anything is stored; all answers are stored in
    one transaction, each audited with the file's SHA-256."""
    from vendor_review.exchange.inbound.questionnaire import (
        KINDS,
        apply_answer_plan,
        plan_answer_import,
    )

    service = app.service()
    plan = plan_answer_import(service, assessment_id, path.expanduser())
    _problems(plan.problems)
    counts = {kind: plan.count(kind) for kind in KINDS}
    if as_json:
        emit_json(
            {
                "file": plan.file,
                "sha256": plan.sha256,
                "counts": counts,
                "changes": [_change_json(c) for c in plan.changes],
                "problems": [_problem_json(p) for p in plan.problems],
                "unanswered_required": list(plan.unanswered_required),
                "dry_run": dry_run,
            }
        )
    else:
        listed = [c for c in plan.changes if c.kind != "unchanged"]
        if listed:
            table(
                ["CELL", "QUESTION", "CHANGE", "ANSWER", "BEFORE"],
                [[c.where, c.question_id, c.kind, c.label, c.before] for c in listed],
            )
        echo(", ".join(f"{n} {kind}" for kind, n in counts.items()))
        if plan.unanswered_required:
            echo(f"Still unanswered (required): {', '.join(plan.unanswered_required)}")
    if plan.fatal:
        fail(
            f"{counted(len(plan.fatal), 'problem')} in {plan.file}; nothing was stored",
            EXIT_PROBLEMS,
        )
    if plan.conflicts and not overwrite:
        for c in plan.conflicts:
            echo(f"conflict: {c.where}: {c.question_id} {c.note}", err=True)
        fail(
            f"{counted(len(plan.conflicts), 'answer')} changed in the app since the workbook "
            "was made; nothing was stored (--overwrite replaces them)",
            EXIT_CONFLICT,
        )
    if dry_run:
        if not as_json:
            echo("Dry run: nothing was stored.")
        return
    stored = apply_answer_plan(service, plan, overwrite=overwrite)
    if not as_json:
        echo(
            f"Stored {counted(len(stored), 'answer')} from {plan.file} in assessment "
            f"#{assessment_id} (audited with source {plan.source})"
        )


@click.command("import-vendors")
@path_argument
@click.option(
    "--parent",
    metavar="NAME",
    help="Whose subprocessor list this is (created, untriaged, when not in the inventory). "
    "Its links the file no longer names are ended.",
)
@repeated(
    "--map",
    "maps",
    "HEADER=FIELD",
    'Read a column as a field, e.g. --map "Entity=name" (repeatable).',
)
@click.option("--strict", is_flag=True, help="Refuse columns that are not understood.")
@click.option("--table", type=click.IntRange(min=1), help="Which table of the file (1, 2, …).")
@click.option("--kind", type=choice(VendorKind), help="Kind of new vendors that leave it empty.")
@click.option(
    "--data-access", type=choice(DataAccess), help="Data access of new vendors without one."
)
@click.option(
    "--criticality", type=choice(Criticality), help="Criticality of new vendors without one."
)
@click.option("--dry-run", is_flag=True, help="Show what would change; store nothing.")
@click.option("--update", is_flag=True, help="Update vendors already in the inventory.")
@json_option
@pass_app
def import_vendors(
    app: AppContext,
    as_json: bool,
    path: Path,
    parent: str | None,
    maps: tuple[str, ...],
    strict: bool,
    table: int | None,
    kind: str | None,
    data_access: str | None,
    criticality: str | None,
    dry_run: bool,
    update: bool,
) -> None:
    """Import a vendor or subprocessor list PATH (.csv or .xlsx, columns by meaning).

    A company already in the inventory (same name key: "AWS Inc." is "AWS, Inc.") is
    linked, not duplicated; close names are listed as possible duplicates (`vendor merge`
    joins them). New vendors take --kind/--data-access/--criticality where the file leaves
    them empty, else they are untriaged (`vendor triage`). Vendors already in the
    inventory change only with --update."""
    from vendor_review.exchange.inbound.inventory import apply_vendor_plan, plan_vendor_import
    from vendor_review.exchange.inbound.inventory_report import plan_json, sections, summary

    service = app.service()
    plan = plan_vendor_import(
        service,
        path.expanduser(),
        parent=parent,
        update=update,
        mapping=_mapping(maps),
        strict=strict,
        table=table,
        defaults=_defaults(kind=kind, data_access=data_access, criticality=criticality),
    )
    _problems(plan.problems)
    if as_json:
        emit_json({**plan_json(plan), "dry_run": dry_run})
    else:
        for heading, lines in sections(plan):
            echo(f"{heading}:")
            for line in lines:
                echo(f"  {line}")
        echo(summary(plan))
    if plan.fatal:
        fail(
            f"{counted(len(plan.fatal), 'problem')} in {plan.file}; nothing was imported",
            EXIT_PROBLEMS,
        )
    if dry_run:
        if not as_json:
            echo("Dry run: nothing was stored.")
        return
    done = apply_vendor_plan(service, plan)
    if not as_json:
        links = ", ".join(f"{n} {what}" for what, n in done.links.items() if n)
        echo(
            f"Created {counted(len(done.created), 'vendor')} and updated {len(done.updated)}"
            + (f"; links: {links}" if links else "")
            + f" from {plan.file} (audited with source {plan.source})"
        )


def _defaults(**given: str | None) -> dict[str, str]:
    """What new vendors take where the file leaves a field empty: the options given."""
    return {field: value for field, value in given.items() if value}


def _mapping(maps: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in maps:
        header, sep, name = item.partition("=")
        if not sep or not header.strip() or not name.strip():
            raise click.BadParameter(f"{item!r} is not HEADER=FIELD", param_hint="--map")
        out[header.strip()] = name.strip()
    return out


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"where": p.where, "message": p.message, "fatal": p.fatal}


def _change_json(c: AnswerChange) -> dict[str, Any]:
    return {
        "cell": c.where,
        "question_id": c.question_id,
        "change": c.kind,
        "value": c.value,
        "answer": c.label,
        "before": c.before,
        "comment": c.comment,
        "note": c.note,
    }
