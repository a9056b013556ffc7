"""Database fixtures shared by every test level (the code they call: ``support.database``).

- ``db_url``: an empty database, once per backend: an SQLite file in ``tmp_path``, and a
  fresh PostgreSQL database ``vendor_review_test_<hex>`` when
  ``VENDOR_REVIEW_TEST_DATABASE_URL`` names an admin URL (else that case is skipped;
  with ``VENDOR_REVIEW_REQUIRE_POSTGRES=1`` it fails instead). Dropped afterwards.
- ``db``: that database migrated and open (a copy of a template migrated once per test
  process: the SQLite file copied, ``CREATE DATABASE … TEMPLATE`` on PostgreSQL — made so
  at once when the test asks for ``db``), disposed afterwards. PostgreSQL databases are
  dropped in the background (``BackgroundDrops``), all gone when the test process ends.
- ``pg_db_url`` / ``pg_db``: the same for PostgreSQL only (tests of PostgreSQL behaviour).
- ``pg_role_url``: ``pg_role_url(db_url, "alice"[, level])`` -> URL connecting to that
  database as the LOGIN role ``vendor_review_test_alice`` (created if missing), made an
  approver (or ``level``: reviewer, read-only) with ``db grant``'s ``roles.grant``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from support.database import (
    BackgroundDrops,
    create_pg_database,
    drop_pg_database,
    fresh_pg_database,
    migrated_sqlite_url,
    pg_admin_engine,
    pg_template,
)
from support.database import (
    pg_role_url as role_url,
)
from vendor_review.service import Service
from vendor_review.store import Database, open_database, roles

PG_ENV = "VENDOR_REVIEW_TEST_DATABASE_URL"
REQUIRE_PG_ENV = "VENDOR_REVIEW_REQUIRE_POSTGRES"
SKIP_REASON = f"set {PG_ENV} to run PostgreSQL tests"

PgRoleUrl = Callable[..., str]


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The questionnaire cache of every test (and of the programs tests start) in a folder
    of this test process, never the user's own cache."""
    from vendor_review.service.catalog_cache import CACHE_ENV

    saved = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))
    yield
    if saved is None:
        del os.environ[CACHE_ENV]
    else:
        os.environ[CACHE_ENV] = saved


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: runs against a PostgreSQL server")
    config.addinivalue_line(
        "markers",
        "slow: many generated or hostile cases, or an old program run (always run by make "
        "test and CI; -m 'not slow' leaves them out while editing)",
    )


def _require_postgres() -> bool:
    return os.environ.get(REQUIRE_PG_ENV, "") not in ("", "0")


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[Engine | str]:
    """An AUTOCOMMIT engine on the admin URL, or the reason PostgreSQL is unavailable."""
    url = os.environ.get(PG_ENV)
    if not url:
        yield SKIP_REASON
        return
    admin = pg_admin_engine(url)
    yield admin
    if isinstance(admin, Engine):
        admin.dispose()


def _admin_engine(pg_admin: Engine | str) -> Engine:
    if isinstance(pg_admin, Engine):
        return pg_admin
    if _require_postgres():
        pytest.fail(f"{REQUIRE_PG_ENV}=1 but {pg_admin}")
    pytest.skip(pg_admin)


@pytest.fixture(scope="session")
def pg_template_name(pg_admin: Engine | str) -> Iterator[str]:
    """A PostgreSQL database migrated once per test process, copied for each ``db``."""
    with pg_template(_admin_engine(pg_admin)) as name:
        yield name


@pytest.fixture(scope="session")
def pg_drops(pg_admin: Engine | str) -> Iterator[BackgroundDrops]:
    drops = BackgroundDrops(_admin_engine(pg_admin))
    yield drops
    drops.close()


# PostgreSQL databases created as copies of the migrated template (``db`` needs no more).
_TEMPLATE_COPIES: set[str] = set()


@contextmanager
def _pg_database(request: pytest.FixtureRequest, migrated: bool) -> Iterator[str]:
    """A fresh PostgreSQL database: a copy of the migrated template when the test will
    migrate it anyway (``migrated``), else empty; dropped in the background."""
    admin = _admin_engine(request.getfixturevalue("pg_admin"))
    template = request.getfixturevalue("pg_template_name") if migrated else "template0"
    drops = request.getfixturevalue("pg_drops")
    with fresh_pg_database(admin, template=template, drop=drops.drop) as url:
        name = str(make_url(url).database)
        if migrated:
            _TEMPLATE_COPIES.add(name)
        try:
            yield url
        finally:
            _TEMPLATE_COPIES.discard(name)


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)],
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'vendor-review.db'}"
        return
    with _pg_database(request, migrated="db" in request.fixturenames) as url:
        yield url


def _migrated_copy(request: pytest.FixtureRequest, url: str) -> None:
    """Make the empty database at ``url`` a copy of the migrated template."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        migrated_sqlite_url(Path(str(parsed.database)))
        return
    if parsed.database in _TEMPLATE_COPIES:
        return
    admin = _admin_engine(request.getfixturevalue("pg_admin"))
    template = request.getfixturevalue("pg_template_name")
    drop_pg_database(admin, url)
    # Same name again, now a copy of the template (the URL the test holds stays true).
    create_pg_database(admin, template=template, name=parsed.database)


@contextmanager
def _opened_copy(request: pytest.FixtureRequest, url: str) -> Iterator[Database]:
    _migrated_copy(request, url)
    database = open_database(url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def db(request: pytest.FixtureRequest, db_url: str) -> Iterator[Database]:
    with _opened_copy(request, db_url) as database:
        yield database


@pytest.fixture
def pg_db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty PostgreSQL database only (for PostgreSQL-specific tests)."""
    with _pg_database(request, migrated="pg_db" in request.fixturenames) as url:
        yield url


@pytest.fixture
def pg_db(request: pytest.FixtureRequest, pg_db_url: str) -> Iterator[Database]:
    with _opened_copy(request, pg_db_url) as database:
        yield database


@pytest.fixture
def pg_role_url(request: pytest.FixtureRequest) -> PgRoleUrl:
    """Call after migrating: grants cover the tables and sequences that exist then."""

    def make(db_url: str, role: str, level: roles.Level = "approver") -> str:
        if make_url(db_url).get_backend_name() != "postgresql":
            raise ValueError("pg_role_url needs a PostgreSQL db_url")
        return role_url(_admin_engine(request.getfixturevalue("pg_admin")), db_url, role, level)

    return make


@pytest.fixture
def alice(make_service: Callable[..., Service]) -> Service:
    """A service as alice (``make_service``: each folder's conftest says on what)."""
    return make_service("alice")


@pytest.fixture
def bob(make_service: Callable[..., Service]) -> Service:
    """A service as bob, the second person of four eyes."""
    return make_service("bob")
