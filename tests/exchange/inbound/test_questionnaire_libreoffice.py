"""Done when: a reviewer sends the workbook for a LiveAgent subprocessor, the vendor fills
it in and saves it with LibreOffice, and importing it gives the answers typed. LibreOffice
rewrites the whole file (shared strings, its own styles and date formats, the hidden
sheets, the validations); skipped where ``soffice`` is not installed."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from support.printout import convert
from support.questionnaires import STORED, TYPED
from support.workbooks import fill, workbook_bytes, write
from vendor_review.exchange.inbound.questionnaire import apply_answer_plan, plan_answer_import
from vendor_review.service import Service


def _resave(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "resaved"
    out.mkdir()
    return convert(path, "xlsx:Calc MS Excel 2007 XML", out)


def test_a_workbook_saved_by_libreoffice_imports_as_typed(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    filled = fill(
        workbook_bytes(alice, assessment), TYPED, evidence={"q1": "ISO 27001 certificate"}
    )
    resaved = _resave(write(tmp_path, "returned.xlsx", filled), tmp_path)
    book = load_workbook(io.BytesIO(resaved.read_bytes()))
    assert {ws.title: ws.sheet_state for ws in book.worksheets}["Meta"] == "hidden"
    plan = plan_answer_import(alice, assessment, resaved)
    assert plan.problems == ()
    apply_answer_plan(alice, plan)
    answers = alice.get_assessment(assessment).answers
    assert {qid: a.value for qid, a in answers.items()} == STORED
    assert answers["q1"].comment == "Evidence: ISO 27001 certificate"
