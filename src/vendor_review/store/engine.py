"""Engine and session factory for SQLite (default) and PostgreSQL (team use).

Build one ``Database`` per process with ``open_database(url)``; each use case then runs
``with db.sessionmaker.begin() as session:`` (one short transaction, one thread), or, for
a read that needs no ORM, ``with db.read() as connection:`` (Core queries on
``store.tables``). The ORM is imported only when the first session factory is used, so a
reporting command's start-up does not pay for it (issue 14).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect, text
from sqlalchemy.engine import URL, make_url

from vendor_review.store import migrate as migrations
from vendor_review.store import protect
from vendor_review.store.errors import (
    ActorOverrideError,
    DatabaseUnavailableError,
    IdentityError,
    ReadOnlyDatabaseError,
    StoreError,
)

Backend = Literal["sqlite", "postgresql"]

APP_NAME = "vendor-review"
BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 10
_BEGIN_OPTION = "vendor_review_begin"

if TYPE_CHECKING:
    from sqlalchemy import orm
    from sqlalchemy.orm import Session

    SessionFactories = tuple[orm.sessionmaker[Session], orm.sessionmaker[Session]]


@dataclass(frozen=True)
class Database:
    """An open database: the engine plus the session factories bound to it.

    - ``sessionmaker``: read-write transactions. On SQLite every transaction starts
      with ``BEGIN IMMEDIATE`` (takes the write lock up front, waits up to
      ``busy_timeout`` for it), so two writers never deadlock on a lock upgrade.
    - ``read_sessionmaker``: read-only transactions (plain deferred ``BEGIN`` on SQLite,
      so reads never wait for a writer; ``READ ONLY`` transactions on PostgreSQL).
    - ``read()``: the same read-only transaction as a Core connection (no ORM).
    Sessions use ``expire_on_commit=False``; the factories are built (and the ORM
    imported) on first use, by ``factories``.
    """

    engine: Engine
    readers: Engine | Connection
    """What reads run on: the engine with read-only transactions, or one open connection
    whose transaction every use case joins (``demo.one_transaction``)."""
    factories: Callable[[], SessionFactories] = field(repr=False)
    """Builds ``(sessionmaker, read_sessionmaker)``."""
    guard: WriteGuard = field(default_factory=lambda: WriteGuard())

    @cached_property
    def _sessions(self) -> SessionFactories:
        return self.factories()

    @property
    def sessionmaker(self) -> orm.sessionmaker[Session]:
        return self._sessions[0]

    @property
    def read_sessionmaker(self) -> orm.sessionmaker[Session]:
        return self._sessions[1]

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A read-only transaction on a Core connection (rolled back at the end)."""
        if isinstance(self.readers, Connection):
            yield self.readers
            return
        with self.readers.connect() as connection:
            yield connection

    @property
    def read_only_reason(self) -> str | None:
        """Why this database takes no writes (read-only file, damaged file), if known."""
        return self.guard.reason

    def check_integrity(self) -> str | None:
        """SQLite: ``PRAGMA quick_check`` now (once per open database), without taking the
        write lock; a damaged file is then refused every write, with how to recover.
        Returns why the database takes no writes (damaged, read-only), or None.

        The app calls it as it starts (in a worker: the screen does not wait); commands
        that write run it before their first write; read-only commands do not pay for it
        (it reads the whole file: ~0.2-0.5 s at 1,000 vendors).
        """
        if self.engine.dialect.name == "sqlite" and not self.guard.checked:
            readers = self.engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
            with readers.connect() as connection:
                _quick_check(connection, self.guard)
        return self.guard.reason

    @property
    def backend(self) -> Backend:
        return backend(self)

    @property
    def display_url(self) -> str:
        """The URL with any password masked, fit for messages and logs."""
        return self.engine.url.render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.dispose()


def backend(db: Database | Engine) -> Backend:
    engine = db.engine if isinstance(db, Database) else db
    name = engine.dialect.name
    if name not in ("sqlite", "postgresql"):  # pragma: no cover - refused in open_database
        raise StoreError(f"unsupported database backend {name}")
    return "sqlite" if name == "sqlite" else "postgresql"


def default_sqlite_url() -> str:
    """``sqlite:///`` URL of the default database in the user's data directory."""
    return _data_dir_url("vendor-review.db")


def demo_sqlite_url() -> str:
    """``sqlite:///`` URL of the separate demo database (``--demo``)."""
    return _data_dir_url("demo.db")


def _data_dir_url(filename: str) -> str:
    from platformdirs import user_data_dir

    directory = Path(user_data_dir(APP_NAME))
    directory.mkdir(parents=True, exist_ok=True)
    return URL.create("sqlite", database=str(directory / filename)).render_as_string()


def normalize_url(url: str) -> URL:
    """Parse ``url``; ``postgresql://``/``postgres://`` become ``postgresql+psycopg://``."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError:
        raise StoreError(
            "not a valid database URL (expected sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST:PORT/DATABASE)"
        ) from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise StoreError(
            f"unsupported database URL scheme {parsed.drivername}:// "
            "(use sqlite:///PATH or postgresql+psycopg://...)"
        )
    return parsed


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Connect, check the schema and (``migrate=True``) bring it up to date.

    Raises ``DatabaseUnavailableError``, ``ReadOnlyDatabaseError``, ``SchemaTooNewError``
    or ``StoreError``; in every refused case nothing in the database was changed.
    ``migrate=False`` changes nothing and requires the schema to be exactly current
    (``SchemaTooOldError`` otherwise, ``SchemaTooNewError`` if newer).

    SQLite: the checks on open only read (a writer holding a long transaction never
    delays them: the write lock is taken only when a migration is due). A read-only file
    or folder (an archive) opens read-only, and a file that fails ``PRAGMA quick_check``
    (run when the first write begins) for reading only: both list, verify and export;
    every write is refused with ``ReadOnlyDatabaseError`` saying why. An empty (0-byte)
    file and a SQLite file with other tables but no vendor-review schema are refused,
    never initialised.
    """
    parsed = normalize_url(url)
    guard = WriteGuard()
    if parsed.get_backend_name() == "sqlite":
        parsed = _sqlite_open_url(parsed, guard)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", partial(_on_sqlite_begin, guard))
        event.listen(engine, "rollback", _forget_captured_rows)
        readers = engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
    else:
        connect_args: dict[str, Any] = {"application_name": APP_NAME}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
        event.listen(engine, "connect", _on_postgresql_connect)
        readers = engine.execution_options(postgresql_readonly=True)
    try:
        _probe(readers)
        try:
            if engine.dialect.name == "sqlite":
                _check_sqlite_content(readers)
            _check_or_upgrade(engine, readers, guard, migrate=migrate)
        except exc.DBAPIError as error:
            where = engine.url.render_as_string(hide_password=True)
            reason = _first_line(str(error.orig), engine.url.password)
            raise StoreError(f"cannot check or upgrade the schema of {where}: {reason}") from error
    except BaseException:
        engine.dispose()
        raise
    return Database(
        engine=engine, readers=readers, factories=partial(_sessions, engine, readers), guard=guard
    )


def _sessions(engine: Engine, readers: Engine) -> SessionFactories:
    from sqlalchemy import orm

    from vendor_review.store import audit

    writers = orm.sessionmaker(engine, expire_on_commit=False)
    # SQLite: row changes after a transaction's last audit event get an event of their own.
    event.listen(writers, "after_begin", audit.remember_connection)
    event.listen(writers, "before_commit", audit.record_pending_rows)
    return writers, orm.sessionmaker(readers, expire_on_commit=False)


def _check_or_upgrade(engine: Engine, readers: Engine, guard: WriteGuard, *, migrate: bool) -> None:
    """Read the schema version first; only a due migration takes the write lock."""
    with readers.connect() as connection:
        if migrations.check_schema(connection) == (migrations.SCHEMA_HEAD,):
            return
        if not migrate:
            migrations.require_head(connection)
            return
    if guard.reason:
        raise ReadOnlyDatabaseError(
            f"{guard.reason}; its schema is older than this program needs and upgrading it "
            "would write: open a writable copy"
        )
    migrations.upgrade(engine)


@dataclass
class WriteGuard:
    """Why this SQLite database takes no writes (read-only archive, damaged), if it does
    not; ``checked`` once the first write transaction ran ``quick_check``."""

    reason: str | None = None
    checked: bool = False


def _sqlite_open_url(url: URL, guard: WriteGuard) -> URL:
    """Check the file before SQLite touches it; a read-only one opens with ``mode=ro``."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        if url.query.get("mode") == "ro" or (database and "mode=ro" in database):
            guard.reason = "the database was opened read-only (mode=ro)"
        return url
    path = Path(database)
    if not path.exists():
        if not path.parent.is_dir():
            raise DatabaseUnavailableError(
                f"cannot create database file {path}: directory {path.parent} does not exist"
            )
        if _read_only(path.parent):
            raise ReadOnlyDatabaseError(
                f"directory {path.parent} of database file {path.name} is read-only; "
                "SQLite needs to create its journal files there"
            )
        return url
    if path.is_dir():
        raise DatabaseUnavailableError(f"{path} is a folder, not a database file")
    if path.stat().st_size == 0:
        raise StoreError(
            f"{path} is an empty file (0 bytes), not a vendor-review database; refusing to "
            "initialise it (delete it, or choose a new file name, to start afresh)"
        )
    read_only_file = _read_only(path)
    read_only_dir = _read_only(path.parent)
    if not (read_only_file or read_only_dir):
        return url
    what = f"database file {path}" if read_only_file else f"folder {path.parent}"
    guard.reason = f"{what} is read-only, so the database is open for reading only"
    # An archive nobody writes: opened immutable, SQLite creates no -wal/-shm beside it;
    # only a copy that still has its WAL file beside it needs reading through the WAL.
    has_wal = Path(f"{path}-wal").exists() and not read_only_dir
    query = "mode=ro" if has_wal else "mode=ro&immutable=1"
    return url.set(database=f"file:{quote(str(path.resolve()))}?{query}", query={"uri": "true"})


def _read_only(path: Path) -> bool:
    """No write bit (even for root, who ``os.access`` always lets write) or no access."""
    return path.stat().st_mode & 0o222 == 0 or not os.access(path, os.W_OK)


def _check_sqlite_content(readers: Engine) -> None:
    """Refuse a database with someone else's tables and no vendor-review schema."""
    with readers.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    if tables and migrations.VERSION_TABLE not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise StoreError(
            f"{_sqlite_path(readers)} holds other tables ({shown}) and no vendor-review "
            "schema version; it was not created by vendor-review, refusing to touch it"
        )


def _quick_check(connection: Connection, guard: WriteGuard) -> None:
    """Before the first write: ``PRAGMA quick_check``; a damaged file takes no writes."""
    guard.checked = True
    try:
        rows = [str(r) for r in connection.exec_driver_sql("PRAGMA quick_check(3)").scalars()]
    except exc.DatabaseError as error:  # so damaged that the check itself cannot finish
        if "malformed" not in str(error.orig):
            raise
        rows = [_first_line(str(error.orig), None)]
    if rows != ["ok"]:
        path = _sqlite_path(connection.engine)
        guard.reason = (
            f"database file {path} is damaged (quick_check: {'; '.join(rows)[:200]}), so it "
            "is open for reading only. To recover, move it aside and copy your latest "
            f"'vendor-review backup' file to {path}, or salvage what is left with "
            f"'sqlite3 {path} .recover'"
        )


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database or ""
    if database.startswith("file:"):
        from urllib.parse import unquote

        return unquote(database[5:].split("?", 1)[0])
    return database


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    # Take transaction control away from the sqlite3 module: _on_sqlite_begin emits BEGIN.
    dbapi_connection.isolation_level = None
    protect.install_sqlite_functions(dbapi_connection, record.info)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL (readers never wait for a writer) for our databases and new ones; a file
        # with other tables is left exactly as it is (it is refused on open).
        tables = cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE name = 'alembic_version') "
            "FROM sqlite_master WHERE type = 'table'"
        ).fetchone()
        if tables[0] == 0 or tables[1]:
            with contextlib.suppress(sqlite3.OperationalError):  # read-only medium: as is
                cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


_READ_VIEWS_FIRST = """
SELECT set_config('search_path', 'vendor_review_read, ' || current_setting('search_path'), false)
WHERE to_regnamespace('vendor_review_read') IS NOT NULL
  AND has_schema_privilege('vendor_review_read', 'USAGE')
  AND to_regclass('audit_events') IS NOT NULL
  AND NOT has_table_privilege(to_regclass('audit_events'), 'SELECT')
"""


def _on_postgresql_connect(dbapi_connection: Any, record: Any) -> None:
    """A role that holds no privilege on ``audit_events`` and ``alembic_version`` (every
    ``db grant`` role: only the owner does) reads them through the owner's read-only views
    (``store.roles.READ_SCHEMA``), put first on this session's ``search_path``."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True  # a setting for the session, not one transaction
    try:
        with dbapi_connection.cursor() as cursor:
            cursor.execute(_READ_VIEWS_FIRST)
    finally:
        dbapi_connection.autocommit = autocommit


def _on_sqlite_begin(guard: WriteGuard, connection: Connection) -> None:
    options: Mapping[str, Any] = connection.get_execution_options()
    deferred = options.get(_BEGIN_OPTION) == "DEFERRED"
    if not deferred and guard.reason:
        raise ReadOnlyDatabaseError(f"nothing was changed: {guard.reason}")
    _forget_captured_rows(connection)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")
    if not deferred and not guard.checked:
        # Checked at the first write, not on open: read-only commands keep their start-up
        # time (quick_check reads the whole file: 0.2 s for 90 MB).
        _quick_check(connection, guard)
        if guard.reason:
            connection.exec_driver_sql("ROLLBACK")
            raise ReadOnlyDatabaseError(f"nothing was changed: {guard.reason}")


def _forget_captured_rows(connection: Connection) -> None:
    capture = protect.capture_of(connection)
    if capture is not None:
        capture.clear()


def _probe(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if connection.dialect.name == "postgresql":
                _require_own_identity(connection)
    except exc.DBAPIError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = _first_line(str(error.orig), engine.url.password)
        raise DatabaseUnavailableError(f"cannot connect to {where}: {reason}") from None


def _require_own_identity(connection: Connection) -> str:
    """The login role (``session_user``); refuses a session acting as another role."""
    login, acting = connection.execute(text("SELECT session_user, current_user")).one()
    if login != acting:
        raise IdentityError(
            f"connected as {login} but acting as role {acting} (SET ROLE, or "
            f"PGOPTIONS='-c role=...'); vendor-review acts only as the login role: "
            "remove the role setting"
        )
    return str(login)


def _first_line(message: str, password: object) -> str:
    line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if isinstance(password, str) and password:
        line = line.replace(password, "***")
    return line


def current_actor(db: Database, override: str | None = None) -> str:
    """Who is acting: the PostgreSQL login role (``session_user``; a session that took on
    another role is refused), or on SQLite ``override`` or the OS login."""
    if db.backend == "postgresql":
        with db.engine.connect() as connection:
            role = _require_own_identity(connection)
        if override is not None and override != role:
            raise ActorOverrideError(
                f"--actor is not allowed on PostgreSQL: the actor is the database role {role!r}"
            )
        return role
    if override is not None and override.strip():
        return override.strip()
    return _os_login()


def _os_login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"
