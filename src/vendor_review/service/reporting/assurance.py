"""Reading assurance reports and our obligations for the workbook (issue 12 item 8),
streamed like every report read: keyset pages ordered by vendor name, then id, each page
in its own short read transaction.

A report's counts (exceptions, carve-outs, open obligations) and the latest bridge letter
come with its row, as correlated subqueries; its end of currency is the stored one (kept
by the service whenever a report or a bridge letter is recorded).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from vendor_review.domain.assurance import LABELS, ObligationStatus, ReportType, SubserviceMethod
from vendor_review.service.reporting.scope import ROWS_PER_CHUNK, ReportScope, ScopedReads
from vendor_review.store.models import (
    AssuranceReport,
    Evidence,
    Obligation,
    ReportBridge,
    ReportException,
    ReportSubservice,
    Vendor,
)


@dataclass(frozen=True, slots=True)
class AssuranceLine:
    vendor_id: int
    vendor: str
    report_id: int
    label: str
    auditor: str | None
    opinion: str | None
    period_start: date | None
    period_end: date | None
    issued_on: date | None
    expires_on: date | None
    currency_end: date | None
    bridged_through: date | None
    covers_our_service: bool | None
    exceptions: int
    carve_outs: int
    open_obligations: int
    scope: str | None
    evidence: str | None
    """The evidence file's name."""
    evidence_sha256: str | None


@dataclass(frozen=True, slots=True)
class ObligationLine:
    vendor_id: int
    vendor: str
    report_id: int
    report_label: str
    obligation_id: int
    control: str
    description: str
    owner: str | None
    status: str
    note: str | None
    updated_at: datetime


def report_label(kind: str, standard: str | None) -> str:
    """A report as people name it: the standard it was filed as, else its type's label."""
    return standard or LABELS[ReportType(kind)]


def _per_report(value: Any, report_id: Any, *where: Any) -> Any:
    """``value`` (an aggregate) over the rows whose ``report_id`` is the outer query's
    report (and that meet ``where``), as a scalar subquery."""
    return select(value).where(report_id == AssuranceReport.id, *where).scalar_subquery()


class AssuranceReads(ScopedReads):
    def report_assurance(
        self, scope: ReportScope, *, chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[AssuranceLine]:
        """Every assurance report of the vendors in scope, one line each."""
        exceptions = _per_report(func.count(ReportException.id), ReportException.report_id)
        carve_outs = _per_report(
            func.count(ReportSubservice.id),
            ReportSubservice.report_id,
            ReportSubservice.method == SubserviceMethod.CARVE_OUT.value,
        )
        still_open = _per_report(
            func.count(Obligation.id),
            Obligation.report_id,
            Obligation.status == ObligationStatus.OPEN.value,
        )
        bridged = _per_report(func.max(ReportBridge.through), ReportBridge.report_id)
        query = (
            select(
                AssuranceReport,
                Vendor.name,
                Evidence.name,
                Evidence.sha256,
                exceptions,
                carve_outs,
                still_open,
                bridged,
            )
            .join(Vendor, Vendor.id == AssuranceReport.vendor_id)
            .outerjoin(Evidence, Evidence.id == AssuranceReport.evidence_id)
        )
        query = self._in_scope(query, AssuranceReport.vendor_id, scope)
        for r, name, evidence, sha, n_exceptions, n_carve_outs, n_open, through in self._pages(
            query, AssuranceReport.id, chunk
        ):
            yield AssuranceLine(
                vendor_id=r.vendor_id,
                vendor=name,
                report_id=r.id,
                label=report_label(r.type, r.standard),
                auditor=r.auditor,
                opinion=r.opinion,
                period_start=r.period_start,
                period_end=r.period_end,
                issued_on=r.issued_on,
                expires_on=r.expires_on,
                currency_end=r.currency_end,
                bridged_through=through,
                covers_our_service=r.covers_our_service,
                exceptions=n_exceptions or 0,
                carve_outs=n_carve_outs or 0,
                open_obligations=n_open or 0,
                scope=r.scope,
                evidence=evidence,
                evidence_sha256=sha,
            )

    def report_obligations(
        self, scope: ReportScope, *, chunk: int = ROWS_PER_CHUNK
    ) -> Iterator[ObligationLine]:
        """Every obligation (CUEC) from the reports of the vendors in scope."""
        query = (
            select(
                Obligation,
                Vendor.name,
                AssuranceReport.vendor_id,
                AssuranceReport.type,
                AssuranceReport.standard,
            )
            .join(AssuranceReport, AssuranceReport.id == Obligation.report_id)
            .join(Vendor, Vendor.id == AssuranceReport.vendor_id)
        )
        query = self._in_scope(query, AssuranceReport.vendor_id, scope)
        for o, name, vendor_id, kind, standard in self._pages(query, Obligation.id, chunk):
            yield ObligationLine(
                vendor_id=vendor_id,
                vendor=name,
                report_id=o.report_id,
                report_label=report_label(kind, standard),
                obligation_id=o.id,
                control=o.control,
                description=o.description,
                owner=o.owner,
                status=str(o.status),
                note=o.note,
                updated_at=o.updated_at,
            )
