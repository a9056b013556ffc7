"""The state check of ``audit verify``: replay the row snapshots the chain recorded and
compare them with the rows as they are today.

Each event may carry snapshots: on PostgreSQL the server's ``row.insert|update|delete``
events (``after`` is the row), on SQLite the ``rows`` field, the capture triggers' report
(``store.protect``): ``{"runs": …, "digests": {table: {key: row_digest | null}}}`` since
issue 14 (``protect.rows_document``), ``{"tables": {table: {key: snapshot | null}}}``
(whole snapshots) before; all replay. An
``audit.baseline`` event (after a schema upgrade) says the rows up to each table's highest
key are taken as they are. The last recorded snapshot of each row must equal the row
today, and rows above the baseline must have been recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Row, select, text

from vendor_review.store import protect
from vendor_review.store.tables import audit_events

BASELINE = "audit.baseline"
"""The action of the event that takes the rows up to each table's highest key as they are."""
ROW_CHANGES = "row.changes"
"""The action of the event that carries SQLite row snapshots no other event took."""

EventRow = Row[*tuple[Any, ...]]


@dataclass
class Replay:
    """The last recorded snapshot of each row: ``(table, key) -> (seq, digest | None)``
    (``None``: deleted), and each table's baseline (keys up to it need no record)."""

    latest: dict[tuple[str, str], tuple[int, str | None]] = field(default_factory=dict)
    watermark: dict[str, int] = field(default_factory=dict)

    def snapshot(self, seq: int, table: str, key: str, snapshot: str | None) -> None:
        self.latest[(table, key)] = (
            seq,
            None if snapshot is None else protect.row_digest(snapshot),
        )

    def digests(self, seq: int, tables: Mapping[str, Any]) -> None:
        for table, keys in tables.items():
            if isinstance(keys, dict):
                for key, digest in keys.items():
                    recorded = digest if isinstance(digest, str) else None
                    self.latest[(str(table), str(key))] = (seq, recorded)

    def baseline(self, highest: Mapping[str, Any]) -> None:
        for table, value in highest.items():
            if not isinstance(value, int):
                continue
            mark = max(self.watermark.get(table, 0), value)
            self.watermark[table] = mark
            for stale in [k for k in self.latest if k[0] == table and _first_int(k[1]) <= mark]:
                del self.latest[stale]

    def forget_dropped(self, tables: Mapping[str, Any]) -> None:
        """A schema upgrade's baseline names every data table: the rows of one it does not
        name went with their table (migration 0007 made ``certificates`` a new table)."""
        for gone in [k for k in self.latest if k[0] not in tables]:
            del self.latest[gone]

    def take(self, row: EventRow) -> None:
        """Replay one event of the chain (in ``seq`` order)."""
        if row.action.startswith("row.") and row.action != ROW_CHANGES:  # PostgreSQL
            self.snapshot(row.seq, row.entity, row.entity_id, row.after)
        elif row.action == BASELINE and row.after:
            document = _loads(row.after)
            if isinstance(document, dict) and isinstance(document.get("baseline"), dict):
                self.baseline(document["baseline"])
                self.forget_dropped(document["baseline"])
        if row.rows:  # SQLite
            document = _loads(row.rows)
            if not isinstance(document, dict):
                return
            tables = document.get("tables")  # whole snapshots (before issue 14)
            if isinstance(tables, dict):
                for table, keys in tables.items():
                    if isinstance(keys, dict):
                        for key, snapshot in keys.items():
                            self.snapshot(row.seq, str(table), str(key), snapshot)
            runs = document.get(protect.RUNS)
            if isinstance(runs, dict):
                for table, key, digest in protect.run_digests(runs):
                    self.latest[(table, key)] = (row.seq, digest)
            digests = document.get(protect.DIGESTS)
            if isinstance(digests, dict):
                self.digests(row.seq, digests)
            if isinstance(document.get("baseline"), dict):
                self.baseline(document["baseline"])

    def compare(self, connection: Connection) -> tuple[list[str], int]:
        """Rows that differ from, or are missing in, what the audit trail last recorded;
        and how many rows were checked. Consumes the replay."""
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL timezone = 'UTC'"))
        problems: list[str] = []
        checked = 0
        latest = self.latest
        for table in protect.data_tables(connection):
            for key, snapshot in protect.current_rows(connection, table):
                checked += 1
                recorded = latest.pop((table, key), None)
                if recorded is None:
                    if _first_int(key) > self.watermark.get(table, 0):
                        problems.append(
                            f"{table}#{key} is not in the audit trail: added outside vendor-review"
                        )
                    continue
                seq, digest = recorded
                if digest is None:
                    problems.append(
                        f"{table}#{key} exists although event {seq} recorded its deletion: "
                        "re-created outside vendor-review"
                    )
                elif digest != protect.row_digest(snapshot):
                    changed = _changed_columns(connection, seq, table, key, snapshot)
                    problems.append(
                        f"{table}#{key} was changed outside vendor-review since event {seq}"
                        + (f" ({', '.join(changed)})" if changed else "")
                    )
        for (table, key), (seq, digest) in latest.items():
            if digest is not None:
                problems.append(
                    f"{table}#{key} was deleted outside vendor-review "
                    f"(last recorded by event {seq})"
                )
        return problems, checked


def _loads(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return None


def _first_int(key: str) -> int:
    head_part = key.split(",", 1)[0]
    return int(head_part) if head_part.isdigit() else -1


def _changed_columns(connection: Connection, seq: int, table: str, key: str, now: str) -> list[str]:
    recorded_in = select(audit_events.c.rows, audit_events.c.after)
    event = connection.execute(recorded_in.where(audit_events.c.seq == seq)).first()
    if event is None:
        return []
    recorded: Any = None
    if event.rows:  # events since issue 14 hold digests only: no columns to name
        document = _loads(event.rows) or {}
        recorded = document.get("tables", {}).get(table, {}).get(key)
    elif event.after:
        recorded = event.after
    before, after = _loads(recorded or "null"), _loads(now)
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
