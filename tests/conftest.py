"""Database fixtures shared by every test level.

- ``db_url``: an empty database, once per backend: an SQLite file in ``tmp_path``, and a
  fresh PostgreSQL database ``vendor_review_test_<hex>`` when
  ``VENDOR_REVIEW_TEST_DATABASE_URL`` names an admin URL (else that case is skipped;
  with ``VENDOR_REVIEW_REQUIRE_POSTGRES=1`` it fails instead). Dropped afterwards.
- ``db``: ``open_database(db_url)`` (migrated), disposed afterwards.
- ``pg_db_url`` / ``pg_db``: the same for PostgreSQL only (tests of PostgreSQL behaviour).
- ``pg_role_url``: ``pg_role_url(db_url, "alice"[, level])`` -> URL connecting to that
  database as the LOGIN role ``vendor_review_test_alice`` (created if missing), made an
  approver (or ``level``: reviewer, read-only) with ``db grant``'s ``roles.grant``.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from vendor_review.store import Database, open_database, roles

PG_ENV = "VENDOR_REVIEW_TEST_DATABASE_URL"
REQUIRE_PG_ENV = "VENDOR_REVIEW_REQUIRE_POSTGRES"
TEST_DB_PREFIX = "vendor_review_test_"
TEST_ROLE_PREFIX = "vendor_review_test_"
SKIP_REASON = f"set {PG_ENV} to run PostgreSQL tests"
ROLE_LOCK = 0x76725F726F6C  # pg_advisory_lock key: "vr_rol"

PgRoleUrl = Callable[..., str]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs against a PostgreSQL server")


def _require_postgres() -> bool:
    return os.environ.get(REQUIRE_PG_ENV, "") not in ("", "0")


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine | str]:
    """An AUTOCOMMIT engine on the admin URL, or the reason PostgreSQL is unavailable."""
    url = os.environ.get(PG_ENV)
    if not url:
        yield SKIP_REASON
        return
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
        yield f"PostgreSQL at {where} is unreachable: {str(error).splitlines()[0]}"
        return
    yield engine
    engine.dispose()


def _admin_engine(pg_admin: Engine | str) -> Engine:
    if isinstance(pg_admin, Engine):
        return pg_admin
    if _require_postgres():
        pytest.fail(f"{REQUIRE_PG_ENV}=1 but {pg_admin}")
    pytest.skip(pg_admin)


@contextmanager
def _fresh_pg_database(admin: Engine) -> Iterator[str]:
    name = TEST_DB_PREFIX + secrets.token_hex(6)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vendor-review.db'}"
        return
    with _fresh_pg_database(_admin_engine(request.getfixturevalue("pg_admin"))) as url:
        yield url


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def pg_db_url(pg_admin: Engine | str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database only (for PostgreSQL-specific tests)."""
    with _fresh_pg_database(_admin_engine(pg_admin)) as url:
        yield url


@pytest.fixture
def pg_db(pg_db_url: str) -> Iterator[Database]:
    database = open_database(pg_db_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def pg_role_url(request: pytest.FixtureRequest) -> PgRoleUrl:
    """Call after migrating: grants cover the tables and sequences that exist then."""

    def make(db_url: str, role: str, level: roles.Level = "approver") -> str:
        url = make_url(db_url)
        if url.get_backend_name() != "postgresql":
            raise ValueError("pg_role_url needs a PostgreSQL db_url")
        admin = _admin_engine(request.getfixturevalue("pg_admin"))
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

    return make
