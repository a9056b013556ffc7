"""Every data table is protected; verify reports missing triggers and replays row state.

On SQLite the capture triggers call ``vr_row``, which only vendor-review registers: an
outside program's write fails until it defines its own (as an attacker with Python can) or
drops the triggers; both are named by ``audit verify``.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import insert, select, text

from support.database import outside_sqlite
from vendor_review.store import Database, audit, audit_verify, migrate, models, protect
from vendor_review.store.protect import data_tables, missing_protection, protect_table

HOSTILE = 'quote " backslash \\ nl \n tab \t bell \x07 esc \x1b[2J del \x7f é \u202e 😀 \u2028'


def verify(db: Database) -> audit_verify.VerifyResult:
    with db.read() as connection:
        return audit_verify.verify(connection)


def add_rows(db: Database) -> None:
    """A vendor, an assessment, an answer and two findings, each audited as the app does."""
    with db.sessionmaker.begin() as session:
        vendor = models.Vendor(
            name="Twilio",
            kind="service",
            data_access="personal",
            criticality="medium",
            notes=HOSTILE,
            regions=["EU"],
        )
        session.add(vendor)
        session.flush()
        record = functools.partial(audit.record, session, actor="alice", before=None)
        record(
            action="vendor.create",
            entity="vendor",
            entity_id=vendor.id,
            after={"name": vendor.name, "notes": HOSTILE},
            reason=HOSTILE,
        )
        assessment = models.Assessment(
            vendor=vendor,
            questionnaire_id="mini",
            questionnaire_version=1,
            questionnaire_sha256="0" * 64,
            snapshot=models.QuestionnaireDefinition(
                sha256="1" * 64, questionnaire_id="mini", version=1, definition={"id": "mini"}
            ),
            status="submitted",
            reviewer="alice",
            submitted_by="alice",
        )
        session.add(assessment)
        session.flush()
        session.add(
            models.Answer(assessment=assessment, question_id="q1", value="yes", answered_by="alice")
        )
        for text_ in ("no MFA", "no DPA"):
            session.add(
                models.Finding(
                    assessment=assessment,
                    vendor=vendor,
                    severity="high",
                    text=text_,
                    due_on=date(2027, 1, 1),
                )
            )
        session.flush()
        record(
            action="assessment.submit",
            entity="assessment",
            entity_id=assessment.id,
            after=None,
            at=datetime(2026, 3, 1, tzinfo=UTC),
        )


def test_every_data_table_is_protected(db: Database) -> None:
    """Fails for a table someone added without ``protect_table`` (see store/protect.py)."""
    with db.engine.connect() as connection:
        tables = data_tables(connection)
        assert set(models.Base.metadata.tables) - {"audit_events"} <= set(tables)
        assert missing_protection(connection) == []


def test_an_unprotected_table_is_reported_until_protected(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE vendor_notes (id INTEGER PRIMARY KEY, body TEXT)"))
        assert any("vendor_notes" in p for p in missing_protection(connection))
        protect_table(connection, "vendor_notes")
        assert missing_protection(connection) == []


def test_hostile_text_is_chained_identically_by_python_and_the_server(db: Database) -> None:
    add_rows(db)
    result = verify(db)
    assert result.ok, result.problems
    assert result.rows_checked == 6  # vendor, definition, assessment, answer, 2 findings
    assert result.head_seq is not None and result.head_hash is not None


def sqlite_only(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("outside writes on PostgreSQL are covered by service/test_postgres_trust.py")


def test_outside_writes_fail_without_the_capture_function(db: Database) -> None:
    sqlite_only(db)
    add_rows(db)
    with (
        outside_sqlite(db, register=False) as connection,
        pytest.raises(sqlite3.OperationalError, match="no such function: vr_row"),
    ):
        connection.execute("UPDATE assessments SET status = 'approved'")


def test_state_replay_names_changed_deleted_and_added_rows(db: Database) -> None:
    sqlite_only(db)
    add_rows(db)
    with outside_sqlite(db) as connection:
        connection.execute("UPDATE assessments SET status = 'approved', decided_by = 'bob'")
        connection.execute("DELETE FROM findings WHERE text = 'no DPA'")
        connection.execute(
            "INSERT INTO vendors (name, name_key, kind, regions, region_codes, data_access, "
            "criticality, status, offboarded, version, created_at, updated_at) VALUES ('Ghost', "
            "'ghost', 'service', '[]', '[]', 'none', 'low', 'candidate', 0, 1, '2026-01-01', "
            "'2026-01-01')"
        )
    result = verify(db)
    assert not result.ok
    assert sorted(result.problems) == [
        "assessments#1 was changed outside vendor-review since event 2",
        "findings#2 was deleted outside vendor-review (last recorded by event 2)",
        "vendors#2 is not in the audit trail: added outside vendor-review",
    ]


def test_events_keep_row_digests_not_whole_snapshots(db: Database) -> None:
    """Each captured row is 128 bits of its snapshot's SHA-256 in the event (issue 14), not
    its snapshot text: rows with consecutive numbered keys as one run of 22 base64url
    characters each."""
    sqlite_only(db)
    add_rows(db)
    with db.read_sessionmaker.begin() as session:
        rows = session.scalars(
            select(models.AuditEvent.rows).where(models.AuditEvent.action == "assessment.submit")
        ).one()
    assert rows is not None
    document = json.loads(rows)
    assert set(document) == {"runs"}
    assert set(document["runs"]["findings"]) == {"1"}  # findings 1 and 2: one run
    assert len(document["runs"]["findings"]["1"]) == 2 * protect.RUN_WIDTH
    with db.engine.connect() as connection:
        current = dict(protect.current_rows(connection, "findings"))
    recorded = list(protect.run_digests(document["runs"]))
    assert [(t, k, d) for t, k, d in recorded if t == "findings"] == [
        ("findings", key, protect.row_digest(snapshot)) for key, snapshot in current.items()
    ]


def test_rows_document_keeps_every_digest_and_deletion() -> None:
    """Runs hold the rows with whole-number keys; other keys and deletions stay by key."""
    digest = protect.row_digest
    rows = {
        ("answers", "7"): digest("a"),
        ("answers", "5"): digest("b"),
        ("answers", "6"): digest("c"),
        ("answers", "9"): digest("d"),
        ("answers", "8"): None,
        ("contributors", "1,alice,answered,q1"): digest("e"),
        ("answers", "007"): digest("f"),
    }
    document = protect.rows_document(rows)
    assert set(document["runs"]["answers"]) == {"5", "9"}
    assert document["digests"] == {
        "answers": {"8": None, "007": digest("f")},
        "contributors": {"1,alice,answered,q1": digest("e")},
    }
    replayed = {(t, k): d for t, k, d in protect.run_digests(document["runs"])}
    replayed |= {(t, k): d for t, keyed in document["digests"].items() for k, d in keyed.items()}
    assert replayed == rows


def test_a_bulk_transaction_past_the_limit_keeps_each_tables_highest_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past ``CAPTURE_LIMIT`` row changes, the table being written goes to the baseline
    (its highest key) with the rows it had; the other tables keep their digests until
    they are written again."""
    monkeypatch.setattr(protect, "CAPTURE_LIMIT", 4)
    capture = protect.RowCapture()
    for table, key in [("vendors", "1"), ("vendors", "2"), ("answers", "1"), ("answers", "2")]:
        capture.add(table, key, f"{table} {key}")
    capture.add("answers", "3", "answers 3")  # the limit: answers to the baseline
    capture.add("answers", "9", "answers 9")
    capture.add("answers", "4", "answers 4")
    capture.add("vendors", "3", "vendors 3")  # under the limit again: kept
    capture.add("findings", "1", "findings 1")
    capture.add("vendors", "4", "vendors 4")  # the limit: vendors to the baseline
    capture.add("vendors", "3", None)
    kept = protect.rows_document({("findings", "1"): protect.row_digest("findings 1")})
    assert capture.take() == {**kept, "baseline": {"answers": 9, "vendors": 4}}
    assert capture.take() is None


def _append_legacy_event(db: Database, table: str, key: str, snapshot: str) -> int:
    """An event as vendor-review wrote them before issue 14: the row's whole snapshot."""
    with db.engine.begin() as connection:
        last = connection.execute(
            select(models.AuditEvent.seq, models.AuditEvent.hash)
            .order_by(models.AuditEvent.seq.desc())
            .limit(1)
        ).one()
        fields = {
            "seq": last.seq + 1,
            "at": audit.format_at(datetime(2026, 3, 2, tzinfo=UTC)),
            "actor": "alice",
            "action": "row.changes",
            "entity": "rows",
            "entity_id": "-",
            "before": None,
            "after": None,
            "reason": None,
            "rows": audit.canonical_json({"tables": {table: {key: snapshot}}}),
        }
        digest = audit.event_hash(prev_hash=last.hash, **fields)
        connection.execute(insert(models.AuditEvent).values(**fields, hash=digest))
    return int(fields["seq"])


def test_old_events_with_whole_snapshots_still_verify_and_replay(db: Database) -> None:
    sqlite_only(db)
    add_rows(db)
    with db.engine.connect() as connection:
        (key, snapshot), *_ = protect.current_rows(connection, "findings")
    seq = _append_legacy_event(db, "findings", key, snapshot)
    result = verify(db)
    assert result.ok, result.problems
    with outside_sqlite(db) as connection:
        connection.execute(f"UPDATE findings SET owner = 'mallory' WHERE id = {key}")
    assert verify(db).problems == (
        f"findings#{key} was changed outside vendor-review since event {seq} (owner)",
    )


def test_dropped_triggers_are_reported(db: Database) -> None:
    sqlite_only(db)
    add_rows(db)
    with outside_sqlite(db, register=False) as connection:
        connection.execute("DROP TRIGGER audit_events_no_delete")
        connection.execute("DROP TRIGGER vr_row_findings_update")
        connection.execute("UPDATE findings SET status = 'remediated'")
    result = verify(db)
    assert (
        "trigger audit_events_no_delete on audit_events is missing (the log is not "
        "append-only)" in result.problems
    )
    assert (
        "trigger vr_row_findings_update on findings is missing (changes go unrecorded)"
        in result.problems
    )
    assert any(p.startswith("findings#1 was changed") for p in result.problems)


def test_writes_after_the_last_event_get_an_event_of_their_own(db: Database) -> None:
    sqlite_only(db)
    add_rows(db)
    with db.sessionmaker.begin() as session:
        session.info["actor"] = "alice"
        session.execute(text("UPDATE findings SET owner = 'ops'"))
    with db.read() as connection:
        last = audit.events(connection, limit=1)[0]
    assert (last.actor, last.action) == ("alice", "row.changes")
    assert verify(db).ok


def test_a_later_migration_is_protected_and_rebaselined(db: Database) -> None:
    """A new table and a new column: after the upgrade step both are covered."""
    add_rows(db)
    with db.engine.begin() as connection:
        connection.execute(text("ALTER TABLE findings ADD COLUMN later_note VARCHAR(100)"))
        connection.execute(text("CREATE TABLE later_things (id INTEGER PRIMARY KEY, kind TEXT)"))
        assert any("later_things" in p for p in missing_protection(connection))
        migrate.after_upgrade(connection)
        assert missing_protection(connection) == []
    assert verify(db).ok, verify(db).problems
    with db.sessionmaker.begin() as session:  # later changes are recorded as before
        session.info["actor"] = "alice"
        session.execute(text("UPDATE findings SET later_note = 'mfa'"))
        session.execute(text("INSERT INTO later_things (id, kind) VALUES (1, 'breach')"))
    assert verify(db).ok, verify(db).problems
