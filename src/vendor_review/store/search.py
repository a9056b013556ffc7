"""The vendor filter's index: substring search without reading every vendor (issue 14).

The filter ("name, purpose or legal entity contains TEXT", any case) is answered by:

- **SQLite**: ``vendor_search``, an FTS5 table with the ``trigram`` tokenizer (SQLite
  3.34 or later) over ``vendors(name, purpose, legal_entity)`` as external content (the
  index holds no copy of the text; ``rowid`` is the vendor's id), kept in step by the
  triggers ``vr_search_vendors_insert|update|delete``. A query of three characters or
  more is one phrase of trigrams (``phrase``: quoted, so ``"``, ``*``, ``NEAR``, ``OR``
  are plain text); shorter ones have no trigram and scan.
- **PostgreSQL**: GIN ``gin_trgm_ops`` indexes (extension ``pg_trgm``) on the three
  columns; the same ``ILIKE`` the scan uses then reads them.

The index is no data: it is left out of the audit chain and row protection
(``protect.data_tables``). It can only narrow a search: the matches are vendors' ids, and
the vendors found are checked against the filter's own ``LIKE`` on their rows, so an
edited index cannot put a vendor in the list, only leave one out — which ``audit
verify`` reports (``problems``: missing triggers, vendors the index does not hold) and
``rebuild`` repairs (``db upgrade`` rebuilds it too).

Where the index cannot be made (SQLite without FTS5 or ``trigram``, a PostgreSQL server
without ``pg_trgm``) the migration says so once (a warning) and the filter scans.
"""

from __future__ import annotations

import warnings

from sqlalchemy import Column, Connection, Integer, MetaData, Select, Table, Text, select

TABLE = "vendor_search"
COLUMNS = ("name", "purpose", "legal_entity")
TRIGRAM = 3
"""The shortest text the index answers (one trigram); shorter text scans."""
SHADOW_SUFFIXES = ("_data", "_idx", "_docsize", "_config", "_content")
TABLES = frozenset({TABLE, *(TABLE + s for s in SHADOW_SUFFIXES)})
"""The FTS5 table and its shadow tables: not data, never protected nor audited."""
TRIGGERS = {
    "vr_search_vendors_insert": (
        "AFTER INSERT ON vendors BEGIN "
        f"INSERT INTO {TABLE} (rowid, name, purpose, legal_entity) "
        "VALUES (NEW.id, NEW.name, NEW.purpose, NEW.legal_entity); END"
    ),
    "vr_search_vendors_delete": (
        "AFTER DELETE ON vendors BEGIN "
        f"INSERT INTO {TABLE} ({TABLE}, rowid, name, purpose, legal_entity) "
        "VALUES ('delete', OLD.id, OLD.name, OLD.purpose, OLD.legal_entity); END"
    ),
    "vr_search_vendors_update": (
        "AFTER UPDATE OF id, name, purpose, legal_entity ON vendors BEGIN "
        f"INSERT INTO {TABLE} ({TABLE}, rowid, name, purpose, legal_entity) "
        "VALUES ('delete', OLD.id, OLD.name, OLD.purpose, OLD.legal_entity); "
        f"INSERT INTO {TABLE} (rowid, name, purpose, legal_entity) "
        "VALUES (NEW.id, NEW.name, NEW.purpose, NEW.legal_entity); END"
    ),
}
PG_INDEXES = {f"ix_vendors_{column}_trgm": column for column in COLUMNS}

_fts = Table(TABLE, MetaData(), Column("rowid", Integer), Column(TABLE, Text))
"""Only for building queries (its own metadata: never created from the models)."""


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's ``include_object``: comparing the models with a database leaves this
    index alone (made by ``install``, not from the models)."""
    if type_ == "table":
        return name not in TABLES
    return not (type_ == "index" and name in PG_INDEXES)


def phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: every character literal."""
    return '"' + text.replace('"', '""') + '"'


def sqlite_matches(text: str) -> Select[tuple[int]]:
    """Ids of the vendors whose name, purpose or legal entity may contain ``text`` (at
    least ``TRIGRAM`` characters; any case)."""
    return select(_fts.c.rowid).where(_fts.c[TABLE].match(phrase(text)))


def has_index(connection: Connection) -> bool:
    """SQLite: whether ``vendor_search`` exists (else the filter scans)."""
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    )
    return found.first() is not None


# --- making it (migration 0010 and after every upgrade) ----------------------------------


def _unavailable(what: str) -> None:
    warnings.warn(
        f"vendor-review: {what}, so the vendor filter reads every vendor (fine for a few "
        "thousand; slower beyond)",
        RuntimeWarning,
        stacklevel=2,
    )


def install(connection: Connection) -> bool:
    """Make the index (SQLite: table, triggers, contents; PostgreSQL: the extension and the
    indexes); False, with a warning, where this database cannot have it."""
    if connection.dialect.name == "postgresql":
        return _install_postgresql(connection)
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({', '.join(COLUMNS)}, "
                "content='vendors', content_rowid='id', tokenize='trigram')"
            )
    except Exception as error:  # no FTS5 or no trigram tokenizer in this SQLite
        _unavailable(f"this SQLite cannot make a trigram index ({error})")
        return False
    sync(connection)
    return True


def _install_postgresql(connection: Connection) -> bool:
    available = connection.exec_driver_sql(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'"
    ).first()
    if available is None:
        _unavailable("this PostgreSQL server has no pg_trgm extension")
        return False
    try:
        with connection.begin_nested():
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # not allowed to create it
        _unavailable(f"pg_trgm cannot be enabled here ({str(error).splitlines()[0]})")
        return False
    for name, column in PG_INDEXES.items():
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {name} ON vendors USING gin ({column} gin_trgm_ops)"
        )
    return True


def sync(connection: Connection) -> None:
    """SQLite, where the index exists: (re)make its triggers (a migration that recreates
    ``vendors`` drops them) and rebuild its contents from the vendors."""
    if connection.dialect.name != "sqlite" or not has_index(connection):
        return
    for name, body in TRIGGERS.items():
        connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE TRIGGER "{name}" {body}')
    rebuild(connection)


def rebuild(connection: Connection) -> None:
    """SQLite: the index made afresh from the vendors (~0.3 s at 30,000)."""
    connection.exec_driver_sql(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")


def uninstall(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":
        for name in PG_INDEXES:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
        return
    for name in TRIGGERS:
        connection.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {TABLE}")


# --- checking it (audit verify) --------------------------------------------------------


def problems(connection: Connection) -> list[str]:
    """SQLite: what would let the filter leave a vendor out — a missing trigger, vendors
    the index does not hold (read-only checks; ``rebuild`` repairs both)."""
    if connection.dialect.name != "sqlite" or not has_index(connection):
        return []
    found: list[str] = []
    present = {
        str(row[0])
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'vendors'"
        )
    }
    for name in TRIGGERS:
        if name not in present:
            found.append(
                f"trigger {name} on vendors is missing (the vendor filter's index falls "
                "behind); 'vendor-review db upgrade' rebuilds it"
            )
    missing, extra = connection.exec_driver_sql(
        f"SELECT (SELECT count(*) FROM vendors v WHERE NOT EXISTS "
        f"(SELECT 1 FROM {TABLE}_docsize d WHERE d.id = v.id)), "
        f"(SELECT count(*) FROM {TABLE}_docsize d WHERE NOT EXISTS "
        f"(SELECT 1 FROM vendors v WHERE v.id = d.id))"
    ).one()
    if missing or extra:
        found.append(
            f"the vendor filter's index ({TABLE}) lacks {missing} vendor(s) and holds "
            f"{extra} that are gone, so the filter can leave vendors out; "
            "'vendor-review db upgrade' rebuilds it"
        )
    return found
