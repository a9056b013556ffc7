"""Migration 0008 adds ``answers.source`` (issue 12 item 5): existing answers keep every
value with no source, the audit trail still verifies after the upgrade, a report-filled
answer stores ``report:<id>``, and the downgrade drops only the column."""

from __future__ import annotations

from datetime import date

from sqlalchemy import inspect

from support.migrations import assert_verifies, builtin_service, migrate_to, sql_rows, upgrading
from vendor_review.service import Service
from vendor_review.store import Database, open_database

ANSWERS = "SELECT id, question_id, value FROM answers ORDER BY id"


def _vendor(service: Service, name: str) -> None:
    service.add_vendor(
        {"name": name, "kind": "infrastructure", "data_access": "personal", "criticality": "high"}
    )


def _columns(db: Database) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns("answers")}


def test_answers_at_0007_gain_a_source_and_lose_it_again(db_url: str) -> None:
    db = open_database(db_url)
    service = builtin_service(db)
    _vendor(service, "Linode")
    first = service.start_assessment("Linode", "hosting-infrastructure").id
    service.answer(first, "facility.tier", "tier_iii")
    migrate_to(db, "0007")
    assert "source" not in _columns(db)
    db.dispose()
    before = sql_rows(db_url, ANSWERS)

    with upgrading(db_url) as upgraded:  # every audit event kept
        assert "source" in _columns(upgraded)
        assert sql_rows(db_url, ANSWERS) == before
        assert sql_rows(db_url, "SELECT source FROM answers") == [(None,)]
        assert_verifies(upgraded)

        service = builtin_service(upgraded)
        _vendor(service, "Websupport")
        report = service.add_report(
            "Websupport", "iso27001", auditor="BSI", issued_on=date(2025, 3, 14),
            expires_on=date(2099, 3, 13),
        )  # fmt: skip
        service.start_assessment("Websupport", "hosting-infrastructure")
        filled = sql_rows(db_url, "SELECT DISTINCT source FROM answers WHERE source IS NOT NULL")
        assert filled == [(f"report:{report.id}",)]
        assert_verifies(upgraded)
        count = len(sql_rows(db_url, ANSWERS))
        migrate_to(upgraded, "0007")
        assert "source" not in _columns(upgraded)
        assert len(sql_rows(db_url, ANSWERS)) == count
