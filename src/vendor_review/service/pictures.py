"""The numbers behind the pictures on the dashboard and in the workbook: the risk heat
map (inherent risk × residual rating, vendor counts) and the due load per month.

Plain functions over a ``Service`` (read-only), used by the app's dashboard and by the
workbook's Dashboard sheet, so both show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from vendor_review.domain.enums import Criticality, DataAccess, InherentRisk, Rating
from vendor_review.service import vendor_query as vq
from vendor_review.service.reporting.scope import ReportScope
from vendor_review.store.models import Vendor

if TYPE_CHECKING:
    from vendor_review.service import Service

UNRATED = vq.UNRATED
RATINGS = [r.value for r in reversed(Rating)] + [UNRATED]  # critical … low, then unrated
RISKS = [r.value for r in reversed(InherentRisk)]  # critical … low


@dataclass(frozen=True)
class RiskMatrix:
    """Active vendors by inherent risk (rows) and residual rating (columns)."""

    risks: list[str]
    ratings: list[str]
    cells: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    """(inherent, rating) → the ids of the vendors counted there, by name."""
    names: dict[int, str] = field(default_factory=dict)

    def count(self, risk: str, rating: str) -> int:
        return len(self.cells.get((risk, rating), []))

    @property
    def largest(self) -> int:
        return max((len(ids) for ids in self.cells.values()), default=0)


@dataclass(frozen=True)
class MonthLoad:
    """Re-reviews, certificates and findings due in one calendar month."""

    month: date  # the first day
    reviews: int = 0
    certificates: int = 0
    findings: int = 0

    @property
    def total(self) -> int:
        return self.reviews + self.certificates + self.findings

    @property
    def label(self) -> str:
        return self.month.strftime("%b %Y")


def risk_matrix(service: Service) -> RiskMatrix:
    """Every active vendor in one cell: its inherent risk (the policy's, from data
    access × criticality) and its latest decided rating (or unrated)."""
    rating = vq.figures().latest.c.rating
    with service._read() as s:
        rows = s.execute(
            vq.with_latest(Vendor.id, Vendor.name, Vendor.data_access, Vendor.criticality, rating)
            .where(Vendor.offboarded.is_(False))
            .order_by(Vendor.name)
        ).all()
    cells: dict[tuple[str, str], list[int]] = {}
    names: dict[int, str] = {}
    for vendor_id, name, access, criticality, rated in rows:
        if access is None or criticality is None:  # untriaged: no inherent risk to place
            continue
        risk = service.policy.inherent(DataAccess(access), Criticality(criticality)).value
        rated_value = getattr(rated, "value", rated) or UNRATED
        cells.setdefault((risk, str(rated_value)), []).append(vendor_id)
        names[vendor_id] = name
    return RiskMatrix(RISKS, RATINGS, cells, names)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def due_by_month(
    service: Service, *, months: int = 12, as_of: date | None = None
) -> list[MonthLoad]:
    """What falls due in each of the next ``months`` calendar months (this one first;
    what is overdue already is not counted: the dashboard's cards show it)."""
    today = as_of or service.today()
    start = today.replace(day=1)
    end = add_months(start, months)
    # streamed, not ``due_list``'s list: at 10,000 vendors that list was most of what an
    # export's memory grew by (issue 14)
    due = service.report_schedule(ReportScope(), as_of=today, within_days=(end - today).days - 1)
    loads = {
        add_months(start, i): {"review": 0, "certificate": 0, "finding": 0} for i in range(months)
    }
    for item in due:
        if item.overdue or item.due_on < today:
            continue
        month = item.due_on.replace(day=1)
        kind = "review" if item.kind in ("review", "never_assessed") else item.kind
        if month in loads and kind in loads[month]:
            loads[month][kind] += 1
    return [
        MonthLoad(month, counts["review"], counts["certificate"], counts["finding"])
        for month, counts in loads.items()
    ]
