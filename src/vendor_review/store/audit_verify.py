"""``audit verify``: walk the whole chain (every broken link, not only the first), check
it still holds anchored events (``--expect SEQ:HASH``, a checkpoint), that the protecting
triggers exist, and replay the row snapshots against the tables (``store.audit_replay``).

Each event's hash must be ``event_hash`` of its content after the previous event's hash
(``store.audit``): a changed event breaks its own link, a rewritten one (its hash
recomputed) the next, a removed one the sequence; a removed tail only an anchor catches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from vendor_review.store import protect, search
from vendor_review.store.audit import EVENT_FIELDS, GENESIS_HASH, Anchor, event_hash
from vendor_review.store.audit_replay import EventRow, Replay
from vendor_review.store.tables import audit_events

_VERIFY_BATCH = 1000
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str | None = None
    head_seq: int | None = None
    head_hash: str | None = None
    """Hash of the newest event: note it somewhere else (``audit checkpoint``)."""
    problems: tuple[str, ...] = ()
    """Every problem found: broken links, anchors not held, missing triggers, rows."""
    rows_checked: int = 0


def verify(
    connection: Connection, expect: Iterable[Anchor] = (), *, check_state: bool = True
) -> VerifyResult:
    """Walk the whole chain in ``seq`` order (streamed) and report every problem.

    ``expect``: events that must still be there with these hashes (a removed or rewritten
    tail). ``check_state``: also check the protecting triggers and replay the recorded row
    snapshots against the tables.
    """
    anchors = {a.seq: a for a in expect}
    columns = [audit_events.c[name] for name in (*EVENT_FIELDS, "hash")]
    statement = select(*columns).order_by(audit_events.c.seq)
    rows = connection.execute(statement.execution_options(yield_per=_VERIFY_BATCH))
    problems: list[str] = []
    first_bad: int | None = None
    checked = 0
    previous: EventRow | None = None
    replay = Replay()
    for row in rows:
        failure = _check(row, previous)
        if failure is not None:
            first_bad = failure[0] if first_bad is None else first_bad
            problems.append(failure[1])
        anchor = anchors.pop(row.seq, None)
        if anchor is not None and anchor.hash != row.hash:
            first_bad = row.seq if first_bad is None else first_bad
            problems.append(
                f"event {row.seq} was rewritten: its hash is {row.hash[:16]}…, "
                f"the anchor says {anchor.hash[:16]}…"
            )
        if check_state:
            replay.take(row)
        checked += 1
        previous = row
    for anchor in sorted(anchors.values(), key=lambda a: a.seq):
        end = 0 if previous is None else previous.seq
        first_bad = anchor.seq if first_bad is None else first_bad
        problems.append(
            f"event {anchor.seq} is gone: the chain ends at event {end}, the anchor says "
            f"{anchor.seq}:{anchor.hash[:16]}… (events were removed from the end)"
        )
    rows_checked = 0
    if check_state:
        problems += protect.missing_protection(connection)
        problems += search.problems(connection)
        state, rows_checked = replay.compare(connection)
        problems += state
    shown = problems[:MAX_PROBLEMS]
    if len(problems) > MAX_PROBLEMS:
        shown.append(f"… and {len(problems) - MAX_PROBLEMS} more problems")
    return VerifyResult(
        ok=not problems,
        checked=checked,
        first_bad_seq=first_bad,
        problem=problems[0] if problems else None,
        head_seq=None if previous is None else previous.seq,
        head_hash=None if previous is None else previous.hash,
        problems=tuple(shown),
        rows_checked=rows_checked,
    )


def _check(row: EventRow, previous: EventRow | None) -> tuple[int, str] | None:
    """``(bad seq, problem)`` if ``row`` does not follow ``previous`` correctly: its hash
    chains its content to the previous event's hash."""
    expected_seq = 1 if previous is None else previous.seq + 1
    if row.seq != expected_seq:
        if previous is None:
            return 1, f"event 1 missing (sequence starts at {row.seq})"
        return expected_seq, (
            f"event {expected_seq} missing (sequence jumps from {previous.seq} to {row.seq})"
        )
    prev_hash = GENESIS_HASH if previous is None else previous.hash
    fields = {name: getattr(row, name) for name in EVENT_FIELDS}
    if event_hash(prev_hash=prev_hash, **fields) != row.hash:
        link = "the start of the chain" if previous is None else f"event {previous.seq}'s hash"
        return row.seq, (
            f"event {row.seq}: hash does not match its content and {link} "
            f"({row.action} {row.entity}#{row.entity_id})"
        )
    return None
