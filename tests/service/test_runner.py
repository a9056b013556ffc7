"""The reads behind the questionnaire runner: one view of an assessment, the preview of a
submission (what it would record, what blocks it) and an entity's audit trail."""

from __future__ import annotations

from support.portfolio import add_vendor, answer_all, draft
from support.questionnaires import WEAK
from vendor_review.service import Service


def test_runner_view_names_evidence_and_previous_answers(
    alice: Service, bob: Service, evidence_id: int
) -> None:
    first = draft(alice)
    answer_all(alice, first, {**WEAK, "q3": ("yes", [evidence_id])})
    alice.submit(first)
    bob.approve(first)

    view = alice.runner_view(first)
    assert view.previous == {}
    assert view.evidence[evidence_id].name == "iso-27001.pdf"
    assert view.report.control_score == view.detail.assessment.control_score

    again = alice.start_assessment("Twilio", "mini").id
    view = alice.runner_view(again)
    assert view.previous == {**WEAK, "q3": "yes"}
    assert all(a.carried_over for a in view.detail.answers.values())
    assert list(view.evidence) == [evidence_id]  # carried over with its answer


def test_submit_preview_matches_what_submit_records(alice: Service) -> None:
    aid = draft(alice)
    alice.answer(aid, "q1", "yes")
    alice.answer(aid, "q3", "yes")  # claims a certificate, links none

    blocked = alice.submit_preview(aid)
    assert blocked.blocked
    assert (blocked.missing, blocked.evidence_missing) == (["q2", "q4"], ["q3"])

    answer_all(alice, aid, {**WEAK, "q3": "no"})
    preview = alice.submit_preview(aid)
    assert not preview.blocked
    assert (preview.report.control_score, preview.report.rating) == (50.0, "critical")
    done = alice.submit(aid)
    opened = alice.get_assessment(aid).findings
    assert [(f.question_id, f.severity.value, f.due_on) for f in opened] == [
        (f.question_id, f.severity, f.due_on) for f in preview.findings
    ]
    assert (done.control_score, done.rating) == (50.0, "critical")


def test_audit_trail_of_an_assessment_and_its_vendor(alice: Service, bob: Service) -> None:
    vendor = add_vendor(alice)
    aid = alice.start_assessment("Twilio", "mini").id
    answer_all(alice, aid, WEAK)
    alice.submit(aid)
    bob.return_to_draft(aid, "Link the certificate")  # its findings are withdrawn (deleted)

    trail = alice.audit_trail("assessment", str(aid))
    actions = [e.action for e in trail]
    assert actions[0] == "assessment.return" and actions[-1] == "assessment.start"
    assert actions.count("finding.open") == actions.count("finding.withdraw") == 3
    assert [e.seq for e in trail] == sorted((e.seq for e in trail), reverse=True)

    of_vendor = [e.action for e in alice.audit_trail("vendor", str(vendor))]
    assert of_vendor[-1] == "vendor.create"
    assert set(actions) <= set(of_vendor)

    assert [e.entity for e in alice.audit_trail("finding")] == ["finding"] * 6
    assert len(alice.audit_trail(limit=3)) == 3
