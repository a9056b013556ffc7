"""Migration 0009 stores each audit event's hash as 32 bytes without ``prev_hash`` (issue
14): events written before it (by the app and, on PostgreSQL, by the 0008 server
functions) keep their hashes and still verify, anchors taken before it still hold, new
events chain on, and the downgrade restores ``prev_hash`` from each previous event."""

from __future__ import annotations

from sqlalchemy import inspect, text

from support.migrations import builtin_service, chain, migrate_to, sql_rows
from vendor_review.store import Database, audit, audit_verify, open_database

AUDIT_COLUMNS = "SELECT seq, prev_hash, hash FROM audit_events ORDER BY seq"


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("audit_events")}


def _verify(db: Database, *anchors: audit.Anchor) -> audit_verify.VerifyResult:
    with db.read() as connection:
        return audit_verify.verify(connection, anchors)


def _append_at_0008(db: Database) -> None:
    """One more event written the way 0008 wrote them: on PostgreSQL by its own server
    function, on SQLite as the app did (hex hash and ``prev_hash``)."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text(
                    "SELECT vr_audit_append('vendor.update', 'vendor', '1', NULL, "
                    "'{\"name\":\"Linode\"}', 'written at 0008')"
                )
            )
            return
        seq, prev = connection.execute(
            text("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        ).one()
        fields = {
            "seq": seq + 1,
            "at": "2026-12-01T09:00:00.000000+00:00",
            "actor": "alice",
            "action": "vendor.update",
            "entity": "vendor",
            "entity_id": "1",
            "before": None,
            "after": '{"name":"Linode"}',
            "reason": "written at 0008",
            "rows": None,
        }
        digest = audit.event_hash(prev_hash=prev, **fields)
        connection.execute(
            text(
                "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, before, "
                "after, reason, rows, prev_hash, hash) VALUES (:seq, :at, :actor, :action, "
                ":entity, :entity_id, :before, :after, :reason, :rows, :prev, :hash)"
            ),
            {**fields, "prev": prev, "hash": digest},
        )


def test_events_at_0008_verify_after_the_upgrade_and_the_way_back(db_url: str) -> None:
    db = open_database(db_url)
    service = builtin_service(db)
    service.add_vendor(
        {"name": "Linode", "kind": "infrastructure", "data_access": "personal",
         "criticality": "high"}
    )  # fmt: skip
    first = service.start_assessment("Linode", "hosting-infrastructure").id
    service.answer(first, "facility.tier", "tier_iii")
    migrate_to(db, "0008")
    assert {"prev_hash", "hash"} <= _columns(db)
    _append_at_0008(db)
    db.dispose()
    old = sql_rows(db_url, AUDIT_COLUMNS)
    assert [r[1] for r in old] == [audit.GENESIS_HASH] + [r[2] for r in old[:-1]]
    anchor = audit.Anchor(old[-1][0], old[-1][2])  # a checkpoint taken before the upgrade

    upgraded = open_database(db_url)  # migrates to head on open
    try:
        assert "prev_hash" not in _columns(upgraded)
        assert chain(db_url)[: len(old)] == [(s, h) for s, _, h in old]  # re-encoded as is
        stored = sql_rows(db_url, "SELECT hash FROM audit_events WHERE seq = 1")[0][0]
        assert len(bytes(stored)) == 32
        result = _verify(upgraded, anchor)
        assert result.ok, result.problems
        assert result.checked == len(old) + 1  # and the upgrade's baseline

        service = builtin_service(upgraded, "bob")
        service.answer(first, "facility.tier", "tier_iv")
        result = _verify(upgraded, anchor)
        assert result.ok, result.problems
        head = chain(db_url)
        migrate_to(upgraded, "0008")
        assert {"prev_hash", "hash"} <= _columns(upgraded)
        back = sql_rows(db_url, AUDIT_COLUMNS)
        assert [(s, h) for s, _, h in back] == head
        assert [p for _, p, _ in back] == [audit.GENESIS_HASH] + [h for _, h in head[:-1]]
    finally:
        upgraded.dispose()
