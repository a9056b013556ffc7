"""What an assurance report says (issue 12): the exceptions the auditor found, the
subservice organisations it names, the complementary user-entity controls it expects of
us, bridge letters, and whether it covers the service we use.

A subservice organisation becomes a link vendor → subprocessor (matched to a vendor by
its name key, else created as an untriaged candidate); a user-entity control becomes one
of our obligations (``service.obligations``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from vendor_review.domain.assurance import ObligationStatus, SubserviceMethod
from vendor_review.domain.enums import VendorKind
from vendor_review.domain.names import name_key
from vendor_review.service import dto
from vendor_review.service.base import row_dict
from vendor_review.service.errors import ValidationError
from vendor_review.service.evidence import EvidenceOps
from vendor_review.service.report_input import clean, required
from vendor_review.service.report_register import (
    label_of,
    obligation_out,
    report_out,
    report_row,
    subservice_out,
)
from vendor_review.service.vendors import VendorOps
from vendor_review.store.models import (
    AssuranceReport,
    Obligation,
    ReportBridge,
    ReportException,
    ReportSubservice,
    Vendor,
)


def link_source(report: AssuranceReport, method: SubserviceMethod) -> str:
    """What a subservice's link says of where it came from."""
    return f"from {label_of(report)} report #{report.id} ({method.value})"


class ReportContentOps(EvidenceOps, VendorOps):
    def add_report_exception(
        self, report_id: int, *, control: str, description: str, response: str | None = None
    ) -> dto.ReportExceptionRow:
        """An exception the auditor found, with management's response if it gave one.
        The same control again updates the report's exception for it (e.g. the response
        added later, which lowers the finding's severity at the next review)."""
        control = required(control, "control", 100)
        description = required(description, "description", 20_000, multiline=True)
        response = clean(response, "response", 20_000, multiline=True)
        with self._write() as s:
            report = report_row(s, report_id)
            row = next((e for e in report.exceptions if e.control == control), None)
            if row is None:
                row = ReportException(
                    report_id=report.id,
                    control=control,
                    description=description,
                    response=response,
                    created_at=self.now(),
                )
                s.add(row)
                s.flush()
                self._audit(s, "report.exception", "report_exception", row.id, None,
                            row_dict(row))  # fmt: skip
            else:
                before = row_dict(row)
                row.description = description
                row.response = response if response is not None else row.response
                s.flush()
                self._audit(s, "report.exception_update", "report_exception", row.id, before,
                            row_dict(row))  # fmt: skip
            return dto.ReportExceptionRow.model_validate(row)

    def add_report_subservice(
        self,
        report_id: int,
        name: str,
        *,
        method: SubserviceMethod,
        purpose: str | None = None,
    ) -> dto.ReportSubserviceRow:
        """A subservice organisation the report names: a link vendor → subprocessor to
        the vendor of that name key, or to a new untriaged candidate vendor."""
        name = required(name, "name", 200)
        purpose = clean(purpose, "purpose", 20_000, multiline=True)
        method = SubserviceMethod(method)
        with self._write() as s:
            report = report_row(s, report_id)
            source = link_source(report, method)
            child = s.scalars(
                select(Vendor).where(Vendor.name_key == name_key(name)).order_by(Vendor.id)
            ).first()
            created = child is None
            if child is None:
                child = self._create_vendor(
                    s,
                    dto.VendorIn(name=name, kind=VendorKind.SUBCONTRACTOR, purpose=purpose),
                    source,
                )
            link = self._link_of(s, report.vendor, child)
            if link is None:
                link = self._link(
                    s, report.vendor, child, None, purpose=purpose,
                    reason=source.removeprefix("from "), source=source,
                )  # fmt: skip
            elif link.ended_on is not None:
                self._ensure_link(s, report.vendor, child)
            row = ReportSubservice(
                report_id=report.id,
                name=name,
                method=method.value,
                purpose=purpose,
                vendor_id=child.id,
                link_id=link.id,
                created_candidate=created,
                created_at=self.now(),
            )
            s.add(row)
            s.flush()
            self._audit(s, "report.subservice", "report_subservice", row.id, None, row_dict(row))
            return subservice_out(s, row)

    def add_report_cuec(
        self, report_id: int, *, control: str, description: str, owner: str | None = None
    ) -> dto.Obligation:
        """A complementary user-entity control: one of our obligations, open."""
        row = Obligation(
            control=required(control, "control", 100),
            description=required(description, "description", 20_000, multiline=True),
            owner=clean(owner, "owner", 200),
            status=ObligationStatus.OPEN.value,
        )
        with self._write() as s:
            report = report_row(s, report_id)
            row.report_id = report.id
            row.updated_by = self.actor
            row.updated_at = self.now()
            s.add(row)
            s.flush()
            self._audit(s, "obligation.add", "obligation", row.id, None, row_dict(row))
            return obligation_out(s, row.id)

    def add_report_bridge(
        self,
        report_id: int,
        *,
        through: date,
        evidence_path: Path | None = None,
        evidence: tuple[bytes, str] | None = None,
    ) -> dto.ReportBridgeRow:
        """A bridge letter covering from the period's end through ``through``: the report
        is current until then at least."""
        evidence = self._given_evidence(evidence_path, evidence)
        with self._write() as s:
            report = report_row(s, report_id)
            if report.period_end is not None and through <= report.period_end:
                raise ValidationError(
                    f"a bridge letter covers after the period's end ({report.period_end}); "
                    f"{through} is not after it",
                    {"through": "not after the period"},
                )
            stored = self._evidence_from(s, evidence)
            row = ReportBridge(
                report_id=report.id,
                through=through,
                evidence_id=stored.id if stored else None,
                created_at=self.now(),
            )
            s.add(row)
            s.flush()
            self._audit(s, "report.bridge", "report_bridge", row.id, None, row_dict(row))
            if report.currency_end is None or through > report.currency_end:
                before = row_dict(report)
                report.currency_end = through
                s.flush()
                self._audit(
                    s, "report.currency", "report", report.id, before, row_dict(report),
                    f"bridge letter #{row.id} covers through {through}",
                )  # fmt: skip
            return dto.ReportBridgeRow.model_validate(row)

    def set_report_coverage(self, report_id: int, covers_our_service: bool) -> dto.Report:
        """The reviewer's answer: does the report cover the service and sites we use?"""
        with self._write() as s:
            report = report_row(s, report_id)
            before = row_dict(report)
            report.covers_our_service = bool(covers_our_service)
            s.flush()
            self._audit(s, "report.coverage", "report", report.id, before, row_dict(report))
            return report_out(s, report.id)
