"""Databases and services for tests: migrated SQLite files and PostgreSQL databases copied
from a template migrated once per test process, services as any actor at a fixed time, and
what the audit log holds.

The fixtures in ``tests/conftest.py`` (``db_url``, ``db``, ``pg_db``, ``pg_role_url``) call
these; a test that needs a database of its own (a second file, a copy) calls them directly.
"""

from __future__ import annotations

import functools
import re
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from support.scratch import process_folder
from vendor_review.demo import load_demo
from vendor_review.domain.loader import (
    CatalogResult,
    builtin_questionnaire_dir,
    load_catalog,
    yaml_files,
)
from vendor_review.domain.policy import Policy, default_policy
from vendor_review.service import FixedClock, Service
from vendor_review.settings import Settings
from vendor_review.store import Database, open_database, roles
from vendor_review.store.models import AuditEvent

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

TEST_DB_PREFIX = "vendor_review_test_"
TEST_ROLE_PREFIX = "vendor_review_test_"
ROLE_LOCK = 0x76725F726F6C  # pg_advisory_lock key: "vr_rol"
SQLITE_SUFFIXES = ("", "-wal", "-shm")

MakeService = Callable[..., Service]


# --- services ---------------------------------------------------------------------------


def service_factory(
    db: Database,
    qdir: Path,
    *,
    at: datetime = T0,
    policy: Policy | None = None,
    max_bytes: int | None = None,
    catalog_once: bool = False,
) -> MakeService:
    """``make("bob", at=datetime(...))``: a service on ``db`` as that actor, the clock fixed
    (``at`` by default), the built-in questionnaires plus the folder ``qdir`` (read on each
    use, or ``catalog_once`` now)."""
    default_at, default_bytes = at, max_bytes
    loaded = catalog_of(qdir) if catalog_once else None

    def catalog() -> CatalogResult:
        return loaded or catalog_of(qdir)

    def make(
        actor: str = "alice", *, at: datetime = default_at, max_bytes: int | None = None
    ) -> Service:
        return Service(
            db,
            actor=actor,
            catalog=catalog,
            policy=policy or default_policy(),
            clock=FixedClock(at),
            evidence_max_bytes=max_bytes or default_bytes or EVIDENCE_MAX_BYTES,
        )

    return make


_PARSED: dict[tuple[bytes, ...], CatalogResult] = {}


def catalog_of(qdir: Path) -> CatalogResult:
    """``load_catalog`` of the built-in questionnaires and ``qdir``, the files read each
    time but parsed once per test process for the same contents (the built-in files alone
    take a quarter of a second): a hit is the first result with ``qdir``'s paths. A folder
    with a problem is loaded afresh, so that its errors name their own files."""
    builtin = builtin_questionnaire_dir()
    try:
        files = yaml_files(qdir, skip=frozenset())
        key = tuple(b"%s\0%s" % (p.name.encode(), p.read_bytes()) for p in files)
    except OSError:
        return load_catalog(builtin, [qdir])
    first = _PARSED.get(key)
    if first is None:
        result = load_catalog(builtin, [qdir])
        if not result.problems:
            _PARSED[key] = result
        return result
    return CatalogResult(
        {
            qid: item if item.builtin else replace(item, path=qdir / item.path.name)
            for qid, item in first.questionnaires.items()
        },
        [],
    )


# --- SQLite -----------------------------------------------------------------------------


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_database(source: Path, target: Path) -> None:
    """An SQLite file with its ``-wal``/``-shm`` companions, copied as they are."""
    for suffix in SQLITE_SUFFIXES:
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


@functools.cache
def _template_file() -> Path:
    """An SQLite file migrated to the current schema, made once per test process."""
    path = process_folder("template") / "template.db"
    open_database(sqlite_url(path)).dispose()
    return path


def migrated_sqlite_url(path: Path) -> str:
    """The URL of a new SQLite file at ``path``, already migrated (a copy of the template:
    the same as a first ``open_database``, without running every migration again)."""
    if Path(path).exists():
        raise FileExistsError(path)
    copy_database(_template_file(), path)
    return sqlite_url(path)


def open_sqlite(path: Path) -> Database:
    """``open_database`` on a new, migrated SQLite file at ``path`` (dispose it after)."""
    return open_database(migrated_sqlite_url(path))


DEMO_AS_OF = date(2026, 6, 15)


@functools.cache
def _demo_file() -> Path:
    """The example portfolio as of ``DEMO_AS_OF``, loaded once per test process."""
    path = process_folder("demo") / "demo.db"
    load_demo(Settings(), sqlite_url(path), as_of=DEMO_AS_OF)
    return path


def demo_sqlite_url(path: Path) -> str:
    """The URL of a new SQLite file at ``path`` holding the example portfolio as of
    ``DEMO_AS_OF`` (``load_demo``), copied from one loaded once per test process."""
    if Path(path).exists():
        raise FileExistsError(path)
    copy_database(_demo_file(), path)
    return sqlite_url(path)


# --- PostgreSQL -------------------------------------------------------------------------


def pg_admin_engine(url: str) -> Engine | str:
    """An AUTOCOMMIT engine on the admin URL, or the reason PostgreSQL is unavailable."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(
        parsed, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5}
    )
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure means "unreachable"
        engine.dispose()
        where = parsed.render_as_string(hide_password=True)
        return f"PostgreSQL at {where} is unreachable: {str(error).splitlines()[0]}"
    return engine


def _database_url(admin: Engine, name: str) -> str:
    return admin.url.set(database=name).render_as_string(hide_password=False)


def create_pg_database(
    admin: Engine, *, template: str = "template0", name: str | None = None
) -> str:
    """A new database (``vendor_review_test_<hex>`` unless ``name``) copied from
    ``template``: its URL."""
    name = name or TEST_DB_PREFIX + secrets.token_hex(6)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return _database_url(admin, name)


def drop_pg_database(admin: Engine, url: str) -> None:
    name = make_url(url).database
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


class BackgroundDrops:
    """Drops test databases off the test's path: ``DROP DATABASE`` waits for a checkpoint
    (seconds on a busy server), which no test needs to wait for, and drops that run together
    share one checkpoint. ``close()`` waits for every drop and raises the first failure."""

    def __init__(self, admin: Engine, threads: int = 4) -> None:
        self._admin = admin
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="drop-test-db")
        self._pending: list[Future[None]] = []

    def drop(self, url: str) -> None:
        self._pending.append(self._pool.submit(drop_pg_database, self._admin, url))

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        for dropped in self._pending:
            dropped.result()


@contextmanager
def fresh_pg_database(
    admin: Engine,
    *,
    template: str = "template0",
    drop: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """A new PostgreSQL database (empty, or a copy of ``template``), dropped afterwards
    (by ``drop``, e.g. ``BackgroundDrops.drop``; else before returning)."""
    url = create_pg_database(admin, template=template)
    try:
        yield url
    finally:
        if drop is None:
            drop_pg_database(admin, url)
        else:
            drop(url)


@contextmanager
def pg_template(admin: Engine) -> Iterator[str]:
    """A PostgreSQL database migrated to the current schema, for ``CREATE DATABASE …
    TEMPLATE`` (nobody stays connected to it): its name."""
    with fresh_pg_database(admin) as url:
        open_database(url).dispose()
        yield str(make_url(url).database)


def pg_role_url(admin: Engine, db_url: str, role: str, level: roles.Level = "approver") -> str:
    """A URL connecting to ``db_url``'s database as the LOGIN role
    ``vendor_review_test_<role>`` (created if missing), granted ``level`` with ``db grant``'s
    ``roles.grant``. Call after migrating: grants cover the tables that exist then."""
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError("pg_role_url needs a PostgreSQL db_url")
    name = role if role.startswith(TEST_ROLE_PREFIX) else TEST_ROLE_PREFIX + role
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"unsafe role name {name!r}")
    # Roles and memberships are cluster-wide: one test process changes them at a time
    # (pytest -n), holding an advisory lock on the admin database meanwhile.
    with admin.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ROLE_LOCK})
        try:
            lock.execute(
                text(
                    f"DO $$ BEGIN CREATE ROLE {name} LOGIN; "
                    "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
                )
            )
            granting = create_engine(url, isolation_level="AUTOCOMMIT")
            try:
                with granting.connect() as connection:
                    roles.grant(connection, name, level)
            finally:
                granting.dispose()
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ROLE_LOCK})
    return url.set(username=name, password=None).render_as_string(hide_password=False)


# --- what the audit log holds -----------------------------------------------------------


def tamper_audit(db: Database, sql: str, **params: object) -> None:
    """Run ``sql`` on ``audit_events`` behind the append-only triggers' back, as an attacker
    with DDL rights could (PostgreSQL: triggers disabled meanwhile; SQLite: dropped)."""
    with db.engine.begin() as connection:
        if db.backend == "postgresql":
            connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER ALL"))
            connection.execute(text(sql), params)
            connection.execute(text("ALTER TABLE audit_events ENABLE TRIGGER ALL"))
        else:
            connection.execute(text("DROP TRIGGER audit_events_no_update"))
            connection.execute(text("DROP TRIGGER audit_events_no_delete"))
            connection.execute(text(sql), params)


@contextmanager
def outside_sqlite(db: Database, *, register: bool = True) -> Iterator[sqlite3.Connection]:
    """The SQLite file opened by another program (autocommit); ``register``: it defines a
    no-op ``vr_row`` (and ``vr_sha256``), so the capture triggers let its writes through
    unrecorded, as an attacker with Python can."""
    path = make_url(str(db.engine.url)).database
    assert path
    connection = sqlite3.connect(path, isolation_level=None)
    if register:
        connection.create_function("vr_row", 3, lambda *args: None)
        connection.create_function("vr_sha256", 1, lambda *args: None)
    try:
        yield connection
    finally:
        connection.close()


def count_events(db: Database, *, rows: bool = False) -> int:
    """Events the service recorded; ``rows=True``: also PostgreSQL's per-row ``row.*``
    events (the whole chain, what ``verify`` walks)."""
    query = select(func.count()).select_from(AuditEvent)
    if not rows:
        query = query.where(AuditEvent.action.not_like("row.%"))
    with db.read_sessionmaker() as session:
        return session.scalar(query) or 0


def events_since(db: Database, seq: int) -> list[tuple[str, str]]:
    """(action, entity) of every event the service recorded after ``seq``, in order (not
    the ``row.*`` events PostgreSQL's triggers add for each row: tests/store covers those)."""
    with db.read_sessionmaker() as session:
        rows = session.execute(
            select(AuditEvent.action, AuditEvent.entity)
            .where(AuditEvent.seq > seq, AuditEvent.action.not_like("row.%"))
            .order_by(AuditEvent.seq)
        )
        return [(r.action, r.entity) for r in rows]


def audit_count(service: Service) -> int:
    """How many audit events the chain holds: nothing stored means this did not move."""
    return service.verify_audit().checked
