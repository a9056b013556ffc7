"""Workflow rules: four-eyes, immutability, blocked submits, hidden questions, re-reviews."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.cli import add_twilio, cli_on_new_file
from support.database import count_events
from support.portfolio import add_vendor, answer_all, draft
from support.questionnaires import WEAK
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import Service
from vendor_review.service.errors import (
    FourEyesError,
    NotFoundError,
    StateError,
    SubmitBlockedError,
    ValidationError,
)
from vendor_review.store import Database


def test_submitted_assessment_is_frozen_and_needs_a_second_person(
    submitted: int, alice: Service, db: Database
) -> None:
    events = count_events(db)
    with pytest.raises(StateError, match="is submitted; it changes only after an approver"):
        alice.answer(submitted, "q1", "no")
    with pytest.raises(FourEyesError) as approving:
        alice.approve(submitted, "looks fine to me")
    assert str(approving.value) == (
        f"alice started, answered 5 questions and submitted assessment #{submitted}, so "
        "alice cannot approve it: a second person who did not work on it must decide "
        "(four-eyes)"
    )
    with pytest.raises(FourEyesError, match="so alice cannot reject it: a second person who"):
        alice.reject(submitted, "changed my mind")
    stored = alice.get_assessment(submitted)
    assert (stored.assessment.status, stored.assessment.decided_by) == (
        AssessmentStatus.SUBMITTED,
        None,
    )
    assert stored.answers["q1"].value == "yes"
    assert count_events(db) == events


@pytest.mark.parametrize("outcome", ["approve", "reject"])
def test_decided_assessments_can_no_longer_change(
    submitted: int, alice: Service, bob: Service, outcome: str
) -> None:
    getattr(bob, outcome)(submitted, "decided")
    status = "approved" if outcome == "approve" else "rejected"
    can_no_longer = f"#{submitted} is {status} and can no longer change; start a re-review"
    with pytest.raises(StateError, match=can_no_longer):
        alice.answer(submitted, "q1", "no")
    with pytest.raises(StateError, match=can_no_longer):
        alice.clear_answer(submitted, "q1")
    with pytest.raises(StateError, match=can_no_longer):
        alice.submit(submitted)
    for decide in (bob.approve, bob.reject, bob.return_to_draft):
        with pytest.raises(StateError, match=f"is already {status} and cannot change"):
            decide(submitted, "again")
    detail = alice.get_assessment(submitted)
    assert detail.assessment.status.value == status
    assert detail.answers["q1"].value == "yes"


def test_submit_with_missing_answers_changes_nothing(alice: Service, db: Database) -> None:
    aid = draft(alice)
    alice.answer(aid, "q1", "yes")
    events = count_events(db)
    with pytest.raises(SubmitBlockedError) as blocked:
        alice.submit(aid)
    assert blocked.value.missing == ["q2", "q3", "q4"]
    assert str(blocked.value) == (
        f"assessment #{aid} cannot be submitted: 3 required questions unanswered: q2, q3, q4"
    )
    detail = alice.get_assessment(aid)
    assert (detail.assessment.status, detail.assessment.control_score) == (
        AssessmentStatus.DRAFT,
        None,
    )
    assert detail.findings == [] and alice.list_findings() == []
    assert count_events(db) == events


def test_the_submit_refusal_counts_the_unanswered_questions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli_on_new_file(tmp_path, monkeypatch, "mini")
    add_twilio(run)
    aid = run.ok("assessment", "start", "Twilio", "--questionnaire", "mini").strip()
    run.ok("assessment", "answer", aid, "q1", "yes")
    run.ok("assessment", "answer", aid, "q2", "within 72 hours")
    assert run.error("assessment", "submit", aid, code=6) == (
        f"assessment #{aid} cannot be submitted: 2 required questions unanswered: q3, q4"
    )
    run.ok("assessment", "answer", aid, "q3", "no")
    assert run.error("assessment", "submit", aid, code=6) == (
        f"assessment #{aid} cannot be submitted: 1 required question unanswered: q4"
    )


def test_required_evidence_blocks_submit(alice: Service, evidence_id: int) -> None:
    aid = draft(alice)
    answer_all(alice, aid, {**WEAK, "q3": "yes"})  # claims ISO 27001 without the certificate
    with pytest.raises(SubmitBlockedError, match=r"evidence required for: q3$") as blocked:
        alice.submit(aid)
    assert (blocked.value.missing, blocked.value.evidence_missing) == ([], ["q3"])
    assert alice.get_assessment(aid).assessment.status is AssessmentStatus.DRAFT
    alice.answer(aid, "q3", "yes", evidence_ids=[evidence_id])
    assert alice.submit(aid).status is AssessmentStatus.SUBMITTED


def test_answers_must_be_shown_and_allowed(alice: Service) -> None:
    aid = draft(alice)
    with pytest.raises(StateError, match="q5 is not shown: it applies only when q4 is one of"):
        alice.answer(aid, "q5", "2026-01-31")  # q4 not answered yet
    alice.answer(aid, "q4", "none")
    with pytest.raises(StateError, match=r"^question q5 is not shown: .* full, partial$"):
        alice.answer(aid, "q5", "2026-01-31")
    alice.answer(aid, "q4", "full")
    assert alice.answer(aid, "q5", "2026-01-31").value == "2026-01-31"
    with pytest.raises(ValidationError) as bad:
        alice.answer(aid, "q1", "maybe")
    assert str(bad.value) == "'maybe' is not a valid answer to q1 (expected 'Yes', 'No', 'N/A')"
    with pytest.raises(
        ValidationError, match=r"expected 'Within 24 hours', 'Within 72 hours', 'No commitment'\)$"
    ):
        alice.answer(aid, "q2", "h48")
    with pytest.raises(ValidationError, match="question q2 does not allow N/A"):
        alice.answer(aid, "q2", "na")  # critical: N/A is not an answer
    with pytest.raises(NotFoundError, match=f"assessment #{aid} has no question 'q9'"):
        alice.answer(aid, "q9", "yes")
    assert {k: a.value for k, a in alice.get_assessment(aid).answers.items()} == {
        "q4": "full",
        "q5": "2026-01-31",
    }


def test_re_review_carries_answers_over_unless_fresh(
    submitted: int, alice: Service, bob: Service, db: Database
) -> None:
    bob.approve(submitted)
    events = count_events(db)
    again = alice.start_assessment("Twilio", "mini")
    assert (again.previous_id, again.status, again.answered) == (
        submitted,
        AssessmentStatus.DRAFT,
        5,
    )
    assert count_events(db) == events + 2  # the start, and one event for the answers
    carried = [e for e in alice.audit_log(entity="assessment") if e.entity_id == str(again.id)]
    assert [e.action for e in carried] == ["answers.carry_over", "assessment.start"]  # newest first
    records = json.loads(carried[0].after or "{}")["answers"]
    assert {q: r if not isinstance(r, dict) else r["value"] for q, r in records.items()} == WEAK
    answers = alice.get_assessment(again.id).answers
    assert {k: (a.value, a.carried_over) for k, a in answers.items()} == {
        k: (v, True) for k, v in WEAK.items()
    }
    alice.answer(again.id, "q4", "full")
    answers = alice.get_assessment(again.id).answers
    assert (answers["q4"].value, answers["q4"].carried_over) == ("full", False)
    assert [k for k, a in answers.items() if a.carried_over] == ["q1", "q2", "q3", "q5"]
    assert alice.get_assessment(submitted).answers["q4"].value == "partial"  # old one intact
    with pytest.raises(SubmitBlockedError) as blocked:  # no rubber stamp
        alice.submit(again.id)
    assert str(blocked.value) == (
        f"assessment #{again.id} cannot be submitted: 4 carried-over answers not confirmed "
        f"(q1, q2, q3, q5): confirm them (assessment confirm {again.id} --all) or answer "
        "them anew"
    )
    assert blocked.value.unconfirmed == ["q1", "q2", "q3", "q5"]
    assert alice.confirm_answers(again.id) == ["q1", "q2", "q3", "q5"]
    alice.submit(again.id)
    bob.approve(again.id)
    fresh = alice.start_assessment("Twilio", "mini", carry_over=False)  # --fresh
    assert (fresh.previous_id, fresh.answered) == (again.id, 0)
    assert alice.get_assessment(fresh.id).answers == {}


def test_only_one_open_assessment_per_vendor_and_questionnaire(
    alice: Service, bob: Service
) -> None:
    first = draft(alice)
    message = f"assessment #{first} of 'Twilio' with 'mini' is still open; finish or return it"
    with pytest.raises(StateError, match=message):
        alice.start_assessment("Twilio", "mini")
    answer_all(alice, first, WEAK)
    alice.submit(first)
    with pytest.raises(StateError, match=message):  # submitted is still open
        bob.start_assessment("Twilio", "mini")
    other = alice.start_assessment("Twilio", "service-subprocessor")  # another questionnaire
    assert other.questionnaire_id == "service-subprocessor"
    assert [a.id for a in alice.list_assessments(vendor="Twilio")] == [first, other.id]


def test_questionnaire_must_fit_the_vendor_kind(alice: Service) -> None:
    add_vendor(alice, "Linode", kind="infrastructure")
    with pytest.raises(ValidationError, match="applies to service, other, and 'Linode' is"):
        alice.start_assessment("Linode", "service-subprocessor")
    assert alice.start_assessment("Linode", "service-subprocessor", force=True).id == 1
    with pytest.raises(NotFoundError, match="no questionnaire 'nope' \\(known: dpa-safeguards"):
        alice.start_assessment("Linode", "nope")
