"""Assurance reports (issue 12): the register of SOC reports, ISO certificates, PCI AoCs
and pentests; what each says (exceptions, subservice organisations, bridge letters, the
user-entity controls it expects of us) and the practitioner's checklist over it
(``domain.assurance.review_report``), whose failed rules are the vendor's findings.

A subservice organisation becomes a link vendor → subprocessor (matched to a vendor by
its name key, else created as an untriaged candidate); a user-entity control becomes one
of our obligations (``service.obligations``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vendor_review.domain import assurance as rules
from vendor_review.domain.assurance import (
    ObligationStatus,
    Opinion,
    ReportFacts,
    ReportType,
    SubserviceMethod,
    kept_standard,
)
from vendor_review.domain.enums import AssessmentStatus, CertificateStandard, VendorKind
from vendor_review.domain.names import name_key
from vendor_review.domain.text_rules import text_problem
from vendor_review.service import dto
from vendor_review.service import finding_sync as sync
from vendor_review.service.base import row_dict
from vendor_review.service.errors import NotFoundError, ValidationError
from vendor_review.service.evidence import EvidenceOps
from vendor_review.service.vendors import VendorOps
from vendor_review.store.models import (
    Assessment,
    AssuranceReport,
    Finding,
    Obligation,
    ReportBridge,
    ReportException,
    ReportSubservice,
    Vendor,
)

CRITERIA = ("security", "availability", "processing-integrity", "confidentiality", "privacy")
"""The trust services criteria a SOC 2 report may cover."""

RULES = ("opinion", "scope", "currency", "exceptions", "carve-outs", "cuecs")
"""The checklist's rules, in the order it is shown."""

_RULE_OF = {
    "opinion": "opinion",
    "scope": "scope",
    "currency": "currency",
    "gap": "currency",
    "exception": "exceptions",
    "carve-out": "carve-outs",
    "cuec": "cuecs",
}


def rule_of(cause: str) -> str:
    """The checklist rule of a domain cause (``report:exception:CC6.1`` → exceptions)."""
    return _RULE_OF.get(cause.removeprefix("report:").split(":", 1)[0], "other")


def clean(value: str | None, field: str, limit: int, *, multiline: bool = False) -> str | None:
    """Input text stripped (empty → None), refused when too long or breaking the text
    rule of ``domain.text_rules``."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise ValidationError(f"{field}: {problem}", {field: problem})
    if len(value) > limit:
        raise ValidationError(
            f"{field} is {len(value)} characters, over the limit of {limit}",
            {field: "too long"},
        )
    return value


def required(value: str | None, field: str, limit: int, *, multiline: bool = False) -> str:
    out = clean(value, field, limit, multiline=multiline)
    if out is None:
        raise ValidationError(f"{field} is required", {field: "required"})
    return out


def link_source(report: AssuranceReport, method: SubserviceMethod) -> str:
    """What a subservice's link says of where it came from."""
    return f"from {label_of(report)} report #{report.id} ({method.value})"


def label_of(report: AssuranceReport) -> str:
    kind = ReportType(report.type)
    return report.standard or rules.LABELS[kind]


def facts_of(report: AssuranceReport, assessed: set[int] | None = None) -> ReportFacts:
    """The domain's view of a stored report (``assessed``: vendors with a decided
    assessment, which makes a carved-out subservice organisation assessed)."""
    assessed = assessed or set()
    return ReportFacts(
        type=ReportType(report.type),
        period_start=report.period_start,
        period_end=report.period_end,
        issued_on=report.issued_on,
        expires_on=report.expires_on,
        opinion=Opinion(report.opinion) if report.opinion else None,
        covers_our_service=report.covers_our_service,
        exceptions=tuple(
            rules.ReportException(e.control, e.description, e.response) for e in report.exceptions
        ),
        subservices=tuple(
            rules.Subservice(
                sub.name, SubserviceMethod(sub.method), assessed=sub.vendor_id in assessed
            )
            for sub in report.subservices
        ),
        cuecs=tuple(
            rules.Cuec(o.control, o.description, o.owner, ObligationStatus(o.status))
            for o in report.obligations
        ),
        bridged_through=tuple(b.through for b in report.bridges),
    )


def check_dates(
    kind: ReportType,
    *,
    strict: bool = True,
    period_start: date | None,
    period_end: date | None,
    issued_on: date | None,
    expires_on: date | None,
) -> None:
    """SOC reports need their period's end, ISO/PCI certificates issued and expiry
    dates (``strict``); every pair in order."""
    label = rules.LABELS[kind]
    article = "an" if label[0] in "AEIOU" else "a"
    if strict and kind.is_soc and period_end is None:
        raise ValidationError(
            f"a {label} report needs the start and end dates of its audit period",
            {"period_end": "required"},
        )
    if strict and kind.is_certificate and (issued_on is None or expires_on is None):
        raise ValidationError(
            f"{article} {label} needs its issue and expiry dates",
            {"expires_on": "required"},
        )
    if period_start and period_end and period_start > period_end:
        raise ValidationError(
            f"the period cannot end ({period_end}) before it starts ({period_start})",
            {"period_end": "before the start"},
        )
    if issued_on and expires_on and issued_on > expires_on:
        raise ValidationError(
            f"a certificate cannot expire ({expires_on}) before it is issued ({issued_on})",
            {"expires_on": "before issued"},
        )


def check_criteria(criteria: Sequence[str]) -> list[str]:
    out: list[str] = []
    for item in criteria:
        value = item.strip().casefold().replace(" ", "-")
        if not value:
            continue
        if value not in CRITERIA:
            raise ValidationError(
                f"unknown trust services criterion {item!r} (known: {', '.join(CRITERIA)})",
                {"criteria": "unknown"},
            )
        if value not in out:
            out.append(value)
    return out


class ReportOps(VendorOps, EvidenceOps):
    # --- the register -------------------------------------------------------------------

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
                self._review_policy(),
            )
            s.add(report)
            s.flush()
            action = "report.add" if strict else "certificate.add"
            self._audit(s, action, "report", report.id, None, row_dict(report))
            return self._report_out(s, report, vendor.name)

    def list_reports(self, *, vendor: str | int | None = None) -> list[dto.Report]:
        """The register: by vendor name, each vendor's newest first."""
        with self._read() as s:
            query = (
                select(AssuranceReport, Vendor.name)
                .join(Vendor, Vendor.id == AssuranceReport.vendor_id)
                .order_by(
                    Vendor.name,
                    func.coalesce(AssuranceReport.period_end, AssuranceReport.issued_on).desc(),
                    AssuranceReport.id.desc(),
                )
            )
            if vendor is not None:
                query = query.where(AssuranceReport.vendor_id == self._vendor(s, vendor).id)
            return [self._report_out(s, r, name) for r, name in s.execute(query)]

    def get_report(self, report_id: int) -> dto.ReportDetail:
        with self._read() as s:
            report = self._report(s, report_id)
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
                report=self._report_out(s, report, report.vendor.name),
                exceptions=[dto.ReportExceptionRow.model_validate(e) for e in report.exceptions],
                subservices=[self._subservice_out(s, sub) for sub in report.subservices],
                obligations=[self._obligation_out(o, report) for o in report.obligations],
                bridges=[dto.ReportBridgeRow.model_validate(b) for b in report.bridges],
                findings=[
                    dto.Finding.model_validate(f).model_copy(
                        update={"vendor_name": report.vendor.name}
                    )
                    for f in findings
                ],
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
            return [self._report_out(s, r, vendor.name) for r in rows]

    # --- what a report says -------------------------------------------------------------

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
            report = self._report(s, report_id)
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
            report = self._report(s, report_id)
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
            return self._subservice_out(s, row)

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
            report = self._report(s, report_id)
            row.report_id = report.id
            row.updated_by = self.actor
            row.updated_at = self.now()
            s.add(row)
            s.flush()
            self._audit(s, "obligation.add", "obligation", row.id, None, row_dict(row))
            return self._obligation_out(row, report)

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
            report = self._report(s, report_id)
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
            report = self._report(s, report_id)
            before = row_dict(report)
            report.covers_our_service = bool(covers_our_service)
            s.flush()
            self._audit(s, "report.coverage", "report", report.id, before, row_dict(report))
            return self._report_out(s, report, report.vendor.name)

    # --- the checklist ------------------------------------------------------------------

    def review_report(self, report_id: int) -> dto.ReportReview:
        """Run the practitioner's checklist over the report: each failed rule is the
        vendor's finding (opened or updated), the report's findings whose cause went are
        closed, and so are the findings of the vendor's older reports of the same type
        (superseded). Every rule is in the result, passed or with its finding."""
        with self._write() as s:
            report = self._report(s, report_id)
            facts = facts_of(report, self._assessed(s, report))
            today = self.today()
            drafts = rules.review_report(facts, today, self._review_policy())
            why = f"review of {label_of(report)} report #{report.id}"
            ids, closed = sync.sync_report(
                self, s, vendor_id=report.vendor_id, report_id=report.id, drafts=drafts, why=why
            )
            closed += self._close_superseded(s, report)
            items = [
                dto.ReviewItem(
                    rule=rule_of(d.cause),
                    passed=False,
                    severity=d.severity,
                    text=d.text,
                    cause=sync.report_cause(report.id, d.cause),
                    finding_id=ids[sync.report_cause(report.id, d.cause)],
                )
                for d in drafts
            ]
            failed = {item.rule for item in items}
            items += [
                dto.ReviewItem(
                    rule=rule,
                    passed=True,
                    severity=None,
                    text=_passed_text(rule, report, facts, today),
                    cause=None,
                    finding_id=None,
                )
                for rule in RULES
                if rule not in failed
            ]
            items.sort(key=lambda item: RULES.index(item.rule) if item.rule in RULES else 99)
            self._audit(
                s, "report.review", "report", report.id, None,
                {"failed": sorted(ids), "closed": closed}, why,
            )  # fmt: skip
            return dto.ReportReview(
                report=self._report_out(s, report, report.vendor.name), items=items, closed=closed
            )

    def _close_superseded(self, s: Session, report: AssuranceReport) -> list[int]:
        """Findings of the vendor's older reports of this type: the newer one supersedes."""
        older = select(AssuranceReport.id).where(
            AssuranceReport.vendor_id == report.vendor_id,
            AssuranceReport.type == report.type,
            AssuranceReport.id != report.id,
            func.coalesce(AssuranceReport.currency_end, date.min)
            <= (report.currency_end or date.min),
        )
        closed: list[int] = []
        for old_id in s.scalars(older):
            for finding in s.scalars(
                select(Finding)
                .where(
                    Finding.vendor_id == report.vendor_id,
                    Finding.status.in_(sync.ACTIVE),
                    Finding.cause.startswith(sync.report_prefix(old_id), autoescape=True),
                )
                .order_by(Finding.id)
            ):
                closed.append(
                    sync.close_gone(
                        self, s, finding, f"superseded by {label_of(report)} report #{report.id}"
                    )
                )
        return closed

    @staticmethod
    def _assessed(s: Session, report: AssuranceReport) -> set[int]:
        """The subservice vendors with a decided assessment of their own."""
        ids = {sub.vendor_id for sub in report.subservices if sub.vendor_id is not None}
        if not ids:
            return set()
        decided = (AssessmentStatus.APPROVED.value, AssessmentStatus.REJECTED.value)
        return set(
            s.scalars(
                select(Assessment.vendor_id).where(
                    Assessment.vendor_id.in_(ids), Assessment.status.in_(decided)
                )
            )
        )

    def _review_policy(self) -> rules.ReviewPolicy:
        return rules.ReviewPolicy()

    # --- reads shared -------------------------------------------------------------------

    @staticmethod
    def _report(s: Session, report_id: int) -> AssuranceReport:
        report = s.get(AssuranceReport, report_id)
        if report is None:
            raise NotFoundError(f"no report #{report_id}")
        return report

    @staticmethod
    def _report_out(s: Session, report: AssuranceReport, vendor_name: str) -> dto.Report:
        kind = ReportType(report.type)
        bridged = max((b.through for b in report.bridges), default=None)
        return dto.Report(
            id=report.id,
            vendor_id=report.vendor_id,
            vendor_name=vendor_name,
            type=kind,
            label=label_of(report),
            standard=report.standard,
            auditor=report.auditor,
            accreditation_body=report.accreditation_body,
            period_start=report.period_start,
            period_end=report.period_end,
            issued_on=report.issued_on,
            expires_on=report.expires_on,
            opinion=Opinion(report.opinion) if report.opinion else None,
            scope=report.scope,
            services=report.services,
            sites=report.sites,
            criteria=list(report.criteria or []),
            certificate_number=report.certificate_number,
            evidence_id=report.evidence_id,
            covers_our_service=report.covers_our_service,
            currency_end=report.currency_end,
            bridged_through=bridged,
            exceptions=len(report.exceptions),
            carve_outs=sum(
                1 for sub in report.subservices if sub.method == SubserviceMethod.CARVE_OUT
            ),
            open_obligations=sum(
                1 for o in report.obligations if o.status == ObligationStatus.OPEN
            ),
            created_at=report.created_at,
            version=report.version,
        )

    @staticmethod
    def _subservice_out(s: Session, row: ReportSubservice) -> dto.ReportSubserviceRow:
        vendor = s.get(Vendor, row.vendor_id) if row.vendor_id is not None else None
        return dto.ReportSubserviceRow(
            id=row.id,
            report_id=row.report_id,
            name=row.name,
            method=SubserviceMethod(row.method),
            purpose=row.purpose,
            vendor_id=row.vendor_id,
            vendor_name=vendor.name if vendor else None,
            link_id=row.link_id,
            created_candidate=row.created_candidate,
        )

    @staticmethod
    def _obligation_out(row: Obligation, report: AssuranceReport) -> dto.Obligation:
        return dto.Obligation(
            id=row.id,
            report_id=row.report_id,
            vendor_id=report.vendor_id,
            vendor_name=report.vendor.name,
            control=row.control,
            description=row.description,
            owner=row.owner,
            status=ObligationStatus(row.status),
            note=row.note,
            evidence_id=row.evidence_id,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            version=row.version,
        )


def _passed_text(rule: str, report: AssuranceReport, facts: ReportFacts, today: date) -> str:
    """What a passed rule found (shown in the checklist)."""
    if rule == "opinion":
        return (
            f"opinion {report.opinion}" if report.opinion else "no opinion recorded (not checked)"
        )
    if rule == "scope":
        if report.covers_our_service:
            return "covers the service and sites we use (reviewer's answer)"
        return "coverage of our service not answered yet (report coverage ID --covers yes|no)"
    if rule == "currency":
        end = rules.currency_end(facts) or report.currency_end
        return f"current until {end.isoformat()}" if end else "no currency dates"
    if rule == "exceptions":
        return "no exceptions"
    if rule == "carve-outs":
        carved = [s.name for s in facts.subservices if s.method is SubserviceMethod.CARVE_OUT]
        return (
            "carved-out subservice organisations assessed: " + ", ".join(carved)
            if carved
            else "no carved-out subservice organisations"
        )
    owned = len(facts.cuecs)
    return f"every user-entity control owned ({owned})" if owned else "no user-entity controls"
