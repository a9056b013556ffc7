"""``store.latest_decided``: each vendor's newest approved or rejected assessment (by
decision time, then id), read from the covering index ``ix_assessments_vendor_latest``
alone on SQLite, and answerable from it on PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from support.database import MakeService, service_factory
from support.portfolio import add_vendor_on, at, decide, draft
from support.questionnaires import questionnaire_dir
from vendor_review.store import Database
from vendor_review.store.latest_decided import INDEX, latest_decided
from vendor_review.store.tables import assessments

DAY = date(2025, 2, 3)


@pytest.fixture
def make(db: Database, tmp_path: Path) -> MakeService:
    return service_factory(db, questionnaire_dir(tmp_path / "questionnaires", "tiny"))


def test_the_newest_decision_of_each_vendor_not_an_undecided_one(
    db: Database, make: MakeService
) -> None:
    for name in ("Acme Hosting", "Beta Mail", "Gamma Support"):
        add_vendor_on(make, name, date(2025, 1, 6))
    decide(make, "Acme Hosting", DAY)
    rejected = decide(make, "Acme Hosting", date(2025, 3, 3), approve=False)
    draft(make("alice", at=at(date(2025, 4, 1))), "Acme Hosting", "tiny")  # not decided
    decide(make, "Beta Mail", DAY)
    same_moment = decide(make, "Beta Mail", DAY)  # decided at the same time: the later id
    draft(make(), "Gamma Support", "tiny")  # nothing decided: no row
    query = latest_decided("id", "status").order_by(assessments.c.vendor_id)
    with db.read() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    assert [row[1:] for row in rows] == [(rejected, "rejected"), (same_moment, "approved")]


def test_only_the_indexed_columns_can_be_read() -> None:
    with pytest.raises(ValueError, match="decision_note"):
        latest_decided("id", "decision_note")


def _plan(connection: Connection, explain: str) -> list[str]:
    query = latest_decided("id", "rating", "next_review_due")
    sql = query.compile(connection, compile_kwargs={"literal_binds": True})
    return [str(row[-1]) for row in connection.execute(text(f"{explain} {sql}"))]


def test_sqlite_reads_the_index_alone(db: Database) -> None:
    if db.backend != "sqlite":
        pytest.skip("SQLite's plan")
    with db.read() as connection:
        plan = _plan(connection, "EXPLAIN QUERY PLAN")
    reads = [step for step in plan if "assessments" in step or "newer" in step]
    assert len(reads) == 2 and all(f"USING COVERING INDEX {INDEX}" in step for step in reads)


def test_postgresql_can_answer_from_the_index(db: Database) -> None:
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL's plan")
    with db.read() as connection:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(_plan(connection, "EXPLAIN"))
    assert plan.count(f"Index Only Scan using {INDEX}") == 2, plan
