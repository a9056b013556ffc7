"""Assurance reports (issue 12): the register's rows, what a report says, our obligations
and the checklist's result; the certificate register's view of them."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.domain.enums import Severity
from vendor_review.service.dto.base import Out
from vendor_review.service.dto.findings import Finding


class Certificate(Out):
    id: int
    vendor_id: int
    vendor_name: str | None = None
    standard: str
    issuer: str | None
    scope: str | None
    issued_on: date | None
    period_end: date | None
    expires_on: date
    evidence_id: int | None
    version: int


class Report(Out):
    """One assurance report (or certificate) as the register shows it."""

    id: int
    vendor_id: int
    vendor_name: str
    type: ReportType
    label: str  # "SOC 2 Type II", or the standard a certificate was filed as
    standard: str | None = None
    auditor: str | None
    accreditation_body: str | None
    period_start: date | None
    period_end: date | None
    issued_on: date | None
    expires_on: date | None
    opinion: Opinion | None
    scope: str | None
    services: str | None
    sites: str | None
    criteria: list[str]
    certificate_number: str | None
    evidence_id: int | None
    covers_our_service: bool | None
    currency_end: date | None
    bridged_through: date | None
    exceptions: int
    carve_outs: int
    open_obligations: int
    created_at: datetime
    version: int


class ReportExceptionRow(Out):
    id: int
    report_id: int
    control: str
    description: str
    response: str | None


class ReportSubserviceRow(Out):
    id: int
    report_id: int
    name: str
    method: SubserviceMethod
    purpose: str | None
    vendor_id: int | None
    vendor_name: str | None
    link_id: int | None = None
    created_candidate: bool


class ReportBridgeRow(Out):
    id: int
    report_id: int
    through: date
    evidence_id: int | None


class Obligation(Out):
    """A complementary user-entity control: what we must do for the vendor's to hold."""

    id: int
    report_id: int
    vendor_id: int
    vendor_name: str
    control: str
    description: str
    owner: str | None
    status: ObligationStatus
    note: str | None
    evidence_id: int | None
    updated_at: datetime
    updated_by: str
    version: int


class ReportDetail(Out):
    report: Report
    exceptions: list[ReportExceptionRow]
    subservices: list[ReportSubserviceRow]
    obligations: list[Obligation]
    bridges: list[ReportBridgeRow]
    findings: list[Finding]  # the open findings of this report's reviews


class ReviewItem(Out):
    """One rule of the checklist over a report: passed, or the finding it opened."""

    rule: str  # "opinion", "scope", "currency", "exceptions", "carve-outs", "cuecs"
    passed: bool
    severity: Severity | None
    text: str
    cause: str | None
    finding_id: int | None


class ReportReview(Out):
    report: Report
    items: list[ReviewItem]
    closed: list[int] = Field(default_factory=list)  # findings this review closed
