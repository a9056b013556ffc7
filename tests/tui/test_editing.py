"""Editing that forgives: z undoes the last answer change (an audited change back through
the service), typed text is never lost (Esc and Ctrl+Q ask; SIGTERM/SIGHUP keep a draft),
$EDITOR edits a note, and the path picker completes paths with Tab."""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from support.pilot import on_screen, press, text_of
from support.portfolio import draft
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.widgets.note_modal import NoteModal, edit_externally
from vendor_review.tui.widgets.path_modal import PathModal, complete_path


async def test_z_undoes_the_last_answer_change_through_the_service(alice: Service) -> None:
    aid = draft(alice)
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        assert screen.check_action("undo", ()) is None  # shown, nothing to undo yet
        await press(pilot, "1")  # q1: Yes
        await press(pilot, "2")  # q1: No
        assert alice.get_assessment(aid).answers["q1"].value == "no"
        await press(pilot, "z")  # back to Yes
        assert alice.get_assessment(aid).answers["q1"].value == "yes"
        assert screen.current == "q1"
        await press(pilot, "ctrl+z")  # back to no answer at all
        assert "q1" not in alice.get_assessment(aid).answers
        assert "Nothing to undo" not in " ".join(n.message for n in app._notifications)
    # Every step, the undoing too, is an audited change.
    actions = [e.action for e in alice.audit_trail("assessment", str(aid), limit=50)]
    assert actions.count("answer.set") == 3  # yes, no, yes again
    assert actions.count("answer.clear") == 1  # and no answer again


@contextlib.asynccontextmanager
async def writing_a_note(
    alice: Service,
) -> AsyncIterator[tuple[VendorReviewApp, Pilot[None], NoteModal]]:
    """A draft's q1 (answered yes) on the assessment screen, its note modal open (c)."""
    aid = draft(alice)
    alice.answer(aid, "q1", "yes")
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        screen.go_to("q1")
        await press(pilot, "c")
        note = app.screen
        assert isinstance(note, NoteModal)
        yield app, pilot, note


async def test_ctrl_q_asks_when_a_note_holds_typed_text(alice: Service) -> None:
    async with writing_a_note(alice) as (app, pilot, note):
        await pilot.press(*"Checked the SOC 2 bridge letter")
        await pilot.press("escape")  # Esc with typed text asks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is note
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "not saved" in text_of(app.screen, "#message")
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and app.screen is note
        assert note.query_one(TextArea).text == "Checked the SOC 2 bridge letter"


async def test_a_signal_keeps_typed_text_as_a_draft(alice: Service, tmp_path: Path) -> None:
    async with writing_a_note(alice) as (app, pilot, _):
        await pilot.press(*"Half a comment")
        app.exit_keeping_drafts()  # what SIGTERM and SIGHUP do
        await pilot.pause()
    drafts = list((tmp_path / "drafts").glob("draft-*.txt"))
    assert len(drafts) == 1
    assert "Half a comment" in drafts[0].read_text(encoding="utf-8")
    assert stat.S_IMODE(drafts[0].stat().st_mode) == 0o600


class FakeApp:
    """Enough of an app for ``edit_externally``: a terminal that can be suspended."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    @contextlib.contextmanager
    def suspend(self) -> Iterator[None]:
        yield

    def notify(self, message: str, **_: Any) -> None:
        self.notes.append(message)


def test_ctrl_o_edits_the_text_in_the_users_editor(tmp_path: Path, monkeypatch: Any) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf " and more" >> "$1"\n', encoding="utf-8")
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", str(editor))
    app = FakeApp()
    assert edit_externally(app, "A note") == "A note and more"  # type: ignore[arg-type]
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    assert edit_externally(app, "A note") is None  # type: ignore[arg-type]
    assert app.notes and "Could not open an editor" in app.notes[0]


def test_tab_completes_a_path(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "soc2-2026.pdf").write_bytes(b"%PDF")
    (tmp_path / "reports" / "soc2-2025.pdf").write_bytes(b"%PDF")
    assert complete_path(str(tmp_path / "rep")) == str(tmp_path / "reports") + os.sep
    assert complete_path(str(tmp_path / "reports" / "so")) == str(tmp_path / "reports" / "soc2-202")
    assert complete_path(str(tmp_path / "nothing")) is None


async def test_the_evidence_picker_completes_and_browses(alice: Service, tmp_path: Path) -> None:
    aid = draft(alice)
    alice.answer(aid, "q3", "yes")
    report = tmp_path / "documents" / "iso-27001.pdf"
    report.write_bytes(b"%PDF-1.4 certificate")
    async with on_screen(alice, AssessmentScreen(aid)) as (app, pilot, screen):
        screen.go_to("q3")
        await pilot.press("e")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PathModal)
        field = picker.query_one("#path", Input)
        assert field.value == str(tmp_path / "documents") + os.sep  # config output_dir
        await pilot.press("i", "tab")  # completes to the one file starting with "i"
        assert field.value == str(report)
        await press(pilot, "enter")
        assert app.screen is screen
    assert alice.get_assessment(aid).answers["q3"].evidence_ids
