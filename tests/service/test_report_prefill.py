"""Starting an assessment pre-fills what the vendor's assurance reports answer: marked
"from … report #N", needing confirmation like a carried-over answer, audited (issue 12
item 5)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from support.database import MakeService
from support.portfolio import add_vendor
from vendor_review.domain.assurance import Opinion, ReportType
from vendor_review.service import Service
from vendor_review.service.errors import SubmitBlockedError
from vendor_review.store import Database
from vendor_review.store.models import AuditEvent

ASSURE = """\
id: assure
version: 1
title: Assurance
applies_to: [infrastructure]
sections:
  - id: cert
    title: Certificates
    questions:
      - id: iso.held
        text: Does the operator hold an ISO/IEC 27001 certificate?
        type: yes_no
        evidence: required
        from_report: {type: iso27001, fact: held}
      - id: iso.current
        text: Is it current?
        type: yes_no
        show_if: {question: iso.held, in: ["yes"]}
        from_report: {type: iso27001, fact: current}
      - id: iso.expiry
        text: When does it expire?
        type: date
        required: false
        show_if: {question: iso.held, in: ["yes"]}
        from_report: {type: iso27001, fact: expires_on}
      - id: soc.type
        text: Which SOC report covers the facilities?
        type: choice
        options:
          - {value: t2, label: SOC 2 Type II, score: 1}
          - {value: t1, label: SOC 2 Type I, score: 0.5}
          - {value: none, label: None, score: 0}
        from_report:
          type: [soc2-type2, soc2-type1]
          fact: type
          map: {soc2-type2: t2, soc2-type1: t1}
      - id: dc.tier
        text: Is the facility Tier III or better?
        type: yes_no
"""
# T0 is 2026-03-10.
VALID_ISO = {"issued_on": date(2025, 3, 14), "expires_on": date(2028, 3, 13)}
LAPSED_ISO = {"issued_on": date(2023, 1, 10), "expires_on": date(2026, 1, 9)}


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "assure.yaml").write_text(ASSURE, encoding="utf-8")
    return folder


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    path = tmp_path / "iso-27001.pdf"
    path.write_bytes(b"%PDF-1.4 certificate of Example Hosting")
    return path


def hosting(alice: Service) -> int:
    return add_vendor(alice, "Example Hosting", kind="infrastructure", data_access="personal")


def add_iso(alice: Service, dates: dict[str, date], file: Path | None = None) -> int:
    report = alice.add_report(
        "Example Hosting",
        ReportType.ISO27001,
        auditor="BSI",
        opinion=Opinion.VALID,
        evidence_path=file,
        **dates,  # type: ignore[arg-type]
    )
    return report.id


def test_a_current_certificate_prefills_its_answers_needing_confirmation(
    alice: Service, certificate: Path
) -> None:
    hosting(alice)
    report_id = add_iso(alice, VALID_ISO, certificate)
    aid = alice.start_assessment("Example Hosting", "assure").id
    answers = alice.get_assessment(aid).answers
    assert {qid: a.value for qid, a in answers.items()} == {
        "iso.held": "yes",
        "iso.current": "yes",
        "iso.expiry": "2028-03-13",
    }
    held = answers["iso.held"]
    assert held.carried_over is True
    assert held.source == f"from ISO/IEC 27001 certificate, report #{report_id}"
    assert held.source_report_id == report_id
    report_file = alice.get_report(report_id).report.evidence_id
    assert held.evidence_ids == [report_file]  # the certificate backs the answer
    assert alice.unconfirmed_answers(aid) == ["iso.current", "iso.expiry", "iso.held"]


def test_submit_refuses_until_the_report_answers_are_confirmed(
    alice: Service, certificate: Path
) -> None:
    hosting(alice)
    add_iso(alice, VALID_ISO, certificate)
    aid = alice.start_assessment("Example Hosting", "assure").id
    alice.answer(aid, "soc.type", "none")
    alice.answer(aid, "dc.tier", "yes")
    with pytest.raises(SubmitBlockedError) as blocked:
        alice.submit(aid)
    assert blocked.value.unconfirmed == ["iso.held", "iso.current", "iso.expiry"]
    assert alice.confirm_answers(aid, ["iso.held", "iso.current", "iso.expiry"])
    confirmed = alice.get_assessment(aid).answers["iso.held"]
    assert confirmed.carried_over is False
    assert confirmed.source is not None  # still the report's value, now vouched for
    assert alice.submit(aid).status.value == "submitted"


def test_answering_anew_drops_the_source(alice: Service) -> None:
    hosting(alice)
    add_iso(alice, VALID_ISO)
    aid = alice.start_assessment("Example Hosting", "assure").id
    alice.answer(aid, "iso.current", "no")
    answers = alice.get_assessment(aid).answers
    assert answers["iso.current"].source is None
    assert answers["iso.current"].carried_over is False
    assert answers["iso.held"].source is not None


def test_a_lapsed_certificate_only_says_it_is_not_current(alice: Service) -> None:
    hosting(alice)
    add_iso(alice, LAPSED_ISO)
    aid = alice.start_assessment("Example Hosting", "assure").id
    answers = alice.get_assessment(aid).answers
    assert {qid: a.value for qid, a in answers.items()} == {"iso.current": "no"}
    assert alice.unconfirmed_answers(aid) == ["iso.current"]
    # hidden until someone says a certificate is held; then it waits for confirmation
    alice.answer(aid, "iso.held", "yes")
    shown = alice.get_assessment(aid).answers["iso.current"]
    assert (shown.value, shown.carried_over) == ("no", True)


def test_the_report_answer_wins_over_a_carried_over_one(
    alice: Service, make_service: MakeService, certificate: Path
) -> None:
    hosting(alice)
    evidence = alice.add_evidence(certificate).id
    first = alice.start_assessment("Example Hosting", "assure").id
    alice.answer(first, "iso.held", "no", comment="none on file", evidence_ids=[evidence])
    alice.answer(first, "soc.type", "t1")
    alice.answer(first, "dc.tier", "yes")
    alice.submit(first)
    make_service("bob").approve(first)
    report_id = add_iso(alice, VALID_ISO)
    again = alice.start_assessment("Example Hosting", "assure").id
    answers = alice.get_assessment(again).answers
    assert (answers["iso.held"].value, answers["iso.held"].comment) == ("yes", None)
    assert answers["iso.held"].evidence_ids == []  # the old file was about "no"
    assert answers["iso.held"].source_report_id == report_id
    assert (answers["soc.type"].value, answers["soc.type"].source) == ("t1", None)
    assert answers["soc.type"].carried_over is True


def _told(db: Database, after: str | None) -> dict[str, Any]:
    """A many-answer event's records without the answer's own time, which the record
    holds on PostgreSQL only (the server stamps the event's time there)."""
    document = json.loads(after or "{}")
    if db.backend == "postgresql":
        for record in document["answers"].values():
            assert record.pop("answered_at")
    return dict(document)


def test_every_prefilled_answer_is_audited_with_its_report(alice: Service, db: Database) -> None:
    hosting(alice)
    report_id = add_iso(alice, VALID_ISO)
    aid = alice.start_assessment("Example Hosting", "assure").id
    with db.read_sessionmaker() as session:
        events = session.query(AuditEvent).filter(AuditEvent.action == "answers.from_report")
        found = [(e.entity_id, e.actor, e.reason, _told(db, e.after)) for e in events]
    answers = alice.get_assessment(aid).answers
    from_reports = {q: a.value for q, a in answers.items() if a.source_report_id == report_id}
    assert from_reports  # one event records every answer the report gave, and its source
    assert found == [
        (
            str(aid),
            "alice",
            f"from ISO/IEC 27001 certificate, report #{report_id}",
            {
                "answers": {
                    q: {"value": v, "source": f"report:{report_id}"}
                    | ({"evidence_ids": answers[q].evidence_ids} if answers[q].evidence_ids else {})
                    for q, v in from_reports.items()
                }
            },
        )
    ]


def test_no_report_answers_when_asked_not_to_or_of_another_type(alice: Service) -> None:
    hosting(alice)
    add_iso(alice, VALID_ISO)
    aid = alice.start_assessment("Example Hosting", "assure", from_reports=False).id
    assert alice.get_assessment(aid).answers == {}
    alice.add_vendor(
        {"name": "Other DC", "kind": "infrastructure", "data_access": "personal",
         "criticality": "medium"}
    )  # fmt: skip
    alice.add_report(
        "Other DC", ReportType.PENTEST, auditor="NCC", issued_on=date(2026, 1, 1),
        expires_on=date(2027, 1, 1),
    )  # fmt: skip
    other = alice.start_assessment("Other DC", "assure").id
    assert alice.get_assessment(other).answers == {}


def test_a_soc_report_answers_the_choice_through_its_map(alice: Service) -> None:
    hosting(alice)
    alice.add_report(
        "Example Hosting", ReportType.SOC2_TYPE1, auditor="Schellman",
        period_end=date(2026, 1, 31), opinion=Opinion.UNQUALIFIED,
    )  # fmt: skip
    aid = alice.start_assessment("Example Hosting", "assure").id
    soc = alice.get_assessment(aid).answers["soc.type"]
    assert (soc.value, soc.carried_over) == ("t1", True)
    assert soc.source is not None and soc.source.startswith("from SOC 2 Type I report #")
