"""Findings follow the vendor (issue 10, item 6): one open finding per vendor and cause,
updated by a re-review, resolved by an approved one that meets the acceptable level;
risk acceptance with a second person and an expiry."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from support.database import MakeService, count_events, events_since
from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.service import Service, finding_list
from vendor_review.service.errors import FourEyesError, StateError, ValidationError
from vendor_review.store import Database
from vendor_review.store.models import FindingLink


def links(db: Database, finding_id: int) -> list[tuple[int, str]]:
    with db.read_sessionmaker() as s:
        rows = s.execute(
            select(FindingLink.assessment_id, FindingLink.role)
            .where(FindingLink.finding_id == finding_id)
            .order_by(FindingLink.at, FindingLink.role)
        )
        return [(r.assessment_id, r.role) for r in rows]


def by_question(service: Service) -> dict[str, object]:
    return {f.question_id: f for f in service.list_findings()}


def re_review(alice: Service, changes: dict[str, object]) -> int:
    again = alice.start_assessment("Twilio", "mini").id
    for qid, value in changes.items():
        alice.answer(again, qid, value)
    alice.confirm_answers(again, alice.unconfirmed_answers(again))
    alice.submit(again)
    return again


def test_re_review_updates_the_open_finding_then_resolves_it(
    submitted: int, alice: Service, bob: Service, db: Database
) -> None:
    bob.approve(submitted)
    first = by_question(alice)
    assert sorted(first) == ["q2", "q3", "q4"]  # critical, high, medium
    # the re-review still answers q3 "no" and q4 worse; q2 now meets its level
    seq = count_events(db)
    again = re_review(alice, {"q2": "h24", "q4": "none"})
    after = by_question(alice)
    assert len(alice.list_findings()) == 3  # no second finding for the same question
    q4 = after["q4"]
    assert (q4.id, q4.severity, q4.assessment_id) == (first["q4"].id, Severity.HIGH, submitted)
    assert q4.text != first["q4"].text and "No plan" in q4.text
    assert links(db, q4.id) == [(submitted, "opened"), (again, "updated")]
    assert events_since(db, seq).count(("finding.update", "finding")) == 2  # q3 and q4
    # approval of the re-review resolves what it answers acceptably (q2), nothing else
    seq = count_events(db)
    bob.approve(again)
    q2 = alice.get_finding(first["q2"].id)
    assert (q2.status, q2.resolved_by_assessment_id, q2.resolution_note) == (
        FindingStatus.REMEDIATED,
        again,
        f"resolved by assessment #{again}",
    )
    assert q2.state == f"resolved by assessment #{again}"
    assert links(db, q2.id) == [(submitted, "opened"), (again, "resolved")]
    assert ("finding.resolve", "finding") in events_since(db, seq)
    assert {f.question_id for f in alice.list_findings(status=FindingStatus.OPEN)} == {
        "q3",
        "q4",
    }
    diff = alice.diff_assessments(submitted, again)
    assert [f.id for f in diff.findings_closed] == [q2.id]


def test_returning_the_re_review_undoes_its_updates(
    submitted: int, alice: Service, bob: Service, db: Database
) -> None:
    bob.approve(submitted)
    before = by_question(alice)
    again = re_review(alice, {"q4": "none"})
    assert by_question(alice)["q4"].severity is Severity.HIGH
    bob.return_to_draft(again, "check q4 again")
    q4 = alice.get_finding(before["q4"].id)
    assert (q4.severity, q4.text, q4.due_on) == (
        Severity.MEDIUM,
        before["q4"].text,
        before["q4"].due_on,
    )
    assert links(db, q4.id) == [(submitted, "opened")]
    assert alice.verify_audit().ok


@pytest.mark.parametrize("in_list", [500, 0], ids=["by-id", "all-requested"])
def test_the_finding_list_shows_who_asked_for_an_acceptance(
    submitted: int, alice: Service, monkeypatch: pytest.MonkeyPatch, in_list: int
) -> None:
    monkeypatch.setattr(finding_list, "PENDING_IN_LIST", in_list)  # a long list: 0
    critical = by_question(alice)["q2"]
    alice.accept_finding(critical.id, "compensating control: per-case approval")
    listed = alice.list_findings(status=FindingStatus.OPEN)
    asked = {f.id: f.acceptance_requested_by for f in listed}
    assert len(asked) > 1 and asked.pop(critical.id) == "alice"
    assert set(asked.values()) == {None}


def test_high_or_critical_risk_acceptance_needs_a_second_person_and_expires(
    submitted: int, alice: Service, bob: Service, make_service: MakeService, db: Database
) -> None:
    critical = by_question(alice)["q2"]
    requested = alice.accept_finding(critical.id, "compensating control: per-case approval")
    assert (requested.status, requested.acceptance_requested_by) == (FindingStatus.OPEN, "alice")
    assert requested.acceptance_expires_on == date(2027, 3, 10)  # the policy's 12 months
    with pytest.raises(StateError, match="already has a risk acceptance requested by you"):
        alice.accept_finding(critical.id, "again")
    with pytest.raises(FourEyesError) as own:
        alice.approve_acceptance(critical.id, "yes")
    assert str(own.value) == (
        f"alice requested the risk acceptance of finding #{critical.id}, so alice cannot "
        "approve it: a second person must (four-eyes)"
    )
    accepted = bob.approve_acceptance(critical.id, "agreed with the CISO")
    assert (accepted.status, accepted.accepted_until) == (
        FindingStatus.RISK_ACCEPTED,
        date(2027, 3, 10),
    )
    assert accepted.state == "risk accepted until 2027-03-10"
    # the day after the expiry it is open again and on the due list
    later = make_service("alice", at=datetime(2027, 3, 11, 9, 0, tzinfo=UTC))
    again = later.get_finding(critical.id)
    assert again.state == "open (risk acceptance expired 2027-03-10)"
    assert critical.id in {f.id for f in later.list_findings(status=FindingStatus.OPEN)}
    due = [i for i in later.due_list(kinds={"finding"}).items if i.ref_id == critical.id]
    assert [(i.due_on, i.overdue) for i in due] == [(date(2027, 3, 10), True)]
    assert due[0].reason.startswith(
        f"critical finding #{critical.id} open again: its risk acceptance expired 2027-03-10"
    )
    # it can be accepted anew (again by two people) or remediated
    later.accept_finding(critical.id, "renewed after review")
    done = make_service("bob", at=datetime(2027, 3, 11, 10, 0, tzinfo=UTC)).approve_acceptance(
        critical.id
    )
    assert done.accepted_until == date(2028, 3, 11)


def test_low_or_medium_acceptance_is_one_person_but_still_expires(
    submitted: int, alice: Service
) -> None:
    medium = by_question(alice)["q4"]
    with pytest.raises(ValidationError, match="at most 12 months ahead \\(2027-03-10\\)"):
        alice.accept_finding(medium.id, "fine", expires_on=date(2027, 6, 1))
    with pytest.raises(ValidationError, match="must expire after today"):
        alice.accept_finding(medium.id, "fine", expires_on=date(2026, 3, 10))
    done = alice.accept_finding(medium.id, "fine for now", expires_on=date(2026, 9, 30))
    assert (done.status, done.accepted_until, done.resolved_by) == (
        FindingStatus.RISK_ACCEPTED,
        date(2026, 9, 30),
        "alice",
    )


def test_refused_acceptance_leaves_the_finding_open(
    submitted: int, alice: Service, bob: Service
) -> None:
    high = by_question(alice)["q3"]
    alice.accept_finding(high.id, "we trust them")
    refused = bob.refuse_acceptance(high.id, "no evidence at all")
    assert (refused.status, refused.acceptance_requested_by) == (FindingStatus.OPEN, None)
    with pytest.raises(StateError, match="no risk acceptance of finding"):
        bob.approve_acceptance(high.id)
