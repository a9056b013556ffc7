"""An anchored chain (SQLite): a removed or rewritten tail is caught with ``--expect`` and
with an HMAC-signed checkpoint; backups record the head; unreadable databases exit 3."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from support.cli import Cli
from vendor_review.store import audit

ADD = ("--kind", "service", "--data-access", "personal", "--criticality", "medium")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "vr.db"


@pytest.fixture
def run(db_file: Path) -> Cli:
    run = Cli(f"sqlite:///{db_file}")
    for i in range(60):
        run.ok("vendor", "add", f"Vendor {i:02d}", *ADD)
    return run


def head_of(run: Cli) -> str:
    lines = run.ok("audit", "verify").splitlines()
    assert lines[0].startswith("Audit chain intact: 60 events verified")
    assert lines[1].startswith("Head: 60:")
    return lines[1].removeprefix("Head: ")


def attacker(db_file: Path) -> sqlite3.Connection:
    """Someone with the file and Python: no-op capture function, triggers out of the way."""
    connection = sqlite3.connect(db_file, isolation_level=None)
    connection.create_function("vr_row", 3, lambda *args: None)
    connection.create_function("vr_sha256", 1, lambda *args: None)
    return connection


def drop_tail(db_file: Path, keep: int) -> None:
    connection = attacker(db_file)
    sql = connection.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_events_no_delete'"
    ).fetchone()[0]
    connection.execute("DROP TRIGGER audit_events_no_delete")
    connection.execute("DELETE FROM audit_events WHERE seq > ?", (keep,))
    # ... and the rows those events recorded, so the state looks consistent:
    connection.execute("DELETE FROM vendors WHERE id > ?", (keep,))
    connection.execute(sql)  # trigger back in place
    connection.close()


def rehash_everything(db_file: Path) -> None:
    """Rewrite event 1's actor and recompute every hash after it: a valid, false chain."""
    connection = attacker(db_file)
    guard = connection.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'audit_events_no_update'"
    ).fetchone()[0]
    connection.execute("DROP TRIGGER audit_events_no_update")
    rows = connection.execute(
        "SELECT seq, at, actor, action, entity, entity_id, before, after, reason, rows "
        "FROM audit_events ORDER BY seq"
    ).fetchall()
    prev = audit.GENESIS_HASH
    for seq, at, actor, action, entity, entity_id, before, after, reason, rows_doc in rows:
        actor = "mallory" if seq == 1 else actor
        digest = audit.event_hash(
            prev_hash=prev, seq=seq, at=at, actor=actor, action=action, entity=entity,
            entity_id=entity_id, before=before, after=after, reason=reason, rows=rows_doc,
        )  # fmt: skip
        connection.execute(
            "UPDATE audit_events SET actor = ?, hash = ? WHERE seq = ?",
            (actor, bytes.fromhex(digest), seq),
        )
        prev = digest
    connection.execute(guard)
    connection.close()


@pytest.mark.parametrize("keep", [59, 10, 0])
def test_removed_tail_is_caught_with_expect(run: Cli, db_file: Path, keep: int) -> None:
    anchor = head_of(run)
    drop_tail(db_file, keep)
    result = run.run("audit", "verify", "--expect", anchor)
    assert result.exit_code == 1
    assert f"event 60 is gone: the chain ends at event {keep}" in result.stderr


def test_full_rehash_is_caught_with_expect(run: Cli, db_file: Path) -> None:
    anchor = head_of(run)
    rehash_everything(db_file)
    plain = run.run("audit", "verify")  # the chain alone looks fine ...
    assert plain.exit_code == 0, plain.stderr
    result = run.run("audit", "verify", "--expect", anchor)  # ... the anchor does not
    assert result.exit_code == 1
    assert "event 60 was rewritten" in result.stderr


def test_signed_checkpoint_catches_truncation_and_rehash(
    run: Cli, db_file: Path, tmp_path: Path
) -> None:
    key, point = tmp_path / "audit.key", tmp_path / "checkpoint.json"
    key.write_bytes(b"k" * 32)
    assert run.ok("audit", "checkpoint", "--key-file", str(key), "--out", str(point)).startswith(
        "Checkpoint of event 60:"
    )
    body = json.loads(point.read_text())
    assert (body["seq"], len(body["hmac_sha256"])) == (60, 64)
    args = ("audit", "verify", "--checkpoint", str(point), "--key-file", str(key))
    assert "1 anchor held" in run.ok(*args)
    # A checkpoint edited to match a shorter chain no longer matches its signature.
    forged = dict(body, seq=30)
    point.write_text(json.dumps(forged))
    assert "signature does not match" in run.error(*args, code=1)
    point.write_text(json.dumps(body))
    rehash_everything(db_file)
    result = run.run(*args)
    assert (result.exit_code, "event 60 was rewritten" in result.stderr) == (1, True)
    drop_tail(db_file, 40)
    assert "event 60 is gone" in run.run(*args).stderr


def test_verify_reports_every_broken_event(run: Cli, db_file: Path) -> None:
    connection = attacker(db_file)
    connection.execute("DROP TRIGGER audit_events_no_update")
    connection.execute("UPDATE audit_events SET actor = 'mallory' WHERE seq IN (3, 30)")
    connection.close()
    result = run.run("audit", "verify")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "AUDIT CHAIN BROKEN: 3 problems"
    assert (
        "  event 3: hash does not match its content and event 2's hash (vendor.create vendor#3)"
        in lines
    )
    assert (
        "  event 30: hash does not match its content and event 29's hash "
        "(vendor.create vendor#30)" in lines
    )
    assert any("audit_events_no_update on audit_events is missing" in line for line in lines)


def test_backup_records_the_head(run: Cli, tmp_path: Path) -> None:
    anchor = head_of(run)
    target = tmp_path / "copy.db"
    out = run.ok("backup", str(target))
    assert f"Audit head: {anchor}" in out
    head_file = tmp_path / "copy.db.head.json"
    assert json.loads(head_file.read_text())["hash"] == anchor.split(":")[1]
    copy = Cli(f"sqlite:///{target}")
    assert "1 anchor held" in copy.ok("audit", "verify", "--checkpoint", str(head_file))


def test_an_unreadable_database_exits_3(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    message = Cli(f"sqlite:///{junk}").error("audit", "verify", code=3)
    assert message.startswith("cannot read the database: ")


def test_verify_counts_the_anchors_it_held(run: Cli) -> None:
    anchor = head_of(run)
    assert "state; 1 anchor held)." in run.ok("audit", "verify", "--expect", anchor)
    twice = run.ok("audit", "verify", "--expect", anchor, "--expect", anchor)
    assert "state; 2 anchors held)." in twice
