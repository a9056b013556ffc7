"""The runner with every kind of question, and questionnaire and vendor text that looks
like Textual markup (shown literally, never run)."""

from __future__ import annotations

from textual.widgets import Input

from support.markup import EVIL, EVIL_TEXT
from support.pilot import on_screen, press, settle, text_of, top
from support.portfolio import add_vendor, draft
from vendor_review.service import Service
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.widgets.note_modal import NoteModal


async def test_markup_in_vendor_and_questionnaire_is_literal(alice: Service) -> None:
    add_vendor(alice, EVIL)
    aid = alice.start_assessment(EVIL, "kinds").id
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        assert text_of(screen, "#title-line").startswith(f"{EVIL} · [bold]Kinds[/bold] of")
        assert text_of(screen, "#q-text") == EVIL_TEXT
        assert text_of(screen, "#q-help") == "[red]Ask[/red] for the key policy."
        assert "[link=https://example.com]ISO 27001[/link]" in text_of(screen, "#q-refs")
        svg = app.export_screenshot()
        # As drawn: in the section list, the question list border and the question meta line.
        assert svg.count("[reverse]Basics[/reverse]") == 3
        # Clicking the text that holds the would-be action does not run it.
        await pilot.click("#q-text", offset=(2, 0))
        await pilot.click("#title-line", offset=(2, 0))
        await settle(pilot)
        assert app.is_running and top(app) is screen

        await pilot.press("j", "1")  # the multiple choice shows its labels literally
        assert "[i]Mail[/i]" in text_of(screen, "#q-options")


async def test_multi_number_text_and_na(alice: Service) -> None:
    aid = draft(alice, questionnaire="kinds")
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        await press(pilot, "0")  # k1: N/A on a required control asks why first
        assert isinstance(app.screen, NoteModal)
        await press(pilot, *"No backups kept", "ctrl+s")

        await pilot.press("j", "1", "3")  # k2: tick Mail and Phone, not saved yet
        assert "[x] [i]Mail[/i]" in text_of(screen, "#q-options")
        assert "not saved yet" in text_of(screen, "#q-options")
        assert "k2" in (screen.unsaved_changes() or "")
        await pilot.press("right", "space")  # the arrows tick Chat
        await pilot.press("space")  # and untick it again
        await press(pilot, "enter")
        assert screen.unsaved_changes() is None

        await press(pilot, "j", "enter", *"twelve", "enter")  # k3: a number, refused inline
        assert "'twelve' is not a number" in text_of(screen, "#q-input-error")
        await press(pilot, *["backspace"] * 6, *"12", "enter")
        assert text_of(screen, "#q-input-error") == ""
        assert screen.focused is not None and screen.focused.id == "q-input"  # stays

        await pilot.press("5", "escape")  # typed, not saved: Esc asks before dropping it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")  # discard
        assert screen.focused is not None and screen.focused.id == "questions"
        assert top(app) is screen
        assert screen.query_one("#q-input", Input).value == "12"

        await pilot.press("j", "enter")  # k4: a text answer opens a multi-line editor
        await pilot.pause()
        assert isinstance(app.screen, NoteModal)
        await press(pilot, *"Jane [b]Doe[/b]", "ctrl+s")
        assert "Answer: Jane [b]Doe[/b]" in text_of(screen, "#q-options")

    answers = {q: a.value for q, a in alice.get_assessment(aid).answers.items()}
    assert answers == {"k1": "na", "k2": ["mail", "phone"], "k3": 12.0, "k4": "Jane [b]Doe[/b]"}
    assert alice.get_assessment(aid).answers["k1"].comment == "No backups kept"
    report = alice.score_report(aid)
    assert report.control_score == 75.0  # k2 alone is scored: 0.5 + 0.25


async def test_comment_and_clear(alice: Service) -> None:
    aid = draft(alice, questionnaire="kinds")
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        assert screen.check_action("comment", ()) is None  # shown, disabled: no answer yet
        await press(pilot, "1")
        await pilot.press("c")
        for _ in range(50):  # under load the modal takes a few frames to mount and focus
            if isinstance(app.screen, NoteModal) and app.screen.focused is not None:
                break
            await pilot.pause()
        assert isinstance(app.screen, NoteModal) and app.screen.focused is not None
        await press(pilot, *"Seen in [b]the[/b] DPA", "ctrl+s")
        assert "Comment: Seen in [b]the[/b] DPA" in text_of(screen, "#q-extra")
        assert text_of(screen, "#q-status").startswith("Comment saved ✓")
        await pilot.press("x")  # asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # kept
        assert alice.get_assessment(aid).answers
        await press(pilot, "x", "y")
        assert text_of(screen, "#q-status") == "Cleared ✓"
    assert alice.get_assessment(aid).answers == {}
