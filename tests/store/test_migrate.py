"""Migrations: what they create, that they match the models, and what they refuse."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from vendor_review.store import (
    Database,
    SchemaTooNewError,
    SchemaTooOldError,
    StoreError,
    open_database,
    search,
)
from vendor_review.store.engine import normalize_url
from vendor_review.store.migrate import alembic_config, head_revision
from vendor_review.store.models import Base


def _state(url: str) -> dict[str, Any]:
    """Schema objects, revision and (SQLite) file bytes: what 'unchanged' means."""
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as connection:
            inspector = inspect(connection)
            state: dict[str, Any] = {
                "tables": {
                    name: [column["name"] for column in inspector.get_columns(name)]
                    for name in inspector.get_table_names()
                },
                "revision": connection.execute(text("SELECT version_num FROM alembic_version"))
                .scalars()
                .all(),
            }
    finally:
        engine.dispose()
    if engine.url.get_backend_name() == "sqlite":
        assert engine.url.database is not None
        path = Path(engine.url.database)
        state["bytes"] = hashlib.sha256(path.read_bytes()).hexdigest()
        state["mtime"] = path.stat().st_mtime_ns
    return state


def test_migration_creates_every_table(db_url: str) -> None:
    db = open_database(db_url)
    try:
        names = set(inspect(db.engine).get_table_names())
        search_index = search.TABLES if db.backend == "sqlite" else set()
        assert names - search_index == set(Base.metadata.tables) | {"alembic_version"}
        with db.engine.connect() as connection:
            version = connection.execute(text("SELECT version_num FROM alembic_version"))
            assert version.scalars().all() == [head_revision()]
    finally:
        db.dispose()


def test_models_and_migrations_agree(db: Database) -> None:
    with db.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": search.include_object}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def test_newer_schema_is_refused_and_untouched(db_url: str) -> None:
    open_database(db_url).dispose()
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    before = _state(db_url)
    expected = (
        "database schema revision 9999 is newer than this program understands "
        f"(knows up to {head_revision()}); upgrade vendor-review"
    )
    for migrate in (True, False):
        with pytest.raises(SchemaTooNewError) as caught:
            open_database(db_url, migrate=migrate)
        assert str(caught.value) == expected
    assert _state(db_url) == before


def test_without_migrations_an_outdated_database_is_refused(db_url: str) -> None:
    with pytest.raises(SchemaTooOldError, match="revision none \\(empty database\\) is older"):
        open_database(db_url, migrate=False)
    open_database(db_url).dispose()
    with open_database(db_url, migrate=False) as db:
        assert db.sessionmaker is not None
    engine = create_engine(normalize_url(db_url))
    assert "vendors" in inspect(engine).get_table_names()
    engine.dispose()


def test_database_of_someone_else_is_refused(db_url: str) -> None:
    engine = create_engine(normalize_url(db_url))
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE vendors (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(StoreError, match="no vendor-review schema version"):
        open_database(db_url)
    check = create_engine(normalize_url(db_url))
    assert inspect(check).get_table_names() == ["vendors"]
    check.dispose()


def test_downgrade_to_base_and_back(db: Database) -> None:
    with db.engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")
    assert inspect(db.engine).get_table_names() == ["alembic_version"]
    db.dispose()
    again = open_database(db.engine.url.render_as_string(hide_password=False))
    try:
        assert set(Base.metadata.tables) <= set(inspect(again.engine).get_table_names())
    finally:
        again.dispose()
