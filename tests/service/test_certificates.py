"""Certificates (the SOC report expiry rule) and evidence files (dedup by SHA-256, size cap)."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from support.database import MakeService
from support.portfolio import add_vendor_on
from vendor_review.domain.enums import CertificateStandard as Std
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.store import Database
from vendor_review.store.models import AuditEvent


def actions(db: Database) -> list[str]:
    with db.read_sessionmaker() as s:
        return list(s.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


@pytest.mark.parametrize(
    ("standard", "period_end", "expires"),
    [
        (Std.SOC_2_TYPE_II, date(2025, 12, 31), date(2026, 12, 31)),
        (Std.SOC_2_TYPE_II, date(2024, 2, 29), date(2025, 2, 28)),  # clamped
        (Std.SOC_1, date(2025, 9, 30), date(2026, 9, 30)),
    ],
)
def test_a_soc_report_expires_12_months_after_its_period_end(
    make: MakeService, standard: Std, period_end: date, expires: date
) -> None:
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    cert = make().add_certificate("Globex", standard, period_end=period_end)
    assert (cert.standard, cert.period_end, cert.expires_on) == (standard, period_end, expires)
    assert cert.vendor_name == "Globex"


def test_a_given_expiry_wins_and_other_standards_need_one(make: MakeService) -> None:
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    alice = make()
    given = alice.add_certificate(
        "Globex", Std.SOC_2_TYPE_II, period_end=date(2025, 12, 31), expires_on=date(2026, 9, 30)
    )
    assert given.expires_on == date(2026, 9, 30)
    with pytest.raises(ValidationError) as soc:
        alice.add_certificate("Globex", Std.SOC_2_TYPE_II)
    assert str(soc.value) == "SOC 2 Type II needs an expiry date (or the report's period end)"
    with pytest.raises(ValidationError, match=r"^ISO 27001 needs an expiry date$"):
        alice.add_certificate("Globex", Std.ISO_27001, period_end=date(2025, 12, 31))
    with pytest.raises(ValidationError, match="cannot expire before it is issued"):
        alice.add_certificate(
            "Globex", Std.ISO_27001, issued_on=date(2026, 2, 1), expires_on=date(2026, 1, 31)
        )
    with pytest.raises(NotFoundError, match="no vendor 'Nobody'"):
        alice.add_certificate("Nobody", Std.ISO_27001, expires_on=date(2027, 1, 1))
    assert [c.id for c in alice.list_certificates()] == [given.id]


def test_the_same_file_twice_is_stored_once(
    make: MakeService, db: Database, tmp_path: Path
) -> None:
    content = b"%PDF-1.4 ISO 27001 certificate of Globex"
    first, copy, other = (tmp_path / n for n in ("iso.pdf", "renamed.pdf", "other.pdf"))
    first.write_bytes(content)
    copy.write_bytes(content)
    other.write_bytes(content + b" (2)")
    alice = make()
    stored = alice.add_evidence(first)
    assert (stored.name, stored.size) == ("iso.pdf", len(content))
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert (stored.media_type, stored.added_by) == ("application/pdf", "alice")
    assert alice.add_evidence(copy) == stored  # same bytes: the first row, its first name
    assert make("bob").store_evidence(content, "again.pdf") == stored
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    cert = alice.add_certificate("Globex", Std.ISO_27001, expires_on=date(2027, 1, 1),
                                 evidence_path=copy)  # fmt: skip
    assert cert.evidence_id == stored.id
    assert alice.add_evidence(other).id != stored.id
    assert [e.name for e in alice.list_evidence()] == ["iso.pdf", "other.pdf"]
    assert actions(db).count("evidence.add") == 2
    meta, back = alice.evidence_content(stored.id)
    assert (meta, back) == (stored, content)
    with pytest.raises(NotFoundError, match="no evidence #999"):
        alice.evidence_content(999)


def test_the_size_cap_is_a_clear_error(make: MakeService, db: Database, tmp_path: Path) -> None:
    capped = make(max_bytes=16)
    exact, big = tmp_path / "exact.txt", tmp_path / "big.pdf"
    exact.write_bytes(b"x" * 16)
    big.write_bytes(b"x" * 17)
    assert capped.add_evidence(exact).size == 16
    with pytest.raises(ValidationError) as too_big:
        capped.add_evidence(big)
    assert str(too_big.value) == "evidence file big.pdf is 17 bytes, over the 16-byte limit"
    with pytest.raises(ValidationError, match=r"^evidence scan\.pdf is 17 bytes, over the 16-byte"):
        capped.store_evidence(b"y" * 17, "scan.pdf")
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    with pytest.raises(ValidationError, match="over the 16-byte limit"):
        capped.add_certificate("Globex", Std.ISO_27001, expires_on=date(2027, 1, 1),
                               evidence_path=big)  # fmt: skip
    assert capped.list_certificates() == []
    assert [e.name for e in capped.list_evidence()] == ["exact.txt"]
    with pytest.raises(ValidationError, match=r"cannot read evidence file .*missing\.pdf"):
        capped.add_evidence(tmp_path / "missing.pdf")
    with pytest.raises(ValidationError, match="is not a file"):
        capped.add_evidence(tmp_path)
