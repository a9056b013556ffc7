"""``score`` and ``diff``: what an assessment came to, with every question's part in the
score, and what changed from one assessment of a vendor to the next."""

from __future__ import annotations

import click

from vendor_review.cli.app import AppContext, echo, emit_json, json_option, pass_app, table
from vendor_review.cli.assessments import answer_origin
from vendor_review.domain.wording import counted


@click.command()
@click.argument("assessment_id", type=int)
@click.option("--explain", is_flag=True, help="Show every question's part in the sum.")
@json_option
@pass_app
def score(app: AppContext, as_json: bool, assessment_id: int, explain: bool) -> None:
    """Score an assessment (live for drafts) and say how the number was reached."""
    r = app.service().score_report(assessment_id)
    if as_json:
        emit_json(r)
        return
    if explain:
        table(
            [
                "QUESTION",
                "ANSWER",
                "STATE",
                "WEIGHT",
                "SCORE",
                "W×S",
                "ACCEPT AT",
                "MET",
                "CRITICAL",
            ],
            [
                [
                    q.question_id,
                    q.answer,
                    q.state,
                    f"{q.weight:g}",
                    "-" if q.score is None else f"{q.score:g}",
                    f"{q.contribution:g}" if q.score is not None else "-",
                    "-" if q.accept_at is None else f"{q.accept_at:g}",
                    {True: "yes", False: "NO", None: "-"}[q.met],
                    "FAILED" if q.critical_failure else ("yes" if q.critical else ""),
                ]
                for q in r.questions
            ],
        )
        if r.na_excess_weight:
            echo(
                f"\nN/A weight {r.na_weight:g} is over the policy's share: "
                f"{r.na_excess_weight:g} of it counts as score 0."
            )
        if r.total_weight:
            echo(
                f"\nControl score = 100 × {r.weighted_sum:g} / {r.total_weight:g} "
                f"= {r.control_score}"
            )
        else:
            echo("\nNo scored answers: no control score (counts as band poor).")
        given = {
            qid: answer_origin(x)
            for qid, x in app.service().get_assessment(assessment_id).answers.items()
            if x.source is not None or x.carried_over
        }
        if given:
            echo("\nWhere answers not typed here came from:")
            for qid, origin in given.items():
                echo(f"  {qid}: {origin}")
        below = [q.question_id for q in r.questions if q.met is False]
        echo("Below accept_at (a finding on submit): " + (", ".join(below) if below else "none"))
        echo("")
    table(["SECTION", "SCORE"], [[k, v] for k, v in r.sections.items()])
    echo(
        f"\nControl score: {r.control_score if r.control_score is not None else '-'}"
        f"  band: {r.band}  inherent risk: {r.inherent_risk}  rating: {r.rating}"
    )
    if r.critical_failures:
        echo("Critical failures: " + ", ".join(r.critical_failures))
    if r.missing_required:
        echo("Unanswered required: " + ", ".join(r.missing_required))


@click.command()
@click.argument("before_id", type=int)
@click.argument("after_id", type=int)
@json_option
@pass_app
def diff(app: AppContext, as_json: bool, before_id: int, after_id: int) -> None:
    """What changed between two assessments of a vendor."""
    d = app.service().diff_assessments(before_id, after_id)
    if as_json:
        emit_json(d)
        return
    b, a = d.before, d.after
    table(
        ["", f"#{b.id}", f"#{a.id}"],
        [
            ["questionnaire", f"{b.questionnaire_id}@{b.questionnaire_version}",
             f"{a.questionnaire_id}@{a.questionnaire_version}"],
            ["status", b.status.value, a.status.value],
            ["score", b.control_score, a.control_score],
            ["rating", b.rating, a.rating],
            ["next review", b.next_review_due, a.next_review_due],
        ],
    )  # fmt: skip
    confirmed = len(d.confirmed_unchanged)
    echo(
        f"\n{counted(len(d.answers), 'answer')} changed, {d.unchanged} unchanged"
        + (f" ({confirmed} confirmed unchanged by a reviewer)" if confirmed else "")
    )
    if d.confirmed_unchanged:
        echo("Confirmed unchanged: " + ", ".join(d.confirmed_unchanged))
    if d.answers:
        table(
            ["QUESTION", "BEFORE", "AFTER", "SCORE"],
            [[c.question_id, c.before, c.after, f"{_s(c.score_before)} → {_s(c.score_after)}"]
             for c in d.answers],
        )  # fmt: skip
    for title, findings in (("opened", d.findings_opened), ("closed", d.findings_closed)):
        if findings:
            echo(f"\nFindings {title}:")
            table(["ID", "SEVERITY", "STATUS", "TEXT"],
                  [[f.id, f.severity.value, f.status.value, f.text] for f in findings])  # fmt: skip


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
