"""The audit chain: recording, verifying, tamper detection, append-only guards."""

from __future__ import annotations

import threading
import zlib
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import exc, select, text

from support.cli import cli_on_new_file
from support.database import sqlite_url, tamper_audit
from vendor_review.domain.enums import Rating
from vendor_review.store import (
    Database,
    audit,
    audit_verify,
    canonical_json,
    open_database,
    search,
)
from vendor_review.store.column_types import PACK_FROM
from vendor_review.store.models import AuditEvent


def record_n(db: Database, n: int, *, actor: str = "alice") -> None:
    for i in range(n):
        with db.sessionmaker.begin() as session:
            audit.record(
                session,
                actor=actor,
                action="vendor.update",
                entity="vendors",
                entity_id=i % 3 + 1,
                before={"name": f"v{i}", "regions": ["EU"]},
                after={"name": f"v{i + 1}", "régions": ["EU", "US"], "due": date(2027, 1, 1)},
                reason=None if i % 2 else "renamed",
            )


def verify(db: Database) -> audit_verify.VerifyResult:
    with db.read() as connection:
        return audit_verify.verify(connection)


def test_canonical_json() -> None:
    value = {
        "b": [1, 2.5, None, True],
        "a": "ü",
        "d": date(2026, 11, 29),
        "t": datetime(2026, 11, 29, 7, 0, tzinfo=timezone(timedelta(hours=2))),
        "r": Rating.HIGH,
        "m": Decimal("1.10"),
        "s": {"y", "x"},
    }
    assert canonical_json(value) == (
        '{"a":"ü","b":[1,2.5,null,true],"d":"2026-11-29","m":"1.10","r":"high",'
        '"s":["x","y"],"t":"2026-11-29T05:00:00+00:00"}'
    )
    with pytest.raises(ValueError):
        canonical_json({"x": float("nan")})
    with pytest.raises(TypeError, match="cannot put object into an audit event"):
        canonical_json({"x": object()})


def test_record_fields(db: Database) -> None:
    at = datetime(2026, 11, 29, 6, 10, 12, 123456, tzinfo=timezone(timedelta(hours=1)))
    with db.sessionmaker.begin() as session:
        first = audit.record(
            session,
            actor="alice",
            action="vendor.create",
            entity="vendors",
            entity_id=7,
            before=None,
            after={"name": "Twilio", "kind": "service"},
            at=at,
        )
        second = audit.record(
            session,
            actor="bob",
            action="vendor.delete",
            entity="vendors",
            entity_id="7",
            before={"name": "Twilio"},
            after=None,
            reason="duplicate",
        )
    assert (first.seq, second.seq) == (1, 2)
    assert first.at == "2026-11-29T05:10:12.123456+00:00"
    assert first.after == '{"kind":"service","name":"Twilio"}' and first.before is None
    fields = {name: getattr(second, name) for name in audit.EVENT_FIELDS}
    assert second.hash == audit.event_hash(prev_hash=first.hash, **fields)  # chained
    assert len(first.hash) == 64 and first.entity_id == "7"
    with db.read() as connection:
        page = audit.events(connection, "vendors", 7)
        assert [e.action for e in page] == ["vendor.delete", "vendor.create"]
        assert [e.seq for e in audit.events(connection, limit=1, offset=1, newest_first=False)] == [
            2
        ]
        assert [e.seq for e in audit.events(connection, "findings")] == []


def test_chain_of_five_verifies(db: Database) -> None:
    assert verify(db) == audit_verify.VerifyResult(ok=True, checked=0)
    record_n(db, 5)
    result = verify(db)
    assert (result.ok, result.checked, result.first_bad_seq, result.problem) == (
        True,
        5,
        None,
        None,
    )
    with db.read_sessionmaker.begin() as session:
        last = session.scalars(select(AuditEvent).where(AuditEvent.seq == 5)).one()
    assert result.head_hash == last.hash


@pytest.mark.parametrize(
    ("sql", "bad_seq", "problem"),
    [
        (
            'UPDATE audit_events SET after = \'{"name":"evil"}\' WHERE seq = 3',
            3,
            "event 3: hash does not match its content and event 2's hash (vendor.update vendors#3)",
        ),
        (
            "UPDATE audit_events SET actor = 'mallory' WHERE seq = 2",
            2,
            "event 2: hash does not match its content and event 1's hash (vendor.update vendors#2)",
        ),
        (
            "UPDATE audit_events SET hash = (SELECT hash FROM audit_events WHERE seq = 3) "
            "WHERE seq = 4",
            4,
            "event 4: hash does not match its content and event 3's hash (vendor.update vendors#1)",
        ),
        (
            "DELETE FROM audit_events WHERE seq = 4",
            4,
            "event 4 missing (sequence jumps from 3 to 5)",
        ),
        ("DELETE FROM audit_events WHERE seq = 1", 1, "event 1 missing (sequence starts at 2)"),
    ],
)
def test_tampering_is_pinpointed(db: Database, sql: str, bad_seq: int, problem: str) -> None:
    record_n(db, 5)
    tamper_audit(db, sql)
    result = verify(db)
    assert not result.ok
    assert (result.first_bad_seq, result.problem) == (bad_seq, problem)
    assert result.checked == (4 if sql.startswith("DELETE") else 5)  # every event is walked


def test_rewritten_event_breaks_the_next_link(db: Database) -> None:
    """Recomputing a tampered event's own hash moves the break to the next event."""
    record_n(db, 5)
    with db.read_sessionmaker.begin() as session:
        row = session.scalars(select(AuditEvent).where(AuditEvent.seq == 2)).one()
        fields: dict[str, Any] = {
            name: getattr(row, name)
            for name in ("seq", "at", "action", "entity", "entity_id", "before", "after", "reason")
        }
        first = session.scalars(select(AuditEvent).where(AuditEvent.seq == 1)).one().hash
    forged = audit.event_hash(prev_hash=first, actor="mallory", **fields)
    sql = "UPDATE audit_events SET actor = 'mallory', hash = :forged WHERE seq = 2"
    tamper_audit(db, sql, forged=bytes.fromhex(forged))
    result = verify(db)
    assert (result.first_bad_seq, result.problem) == (
        3,
        "event 3: hash does not match its content and event 2's hash (vendor.update vendors#3)",
    )
    assert not [p for p in result.problems if p.startswith("event 2")]  # it holds together


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"]
)
def test_audit_events_are_append_only(db: Database, statement: str) -> None:
    record_n(db, 2)
    with (
        pytest.raises(exc.DatabaseError, match="audit_events is append-only"),
        db.engine.begin() as connection,
    ):
        connection.execute(text(statement))
    assert verify(db).checked == 2


@pytest.mark.postgresql
def test_truncate_is_refused_on_postgresql(pg_db: Database) -> None:
    record_n(pg_db, 1)
    with (
        pytest.raises(exc.DatabaseError, match="audit_events is append-only"),
        pg_db.engine.begin() as connection,
    ):
        connection.execute(text("TRUNCATE audit_events"))
    assert verify(pg_db).checked == 1


def test_concurrent_writers_chain_correctly(db: Database) -> None:
    """2 threads x 20 events, each in its own transaction, never fork or break the chain."""
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(name: str) -> None:
        try:
            start.wait()
            record_n(db, 20, actor=name)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("alice", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    result = verify(db)
    assert (result.ok, result.checked) == (True, 40), result.problem
    with db.read_sessionmaker.begin() as session:
        seqs = session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)).all()
        actors = session.scalars(select(AuditEvent.actor)).all()
    assert seqs == list(range(1, 41))
    assert sorted(set(actors)) == ["alice", "bob"]


def test_verify_streams_in_batches(db: Database) -> None:
    """Large chains are read with yield_per; the result does not depend on the batch size."""
    record_n(db, 7)
    original = audit_verify._VERIFY_BATCH
    try:
        audit_verify._VERIFY_BATCH = 2
        assert verify(db).checked == 7
    finally:
        audit_verify._VERIFY_BATCH = original


def test_naive_time_is_refused(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone-aware"), db.sessionmaker.begin() as session:
        audit.record(
            session,
            actor="a",
            action="x",
            entity="vendors",
            entity_id=1,
            before=None,
            after=None,
            at=datetime(2026, 1, 1),
        )


def _record_big(db: Database) -> int:
    """One event whose ``after`` is over ``PACK_FROM`` bytes (a batch of answers); its seq."""
    answers = {f"q{i}": {"value": "yes", "comment": f"évidence {i}"} for i in range(60)}
    with db.sessionmaker.begin() as session:
        event = audit.record(
            session, actor="alice", action="answers.import", entity="assessment",
            entity_id=1, before=None, after={"answers": answers},
        )  # fmt: skip
        return event.seq


def test_a_long_payload_is_stored_compressed_on_sqlite_and_reads_back(db: Database) -> None:
    record_n(db, 2)
    seq = _record_big(db)
    with db.read() as connection:
        event = audit.events(connection, entity="assessment", limit=1)[0]
    assert len(event.after) >= PACK_FROM and '"évidence 59"' in event.after
    assert verify(db).ok
    if db.backend == "sqlite":  # PostgreSQL's TOAST compresses on its own
        with db.engine.connect() as connection:
            stored = connection.execute(
                text("SELECT typeof(before), typeof(after), length(after) FROM audit_events "
                     "WHERE seq = :s"), {"s": seq}
            ).one()  # fmt: skip
            short = connection.execute(text("SELECT typeof(after) FROM audit_events WHERE seq = 1"))
            assert short.scalar_one() == "text"  # short texts stay readable as they are
        assert stored[:2] == ("null", "blob") and stored[2] < len(event.after.encode()) / 4


def test_a_tampered_compressed_payload_is_pinpointed(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("only SQLite stores payloads compressed")
    record_n(db, 2)
    seq = _record_big(db)
    record_n(db, 1)
    with db.engine.connect() as connection:
        blob = connection.execute(
            text("SELECT after FROM audit_events WHERE seq = :s"), {"s": seq}
        ).scalar_one()
    stored = zlib.decompress(blob).decode()
    forged = zlib.compress(stored.replace('"évidence 7"', '"evidence 7"').encode())
    problem = (
        f"event {seq}: hash does not match its content and event {seq - 1}'s hash "
        f"(answers.import assessment#1)"
    )
    update = "UPDATE audit_events SET after = :b WHERE seq = :s"
    tamper_audit(db, update, b=forged, s=seq)  # recompressed after the change
    result = verify(db)
    assert (result.ok, result.first_bad_seq, result.problem) == (False, seq, problem)
    assert result.checked == 4  # the walk goes on past it
    with db.engine.begin() as connection:  # corrupted: it does not inflate
        connection.execute(text(update), {"b": blob[:-9] + b"garbage!!", "s": seq})
    result = verify(db)
    assert (result.ok, result.first_bad_seq, result.problem, result.checked) == (
        False,
        seq,
        problem,
        4,
    )


def test_verify_counts_the_vendors_the_filter_index_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli_on_new_file(tmp_path, monkeypatch)
    for name in ("Acme", "Globex"):
        run.ok("vendor", "add", name, "--kind", "service", "--data-access", "none",
               "--criticality", "low")  # fmt: skip
    db = open_database(sqlite_url(tmp_path / "cli.db"))
    for vendor_id, lacks in ((1, "1 vendor"), (2, "2 vendors")):
        with db.engine.begin() as connection:  # outside the program: the index loses one
            connection.execute(
                text(f"DELETE FROM {search.TABLE}_docsize WHERE id = :i"), {"i": vendor_id}
            )
        broken = run.run("audit", "verify")
        assert broken.exit_code == 1
        assert f"lacks {lacks} and holds 0 that are gone" in broken.stderr
    db.dispose()
