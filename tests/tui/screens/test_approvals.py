"""The approvals queue: four-eyes shown up front, return and reject with a note."""

from __future__ import annotations

from textual.widgets import DataTable

from support.pilot import notifications, on_screen, press, running, settle, show, text_of, top
from support.portfolio import submitted
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import Service
from vendor_review.tui.screens.approvals import ApprovalsScreen
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.widgets.note_modal import NoteModal


async def test_submitter_sees_why_they_cannot_decide(alice: Service) -> None:
    aid = submitted(alice)
    async with on_screen(alice, ApprovalsScreen()) as (app, pilot, screen):
        assert screen.query_one(DataTable).row_count == 1
        assert "You (alice) submitted this assessment, so you cannot approve or reject it" in (
            text_of(screen, "#detail")
        )
        # Shown in the footer, but disabled, with the reason on screen.
        assert screen.check_action("decide", ("approve",)) is None
        assert screen.check_action("decide", ("reject",)) is None
        assert screen.check_action("decide", ("return",)) is True
        await press(pilot, "p", "x")
        assert top(app) is screen  # no note asked for: nothing to decide

        # Should the list be stale, the service refuses and its reason is shown.
        screen.decide("approve", aid, None)
        await settle(pilot)
        assert any("alice started, answered" in n and "four-eyes" in n for n in notifications(app))
    assert alice.get_assessment(aid).assessment.status is AssessmentStatus.SUBMITTED


async def test_return_to_draft_with_a_note(alice: Service, bob: Service) -> None:
    aid = submitted(alice)
    async with on_screen(bob, ApprovalsScreen()) as (app, pilot, screen):
        await pilot.press("b")
        modal = app.screen
        assert isinstance(modal, NoteModal)
        await pilot.press("ctrl+s")  # an empty note is refused in place
        assert top(app) is modal
        assert (
            text_of(modal, "#problem") == "Write a few words first: this is kept with the decision."
        )
        await press(pilot, *"Link the ISO certificate to q3.", "ctrl+s")
        assert top(app) is screen
        assert screen.query_one(DataTable).row_count == 0
        assert text_of(screen, "#detail") == "Nothing waits for approval."

    returned = alice.get_assessment(aid)
    assert returned.assessment.status is AssessmentStatus.DRAFT
    assert returned.assessment.decision_note == "Link the ISO certificate to q3."
    assert returned.findings == []  # the submission's findings are withdrawn


async def test_reject_with_a_note_and_cancel(alice: Service, bob: Service) -> None:
    aid = submitted(alice)
    async with on_screen(bob, ApprovalsScreen()) as (app, pilot, _screen):
        await press(pilot, "x", "escape")  # cancelled: nothing happens
        assert alice.get_assessment(aid).assessment.status is AssessmentStatus.SUBMITTED
        await press(pilot, "x", *"Critical failure on breach notice.", "ctrl+s")
        assert any("rejected" in n for n in notifications(app))
    rejected = alice.get_assessment(aid).assessment
    assert rejected.status is AssessmentStatus.REJECTED
    assert rejected.decision_note == "Critical failure on breach notice."


async def test_open_shows_the_submitted_assessment_read_only(alice: Service, bob: Service) -> None:
    aid = submitted(alice)
    async with running(bob) as (app, pilot):
        await show(pilot, ApprovalsScreen())
        await press(pilot, "enter")
        runner = app.screen
        assert isinstance(runner, AssessmentScreen) and runner.assessment_id == aid
        assert runner.check_action("pick", (1,)) is False
        assert "Submitted by alice: read-only" in text_of(runner, "#banner")
