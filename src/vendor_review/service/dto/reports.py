"""Assurance reports (issue 12): the register's rows, what a report says, our obligations
and the checklist's result; the certificate register's view of them. The register's rows,
the certificates and the obligations are plain dataclasses read by ``service.report_list``
and ``service.obligation_list``."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from vendor_review.domain.assurance import SubserviceMethod
from vendor_review.domain.enums import Severity
from vendor_review.service.dto.base import Out
from vendor_review.service.dto.findings import Finding
from vendor_review.service.obligation_list import Obligation as Obligation
from vendor_review.service.report_list import Certificate as Certificate
from vendor_review.service.report_list import Report as Report


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
