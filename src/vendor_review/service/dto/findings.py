"""A finding as the service returns it, with its state as a person reads it.

A frozen, slotted dataclass rather than a pydantic model (like ``dto.DueItem``): the
finding list builds one per row straight from the database and ``finding list`` starts
without pydantic's models (issue 14); the assessment, re-review and report details nest
it as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from vendor_review.domain.enums import FindingStatus, Severity

if TYPE_CHECKING:
    from sqlalchemy import Row

    from vendor_review.store import models

    FindingSource: TypeAlias = models.Finding | Row[*tuple[Any, ...]]
    """What a finding is read from: the ORM's ``Finding`` or a row of ``tables.findings``."""


@dataclass(frozen=True, slots=True)
class Finding:
    id: int
    assessment_id: int | None  # None: opened by an assurance report's review
    report_id: int | None
    vendor_id: int
    vendor_name: str | None
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
    cause: str | None
    accepted_until: date | None
    resolved_by_assessment_id: int | None
    # As a person reads it: "open", "open (risk acceptance expired 2026-03-01)",
    # "acceptance requested by alice", "risk accepted until …", "resolved by assessment #9".
    state: str = ""
    # The pending request to accept its risk: who asked, until when (None: none pending).
    acceptance_requested_by: str | None = None
    acceptance_expires_on: date | None = None

    @classmethod
    def of(
        cls,
        row: FindingSource,
        *,
        vendor_name: str | None = None,
        state: str = "",
        pending: tuple[str, date] | None = None,
    ) -> Finding:
        """The finding ``row`` holds; its vendor's name, its state worded and its pending
        risk-acceptance request (who asked, until when) when the caller has them."""
        requested_by, expires_on = pending or (None, None)
        return cls(
            row.id, row.assessment_id, row.report_id, row.vendor_id, vendor_name,
            row.question_id, Severity(row.severity), row.text, row.remediation, row.owner,
            row.due_on, FindingStatus(row.status), row.resolved_by, row.resolved_at,
            row.resolution_note, row.created_at, row.cause, row.accepted_until,
            row.resolved_by_assessment_id, state, requested_by, expires_on,
        )  # fmt: skip
