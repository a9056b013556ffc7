"""``audit``, ``backup``, ``db`` and ``demo``: looking after the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from vendor_review.cli.app import (
    DATE,
    FILE,
    AppContext,
    echo,
    emit_json,
    emit_table,
    fail,
    json_option,
    pass_app,
    path_argument,
    repeated,
)
from vendor_review.domain.wording import counted

T = TypeVar("T")


EXIT_TAMPERED = 1
EXIT_UNREADABLE = 3


@click.group()
def audit() -> None:
    """Read the audit trail, verify it, and anchor it outside the database."""


@audit.command("verify")
@repeated(
    "--expect",
    "expect",
    "SEQ:HASH",
    "An event that must still be in the chain with this hash (from an earlier verify, "
    "a backup or an export's About sheet). Repeatable.",
)
@click.option(
    "--checkpoint",
    "checkpoint_file",
    type=FILE,
    help="A file written by 'audit checkpoint': its event must still be in the chain.",
)
@click.option("--key-file", type=FILE, help="The key the checkpoint was signed with.")
@json_option
@pass_app
def audit_verify(
    app: AppContext,
    as_json: bool,
    expect: tuple[str, ...],
    checkpoint_file: Path | None,
    key_file: Path | None,
) -> None:
    """Check the chain, its anchors, the protecting triggers and the rows against it.

    Exit 0 if everything holds, 1 naming every problem found (broken or missing events,
    a removed or rewritten tail, missing triggers, rows changed, added or deleted outside
    vendor-review), 3 if the database cannot be read.
    """
    from vendor_review.store import checkpoint
    from vendor_review.store.audit import Anchor

    anchors: list[Anchor] = []
    for value in expect:
        try:
            anchors.append(Anchor.parse(value))
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--expect") from None
    if key_file is not None and checkpoint_file is None:
        raise click.UsageError("--key-file is for checking a --checkpoint file")
    if checkpoint_file is not None:
        key = None if key_file is None else checkpoint.read_key(key_file)
        anchors.append(checkpoint.read(checkpoint_file, key))
    from vendor_review.service.audit_log import AuditOps

    result = _readable(lambda: app.ops(AuditOps).verify_audit(anchors))
    if as_json:
        emit_json(result)
        raise SystemExit(0 if result.ok else EXIT_TAMPERED)
    head = "empty chain" if result.head_seq is None else f"{result.head_seq}:{result.head_hash}"
    if result.ok:
        anchored = f"; {counted(len(anchors), 'anchor')} held" if anchors else ""
        echo(
            f"Audit chain intact: {result.checked} events verified"
            f" ({result.rows_checked} rows match their last recorded state{anchored})."
        )
        echo(f"Head: {head}")
        return
    echo(f"AUDIT CHAIN BROKEN: {counted(len(result.problems), 'problem')}", err=True)
    for problem in result.problems:
        echo(f"  {problem}", err=True)
    echo(f"Head: {head}", err=True)
    raise SystemExit(EXIT_TAMPERED)


def _readable(work: Callable[[], T]) -> T:
    """Run ``work``; a database that cannot be opened or read exits 3 with one line."""
    from sqlalchemy.exc import DBAPIError

    from vendor_review.store.errors import DatabaseUnavailableError, SchemaTooNewError

    try:
        return work()
    except (DatabaseUnavailableError, SchemaTooNewError, DBAPIError) as exc:
        message = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
        fail(f"cannot read the database: {message.strip().splitlines()[0]}", EXIT_UNREADABLE)


@audit.command("checkpoint")
@click.option(
    "--key-file",
    type=FILE,
    help="Sign with this key (HMAC-SHA256); make one with: head -c 32 /dev/urandom > KEY",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the checkpoint here (default: print it).",
)
@pass_app
def audit_checkpoint(app: AppContext, key_file: Path | None, out: Path | None) -> None:
    """Write the chain's head, signed, to keep outside the database.

    Later, 'audit verify --checkpoint FILE --key-file KEY' proves no event up to it was
    removed or rewritten.
    """
    from vendor_review.store import checkpoint

    key = None if key_file is None else checkpoint.read_key(key_file)
    service = _readable(app.service)
    anchor = _readable(service.audit_head)
    if anchor is None:
        fail("the audit chain is empty: nothing to checkpoint yet")
    body = checkpoint.make(anchor, service.db.display_url, key)
    if out is None:
        echo(body, nl=False)
        return
    _write_new(out, body)
    echo(f"Checkpoint of event {anchor} written to {out}")


def _write_new(path: Path, body: str) -> None:
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(body, encoding="utf-8")
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        fail(f"cannot write {path}: {exc.strerror or exc}")


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
    from vendor_review.service.audit_log import AuditOps

    events = app.ops(AuditOps).audit_log(entity=entity, entity_id=entity_id, limit=limit)
    emit_table(
        events,
        as_json,
        ["SEQ", "AT", "ACTOR", "ACTION", "ENTITY", "REASON"],
        lambda e: [e.seq, e.at[:19], e.actor, e.action, f"{e.entity}#{e.entity_id}", e.reason],
    )


@click.command()
@path_argument
@pass_app
def backup(app: AppContext, path: Path) -> None:
    """Copy the SQLite database to PATH with SQLite's online backup (safe while in use)."""
    from vendor_review.store.backup import backup_sqlite

    pages = backup_sqlite(app.database_url, path)
    echo(f"Backed up {pages} pages to {path}")
    _record_backup_head(app, path)


def _record_backup_head(app: AppContext, path: Path) -> None:
    """Note the copy's audit head beside it: ``verify --checkpoint PATH.head.json`` later."""
    import sqlite3

    from vendor_review.store import checkpoint
    from vendor_review.store.audit import Anchor
    from vendor_review.store.backup import copy_head

    try:
        found = copy_head(path)
    except sqlite3.Error as exc:
        fail(f"backup written, but its audit head cannot be read: {exc}")
    if found is None:
        echo("Audit head: empty chain")
        return
    anchor = Anchor(*found)
    head_file = path.with_name(path.name + ".head.json")
    _write_new(head_file, checkpoint.make(anchor, str(path), None))
    echo(f"Audit head: {anchor} (recorded in {head_file})")


@click.group()
def db() -> None:
    """Database schema and (PostgreSQL) who may do what."""


@db.command("upgrade")
@pass_app
def db_upgrade(app: AppContext) -> None:
    """Apply pending migrations (the app also does this on start)."""
    import warnings

    from vendor_review.store import search
    from vendor_review.store.engine import open_database
    from vendor_review.store.migrate import refresh

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", search.IndexUnavailable)  # said once, below
        database = open_database(app.database_url, migrate=True)
    missing = refresh(database.engine)  # index and statistics, even when nothing migrated
    if missing is not None:
        echo(f"Warning: {search.unavailable_message(missing)}.", err=True)
    echo(f"Database at {database.engine.url.render_as_string(hide_password=True)} is up to date.")


@db.command("grant")
@click.argument("role")
@click.option(
    "--approver",
    "level",
    flag_value="approver",
    help="Review, and approve or reject what others did.",
)
@click.option(
    "--reviewer", "level", flag_value="reviewer", default=True, help="Review (the default)."
)
@click.option("--read-only", "level", flag_value="read-only", help="Read and export only.")
@pass_app
def db_grant(app: AppContext, role: str, level: str) -> None:
    """Let the PostgreSQL login ROLE use this database as reviewer, approver or reader.

    Run as the schema owner. ROLE must exist (createuser ROLE); it is put in exactly one
    of the vendor_review_* group roles, which hold the table, sequence and function rights.
    """
    from typing import cast

    from vendor_review.store import roles
    from vendor_review.store.engine import open_database

    with open_database(app.database_url) as database, database.engine.begin() as connection:
        roles.grant(connection, role, cast(roles.Level, level))
    echo(f"{role} is now {level} of {database.display_url}")


@db.command("revoke")
@click.argument("role")
@pass_app
def db_revoke(app: AppContext, role: str) -> None:
    """Take every vendor-review right from ROLE (run as the schema owner)."""
    from vendor_review.store import roles
    from vendor_review.store.engine import open_database

    with open_database(app.database_url) as database, database.engine.begin() as connection:
        roles.revoke(connection, role)
    echo(f"{role} has no vendor-review rights on {database.display_url} any more")


@click.command()
@click.option(
    "--as-of", type=DATE, help="Build the portfolio as if today were this date (default: today)."
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
