"""``assessment`` and ``score`` commands: the questionnaire loop from the shell."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from vendor_review.cli.app import (
    FILE,
    AppContext,
    echo,
    emit,
    emit_json,
    emit_table,
    fail,
    json_option,
    pass_app,
    table,
)
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.domain.wording import counted, noun_for

if TYPE_CHECKING:
    from vendor_review.service import dto


@click.group()
def assessment() -> None:
    """Run questionnaires: start, answer, submit, then a second person decides."""


@assessment.command("start")
@click.argument("vendor_ref", metavar="VENDOR")
@click.option("--questionnaire", "questionnaire_id", required=True, metavar="ID")
@click.option(
    "--fresh", is_flag=True, help="Do not carry over the answers of the last approved assessment."
)
@click.option(
    "--no-report-answers",
    is_flag=True,
    help="Do not pre-fill the answers the vendor's current assurance reports give.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Assess even if the questionnaire is not meant for this kind of vendor.",
)
@json_option
@pass_app
def start(
    app: AppContext,
    as_json: bool,
    vendor_ref: str,
    questionnaire_id: str,
    fresh: bool,
    no_report_answers: bool,
    force: bool,
) -> None:
    """Start an assessment of VENDOR; prints its id. Answers carried over from the last
    review and those the vendor's reports give are pre-filled, to be confirmed."""
    service = app.service()
    a = service.start_assessment(
        vendor_ref,
        questionnaire_id,
        carry_over=not fresh,
        force=force,
        from_reports=not no_report_answers,
    )
    if as_json:
        emit_json(a)
        return
    echo(a.id)
    waiting = service.unconfirmed_answers(a.id)
    if waiting:
        echo(
            f"{counted(len(waiting), 'answer')} pre-filled (carried over or from reports) "
            f"{noun_for(len(waiting), 'awaits', 'await')} confirmation: "
            f"assessment show {a.id}, then assessment confirm {a.id} …",
            err=True,
        )


@assessment.command("answer")
@click.argument("assessment_id", type=int)
@click.argument("question_id")
@click.argument("value")
@click.option("--comment")
@click.option(
    "--evidence",
    "evidence_files",
    multiple=True,
    type=FILE,
    help="A file backing this answer (repeatable); stored once by content.",
)
@json_option
@pass_app
def answer(
    app: AppContext,
    as_json: bool,
    assessment_id: int,
    question_id: str,
    value: str,
    comment: str | None,
    evidence_files: tuple[Path, ...],
) -> None:
    """Answer one question (an option value or label, 'na', a date, text or number)."""
    from vendor_review.domain.answers import parse_answer
    from vendor_review.domain.questionnaire import Questionnaire

    service = app.service()
    detail = service.get_assessment(assessment_id)
    question = Questionnaire.from_definition(detail.definition).question(question_id)
    if question is None:
        fail(f"assessment #{assessment_id} has no question {question_id!r}", 4)
    parsed = parse_answer(question, value)  # a bad value stores no evidence either
    evidence_ids = [service.add_evidence(p).id for p in evidence_files] or None
    saved = service.answer(
        assessment_id,
        question_id,
        parsed,
        comment=comment,
        evidence_ids=evidence_ids,
    )
    emit(saved, as_json, f"Saved {question_id} = {saved.value}")


def _on_assessment(name: str) -> Callable[[Callable[..., None]], click.Command]:
    """An ``assessment`` command on one ASSESSMENT_ID, with --json."""

    def make(f: Callable[..., None]) -> click.Command:
        command = json_option(pass_app(f))
        return assessment.command(name)(click.argument("assessment_id", type=int)(command))

    return make


@_on_assessment("submit")
def submit(app: AppContext, as_json: bool, assessment_id: int) -> None:
    """Submit for approval: scores, rates and opens findings."""
    a = app.service().submit(assessment_id)
    emit(
        a,
        as_json,
        f"Submitted #{a.id}: score {a.control_score}, rating {a.rating}; "
        "a second person approves it.",
    )


def _decision(name: str, note_required: bool, doc: str) -> click.Command:
    @click.argument("assessment_id", type=int)
    @click.option("--note", required=note_required, help="Why (kept in the audit trail).")
    @json_option
    @pass_app
    def command(app: AppContext, as_json: bool, assessment_id: int, note: str | None) -> None:
        service = app.service()
        if name == "approve":
            a = service.approve(assessment_id, note)
        elif name == "reject":
            a = service.reject(assessment_id, note or "")
        else:
            a = service.return_to_draft(assessment_id, note or "")
        if as_json:
            emit_json(a)
        else:
            due = f", next review {a.next_review_due}" if a.next_review_due else ""
            echo(f"Assessment #{a.id} is now {a.status.value}{due}")

    command.__doc__ = doc
    return assessment.command(name)(command)


_decision("approve", False, "Approve a submitted assessment (not your own).")
_decision("reject", True, "Reject a submitted assessment (not your own), with a note.")
_decision("return", True, "Send a submitted assessment back to draft, with a note.")


@_on_assessment("show")
def show(app: AppContext, as_json: bool, assessment_id: int) -> None:
    """Show an assessment: status, dates, score and answers."""
    detail = app.service().get_assessment(assessment_id)
    a = detail.assessment
    if as_json:
        fields = {f.name: getattr(a, f.name) for f in dataclasses.fields(a)}
        emit_json({**fields, "answers": detail.answers, "findings": detail.findings})
        return
    rows = [
        ("Vendor", a.vendor_name),
        (
            "Questionnaire",
            f"{a.questionnaire_id}@{a.questionnaire_version} {a.questionnaire_title}",
        ),
        ("Status", a.status.value),
        ("Answered", f"{a.answered}/{a.shown}"),
        ("Reviewer", a.reviewer),
        ("Submitted by", a.submitted_by),
        ("Decided by", a.decided_by),
        ("Decision note", a.decision_note),
        ("Score", a.control_score),
        ("Rating", a.rating),
        ("Next review due", a.next_review_due),
    ]
    table(["FIELD", "VALUE"], [[k, v] for k, v in rows])
    if detail.answers:
        echo("\nAnswers:")
        table(
            ["QUESTION", "VALUE", "BY", "SOURCE", "COMMENT"],
            [
                [x.question_id, x.value, x.answered_by, answer_origin(x), x.comment]
                for x in detail.answers.values()
            ],
        )
        unconfirmed = sum(1 for x in detail.answers.values() if x.carried_over)
        if unconfirmed and a.status is AssessmentStatus.DRAFT:
            echo(
                f"\n{counted(unconfirmed, 'answer')} not typed here "
                f"{noun_for(unconfirmed, 'awaits', 'await')} confirmation: "
                f"assessment confirm {a.id} QUESTION… (or --all); submit refuses until then."
            )


def answer_origin(answer: dto.Answer) -> str:
    """Where an answer not typed here came from, while it waits for confirmation and after:
    "carried over — confirm", "from SOC 2 Type II report #3 — confirm" / "… (confirmed)"."""
    if answer.source is not None:
        return answer.source + (" — confirm" if answer.carried_over else " (confirmed)")
    return "carried over — confirm" if answer.carried_over else ""


@assessment.command("list")
@click.option("--vendor", "vendor_ref", metavar="VENDOR")
@click.option("--status", type=click.Choice([s.value for s in AssessmentStatus]))
@json_option
@pass_app
def list_(app: AppContext, as_json: bool, vendor_ref: str | None, status: str | None) -> None:
    """List assessments."""
    from vendor_review.service.assessment_list import AssessmentListOps

    rows = app.ops(AssessmentListOps).list_assessments(
        vendor=vendor_ref, status=AssessmentStatus(status) if status else None
    )
    emit_table(
        rows,
        as_json,
        ["ID", "VENDOR", "QUESTIONNAIRE", "STATUS", "ANSWERED", "SCORE", "RATING"],
        lambda a: [
            a.id,
            a.vendor_name,
            f"{a.questionnaire_id}@{a.questionnaire_version}",
            a.status.value,
            f"{a.answered}/{a.shown}",
            a.control_score,
            a.rating,
        ],
    )


@assessment.command("confirm")
@click.argument("assessment_id", type=int)
@click.argument("question_ids", nargs=-1)
@click.option(
    "--all", "confirm_all", is_flag=True, help="Every carried-over answer (says how many, asks)."
)
@click.option("--yes", is_flag=True, help="With --all: do not ask (for scripts).")
@pass_app
def confirm(
    app: AppContext,
    assessment_id: int,
    question_ids: tuple[str, ...],
    confirm_all: bool,
    yes: bool,
) -> None:
    """Confirm answers carried over from the last review as still true: the QUESTION_IDS
    named, or --all of them. Submit refuses while any is unconfirmed."""
    if question_ids and confirm_all:
        raise click.UsageError("name questions or give --all, not both")
    if not question_ids and not confirm_all:
        raise click.UsageError("name the questions to confirm, or give --all")
    service = app.service()
    wanted = list(question_ids)
    if confirm_all:
        wanted = service.unconfirmed_answers(assessment_id)
        if not wanted:
            echo(f"Assessment #{assessment_id} has no unconfirmed carried-over answers")
            return
        first = ", ".join(wanted[:5]) + (", …" if len(wanted) > 5 else "")
        echo(
            f"{counted(len(wanted), 'carried-over answer')} of assessment #{assessment_id} "
            f"{noun_for(len(wanted), 'is', 'are')} unconfirmed: {first}"
        )
        if not yes:
            click.confirm(
                f"Confirm all {len(wanted)} as still true, as if you had answered each?",
                abort=True,
            )
    done = service.confirm_answers(assessment_id, wanted)
    echo(f"Confirmed {counted(len(done), 'carried-over answer')}")
