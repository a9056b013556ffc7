"""``vendor event`` and ``vendor edit``: what brings a re-review forward, and the profile
changes (data access, criticality, scopes) that can shorten the cadence."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from vendor_review.cli.app import (
    DATE,
    AppContext,
    echo,
    emit,
    emit_json,
    json_option,
    pass_app,
    repeated,
)
from vendor_review.domain.cadence import RECORDED_BY_HAND
from vendor_review.domain.enums import Criticality, DataAccess

EVENT_KINDS = [k.value.replace("_", "-") for k in RECORDED_BY_HAND]


@click.command("event")
@click.argument("ref", metavar="NAME|ID")
@click.option("--kind", type=click.Choice(EVENT_KINDS), required=True)
@click.option(
    "--on",
    "occurred_on",
    type=DATE,
    required=True,
    help="When it happened (YYYY-MM-DD).",
)
@click.option("--note", help="What happened, in a sentence.")
@json_option
@pass_app
def vendor_event(
    app: AppContext, as_json: bool, ref: str, kind: str, occurred_on: datetime, note: str | None
) -> None:
    """Record a breach, an acquisition or a scope change of a vendor: its re-review is
    due now (``due`` lists it with the reason)."""
    event = app.service().record_vendor_event(ref, kind, occurred_on.date(), note)
    emit(
        event,
        as_json,
        f"Recorded {kind} of vendor #{event.vendor_id} on {event.occurred_on}: "
        "its re-review is due now",
    )


@click.command("edit")
@click.argument("ref", metavar="NAME|ID")
@click.option("--data-access", type=click.Choice([d.value for d in DataAccess]))
@click.option("--criticality", type=click.Choice([c.value for c in Criticality]))
@repeated(
    "--scope",
    "scopes",
    "SCOPE",
    "A regulated scope the vendor is in, e.g. pci (repeatable; replaces the list).",
)
@click.option("--no-scopes", is_flag=True, help="Remove every scope flag.")
@click.option("--purpose")
@click.option("--owner")
@json_option
@pass_app
def vendor_edit(
    app: AppContext,
    /,
    as_json: bool,
    ref: str,
    scopes: tuple[str, ...],
    no_scopes: bool,
    **fields: Any,
) -> None:
    """Change a vendor's profile. Raising data access or criticality, or changing its
    scopes, makes its re-review due now."""
    changes = {k: v for k, v in fields.items() if v is not None}
    if scopes and no_scopes:
        raise click.UsageError("give --scope or --no-scopes, not both")
    if scopes or no_scopes:
        changes["scopes"] = list(scopes)
    if not changes:
        raise click.UsageError("nothing to change: give at least one option")
    v = app.service().update_vendor(ref, changes)
    if as_json:
        emit_json(v)
    else:
        scope_text = ", ".join(v.scopes) or "none"
        echo(
            f"Updated vendor #{v.id} {v.name}: data access "
            f"{v.data_access.value if v.data_access else 'untriaged'}, criticality "
            f"{v.criticality.value if v.criticality else 'untriaged'}, scopes {scope_text}"
        )
