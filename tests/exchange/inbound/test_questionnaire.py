"""Importing a returned questionnaire workbook: the same assessment as typing the answers,
every problem named by cell before anything is stored, all answers in one transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.database import audit_count
from support.questionnaires import STORED, TYPED
from support.workbooks import fill, workbook_bytes, write
from vendor_review.domain.answers import parse_answer
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.exchange.inbound.questionnaire import apply_answer_plan, plan_answer_import
from vendor_review.exchange.inbound.tables import inert
from vendor_review.service import Service
from vendor_review.service.errors import ConflictError

TEXT = {
    "q1": "yes",
    "q2": "Yes, within 72 hours",
    "q3": "iso; pci",
    "q4": "yes",
    "q5": "2025-11-30",
    "q6": "12",
    "q7": "HSM-backed, rotated yearly",
}


def _import(service: Service, assessment: int, tmp_path: Path, data: bytes) -> object:
    return plan_answer_import(service, assessment, write(tmp_path, "returned.xlsx", data))


def test_a_returned_workbook_gives_the_same_assessment_as_typing(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    returned = fill(
        workbook_bytes(alice, assessment),
        TYPED,
        comments={"q2": "see our DPA"},
        evidence={"q2": "DPA 2025, section 7"},
    )
    plan = _import(alice, assessment, tmp_path, returned)
    assert plan.problems == ()
    assert [(c.question_id, c.kind, c.where) for c in plan.changes] == [
        (f"q{i}", "new", f"Questions!D{i + 1}") for i in range(1, 8)
    ]
    stored = apply_answer_plan(alice, plan)
    assert {a.question_id: a.value for a in stored} == STORED
    # The same answers typed one by one, as a reviewer would.
    alice.add_vendor({"name": "Typed", "kind": "service", "data_access": "personal",
                      "criticality": "medium"})  # fmt: skip
    typed = alice.start_assessment("Typed", "imp").id
    q = Questionnaire.from_definition(alice.get_assessment(typed).definition)
    for qid, text in TEXT.items():
        question = q.question(qid)
        assert question is not None
        alice.answer(typed, qid, parse_answer(question, text))
    imported, by_hand = alice.get_assessment(assessment), alice.get_assessment(typed)
    assert {k: a.value for k, a in imported.answers.items()} == {
        k: a.value for k, a in by_hand.answers.items()
    }
    a, b = alice.score_report(assessment), alice.score_report(typed)
    assert (a.control_score, a.rating, a.critical_failures) == (
        b.control_score,
        b.rating,
        b.critical_failures,
    )
    assert imported.answers["q2"].comment == "see our DPA\nEvidence: DPA 2025, section 7"
    events = [e for e in alice.audit_log(entity="assessment") if e.action == "answers.import"]
    ours = [e for e in events if e.entity_id == str(assessment)]
    assert len(ours) == 1 and ours[0].reason == plan.source  # one event for the workbook
    records = json.loads(ours[0].after or "{}")["answers"]
    assert {q: r if not isinstance(r, dict) else r["value"] for q, r in records.items()} == STORED
    comment = imported.answers["q2"].comment
    assert {k: v for k, v in records["q2"].items() if k != "answered_at"} == {
        "value": STORED["q2"],
        "comment": comment,
    }  # (and on PostgreSQL, whose server stamps the event's time, the answer's own time)
    assert ours[0].before is None  # nothing was answered before
    assert plan.source == f"sha256:{plan.sha256}" and len(plan.sha256) == 64
    assert alice.verify_audit().ok


def test_labels_are_case_and_whitespace_tolerant(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    for word in ("Yes", "yes ", "YES", "  y e s".replace(" ", "") + "\t"):
        returned = fill(workbook_bytes(alice, assessment), {"q1": word, "q3": " soc 2  type ii "})
        plan = _import(alice, assessment, tmp_path, returned)
        assert plan.problems == ()
        assert {c.question_id: c.value for c in plan.changes} == {"q1": "yes", "q3": ["soc2"]}


def test_every_problem_is_named_by_cell_and_nothing_is_stored(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    before = audit_count(alice)
    returned = fill(
        workbook_bytes(alice, assessment),
        {
            "q1": "Maybe",
            "q2": "N/A",
            "q3": "ISO 27001; Gold",
            "q4": "Yes",
            "q5": "30/11/2025",
            "q6": "about ten",
            "q7": '=HYPERLINK("http://evil.example","x")',
        },
        comments={"q1": "=1+1"},
        evidence={"q4": "#N/A"},
    )
    plan = _import(alice, assessment, tmp_path, returned)
    assert [str(p) for p in plan.problems] == [
        "Questions!E2: a formula ('=1+1'); formulas are not evaluated: type the answer itself",
        "Questions!D2: 'Maybe' is not one of 'Yes', 'No', 'N/A'",
        "Questions!D3: N/A is not allowed here: pick one of 'Yes, within 24 hours', "
        "'Yes, within 72 hours', 'No commitment'",
        "Questions!D4: 'Gold' is not one of 'ISO 27001', 'SOC 2 Type II', 'PCI DSS', 'N/A'",
        "Questions!F5: the cell holds the error value #N/A; type N/A (without '#') for "
        "'not applicable'",
        "Questions!D6: '30/11/2025' is not a date: type it as YYYY-MM-DD",
        "Questions!D7: 'about ten' is not a number",
        'Questions!D8: a formula (\'=HYPERLINK("http://evil.example","x")\'); formulas are '
        "not evaluated: type the answer itself",
    ]
    assert all(p.fatal for p in plan.problems)
    with pytest.raises(Exception, match="8 problem"):
        apply_answer_plan(alice, plan)
    assert audit_count(alice) == before
    assert alice.get_assessment(assessment).answers == {}


def test_a_hidden_question_is_reported_and_not_stored(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    returned = fill(workbook_bytes(alice, assessment), {"q4": "No", "q5": "2025-11-30"})
    plan = _import(alice, assessment, tmp_path, returned)
    assert [str(p) for p in plan.problems] == [
        "Questions!D6: question q5 is not asked with these answers (it applies only when q4 "
        "is one of yes); this answer is not stored"
    ]
    assert not plan.fatal
    stored = apply_answer_plan(alice, plan)
    assert [a.question_id for a in stored] == ["q4"]
    assert "q5" not in alice.get_assessment(assessment).answers


def test_answers_changed_in_the_app_since_are_conflicts(
    alice: Service, bob: Service, assessment: int, tmp_path: Path
) -> None:
    alice.answer(assessment, "q1", "yes")
    alice.answer(assessment, "q4", "no")
    sent = workbook_bytes(alice, assessment)
    bob.answer(assessment, "q1", "no", comment="checked on the phone")
    returned = fill(sent, {"q1": "Yes", "q2": "No commitment", "q4": "No"})
    plan = _import(alice, assessment, tmp_path, returned)
    kinds = {c.question_id: c.kind for c in plan.changes}
    assert kinds == {"q1": "conflict", "q2": "new", "q4": "unchanged"}
    (conflict,) = plan.conflicts
    assert conflict.note.startswith("answered in the app by bob at 2026-03-10 09:00")
    assert "now 'No', the file says 'Yes'" in conflict.note
    before = audit_count(alice)
    with pytest.raises(ConflictError, match="--overwrite"):
        apply_answer_plan(alice, plan)
    assert audit_count(alice) == before
    stored = apply_answer_plan(alice, plan, overwrite=True)
    assert sorted(a.question_id for a in stored) == ["q1", "q2"]
    answers = alice.get_assessment(assessment).answers
    assert answers["q1"].value == "yes" and answers["q1"].comment == "checked on the phone"


def test_a_change_between_plan_and_store_stores_nothing(
    alice: Service, bob: Service, assessment: int, tmp_path: Path
) -> None:
    plan = _import(alice, assessment, tmp_path, fill(workbook_bytes(alice, assessment), TYPED))
    bob.answer(assessment, "q7", "typed by bob meanwhile")
    before = audit_count(alice)
    with pytest.raises(ConflictError, match="q7"):
        apply_answer_plan(alice, plan)
    assert audit_count(alice) == before
    assert list(alice.get_assessment(assessment).answers) == ["q7"]


def test_a_re_review_sends_last_years_answers_to_confirm(
    alice: Service, bob: Service, assessment: int, tmp_path: Path
) -> None:
    for qid, value in {"q1": "yes", "q2": "h24", "q3": ["iso"], "q4": "no"}.items():
        alice.answer(assessment, qid, value)
    alice.submit(assessment)
    bob.approve(assessment)
    again = alice.start_assessment("Twilio, Inc.", "imp").id
    assert all(a.carried_over for a in alice.get_assessment(again).answers.values())
    returned = fill(workbook_bytes(alice, again), {"q2": "Yes, within 72 hours"})
    plan = _import(alice, again, tmp_path, returned)
    kinds = {c.question_id: c.kind for c in plan.changes}
    assert kinds == {"q1": "confirmed", "q2": "changed", "q3": "confirmed", "q4": "confirmed"}
    apply_answer_plan(alice, plan)
    answers = alice.get_assessment(again).answers
    assert not any(a.carried_over for a in answers.values())
    assert answers["q2"].value == "h72"


def test_outside_text_is_stored_visible_and_shown_inert(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    # Excel writes characters XML cannot hold as _xHHHH_: ESC arrives as _x001B_.
    hostile = "_x001B_[31mred_x001B_[0m \u202egpj.exe [bold red]markup[/bold red]"
    text = "␛[31mred␛[0m ⟨U+202E⟩gpj.exe [bold red]markup[/bold red]"  # made visible
    returned = fill(workbook_bytes(alice, assessment), {"q7": hostile}, comments={"q7": hostile})
    plan = _import(alice, assessment, tmp_path, returned)
    assert plan.problems == ()
    apply_answer_plan(alice, plan)
    stored = alice.get_assessment(assessment).answers["q7"]
    assert stored.value == text and stored.comment == text
    assert inert(text) == text


def test_other_questionnaire_version_assessment_or_layout_is_refused(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    sent = workbook_bytes(alice, assessment)
    alice.add_vendor({"name": "Linode, LLC", "kind": "infrastructure", "data_access": "personal",
                      "criticality": "high"})  # fmt: skip
    other = alice.start_assessment("Linode, LLC", "other").id
    same = alice.start_assessment("Linode, LLC", "imp").id
    returned = fill(sent, TYPED)
    before = audit_count(alice)

    def problems(target: int, data: bytes) -> list[str]:
        plan = _import(alice, target, tmp_path, data)
        assert plan.changes == () and plan.fatal
        return [str(p) for p in plan.problems]

    assert problems(other, returned) == [
        f"Meta!B4: this workbook is for questionnaire 'imp' version 3, and assessment #{other} "
        "uses 'other' version 1",
        f"Meta!B7: this workbook was made for assessment #{assessment}, not #{other}",
    ]
    assert problems(same, returned) == [
        f"Meta!B7: this workbook was made for assessment #{assessment}, not #{same}"
    ]

    def meta(cell: str, value: object) -> bytes:
        return fill(sent, TYPED, edit=lambda wb: wb["Meta"].__setitem__(cell, value))

    assert problems(assessment, meta("B5", 2)) == [
        f"Meta!B4: this workbook is for questionnaire 'imp' version 2, and assessment "
        f"#{assessment} uses 'imp' version 3"
    ]
    assert problems(assessment, meta("B6", "0" * 64))[0].startswith(
        "Meta!B6: made from another imp version 3 file (SHA-256 '000000000000000…', the "
    )
    no_meta = fill(sent, TYPED, edit=lambda wb: wb.remove(wb["Meta"]))
    assert problems(assessment, no_meta) == [
        "returned.xlsx: has no hidden 'Meta' sheet: not a questionnaire workbook made by "
        "vendor-review, or the sheet was deleted"
    ]
    shifted = fill(sent, TYPED, edit=lambda wb: wb["Questions"].insert_cols(4))
    assert problems(assessment, shifted) == [
        "Questions!D1: the header should be 'Answer', not None: columns must not be "
        "inserted, deleted or moved"
    ]
    assert audit_count(alice) == before


def test_rows_moved_or_deleted_are_matched_by_id_and_reported(
    alice: Service, assessment: int, tmp_path: Path
) -> None:
    def shuffle(wb: object) -> None:
        ws = wb["Questions"]  # type: ignore[index]
        for column in range(1, 10):  # swap the rows of q1 and q4 (as a sort would)
            a, b = ws.cell(2, column), ws.cell(5, column)
            a.value, b.value = b.value, a.value
        ws.delete_rows(8)  # q7's row

    returned = fill(workbook_bytes(alice, assessment), TYPED, edit=shuffle)
    plan = _import(alice, assessment, tmp_path, returned)
    assert [str(p) for p in plan.problems] == [
        "Questions!B2: 2 rows were moved (question q4 is on row 2, sent on row 5); answers "
        "were matched by question ID",
        "Questions!8:8: the row of question q7 was deleted; it is not answered by this file",
    ]
    assert not plan.fatal
    assert {c.question_id: (c.where, c.value) for c in plan.changes}["q1"] == (
        "Questions!D5",
        "yes",
    )
    assert "q7" not in {c.question_id for c in plan.changes}
