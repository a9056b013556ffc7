"""Migration 0007 on a populated database: a certificate register of every standard at
0006 becomes the assurance-report register without losing a row, a date or an audit
event (``audit verify`` stays clean), and downgrades back to the same certificates."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import inspect

from support.migrations import (
    assert_verifies,
    builtin_service,
    migrate_to,
    sql_rows,
    upgrading,
)
from vendor_review.domain.enums import CertificateStandard
from vendor_review.service import Service
from vendor_review.store import open_database

CERTS = [
    # standard, issued, period end, expires
    (CertificateStandard.ISO_27001, date(2025, 1, 10), None, date(2028, 1, 9)),
    (CertificateStandard.SOC_2_TYPE_II, None, date(2026, 3, 31), date(2027, 3, 31)),
    (CertificateStandard.SSAE_16, None, date(2025, 12, 31), date(2026, 12, 31)),
    (CertificateStandard.PCI_DSS_AOC, date(2026, 2, 1), None, date(2027, 2, 1)),
    (CertificateStandard.UPTIME_TIER_III, date(2024, 6, 1), None, date(2027, 6, 1)),
]
CERT_COLUMNS = "id, vendor_id, standard, issuer, issued_on, period_end, expires_on, evidence_id"


def _day(value: Any) -> Any:
    """SQLite returns dates as text."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return date.fromisoformat(value)
    return value


def _register(service: Service) -> None:
    service.add_vendor(
        {"name": "Linode", "kind": "infrastructure", "data_access": "personal",
         "criticality": "high"}
    )  # fmt: skip
    for standard, issued, period_end, expires in CERTS:
        service.add_certificate(
            "Linode",
            standard,
            issued_on=issued,
            period_end=period_end,
            expires_on=expires,
            issuer="Auditor of " + standard.value,
        )


def test_certificates_at_0006_become_reports_and_back(db_url: str) -> None:
    db = open_database(db_url)
    _register(builtin_service(db))
    migrate_to(db, "0006")
    db.dispose()
    certs = sql_rows(db_url, f"SELECT {CERT_COLUMNS} FROM certificates ORDER BY id")
    assert [(r[2], _day(r[6])) for r in certs] == [(s.value, e) for s, _, _, e in CERTS]

    with upgrading(db_url) as upgraded:  # every audit event kept
        reports = sql_rows(
            db_url,
            "SELECT id, type, standard, auditor, issued_on, period_end, expires_on, "
            "currency_end, opinion FROM assurance_reports ORDER BY id",
        )
        assert [(r[0], r[1], r[2]) for r in reports] == [
            (certs[0][0], "iso27001", None),
            (certs[1][0], "soc2-type2", None),
            (certs[2][0], "soc1-type2", "SSAE-16"),
            (certs[3][0], "pci-aoc", None),
            (certs[4][0], "other", "Uptime Tier III"),
        ]
        by_id = {r[0]: r for r in reports}
        for cert in certs:
            report = by_id[cert[0]]
            assert report[3] == cert[3]  # issuer → auditor
            assert _day(report[7]) == _day(cert[6])  # expiry → end of currency
            assert _day(report[5]) == _day(cert[5])  # period end kept
            assert report[8] is None  # the opinion was never recorded
        soc = by_id[certs[1][0]]
        assert soc[6] is None  # a SOC report has a period, not an expiry
        iso = by_id[certs[0][0]]
        assert (_day(iso[4]), _day(iso[6])) == (date(2025, 1, 10), date(2028, 1, 9))
        assert "certificates" not in inspect(upgraded.engine).get_table_names()
        assert_verifies(upgraded)
        service = builtin_service(upgraded)
        listed = service.list_certificates(vendor="Linode")
        assert sorted((c.standard, c.expires_on) for c in listed) == sorted(
            (s.value, e) for s, _, _, e in CERTS
        )
        # New ids continue after the migrated ones (PostgreSQL's sequence restarted).
        new = service.add_report(
            "Linode", "iso27701", auditor="BSI", issued_on=date(2026, 1, 1),
            expires_on=date(2029, 1, 1),
        )  # fmt: skip
        assert new.id == max(by_id) + 1
        migrate_to(upgraded, "0006")
    back = sql_rows(db_url, f"SELECT {CERT_COLUMNS} FROM certificates ORDER BY id")
    assert [tuple(map(_day, r)) for r in back[: len(certs)]] == [tuple(map(_day, r)) for r in certs]
    assert [(r[2], _day(r[6])) for r in back[len(certs) :]] == [("ISO 27701", date(2029, 1, 1))]
