"""The practitioner's checklist over an assurance report (``domain.assurance.review_report``):
each failed rule is the vendor's finding, opened or updated; a rule that passes closes the
report's finding for it, and a newer report of a type supersedes the older one's."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vendor_review.domain import assurance as rules
from vendor_review.domain.assurance import (
    ObligationStatus,
    Opinion,
    ReportFacts,
    ReportType,
    SubserviceMethod,
)
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import dto
from vendor_review.service import finding_sync as sync
from vendor_review.service.base import ServiceBase
from vendor_review.service.report_register import REVIEW_POLICY, label_of, report_out, report_row
from vendor_review.store.models import Assessment, AssuranceReport, Finding

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


class ReportReviewOps(ServiceBase):
    def review_report(self, report_id: int) -> dto.ReportReview:
        """Run the practitioner's checklist over the report: each failed rule is the
        vendor's finding (opened or updated), the report's findings whose cause went are
        closed, and so are the findings of the vendor's older reports of the same type
        (superseded). Every rule is in the result, passed or with its finding."""
        with self._write() as s:
            report = report_row(s, report_id)
            facts = facts_of(report, self._assessed(s, report))
            today = self.today()
            drafts = rules.review_report(facts, today, REVIEW_POLICY)
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
            return dto.ReportReview(report=report_out(s, report.id), items=items, closed=closed)

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
