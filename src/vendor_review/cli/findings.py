"""``finding`` commands: track what the assessments found to closure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click

from vendor_review.cli.app import (
    DATE,
    AppContext,
    emit,
    emit_table,
    json_option,
    pass_app,
)
from vendor_review.domain.enums import FindingStatus, Severity


@click.group()
def finding() -> None:
    """List findings; remediate them or accept the risk, with a note."""


@finding.command("list")
@click.option("--open", "only_open", is_flag=True, help="Only open findings.")
@click.option("--severity", type=click.Choice([s.value for s in Severity]))
@click.option("--vendor", "vendor_ref", metavar="VENDOR")
@json_option
@pass_app
def finding_list(
    app: AppContext, as_json: bool, only_open: bool, severity: str | None, vendor_ref: str | None
) -> None:
    """List findings, soonest due first."""
    from vendor_review.service.finding_list import FindingListOps

    rows = app.ops(FindingListOps).list_findings(
        status=FindingStatus.OPEN if only_open else None,
        severity=Severity(severity) if severity else None,
        vendor=vendor_ref,
    )
    emit_table(
        rows,
        as_json,
        ["ID", "VENDOR", "SEVERITY", "STATE", "DUE", "QUESTION", "TEXT"],
        lambda f: [f.id, f.vendor_name, f.severity.value, f.state, f.due_on, f.question_id, f.text],
    )


def _on_finding(
    name: str, note_help: str, *, required: bool = True
) -> Callable[[Callable[..., None]], click.Command]:
    """A ``finding`` command on one FINDING_ID with a --note (``required``), and --json."""

    def make(f: Callable[..., None]) -> click.Command:
        command = json_option(pass_app(f))
        command = click.option("--note", required=required, help=note_help)(command)
        return finding.command(name)(click.argument("finding_id", type=int)(command))

    return make


@_on_finding("remediate", "What was done.")
def finding_remediate(app: AppContext, as_json: bool, finding_id: int, note: str) -> None:
    """Close a finding as remediated."""
    f = app.service().remediate_finding(finding_id, note)
    emit(f, as_json, f"Finding #{f.id} remediated")


@finding.command("accept")
@click.argument("finding_id", type=int)
@click.option("--note", required=True, help="Why the risk is accepted.")
@click.option(
    "--until",
    type=DATE,
    help="When the acceptance expires (default and longest: the policy's months ahead).",
)
@json_option
@pass_app
def finding_accept(
    app: AppContext, as_json: bool, finding_id: int, note: str, until: datetime | None
) -> None:
    """Accept a finding's risk until a date. Low and medium: done. High and critical: a
    request that a second person approves (finding approve-acceptance)."""
    f = app.service().accept_finding(finding_id, note, expires_on=until.date() if until else None)
    requested = (
        f"Risk acceptance of {f.severity.value} finding #{f.id} requested until "
        f"{f.acceptance_expires_on}: a second person approves it with "
        f"'finding approve-acceptance {f.id}'"
    )
    accepted = f"Finding #{f.id} risk accepted until {f.accepted_until}"
    emit(f, as_json, requested if f.acceptance_requested_by is not None else accepted)


@_on_finding("approve-acceptance", "Why you agree (kept in the audit trail).", required=False)
def finding_approve_acceptance(
    app: AppContext, as_json: bool, finding_id: int, note: str | None
) -> None:
    """Approve the risk acceptance someone else requested for a finding."""
    f = app.service().approve_acceptance(finding_id, note)
    emit(f, as_json, f"Finding #{f.id} risk accepted until {f.accepted_until}")


@_on_finding("refuse-acceptance", "Why not.")
def finding_refuse_acceptance(app: AppContext, as_json: bool, finding_id: int, note: str) -> None:
    """Refuse the requested risk acceptance of a finding; it stays open."""
    f = app.service().refuse_acceptance(finding_id, note)
    emit(f, as_json, f"Risk acceptance of finding #{f.id} refused")
