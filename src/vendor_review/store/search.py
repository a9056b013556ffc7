"""The vendor filter's index: substring search without reading every vendor (issue 14).

The filter ("name, purpose or legal entity contains TEXT", any case) is answered by:

- **SQLite**: ``vendor_search``, an FTS5 table with the ``trigram`` tokenizer (SQLite
  3.34 or later) over ``vendors(name, purpose, legal_entity)`` as external content (the
  index holds no copy of the text; ``rowid`` is the vendor's id), kept in step by the
  triggers ``vr_search_vendors_insert|update|delete``. A query of three characters or
  more is one phrase of trigrams (``phrase``: quoted, so ``"``, ``*``, ``NEAR``, ``OR``
  are plain text); shorter ones have no trigram and scan.
- **PostgreSQL**: GIN ``gin_trgm_ops`` indexes (extension ``pg_trgm``) on the three
  columns, read by ``ILIKE`` in the columns' collation; the filter's own test (ASCII-only
  case folding, as SQLite's ``LIKE``) then decides on the rows found
  (``service.vendor_query.text_filter``).

The index is no data: it is left out of the audit chain and row protection
(``protect.data_tables``). It can only narrow a search: the matches are vendors' ids, and
the vendors found are checked against the filter's own ``LIKE`` on their rows, so an
edited index cannot put a vendor in the list, only leave one out — which ``audit
verify`` reports (``problems``: missing triggers, vendors the index does not hold) and
``rebuild`` repairs (``db upgrade`` rebuilds it too).

Where the index cannot be made (SQLite without FTS5 or ``trigram``; a PostgreSQL server
without ``pg_trgm``, or a role that may not enable it) the filter scans, and ``install``
says why: the migration as a warning (``IndexUnavailable``), ``db upgrade`` once in its
output (it tries again, so enabling the extension later and upgrading makes the index).
"""

from __future__ import annotations

import warnings

from sqlalchemy import Column, Connection, Integer, MetaData, Select, Table, Text, select

from vendor_review.domain.wording import counted, noun_for

TABLE = "vendor_search"
COLUMNS = ("name", "purpose", "legal_entity")
TRIGRAM = 3
"""The shortest text the index answers (one trigram); shorter text scans."""
EXTENSION = "pg_trgm"
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


_ASCII = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_KNOWN = "vendor_review.search.has_index"
"""Where a PostgreSQL connection remembers ``has_index`` (``Connection.info``)."""


def has_index(connection: Connection) -> bool:
    """Whether the filter can read the index (else it scans). SQLite: ``vendor_search``
    exists. PostgreSQL: the three indexes exist, and the database's case folding (which
    the trigrams are made with) lowers every ASCII letter to its ASCII lower case, so that
    every vendor the filter keeps (``ILIKE`` in the "C" collation, ASCII-only) holds the
    text's trigrams (not so in a Turkish locale: I is ı there). Remembered per
    PostgreSQL connection (one query less per keystroke): there the index only narrows
    what the filter's own test reads, so a connection that missed a change of the
    indexes finds the same vendors, a little slower or faster."""
    if connection.dialect.name == "postgresql":
        known = connection.info.get(_KNOWN)
        if known is None:
            known = connection.info[_KNOWN] = bool(
                connection.exec_driver_sql(
                    "SELECT count(*) = %(n)s AND lower(%(upper)s) = %(lower)s FROM pg_class "
                    "WHERE relkind = 'i' AND relnamespace = current_schema()::regnamespace "
                    "AND relname = ANY(%(names)s)",
                    {"n": len(PG_INDEXES), "upper": _ASCII, "lower": _ASCII.lower(),
                     "names": list(PG_INDEXES)},
                ).scalar()
            )  # fmt: skip
        return bool(known)
    found = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    )
    return found.first() is not None


# --- making it (migration 0010 and every ``db upgrade``) --------------------------------


class IndexUnavailable(RuntimeWarning):
    """This database cannot have the vendor filter's index (the filter then scans)."""


def unavailable_message(reason: str) -> str:
    """What the user is told once (``db upgrade``; the migration's warning) when the index
    cannot be made."""
    return (
        f"the vendor filter has no index: {reason}; the filter reads every vendor "
        "(fine for a few thousand; slower beyond)"
    )


def warn_unavailable(reason: str) -> None:
    warnings.warn(f"vendor-review: {unavailable_message(reason)}", IndexUnavailable, stacklevel=2)


def install(connection: Connection) -> str | None:
    """Make the index where it is missing (SQLite: table, triggers, contents; PostgreSQL:
    the extension and the indexes). None when the index is there, else why this database
    cannot have it (the filter then scans). Nothing already made is dropped."""
    if connection.dialect.name == "postgresql":
        connection.info.pop(_KNOWN, None)
        return _install_postgresql(connection)
    try:
        with connection.begin_nested():
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({', '.join(COLUMNS)}, "
                "content='vendors', content_rowid='id', tokenize='trigram')"
            )
    except Exception as error:  # no FTS5 or no trigram tokenizer in this SQLite
        return f"this SQLite cannot make a trigram index ({_first_line(error)})"
    sync(connection)
    return None


def _first_line(error: Exception) -> str:
    return (str(getattr(error, "orig", None) or error).strip().splitlines() or ["?"])[0]


def _trigram_schema(connection: Connection) -> str | None:
    """The schema ``pg_trgm`` is installed in (None: not in this database)."""
    found = connection.exec_driver_sql(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = %(name)s",
        {"name": EXTENSION},
    ).first()
    return None if found is None else str(found[0])


def _install_postgresql(connection: Connection) -> str | None:
    schema = _trigram_schema(connection)
    if schema is None:
        available = connection.exec_driver_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = %(name)s", {"name": EXTENSION}
        ).first()
        if available is None:
            return f"the PostgreSQL server has no {EXTENSION} extension installed"
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(f"CREATE EXTENSION IF NOT EXISTS {EXTENSION}")
        except Exception as error:  # e.g. a role without CREATE on the database
            return (
                f"{EXTENSION} cannot be enabled by this role ({_first_line(error)}); "
                f"a superuser or the database owner can run 'CREATE EXTENSION {EXTENSION}' "
                "and then 'vendor-review db upgrade'"
            )
        schema = _trigram_schema(connection) or "public"
    # Qualified: the extension may live in a schema that is not on the search path.
    opclass = f'"{schema}".gin_trgm_ops'
    try:
        with connection.begin_nested():
            for name, column in PG_INDEXES.items():
                connection.exec_driver_sql(
                    f"CREATE INDEX IF NOT EXISTS {name} ON vendors USING gin ({column} {opclass})"
                )
    except Exception as error:
        return f"its indexes cannot be made ({_first_line(error)})"
    return None


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
        connection.info.pop(_KNOWN, None)
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
            f"the vendor filter's index ({TABLE}) lacks {counted(missing, 'vendor')} and holds "
            f"{extra} {noun_for(extra, 'that is', 'that are')} gone, so the filter can leave "
            "vendors out; 'vendor-review db upgrade' rebuilds it"
        )
    return found
