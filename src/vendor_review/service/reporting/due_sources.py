"""The sources of the due list, each ONE query sorted by (due date, vendor name, id) and
streamed in batches (``DueWindow.rows``): re-reviews at their date, after a vendor event or
a lapsed report; certificates and reports running out; findings past their date and risk
acceptances expired; vendors never assessed. ``reporting.schedule`` merges them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select

from vendor_review.domain.assurance import ReportType, standard_name
from vendor_review.domain.cadence import VendorEventKind
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import OPEN_STATUSES, AssessmentStatus, FindingStatus
from vendor_review.service import dto
from vendor_review.service.due_items import due_item, short_text
from vendor_review.service.reporting.rows import ReportScope
from vendor_review.service.reporting.scope import (
    AnySelect,
    ScopedReads,
    is_decided,
    latest_decided,
)
from vendor_review.store.models import (
    Assessment,
    AssuranceReport,
    Finding,
    Vendor,
    VendorEvent,
)

NEEDS_TRIAGE = "needs triage"
_DUE_COLUMNS = (
    Assessment.id,
    Assessment.status,
    Assessment.decided_at,
    Assessment.next_review_due,
)
"""What the re-review sources read of each vendor's latest decided assessment (all in
the covering index ``ix_assessments_vendor_latest``)."""


@dataclass(frozen=True)
class DueWindow:
    """What every source reads: the service's reads, the vendors in scope, the day the list
    is as of, how far ahead it looks, and how many rows a batch holds."""

    reads: ScopedReads
    scope: ReportScope
    today: date
    until: date
    chunk: int

    def rows(self, query: AnySelect, vendor_id: Any, keys: tuple[Any, Any]) -> Iterator[Any]:
        """Rows of ``query`` for the vendors in scope by (due date, vendor name, id) in ONE
        ordered pass (the window and the sort computed once), streamed ``chunk`` rows at a
        time from one read transaction (a server-side cursor on PostgreSQL), so the list
        grows linearly with the portfolio; keyset pages re-ran the whole query per page
        (issue 14). Names compare by code point, as Python sorts them (``COLLATE "C"`` on
        PostgreSQL)."""
        query = self.reads._in_scope(query, vendor_id, self.scope)
        due, ident = keys
        postgres = self.reads.db.backend == "postgresql"
        name = Vendor.name.collate("C") if postgres else Vendor.name
        with self.reads._read() as s:
            ordered = query.order_by(due, name, ident)
            result = s.execute(ordered.execution_options(yield_per=self.chunk))
            try:
                yield from result
            finally:
                result.close()


def _triage(vendor: Any) -> str | None:
    return NEEDS_TRIAGE if vendor.data_access is None or vendor.criticality is None else None


def reviews_due(w: DueWindow) -> Iterator[dto.DueItem]:
    latest = latest_decided(*_DUE_COLUMNS)
    # The ranking reads only indexed columns (ix_assessments_vendor_latest); the wide
    # row (snapshot and all) is touched just for the assessments that are due.
    query = (
        select(latest, Vendor.name, Assessment.questionnaire_id)
        .join(Vendor, Vendor.id == latest.c.vendor_id)
        .join(Assessment, Assessment.id == latest.c.id)
        .where(
            latest.c.rn == 1,
            latest.c.status == AssessmentStatus.APPROVED.value,
            latest.c.next_review_due <= w.until,
            Vendor.offboarded.is_(False),
        )
    )
    for r in w.rows(query, latest.c.vendor_id, (latest.c.next_review_due, latest.c.id)):
        decided = r.decided_at.date().isoformat() if r.decided_at else "?"
        yield due_item(
            w.today,
            r.next_review_due,
            "review",
            r.vendor_id,
            r.name,
            f"re-review due: rated {r.rating}, approved {decided} "
            f"({r.questionnaire_id}, assessment #{r.id})",
            r.id,
            r.rating,
        )


def events_due(w: DueWindow) -> Iterator[dto.DueItem]:
    """Vendor events recorded after the latest approval: the re-review is due now."""
    latest = latest_decided(*_DUE_COLUMNS)
    query = (
        select(
            VendorEvent.id,
            VendorEvent.vendor_id,
            VendorEvent.kind,
            VendorEvent.occurred_on,
            VendorEvent.recorded_on,
            VendorEvent.note,
            latest.c.id.label("assessment_id"),
            latest.c.rating,
            Vendor.name,
        )
        .join(Vendor, Vendor.id == VendorEvent.vendor_id)
        .join(latest, and_(latest.c.vendor_id == VendorEvent.vendor_id, latest.c.rn == 1))
        .where(
            latest.c.status == AssessmentStatus.APPROVED.value,
            VendorEvent.recorded_at > latest.c.decided_at,
            VendorEvent.recorded_on <= w.until,
            Vendor.offboarded.is_(False),
        )
    )
    for r in w.rows(query, VendorEvent.vendor_id, (VendorEvent.recorded_on, VendorEvent.id)):
        label = VendorEventKind(r.kind).label
        note = f": {short_text(r.note, 60)}" if r.note else ""
        yield due_item(
            w.today,
            r.recorded_on,
            "review",
            r.vendor_id,
            r.name,
            f"re-review due now: {label} on {r.occurred_on.isoformat()}{note} "
            f"(event #{r.id}, after assessment #{r.assessment_id})",
            r.assessment_id,
            r.rating,
        )


def lapses_due(w: DueWindow) -> Iterator[dto.DueItem]:
    """A vendor's newest report of a type (certificate, SOC report …) lapsed after its
    latest approval: what the approval relied on is gone, so the re-review is due now."""
    latest = latest_decided(*_DUE_COLUMNS)
    newest = _newest_reports()
    query = (
        select(newest, latest.c.id.label("assessment_id"), latest.c.rating, Vendor.name)
        .join(Vendor, Vendor.id == newest.c.vendor_id)
        .join(latest, and_(latest.c.vendor_id == newest.c.vendor_id, latest.c.rn == 1))
        .where(
            newest.c.rn == 1,
            newest.c.expires_on < w.today,
            latest.c.status == AssessmentStatus.APPROVED.value,
            latest.c.next_review_due > newest.c.expires_on,
            _day_of(w, latest.c.decided_at) <= newest.c.expires_on,
            Vendor.offboarded.is_(False),
        )
    )
    for r in w.rows(query, newest.c.vendor_id, (newest.c.expires_on, newest.c.id)):
        yield due_item(
            w.today,
            r.expires_on,
            "review",
            r.vendor_id,
            r.name,
            f"re-review due now: {report_name(r)} lapsed "
            f"{r.expires_on.isoformat()} ({report_ref(r)}, after assessment "
            f"#{r.assessment_id})",
            r.assessment_id,
            r.rating,
        )


def _day_of(w: DueWindow, moment: Any) -> Any:
    """The UTC calendar day of a stored timestamp, in SQL."""
    if w.reads.db.backend == "sqlite":
        return func.date(moment)
    return func.date(func.timezone("UTC", moment))


def certificates_due(w: DueWindow) -> Iterator[dto.DueItem]:
    newest = _newest_reports()
    query = (
        select(newest, Vendor.name)
        .join(Vendor, Vendor.id == newest.c.vendor_id)
        .where(newest.c.rn == 1, newest.c.expires_on <= w.until, Vendor.offboarded.is_(False))
    )
    for r in w.rows(query, newest.c.vendor_id, (newest.c.expires_on, newest.c.id)):
        level = standard_name(ReportType(r.type), r.standard)
        why = f"{report_name(r)} {lapse_verb(r, w.today)} {r.expires_on.isoformat()}"
        why += f" ({report_ref(r)})"
        yield due_item(w.today, r.expires_on, "certificate", r.vendor_id, r.name, why, r.id, level)


def findings_due(w: DueWindow) -> Iterator[dto.DueItem]:
    """Open findings past their due date."""
    for f in _findings_by(w, FindingStatus.OPEN, Finding.due_on):
        yield due_item(
            w.today,
            f.due or w.today,
            "finding",
            f.vendor_id,
            f.name,
            f"{f.severity} finding #{f.id} open past its due date: {short_text(f.text)}",
            f.id,
            f.severity,
        )


def acceptances_expired(w: DueWindow) -> Iterator[dto.DueItem]:
    """Risk-accepted findings whose acceptance expired: open again."""
    accepted = FindingStatus.RISK_ACCEPTED
    for f in _findings_by(w, accepted, Finding.accepted_until):
        yield due_item(
            w.today,
            f.due,
            "finding",
            f.vendor_id,
            f.name,
            f"{f.severity} finding #{f.id} open again: its risk acceptance expired "
            f"{f.due.isoformat()}: {short_text(f.text)}",
            f.id,
            f.severity,
        )


def _findings_by(w: DueWindow, status: FindingStatus, day: Any) -> Iterator[Any]:
    """The findings in ``status`` whose date column ``day`` (as ``due``) is before
    ``today``, of vendors in scope, by that date."""
    query = (
        select(
            Finding.id,
            Finding.vendor_id,
            Finding.severity,
            Finding.text,
            day.label("due"),
            Vendor.name,
        )
        .join(Vendor, Vendor.id == Finding.vendor_id)
        .where(Finding.status == status.value, day < w.today, Vendor.offboarded.is_(False))
    )
    return w.rows(query, Finding.vendor_id, (day, Finding.id))


def never_assessed_due(w: DueWindow) -> Iterator[dto.DueItem]:
    """Vendors by the day they were added, each day's by name (a day's vendors are
    held while they are sorted: bounded by how many are added in one day)."""
    grace = timedelta(days=w.reads.policy.candidate_grace_days)
    days = itertools.groupby(_unassessed(w), key=lambda v: v[2].date())
    for added, vendors in days:
        for vendor_id, name, _, state in sorted(vendors, key=lambda v: (v[1], v[0])):
            why = f"not yet decided ({state})" if state else "never assessed"
            if state == NEEDS_TRIAGE:
                why = f"{NEEDS_TRIAGE} (no data access or criticality yet)"
            yield due_item(
                w.today,
                added + grace,
                "never_assessed",
                vendor_id,
                name,
                f"{why}: added {added.isoformat()}, waiting {(w.today - added).days} days; "
                "assess before processing starts (GDPR Art. 28(1))",
                vendor_id,
                None,
            )


def _unassessed(w: DueWindow) -> Iterator[tuple[Any, ...]]:
    """(id, name, created at, open assessment) of active vendors with no decided
    assessment, by creation time."""
    decided = select(Assessment.vendor_id).where(is_decided())
    base = select(
        Vendor.id, Vendor.name, Vendor.created_at, Vendor.data_access, Vendor.criticality
    ).where(Vendor.offboarded.is_(False), Vendor.id.not_in(decided))
    base = w.reads._in_scope(base, Vendor.id, w.scope)
    last: tuple[Any, int] | None = None
    while True:
        query = base.order_by(Vendor.created_at, Vendor.id).limit(w.chunk)
        if last is not None:
            query = query.where(
                or_(
                    Vendor.created_at > last[0],
                    and_(Vendor.created_at == last[0], Vendor.id > last[1]),
                )
            )
        with w.reads._read() as s:
            rows = s.execute(query).all()
            states = {
                vendor_id: f"assessment #{aid} is {status}"
                for vendor_id, aid, status in s.execute(
                    select(Assessment.vendor_id, Assessment.id, Assessment.status)
                    .where(
                        Assessment.vendor_id.in_([r.id for r in rows]),
                        Assessment.status.in_(OPEN_STATUSES),
                    )
                    .order_by(Assessment.id)
                )
            }
        if not rows:
            return
        for r in rows:
            yield r.id, r.name, r.created_at, states.get(r.id) or _triage(r)
        last = (rows[-1].created_at, rows[-1].id)


def _newest_reports() -> Any:
    """Each vendor's newest report of each type (by currency end) with its currency end
    as ``expires_on``: what the schedule watches (an older one is superseded)."""
    return select(
        AssuranceReport.id,
        AssuranceReport.vendor_id,
        AssuranceReport.type,
        AssuranceReport.standard,
        AssuranceReport.period_end,
        AssuranceReport.currency_end.label("expires_on"),
        func.row_number()
        .over(
            partition_by=(AssuranceReport.vendor_id, AssuranceReport.type),
            order_by=(AssuranceReport.currency_end.desc(), AssuranceReport.id.desc()),
        )
        .label("rn"),
    ).subquery()


def report_name(r: Any) -> str:
    """ "ISO 27001 certificate", "SOC 2 Type II report" as the due list names it."""
    kind = ReportType(r.type)
    name = standard_name(kind, r.standard)
    noun = "report" if _is_period(r) else "certificate"
    return name if noun in name.casefold() else f"{name} {noun}"


def _is_period(r: Any) -> bool:
    """A SOC report current for a time after its period (rather than until an expiry)."""
    return ReportType(r.type).is_soc and r.period_end is not None


def lapse_verb(r: Any, today: date) -> str:
    """A certificate expires; a SOC report lapses (its period's end + 12 months, or the
    bridge letter's date)."""
    past = r.expires_on < today
    if _is_period(r):
        return "lapsed" if past else "lapses"
    return "expired" if past else "expires"


def report_ref(r: Any) -> str:
    """What the item points at; a SOC report's says where its currency comes from."""
    if not _is_period(r):
        return f"certificate #{r.id}"
    bridged = r.expires_on > add_months(r.period_end, 12)
    basis = "bridge letter" if bridged else f"period ended {r.period_end.isoformat()}"
    return f"report #{r.id}, {basis}"
