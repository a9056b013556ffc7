"""The append-only, hash-chained audit log (DESIGN §6), anchored and checked against the rows.

Every write records one event in the same transaction as the change::

    with db.sessionmaker.begin() as session:
        ...change rows...
        audit.record(session, actor=actor, action="vendor.update", entity="vendor",
                     entity_id=str(vendor.id), before=old, after=new)

``hash = sha256(previous hash in hex + canonical_json(event))`` where the event is
``{seq, at, actor, action, entity, entity_id, before, after, reason}`` (plus ``rows`` when
the event carries row snapshots) with ``before``, ``after`` and ``rows`` as the stored
text. The hash is stored as its 32 bytes, the previous one only in the previous event
(migration 0009). On PostgreSQL the server writes every event (``vr_audit_append`` for
the app's, triggers for each row change: ``store.protect``) and builds the same canonical
text in SQL, stamping ``session_user`` and ``now()``; on SQLite this module writes them
and attaches the row snapshots the capture triggers reported.

``store.audit_verify`` checks the chain (``audit verify``), ``store.audit_replay`` the
rows against it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any
from uuid import UUID

from sqlalchemy import Connection, Row, insert, select, text

from vendor_review.store import protect
from vendor_review.store.audit_replay import BASELINE, ROW_CHANGES, EventRow
from vendor_review.store.tables import audit_events

if TYPE_CHECKING:  # the ORM is imported by writes only: reads and ``verify`` are Core
    from sqlalchemy.orm import Session

    from vendor_review.store.models import AuditEvent

GENESIS_HASH = "0" * 64
AUDIT_LOCK = 0x76725F617564  # pg_advisory_xact_lock key: "vr_aud"
_CONNECTION = "vendor_review_connection"
EVENT_FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "before", "after",
                "reason", "rows")  # fmt: skip
"""What the hash covers (after the previous hash); ``rows`` only when it is not null."""


def _json_default(value: object) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal | UUID | PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=canonical_json)
    raise TypeError(f"cannot put {type(value).__name__} into an audit event: {value!r}")


def canonical_json(value: object) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 text, no NaN/Infinity.

    Dates and datetimes become ISO-8601 (aware datetimes in UTC), enums their value,
    ``Decimal``/``UUID``/paths their ``str``, sets sorted lists.
    """
    return json.dumps(
        value,
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
        default=_json_default,
    )


def format_at(at: datetime) -> str:
    """An aware datetime as stored in ``AuditEvent.at``: ISO-8601 UTC with microseconds."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at!r}: audit times must be timezone-aware")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def event_hash(
    *,
    prev_hash: str,
    seq: int,
    at: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: str | None,
    after: str | None,
    reason: str | None,
    rows: str | None = None,
) -> str:
    event: dict[str, Any] = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": before,
        "after": after,
        "reason": reason,
    }
    if rows is not None:
        event["rows"] = rows
    return hashlib.sha256((prev_hash + canonical_json(event)).encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str | int,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    reason: str | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event to the chain, in ``session``'s transaction, and flush it.

    On PostgreSQL the server appends it (``vr_audit_append``): the actor is the login role
    and the time the server's, unless the session is the schema owner's (``demo``). On
    SQLite the event also carries the row snapshots the capture triggers reported since the
    previous event. Concurrent writers are serialised: a transaction-scoped advisory lock on
    PostgreSQL (sessions must use the default READ COMMITTED isolation), the ``BEGIN
    IMMEDIATE`` write lock on SQLite. The lock is held until the caller's transaction ends.
    """
    from vendor_review.store.models import AuditEvent

    when = format_at(at or datetime.now(UTC))
    before_text = None if before is None else canonical_json(before)
    after_text = None if after is None else canonical_json(after)
    if session.get_bind().dialect.name == "postgresql":
        session.flush()
        seq = session.execute(
            text(
                "SELECT vr_audit_append(:action, :entity, :entity_id, :before, :after, "
                ":reason, :actor, :at)"
            ),
            {
                "action": action,
                "entity": entity,
                "entity_id": str(entity_id),
                "before": before_text,
                "after": after_text,
                "reason": reason,
                "actor": actor,
                "at": when,
            },
        ).scalar_one()
        event = session.get(AuditEvent, seq)
        assert event is not None
        return event
    capture = protect.capture_of(session.connection())
    captured = None if capture is None else capture.take()
    event = AuditEvent(
        **_chained(
            session,
            at=when,
            actor=actor,
            action=action,
            entity=entity,
            entity_id=str(entity_id),
            before=before_text,
            after=after_text,
            reason=reason,
            rows=None if captured is None else canonical_json(captured),
        )
    )
    session.add(event)
    session.flush()
    return event


def _last(bind: Session | Connection) -> Row[int, str] | None:
    """``(seq, hash)`` of the newest event, if any."""
    newest = select(audit_events.c.seq, audit_events.c.hash)
    newest = newest.order_by(audit_events.c.seq.desc()).limit(1)
    return bind.execute(newest).first()


def _chained(bind: Session | Connection, **fields: Any) -> dict[str, Any]:
    """``fields`` as the next event of the chain: with its ``seq`` and ``hash`` (the
    caller holds the write lock)."""
    last = _last(bind)
    seq, prev_hash = (1, GENESIS_HASH) if last is None else (last.seq + 1, last.hash)
    digest = event_hash(prev_hash=prev_hash, seq=seq, **fields)
    return {**fields, "seq": seq, "hash": digest}


def remember_connection(session: Session, _transaction: object, connection: Any) -> None:
    """``after_begin`` hook: note the transaction's connection for ``record_pending_rows``."""
    session.info[_CONNECTION] = connection


def record_pending_rows(session: Session) -> None:
    """SQLite: row changes after the transaction's last event go into one more event.

    Installed as the writers' ``before_commit`` hook (``store.engine``); the actor is
    ``session.info["actor"]`` (set by the service), else ``"unknown"``. A transaction that
    never touched the database is left alone (no connection, no lock).
    """
    session.flush()  # pending objects first (no-op, and no connection, when none)
    connection = session.info.pop(_CONNECTION, None)
    if connection is None or connection.dialect.name != "sqlite":
        return
    capture = protect.capture_of(connection)
    if capture is None or (not capture.rows and not capture.baseline):
        return
    record(
        session,
        actor=str(session.info.get("actor") or "unknown"),
        action=ROW_CHANGES,
        entity="rows",
        entity_id="-",
        before=None,
        after=None,
    )


def write_baseline(connection: Connection, reason: str) -> None:
    """Record each data table's highest key: the state check starts from the rows as
    they are (after a schema upgrade, which changes every row's snapshot shape).

    Written by ``store.migrate`` after migrations ran; nothing for an empty database.
    """
    highest: dict[str, int] = {}
    for table in protect.data_tables(connection):
        column = protect.first_key_column(connection, table)
        value = connection.exec_driver_sql(f'SELECT max("{column}") FROM "{table}"').scalar()
        highest[table] = int(value) if isinstance(value, int) else 0
    if not any(highest.values()):
        return
    after = canonical_json({"baseline": highest})
    if connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "SELECT vr_audit_insert(:action, 'audit', '0', NULL, :after, :reason, "
                "session_user, vr_now())"
            ),
            {"action": BASELINE, "after": after, "reason": reason},
        )
        return
    fields = _chained(
        connection,
        at=format_at(datetime.now(UTC)),
        actor="vendor-review",
        action=BASELINE,
        entity="audit",
        entity_id="0",
        before=None,
        after=after,
        reason=reason,
    )
    connection.execute(insert(audit_events).values(**fields))
    capture = protect.capture_of(connection)
    if capture is not None:
        capture.clear()  # the migrations' own row changes: covered by the baseline


@dataclass(frozen=True)
class Anchor:
    """An event that must still be in the chain with this hash (``SEQ:HASH``)."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, value: str) -> Anchor:
        seq_text, _, digest = value.strip().partition(":")
        digest = digest.strip().lower()
        if not seq_text.strip().isdigit() or len(digest) != 64 or not _is_hex(digest):
            raise ValueError(f"{value!r} is not SEQ:HASH (a number, a colon, 64 hex digits)")
        return cls(int(seq_text), digest)

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"


def _is_hex(value: str) -> bool:
    return all(c in "0123456789abcdef" for c in value)


def head(connection: Connection) -> Anchor | None:
    """The newest event of the chain, or ``None`` for an empty chain."""
    row = _last(connection)
    return None if row is None else Anchor(int(row.seq), str(row.hash))


def events(
    connection: Connection,
    entity: str | None = None,
    entity_id: str | int | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
    newest_first: bool = True,
) -> list[EventRow]:
    """A page of events (rows of ``audit_events``), optionally for one entity (``entity``)
    or one row of it."""
    statement = select(audit_events)
    if entity is not None:
        statement = statement.where(audit_events.c.entity == entity)
    if entity_id is not None:
        statement = statement.where(audit_events.c.entity_id == str(entity_id))
    seq = audit_events.c.seq
    statement = statement.order_by(seq.desc() if newest_first else seq.asc())
    return list(connection.execute(statement.limit(limit).offset(offset)))
