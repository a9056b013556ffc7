"""The dashboard's figures in one read: counts only, each answered by an index, so the
terminal app's first screen costs the same at 10 vendors and at 10,000 (DESIGN §9).

The counts follow the same rules as the lists they open: ratings as the vendor list shows
them, re-reviews and certificates as ``due_list`` finds them, findings as ``list_findings``
(open, any vendor).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, case, func, literal, select
from sqlalchemy.orm import Session

from vendor_review.domain.assurance import ObligationStatus
from vendor_review.domain.enums import (
    AssessmentStatus,
    FindingStatus,
    Rating,
    Severity,
    VendorKind,
    VendorStatus,
)
from vendor_review.service import dto
from vendor_review.service import vendor_query as vq
from vendor_review.service.due import DueOps
from vendor_review.store.models import (
    Assessment,
    AssuranceReport,
    Finding,
    Obligation,
    Vendor,
)

SOON, LATER, LAST = 30, 60, 90
"""The due buckets: overdue, within 30 days, 31-60, 61-90."""


class DueCounts(dto.Out):
    overdue: int = 0
    within_30: int = 0
    within_60: int = 0
    within_90: int = 0


class OpenAssessment(dto.Out):
    id: int
    vendor_id: int
    vendor_name: str
    questionnaire_id: str
    status: AssessmentStatus
    reviewer: str
    submitted_by: str | None
    created_at: datetime
    submitted_at: datetime | None


class QuestionnaireChoice(dto.Out):
    id: str
    version: int
    title: str
    questions: int
    applies: bool  # the vendor's kind is one the questionnaire is written for


class DashboardSummary(dto.Out):
    as_of: date
    actor: str
    vendors_total: int  # every vendor, offboarded ones too (0: an empty database)
    vendors_active: int
    needs_triage: int = 0  # active vendors without data access or criticality yet
    by_rating: dict[str, int]  # critical, high, medium, low, unrated (active vendors)
    reviews: DueCounts
    certificates: DueCounts  # the newest certificate per vendor and standard
    findings_open: dict[str, int]  # by severity, every severity present
    findings_overdue: int
    obligations_open: int = 0  # our user-entity controls not in place yet (active vendors)
    awaiting_my_approval: int
    awaiting: list[OpenAssessment]  # the first few submitted by someone else
    drafts: list[OpenAssessment]  # the most recent drafts, mine first


class DashboardOps(DueOps):
    def dashboard_summary(self, *, as_of: date | None = None, limit: int = 5) -> DashboardSummary:
        today = as_of or self.today()
        with self._read() as s:
            untriaged = Vendor.offboarded.is_(False) & (
                Vendor.data_access.is_(None) | Vendor.criticality.is_(None)
            )
            total, active, needs_triage = s.execute(
                select(
                    func.count(Vendor.id),
                    func.coalesce(func.sum(case((Vendor.offboarded.is_(False), 1), else_=0)), 0),
                    func.coalesce(func.sum(case((untriaged, 1), else_=0)), 0),
                )
            ).one()
            return DashboardSummary(
                as_of=today,
                actor=self.actor,
                vendors_total=total,
                vendors_active=active,
                needs_triage=needs_triage,
                by_rating=self._by_rating(s),
                reviews=self._review_counts(s, today),
                certificates=self._certificate_counts(s, today),
                findings_open=self._findings_open(s),
                findings_overdue=s.scalar(
                    select(func.count(Finding.id))
                    .join(Vendor, Vendor.id == Finding.vendor_id)
                    .where(
                        Finding.status == FindingStatus.OPEN.value,
                        Finding.due_on < today,
                        Vendor.offboarded.is_(False),
                    )
                )
                or 0,
                obligations_open=self._obligations_open(s),
                awaiting_my_approval=s.scalar(
                    select(func.count(Assessment.id)).where(*self._awaiting_me())
                )
                or 0,
                awaiting=self._open(
                    s,
                    select(Assessment.id)
                    .where(*self._awaiting_me())
                    .order_by(Assessment.submitted_at, Assessment.id)
                    .limit(limit),
                ),
                drafts=self._open(
                    s,
                    select(Assessment.id)
                    .where(Assessment.status == AssessmentStatus.DRAFT.value)
                    .order_by(
                        case((Assessment.reviewer == self.actor, 0), else_=1),
                        Assessment.id.desc(),
                    )
                    .limit(limit),
                ),
            )

    def next_due(self, *, as_of: date | None = None, limit: int = 10) -> list[dto.DueItem]:
        """The due list's first items over the next 90 days, overdue first (its own call,
        so the dashboard paints its counts before this longer read)."""
        return self.due_list(as_of=as_of, within_days=90, limit=limit).items

    def questionnaires_for(self, vendor_ref: str | int) -> list[QuestionnaireChoice]:
        """The loaded questionnaires, the ones written for the vendor's kind first."""
        vendor = self._vendor_kind(vendor_ref)
        choices = [
            QuestionnaireChoice(
                id=q.id,
                version=q.version,
                title=q.title,
                questions=sum(1 for _ in q.questions()),
                applies=vendor in q.applies_to,
            )
            for q in (loaded.questionnaire for loaded in self.catalog.questionnaires.values())
        ]
        return sorted(choices, key=lambda c: (not c.applies, c.title, c.id))

    def _vendor_kind(self, vendor_ref: str | int) -> VendorKind:
        with self._read() as s:
            return VendorKind(self._vendor(s, vendor_ref).kind)

    # --- the parts ----------------------------------------------------------------------

    def _by_rating(self, s: Session) -> dict[str, int]:
        rating = vq.figures().latest.c.rating
        rows = s.execute(
            vq.with_latest(rating, func.count())
            .where(Vendor.offboarded.is_(False))
            .group_by(rating)
        ).all()
        counts = {r.value: 0 for r in reversed(Rating)} | {vq.UNRATED: 0}
        for value, n in rows:
            counts[value or vq.UNRATED] += n
        return counts

    def _review_counts(self, s: Session, today: date) -> DueCounts:
        # A vendor is "approved" exactly when its latest decided assessment is approved
        # and it is not offboarded: the vendors with a re-review date (as in due_list).
        # Vendors per due date first (one pass over the latest assessments), then the
        # buckets over those few rows.
        due = vq.figures().latest.c.next_review_due.label("due")
        per_day = (
            vq.with_latest(due, func.count().label("n"))
            .where(Vendor.status == VendorStatus.APPROVED.value)
            .group_by(due)
            .subquery()
        )
        return _bucket(s, per_day.c.due, per_day.c.n, select_from=per_day, today=today)

    def _certificate_counts(self, s: Session, today: date) -> DueCounts:
        # Only the newest per vendor and standard counts: a renewed certificate is not due.
        current = (
            select(
                AssuranceReport.vendor_id,
                AssuranceReport.type,
                func.max(AssuranceReport.currency_end).label("newest"),
            )
            .group_by(AssuranceReport.vendor_id, AssuranceReport.type)
            .subquery()
        )
        joined = (
            select(current.c.newest.label("due"))
            .join(Vendor, Vendor.id == current.c.vendor_id)
            .where(Vendor.offboarded.is_(False), current.c.newest <= today + timedelta(days=LAST))
            .subquery()
        )
        return _bucket(s, joined.c.due, literal(1), select_from=joined, today=today)

    def _findings_open(self, s: Session) -> dict[str, int]:
        rows = s.execute(
            select(Finding.severity, func.count(Finding.id))
            .where(Finding.status == FindingStatus.OPEN.value)
            .group_by(Finding.severity)
        ).all()
        counts = {severity.value: 0 for severity in Severity}
        for severity, n in rows:
            counts[severity] = n
        return counts

    def _obligations_open(self, s: Session) -> int:
        return (
            s.scalar(
                select(func.count(Obligation.id))
                .join(AssuranceReport, AssuranceReport.id == Obligation.report_id)
                .join(Vendor, Vendor.id == AssuranceReport.vendor_id)
                .where(
                    Obligation.status == ObligationStatus.OPEN.value,
                    Vendor.offboarded.is_(False),
                )
            )
            or 0
        )

    def _awaiting_me(self) -> tuple[Any, ...]:
        return (
            Assessment.status == AssessmentStatus.SUBMITTED.value,
            Assessment.submitted_by != self.actor,
        )

    @staticmethod
    def _open(s: Session, ids_query: Select[Any]) -> list[OpenAssessment]:
        """Ids first (from a covering index), then the few rows: never read every row."""
        ids = list(s.scalars(ids_query))
        rows = s.execute(
            select(
                Assessment.id,
                Assessment.vendor_id,
                Vendor.name.label("vendor_name"),
                Assessment.questionnaire_id,
                Assessment.status,
                Assessment.reviewer,
                Assessment.submitted_by,
                Assessment.created_at,
                Assessment.submitted_at,
            )
            .join(Vendor, Vendor.id == Assessment.vendor_id)
            .where(Assessment.id.in_(ids))
        )
        found = {r.id: OpenAssessment.model_validate(dict(r._mapping)) for r in rows}
        return [found[i] for i in ids]


def _bucket(s: Session, due: Any, n: Any, *, select_from: Any, today: date) -> DueCounts:
    """Sum ``n`` over the rows of ``select_from`` by where ``due`` falls."""

    def total(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, n), else_=0)), 0)

    def within(first: int, last: int) -> Any:
        return total((due >= today + timedelta(days=first)) & (due <= today + timedelta(days=last)))

    row = s.execute(
        select(
            total(due < today), within(0, SOON), within(SOON + 1, LATER), within(LATER + 1, LAST)
        ).select_from(select_from)
    ).one()
    return DueCounts(overdue=row[0], within_30=row[1], within_60=row[2], within_90=row[3])
