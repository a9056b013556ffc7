"""Re-review: answers carried over from the last approved assessment, confirmed or changed,
and the diff of two assessments (answers, scores, rating, findings opened and closed)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from support.cli import RunCli
from support.database import MakeService
from support.portfolio import add_vendor_on, at, decide
from vendor_review.service.errors import StateError, ValidationError

# The vendor is internal × medium: inherent medium.
FIRST = {"q1": "yes", "q2": "partial", "q3": "yes"}  # 87.5 strong → low; medium finding on q2
SECOND = {"q1": "no", "q2": "full", "q3": "yes"}  # 75 adequate → medium; high finding on q1
LATER = at(date(2026, 6, 15))


@pytest.fixture
def first(make: MakeService) -> int:
    add_vendor_on(make, "Globex", date(2025, 1, 1), data_access="internal", criticality="medium")
    return decide(make, "Globex", date(2025, 6, 1), FIRST)


def test_a_re_review_starts_from_the_last_approved_answers(make: MakeService, first: int) -> None:
    decide(make, "Globex", date(2025, 9, 1), SECOND, approve=False)  # rejected: not a source
    alice = make("alice", at=LATER)
    draft = alice.start_assessment("Globex", "tiny")
    assert draft.previous_id == first
    answers = alice.get_assessment(draft.id).answers
    assert {q: (a.value, a.carried_over) for q, a in answers.items()} == {
        q: (v, True) for q, v in FIRST.items()
    }
    assert (draft.answered, draft.shown) == (3, 3)
    alice.answer(draft.id, "q1", "no")  # changed: no longer carried over
    assert alice.confirm_answers(draft.id, ["q3", "q3"]) == ["q3"]
    answers = alice.get_assessment(draft.id).answers
    assert {q: a.carried_over for q, a in answers.items()} == {"q1": False, "q2": True, "q3": False}
    with pytest.raises(ValidationError) as unknown:
        alice.confirm_answers(draft.id, ["q3", "q9"])
    assert str(unknown.value) == f"not carried-over answers of assessment #{draft.id}: q3, q9"
    assert alice.confirm_answers(draft.id) == ["q2"]
    assert alice.confirm_answers(draft.id) == []
    assert not any(a.carried_over for a in alice.get_assessment(draft.id).answers.values())
    alice.submit(draft.id)
    with pytest.raises(StateError, match="is submitted"):
        alice.confirm_answers(draft.id)


def test_a_fresh_start_carries_nothing_over(make: MakeService, first: int) -> None:
    alice = make("alice", at=LATER)
    draft = alice.start_assessment("Globex", "tiny", carry_over=False)
    assert draft.previous_id == first
    assert alice.get_assessment(draft.id).answers == {}


def second_review(make: MakeService, first: int) -> int:
    """Remediate the first review's finding, then a re-review that changes q1 and q2."""
    alice = make("alice", at=LATER)
    [finding] = alice.get_assessment(first).findings
    alice.remediate_finding(finding.id, "plan tested in May")
    return decide(make, "Globex", LATER.date(), SECOND)


def test_the_diff_of_two_assessments(make: MakeService, first: int) -> None:
    second = second_review(make, first)
    d = make().diff_assessments(first, second)
    assert (d.before.id, d.after.id) == (first, second)
    assert (d.before.control_score, d.after.control_score) == (87.5, 75.0)
    assert (d.before.rating, d.after.rating) == ("low", "medium")
    assert (d.before.next_review_due, d.after.next_review_due) == (
        date(2027, 6, 1),
        date(2027, 6, 15),
    )
    assert [(c.question_id, c.before, c.after, c.score_before, c.score_after)
            for c in d.answers] == [
        ("q1", "Yes", "No", 1.0, 0.0),
        ("q2", "Plan, never tested", "Yes, tested yearly", 0.5, 1.0),
    ]  # fmt: skip
    assert d.unchanged == 1
    assert [(f.question_id, f.severity.value) for f in d.findings_opened] == [("q1", "high")]
    assert [(f.question_id, f.status.value) for f in d.findings_closed] == [("q2", "remediated")]


def test_only_assessments_of_one_vendor_compare(make: MakeService, first: int) -> None:
    add_vendor_on(make, "Initech", date(2025, 1, 1))
    other = decide(make, "Initech", date(2025, 6, 1))
    with pytest.raises(ValidationError, match="are of different vendors \\('Globex', 'Initech'\\)"):
        make().diff_assessments(first, other)


def test_confirm_and_diff_on_the_command_line(make: MakeService, run: RunCli, first: int) -> None:
    draft = make("alice", at=LATER).start_assessment("Globex", "tiny").id
    confirmed = run("assessment", "confirm", str(draft), "q1", "q3")
    assert confirmed.exit_code == 0, confirmed.output
    assert confirmed.output.strip() == "Confirmed 2 carried-over answers"
    assert run("assessment", "confirm", str(draft), "q1").exit_code == 2
    alice, bob = make("alice", at=LATER), make("bob", at=LATER)
    bob.remediate_finding(alice.get_assessment(first).findings[0].id, "plan tested")
    for question_id, value in SECOND.items():
        alice.answer(draft, question_id, value)
    alice.submit(draft)
    bob.approve(draft, "fine")
    result = run("diff", str(first), str(draft))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2 answers changed, 1 unchanged" in out
    assert "Plan, never tested" in out and "0.5 → 1" in out
    assert "Findings opened:" in out and "Findings closed:" in out
    data = json.loads(run("diff", str(first), str(draft), "--json").stdout)
    assert (data["before"]["rating"], data["after"]["rating"]) == ("low", "medium")
    assert [c["question_id"] for c in data["answers"]] == ["q1", "q2"]
    assert len(data["findings_opened"]) == len(data["findings_closed"]) == 1
    assert run("diff", str(first), "999").exit_code == 4
