"""Helpers for the export tests: a small portfolio built through the service, reading a
workbook back, and what a spreadsheet shows for a stored string."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils.escape import unescape

from vendor_review.domain.enums import CertificateStandard, Severity
from vendor_review.service import Service

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 3, 10)
SHEETS = [
    "Summary",
    "Answers",
    "Findings",
    "Certificates",
    "Assurance",
    "Obligations",
    "Schedule",
    "About",
]

MINI_YAML = """\
id: mini
version: 2
title: Mini questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: sec
    title: Security
    questions:
      - id: q1
        text: Is data encrypted at rest?
        type: yes_no
        weight: 3
        refs: ["ISO/IEC 27001:2022 A.8.24", "GDPR Art. 32"]
      - id: q2
        text: How soon are breaches notified?
        type: choice
        options:
          - {value: h24, label: "Within 24 hours", score: 1}
          - {value: h72, label: "Within 72 hours", score: 0.5}
          - {value: never, label: "No commitment", score: 0}
        weight: 2
        critical: true
  - id: ops
    title: Operations
    questions:
      - id: q3
        text: Describe the key management.
        type: text
        required: false
      - id: q4
        text: When was the last penetration test?
        type: date
        required: false
      - id: q5
        text: How many staff can reach customer data?
        type: number
        required: false
"""

VENDORS = {
    "Acme Hosting": dict(kind="infrastructure", data_access="personal", criticality="high"),
    "Beta Mail": dict(
        kind="service", data_access="personal", criticality="medium", parent="Acme Hosting"
    ),
    "=cmd|' /C calc'!A0": dict(kind="other", data_access="internal", criticality="low"),
    "Gamma Support": dict(kind="subcontractor", data_access="personal", criticality="low"),
}


def build_portfolio(alice: Service, bob: Service) -> dict[str, int]:
    """Four vendors: Acme approved with a critical failure and a certificate, Beta
    approved clean, a formula-named vendor with a draft, Gamma never assessed."""
    for name, fields in VENDORS.items():
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


def sheet_rows(path: Path, sheet: str) -> list[tuple[Any, ...]]:
    wb = load_workbook(path)
    try:
        return [tuple(r) for r in wb[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()


def all_cells(path: Path) -> list[Cell]:
    wb = load_workbook(path)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def shown(value: str) -> str:
    """What Excel and LibreOffice show for a stored string: OOXML ``_xHHHH_`` decoded."""
    return unescape(value)


def expected_text(text: str) -> str:
    """What the export promises to show for ``text``: the same, except characters a
    workbook cannot hold, made visible (C0 controls as control pictures, U+2400 + code;
    U+FFFE, U+FFFF and lone surrogates as U+FFFD)."""
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20 and ch not in "\t\n\r":
            out.append(chr(0x2400 + code))
        elif ch in "\ufffe\uffff" or 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)
