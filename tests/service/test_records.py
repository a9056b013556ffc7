"""Certificates, evidence files and findings: what is stored, and what is refused whole."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from support.database import MakeService, count_events
from support.portfolio import add_vendor
from vendor_review.domain.enums import CertificateStandard, FindingStatus, Severity
from vendor_review.service import Service
from vendor_review.service.errors import NotFoundError, StateError, ValidationError
from vendor_review.store import Database
from vendor_review.store.models import AssuranceReport, Evidence


def _rows(db: Database, model: type[AssuranceReport] | type[Evidence]) -> int:
    with db.read_sessionmaker() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_certificate_expiry(alice: Service, db: Database) -> None:
    """A SOC 2 report expires 12 months after its period; other certificates need a date."""
    add_vendor(alice)
    soc2 = CertificateStandard.SOC_2_TYPE_II
    cert = alice.add_certificate("Twilio", soc2, period_end=date(2025, 9, 30), issuer="KPMG")
    assert (cert.expires_on, cert.period_end, cert.vendor_name) == (
        date(2026, 9, 30),
        date(2025, 9, 30),
        "Twilio",
    )
    leap = alice.add_certificate("Twilio", soc2, period_end=date(2024, 2, 29))
    assert leap.expires_on == date(2025, 2, 28)
    told = alice.add_certificate(
        "Twilio", soc2, period_end=date(2025, 9, 30), expires_on=date(2026, 6, 1)
    )
    assert told.expires_on == date(2026, 6, 1)
    listed = alice.list_certificates(vendor="Twilio", expiring_by=date(2026, 7, 1))
    assert [c.id for c in listed] == [leap.id, told.id]  # soonest first, the KPMG one later
    events = count_events(db)
    with pytest.raises(ValidationError) as iso:
        alice.add_certificate("Twilio", CertificateStandard.ISO_27001, issued_on=date(2025, 1, 1))
    assert str(iso.value) == "ISO 27001 needs an expiry date"
    with pytest.raises(
        ValidationError, match=r"SOC 2 Type II needs an expiry date \(or the report"
    ):
        alice.add_certificate("Twilio", CertificateStandard.SOC_2_TYPE_II)
    with pytest.raises(ValidationError, match="cannot expire before it is issued"):
        alice.add_certificate(
            "Twilio",
            CertificateStandard.PCI_DSS_AOC,
            issued_on=date(2026, 1, 2),
            expires_on=date(2026, 1, 1),
        )
    assert _rows(db, AssuranceReport) == 3 and count_events(db) == events


def test_evidence_is_stored_once_per_content(
    alice: Service, bob: Service, db: Database, tmp_path: Path
) -> None:
    content = b"%PDF-1.7 SOC 2 Type II report of Twilio, period ending 2025-09-30"
    first = tmp_path / "soc2.pdf"
    first.write_bytes(content)
    copy = tmp_path / "soc2-copy.pdf"
    copy.write_bytes(content)
    stored = alice.add_evidence(first)
    assert (stored.name, stored.size, stored.sha256, stored.added_by) == (
        "soc2.pdf",
        len(content),
        hashlib.sha256(content).hexdigest(),
        "alice",
    )
    assert stored.media_type == "application/pdf"
    again = bob.add_evidence(copy)
    assert (again.id, again.name, again.added_by) == (stored.id, "soc2.pdf", "alice")
    assert alice.evidence_content(stored.id) == (stored, content)
    assert _rows(db, Evidence) == 1
    add_vendor(alice)
    cert = alice.add_certificate(
        "Twilio",
        CertificateStandard.SOC_2_TYPE_II,
        period_end=date(2025, 9, 30),
        evidence_path=copy,
    )
    assert cert.evidence_id == stored.id and _rows(db, Evidence) == 1


def test_evidence_over_the_size_cap_is_refused(
    make_service: MakeService, db: Database, tmp_path: Path
) -> None:
    small = make_service("alice", max_bytes=1000)
    big = tmp_path / "pentest.pdf"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(ValidationError) as refused:
        small.add_evidence(big)
    assert (
        str(refused.value) == "evidence file pentest.pdf is 1,001 bytes, over the 1,000-byte limit"
    )
    with pytest.raises(
        ValidationError, match=r"evidence pentest\.pdf is 1,001 bytes, over the 1,000"
    ):
        small.store_evidence(big.read_bytes(), "pentest.pdf")
    add_vendor(small)
    with pytest.raises(ValidationError, match="1,001 bytes, over the 1,000-byte limit"):
        small.add_certificate(
            "Twilio", CertificateStandard.ISO_27001, expires_on=date(2027, 1, 1), evidence_path=big
        )
    assert (_rows(db, Evidence), _rows(db, AssuranceReport), count_events(db)) == (0, 0, 1)
    with pytest.raises(ValidationError, match=r"cannot read evidence file .*missing\.pdf"):
        small.add_evidence(tmp_path / "missing.pdf")


def test_findings_close_only_with_a_note_and_only_once(
    submitted: int, alice: Service, make_service: MakeService, db: Database
) -> None:
    bob = make_service("bob", at=datetime(2026, 4, 1, 12, 0, tzinfo=UTC))
    critical, high, medium = alice.list_findings()  # soonest due first
    assert [f.severity for f in (critical, high, medium)] == [
        Severity.CRITICAL,
        Severity.HIGH,
        Severity.MEDIUM,
    ]
    events = count_events(db)
    with pytest.raises(
        ValidationError, match="a finding is remediated only with a note saying why"
    ):
        bob.remediate_finding(high.id, "  ")
    with pytest.raises(ValidationError, match="a finding is risk-accepted only with a note"):
        bob.accept_finding(medium.id, "")
    assert count_events(db) == events
    done = bob.remediate_finding(high.id, " ISO certificate received ")
    assert (done.status, done.resolved_by, done.resolution_note) == (
        FindingStatus.REMEDIATED,
        "bob",
        "ISO certificate received",
    )
    assert done.resolved_at == datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
    with pytest.raises(
        StateError, match=f"^finding #{high.id} is already remediated \\(by bob\\)$"
    ):
        alice.accept_finding(high.id, "second thoughts")
    accepted = bob.accept_finding(medium.id, "plan is tested by the parent company")
    assert accepted.status is FindingStatus.RISK_ACCEPTED
    with pytest.raises(StateError, match="is already risk-accepted until 2027-04-01"):
        bob.remediate_finding(medium.id, "x")
    with pytest.raises(NotFoundError, match=r"^no finding #999$"):
        bob.remediate_finding(999, "x")
    assert alice.list_vendors().rows[0].open_findings == 1


def test_finding_list_filters(submitted: int, alice: Service) -> None:
    add_vendor(alice, "AWS", kind="infrastructure")
    other = alice.start_assessment("AWS", "mini").id
    manual = alice.add_finding(other, "No DPA signed yet", owner="legal")
    # low findings are due in 180 days by default (policy.yaml finding_due_days.low)
    assert (manual.severity, manual.due_on, manual.owner) == (
        Severity.LOW,
        date(2026, 9, 6),
        "legal",
    )
    alice.remediate_finding(alice.list_findings(severity=Severity.HIGH)[0].id, "fixed")

    def listed(**kwargs: object) -> list[tuple[str, str | None]]:
        rows = alice.list_findings(**kwargs)  # type: ignore[arg-type]
        return [(f.vendor_name or "", f.question_id) for f in rows]

    assert listed() == [("Twilio", "q2"), ("Twilio", "q3"), ("Twilio", "q4"), ("AWS", None)]
    assert listed(status=FindingStatus.OPEN) == [("Twilio", "q2"), ("Twilio", "q4"), ("AWS", None)]
    assert listed(status=FindingStatus.REMEDIATED) == [("Twilio", "q3")]
    assert listed(severity=Severity.CRITICAL) == [("Twilio", "q2")]
    assert listed(vendor="AWS") == [("AWS", None)]
    assert listed(vendor="Twilio", severity=Severity.LOW) == []
    with pytest.raises(ValidationError, match="a finding needs a text"):
        alice.add_finding(other, " ")


def test_the_listed_finding_is_the_finding(
    submitted: int, alice: Service, make_service: MakeService
) -> None:
    """The list (Core rows) and a finding read alone (the ORM) agree field for field,
    the state included: requested, accepted, remediated, open."""
    bob = make_service("bob", at=datetime(2026, 4, 1, 12, 0, tzinfo=UTC))
    critical, high, medium = alice.list_findings()
    bob.accept_finding(critical.id, "compensating control")  # critical: a pending request
    bob.accept_finding(medium.id, "low impact", expires_on=date(2026, 6, 1))
    bob.remediate_finding(high.id, "fixed")
    listed = bob.list_findings()
    assert [f.state for f in listed] == [
        "open; acceptance requested by bob until 2027-04-01",
        "remediated",
        "risk accepted until 2026-06-01",
    ]
    assert listed == [replace(bob.get_finding(f.id), vendor_name="Twilio") for f in listed]
