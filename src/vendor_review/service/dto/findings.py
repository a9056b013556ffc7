"""A finding as the service returns it, with its state as a person reads it.

A frozen, slotted dataclass rather than a pydantic model (like ``dto.DueItem``): the
finding list builds one per row straight from the database and ``finding list`` starts
without pydantic's models (issue 14); the assessment, re-review and report details nest
it as it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from vendor_review.domain.enums import FindingStatus, Severity


class FindingSource(Protocol):
    """What a finding is read from: an ORM ``Finding`` or a row of ``store.tables.findings``."""

    @property
    def id(self) -> int: ...
    @property
    def assessment_id(self) -> int | None: ...
    @property
    def report_id(self) -> int | None: ...
    @property
    def vendor_id(self) -> int: ...
    @property
    def question_id(self) -> str | None: ...
    @property
    def severity(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def remediation(self) -> str | None: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def status(self) -> str: ...
    @property
    def resolved_by(self) -> str | None: ...
    @property
    def resolved_at(self) -> datetime | None: ...
    @property
    def resolution_note(self) -> str | None: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def cause(self) -> str | None: ...
    @property
    def accepted_until(self) -> date | None: ...
    @property
    def resolved_by_assessment_id(self) -> int | None: ...


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
        return cls(
            id=row.id,
            assessment_id=row.assessment_id,
            report_id=row.report_id,
            vendor_id=row.vendor_id,
            vendor_name=vendor_name,
            question_id=row.question_id,
            severity=Severity(row.severity),
            text=row.text,
            remediation=row.remediation,
            owner=row.owner,
            due_on=row.due_on,
            status=FindingStatus(row.status),
            resolved_by=row.resolved_by,
            resolved_at=row.resolved_at,
            resolution_note=row.resolution_note,
            created_at=row.created_at,
            cause=row.cause,
            accepted_until=row.accepted_until,
            resolved_by_assessment_id=row.resolved_by_assessment_id,
            state=state,
            acceptance_requested_by=pending[0] if pending else None,
            acceptance_expires_on=pending[1] if pending else None,
        )
