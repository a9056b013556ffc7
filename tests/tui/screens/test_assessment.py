"""The questionnaire runner, driven by keys against a real database: answer, show_if,
submit through the summary, approve as a second person, and what the database holds."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.widgets import Input

from support.database import T0, MakeService
from support.pilot import on_screen, press, press_to, text_of, top
from support.portfolio import draft, submitted
from vendor_review.domain.enums import AssessmentStatus, Rating
from vendor_review.service import Service
from vendor_review.tui.screens.approvals import ApprovalsScreen
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.screens.submit import SubmitSummaryScreen
from vendor_review.tui.widgets.note_modal import NoteModal
from vendor_review.tui.widgets.path_modal import PathModal
from vendor_review.tui.widgets.question_list import QuestionList


def listed(screen: AssessmentScreen) -> list[str | None]:
    questions = screen.query_one(QuestionList)
    return [questions.get_option_at_index(i).id for i in range(questions.option_count)]


async def test_answer_every_question_with_keys_submit_and_approve(
    alice: Service, make_service: MakeService, tmp_path: Path
) -> None:
    aid = draft(alice)
    certificate = tmp_path / "iso-27001.pdf"
    certificate.write_bytes(b"%PDF-1.4 ISO 27001 certificate")

    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        assert screen.current == "q1" and listed(screen) == ["q1", "q2", "q3"]
        assert "0/4 answered" in text_of(screen, "#score-line")

        await press(pilot, "1")  # q1: Yes
        assert text_of(screen, "#q-status") == "Saved ✓ 09:00:00 UTC"
        await press(pilot, "u", "1")  # q2: within 24 hours
        await press(pilot, "u", "1")  # q3: Yes, which needs evidence
        assert "Evidence required" in text_of(screen, "#q-extra")
        await pilot.press("e")
        assert isinstance(app.screen, PathModal)  # with a folder tree; the field first
        app.screen.query_one("#path", Input).value = ""
        await press(pilot, *str(certificate), "enter")
        assert "iso-27001.pdf" in text_of(screen, "#q-extra")
        assert text_of(screen, "#q-status").startswith("Evidence linked ✓")

        await pilot.press("u")  # next unanswered is in the next section
        assert screen.current == "q4" and listed(screen) == ["q4"]
        await press(pilot, "2")  # partial: the date question appears
        assert listed(screen) == ["q4", "q5"]
        await press(pilot, "u", "enter", *"2026-01-31", "enter")
        assert screen.focused is not None and screen.focused.id == "q-input"  # stays there
        await pilot.press("escape")  # saved: back to the list without asking
        assert screen.focused is not None and screen.focused.id == "questions"
        answers = alice.get_assessment(aid).answers
        assert {q: a.value for q, a in answers.items()} == {
            "q1": "yes",
            "q2": "h24",
            "q3": "yes",
            "q4": "partial",
            "q5": "2026-01-31",
        }
        assert answers["q3"].evidence_ids
        assert "70.0 (adequate)" in text_of(screen, "#score-line")

        summary = await press_to(pilot, SubmitSummaryScreen, "S")
        body = text_of(summary, "#summary-body")
        assert "70.0  (band adequate)" in body
        assert "Residual rating   high" in body
        assert "Findings this submission opens (1)" in body and "q4" in body
        await press(pilot, "enter")
        assert top(app) is screen
        assert "Submitted by alice: read-only" in text_of(screen, "#banner")
        assert screen.check_action("pick", (1,)) is False

    stored = alice.get_assessment(aid)
    assert stored.assessment.status is AssessmentStatus.SUBMITTED
    assert [f.question_id for f in stored.findings] == ["q4"]

    bob = make_service("bob", at=T0 + timedelta(days=1))
    async with on_screen(bob, ApprovalsScreen()) as (app, pilot, approvals):
        assert approvals.check_action("decide", ("approve",)) is True
        await pilot.press("p")
        assert isinstance(app.screen, NoteModal)
        await press(pilot, *"Evidence checked", "ctrl+s")
        assert any("approved; next review 2026-09-11" in n.message for n in app._notifications)

    decided = bob.get_assessment(aid).assessment
    assert decided.status is AssessmentStatus.APPROVED
    assert (decided.decided_by, decided.decision_note) == ("bob", "Evidence checked")
    assert decided.rating == Rating.HIGH.value
    assert decided.next_review_due == date(2026, 9, 11)  # six months for a high rating


async def test_show_if_questions_appear_and_disappear(alice: Service) -> None:
    aid = draft(alice)
    async with on_screen(alice, AssessmentScreen(aid)) as (_, pilot, screen):
        await pilot.press("tab")
        assert listed(screen) == ["q4"]
        await press(pilot, "1")
        assert listed(screen) == ["q4", "q5"]
        assert "1/2" in str(screen.query_one(QuestionList).border_title)
        await press(pilot, "3")  # no plan: the date question no longer applies
        assert listed(screen) == ["q4"]
        assert screen.model is not None and "q5" not in screen.model.shown


async def test_read_only_when_approved(alice: Service, make_service: MakeService) -> None:
    aid = submitted(alice)
    make_service("bob").approve(aid, "fine")
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        assert "Approved by bob: read-only" in text_of(screen, "#banner")
        for action, params in [("pick", (1,)), ("na", ()), ("comment", ()), ("submit", ())]:
            assert screen.check_action(action, params) is False
        await press(pilot, "2", "c", "S")
        assert top(app) is screen
        assert alice.get_assessment(aid).answers["q1"].value == "yes"
        assert screen.query_one("#q-input").display is False


async def test_rereview_marks_carried_over_and_changed_answers(
    alice: Service, make_service: MakeService
) -> None:
    first = submitted(alice)
    make_service("bob").approve(first, "fine")
    again = alice.start_assessment("Twilio", "mini").id
    async with on_screen(alice, AssessmentScreen(again)) as (app, pilot, screen):
        assert screen.model is not None
        assert screen.model.carried_ids == ["q1", "q2", "q3", "q4", "q5"]
        assert "5 carried over" in text_of(screen, "#score-line")
        assert f"Carried over from assessment #{first}" in text_of(screen, "#q-extra")
        assert screen.check_action("confirm", ()) is True

        await press(pilot, "y")  # q1 confirmed as it was
        assert text_of(screen, "#q-status").startswith("Confirmed ✓")
        await press(pilot, "j", "1")  # q2 changes from 72 to 24 hours
        assert screen.model.changed("q2") and not screen.model.changed("q1")
        assert "Δ Changed since assessment" in text_of(screen, "#q-extra")
        assert "was Within 72 hours" in text_of(screen, "#q-extra")
        await press(pilot, "Y")  # asks first, with the count; "n" confirms nothing
        assert isinstance(app.screen, ConfirmScreen)
        assert "Confirm all 3 carried-over answers?" in text_of(app.screen, "#title")
        assert "(q3, q4, q5)" in text_of(app.screen, "#message")
        await press(pilot, "n")
        assert screen.model.carried_ids == ["q3", "q4", "q5"]
        await press(pilot, "Y")
        await press(pilot, "y")
        assert screen.model.carried_ids == []

    answers = alice.get_assessment(again).answers
    assert not any(a.carried_over for a in answers.values())
    assert answers["q2"].value == "h24"


async def test_returned_assessment_shows_the_note(
    alice: Service, make_service: MakeService
) -> None:
    aid = submitted(alice)
    make_service("bob").return_to_draft(aid, "Attach the ISO certificate, please.")
    async with on_screen(alice, AssessmentScreen(aid)) as (_, _pilot, screen):
        assert text_of(screen, "#banner") == (
            "Returned to draft: Attach the ISO certificate, please."
        )
        assert screen.check_action("pick", (1,)) is True
