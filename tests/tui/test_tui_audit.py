"""The audit trail of an assessment or a vendor, and the verified (or broken) chain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from workflow_screen_helpers import (
    MakeService,
    service_factory,
    settle,
    show,
    submitted_mini,
    text_of,
    write_catalog,
)

from vendor_review.service import Service
from vendor_review.store import Database, open_database
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.audit import AuditScreen

SIZE = (140, 40)
MARKUP_NOTE = "[@click=app.quit]Fix[/] q3"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(f"sqlite:///{tmp_path / 'tui.db'}")
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def make_service(db: Database, tmp_path: Path) -> MakeService:
    return service_factory(db, write_catalog(tmp_path / "questionnaires"))


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    return make_service("alice")


def column(screen: AuditScreen, index: int) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_cell_at(Coordinate(row, index))) for row in range(table.row_count)]


async def test_assessment_trail_and_verified_chain(
    alice: Service, make_service: MakeService
) -> None:
    aid = submitted_mini(alice)
    make_service("bob").return_to_draft(aid, MARKUP_NOTE)
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = AuditScreen("assessment", str(aid))
        await show(pilot, screen)
        total = alice.verify_audit().checked
        assert text_of(screen, "#verify") == f"✓ Audit chain intact: {total} events verified"
        actions = column(screen, 3)
        assert actions[0] == "assessment.return"  # newest first
        assert actions.count("finding.open") == 3 and actions.count("finding.withdraw") == 3
        assert actions[-1] == "assessment.start"
        assert "q1 = yes" in column(screen, 5)
        detail = text_of(screen, "#detail")
        assert "assessment.return by bob" in detail
        assert f"Reason: {MARKUP_NOTE}" in detail  # literal, not a link
        assert "status: submitted → draft" in detail
        assert "vendor.create" not in actions  # the vendor's own events are its trail


async def test_vendor_trail_includes_its_assessments(alice: Service) -> None:
    aid = submitted_mini(alice)
    vendor_id = alice.get_assessment(aid).assessment.vendor_id
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = AuditScreen(entity="vendor", entity_id=str(vendor_id))
        await show(pilot, screen)
        actions = column(screen, 3)
        assert actions[-1] == "vendor.create"
        assert {"assessment.submit", "finding.open", "answer.set"} <= set(actions)
        assert "and its assessments, findings and certificates" in text_of(screen, "#scope")


async def test_a_broken_chain_is_shown(alice: Service, db: Database) -> None:
    aid = submitted_mini(alice)
    answer = next(e for e in alice.audit_log() if e.action == "answer.set")
    with db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_events_no_update"))
        connection.execute(
            text("UPDATE audit_events SET reason = 'forged' WHERE seq = :seq"),
            {"seq": answer.seq},
        )
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = AuditScreen("assessment", str(aid))
        await show(pilot, screen)
        verify = text_of(screen, "#verify")
        assert verify.startswith(f"✗ Audit chain BROKEN at event #{answer.seq}")
        await pilot.press("c")  # check again: still broken, says so again
        await settle(pilot)
        assert text_of(screen, "#verify") == verify
