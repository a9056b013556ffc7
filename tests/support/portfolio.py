"""Portfolios built through the service, as a reviewer and an approver would: vendors,
assessments answered, submitted and approved (or rejected) by two people, findings and
certificates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from support.database import MakeService
from support.questionnaires import GOOD, WEAK
from vendor_review.domain.enums import CertificateStandard, Severity
from vendor_review.service import Service


def add_vendor(
    service: Service,
    name: str = "Twilio",
    *,
    kind: str = "service",
    data_access: str = "personal",
    criticality: str = "medium",
    **fields: object,
) -> int:
    """A vendor (a ``personal`` × ``medium`` service unless told otherwise): its id."""
    data: dict[str, object] = {
        "name": name,
        "kind": kind,
        "data_access": data_access,
        "criticality": criticality,
    }
    data.update(fields)
    return service.add_vendor(data).id


def add_subprocessor_pair(service: Service, child: str = "Twilio") -> int:
    """LiveAgent (confidential × high) and ``child``, its VoIP subprocessor (personal ×
    medium): the child's id."""
    add_vendor(service, "LiveAgent", data_access="confidential", criticality="high")
    return add_vendor(service, child, parent="LiveAgent", purpose="VoIP provider")


def answer_all(service: Service, assessment_id: int, answers: Mapping[str, object]) -> None:
    """Answer in order; a value ``(value, [evidence ids])`` attaches evidence."""
    for question_id, value in answers.items():
        evidence = None
        if isinstance(value, tuple):
            value, evidence = value
        service.answer(assessment_id, question_id, value, evidence_ids=evidence)


def draft(
    service: Service,
    vendor: str = "Twilio",
    questionnaire: str = "mini",
    answers: Mapping[str, object] | None = None,
) -> int:
    """A draft assessment of ``vendor`` (added if missing: see ``add_vendor``) with
    ``questionnaire``, ``answers`` given (none by default): its id."""
    if not service.list_vendors(text=vendor).total:
        add_vendor(service, vendor)
    aid = service.start_assessment(vendor, questionnaire).id
    answer_all(service, aid, answers or {})
    return aid


def submitted(
    service: Service,
    vendor: str = "Twilio",
    questionnaire: str = "mini",
    answers: Mapping[str, object] = WEAK,
) -> int:
    """An assessment of ``vendor`` (added if missing) answered and submitted by
    ``service``'s actor: by default ``mini`` answered WEAK (50.0, q2 a critical failure)."""
    aid = draft(service, vendor, questionnaire, answers)
    service.submit(aid)
    return aid


def approved(
    reviewer: Service,
    approver: Service,
    vendor: str,
    questionnaire: str = "tiny",
    answers: Mapping[str, object] | None = None,
    note: str = "looks fine",
) -> int:
    """Submitted by one person, approved by the other (four eyes). ``yes-no/tiny`` is
    answered yes/yes (100) unless ``answers`` say otherwise."""
    aid = submitted(reviewer, vendor, questionnaire, answers or {"t1": "yes", "t2": "yes"})
    approver.approve(aid, note)
    return aid


# The day schedules are looked at from (the example portfolio's "today").
AS_OF = date(2026, 6, 15)


def at(day: date, hour: int = 10) -> datetime:
    """``day`` at ``hour``:00 UTC."""
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def add_vendor_on(make: MakeService, name: str, on: date, **fields: object) -> int:
    """A vendor added by alice on ``on``: a low-risk (``none`` × ``low``) service unless told
    otherwise, so a ``tiny`` rating depends on the answers alone."""
    fields = {"data_access": "none", "criticality": "low", **fields}
    return add_vendor(make("alice", at=at(on)), name, **fields)


def decide(
    make: MakeService,
    vendor: str,
    on: date,
    answers: Mapping[str, object] | None = None,
    *,
    approve: bool = True,
    questionnaire: str = "tiny",
) -> int:
    """Start, answer and submit as alice at 09:00, then approve (or reject) as bob at 11:00,
    all on ``on`` (``tiny`` answered GOOD unless told otherwise)."""
    alice = make("alice", at=at(on, 9))
    aid = alice.start_assessment(vendor, questionnaire).id
    answer_all(alice, aid, answers or GOOD)
    alice.submit(aid)
    bob = make("bob", at=at(on, 11))
    if approve:
        bob.approve(aid, "fine")
    else:
        bob.reject(aid, "not acceptable")
    return aid


# The export portfolio (questionnaire ``export/mini``): names a spreadsheet would take for
# a formula included.
EXPORT_VENDORS: dict[str, dict[str, str]] = {
    "Acme Hosting": dict(kind="infrastructure", data_access="personal", criticality="high"),
    "Beta Mail": dict(
        kind="service", data_access="personal", criticality="medium", parent="Acme Hosting"
    ),
    "=cmd|' /C calc'!A0": dict(kind="other", data_access="internal", criticality="low"),
    "Gamma Support": dict(kind="subcontractor", data_access="personal", criticality="low"),
}


def export_portfolio(alice: Service, bob: Service) -> dict[str, int]:
    """Four vendors (``export/mini``): Acme approved with a critical failure, a certificate
    and a finding, Beta approved clean, a formula-named vendor with a draft, Gamma never
    assessed. Ids by ``acme``, ``beta``, ``evil``, ``finding``."""
    for name, fields in EXPORT_VENDORS.items():
        alice.add_vendor({"name": name, "regions": ["EU", "US"], **fields})
    acme = alice.start_assessment("Acme Hosting", "mini").id
    for qid, value in {
        "q1": "yes",
        "q2": "h72",
        "q3": '=HYPERLINK("http://evil.example","click")',
        "q4": "2025-12-01",
        "q5": 12,
    }.items():
        alice.answer(acme, qid, value, comment="-checked by phone" if qid == "q1" else None)
    alice.submit(acme)
    bob.approve(acme, "ok with findings")
    beta = alice.start_assessment("Beta Mail", "mini").id
    alice.answer(beta, "q1", "yes")
    alice.answer(beta, "q2", "h24")
    alice.submit(beta)
    bob.approve(beta)
    evil = alice.start_assessment("=cmd|' /C calc'!A0", "mini").id
    alice.answer(evil, "q1", "no", comment="@SUM(1+1)*cmd")
    alice.add_certificate(
        "Acme Hosting",
        CertificateStandard.ISO_27001,
        expires_on=date(2026, 4, 1),
        issuer="+Certifier Ltd",
        scope="All data centres",
    )
    finding = alice.add_finding(
        acme, "Key rotation undocumented", severity=Severity.LOW, remediation="-rotate keys"
    )
    return {"acme": acme, "beta": beta, "evil": evil, "finding": finding.id}
