"""Fuzzing the returned workbook: cells set to anything a spreadsheet holds, rows moved,
deleted or added, sheets renamed or deleted, bytes flipped or cut. The importer either
refuses the file, or reports errors and stores nothing, or stores a valid set of answers,
and never crashes."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.fuzz import examples
from support.questionnaires import TYPED
from support.workbooks import fill, workbook_bytes, write
from vendor_review.domain.answers import check_answer
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import visible_questions
from vendor_review.exchange.inbound.questionnaire import apply_answer_plan, plan_answer_import
from vendor_review.exchange.inbound.tables import RefusedFile
from vendor_review.service import Service
from vendor_review.service.errors import ValidationError

WORDS = [
    "Yes", "no ", "N/A", "na", "Maybe", "", "  ", "Yes, within 24 hours", "YES, WITHIN 72 HOURS",
    "No commitment", "ISO 27001; PCI DSS", "SOC 2 Type II;;", "iso; N/A", "2025-11-30",
    "30/11/2025", "12", "1e999", "nan", "=1+1", "=HYPERLINK(\"x\")", "#N/A", "#DIV/0!", "q1",
    "q5", "q99", "question", "format", "imp", "other", "_x001B_[31m", "\u202e[bold]x[/bold]",
]  # fmt: skip
OTHER = {
    "q1": "no",
    "q2": "No commitment",
    "q3": "SOC 2 Type II",
    "q4": "N/A",
    "q5": "2024-01-02",
    "q6": 3.5,
    "q7": "Keys in a cloud KMS",
}
"""Valid answers other than ``TYPED``, so that examples keep changing what is stored."""
SAFE_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
VALUES = st.one_of(
    st.none(),
    st.sampled_from(WORDS),
    SAFE_TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),
)
SHEETS = st.sampled_from(["Questions", "Meta", "Lists", "Instructions"])
OPS = st.one_of(
    st.tuples(st.just("set"), SHEETS, st.integers(1, 12), st.integers(1, 10), VALUES),
    st.tuples(st.just("delete_row"), SHEETS, st.integers(1, 12)),
    st.tuples(st.just("insert_row"), SHEETS, st.integers(1, 12)),
    st.tuples(st.just("swap_rows"), SHEETS, st.integers(2, 9), st.integers(2, 9)),
    st.tuples(st.just("rename"), SHEETS, st.sampled_from(["Answers", "meta", "Sheet1"])),
    st.tuples(st.just("drop_sheet"), SHEETS),
)

DAMAGE = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 20_000), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.integers(0, 20_000)),
)


def _edit(ops: list[tuple[Any, ...]]) -> Any:
    def edit(wb: Any) -> None:
        for op in ops:
            if op[1] not in wb.sheetnames:
                continue
            ws = wb[op[1]]
            if op[0] == "set":
                ws.cell(op[2], op[3]).value = op[4]
            elif op[0] == "delete_row":
                ws.delete_rows(op[2])
            elif op[0] == "insert_row":
                ws.insert_rows(op[2])
            elif op[0] == "swap_rows":
                for column in range(1, 10):
                    a, b = ws.cell(op[2], column), ws.cell(op[3], column)
                    a.value, b.value = b.value, a.value
            elif op[0] == "rename" and op[2] not in wb.sheetnames:
                ws.title = op[2]
            elif op[0] == "drop_sheet" and len(wb.sheetnames) > 1:
                wb.remove(ws)
        visible = [i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible"]
        if not visible:  # a workbook needs one visible sheet to be saved at all
            wb.worksheets[0].sheet_state = "visible"
        wb.active = visible[0] if visible else 0

    return edit


def _state(service: Service, assessment: int) -> dict[str, tuple[Any, str | None, int]]:
    answers = service.get_assessment(assessment).answers
    return {qid: (a.value, a.comment, a.version) for qid, a in answers.items()}


@pytest.mark.slow
@settings(
    max_examples=examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    valid=st.dictionaries(st.sampled_from(list(TYPED)), st.booleans()),
    wild=st.dictionaries(st.sampled_from(list(TYPED)), VALUES, max_size=3),
    ops=st.lists(OPS, max_size=4),
    damage=st.integers(0, 3).flatmap(lambda n: DAMAGE if n == 0 else st.none()),
)
def test_the_importer_stores_a_valid_set_or_reports_errors(
    alice: Service,
    assessment: int,
    tmp_path: Path,
    valid: dict[str, bool],
    wild: dict[str, Any],
    ops: list[tuple[Any, ...]],
    damage: tuple[Any, ...] | None,
) -> None:
    answers = {qid: TYPED[qid] if typed else OTHER[qid] for qid, typed in valid.items()} | wild
    data = fill(workbook_bytes(alice, assessment), answers, edit=_edit(ops))
    if damage is not None and damage[1] < len(data):
        if damage[0] == "flip":
            data = data[: damage[1]] + bytes([data[damage[1]] ^ damage[2]]) + data[damage[1] + 1 :]
        else:
            data = data[: damage[1]]
    before = _state(alice, assessment)

    try:
        plan = plan_answer_import(alice, assessment, write(tmp_path, "fuzz.xlsx", data))
    except RefusedFile as refused:
        assert "\n" not in str(refused)
        assert _state(alice, assessment) == before
        return
    q = Questionnaire.from_definition(alice.get_assessment(assessment).definition)
    for change in plan.changes:
        question = q.question(change.question_id)
        assert question is not None and check_answer(question, change.value) == change.value
    if plan.fatal:
        try:
            apply_answer_plan(alice, plan, overwrite=True)
        except ValidationError:
            pass
        else:  # pragma: no cover - a fatal plan must never be stored
            raise AssertionError("a plan with fatal problems was stored")
        assert _state(alice, assessment) == before
        return
    apply_answer_plan(alice, plan, overwrite=True)
    after = _state(alice, assessment)
    for qid, (value, _, _) in after.items():
        question = q.question(qid)
        assert question is not None and check_answer(question, value) == value
    values = {qid: value for qid, (value, _, _) in after.items()}
    shown = visible_questions(q, values)
    for change in plan.to_store(overwrite=True):
        assert after[change.question_id][0] == change.value
        assert change.question_id in shown
