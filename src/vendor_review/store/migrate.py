"""Schema migrations, run programmatically (no alembic.ini).

``upgrade(engine)`` brings a database to the newest revision this program ships, in one
transaction, and refuses — without changing anything — a database that a newer
vendor-review has migrated past what this program knows.

Start-up is one plain ``SELECT version_num FROM alembic_version`` compared with
``SCHEMA_HEAD``, the revision this build expects (a test keeps it equal to Alembic's
head). It takes no lock (no ``BEGIN IMMEDIATE``, no advisory lock) and imports nothing of
Alembic; only a database that is not exactly at ``SCHEMA_HEAD`` goes the slow way through
Alembic (upgrade, or a clear refusal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from vendor_review.domain.wording import counted, noun_for
from vendor_review.store import audit, protect, roles, search
from vendor_review.store.errors import SchemaTooNewError, SchemaTooOldError, StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPT_LOCATION = "vendor_review.store:migrations"
VERSION_TABLE = "alembic_version"
SCHEMA_HEAD = "0011"
"""The newest revision in ``migrations/versions``: what this build expects to find."""
MIGRATION_LOCK = 0x76725F6D6967  # pg_advisory_xact_lock key: "vr_mig"
_VERSION_QUERY = f"SELECT version_num FROM {VERSION_TABLE}"


def alembic_config(url: str | None = None) -> Config:
    """A ``Config`` pointing at the packaged migrations (``url`` only for dev tooling)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise StoreError("vendor-review ships no schema migrations")
    return head


def stored_revisions(engine: Engine) -> tuple[str, ...] | None:
    """The revisions recorded in the database, by one plain query on a raw connection
    (no transaction of SQLAlchemy's, so no ``BEGIN IMMEDIATE`` on SQLite); ``None`` when
    there is no version table to read."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        try:
            cursor.execute(_VERSION_QUERY)
            rows = cursor.fetchall()
        except engine.dialect.loaded_dbapi.Error:
            return None
        finally:
            cursor.close()
    finally:
        raw.close()  # back to the pool, which rolls back PostgreSQL's implicit transaction
    return tuple(sorted(str(row[0]) for row in rows))


def is_current(engine: Engine) -> bool:
    """True when the database is exactly at ``SCHEMA_HEAD`` (one query, no lock)."""
    return stored_revisions(engine) == (SCHEMA_HEAD,)


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions recorded in the database; empty for a database never migrated."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return ()
    rows = connection.execute(text(_VERSION_QUERY)).scalars()
    return tuple(sorted(str(row) for row in rows))


def check_schema(connection: Connection) -> tuple[str, ...]:
    """Raise unless this program understands the database's schema; return its revisions."""
    from vendor_review.store.tables import metadata

    revisions = current_revisions(connection)
    if revisions == (SCHEMA_HEAD,):
        return revisions
    script = script_directory()
    known = {rev.revision for rev in script.walk_revisions()}
    for revision in revisions:
        if revision not in known:
            raise SchemaTooNewError(
                f"database schema revision {revision} is newer than this program understands "
                f"(knows up to {head_revision()}); upgrade vendor-review"
            )
    if not revisions:
        ours = sorted(set(inspect(connection).get_table_names()) & set(metadata.tables))
        if ours:
            raise StoreError(
                f"the database has {noun_for(len(ours), 'table')} {', '.join(ours)} but no "
                "vendor-review schema version; it was not created by vendor-review, refusing to "
                "touch it"
            )
    return revisions


def require_head(connection: Connection) -> None:
    """Raise unless the database is exactly at this program's newest revision."""
    revisions = check_schema(connection)
    if revisions != (SCHEMA_HEAD,):
        found = ", ".join(revisions) or "none (empty database)"
        raise SchemaTooOldError(
            f"database schema revision {found} is older than this program needs "
            f"({SCHEMA_HEAD}); open it with migrations enabled to upgrade it"
        )


def upgrade(engine: Engine) -> bool:
    """Migrate to the newest revision in one transaction (serialised between processes).

    Returns whether anything was migrated; a database already at ``SCHEMA_HEAD`` costs one
    query and no lock. After a migration the planner statistics are refreshed (ANALYZE):
    a migration may add indexes that plans without statistics would not use.
    """
    if is_current(engine):
        return False
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite batch migrations recreate tables; with foreign keys on, dropping the
            # old table would fire ON DELETE CASCADE. The pragma only works outside a
            # transaction; the keys are checked before commit instead.
            _sqlite_pragma(connection, "foreign_keys = OFF")
        try:
            with connection.begin():  # BEGIN IMMEDIATE on SQLite (see sqlite_guard.py)
                if connection.dialect.name == "postgresql":
                    connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
                if check_schema(connection) == (SCHEMA_HEAD,):
                    return False
                from alembic import command

                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                views = _drop_read_views(connection)  # a migration may alter their tables
                command.upgrade(cfg, "head")
                after_upgrade(connection)
                if views:
                    for statement in roles.read_views_sql(views):
                        connection.execute(text(statement))
                if sqlite:
                    _check_foreign_keys(connection)
        finally:
            if sqlite:
                _sqlite_pragma(connection, "foreign_keys = ON")
    analyze(engine)
    return True


def analyze(engine: Engine) -> None:
    """Refresh the query planner's statistics (``ANALYZE``) on either database."""
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")


def refresh(engine: Engine) -> str | None:
    """What ``db upgrade`` does even when nothing is migrated: the vendor filter's index
    made where missing and remade from the vendors (``search.install``), the planner
    statistics refreshed. Returns why the filter has no index (None: it has one)."""
    with engine.begin() as connection:
        reason = search.install(connection)
    analyze(engine)
    return reason


def after_upgrade(connection: Connection) -> None:
    """Every table, new or altered, (re)protected with its columns as they are now; new
    columns change each row's snapshot, so the state check restarts (``audit.baseline``)."""
    for table in protect.data_tables(connection):
        protect.protect_table(connection, table)
    search.sync(connection)
    audit.write_baseline(connection, f"schema upgraded to {head_revision()}")


def _drop_read_views(connection: Connection) -> str | None:
    """PostgreSQL: drop ``db grant``'s read views (made again after the migrations, with
    the tables' new columns); returns the tables' schema if there were views."""
    if connection.dialect.name != "postgresql":
        return None
    found = connection.execute(
        text("SELECT to_regnamespace(:s) IS NOT NULL, current_schema()"), {"s": roles.READ_SCHEMA}
    ).one()
    if not found[0]:
        return None
    views = f"{roles.READ_SCHEMA}.audit_events, {roles.READ_SCHEMA}.alembic_version"
    connection.execute(text(f"DROP VIEW IF EXISTS {views}"))
    return str(connection.dialect.identifier_preparer.quote_identifier(found[1]))


def _sqlite_pragma(connection: Connection, pragma: str) -> None:
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is None:  # pragma: no cover - a checked-out connection has one
        raise StoreError("lost the SQLite connection during migration")
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA {pragma}")
    finally:
        cursor.close()


def _check_foreign_keys(connection: Connection) -> None:
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise StoreError(
            f"migration left {counted(len(problems), 'broken foreign key reference')}, e.g. "
            f"{tuple(problems[0])}; nothing was changed"
        )
