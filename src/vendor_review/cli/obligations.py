"""``obligation`` commands: what the vendors' reports expect us to do (user-entity
controls), who owns each and whether it is in place."""

from __future__ import annotations

from pathlib import Path

import click

from vendor_review.cli.app import FILE, AppContext, echo, emit_json, json_option, pass_app, table
from vendor_review.domain.assurance import ObligationStatus


@click.group()
def obligation() -> None:
    """Our obligations: the complementary user-entity controls (CUECs) of vendors' reports."""


@obligation.command("list")
@click.option("--open", "open_only", is_flag=True, help="Only those still open.")
@click.option("--vendor", "vendor_ref", metavar="VENDOR")
@json_option
@pass_app
def obligation_list(
    app: AppContext, as_json: bool, open_only: bool, vendor_ref: str | None
) -> None:
    """List obligations by vendor and control."""
    from vendor_review.service.obligation_list import ObligationListOps

    rows = app.ops(ObligationListOps).list_obligations(open_only=open_only, vendor=vendor_ref)
    if as_json:
        emit_json(rows)
        return
    table(
        ["ID", "VENDOR", "REPORT", "CONTROL", "STATUS", "OWNER", "DESCRIPTION"],
        [[o.id, o.vendor_name, f"#{o.report_id}", o.control, o.status.value, o.owner,
          o.description] for o in rows],
    )  # fmt: skip


@obligation.command("set")
@click.argument("obligation_id", metavar="ID", type=int)
@click.option(
    "--status",
    type=click.Choice([s.value for s in ObligationStatus], case_sensitive=False),
    required=True,
)
@click.option("--owner", help="Who on our side runs the control.")
@click.option("--note")
@click.option("--file", "file", type=FILE, help="Evidence file.")
@pass_app
def obligation_set(
    app: AppContext,
    obligation_id: int,
    status: str,
    owner: str | None,
    note: str | None,
    file: Path | None,
) -> None:
    """Set an obligation's status, owner, note or evidence."""
    row = app.service().set_obligation(
        obligation_id,
        status=ObligationStatus(status.lower()),
        owner=owner,
        note=note,
        evidence_path=file,
    )
    echo(
        f"Obligation #{row.id} ({row.control}, {row.vendor_name}): {row.status.value}, "
        f"owner {row.owner or 'none'}"
    )
