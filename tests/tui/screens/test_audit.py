"""The audit trail of an assessment or a vendor, and the verified (or broken) chain."""

from __future__ import annotations

from sqlalchemy import text
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from support.database import MakeService
from support.pilot import on_screen, press, text_of
from support.portfolio import draft, submitted
from vendor_review.service import Service
from vendor_review.service.imports import AnswerWrite
from vendor_review.store import Database
from vendor_review.tui.screens.audit import AuditScreen

MARKUP_NOTE = "[@click=app.quit]Fix[/] q3"


def column(screen: AuditScreen, index: int) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_cell_at(Coordinate(row, index))) for row in range(table.row_count)]


async def test_assessment_trail_and_verified_chain(
    alice: Service, make_service: MakeService
) -> None:
    aid = submitted(alice)
    make_service("bob").return_to_draft(aid, MARKUP_NOTE)
    async with on_screen(alice, AuditScreen("assessment", str(aid))) as (_, _pilot, screen):
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
    aid = submitted(alice)
    vendor_id = alice.get_assessment(aid).assessment.vendor_id
    trail = AuditScreen(entity="vendor", entity_id=str(vendor_id))
    async with on_screen(alice, trail) as (_, _pilot, screen):
        actions = column(screen, 3)
        assert actions[-1] == "vendor.create"
        assert {"assessment.submit", "finding.open", "answer.set"} <= set(actions)
        assert "and its assessments, findings and certificates" in text_of(screen, "#scope")


async def test_a_broken_chain_is_shown(alice: Service, tui_db: Database) -> None:
    aid = submitted(alice)
    answer = next(e for e in alice.audit_log() if e.action == "answer.set")
    with tui_db.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER audit_events_no_update"))
        connection.execute(
            text("UPDATE audit_events SET reason = 'forged' WHERE seq = :seq"),
            {"seq": answer.seq},
        )
    async with on_screen(alice, AuditScreen("assessment", str(aid))) as (_, pilot, screen):
        verify = text_of(screen, "#verify")
        assert verify.startswith(f"✗ Audit chain BROKEN at event #{answer.seq}")
        await press(pilot, "c")  # check again: still broken, says so again
        assert text_of(screen, "#verify") == verify


async def test_an_imported_workbook_shows_each_answer(alice: Service) -> None:
    """Issue 14: a workbook's answers are one event; its line counts them, its detail
    shows what each answer became (and what it was)."""
    aid = draft(alice)
    alice.answer(aid, "q1", "no")
    writes = [AnswerWrite("q1", "yes", None, 1), AnswerWrite("q2", "h72", "see our DPA", 0)]
    alice.store_answers(aid, writes, source="sha256:abc")
    async with on_screen(alice, AuditScreen("assessment", str(aid))) as (_, _pilot, screen):
        assert column(screen, 3)[0] == "answers.import"
        assert column(screen, 5)[0] == "2 answers, sha256:abc"
        detail = text_of(screen, "#detail")
        assert "answers.import by alice" in detail
        assert "q1: no → yes" in detail
        assert "q2: h72 · comment: see our DPA" in detail
