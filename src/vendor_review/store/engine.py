"""Engine and session factory for SQLite (default) and PostgreSQL (team use).

Build one ``Database`` per process with ``open_database(url)``; each use case then runs
``with db.sessionmaker.begin() as session:`` (one short transaction, one thread), or, for
a read that needs no ORM, ``with db.read() as connection:`` (Core queries on
``store.tables``). The ORM is imported only when the first session factory is used, so a
reporting command's start-up does not pay for it (issue 14).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect, text
from sqlalchemy.engine import URL, make_url

from vendor_review.store import migrate as migrations
from vendor_review.store import roles, sqlite_guard

# current_actor lives in store.actor; callers still import it from here.
from vendor_review.store.actor import current_actor as current_actor
from vendor_review.store.actor import require_own_identity
from vendor_review.store.errors import (
    DatabaseUnavailableError,
    ReadOnlyDatabaseError,
    StoreError,
    first_line,
)
from vendor_review.store.sqlite_guard import BEGIN_OPTION, WriteGuard

Backend = Literal["sqlite", "postgresql"]

APP_NAME = "vendor-review"
CONNECT_TIMEOUT_S = 10

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
            readers = self.engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})
            with readers.connect() as connection:
                sqlite_guard.quick_check(connection, self.guard)
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
        parsed = sqlite_guard.open_url(parsed, guard)
        engine = create_engine(parsed)
        event.listen(engine, "connect", sqlite_guard.on_connect)
        event.listen(engine, "begin", partial(sqlite_guard.on_begin, guard))
        event.listen(engine, "rollback", sqlite_guard.forget_captured_rows)
        readers = engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})
    else:
        connect_args: dict[str, Any] = {"application_name": APP_NAME}
        if "connect_timeout" not in parsed.query:
            connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
        engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
        event.listen(engine, "connect", roles.read_views_first)
        readers = engine.execution_options(postgresql_readonly=True)
    try:
        _probe(readers)
        try:
            if engine.dialect.name == "sqlite":
                _check_sqlite_content(readers)
            _check_or_upgrade(engine, readers, guard, migrate=migrate)
        except exc.DBAPIError as error:
            where = engine.url.render_as_string(hide_password=True)
            reason = first_line(str(error.orig), engine.url.password)
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


def _check_sqlite_content(readers: Engine) -> None:
    """Refuse a database with someone else's tables and no vendor-review schema."""
    with readers.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    if tables and migrations.VERSION_TABLE not in tables:
        shown = ", ".join(sorted(tables)[:5])
        raise StoreError(
            f"{sqlite_guard.file_path(readers)} holds other tables ({shown}) and no vendor-review "
            "schema version; it was not created by vendor-review, refusing to touch it"
        )


def _probe(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if connection.dialect.name == "postgresql":
                require_own_identity(connection)
    except exc.DBAPIError as error:
        where = engine.url.render_as_string(hide_password=True)
        reason = first_line(str(error.orig), engine.url.password)
        raise DatabaseUnavailableError(f"cannot connect to {where}: {reason}") from None
