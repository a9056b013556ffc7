"""The CLI on both backends (``db_url``): audit verification, a newer schema, the actor."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from support.cli import Cli
from support.database import tamper_audit
from vendor_review.store import open_database

ADD = ("--kind", "service", "--data-access", "personal", "--criticality", "medium")


def _cli(db_url: str) -> Cli:
    """On PostgreSQL the actor is the role: no ``--actor``."""
    return Cli(db_url, actor="alice" if db_url.startswith("sqlite") else None)


def test_audit_verify_names_the_tampered_event(db_url: str) -> None:
    run = _cli(db_url)
    for name in ("Linode", "Twilio", "Websupport"):
        run.ok("vendor", "add", name, *ADD)
    events = 3 if db_url.startswith("sqlite") else 6  # PostgreSQL: + one row event each
    intact, head = run.ok("audit", "verify").splitlines()
    assert intact == (
        f"Audit chain intact: {events} events verified (3 rows match their last recorded state)."
    )
    assert head.startswith(f"Head: {events}:") and len(head) == len(f"Head: {events}:") + 64
    bad = 2 if db_url.startswith("sqlite") else 4  # Twilio's vendor.create
    db = open_database(db_url)
    forged = "UPDATE audit_events SET after = replace(after, 'Twilio', 'Twi1io') WHERE seq = :s"
    tamper_audit(db, forged, s=bad)
    db.dispose()
    broken = run.run("audit", "verify")
    assert (broken.exit_code, broken.stdout) == (1, "")
    problems = broken.stderr.splitlines()
    # SQLite: also the two append-only triggers the tamperer dropped
    assert problems[0] == "AUDIT CHAIN BROKEN: " + ("3 problems" if bad == 2 else "1 problem")
    assert (
        f"  event {bad}: hash does not match its content and event {bad - 1}'s hash "
        "(vendor.create vendor#2)"
    ) in problems
    as_json = run.run("audit", "verify", "--json")
    assert as_json.exit_code == 1
    assert f'"first_bad_seq": {bad}' in as_json.stdout and '"ok": false' in as_json.stdout


def test_newer_schema_is_refused_untouched(db_url: str) -> None:
    db = open_database(db_url)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    db.dispose()
    sqlite_file = Path(make_url(db_url).database or "") if db.backend == "sqlite" else None

    def snapshot() -> tuple[bytes, int] | None:
        return (sqlite_file.read_bytes(), sqlite_file.stat().st_mtime_ns) if sqlite_file else None

    before = snapshot()
    message = _cli(db_url).error("vendor", "list", code=1)
    assert message.startswith(
        "database schema revision ffff_from_the_future is newer than this program understands"
    )
    assert message.endswith("; upgrade vendor-review")
    assert snapshot() == before
    with db.engine.connect() as connection:  # the disposed engine reconnects
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    db.dispose()
    assert revision == "ffff_from_the_future"


@pytest.mark.postgresql
def test_actor_override_is_refused_on_postgresql(pg_db_url: str) -> None:
    message = Cli(pg_db_url, actor="mallory").error("vendor", "list", code=1)
    assert message.startswith(
        "--actor is not allowed on PostgreSQL: the actor is the database role"
    )
    run = Cli(pg_db_url, actor=None)
    run.ok("vendor", "add", "Twilio", *ADD)
    role = make_url(pg_db_url).username
    assert {e["actor"] for e in run.json("audit", "log")} == {role}  # event and row event
