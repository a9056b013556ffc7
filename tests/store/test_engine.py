"""Opening databases: URLs, pragmas, locking, refusals with clear messages."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from support.sqlite_files import damage
from vendor_review import store
from vendor_review.store import (
    ActorOverrideError,
    Database,
    DatabaseUnavailableError,
    ReadOnlyDatabaseError,
    StoreError,
    current_actor,
    normalize_url,
    open_database,
)


def _sqlite_path(db: Database) -> Path:
    assert db.engine.url.database is not None
    return Path(db.engine.url.database)


def _snapshot(path: Path) -> tuple[str, int, list[str]]:
    siblings = sorted(p.name for p in path.parent.iterdir())
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns, siblings


def test_default_urls_live_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert store.default_sqlite_url() == f"sqlite:///{tmp_path}/data/vendor-review/vendor-review.db"
    assert store.demo_sqlite_url() == f"sqlite:///{tmp_path}/data/vendor-review/demo.db"
    assert (tmp_path / "data" / "vendor-review").is_dir()


def test_postgresql_urls_use_psycopg() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    with pytest.raises(StoreError, match="unsupported database URL scheme mysql"):
        normalize_url("mysql://u@h/db")
    with pytest.raises(StoreError, match="not a valid database URL"):
        normalize_url("not a url")


def test_backend(db: Database, db_url: str) -> None:
    expected = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    assert store.backend(db) == db.backend == expected


def test_opening_twice_is_idempotent(db_url: str) -> None:
    for _ in range(2):
        db = open_database(db_url)
        with db.sessionmaker.begin() as session:
            assert session.execute(text("SELECT count(*) FROM vendors")).scalar_one() == 0
        db.dispose()


def test_sqlite_pragmas(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    db.dispose()


def test_sqlite_transactions_begin_immediate(tmp_path: Path) -> None:
    """A transaction holds the write lock from its first statement, even a SELECT."""
    path = tmp_path / "lock.db"
    db = open_database(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    try:
        with db.sessionmaker.begin() as session:
            session.execute(text("SELECT count(*) FROM vendors")).scalar_one()
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after commit
        other.execute("ROLLBACK")
        # read sessions take no write lock: a writer can go ahead meanwhile
        with db.read_sessionmaker.begin() as session:
            session.execute(text("SELECT count(*) FROM vendors")).scalar_one()
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
    finally:
        other.close()
        db.dispose()


@pytest.mark.postgresql
def test_postgresql_read_sessions_are_read_only(pg_db: Database) -> None:
    with pg_db.read_sessionmaker.begin() as session:
        assert session.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
    with pg_db.sessionmaker.begin() as session:
        assert session.execute(text("SHOW transaction_read_only")).scalar_one() == "off"


def test_read_only_sqlite_file_opens_for_reading_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    open_database(f"sqlite:///{path}").dispose()
    path.chmod(0o444)
    before = _snapshot(path)
    try:
        with open_database(f"sqlite:///{path}") as db:
            with db.read_sessionmaker() as session:
                assert session.execute(text("SELECT count(*) FROM vendors")).scalar_one() == 0
            refused = pytest.raises(
                ReadOnlyDatabaseError, match=f"database file {path} is read-only"
            )
            with refused, db.sessionmaker.begin() as session:
                session.execute(text("DELETE FROM vendors"))
        assert _snapshot(path) == before
    finally:
        path.chmod(0o644)


def test_a_damaged_file_is_found_on_check_and_refuses_every_write(tmp_path: Path) -> None:
    """``check_integrity`` (the app runs it as it opens) finds a damaged page without
    taking the write lock; every write is then refused saying how to recover, and the
    file is left exactly as it was."""
    path = tmp_path / "damaged.db"
    with open_database(f"sqlite:///{path}") as db, db.sessionmaker.begin() as session:
        for i in range(400):
            session.execute(
                text("INSERT INTO evidence (name, sha256, size, content, added_by, added_at)"
                     " VALUES (:n, :h, 4, :d, 'alice', '2026-01-01 00:00:00')"),
                {"n": f"file-{i}.pdf", "h": f"{i:064x}", "d": b"x" * 2000},
            )  # fmt: skip
    damage(path, "evidence")
    before = _snapshot(path)[:2]
    with open_database(f"sqlite:///{path}") as db:
        assert db.read_only_reason is None  # not checked yet: opening reads nothing more
        reason = db.check_integrity()
        assert reason is not None and reason == db.read_only_reason
        assert f"database file {path} is damaged (quick_check:" in reason
        assert "'vendor-review backup'" in reason and f"'sqlite3 {path} .recover'" in reason
        refused = pytest.raises(ReadOnlyDatabaseError, match="nothing was changed: database file")
        with refused, db.sessionmaker.begin() as session:
            session.execute(text("DELETE FROM vendors"))
    assert _snapshot(path)[:2] == before  # (SQLite adds its -wal and -shm beside it)
    with open_database(f"sqlite:///{path.with_name('fine.db')}") as db:
        assert db.check_integrity() is None


def test_read_only_directory_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "locked"
    directory.mkdir()
    directory.chmod(0o555)
    try:
        with pytest.raises(ReadOnlyDatabaseError, match="is read-only"):
            open_database(f"sqlite:///{directory / 'x.db'}")
        assert list(directory.iterdir()) == []
    finally:
        directory.chmod(0o755)


def test_missing_directory_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DatabaseUnavailableError, match="does not exist"):
        open_database(f"sqlite:///{tmp_path / 'nope' / 'x.db'}")


def test_not_a_database_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DatabaseUnavailableError, match="cannot connect to sqlite:///"):
        open_database(f"sqlite:///{path}")


def test_unreachable_postgresql_names_host_but_not_password() -> None:
    url = "postgresql://someone:s3cret-pw@127.0.0.1:1/inventory?connect_timeout=2"
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(url)
    message = str(caught.value)
    assert "127.0.0.1:1/inventory" in message
    assert "cannot connect to" in message
    assert "s3cret-pw" not in message


def test_actor_on_sqlite_is_override_or_os_login(tmp_path: Path) -> None:
    import getpass

    db = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        assert current_actor(db, None) == getpass.getuser()
        assert current_actor(db, "alice") == "alice"
    finally:
        db.dispose()


@pytest.mark.postgresql
def test_actor_on_postgresql_is_the_role(pg_db: Database) -> None:
    role = current_actor(pg_db, None)
    assert role == pg_db.engine.url.username
    assert current_actor(pg_db, role) == role
    with pytest.raises(ActorOverrideError) as caught:
        current_actor(pg_db, "mallory")
    assert str(caught.value) == (
        f"--actor is not allowed on PostgreSQL: the actor is the database role '{role}'"
    )


@pytest.mark.postgresql
def test_actor_follows_the_login_role(
    pg_db: Database, pg_db_url: str, pg_role_url: Callable[[str, str], str]
) -> None:
    alice = open_database(pg_role_url(pg_db_url, "alice"))
    try:
        assert current_actor(alice, None) == "vendor_review_test_alice"
        with alice.sessionmaker.begin() as session:  # granted: can read and write
            session.execute(text("SELECT count(*) FROM vendors")).scalar_one()
    finally:
        alice.dispose()


@pytest.mark.postgresql
def test_role_without_create_rights_gets_a_clear_error(
    pg_db_url: str, pg_role_url: Callable[[str, str], str]
) -> None:
    url = pg_role_url(pg_db_url, "bob")  # empty database: bob may not create tables
    expected = r"cannot check or upgrade the schema of .*bob.*permission denied"
    with pytest.raises(StoreError, match=expected):
        open_database(url)


def test_engine_is_not_built_at_import() -> None:
    import vendor_review.store.engine as engine_module

    assert not any(type(value).__name__ == "Engine" for value in vars(engine_module).values()), (
        "no module-level engine"
    )
