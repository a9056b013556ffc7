"""Audit events store their hash as 32 bytes and no copy of the previous one (issue 14).

Each event kept ``prev_hash`` and ``hash`` as 64 hex characters and a unique index on
``hash``: about 210 of the ~610 bytes of an answer's event, index included. Now ``hash``
is the raw SHA-256 (``BLOB``/``bytea``), ``prev_hash`` is gone (it always equalled the
previous event's ``hash``: ``audit verify`` reads it there) and so is the unique index
(events are found by ``seq``; a rewritten or repeated event breaks the chain anyway).

What an event's hash covers does not change: ``sha256(previous hash in hex +
canonical_json(event))``. So the events already written are converted in place (their
hashes re-encoded, not recomputed) and verify as before; every anchor (``--expect``,
checkpoints, backups' heads) stays valid. On PostgreSQL ``vr_audit_insert`` chains the
new way. The downgrade restores the hex columns, ``prev_hash`` from each previous event.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from vendor_review.store.migrations.helpers import (
    GENESIS,
    audit_event_columns,
    audit_insert_sql,
)

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "audit_events is append-only"
READ_VIEW = "vendor_review_read.audit_events"
BATCH = 5000

FIELDS = "seq, at, actor, action, entity, entity_id, before, after, reason, rows"


def _drop_read_view() -> str | None:
    """PostgreSQL: ``db grant``'s view of the table (it pins the columns); its definition
    to make again, if there was one."""
    found = op.get_bind().execute(sa.text("SELECT to_regclass(:v)"), {"v": READ_VIEW}).scalar()
    if found is None:
        return None
    home = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar()
    op.execute(f"DROP VIEW {READ_VIEW}")
    return f'CREATE VIEW {READ_VIEW} AS SELECT * FROM "{home}".audit_events'


def _restore_read_view(view: str | None) -> None:
    if view is not None:
        op.execute(view)
        op.execute(f"REVOKE ALL ON {READ_VIEW} FROM PUBLIC")
        op.execute(
            f"DO $$ BEGIN GRANT SELECT ON {READ_VIEW} TO vendor_review_readers, "
            "vendor_review_writers; EXCEPTION WHEN undefined_object THEN NULL; END $$"
        )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        view = _drop_read_view()
        op.execute("ALTER TABLE audit_events DROP CONSTRAINT uq_audit_events_hash")
        op.execute(
            "ALTER TABLE audit_events ALTER COLUMN hash TYPE bytea USING decode(hash, 'hex')"
        )
        op.execute("ALTER TABLE audit_events DROP COLUMN prev_hash")
        op.execute(audit_insert_sql(binary=True))
        _restore_read_view(view)
        return
    _rebuild_sqlite(binary=True)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        view = _drop_read_view()
        op.execute("ALTER TABLE audit_events ALTER COLUMN hash TYPE varchar(64) "
                   "USING encode(hash, 'hex')")  # fmt: skip
        op.execute("ALTER TABLE audit_events ADD COLUMN prev_hash varchar(64)")
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")
        op.execute(
            "UPDATE audit_events e SET prev_hash = p.prev FROM (SELECT seq, coalesce(lag(hash) "
            f"OVER (ORDER BY seq), '{GENESIS}') AS prev FROM audit_events) p WHERE p.seq = e.seq"
        )
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete")
        op.execute("ALTER TABLE audit_events ALTER COLUMN prev_hash SET NOT NULL")
        op.execute("ALTER TABLE audit_events ADD CONSTRAINT uq_audit_events_hash UNIQUE (hash)")
        op.execute(audit_insert_sql(binary=False))
        _restore_read_view(view)
        return
    _rebuild_sqlite(binary=False)


def _table(name: str, *, binary: bool) -> sa.Table:
    hashes: list[sa.Column[Any]]
    if binary:
        hashes = [sa.Column("hash", sa.LargeBinary(32), nullable=False)]
    else:
        hashes = [
            sa.Column("prev_hash", sa.String(64), nullable=False),
            sa.Column("hash", sa.String(64), nullable=False),
        ]
    return sa.Table(
        name,
        sa.MetaData(),
        *audit_event_columns(),
        sa.Column("rows", sa.Text(), nullable=True),
        *hashes,
        sa.PrimaryKeyConstraint("seq", name="pk_audit_events"),
        *([] if binary else [sa.UniqueConstraint("hash", name="uq_audit_events_hash")]),
    )


def _rebuild_sqlite(*, binary: bool) -> None:
    """SQLite cannot change a column's type: copy the events into the new shape, in
    ``seq`` order, a batch at a time, and put the append-only triggers back."""
    bind = op.get_bind()
    new = _table("audit_events_new", binary=binary)
    new.create(bind)
    insert = new.insert()
    for batch in _converted(bind, binary=binary):
        bind.execute(insert, batch)
    for trigger in ("audit_events_no_update", "audit_events_no_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE audit_events")
    op.execute("ALTER TABLE audit_events_new RENAME TO audit_events")
    op.create_index("ix_audit_events_entity_entity_id", "audit_events", ["entity", "entity_id"])
    for name in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{name.lower()} BEFORE {name} ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )


def _converted(bind: sa.Connection, *, binary: bool) -> Iterator[list[dict[str, Any]]]:
    """The events, ``BATCH`` at a time, with their hash re-encoded (and, back to hex,
    each one's ``prev_hash``: the hash of the one before)."""
    last, prev = 0, GENESIS
    while True:
        rows = bind.exec_driver_sql(
            f"SELECT {FIELDS}, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
            (last, BATCH),
        ).all()
        if not rows:
            return
        batch = []
        for row in rows:
            event = dict(row._mapping)
            if binary:
                event["hash"] = bytes.fromhex(event["hash"])
            else:
                event["hash"] = bytes(event["hash"]).hex()
                event["prev_hash"], prev = prev, event["hash"]
            batch.append(event)
        yield batch
        last = rows[-1].seq
