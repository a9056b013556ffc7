"""When saving goes wrong: another reviewer's edit, a failing save, a failing load, and a
submission that is still blocked. The app stays up and says what happened."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from support.database import MakeService
from support.pilot import notifications, on_screen, press, press_to, settle, text_of, top
from support.portfolio import draft as draft_of
from vendor_review.service import Service
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.screens.submit import SubmitSummaryScreen


@pytest.fixture
def draft(alice: Service) -> int:
    return draft_of(alice)


async def test_another_reviewers_edit_is_a_conflict_with_reload(
    alice: Service, make_service: MakeService, draft: int
) -> None:
    async with on_screen(alice, AssessmentScreen(draft)) as (app, pilot, screen):
        make_service("bob").answer(draft, "q1", "no")  # while alice looks at q1, unanswered

        await press(pilot, "1")
        status = text_of(screen, "#q-status")
        assert status.startswith("⚠ Not saved: bob answered q1")
        assert status.endswith("Press r to reload.")
        assert any("bob answered q1" in n for n in notifications(app))
        assert alice.get_assessment(draft).answers["q1"].value == "no"  # not overwritten

        await press(pilot, "r")
        assert text_of(screen, "#q-status").startswith("Answered by bob")
        await press(pilot, "1")  # now alice has seen bob's answer and may change it
        assert alice.get_assessment(draft).answers["q1"].value == "yes"


async def test_failed_save_is_shown_and_keeps_the_previous_value(
    alice: Service, draft: int
) -> None:
    alice.answer(draft, "q1", "yes")

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("database went away")

    async with on_screen(alice, AssessmentScreen(draft)) as (app, pilot, screen):
        alice.answer = broken  # type: ignore[method-assign,assignment]
        await press(pilot, "k", "2")  # back to q1, try "No"
        assert screen.current == "q1"
        assert text_of(screen, "#q-status") == "✗ Not saved: database went away"
        assert "● Yes" in text_of(screen, "#q-options")
        assert "database went away" in notifications(app)
        assert app.is_running


async def test_a_failing_load_is_shown_and_the_app_stays_up(alice: Service, draft: int) -> None:
    def broken(_: int) -> None:
        raise RuntimeError("disk I/O error")

    alice.runner_view = broken  # type: ignore[method-assign,assignment]
    async with on_screen(alice, AssessmentScreen(draft)) as (app, _pilot, screen):
        assert app.is_running and top(app) is screen
        assert "disk I/O error" in notifications(app)
        # Still loading: the indicator, never an empty questionnaire.
        assert screen.query_one("#loading").display
        assert not screen.query_one("#body").display


async def test_submit_summary_lists_what_blocks_it(alice: Service, draft: int) -> None:
    alice.answer(draft, "q1", "yes")
    alice.answer(draft, "q3", "yes")  # claims a certificate, links none
    async with on_screen(alice, AssessmentScreen(draft)) as (app, pilot, screen):
        summary = await press_to(pilot, SubmitSummaryScreen, "S")
        body = text_of(summary, "#summary-body")
        assert "2 required questions unanswered" in body
        assert "○ q2  How soon are breaches notified?" in body
        assert "Evidence required but not linked" in body and "○ q3" in body
        assert summary.query_one("#ok").disabled
        await press(pilot, "enter")  # the focused button: go to the first missing question
        assert top(app) is screen and screen.current == "q2"
    assert alice.get_assessment(draft).assessment.status.value == "draft"


async def test_saving_shows_then_saved_at_the_service_time(alice: Service, draft: int) -> None:
    release = threading.Event()
    save = alice.answer

    def slow(*args: Any, **kwargs: Any) -> Any:
        release.wait(10)
        return save(*args, **kwargs)

    alice.answer = slow  # type: ignore[method-assign]
    async with on_screen(alice, AssessmentScreen(draft)) as (_, pilot, screen):
        await pilot.press("1", "j", "2")  # q1 Yes, then q2 while q1 is still saving
        assert text_of(screen, "#q-status") == "Saving…"
        assert screen.unsaved_changes() == f"Assessment #{draft}: 2 changes still saving"
        release.set()
        await settle(pilot)
        assert text_of(screen, "#q-status") == "Saved ✓ 09:00:00 UTC"
        assert screen.unsaved_changes() is None
    answers = alice.get_assessment(draft).answers
    assert (answers["q1"].value, answers["q2"].value) == ("yes", "h72")


async def test_evidence_that_cannot_be_read_is_refused_at_the_question(
    alice: Service, draft: int, tmp_path: Path
) -> None:
    alice.answer(draft, "q1", "yes")
    async with on_screen(alice, AssessmentScreen(draft)) as (app, pilot, screen):
        await pilot.press("k", "e")
        await pilot.pause()
        picker = app.screen
        picker.query_one("#path", Input).value = str(tmp_path / "missing.pdf")
        await pilot.press("enter")  # refused in the picker, before anything runs
        await pilot.pause()
        assert top(app) is picker
        assert "There is no file" in text_of(picker, "#problem")
        # A file that vanishes after it was picked is refused at the question.
        gone = tmp_path / "gone.pdf"
        gone.write_bytes(b"%PDF-1.4")
        picker.query_one("#path", Input).value = str(gone)
        gone.unlink()
        picker.dismiss(gone)
        await settle(pilot)
        assert screen.current == "q1"
        status = text_of(screen, "#q-status")
        assert status.startswith("✗ Not saved: cannot read evidence file")
        assert "gone.pdf" in status
    assert alice.get_assessment(draft).answers["q1"].evidence_ids == []
