"""Helpers for the export, import and questionnaire workbook tests: type a path into the
open PathModal, read the preview, read and fill workbooks the way a vendor does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import RichLog, Static
from workflow_screen_helpers import settle

from vendor_review.tui.widgets.path_modal import PathModal

SHEETS = [
    "Summary",
    "Answers",
    "Findings",
    "Certificates",
    "Assurance",
    "Obligations",
    "Schedule",
    "About",
]


async def type_path(pilot: Pilot[None], path: Path) -> None:
    """Into the open PathModal: clear the default, type ``path`` (relative to the test's
    folder, the current one: shorter to type), press enter."""
    assert isinstance(pilot.app.screen, PathModal)
    await pilot.press("ctrl+u", *str(path.relative_to(Path.cwd())), "enter")
    await settle(pilot)


def problem(app: App[Any]) -> str:
    """What the PathModal says is wrong with the path."""
    return str(app.screen.query_one("#problem", Static).render())


def preview_lines(app: App[Any]) -> list[str]:
    """Every line the ImportPreview lists (problems, conflicts, changes)."""
    return [line.text for line in app.screen.query_one(RichLog).lines]


def names_in_summary(path: Path) -> list[Any]:
    """The vendors of an exported workbook (and that it has every sheet)."""
    wb = load_workbook(path, read_only=True)
    assert [name for name in wb.sheetnames if name != "Dashboard"] == SHEETS
    return [row[0] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)]


def fill(path: Path, answers: dict[str, Any], out: Path) -> None:
    """The questionnaire workbook as the vendor sends it back: answers typed in column D
    (Answer) of the Questions sheet, by question ID (column B)."""
    wb = load_workbook(path)
    ws = wb["Questions"]
    rows = {ws.cell(r, 2).value: r for r in range(2, ws.max_row + 1)}
    for question_id, value in answers.items():
        ws.cell(rows[question_id], 4).value = value
    wb.save(out)
