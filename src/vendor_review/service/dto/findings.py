"""A finding as the service returns it, with its state as a person reads it."""

from __future__ import annotations

from datetime import date, datetime

from vendor_review.domain.enums import (
    FindingStatus,
    Severity,
)
from vendor_review.service.dto.base import Out


class Finding(Out):
    id: int
    assessment_id: int | None  # None: opened by an assurance report's review
    report_id: int | None = None
    vendor_id: int
    vendor_name: str | None = None
    question_id: str | None
    severity: Severity
    text: str
    remediation: str | None
    owner: str | None
    due_on: date | None
    status: FindingStatus
    resolved_by: str | None
    resolved_at: datetime | None
    resolution_note: str | None
    created_at: datetime
    cause: str | None = None
    accepted_until: date | None = None
    resolved_by_assessment_id: int | None = None
    # As a person reads it: "open", "open (risk acceptance expired 2026-03-01)",
    # "acceptance requested by alice", "risk accepted until …", "resolved by assessment #9".
    state: str = ""
    # The pending request to accept its risk: who asked, until when (None: none pending).
    acceptance_requested_by: str | None = None
    acceptance_expires_on: date | None = None
