"""Findings: filters, closing with a reason, due dates coloured from the theme."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from support.database import T0, MakeService
from support.pilot import on_screen, press, settle, text_of, top
from support.portfolio import add_vendor, submitted
from vendor_review.domain.enums import FindingStatus
from vendor_review.service import Service
from vendor_review.tui.screens.findings import Filters, FindingsScreen
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.note_modal import NoteModal

DUE = 5  # the "Due" column


@pytest.fixture
def aid(make_service: MakeService) -> int:
    """Findings q2 critical (due in 30 days), q3 high (60), q4 medium (90)."""
    return submitted(make_service("alice"))


@pytest.fixture
def bob(make_service: MakeService) -> Service:
    """Bob, 45 days after the submission: q2 overdue, q3 due in 15 days, q4 in 45."""
    return make_service("bob", at=T0 + timedelta(days=45))


def column(screen: FindingsScreen, index: int) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(table.get_cell_at(Coordinate(row, index))) for row in range(table.row_count)]


async def test_filters_and_due_dates(bob: Service, aid: int) -> None:
    async with on_screen(bob, FindingsScreen()) as (app, pilot, screen):
        assert column(screen, 3) == ["q2", "q3", "q4"]
        assert column(screen, DUE) == ["2026-04-09", "2026-05-09", "2026-06-08"]
        table = screen.query_one(DataTable)
        styles = [table.get_cell_at(Coordinate(row, DUE)).style for row in range(3)]
        assert styles == [tone(app, "error"), tone(app, "warning"), ""]

        app.theme = "textual-light"  # light terminals get the light theme's colours
        await settle(pilot)
        light = table.get_cell_at(Coordinate(0, DUE)).style
        assert light == tone(app, "error") and light != styles[0]

        await press(pilot, "s")  # severity: critical
        assert column(screen, 3) == ["q2"]
        assert "open findings of critical severity" in text_of(screen, "#filters")
        await press(pilot, "s", "s")  # high, then medium
        assert column(screen, 3) == ["q4"]
        await press(pilot, "s", "s")  # low, then every severity again
        assert len(column(screen, 3)) == 3
        await press(pilot, "t")  # remediated: none yet
        assert column(screen, 3) == []
        assert text_of(screen, "#detail") == "No findings match."


async def test_remediate_and_accept_risk_need_a_reason(
    bob: Service, aid: int, make_service: MakeService
) -> None:
    async with on_screen(bob, FindingsScreen()) as (app, pilot, screen):
        await pilot.press("down", "m")  # q3
        modal = app.screen
        assert isinstance(modal, NoteModal)
        await pilot.press("ctrl+s")
        assert top(app) is modal and "Write a few words" in text_of(modal, "#problem")
        await press(pilot, *"ISO certificate received.", "ctrl+s")
        assert column(screen, 3) == ["q2", "q4"]

        await press(pilot, "R", *"Accepted until the [b]renewal[/b].", "ctrl+s")  # q2
        # q2 is critical: bob's acceptance is a request a second person approves
        assert column(screen, 3) == ["q2", "q4"]
        assert "acceptance requested by bob" in column(screen, 6)[0]
        q2 = next(f.id for f in bob.list_findings() if f.question_id == "q2")
        make_service("alice", at=T0 + timedelta(days=45)).approve_acceptance(q2)
        await press(pilot, "r")
        assert column(screen, 3) == ["q4"]

        await press(pilot, "t", "t")  # risk accepted
        assert column(screen, 3) == ["q2"]
        assert screen.check_action("close", ("remediated",)) is False
        assert "Risk accepted by alice on 2026-04-24: Accepted until the [b]renewal[/b]." in (
            text_of(screen, "#detail")
        )

    closed = {f.question_id: f for f in bob.list_findings()}
    assert closed["q3"].status is FindingStatus.REMEDIATED
    assert closed["q3"].resolution_note == "ISO certificate received."
    assert closed["q2"].status is FindingStatus.RISK_ACCEPTED
    assert closed["q4"].status is FindingStatus.OPEN


async def test_second_person_approves_an_acceptance_with_the_same_key(
    bob: Service, aid: int, make_service: MakeService
) -> None:
    q2 = next(f.id for f in bob.list_findings() if f.question_id == "q2")
    bob.accept_finding(q2, "per-case consent is coming")
    carol = make_service("carol", at=T0 + timedelta(days=45))
    async with on_screen(carol, FindingsScreen()) as (app, pilot, screen):
        await pilot.press("R")  # accept risk (a is Approvals everywhere)
        modal = app.screen
        assert isinstance(modal, NoteModal)
        assert "Approve the risk acceptance" in text_of(modal, "#title")
        await press(pilot, *"Agreed.", "ctrl+s")
        assert column(screen, 3) == ["q3", "q4"]
    done = carol.get_finding(q2)
    assert (done.status, done.resolved_by) == (FindingStatus.RISK_ACCEPTED, "carol")


async def test_vendor_filter(make_service: MakeService, bob: Service, aid: int) -> None:
    alice = make_service("alice")
    add_vendor(alice, "Linode")
    other = submitted(alice, "Linode")
    linode = alice.get_assessment(other).assessment.vendor_id
    async with on_screen(bob, FindingsScreen(Filters(vendor_id=linode, status=None))) as (
        _,
        pilot,
        screen,
    ):
        assert set(column(screen, 2)) == {"Linode"}
        assert "findings of every severity for Linode" in text_of(screen, "#filters")
        assert text_of(screen, "#filters").startswith("Showing all findings")
        await press(pilot, "c")
        assert set(column(screen, 2)) == {"Linode", "Twilio"}
        assert screen.check_action("clear_vendor", ()) is False
