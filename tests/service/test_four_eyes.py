"""Four-eyes against every contributor, and no rubber stamp on a re-review (issue 10,
items 4 and 5): whoever started, answered, confirmed or submitted cannot decide."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from support.database import MakeService, service_factory
from support.portfolio import answer_all, draft
from support.questionnaires import WEAK
from vendor_review.domain.four_eyes import FourEyes
from vendor_review.domain.policy import default_policy
from vendor_review.service import Service
from vendor_review.service.errors import FourEyesError, SubmitBlockedError
from vendor_review.store import Database
from vendor_review.store.models import AssessmentContributor


def contributors(db: Database, assessment_id: int) -> set[tuple[str, str]]:
    with db.read_sessionmaker() as s:
        rows = s.execute(
            select(AssessmentContributor.actor, AssessmentContributor.role).where(
                AssessmentContributor.assessment_id == assessment_id
            )
        )
        return {(r.actor, r.role) for r in rows}


def test_whoever_answered_cannot_approve_even_if_someone_else_submitted(
    alice: Service, bob: Service, make_service: MakeService, db: Database
) -> None:
    aid = draft(alice)
    answer_all(alice, aid, WEAK)
    bob.submit(aid)
    with pytest.raises(FourEyesError) as refused:
        alice.approve(aid, "all fine")
    assert str(refused.value) == (
        f"alice started and answered 5 questions of assessment #{aid}, so alice cannot "
        "approve it: a second person who did not work on it must decide (four-eyes)"
    )
    with pytest.raises(FourEyesError, match=f"^bob submitted assessment #{aid}, so bob cannot"):
        bob.reject(aid, "no")
    assert alice.get_assessment(aid).assessment.status.value == "submitted"
    # what the database holds, for the trigger that will enforce the same rule: one row
    # per person and role, however many questions (the count comes from the answers)
    assert contributors(db, aid) == {
        ("alice", "started"),
        ("alice", "answered"),
        ("bob", "submitted"),
    }
    carol = make_service("carol")
    assert carol.approve(aid, "checked").status.value == "approved"


def test_one_changed_answer_is_enough_to_be_a_contributor(
    alice: Service, bob: Service, make_service: MakeService
) -> None:
    aid = draft(alice)
    answer_all(alice, aid, WEAK)
    bob.answer(aid, "q1", "no")
    bob.answer(aid, "q2", "h24")
    bob.clear_answer(aid, "q1")
    alice.answer(aid, "q1", "yes")  # bob's answer is gone, his contribution is not
    alice.submit(aid)
    # the count is of his answers as they stand: q2
    with pytest.raises(FourEyesError, match=r"^bob answered 1 question of assessment #"):
        bob.approve(aid)
    with pytest.raises(FourEyesError, match=r"^alice started, answered 4 questions and "):
        alice.approve(aid)
    again = draft(alice, "Okta")
    bob.answer(again, "q1", "no")
    alice.answer(again, "q1", "yes")
    answer_all(alice, again, WEAK)
    alice.submit(again)
    with pytest.raises(FourEyesError) as refused:
        bob.approve(again)
    # none of the answers he gave stands: no count, but the refusal all the same
    assert str(refused.value).startswith(
        f"bob answered questions of assessment #{again}, so bob cannot approve it"
    )
    assert make_service("carol").approve(again).status.value == "approved"


def test_whoever_confirmed_carried_over_answers_cannot_approve(
    submitted: int, alice: Service, bob: Service, make_service: MakeService
) -> None:
    make_service("carol").approve(submitted)
    again = bob.start_assessment("Twilio", "mini").id  # bob starts the re-review
    dave = make_service("dave")
    dave.confirm_answers(again, ["q1", "q2", "q3"])
    dave.answer(again, "q4", "full")
    dave.confirm_answers(again, ["q5"])
    alice.submit(again)  # alice only submits this time
    with pytest.raises(FourEyesError) as refused:
        dave.approve(again)
    assert str(refused.value).startswith(
        f"dave answered 1 question and confirmed 4 questions of assessment #{again}, so dave"
    )
    with pytest.raises(FourEyesError, match=f"^bob started assessment #{again}, so bob"):
        bob.approve(again)
    with pytest.raises(FourEyesError, match=f"^alice submitted assessment #{again}, so"):
        alice.approve(again)
    assert make_service("erin").approve(again).status.value == "approved"


def test_policy_submitter_keeps_the_old_rule(db: Database, qdir: Path) -> None:
    policy = replace(default_policy(), four_eyes=FourEyes.SUBMITTER)
    alice, bob = (service_factory(db, qdir, policy=policy)(who) for who in ("alice", "bob"))
    aid = draft(alice)
    answer_all(alice, aid, WEAK)
    bob.submit(aid)
    with pytest.raises(FourEyesError, match=f"^bob submitted assessment #{aid}"):
        bob.approve(aid)
    assert alice.approve(aid).status.value == "approved"


def test_submit_refuses_unconfirmed_carry_over_naming_count_and_first_ids(
    submitted: int, alice: Service, bob: Service, db: Database
) -> None:
    bob.approve(submitted)
    again = alice.start_assessment("Twilio", "mini").id
    assert alice.unconfirmed_answers(again) == ["q1", "q2", "q3", "q4", "q5"]
    with pytest.raises(SubmitBlockedError) as blocked:
        alice.submit(again)
    assert str(blocked.value) == (
        f"assessment #{again} cannot be submitted: 5 carried-over answers not confirmed "
        f"(q1, q2, q3, q4, q5): confirm them (assessment confirm {again} --all) or answer "
        "them anew"
    )
    assert alice.get_assessment(again).assessment.status.value == "draft"
    alice.answer(again, "q4", "full")  # answering anew counts as confirming
    alice.confirm_answers(again, ["q1", "q2", "q3", "q5"])
    assert alice.unconfirmed_answers(again) == []
    alice.submit(again)
    diff = alice.diff_assessments(submitted, again)
    assert diff.confirmed_unchanged == ["q1", "q2", "q3", "q5"]
    assert [c.question_id for c in diff.answers] == ["q4"]
