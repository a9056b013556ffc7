"""The questionnaire workbook sent to a vendor: drop-downs of exactly the options' labels
(N/A where allowed), answers given so far filled in as typed cells, only the answer
cells editable, a hidden Meta sheet that ties the file to its assessment."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from support.database import T0
from support.fixtures.returned_answers import assessment, make_service, qdir
from support.workbooks import rows_by_id, workbook_bytes
from vendor_review.exchange.outbound.questionnaire import write_questionnaire_workbook
from vendor_review.service import Service
from vendor_review.service.errors import StateError, ValidationError

__all__ = ["assessment", "make_service", "qdir"]  # the vendor's workbook of ``imp``


def _book(alice: Service, assessment: int) -> object:
    return load_workbook(io.BytesIO(workbook_bytes(alice, assessment)))


def test_sheets_hidden_meta_and_protection(alice: Service, assessment: int) -> None:
    wb = _book(alice, assessment)
    assert wb.sheetnames == ["Instructions", "Questions", "Lists", "Meta"]
    states = {ws.title: ws.sheet_state for ws in wb.worksheets}
    assert states == {
        "Instructions": "visible",
        "Questions": "visible",
        "Lists": "hidden",
        "Meta": "hidden",
    }
    assert wb.security.lockStructure
    assert all(ws.protection.sheet for ws in wb.worksheets)
    meta = {r[0]: r[1] for r in wb["Meta"].iter_rows(min_row=2, values_only=True)}
    a = alice.get_assessment(assessment).assessment
    assert meta["questionnaire"] == "imp" and meta["version"] == 3
    assert meta["sha256"] == a.questionnaire_sha256 and meta["assessment"] == assessment
    ids = [r[1] for r in wb["Meta"].iter_rows(min_row=2, values_only=True) if r[0] == "question"]
    assert ids == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]


def test_only_answer_comment_and_evidence_cells_are_unlocked(
    alice: Service, assessment: int
) -> None:
    ws = _book(alice, assessment)["Questions"]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["Section", "ID", "Question", "Answer", "Comment", "Evidence reference"]
    for row in ws.iter_rows(min_row=2):
        unlocked = [c.column_letter for c in row if not c.protection.locked]
        assert unlocked == ["D", "E", "F"]
    assert all(c.protection.locked for c in ws[1])


def test_drop_downs_allow_exactly_the_labels(alice: Service, assessment: int) -> None:
    wb = _book(alice, assessment)
    ws, lists = wb["Questions"], wb["Lists"]
    rows = rows_by_id(ws)

    def labels_for(qid: str) -> list[str]:
        cell = f"D{rows[qid]}"
        dv = next(v for v in ws.data_validations.dataValidation if cell in v.sqref)
        assert dv.type == "list" and not dv.showDropDown  # True would hide the arrow
        sheet, cells = dv.formula1.split("!")
        assert sheet == "Lists"
        return [c.value for row in lists[cells.replace("$", "")] for c in row]

    assert labels_for("q1") == ["Yes", "No", "N/A"]
    assert labels_for("q2") == ["Yes, within 24 hours", "Yes, within 72 hours", "No commitment"]
    assert labels_for("q3") == ["ISO 27001", "SOC 2 Type II", "PCI DSS", "N/A"]
    strict = {f"D{rows[q]}" for q in ("q1", "q2")}
    for dv in ws.data_validations.dataValidation:
        cells = {str(r) for r in dv.sqref.ranges}
        if cells & strict:
            assert dv.showErrorMessage and dv.errorStyle == "stop"
    date_dv = next(v for v in ws.data_validations.dataValidation if f"D{rows['q5']}" in v.sqref)
    assert date_dv.type == "date"
    text = ws.cell(rows["q3"], 7).value
    assert "separated by ';'" in text


def test_given_answers_are_filled_in_as_typed_cells(alice: Service, assessment: int) -> None:
    for qid, value in {"q1": "yes", "q3": ["iso", "soc2"], "q4": "yes"}.items():
        alice.answer(assessment, qid, value, comment="internal: vendor was evasive")
    alice.answer(assessment, "q5", "2025-11-30")
    alice.answer(assessment, "q6", 12)
    ws = _book(alice, assessment)["Questions"]
    rows = rows_by_id(ws)
    assert ws.cell(rows["q1"], 4).value == "Yes"
    assert ws.cell(rows["q3"], 4).value == "ISO 27001; SOC 2 Type II"
    assert ws.cell(rows["q5"], 4).value == datetime(2025, 11, 30)
    assert ws.cell(rows["q5"], 4).is_date
    assert ws.cell(rows["q6"], 4).value == 12 and ws.cell(rows["q6"], 4).data_type == "n"
    assert ws.cell(rows["q2"], 4).value is None
    # Comments may be internal notes: they are not sent to the vendor.
    assert all(ws.cell(r, 5).value is None for r in rows.values())


def test_questionnaire_text_is_never_a_formula(alice: Service, qdir: Path, assessment: int) -> None:
    alice.add_vendor({"name": "=cmd|' /C calc'!A0", "kind": "other", "data_access": "none",
                      "criticality": "low"})  # fmt: skip
    evil = alice.start_assessment("=cmd|' /C calc'!A0", "imp").id
    wb = _book(alice, evil)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    first = wb["Instructions"]["A2"].value
    assert "=cmd|' /C calc'!A0" in first


def test_only_a_draft_is_sent_and_files_are_not_overwritten(
    alice: Service, bob: Service, assessment: int, tmp_path: Path
) -> None:
    path = tmp_path / "twilio.xlsx"
    made = write_questionnaire_workbook(alice, assessment, path)
    assert (made.questions, made.answered) == (7, 0) and path.stat().st_size > 0
    with pytest.raises(ValidationError, match="exists; use --force"):
        write_questionnaire_workbook(alice, assessment, path)
    write_questionnaire_workbook(alice, assessment, path, force=True)
    for qid, value in {"q1": "yes", "q2": "h24", "q3": ["iso"], "q4": "no"}.items():
        alice.answer(assessment, qid, value)
    alice.submit(assessment)
    with pytest.raises(StateError, match="is submitted"):
        write_questionnaire_workbook(alice, assessment, tmp_path / "late.xlsx")
    assert T0.year == 2026
