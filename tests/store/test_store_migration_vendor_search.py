"""Migration 0010 makes the vendor filter's index (issue 14 item 4): vendors that existed
before are found through it, the audit trail still verifies, and the downgrade removes
only the index."""

from __future__ import annotations

import warnings

from sqlalchemy import inspect

from support.migrations import builtin_service, migrate_to, sql_rows
from vendor_review.service import Service
from vendor_review.store import Database, audit_verify, open_database, search

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
                assert search.install(connection) is True
        assert _index(db)
        assert _found(service, "voip prov") == ["Twilio"]
    finally:
        db.dispose()
