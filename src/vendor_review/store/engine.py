"""Engine and session factory for SQLite (default) and PostgreSQL (team use).

Build one ``Database`` per process with ``open_database(url)``; each use case then runs
``with db.sessionmaker.begin() as session:`` (one short transaction, one thread).
"""

from __future__ import annotations

import contextlib
import getpass
import os
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_data_dir
from sqlalchemy import Connection, Engine, create_engine, event, exc, orm, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from vendor_review.store import audit, protect
from vendor_review.store import migrate as migrations
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


@dataclass(frozen=True)
class Database:
    """An open database: the engine plus the session factories bound to it.

    - ``sessionmaker``: read-write transactions. On SQLite every transaction starts
      with ``BEGIN IMMEDIATE`` (takes the write lock up front, waits up to
      ``busy_timeout`` for it), so two writers never deadlock on a lock upgrade.
    - ``read_sessionmaker``: read-only transactions (plain deferred ``BEGIN`` on SQLite,
      so reads never wait for a writer; ``READ ONLY`` transactions on PostgreSQL).
    Both use ``expire_on_commit=False``.
    """

    engine: Engine
    sessionmaker: orm.sessionmaker[Session]
    read_sessionmaker: orm.sessionmaker[Session]

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
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(parsed)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        event.listen(engine, "rollback", _forget_captured_rows)
        readers = engine.execution_options(**{_BEGIN_OPTION: "DEFERRED"})
    else:
        connect_args: dict[str, Any] = {"application_name": APP_NAME}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
        readers = engine.execution_options(postgresql_readonly=True)
    try:
        _probe(engine)
        try:
            if migrate:
                migrations.upgrade(engine)
            else:
                with engine.connect() as connection:
                    migrations.require_head(connection)
        except exc.DBAPIError as error:
            where = engine.url.render_as_string(hide_password=True)
            reason = _first_line(str(error.orig), engine.url.password)
            raise StoreError(f"cannot check or upgrade the schema of {where}: {reason}") from error
    except BaseException:
        engine.dispose()
        raise
    writers = orm.sessionmaker(engine, expire_on_commit=False)
    # SQLite: row changes after a transaction's last audit event get an event of their own.
    event.listen(writers, "after_begin", audit.remember_connection)
    event.listen(writers, "before_commit", audit.record_pending_rows)
    return Database(
        engine=engine,
        sessionmaker=writers,
        read_sessionmaker=orm.sessionmaker(readers, expire_on_commit=False),
    )


def _check_sqlite_file(url: URL) -> None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists():
        if path.stat().st_mode & 0o222 == 0 or not os.access(path, os.W_OK):
            raise ReadOnlyDatabaseError(
                f"database file {path} is read-only; vendor-review needs to write to it "
                "(make it writable, or copy it and open the copy)"
            )
    elif not path.parent.is_dir():
        raise DatabaseUnavailableError(
            f"cannot create database file {path}: directory {path.parent} does not exist"
        )
    directory = path.parent
    if directory.stat().st_mode & 0o222 == 0 or not os.access(directory, os.W_OK):
        raise ReadOnlyDatabaseError(
            f"directory {directory} of database file {path.name} is read-only; "
            "SQLite needs to create its journal files there"
        )


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
    # Take transaction control away from the sqlite3 module: _on_sqlite_begin emits BEGIN.
    dbapi_connection.isolation_level = None
    protect.install_sqlite_functions(dbapi_connection, record.info)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        with contextlib.suppress(sqlite3.OperationalError):  # read-only medium: keep as is
            cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    options: Mapping[str, Any] = connection.get_execution_options()
    deferred = options.get(_BEGIN_OPTION) == "DEFERRED"
    _forget_captured_rows(connection)
    connection.exec_driver_sql("BEGIN" if deferred else "BEGIN IMMEDIATE")


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
