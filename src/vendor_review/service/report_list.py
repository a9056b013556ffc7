"""The register of assurance reports as Core queries on ``store.tables`` returning plain
dataclasses, so ``report list`` and ``cert list`` start without the ORM or pydantic (issue
14). ``dto.Report`` and ``dto.Certificate`` are these dataclasses, and every register row
the service returns is read by ``report_rows``."""

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
class Report:
    """One assurance report (or certificate) as the register shows it."""

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
class Certificate:
    """A report as the certificate register of before issue 12 shows it."""

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


def certificate_of(report: Report) -> Certificate:
    """A register row with an end of currency as a certificate."""
    assert report.currency_end is not None
    return Certificate(
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
) -> list[Report]:
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


def _row(r: Any) -> Report:
    kind = ReportType(r["type"])
    opinion = Opinion(r["opinion"]) if r["opinion"] is not None else None
    return Report(
        **{
            **r,
            "type": kind,
            "label": report_label(kind, r["standard"]),
            "opinion": opinion,
            "criteria": list(r["criteria"] or []),
        }
    )


class ReportListOps(ServiceBase):
    def list_reports(self, *, vendor: str | int | None = None) -> list[Report]:
        """The register: by vendor name, each vendor's newest first."""
        where: list[ColumnElement[bool]] = []
        if vendor is not None:
            where.append(assurance_reports.c.vendor_id == self._vendor_id(vendor))
        with self._connect() as connection:
            return report_rows(connection, *where)

    def list_certificates(
        self, *, vendor: str | int | None = None, expiring_by: date | None = None
    ) -> list[Certificate]:
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
    "Certificate",
    "Report",
    "ReportListOps",
    "certificate_of",
    "report_label",
    "report_rows",
]
