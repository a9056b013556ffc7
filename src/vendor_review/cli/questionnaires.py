"""``questionnaires`` commands: the built-in and your own questionnaire files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from vendor_review.cli.app import AppContext, echo, emit_json, fail, json_option, pass_app, table

if TYPE_CHECKING:
    from vendor_review.domain.loader import CatalogResult


def _catalog(app: AppContext) -> CatalogResult:
    from vendor_review.service import catalog_for

    return catalog_for(list(app.settings.questionnaires))


@click.group()
def questionnaires() -> None:
    """List, show and validate questionnaire files."""


@questionnaires.command("list")
@json_option
@pass_app
def q_list(app: AppContext, as_json: bool) -> None:
    """List the loaded questionnaires; problems in your files are reported on stderr."""
    from vendor_review.service import catalog_summary_for

    catalog = catalog_summary_for(list(app.settings.questionnaires))
    for problem in catalog.problems:
        echo(f"vendor-review: warning: {problem}", err=True)
    items = catalog.questionnaires  # by id
    if as_json:
        emit_json(
            [
                {
                    "id": x.id,
                    "version": x.version,
                    "title": x.title,
                    "sha256": x.sha256,
                    "path": str(x.path),
                    "builtin": x.builtin,
                    "applies_to": list(x.applies_to),
                    "questions": x.questions,
                }
                for x in items
            ]
        )
        return
    table(
        ["ID", "VERSION", "QUESTIONS", "APPLIES TO", "SOURCE", "TITLE"],
        [
            [
                x.id,
                x.version,
                x.questions,
                ", ".join(x.applies_to),
                "built-in" if x.builtin else str(x.path),
                x.title,
            ]
            for x in items
        ],
    )


@questionnaires.command("show")
@click.argument("questionnaire_id", metavar="ID")
@json_option
@pass_app
def q_show(app: AppContext, as_json: bool, questionnaire_id: str) -> None:
    """Show a questionnaire's sections and questions."""
    from vendor_review.domain.questionnaire import describe_condition

    catalog = _catalog(app)
    loaded = catalog.questionnaires.get(questionnaire_id)
    if loaded is None:
        fail(
            f"no questionnaire {questionnaire_id!r} "
            f"(known: {', '.join(sorted(catalog.questionnaires))})",
            4,
        )
    q = loaded.questionnaire
    if as_json:
        emit_json(q.definition())
        return
    echo(f"{q.title} ({q.id} v{q.version}, sha256 {loaded.sha256[:12]}…)")
    for section in q.sections:
        echo(f"\n{section.title} [{section.id}]")
        if section.show_if:
            echo(f"  (section asked only if {describe_condition(section.show_if)})")
        for question in section.questions:
            flags = [question.type.value, f"weight {question.weight:g}"]
            if not question.scored:
                flags.append("scoping, not scored")
            if question.accept_at is not None:
                flags.append(f"accept at {question.accept_at:g}")
            if question.critical:
                flags.append("CRITICAL")
            if question.show_if:
                flags.append(f"if {describe_condition(question.show_if)}")
            echo(f"  {question.id}: {question.text} ({', '.join(flags)})")
            for option in question.choices:
                extra = "".join(
                    [
                        f"  [finding: {option.finding}]" if option.finding else "",
                        "  [exclusive]" if option.exclusive else "",
                    ]
                )
                echo(f"      {option.value:<14} {option.score:<5g} {option.label}{extra}")
            if question.refs:
                echo(f"      refs: {'; '.join(question.refs)}")


@questionnaires.command("validate")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
def q_validate(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files; one line per bad file, exit 1 if any is bad."""
    from vendor_review.domain.loader import QuestionnaireError, load_questionnaire_file

    bad = 0
    for path in paths:
        try:
            loaded = load_questionnaire_file(path)
        except QuestionnaireError as exc:
            bad += 1
            echo(str(exc), err=True)
        else:
            q = loaded.questionnaire
            echo(f"{path}: ok ({q.id} v{q.version}, {sum(1 for _ in q.questions())} questions)")
    if bad:
        raise SystemExit(1)
