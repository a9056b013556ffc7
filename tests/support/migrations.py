"""Moving a test database along the migration chain and reading it with plain SQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from alembic import command
from sqlalchemy import create_engine, text

from vendor_review.store import Database, audit_verify, open_database
from vendor_review.store.engine import normalize_url
from vendor_review.store.migrate import _sqlite_pragma, alembic_config

if TYPE_CHECKING:
    from vendor_review.service import Service


def migrate_to(db: Database, revision: str, *, direction: str = "downgrade") -> None:
    """Down (or up) to ``revision`` on ``db``'s engine, whose connections have what the
    protecting triggers call; SQLite's foreign keys off for batch mode, as
    ``store.migrate`` does."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            _sqlite_pragma(connection, "foreign_keys = OFF")
        with connection.begin():
            cfg = alembic_config()
            cfg.attributes["connection"] = connection
            getattr(command, direction)(cfg, revision)


def sql_rows(url: str, query: str) -> list[tuple[Any, ...]]:
    """The rows of ``query`` as tuples, on a fresh engine (no vendor-review session
    involved)."""
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(query))]
    finally:
        engine.dispose()


@contextmanager
def at_head(url: str) -> Iterator[Database]:
    """The database at ``url`` opened, which migrates it to head; disposed afterwards."""
    upgraded = open_database(url)
    try:
        yield upgraded
    finally:
        upgraded.dispose()


@contextmanager
def upgrading(url: str) -> Iterator[Database]:
    """``at_head(url)`` for a database left at an older revision: on leaving, every audit
    event from before the upgrade is still there, first and in order (whatever the block
    did to the schema or added since)."""
    events = chain(url)
    with at_head(url) as upgraded:
        yield upgraded
        assert chain(url)[: len(events)] == events


def chain(url: str) -> list[tuple[int, str]]:
    """``(seq, hash in hex)`` of every audit event, whichever way the schema stores the
    hash (hex text before migration 0009, 32 bytes since)."""
    rows = sql_rows(url, "SELECT seq, hash FROM audit_events ORDER BY seq")
    return [(int(s), h if isinstance(h, str) else bytes(h).hex()) for s, h in rows]


def assert_verifies(db: Database) -> None:
    """The audit chain of ``db`` verifies (links, triggers, row state)."""
    with db.read() as connection:
        result = audit_verify.verify(connection)
    assert result.ok, result.problems


def builtin_service(db: Database, actor: str = "alice") -> Service:
    """A service on ``db`` as ``actor`` with the built-in questionnaires and policy (what a
    migration test drives before and after moving along the chain)."""
    from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
    from vendor_review.domain.policy import default_policy
    from vendor_review.service import Service

    return Service(
        db,
        actor=actor,
        catalog=lambda: load_catalog(builtin_questionnaire_dir(), []),
        policy=default_policy(),
    )
