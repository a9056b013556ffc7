"""Definitions stored once by hash (migration 0005) and the start-up schema check."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, select, text

from vendor_review.store import Database, open_database
from vendor_review.store.definitions import definition_sha256
from vendor_review.store.engine import normalize_url
from vendor_review.store.migrate import (
    SCHEMA_HEAD,
    _sqlite_pragma,
    alembic_config,
    head_revision,
    is_current,
    upgrade,
)
from vendor_review.store.models import Assessment, QuestionnaireDefinition

DPA = {"id": "dpa", "version": 1, "sections": [{"id": "s", "title": "Ünïcode"}]}
HOSTING = {"id": "hosting", "version": 2, "sections": [{"id": "t", "title": "Tier"}]}


def test_the_build_expects_the_newest_shipped_revision() -> None:
    assert head_revision() == SCHEMA_HEAD


def _database_at_0002_with_snapshots(url: str) -> None:
    engine = create_engine(normalize_url(url))
    with engine.begin() as connection:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "0002")
        connection.execute(
            text(
                "INSERT INTO vendors (id, name, kind, regions, data_access, criticality, "
                "status, offboarded, version, created_at, updated_at) VALUES (1, 'Twilio', "
                "'service', '[]', 'personal', 'high', 'candidate', false, 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        insert = text(
            "INSERT INTO assessments (id, vendor_id, questionnaire_id, questionnaire_version, "
            "questionnaire_sha256, definition, status, reviewer, version, created_at, "
            "updated_at) VALUES (:id, 1, :qid, 1, :file_sha, :definition, 'draft', 'alice', 1, "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        )
        if connection.dialect.name == "postgresql":
            insert = text(str(insert).replace(":definition", "CAST(:definition AS JSONB)"))

        for aid, definition in ((1, DPA), (2, HOSTING), (3, DPA)):
            connection.execute(
                insert,
                {
                    "id": aid,
                    "qid": definition["id"],
                    "file_sha": "f" * 64,
                    "definition": json.dumps(definition),
                },
            )
    engine.dispose()


def _check_moved(db: Database) -> None:
    with db.read_sessionmaker() as session:
        rows = session.execute(select(QuestionnaireDefinition)).scalars().all()
        assert sorted(r.sha256 for r in rows) == sorted(
            [definition_sha256(DPA), definition_sha256(HOSTING)]
        )
        found = {
            a.id: (a.definition_sha256, a.definition) for a in session.scalars(select(Assessment))
        }
        assert found == {
            1: (definition_sha256(DPA), DPA),
            2: (definition_sha256(HOSTING), HOSTING),
            3: (definition_sha256(DPA), DPA),
        }


def test_migration_moves_each_snapshot_once_and_keeps_it(db_url: str) -> None:
    _database_at_0002_with_snapshots(db_url)
    with open_database(db_url) as db:
        _check_moved(db)
        # and downgrading puts every copy back
        with db.engine.connect() as connection:
            if connection.dialect.name == "sqlite":  # batch mode rebuilds tables (0006)
                _sqlite_pragma(connection, "foreign_keys = OFF")
            with connection.begin():
                cfg = alembic_config()
                cfg.attributes["connection"] = connection
                command.downgrade(cfg, "0005-1")  # the revision before 0005
                rows = connection.execute(
                    text("SELECT id, definition FROM assessments ORDER BY id")
                )
                stored = list(rows)

            back = {
                aid: value if isinstance(value, dict) else json.loads(value)
                for aid, value in stored
            }
        assert back == {1: DPA, 2: HOSTING, 3: DPA}


def test_the_schema_check_of_a_current_database_takes_no_write_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    with open_database(url) as db:
        holder = sqlite3.connect(tmp_path / "v.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process is writing
        try:
            started = time.monotonic()
            assert upgrade(db.engine) is False  # nothing to do, and no wait for the lock
            assert is_current(db.engine)
            assert time.monotonic() - started < 4  # never waited out the 5 s busy timeout
        finally:
            holder.execute("ROLLBACK")
            holder.close()
