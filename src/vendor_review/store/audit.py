"""The append-only, hash-chained audit log (DESIGN §6).

Every write records one event in the same transaction as the change::

    with db.sessionmaker.begin() as session:
        ...change rows...
        audit.record(session, actor=actor, action="vendor.update", entity="vendors",
                     entity_id=str(vendor.id), before=old, after=new)

``hash = sha256(prev_hash + canonical_json(event))`` where the event is
``{seq, at, actor, action, entity, entity_id, before, after, reason}`` with ``before`` and
``after`` as the stored canonical JSON text. ``verify`` walks the chain in ``seq`` order.
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
from typing import Any
from uuid import UUID

from sqlalchemy import Row, select, text
from sqlalchemy.orm import Session

from vendor_review.store.models import AuditEvent

GENESIS_HASH = "0" * 64
AUDIT_LOCK = 0x76725F617564  # pg_advisory_xact_lock key: "vr_aud"
_VERIFY_BATCH = 1000

_EventRow = Row[*tuple[Any, ...]]


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
) -> str:
    event = {
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

    Concurrent writers are serialised: a transaction-scoped advisory lock on PostgreSQL
    (sessions must use the default READ COMMITTED isolation), the ``BEGIN IMMEDIATE``
    write lock on SQLite. The lock is held until the caller's transaction ends.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({AUDIT_LOCK})"))
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
    ).first()
    seq, prev_hash = (1, GENESIS_HASH) if last is None else (last.seq + 1, last.hash)
    fields: dict[str, Any] = {
        "seq": seq,
        "at": format_at(at or datetime.now(UTC)),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": str(entity_id),
        "before": None if before is None else canonical_json(before),
        "after": None if after is None else canonical_json(after),
        "reason": reason,
    }
    event = AuditEvent(
        **fields, prev_hash=prev_hash, hash=event_hash(prev_hash=prev_hash, **fields)
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None
    last_hash: str | None = None
    """Hash of the last event checked: note it somewhere else to detect later truncation."""


def verify(session: Session) -> VerifyResult:
    """Walk the whole chain in ``seq`` order (streamed) and report the first broken event."""
    columns = (
        AuditEvent.seq,
        AuditEvent.at,
        AuditEvent.actor,
        AuditEvent.action,
        AuditEvent.entity,
        AuditEvent.entity_id,
        AuditEvent.before,
        AuditEvent.after,
        AuditEvent.reason,
        AuditEvent.prev_hash,
        AuditEvent.hash,
    )
    statement = select(*columns).order_by(AuditEvent.seq)
    rows = session.execute(statement.execution_options(yield_per=_VERIFY_BATCH))
    checked = 0
    previous: _EventRow | None = None
    for row in rows:
        failure = _check(row, previous)
        if failure is not None:
            rows.close()
            bad_seq, problem = failure
            last_hash = None if previous is None else previous.hash
            return VerifyResult(False, checked, bad_seq, problem, last_hash)
        checked += 1
        previous = row
    return VerifyResult(True, checked, last_hash=None if previous is None else previous.hash)


def _check(row: _EventRow, previous: _EventRow | None) -> tuple[int, str] | None:
    """``(first bad seq, problem)`` if ``row`` does not follow ``previous`` correctly."""
    expected_seq = 1 if previous is None else previous.seq + 1
    if row.seq != expected_seq:
        if previous is None:
            return 1, f"event 1 missing (sequence starts at {row.seq})"
        return expected_seq, (
            f"event {expected_seq} missing (sequence jumps from {previous.seq} to {row.seq})"
        )
    expected_prev = GENESIS_HASH if previous is None else previous.hash
    if row.prev_hash != expected_prev:
        if previous is None:
            return row.seq, f"event {row.seq}: prev_hash is not the start-of-chain value"
        return row.seq, f"event {row.seq}: prev_hash does not match event {previous.seq}"
    recomputed = event_hash(
        prev_hash=row.prev_hash,
        seq=row.seq,
        at=row.at,
        actor=row.actor,
        action=row.action,
        entity=row.entity,
        entity_id=row.entity_id,
        before=row.before,
        after=row.after,
        reason=row.reason,
    )
    if recomputed != row.hash:
        return row.seq, (
            f"event {row.seq}: hash does not match its content "
            f"({row.action} {row.entity}#{row.entity_id})"
        )
    return None


def events(
    session: Session,
    entity: str | None = None,
    entity_id: str | int | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
    newest_first: bool = True,
) -> list[AuditEvent]:
    """A page of events, optionally for one entity (``entity``) or one row of it."""
    statement = select(AuditEvent)
    if entity is not None:
        statement = statement.where(AuditEvent.entity == entity)
    if entity_id is not None:
        statement = statement.where(AuditEvent.entity_id == str(entity_id))
    order = AuditEvent.seq.desc() if newest_first else AuditEvent.seq.asc()
    statement = statement.order_by(order).limit(limit).offset(offset)
    return list(session.scalars(statement))
