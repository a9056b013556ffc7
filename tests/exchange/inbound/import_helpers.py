"""Helpers for the import tests: a questionnaire with every question type, workbooks
filled the way a vendor fills them (openpyxl), and hostile zip files built by hand."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from vendor_review.exchange.outbound.questionnaire import build_workbook
from vendor_review.service import Service

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)

IMP_YAML = """\
id: imp
version: 3
title: Import test questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: sec
    title: Security
    questions:
      - id: q1
        text: Is data encrypted at rest?
        type: yes_no
        weight: 3
      - id: q2
        text: How soon are breaches notified?
        type: choice
        options:
          - {value: h24, label: "Yes, within 24 hours", score: 1}
          - {value: h72, label: "Yes, within 72 hours", score: 0.5}
          - {value: never, label: "No commitment", score: 0}
        weight: 2
        critical: true
      - id: q3
        text: Which certifications are held?
        type: multi
        options:
          - {value: iso, label: "ISO 27001", score: 0.5}
          - {value: soc2, label: "SOC 2 Type II", score: 0.5}
          - {value: pci, label: "PCI DSS", score: 0.25}
      - id: q4
        text: Is there a tested continuity plan?
        type: yes_no
      - id: q5
        text: When was the plan last tested?
        type: date
        show_if: {question: q4, in: ["yes"]}
  - id: ops
    title: Operations
    questions:
      - id: q6
        text: How many staff can reach customer data?
        type: number
        required: false
      - id: q7
        text: Describe the key management.
        type: text
        required: false
"""

OTHER_YAML = IMP_YAML.replace("id: imp\nversion: 3", "id: other\nversion: 1")

# What a vendor types (by question) and what is stored for it.
TYPED: dict[str, Any] = {
    "q1": " yes ",
    "q2": "YES, WITHIN 72 hours",
    "q3": "ISO 27001; pci dss",
    "q4": "Yes",
    "q5": datetime(2025, 11, 30),
    "q6": 12,
    "q7": "HSM-backed, rotated yearly",
}
STORED: dict[str, Any] = {
    "q1": "yes",
    "q2": "h72",
    "q3": ["iso", "pci"],
    "q4": "yes",
    "q5": "2025-11-30",
    "q6": 12.0,
    "q7": "HSM-backed, rotated yearly",
}


def workbook_bytes(service: Service, assessment_id: int) -> bytes:
    wb = build_workbook(service.get_assessment(assessment_id), made_at=T0, made_by="alice")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows_by_id(ws: Any) -> dict[str, int]:
    return {
        ws.cell(r, 2).value: r
        for r in range(2, ws.max_row + 1)
        if isinstance(ws.cell(r, 2).value, str)
    }


def fill(
    source: bytes,
    answers: Mapping[str, Any],
    *,
    comments: Mapping[str, Any] | None = None,
    evidence: Mapping[str, Any] | None = None,
    edit: Callable[[Any], None] | None = None,
) -> bytes:
    """The workbook as a vendor returns it: answers (and comments, evidence) typed by
    question ID, then any other ``edit`` of the openpyxl workbook."""
    wb = load_workbook(io.BytesIO(source))
    ws = wb["Questions"]
    rows = rows_by_id(ws)
    for column, values in ((4, answers), (5, comments or {}), (6, evidence or {})):
        for qid, value in values.items():
            ws.cell(rows[qid], column).value = value
    if edit is not None:
        edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def zip_bytes(members: Mapping[str, bytes | str], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return out.getvalue()


def replace_member(data: bytes, member: str, content: bytes | str) -> bytes:
    """The same xlsx with one member's content replaced (or added)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members: dict[str, bytes | str] = {n: zf.read(n) for n in zf.namelist()}
    members[member] = content
    return zip_bytes(members)


def member(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode("utf-8")


def sheet_member(data: bytes, title: str) -> str:
    """The zip member holding worksheet ``title`` (sheets are written in order)."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    titles = book.sheetnames
    book.close()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    return names[titles.index(title)]


def audit_count(service: Service) -> int:
    """How many audit events there are: nothing stored means this did not move."""
    return service.verify_audit().checked
