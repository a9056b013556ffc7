"""The register of assurance reports (issue 12): SOC reports, ISO certificates, PCI AoCs
and pentests, each with its file, and how the service shows a stored report and what it
says (``report_out`` and the rows of its detail)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vendor_review.domain import assurance as rules
from vendor_review.domain.assurance import (
    Opinion,
    ReportFacts,
    ReportType,
    kept_standard,
)
from vendor_review.domain.enums import CertificateStandard
from vendor_review.service import dto
from vendor_review.service import finding_sync as sync
from vendor_review.service.base import row_dict
from vendor_review.service.errors import NotFoundError
from vendor_review.service.evidence import EvidenceOps
from vendor_review.service.obligation_list import obligation_rows
from vendor_review.service.report_input import check_criteria, check_dates, clean, required
from vendor_review.service.report_list import ReportListOps, report_label, report_rows
from vendor_review.store.models import (
    AssuranceReport,
    Finding,
    ReportSubservice,
    Vendor,
)
from vendor_review.store.tables import assurance_reports, obligations

REVIEW_POLICY = rules.ReviewPolicy()
"""When a report stops being current and how its checklist judges it."""


def label_of(report: AssuranceReport) -> str:
    return report_label(ReportType(report.type), report.standard)


def report_row(s: Session, report_id: int) -> AssuranceReport:
    report = s.get(AssuranceReport, report_id)
    if report is None:
        raise NotFoundError(f"no report #{report_id}")
    return report


def report_out(s: Session, report_id: int) -> dto.Report:
    """The register's row of a stored report (``report_list.report_rows``), read on the
    session's transaction after what is pending is flushed."""
    s.flush()
    return report_rows(s.connection(), assurance_reports.c.id == report_id)[0]


def subservice_out(s: Session, row: ReportSubservice) -> dto.ReportSubserviceRow:
    vendor = s.get(Vendor, row.vendor_id) if row.vendor_id is not None else None
    return dto.ReportSubserviceRow.model_validate(
        {**row_dict(row), "vendor_name": vendor.name if vendor else None}
    )


def obligation_out(s: Session, obligation_id: int) -> dto.Obligation:
    """An obligation (``obligation_list.obligation_rows``), read on the session's
    transaction after what is pending is flushed."""
    s.flush()
    return obligation_rows(s.connection(), obligations.c.id == obligation_id)[0]


class ReportRegisterOps(EvidenceOps, ReportListOps):
    def add_report(
        self,
        vendor_ref: str | int,
        type: ReportType,
        *,
        auditor: str | None,
        period_start: date | None = None,
        period_end: date | None = None,
        issued_on: date | None = None,
        expires_on: date | None = None,
        opinion: Opinion | None = None,
        scope: str | None = None,
        criteria: Sequence[str] = (),
        services: str | None = None,
        sites: str | None = None,
        certificate_number: str | None = None,
        accreditation_body: str | None = None,
        evidence_path: Path | None = None,
        evidence: tuple[bytes, str] | None = None,
        filed_as: CertificateStandard | None = None,
        current_until: date | None = None,
    ) -> dto.Report:
        """Record a report with its file (stored as evidence by SHA-256); audited.

        ``filed_as``: recorded through the certificate register (``cert add``) as that
        standard, by its rules: no auditor needed, a SOC report without its period, and
        ``current_until`` its expiry."""
        strict = filed_as is None
        if strict:
            auditor = required(auditor, "auditor", 200)
        kind = ReportType(type)
        check_dates(
            kind,
            strict=strict,
            period_start=period_start,
            period_end=period_end,
            issued_on=issued_on,
            expires_on=expires_on,
        )
        values: dict[str, Any] = {
            "auditor": clean(auditor, "auditor", 200),
            "accreditation_body": clean(accreditation_body, "accreditation body", 200),
            "scope": clean(scope, "scope", 20_000, multiline=True),
            "services": clean(services, "services", 20_000, multiline=True),
            "sites": clean(sites, "sites", 20_000, multiline=True),
            "certificate_number": clean(certificate_number, "certificate number", 100),
            "criteria": check_criteria(criteria),
        }
        evidence = self._given_evidence(evidence_path, evidence)
        with self._write() as s:  # the report and its evidence, or neither
            vendor = self._vendor(s, vendor_ref)
            stored = self._evidence_from(s, evidence)
            report = AssuranceReport(
                vendor_id=vendor.id,
                type=kind.value,
                standard=kept_standard(filed_as) if filed_as else None,
                period_start=period_start,
                period_end=period_end,
                issued_on=issued_on,
                expires_on=expires_on,
                opinion=opinion.value if opinion else None,
                evidence_id=stored.id if stored else None,
                created_at=self.now(),
                **values,
            )
            report.currency_end = current_until or rules.currency_end(
                ReportFacts(type=kind, period_end=period_end, expires_on=expires_on),
                REVIEW_POLICY,
            )
            s.add(report)
            s.flush()
            action = "report.add" if strict else "certificate.add"
            self._audit(s, action, "report", report.id, None, row_dict(report))
            return report_out(s, report.id)

    def get_report(self, report_id: int) -> dto.ReportDetail:
        with self._read() as s:
            report = report_row(s, report_id)
            findings = s.scalars(
                select(Finding)
                .where(
                    Finding.vendor_id == report.vendor_id,
                    Finding.status.in_(sync.ACTIVE),
                    Finding.cause.startswith(sync.report_prefix(report.id), autoescape=True),
                )
                .order_by(Finding.id)
            ).all()
            return dto.ReportDetail(
                report=report_out(s, report.id),
                exceptions=[dto.ReportExceptionRow.model_validate(e) for e in report.exceptions],
                subservices=[subservice_out(s, sub) for sub in report.subservices],
                obligations=[obligation_out(s, o.id) for o in report.obligations],
                bridges=[dto.ReportBridgeRow.model_validate(b) for b in report.bridges],
                findings=[dto.Finding.of(f, vendor_name=report.vendor.name) for f in findings],
            )

    def current_reports(self, vendor_id: int, today: date | None = None) -> list[dto.Report]:
        """The vendor's reports still current on ``today`` (currency end not passed)."""
        day = today or self.today()
        with self._read() as s:
            vendor = self._vendor(s, vendor_id)
            rows = s.scalars(
                select(AssuranceReport)
                .where(
                    AssuranceReport.vendor_id == vendor.id,
                    AssuranceReport.currency_end >= day,
                )
                .order_by(AssuranceReport.currency_end.desc(), AssuranceReport.id.desc())
            ).all()
            return [report_out(s, r.id) for r in rows]
