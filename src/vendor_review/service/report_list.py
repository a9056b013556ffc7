"""The register of assurance reports as Core queries on ``store.tables`` returning plain
dataclasses, so ``report list`` and ``cert list`` start without the ORM or pydantic (issue
14). Every reader of a report's register row goes through ``report_rows``: the service's
``dto.Report`` and ``dto.Certificate`` are these rows validated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.sql import ColumnElement

from vendor_review.domain.assurance import (
    LABELS,
    ObligationStatus,
    Opinion,
    ReportType,
    SubserviceMethod,
    standard_name,
)
from vendor_review.service.base import ServiceBase
from vendor_review.store.tables import (
    assurance_reports,
    obligations,
    report_bridges,
    report_exceptions,
    report_subservices,
    vendors,
)


@dataclass(frozen=True)
class ReportRow:
    """One assurance report (or certificate) as the register shows it: ``dto.Report``'s
    fields, in its order."""

    id: int
    vendor_id: int
    vendor_name: str
    type: ReportType
    label: str  # "SOC 2 Type II", or the standard a certificate was filed as
    standard: str | None
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


@dataclass(frozen=True)
class CertificateRow:
    """A report as the certificate register of before issue 12 shows it: ``dto.Certificate``'s
    fields, in its order."""

    id: int
    vendor_id: int
    vendor_name: str | None
    standard: str
    issuer: str | None
    scope: str | None
    issued_on: date | None
    period_end: date | None
    expires_on: date
    evidence_id: int | None
    version: int


def certificate_of(report: Any) -> CertificateRow:
    """A register row (``ReportRow`` or ``dto.Report``) with a currency end as a certificate."""
    assert report.currency_end is not None
    return CertificateRow(
        id=report.id,
        vendor_id=report.vendor_id,
        vendor_name=report.vendor_name,
        standard=standard_name(ReportType(report.type), report.standard),
        issuer=report.auditor,
        scope=report.scope,
        issued_on=report.issued_on,
        period_end=report.period_end,
        expires_on=report.currency_end,
        evidence_id=report.evidence_id,
        version=report.version,
    )


def report_label(kind: ReportType, standard: str | None) -> str:
    """ "SOC 2 Type II", or the standard a certificate was filed as."""
    return standard or LABELS[kind]


REGISTER_ORDER = (
    vendors.c.name,
    func.coalesce(assurance_reports.c.period_end, assurance_reports.c.issued_on).desc(),
    assurance_reports.c.id.desc(),
)
"""By vendor name, each vendor's newest report first."""
CERTIFICATE_ORDER = (assurance_reports.c.currency_end, assurance_reports.c.id)
"""Soonest end of currency first."""


def _count(table: Any, *where: ColumnElement[bool]) -> Any:
    return (
        select(func.count())
        .select_from(table)
        .where(table.c.report_id == assurance_reports.c.id, *where)
        .scalar_subquery()
    )


def report_rows(
    connection: Connection, *where: ColumnElement[bool], order: Any = REGISTER_ORDER
) -> list[ReportRow]:
    """The register's rows of the reports matching ``where``, with what each one's detail
    holds counted (exceptions, carve-outs, open obligations, the latest bridge letter)."""
    bridged = (
        select(func.max(report_bridges.c.through))
        .where(report_bridges.c.report_id == assurance_reports.c.id)
        .scalar_subquery()
    )
    carve_out = report_subservices.c.method == SubserviceMethod.CARVE_OUT.value
    query = (
        select(
            *assurance_reports.c,
            vendors.c.name.label("vendor_name"),
            bridged.label("bridged_through"),
            _count(report_exceptions).label("exceptions"),
            _count(report_subservices, carve_out).label("carve_outs"),
            _count(obligations, obligations.c.status == ObligationStatus.OPEN.value).label(
                "open_obligations"
            ),
        )
        .join(vendors, vendors.c.id == assurance_reports.c.vendor_id)
        .where(*where)
        .order_by(*order)
    )
    return [_row(r) for r in connection.execute(query).mappings()]


def _row(r: Any) -> ReportRow:
    kind = ReportType(r["type"])
    return ReportRow(
        id=r["id"],
        vendor_id=r["vendor_id"],
        vendor_name=r["vendor_name"],
        type=kind,
        label=report_label(kind, r["standard"]),
        standard=r["standard"],
        auditor=r["auditor"],
        accreditation_body=r["accreditation_body"],
        period_start=r["period_start"],
        period_end=r["period_end"],
        issued_on=r["issued_on"],
        expires_on=r["expires_on"],
        opinion=Opinion(r["opinion"]) if r["opinion"] is not None else None,
        scope=r["scope"],
        services=r["services"],
        sites=r["sites"],
        criteria=list(r["criteria"] or []),
        certificate_number=r["certificate_number"],
        evidence_id=r["evidence_id"],
        covers_our_service=r["covers_our_service"],
        currency_end=r["currency_end"],
        bridged_through=r["bridged_through"],
        exceptions=r["exceptions"],
        carve_outs=r["carve_outs"],
        open_obligations=r["open_obligations"],
        created_at=r["created_at"],
        version=r["version"],
    )


class ReportListOps(ServiceBase):
    def report_rows(self, *, vendor: str | int | None = None) -> list[ReportRow]:
        """The register: by vendor name, each vendor's newest first."""
        where: list[ColumnElement[bool]] = []
        if vendor is not None:
            where.append(assurance_reports.c.vendor_id == self._vendor_id(vendor))
        with self._connect() as connection:
            return report_rows(connection, *where)

    def certificate_rows(
        self, *, vendor: str | int | None = None, expiring_by: date | None = None
    ) -> list[CertificateRow]:
        """Every report with an end of currency as a certificate, soonest end first."""
        where: list[ColumnElement[bool]] = [assurance_reports.c.currency_end.is_not(None)]
        if vendor is not None:
            where.append(assurance_reports.c.vendor_id == self._vendor_id(vendor))
        if expiring_by is not None:
            where.append(assurance_reports.c.currency_end <= expiring_by)
        with self._connect() as connection:
            found = report_rows(connection, *where, order=CERTIFICATE_ORDER)
            return [certificate_of(r) for r in found]


__all__ = [
    "CertificateRow",
    "ReportListOps",
    "ReportRow",
    "certificate_of",
    "report_label",
    "report_rows",
]
