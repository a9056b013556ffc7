"""Row protection: every data table's changes are checked and recorded by the database.

**PostgreSQL** (installed by migration 0003, functions owned by the schema owner):

- ``vr_check_row()`` (BEFORE ROW, security invoker): refuses a write made under another
  role than the login (``SET ROLE``, ``PGOPTIONS='-c role=...'``), actor columns
  (``reviewer``, ``actor`` and every ``*_by``) set to anyone but ``session_user``, any
  change to a decided (approved/rejected) assessment (but a vendor merge re-pointing its
  ``vendor_id``) or its answers, a decision that does not come from ``submitted``, by
  ``session_user`` and by someone outside ``vr_contributors(id)`` (and, once ``db grant``
  made the group, a member of ``vendor_review_approvers``). The schema owner (and
  superusers) are trusted and only audited.
- ``vr_audit_row()`` (AFTER ROW, security definer): appends ``row.insert|update|delete``
  with the row's snapshot ``vr_snapshot(table, to_jsonb(row))`` (``bytea`` as
  ``{"bytes", "sha256"}``) through ``vr_audit_insert``, which stamps ``session_user`` and
  ``now()`` and hash-chains on the server (pgcrypto ``digest``) with the canonical text that
  ``store.audit.event_hash`` reproduces.
- ``vr_refuse_truncate()``: TRUNCATE of a protected table is refused.
- ``vr_audit_append(...)`` (security definer): the only way anyone but the owner adds an
  event (the app's semantic events); reviewers hold no privilege on ``audit_events`` (they
  read it through the owner's view ``vendor_review_read.audit_events``, ``store.roles``).

**SQLite** (no roles: detection, not prevention): AFTER INSERT/UPDATE/DELETE triggers call
``vr_row(table, key, snapshot)``, a function only vendor-review registers on its
connections (``install_sqlite_functions``): other programs' writes fail until they drop the
triggers, which ``audit verify`` reports. The captured rows of a transaction are stored
in the ``rows`` field of the transaction's next audit event (``store.audit``) as digests
(``rows_document``): rows with a whole-number key under ``"runs"``, ``{table: {first key:
digests}}``, each run the base64url digests (22 characters) of the rows with consecutive
keys from the first, and the others (other keys, deleted rows: null) under ``"digests"``,
``{table: {key: row_digest(snapshot) | null}}`` — the only form before the runs, about
twice the bytes per row. Events written before issue 14 hold the whole snapshot text
under ``"tables"`` instead (about 1.3 KB per saved answer); ``audit verify`` reads all
three.

**A new table** (later migrations): nothing to do. After migrations ran, ``store.migrate``
(re)protects every data table with its columns as they are then (``protect_table``; on
PostgreSQL ``SELECT vr_protect_table('name')``, which also grants the ``db grant``
groups) and records an ``audit.baseline`` (rows as the migrations left them are the
starting point). ``tests/store/test_protect.py`` fails for any data table left
unprotected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, inspect, text

from vendor_review.store import search

REFUSAL_PREFIX = "vendor-review: "
"""How the messages of the database's own refusals begin."""

UNPROTECTED = frozenset({"audit_events", "alembic_version"})
"""Tables that are not data: the chain itself (append-only triggers) and Alembic's."""

AUDIT_TABLE_TRIGGERS = {
    "sqlite": ("audit_events_no_update", "audit_events_no_delete"),
    "postgresql": ("audit_events_no_update_delete", "audit_events_no_truncate"),
}
ROW_TRIGGERS = {
    "sqlite": ("vr_row_{table}_insert", "vr_row_{table}_update", "vr_row_{table}_delete"),
    "postgresql": ("vr_check", "vr_audit", "vr_no_truncate"),
}
CAPTURE_KEY = "vendor_review_rows"
DIGESTS = "digests"
"""Key of an event's ``rows`` document holding row digests by key (``"tables"``: whole
snapshots, the format before issue 14)."""
RUNS = "runs"
"""Key of an event's ``rows`` document holding the digests of rows with consecutive
whole-number keys, concatenated in base64url."""
RUN_WIDTH = 22
"""Characters of one digest in a run: 128 bits in base64url without padding."""
CAPTURE_LIMIT = 20_000
"""More row changes than this in one transaction (bulk loads) are recorded as a baseline
(each table's highest key) instead of one snapshot per row."""


def data_tables(connection: Connection) -> list[str]:
    """Every table that holds data (all but the audit chain, Alembic's version and the
    vendor filter's index, ``store.search``, which is made from the vendors)."""
    names = inspect(connection).get_table_names()
    skipped = UNPROTECTED | search.TABLES
    return sorted(n for n in names if n not in skipped and not n.startswith("sqlite_"))


def protect_table(connection: Connection, table: str) -> None:
    """Install (or re-install) the protection of ``table``: call it from a migration."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT vr_protect_table(CAST(:t AS regclass))"), {"t": table})
    else:
        for statement in sqlite_trigger_sql(connection, table):
            connection.exec_driver_sql(statement)


def missing_protection(connection: Connection) -> list[str]:
    """Problems with the protecting triggers: missing or disabled, one line each."""
    dialect = connection.dialect.name
    problems: list[str] = []
    present = _triggers(connection)
    for name in AUDIT_TABLE_TRIGGERS[dialect]:
        state = present.get(("audit_events", name))
        if state is None:
            problems.append(
                f"trigger {name} on audit_events is missing (the log is not append-only)"
            )
        elif not state:
            problems.append(f"trigger {name} on audit_events is disabled")
    for table in data_tables(connection):
        for pattern in ROW_TRIGGERS[dialect]:
            name = pattern.format(table=table)
            state = present.get((table, name))
            if state is None:
                problems.append(f"trigger {name} on {table} is missing (changes go unrecorded)")
            elif not state:
                problems.append(f"trigger {name} on {table} is disabled")
    return problems


def _triggers(connection: Connection) -> dict[tuple[str, str], bool]:
    """``(table, trigger) -> enabled`` for every trigger in the database."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT c.relname, t.tgname, t.tgenabled <> 'D' FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relnamespace = "
                # the schema of the data (not current_schema(): a db grant role's session
                # has the read views' schema first on its search_path)
                "(SELECT relnamespace FROM pg_class WHERE oid = to_regclass('vendors'))"
            )
        )
        return {(r[0], r[1]): bool(r[2]) for r in rows}
    rows = connection.exec_driver_sql(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
    )
    return {(r[0], r[1]): True for r in rows}


def first_key_column(connection: Connection, table: str) -> str:
    """The first primary-key column of ``table`` (what a baseline's watermark is of)."""
    if connection.dialect.name == "postgresql":
        pk = inspect(connection).get_pk_constraint(table)["constrained_columns"]
        if not pk:
            raise ValueError(f"table {table} has no primary key")
        return str(pk[0])
    return sqlite_shape(connection, table).key[0]


# --- SQLite: snapshot expressions and capture triggers -----------------------------------


@dataclass(frozen=True)
class SqliteShape:
    """How to snapshot and key a row of one SQLite table in SQL."""

    table: str
    columns: tuple[tuple[str, bool], ...]  # (name, is_blob)
    key: tuple[str, ...]

    def snapshot(self, prefix: str = "") -> str:
        parts = []
        for name, blob in self.columns:
            ref = f'{prefix}"{name}"'
            value = f"json_object('bytes', length({ref}), 'sha256', vr_sha256({ref}))"
            parts.append(f"'{name}', " + (value if blob else ref))
        return "json_object(" + ", ".join(parts) + ")"

    def key_sql(self, prefix: str = "") -> str:
        return " || ',' || ".join(f'CAST({prefix}"{k}" AS TEXT)' for k in self.key)


def sqlite_shape(connection: Connection, table: str) -> SqliteShape:
    info = connection.exec_driver_sql(f'PRAGMA table_info("{table}")').fetchall()
    if not info:
        raise ValueError(f"no table {table!r}")
    columns = tuple((str(r[1]), "BLOB" in str(r[2]).upper()) for r in info)
    key = tuple(str(r[1]) for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
    return SqliteShape(table, columns, key or ("rowid",))


def sqlite_trigger_sql(connection: Connection, table: str) -> list[str]:
    shape = sqlite_shape(connection, table)
    new_key, old_key = shape.key_sql("NEW."), shape.key_sql("OLD.")
    names = [p.format(table=table) for p in ROW_TRIGGERS["sqlite"]]
    return [
        *(f'DROP TRIGGER IF EXISTS "{name}"' for name in names),
        f'CREATE TRIGGER "{names[0]}" AFTER INSERT ON "{table}" BEGIN '
        f"SELECT vr_row('{table}', {new_key}, {shape.snapshot('NEW.')}); END",
        f'CREATE TRIGGER "{names[1]}" AFTER UPDATE ON "{table}" BEGIN '
        f"SELECT vr_row('{table}', {old_key}, NULL) WHERE {old_key} IS NOT {new_key}; "
        f"SELECT vr_row('{table}', {new_key}, {shape.snapshot('NEW.')}); END",
        f'CREATE TRIGGER "{names[2]}" AFTER DELETE ON "{table}" BEGIN '
        f"SELECT vr_row('{table}', {old_key}, NULL); END",
    ]


def row_digest(snapshot: str) -> str:
    """What the audit trail keeps of a row's snapshot text: 128 bits of its SHA-256, hex."""
    return hashlib.sha256(snapshot.encode("utf-8")).hexdigest()[:32]


@dataclass
class RowCapture:
    """Row changes of the current SQLite transaction, as the triggers report them: each
    row's ``row_digest`` (``None``: deleted)."""

    rows: dict[tuple[str, str], str | None] = field(default_factory=dict)
    baseline: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, key: str, snapshot: str | None) -> None:
        if table in self.baseline or len(self.rows) >= CAPTURE_LIMIT:
            self._to_baseline(table, key)
            return
        self.rows.pop((table, key), None)  # keep the order of the latest change
        self.rows[(table, key)] = None if snapshot is None else row_digest(snapshot)

    def _to_baseline(self, table: str, key: str) -> None:
        if table not in self.baseline:  # once per table: a table's rows stop at its baseline
            for t, k in list(self.rows):
                if t == table:
                    del self.rows[(t, k)]
                    self.baseline[t] = max(self.baseline.get(t, 0), _first_int(k))
        self.baseline[table] = max(self.baseline.get(table, 0), _first_int(key))

    def clear(self) -> None:
        self.rows.clear()
        self.baseline.clear()

    def take(self) -> dict[str, Any] | None:
        """The captured changes as the ``rows`` document of an event (and forget them)."""
        if not self.rows and not self.baseline:
            return None
        out = rows_document(self.rows)
        if self.baseline:
            out["baseline"] = dict(self.baseline)
        self.clear()
        return out


def _whole(key: str) -> int | None:
    """``key`` as a whole number when it is one written plainly (no sign, no zeros first)."""
    return int(key) if key.isdigit() and str(int(key)) == key else None


def rows_document(rows: Mapping[tuple[str, str], str | None]) -> dict[str, Any]:
    """``{(table, key): row_digest | None}`` as an event's ``rows`` document: digests of
    rows with whole-number keys as runs, the others (and deletions) by key."""
    numbered: dict[str, dict[int, str]] = {}
    keyed: dict[str, dict[str, str | None]] = {}
    for (table, key), digest in rows.items():
        number = _whole(key)
        if digest is None or number is None:
            keyed.setdefault(table, {})[key] = digest
        else:
            numbered.setdefault(table, {})[number] = digest
    out: dict[str, Any] = {}
    if numbered:
        runs: dict[str, dict[str, str]] = {}
        for table, digests in numbered.items():
            mine = runs.setdefault(table, {})
            first = previous = -2
            for number in sorted(digests):
                if number != previous + 1:
                    first = number
                    mine[str(first)] = ""
                mine[str(first)] += _b64(digests[number])
                previous = number
        out[RUNS] = runs
    if keyed:
        out[DIGESTS] = keyed
    return out


def _b64(digest: str) -> str:
    return base64.urlsafe_b64encode(bytes.fromhex(digest)).decode("ascii").rstrip("=")


def run_digests(runs: Mapping[str, Any]) -> Iterator[tuple[str, str, str]]:
    """``(table, key, row_digest)`` of every row in a ``rows`` document's runs."""
    for table, starts in runs.items():
        if not isinstance(starts, dict):
            continue
        for first, joined in starts.items():
            if not isinstance(joined, str) or _whole(str(first)) is None:
                continue
            number = int(first)
            for at in range(0, len(joined) - RUN_WIDTH + 1, RUN_WIDTH):
                chunk = joined[at : at + RUN_WIDTH]
                try:
                    digest = base64.urlsafe_b64decode(chunk + "==").hex()
                except (ValueError, binascii.Error):
                    digest = "unreadable"
                yield str(table), str(number), digest
                number += 1


def _first_int(key: str) -> int:
    head = key.split(",", 1)[0]
    return int(head) if head.lstrip("-").isdigit() else 0


def _sha256(value: bytes | None) -> str | None:
    return None if value is None else hashlib.sha256(value).hexdigest()


def install_sqlite_functions(dbapi_connection: sqlite3.Connection, info: dict[str, Any]) -> None:
    """Register ``vr_row`` and ``vr_sha256`` on a new SQLite connection of vendor-review."""
    capture = RowCapture()
    info[CAPTURE_KEY] = capture
    dbapi_connection.create_function("vr_row", 3, capture.add)
    dbapi_connection.create_function("vr_sha256", 1, _sha256, deterministic=True)


def capture_of(connection: Connection) -> RowCapture | None:
    found = connection.info.get(CAPTURE_KEY)
    return found if isinstance(found, RowCapture) else None


def current_rows(connection: Connection, table: str) -> Iterator[tuple[str, str]]:
    """``(key, snapshot text)`` of every row of ``table`` as the protection records them."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(
            text(
                "SELECT vr_row_key(CAST(:t AS regclass), s), s::text FROM "
                f'(SELECT vr_snapshot(CAST(:t AS regclass), to_jsonb(r)) AS s FROM "{table}" r) x'
            ),
            {"t": table},
        )
    else:
        shape = sqlite_shape(connection, table)
        rows = connection.exec_driver_sql(
            f'SELECT {shape.key_sql()}, {shape.snapshot()} FROM "{table}"'
        )
    for key, snapshot in rows:
        yield str(key), str(snapshot)
