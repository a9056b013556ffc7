"""Findings follow the vendor (issue 10, item 6): one open finding per vendor and cause.

A submission opens a finding for a new cause and updates the open one for a known cause
(linked to both assessments); returning the submission undoes both; an approved
assessment whose answer meets the acceptable level resolves the open finding.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vendor_review.domain.assurance import ReportFindingDraft
from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.domain.policy import Policy
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.risk_acceptance import AcceptanceStatus
from vendor_review.domain.scoring import Answers, FindingDraft, score
from vendor_review.service.base import ServiceBase, row_dict
from vendor_review.store.models import Assessment, Finding, FindingLink, RiskAcceptance

ACTIVE = (FindingStatus.OPEN.value, FindingStatus.RISK_ACCEPTED.value)
_SEVERITY_RANK = {
    s: i for i, s in enumerate((Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL))
}


def question_cause(questionnaire_id: str, question_id: str) -> str:
    """The cause key of a questionnaire question (report rules get their own prefix)."""
    return f"question:{questionnaire_id}/{question_id}"


def acceptable_answers(q: Questionnaire, answers: Answers, policy: Policy) -> set[str]:
    """The questions whose answer meets its ``accept_at`` (the domain's rule; N/A,
    hidden, unanswered and unscored questions say nothing and are left out)."""
    return {row.question_id for row in score(q, answers, policy).questions if row.met is True}


def active_finding(s: Session, vendor_id: int, cause: str) -> Finding | None:
    return s.scalar(
        select(Finding).where(
            Finding.vendor_id == vendor_id, Finding.cause == cause, Finding.status.in_(ACTIVE)
        )
    )


def opened(
    ops: ServiceBase,
    s: Session,
    finding: Finding,
    action: str,
    reason: str | None = None,
    *,
    link: str | None = None,
) -> Finding:
    """Store the new ``finding`` and audit it; ``link``: the role its assessment has in
    opening it (``opened`` by a submission, ``added`` by hand), linked at its creation."""
    s.add(finding)
    s.flush()
    if link is not None:
        at, assessment_id = finding.created_at, finding.assessment_id
        s.add(FindingLink(finding_id=finding.id, assessment_id=assessment_id, role=link, at=at))
    ops._audit(s, action, "finding", finding.id, None, row_dict(finding), reason)
    return finding


def open_or_update(ops: ServiceBase, s: Session, a: Assessment, drafts: list[FindingDraft]) -> None:
    """The findings of submitting ``a``: new causes opened, known ones updated."""
    now = a.submitted_at
    assert now is not None
    for draft in drafts:
        cause = question_cause(a.questionnaire_id, draft.question_id)
        found = active_finding(s, a.vendor_id, cause)
        if found is None:
            finding = Finding(
                assessment_id=a.id,
                vendor_id=a.vendor_id,
                question_id=draft.question_id,
                cause=cause,
                severity=draft.severity.value,
                text=draft.text,
                due_on=draft.due_on,
                status=FindingStatus.OPEN.value,
                created_at=now,
            )
            opened(ops, s, finding, "finding.open", f"submit of assessment #{a.id}", link="opened")
            continue
        before = row_dict(found)
        prior = {
            "severity": found.severity,
            "text": found.text,
            "due_on": found.due_on.isoformat() if found.due_on else None,
            "status": found.status,
            "accepted_until": found.accepted_until.isoformat() if found.accepted_until else None,
        }
        reasons = [f"found again by assessment #{a.id} (opened by #{found.assessment_id})"]
        raised = _SEVERITY_RANK[draft.severity] > _SEVERITY_RANK[Severity(found.severity)]
        expired = found.accepted_until is not None and found.accepted_until < ops.today()
        if found.status == FindingStatus.RISK_ACCEPTED.value and (raised or expired):
            found.status = FindingStatus.OPEN.value
            found.accepted_until = None
            reasons.append(
                "its risk acceptance ends: severity raised"
                if raised
                else "its risk acceptance had expired"
            )
        found.severity = draft.severity.value
        found.text = draft.text
        if draft.due_on is not None and (found.due_on is None or draft.due_on < found.due_on):
            found.due_on = draft.due_on
        s.add(
            FindingLink(
                finding_id=found.id, assessment_id=a.id, role="updated", at=now, prior=prior
            )
        )
        s.flush()
        ops._audit(
            s, "finding.update", "finding", found.id, before, row_dict(found), "; ".join(reasons)
        )


def withdraw(ops: ServiceBase, s: Session, a: Assessment) -> None:
    """Undo what submitting ``a`` did to findings (it was returned to draft)."""
    links = s.scalars(
        select(FindingLink)
        .where(FindingLink.assessment_id == a.id)
        .order_by(FindingLink.finding_id)
    ).all()
    reason = f"assessment #{a.id} returned to draft"
    for link in links:
        finding = s.get(Finding, link.finding_id)
        if finding is None:
            continue
        if link.role == "opened" and finding.status == FindingStatus.OPEN.value:
            before = row_dict(finding)
            s.execute(delete(FindingLink).where(FindingLink.finding_id == finding.id))
            s.execute(delete(RiskAcceptance).where(RiskAcceptance.finding_id == finding.id))
            s.delete(finding)
            ops._audit(s, "finding.withdraw", "finding", finding.id, before, None, reason)
        elif link.role == "updated" and link.prior is not None:
            before = row_dict(finding)
            prior = link.prior
            finding.severity = prior["severity"]
            finding.text = prior["text"]
            finding.due_on = date.fromisoformat(prior["due_on"]) if prior["due_on"] else None
            if finding.status in ACTIVE:
                finding.status = prior["status"]
                until = prior["accepted_until"]
                finding.accepted_until = date.fromisoformat(until) if until else None
            s.delete(link)
            s.flush()
            ops._audit(
                s, "finding.update", "finding", finding.id, before, row_dict(finding), reason
            )


def resolve_met(ops: ServiceBase, s: Session, a: Assessment) -> None:
    """Close the vendor's active findings whose question ``a`` (approved) answers at or
    above the acceptable level: "resolved by assessment #N"."""
    q = Questionnaire.from_definition(a.definition)
    answers = {x.question_id: x.value for x in a.answers if x.value is not None}
    met = acceptable_answers(q, answers, ops.policy)
    prefix = question_cause(a.questionnaire_id, "")
    candidates = s.scalars(
        select(Finding)
        .where(
            Finding.vendor_id == a.vendor_id,
            Finding.status.in_(ACTIVE),
            Finding.cause.startswith(prefix, autoescape=True),
        )
        .order_by(Finding.id)
    ).all()
    now = a.decided_at
    assert now is not None
    for finding in candidates:
        assert finding.cause is not None
        if finding.cause[len(prefix) :] not in met:
            continue
        before = row_dict(finding)
        note = f"resolved by assessment #{a.id}"
        finding.status = FindingStatus.REMEDIATED.value
        finding.resolved_by = ops.actor
        finding.resolved_at = now
        finding.resolution_note = note
        finding.resolved_by_assessment_id = a.id
        for pending in s.scalars(
            select(RiskAcceptance).where(
                RiskAcceptance.finding_id == finding.id,
                RiskAcceptance.status == AcceptanceStatus.REQUESTED.value,
            )
        ):
            pending.status = AcceptanceStatus.WITHDRAWN.value
            pending.decision_note = note
        s.add(FindingLink(finding_id=finding.id, assessment_id=a.id, role="resolved", at=now))
        s.flush()
        ops._audit(s, "finding.resolve", "finding", finding.id, before, row_dict(finding), note)


# --- Findings of an assurance report's review (issue 12) ----------------------------------


def report_cause(report_id: int, cause: str) -> str:
    """The domain's ``report:<rule>…`` cause for report ``report_id``:
    ``report:<id>:<rule>…`` (at most the column's 200 characters)."""
    return f"report:{report_id}:{cause.removeprefix('report:')}"[:200]


def report_prefix(report_id: int) -> str:
    return f"report:{report_id}:"


def sync_report(
    ops: ServiceBase,
    s: Session,
    *,
    vendor_id: int,
    report_id: int,
    drafts: list[ReportFindingDraft],
    why: str,
) -> tuple[dict[str, int], list[int]]:
    """The findings of reviewing report ``report_id``: one active finding per cause the
    review found (opened, or updated when its severity or text changed), the others of
    this report closed because their cause went. Returns ``{cause: finding id}`` and the
    closed findings' ids."""
    active = {
        f.cause: f
        for f in s.scalars(
            select(Finding)
            .where(
                Finding.vendor_id == vendor_id,
                Finding.status.in_(ACTIVE),
                Finding.cause.startswith(report_prefix(report_id), autoescape=True),
            )
            .order_by(Finding.id)
        )
    }
    ids: dict[str, int] = {}
    for draft in drafts:
        cause = report_cause(report_id, draft.cause)
        found = active.pop(cause, None)
        if found is None:
            found = Finding(
                assessment_id=None,
                report_id=report_id,
                vendor_id=vendor_id,
                cause=cause,
                severity=draft.severity.value,
                text=draft.text,
                due_on=ops.policy.finding_due(ops.today(), draft.severity),
                status=FindingStatus.OPEN.value,
                created_at=ops.now(),
            )
            opened(ops, s, found, "finding.open", why)
        elif found.severity != draft.severity.value or found.text != draft.text:
            before = row_dict(found)
            found.severity = draft.severity.value
            found.text = draft.text
            s.flush()
            ops._audit(s, "finding.update", "finding", found.id, before, row_dict(found), why)
        ids[cause] = found.id
    closed = [close_gone(ops, s, f, f"{why}: no longer found") for f in active.values()]
    return ids, closed


def close_gone(ops: ServiceBase, s: Session, finding: Finding, note: str) -> int:
    """Close an active finding whose cause went (remediated, with ``note``); audited."""
    before = row_dict(finding)
    finding.status = FindingStatus.REMEDIATED.value
    finding.resolved_by = ops.actor
    finding.resolved_at = ops.now()
    finding.resolution_note = note
    finding.accepted_until = None
    s.flush()
    ops._audit(s, "finding.resolve", "finding", finding.id, before, row_dict(finding), note)
    return finding.id
