"""The questionnaire workbook from the runner, driven by keys against a real SQLite
database: w writes it for the vendor, the vendor fills it (openpyxl), W reads it back
through the preview, and the database holds the answers; conflicts need the box ticked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Checkbox, Static

from support.database import MakeService
from support.pilot import (
    notifications,
    press,
    preview_lines,
    running,
    settle,
    show,
    top,
    type_path,
)
from support.portfolio import draft, submitted
from support.workbooks import fill_file
from vendor_review.service import Service
from vendor_review.tui.commands import available
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.widgets.import_preview import ImportPreview

pytestmark = pytest.mark.usefixtures("in_tmp_path")


async def workbook_round(
    pilot: Pilot[None], tmp_path: Path, answers: dict[str, Any]
) -> ImportPreview:
    """w writes the workbook, the vendor fills it, W reads it back: the preview."""
    await press(pilot, "w")
    await type_path(pilot, tmp_path / "sent.xlsx")
    fill_file(tmp_path / "sent.xlsx", answers, tmp_path / "back.xlsx")
    await press(pilot, "W")
    await type_path(pilot, tmp_path / "back.xlsx")
    preview = top(pilot.app)  # type: ignore[arg-type]
    assert isinstance(preview, ImportPreview)
    return preview


async def test_questionnaire_workbook_out_and_answers_back_in(
    alice: Service, tmp_path: Path
) -> None:
    aid = draft(alice)
    async with running(alice) as (app, pilot):
        await show(pilot, AssessmentScreen(aid))
        answers = {"q1": "Yes", "q2": "Within 72 hours", "q4": "Plan, never tested"}
        preview = await workbook_round(pilot, tmp_path, answers)
        assert "Wrote 5 questions (0 answered) of assessment" in notifications(app)[0]
        assert "3 new" in str(preview.query_one("#counts", Static).render())
        assert any("Questions!D3  q2  new: Within 72 hours" in x for x in preview_lines(app))
        await pilot.click("#import")
        await settle(pilot)
        assert isinstance(app.screen, AssessmentScreen)
        assert f"Stored 3 answers from back.xlsx in assessment #{aid}" in notifications(app)
        assert app.screen.model is not None and app.screen.model.value("q2") == "h72"
    stored = alice.get_assessment(aid).answers
    assert {q: a.value for q, a in stored.items()} == {"q1": "yes", "q2": "h72", "q4": "partial"}


async def test_an_answer_changed_in_the_app_is_replaced_only_when_ticked(
    alice: Service, make_service: MakeService, tmp_path: Path
) -> None:
    aid = draft(alice)
    async with running(alice) as (app, pilot):
        await show(pilot, AssessmentScreen(aid))
        await press(pilot, "w")
        await type_path(pilot, tmp_path / "sent.xlsx")
        make_service("bob").answer(aid, "q1", "no")  # after the workbook was made
        fill_file(tmp_path / "sent.xlsx", {"q1": "Yes"}, tmp_path / "back.xlsx")
        await press(pilot, "W")
        await type_path(pilot, tmp_path / "back.xlsx")
        preview = top(app)
        assert isinstance(preview, ImportPreview)
        assert any("q1: answered in the app by bob" in x for x in preview_lines(app))
        assert preview.query_one("#import", Button).disabled
        preview.query_one("#option", Checkbox).value = True
        await pilot.pause()
        assert not preview.query_one("#import", Button).disabled
        await pilot.click("#import")
        await settle(pilot)
    assert alice.get_assessment(aid).answers["q1"].value == "yes"


async def test_workbook_actions_apply_to_a_draft_only(alice: Service) -> None:
    started = draft(alice)
    sent = submitted(alice, "Linode")
    async with running(alice) as (app, pilot):
        names = [name for name, _, _ in available(app.screen)]
        assert "Export workbook…" in names and "Import vendors…" in names
        assert "Send questionnaire workbook…" not in names
        await show(pilot, AssessmentScreen(started))
        names = [name for name, _, _ in available(app.screen)]
        assert "Send questionnaire workbook…" in names
        assert "Import answers from workbook…" in names
        await show(pilot, AssessmentScreen(sent))
        assert app.check_action("send_questionnaire", ()) is False
        assert app.check_action("import_answers", ()) is False
        await press(pilot, "w", "W")
        assert isinstance(app.screen, AssessmentScreen)  # nothing opened
