"""``audit``, ``backup``, ``db`` and ``demo``: looking after the database."""

from __future__ import annotations

from pathlib import Path

import click

from vendor_review.cli.app import AppContext, echo, emit_json, json_option, pass_app, table


@click.group()
def audit() -> None:
    """Read the audit trail and verify its hash chain."""


@audit.command("verify")
@json_option
@pass_app
def audit_verify(app: AppContext, as_json: bool) -> None:
    """Walk the chain: exit 0 if intact, 1 naming the first broken event."""
    result = app.service().verify_audit()
    if as_json:
        emit_json(result)
    elif result.ok:
        echo(f"Audit chain intact: {result.checked} events verified.")
    else:
        echo(f"AUDIT CHAIN BROKEN: {result.problem}", err=True)
    raise SystemExit(0 if result.ok else 1)


@audit.command("log")
@click.option(
    "--entity", type=click.Choice(["vendor", "assessment", "finding", "certificate", "evidence"])
)
@click.option("--id", "entity_id", help="Only events of this entity id.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@json_option
@pass_app
def audit_log(
    app: AppContext, as_json: bool, entity: str | None, entity_id: str | None, limit: int
) -> None:
    """Show audit events, newest first."""
    events = app.service().audit_log(entity=entity, entity_id=entity_id, limit=limit)
    if as_json:
        emit_json(events)
        return
    table(
        ["SEQ", "AT", "ACTOR", "ACTION", "ENTITY", "REASON"],
        [
            [e.seq, e.at[:19], e.actor, e.action, f"{e.entity}#{e.entity_id}", e.reason]
            for e in events
        ],
    )


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@pass_app
def backup(app: AppContext, path: Path) -> None:
    """Copy the SQLite database to PATH with SQLite's online backup (safe while in use)."""
    from vendor_review.store.backup import backup_sqlite

    pages = backup_sqlite(app.database_url, path)
    echo(f"Backed up {pages} pages to {path}")


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Apply pending migrations (the app also does this on start)."""
    from vendor_review.store.engine import open_database

    database = open_database(app.database_url, migrate=True)
    echo(f"Database at {database.engine.url.render_as_string(hide_password=True)} is up to date.")


@click.command()
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Build the portfolio as if today were this date (default: today).",
)
@click.option("--reset", is_flag=True, help="Empty a SQLite demo database first.")
@pass_app
def demo(app: AppContext, as_of: object, reset: bool) -> None:
    """Load the example portfolio (LiveAgent and its subprocessors).

    Into the demo database unless --db names another; never into a database that already
    holds vendors.
    """
    from datetime import datetime

    from vendor_review.demo import load_demo
    from vendor_review.store.engine import demo_sqlite_url

    url = app.settings.database_url or demo_sqlite_url()
    day = as_of.date() if isinstance(as_of, datetime) else None
    echo(load_demo(app.settings, url, as_of=day, reset=reset))
