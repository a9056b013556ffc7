"""The whole loop through the service: profile → answer → submit → decide, and back."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from support.database import MakeService
from support.portfolio import add_vendor, answer_all, draft
from support.questionnaires import WEAK
from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.enums import AssessmentStatus, QuestionType, VendorStatus
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import visible_questions
from vendor_review.service import Service
from vendor_review.service.errors import ValidationError


def test_full_lifecycle(alice: Service, bob: Service, make_service: MakeService) -> None:
    add_vendor(alice, "LiveAgent", data_access="confidential")
    created = alice.add_vendor(
        {
            "name": "Twilio",
            "kind": "service",
            "purpose": "VoIP provider",
            "parent": "LiveAgent",
            "regions": ["US", "EU"],
            "data_access": "personal",
            "criticality": "medium",
        }
    )
    assert (created.parents, created.untriaged) == (["LiveAgent"], False)
    assert [r.name for r in alice.subprocessors("LiveAgent")] == ["Twilio"]

    started = alice.start_assessment("Twilio", "mini")
    assert (started.status, started.reviewer, started.answered, started.shown) == (
        AssessmentStatus.DRAFT,
        "alice",
        0,
        4,  # q5 is hidden until q4 is answered
    )
    answer_all(alice, started.id, WEAK)
    a = alice.submit(started.id)

    # 100 × (3·1 + 2·0.5 + 1·0 + 4·0.25) / (3+2+1+4) = 50.0; sec 4/6, ops 1/4
    assert a.status is AssessmentStatus.SUBMITTED
    assert a.submitted_by == "alice"
    assert a.control_score == 50.0
    assert a.section_scores == {"sec": 66.7, "ops": 25.0}
    assert (a.band, a.inherent_risk, a.rating) == ("weak", "high", "critical")
    assert a.critical_failures == ["q2"]
    assert a.next_review_due is None

    findings = alice.get_assessment(a.id).findings
    assert [(f.question_id, f.severity.value, f.due_on, f.status.value) for f in findings] == [
        ("q2", "critical", date(2026, 4, 9), "open"),  # T0 + 30 days
        ("q3", "high", date(2026, 5, 9), "open"),  # + 60
        ("q4", "medium", date(2026, 6, 8), "open"),  # + 90
    ]
    assert "Answered: Within 72 hours (score 0.5 of 1, acceptable from 1)" in findings[0].text

    approver = make_service("bob", at=datetime(2026, 3, 20, 15, 0, tzinfo=UTC))
    decided = approver.approve(a.id, "ok with findings tracked")
    assert decided.status is AssessmentStatus.APPROVED
    assert (decided.decided_by, decided.decision_note) == ("bob", "ok with findings tracked")
    assert decided.next_review_due == date(2026, 6, 20)  # critical: 3 months

    stored = bob.get_assessment(a.id).assessment  # read back from the database
    assert (stored.status, stored.next_review_due) == (AssessmentStatus.APPROVED, date(2026, 6, 20))
    assert bob.get_vendor("Twilio").status is VendorStatus.APPROVED
    row = next(r for r in bob.list_vendors().rows if r.name == "Twilio")
    assert (row.rating, row.control_score, row.open_findings) == ("critical", 50.0, 3)
    assert (row.next_review_due, row.parents, row.inherent_risk) == (
        date(2026, 6, 20),
        "LiveAgent",
        "high",
    )


def test_next_review_is_clamped_to_the_month_end(
    alice: Service, make_service: MakeService, evidence_id: int
) -> None:
    aid = draft(alice)
    # 3 + 2 + 1 + 4·0.25 = 7 of 10 → 70.0 adequate; inherent high → rating high (6 months)
    best_but_q4: dict[str, object] = {
        "q1": "yes",
        "q2": "h24",
        "q3": ("yes", [evidence_id]),
        "q4": "partial",
    }
    answer_all(alice, aid, best_but_q4)
    assert alice.submit(aid).rating == "high"
    approver = make_service("bob", at=datetime(2026, 8, 31, 10, 0, tzinfo=UTC))
    assert approver.approve(aid).next_review_due == date(2027, 2, 28)


def test_reject_needs_a_note_and_marks_the_vendor(submitted: int, bob: Service) -> None:
    with pytest.raises(ValidationError, match="rejecting an assessment needs a note"):
        bob.reject(submitted, "  ")
    assert bob.get_assessment(submitted).assessment.status is AssessmentStatus.SUBMITTED
    rejected = bob.reject(submitted, "no breach notice commitment")
    assert rejected.status is AssessmentStatus.REJECTED
    assert (rejected.decision_note, rejected.next_review_due) == (
        "no breach notice commitment",
        None,
    )
    assert bob.get_vendor("Twilio").status is VendorStatus.REJECTED
    assert bob.list_vendors().rows[0].next_review_due is None


def test_return_to_draft_withdraws_findings_and_allows_resubmit(
    submitted: int, alice: Service, make_service: MakeService, evidence_id: int
) -> None:
    later = make_service("bob", at=datetime(2026, 3, 11, 8, 0, tzinfo=UTC))
    manual = later.add_finding(submitted, "Ask for the pentest summary")
    assert len(alice.list_findings()) == 4
    with pytest.raises(ValidationError, match="needs a note"):
        later.return_to_draft(submitted, "")
    back = later.return_to_draft(submitted, "q3: they do hold ISO 27001")
    assert back.status is AssessmentStatus.DRAFT
    assert (back.control_score, back.rating, back.submitted_by) == (None, None, None)
    assert back.decision_note == "q3: they do hold ISO 27001"
    assert [f.id for f in alice.list_findings()] == [manual.id]  # the hand-made one stays

    alice.answer(submitted, "q3", "yes", evidence_ids=[evidence_id])
    again = alice.submit(submitted)
    assert again.control_score == 60.0  # 3 + 1 + 1 + 1 of 10
    findings = alice.get_assessment(submitted).findings
    assert [(f.question_id, f.severity.value) for f in findings] == [
        (None, "low"),
        ("q2", "critical"),
        ("q4", "medium"),
    ]


def test_builtin_questionnaire_all_best_answers(
    alice: Service, bob: Service, evidence_id: int
) -> None:
    """Realism: every shown question of a shipped questionnaire, best option each."""
    add_vendor(alice, "Support Co", kind="subcontractor", data_access="personal")
    a = alice.start_assessment("Support Co", "support-subcontractor")
    q = Questionnaire.from_definition(alice.get_assessment(a.id).definition)
    given: dict[str, AnswerValue] = {}
    for _, question in q.questions():
        if question.id not in visible_questions(q, given):
            continue
        value: AnswerValue
        if question.type in (QuestionType.YES_NO, QuestionType.CHOICE):
            value = max(question.choices, key=lambda o: o.score).value
        elif question.type is QuestionType.MULTI:
            value = [o.value for o in question.choices if o.score > 0]
        elif question.type is QuestionType.DATE:
            value = "2026-01-31"
        elif question.type is QuestionType.NUMBER:
            value = 4
        else:
            value = "Documented in the DPA, annex 2"
        evidence = [evidence_id] if question.evidence.value == "required" else None
        alice.answer(a.id, question.id, value, evidence_ids=evidence)
        given[question.id] = value
    done = alice.submit(a.id)
    assert (done.control_score, done.band, done.critical_failures) == (100.0, "strong", [])
    assert (done.inherent_risk, done.rating) == ("high", "medium")
    assert done.answered == done.shown == len(visible_questions(q, given))
    assert alice.get_assessment(a.id).findings == []
    assert bob.approve(a.id).next_review_due == date(2027, 3, 10)  # medium: 12 months
