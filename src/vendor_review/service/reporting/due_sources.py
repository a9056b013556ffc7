"""The sources of the due list, each ONE Core query sorted by (due date, vendor name, id)
and streamed (``DueWindow.rows``): re-reviews at their date, after a vendor event or a
lapsed report; certificates and reports running out; findings past their date and risk
acceptances expired; vendors never assessed. ``reporting.schedule`` merges them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Date, func, select

from vendor_review.domain.assurance import ReportType, standard_name
from vendor_review.domain.cadence import VendorEventKind
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import OPEN_STATUSES, AssessmentStatus, FindingStatus
from vendor_review.service.due_items import DueItem, due_item, short_text
from vendor_review.service.reporting.scope import AnySelect, ReportScope, ScopedReads
from vendor_review.store.latest_decided import is_decided, latest_decided
from vendor_review.store.tables import (
    assessments,
    assurance_reports,
    findings,
    vendor_events,
    vendors,
)

NEEDS_TRIAGE = "needs triage"
APPROVED = AssessmentStatus.APPROVED.value


@dataclass(frozen=True)
class DueWindow:
    """What every source reads: the service's reads and the one read transaction the
    sources share, the vendors in scope, the day the list is as of, how far ahead it
    looks, and how many rows a batch holds."""

    reads: ScopedReads
    connection: Connection
    scope: ReportScope
    today: date
    until: date
    chunk: int

    def rows(self, query: AnySelect, vendor_id: Any, keys: tuple[Any, Any]) -> Iterator[Any]:
        """Rows of ``query`` for the vendors in scope by (``keys[0]``, vendor name,
        ``keys[1]``) in ONE ordered pass (the window and the sort computed once), fetched
        ``chunk`` rows at a time (a server-side cursor on PostgreSQL), so the list grows
        linearly with the portfolio; keyset pages re-ran the whole query per page (issue
        14). Names compare by code point, as Python sorts them (``COLLATE "C"`` on
        PostgreSQL)."""
        query = self.reads._in_scope(query, vendor_id, self.scope)
        due, ident = keys
        name = vendors.c.name.collate("C") if self.postgres else vendors.c.name
        ordered = query.order_by(due, name, ident)
        result = self.connection.execute(ordered.execution_options(yield_per=self.chunk))
        try:
            yield from result
        finally:
            result.close()

    @property
    def postgres(self) -> bool:
        return self.reads.db.backend == "postgresql"

    def day_of(self, moment: Any) -> Any:
        """The UTC calendar day of a stored timestamp, in SQL."""
        if self.postgres:
            return func.date(func.timezone("UTC", moment), type_=Date)
        return func.date(moment, type_=Date)


def _triage(vendor: Any) -> str | None:
    return NEEDS_TRIAGE if vendor.data_access is None or vendor.criticality is None else None


def _latest(*columns: str) -> Any:
    """Each vendor's latest decided assessment (``store.latest_decided``) with ``columns``
    and its rating."""
    return latest_decided("id", "status", "decided_at", "rating", *columns).subquery("latest")


def reviews_due(w: DueWindow) -> Iterator[DueItem]:
    latest = _latest("next_review_due")
    # The latest is read from ix_assessments_vendor_latest; the wide row is touched just
    # for the assessments that are due (their questionnaire).
    query = (
        select(latest, vendors.c.name, assessments.c.questionnaire_id)
        .join(vendors, vendors.c.id == latest.c.vendor_id)
        .join(assessments, assessments.c.id == latest.c.id)
        .where(
            latest.c.status.concat("") == APPROVED,
            latest.c.next_review_due <= w.until,
            vendors.c.offboarded.is_(False),
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


def events_due(w: DueWindow) -> Iterator[DueItem]:
    """Vendor events recorded after the latest approval: the re-review is due now."""
    latest = _latest()
    events = vendor_events.c
    query = (
        select(
            events.id,
            events.vendor_id,
            events.kind,
            events.occurred_on,
            events.recorded_on,
            events.note,
            latest.c.id.label("assessment_id"),
            latest.c.rating,
            vendors.c.name,
        )
        .join(vendors, vendors.c.id == events.vendor_id)
        .join(latest, latest.c.vendor_id == events.vendor_id)
        .where(
            latest.c.status.concat("") == APPROVED,
            events.recorded_at > latest.c.decided_at,
            events.recorded_on <= w.until,
            vendors.c.offboarded.is_(False),
        )
    )
    for r in w.rows(query, events.vendor_id, (events.recorded_on, events.id)):
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


def lapses_due(w: DueWindow) -> Iterator[DueItem]:
    """A vendor's newest report of a type (certificate, SOC report …) lapsed after its
    latest approval: what the approval relied on is gone, so the re-review is due now."""
    latest = _latest("next_review_due")
    newest = _newest_reports()
    query = (
        select(newest, latest.c.id.label("assessment_id"), latest.c.rating, vendors.c.name)
        .join(vendors, vendors.c.id == newest.c.vendor_id)
        .join(latest, latest.c.vendor_id == newest.c.vendor_id)
        .where(
            newest.c.rn == 1,
            newest.c.expires_on < w.today,
            latest.c.status.concat("") == APPROVED,
            latest.c.next_review_due > newest.c.expires_on,
            w.day_of(latest.c.decided_at) <= newest.c.expires_on,
            vendors.c.offboarded.is_(False),
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


def certificates_due(w: DueWindow) -> Iterator[DueItem]:
    newest = _newest_reports()
    query = (
        select(newest, vendors.c.name)
        .join(vendors, vendors.c.id == newest.c.vendor_id)
        .where(newest.c.rn == 1, newest.c.expires_on <= w.until, vendors.c.offboarded.is_(False))
    )
    for r in w.rows(query, newest.c.vendor_id, (newest.c.expires_on, newest.c.id)):
        level = standard_name(ReportType(r.type), r.standard)
        why = f"{report_name(r)} {lapse_verb(r, w.today)} {r.expires_on.isoformat()}"
        why += f" ({report_ref(r)})"
        yield due_item(w.today, r.expires_on, "certificate", r.vendor_id, r.name, why, r.id, level)


def findings_due(w: DueWindow) -> Iterator[DueItem]:
    """Open findings past their due date."""
    for f in _findings_by(w, FindingStatus.OPEN, findings.c.due_on):
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


def acceptances_expired(w: DueWindow) -> Iterator[DueItem]:
    """Risk-accepted findings whose acceptance expired: open again."""
    accepted = FindingStatus.RISK_ACCEPTED
    for f in _findings_by(w, accepted, findings.c.accepted_until):
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
    f = findings.c
    query = (
        select(f.id, f.vendor_id, f.severity, f.text, day.label("due"), vendors.c.name)
        .join(vendors, vendors.c.id == f.vendor_id)
        .where(f.status == status.value, day < w.today, vendors.c.offboarded.is_(False))
    )
    return w.rows(query, f.vendor_id, (day, f.id))


def never_assessed_due(w: DueWindow) -> Iterator[DueItem]:
    """Active vendors with no decided assessment, by the day they were added (then name),
    each with the assessment in progress, if any (its newest)."""
    grace = timedelta(days=w.reads.policy.candidate_grace_days)
    in_progress = (
        select(assessments.c.vendor_id, func.max(assessments.c.id).label("id"))
        .where(assessments.c.status.in_(OPEN_STATUSES))
        .group_by(assessments.c.vendor_id)
        .subquery("in_progress")
    )
    current = assessments.alias("current")
    query = (
        select(
            vendors.c.id,
            vendors.c.name,
            vendors.c.created_at,
            vendors.c.data_access,
            vendors.c.criticality,
            current.c.id.label("assessment_id"),
            current.c.status,
        )
        .outerjoin(in_progress, in_progress.c.vendor_id == vendors.c.id)
        .outerjoin(current, current.c.id == in_progress.c.id)
        .where(
            vendors.c.offboarded.is_(False),
            vendors.c.id.not_in(select(assessments.c.vendor_id).where(is_decided())),
        )
    )
    for r in w.rows(query, vendors.c.id, (w.day_of(vendors.c.created_at), vendors.c.id)):
        added = r.created_at.date()
        state = f"assessment #{r.assessment_id} is {r.status}" if r.assessment_id else None
        state = state or _triage(r)
        why = f"not yet decided ({state})" if state else "never assessed"
        if state == NEEDS_TRIAGE:
            why = f"{NEEDS_TRIAGE} (no data access or criticality yet)"
        yield due_item(
            w.today,
            added + grace,
            "never_assessed",
            r.id,
            r.name,
            f"{why}: added {added.isoformat()}, waiting {(w.today - added).days} days; "
            "assess before processing starts (GDPR Art. 28(1))",
            r.id,
            None,
        )


def _newest_reports() -> Any:
    """Each vendor's newest report of each type (by currency end) with its currency end
    as ``expires_on``: what the schedule watches (an older one is superseded)."""
    reports = assurance_reports.c
    return select(
        reports.id,
        reports.vendor_id,
        reports.type,
        reports.standard,
        reports.period_end,
        reports.currency_end.label("expires_on"),
        func.row_number()
        .over(
            partition_by=(reports.vendor_id, reports.type),
            order_by=(reports.currency_end.desc(), reports.id.desc()),
        )
        .label("rn"),
    ).subquery("newest")


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
