"""Migration 0010 makes the vendor filter's index (issue 14 item 4): vendors that existed
before are found through it, the audit trail still verifies, and the downgrade removes
only the index. Where PostgreSQL cannot have it (no ``pg_trgm`` on the server, a role that
may not enable it) the migration says why and the filter scans; ``db upgrade`` makes it
once it can."""

from __future__ import annotations

import warnings
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, inspect

from support.migrations import builtin_service, migrate_to, sql_rows
from vendor_review.service import Service
from vendor_review.store import Database, audit_verify, open_database, search
from vendor_review.store.migrate import refresh

VENDORS = "SELECT id, name, purpose FROM vendors ORDER BY id"


def _index(db: Database) -> set[str]:
    """The index's tables (SQLite) or indexes (PostgreSQL) present."""
    inspector = inspect(db.engine)
    if db.backend == "sqlite":
        return search.TABLES & set(inspector.get_table_names())
    return {i["name"] for i in inspector.get_indexes("vendors")} & set(search.PG_INDEXES)


def _found(service: Service, needle: str) -> list[str]:
    return [r.name for r in service.list_vendors(text=needle).rows]


def test_vendors_from_before_0010_are_found_through_the_index(db_url: str) -> None:
    db = open_database(db_url)
    service = builtin_service(db)
    for name, purpose in (("Linode", "Hosting provider"), ("Twilio", "VoIP provider")):
        service.add_vendor({"name": name, "kind": "service", "purpose": purpose})
    migrate_to(db, "0009")
    assert _index(db) == set()
    db.dispose()
    before = sql_rows(db_url, VENDORS)

    upgraded = open_database(db_url)  # migrates to head on open
    try:
        assert _index(upgraded)
        assert sql_rows(db_url, VENDORS) == before
        service = builtin_service(upgraded)
        assert _found(service, "voip prov") == ["Twilio"]
        assert _found(service, "hosting") == ["Linode"]
        with upgraded.read() as connection:
            result = audit_verify.verify(connection)
        assert result.ok, result.problem
        migrate_to(upgraded, "0009")
        assert _index(upgraded) == set()
        assert sql_rows(db_url, VENDORS) == before
        assert _found(builtin_service(upgraded), "voip prov") == ["Twilio"]  # scanned
    finally:
        upgraded.dispose()


def test_making_the_index_again_where_it_exists_keeps_it_and_warns_of_nothing(
    db_url: str,
) -> None:
    db = open_database(db_url)
    try:
        service = builtin_service(db)
        service.add_vendor({"name": "Twilio", "kind": "service", "purpose": "VoIP provider"})
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a false "cannot make the index" would raise
            with db.engine.begin() as connection:
                assert search.install(connection) is None
        assert _index(db)
        assert _found(service, "voip prov") == ["Twilio"]
    finally:
        db.dispose()


MISSING = "vr_no_such_extension"
"""An extension name no server has: the path of a server without ``pg_trgm``."""


def test_without_pg_trgm_the_migration_says_why_and_the_filter_scans(
    pg_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "EXTENSION", MISSING)
    with pytest.warns(search.IndexUnavailable, match=f"no {MISSING} extension installed"):
        db = open_database(pg_db_url)
    try:
        assert _index(db) == set()
        service = builtin_service(db)
        for name, purpose in (("Linode", "Hosting provider"), ("Twilio", "VoIP provider")):
            service.add_vendor({"name": name, "kind": "service", "purpose": purpose})
        assert _found(service, "voip prov") == ["Twilio"]
        assert _found(service, "o") == ["Linode", "Twilio"]
        monkeypatch.undo()  # the extension installed since: `db upgrade` makes the index
        assert refresh(db.engine) is None
        assert _index(db) == set(search.PG_INDEXES)
        assert _found(builtin_service(db), "voip prov") == ["Twilio"]
    finally:
        db.dispose()


def test_a_role_that_may_not_enable_pg_trgm_is_told_who_can(
    pg_db: Database, pg_db_url: str, pg_role_url: Callable[..., str]
) -> None:
    with pg_db.engine.begin() as connection:
        search.uninstall(connection)
        connection.exec_driver_sql(f"DROP EXTENSION {search.EXTENSION}")
    engine = create_engine(pg_role_url(pg_db_url, "noext"))  # no CREATE on the database
    try:
        with engine.begin() as connection:
            reason = search.install(connection)
            assert not search.has_index(connection)
    finally:
        engine.dispose()
    assert reason is not None
    assert "permission denied to create extension" in reason, reason
    assert f"'CREATE EXTENSION {search.EXTENSION}'" in reason
    assert _index(pg_db) == set()
