"""The certificate register of before issue 12, kept as thin adapters on the assurance
reports (``service.report_register``): ``cert add`` records a report of the standard's type,
``cert list`` lists reports by their end of currency as certificates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from vendor_review.domain.assurance import (
    STANDARD_TYPES,
)
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import CertificateStandard
from vendor_review.service import dto
from vendor_review.service.errors import ValidationError
from vendor_review.service.report_list import certificate_of
from vendor_review.service.report_register import ReportRegisterOps


class CertificateOps(ReportRegisterOps):
    def add_certificate(
        self,
        vendor_ref: str | int,
        standard: CertificateStandard,
        *,
        expires_on: date | None = None,
        issued_on: date | None = None,
        period_end: date | None = None,
        issuer: str | None = None,
        scope: str | None = None,
        evidence_path: Path | None = None,
    ) -> dto.Certificate:
        """A report of the standard's type; a SOC report given with its period end is
        current for 12 months after it unless an expiry is given."""
        kind = STANDARD_TYPES[standard]
        soc = kind.is_soc
        if expires_on is None:
            if period_end is not None and soc:
                expires_on = add_months(period_end, 12)
            else:
                raise ValidationError(
                    f"{standard.value} needs an expiry date"
                    + (" (or the report's period end)" if soc else "")
                )
        if issued_on is not None and issued_on > expires_on:
            raise ValidationError("a certificate cannot expire before it is issued")
        report = self.add_report(
            vendor_ref,
            kind,
            auditor=issuer,
            period_end=period_end,
            issued_on=issued_on,
            expires_on=None if soc else expires_on,
            scope=scope,
            evidence_path=evidence_path,
            filed_as=standard,
            current_until=expires_on,
        )
        return certificate_of(report)
