"""The vendor list's SQL: each vendor with its latest decided assessment, fast at any size.

Every per-vendor figure is a correlated scalar subquery that an index answers on its own
(``ix_assessments_vendor_latest`` covers the latest-decided lookup, so no assessment row
with its large questionnaire snapshot is read). A page is fetched in two steps: the ids in
order (only the sort key is computed for every matching vendor), then the figures for
those ids only.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, case, func, literal, or_, select

from vendor_review.domain.enums import (
    DECIDED_STATUSES,
    Criticality,
    DataAccess,
    FindingStatus,
    InherentRisk,
    Rating,
    VendorStatus,
)

if TYPE_CHECKING:
    from vendor_review.domain.policy import Policy
from vendor_review.store.tables import assessments, findings, vendor_links, vendors

SORTABLE = (
    "name",
    "kind",
    "status",
    "rating",
    "next_review_due",
    "control_score",
    "criticality",
    "parents",
    "data_access",
    "inherent_risk",
    "open_findings",
)
UNRATED = "unrated"
"""``rating=UNRATED`` lists the vendors without a decided assessment."""

_NO_REVIEW = (VendorStatus.REJECTED.value, VendorStatus.OFFBOARDED.value)


def latest(column: Any) -> ColumnElement[Any]:
    """``column`` of the vendor's latest decided (approved or rejected) assessment."""
    return (
        select(column)
        .where(assessments.c.vendor_id == vendors.c.id, assessments.c.status.in_(DECIDED_STATUSES))
        .order_by(assessments.c.decided_at.desc(), assessments.c.id.desc())
        .limit(1)
        .correlate(vendors)
        .scalar_subquery()
    )


def next_review_due() -> ColumnElement[Any]:
    """A rejected or offboarded vendor has no re-review date."""
    return case(
        (vendors.c.status.in_(_NO_REVIEW), None), else_=latest(assessments.c.next_review_due)
    )


def open_findings() -> ColumnElement[int]:
    return (
        select(func.count(findings.c.id))
        .where(findings.c.vendor_id == vendors.c.id, findings.c.status == FindingStatus.OPEN.value)
        .correlate(vendors)
        .scalar_subquery()
    )


def subprocessor_count() -> ColumnElement[int]:
    """Open links from the vendor (``uq_vendor_links_parent_id_child_id`` leads with it)."""
    return (
        select(func.count(vendor_links.c.id))
        .where(vendor_links.c.parent_id == vendors.c.id, vendor_links.c.ended_on.is_(None))
        .correlate(vendors)
        .scalar_subquery()
    )


def _parent_names(aggregate: Callable[[Any], Any]) -> ColumnElement[Any]:
    parent = vendors.alias("parent")
    return (
        select(aggregate(parent.c.name))
        .select_from(vendor_links)
        .join(parent, parent.c.id == vendor_links.c.parent_id)
        .where(vendor_links.c.child_id == vendors.c.id, vendor_links.c.ended_on.is_(None))
        .correlate(vendors)
        .scalar_subquery()
    )


NAMES_SEPARATOR = "\x1f"
"""Joins ``parents`` in SQL (no name holds it); ``split_names`` sorts them (SQLite before
3.44 cannot order inside an aggregate)."""


def parent_names() -> ColumnElement[Any]:
    """The names of the vendors it is a subprocessor of (open links), joined."""
    return _parent_names(lambda name: func.aggregate_strings(name, NAMES_SEPARATOR))


def split_names(joined: str | None) -> list[str]:
    return sorted(joined.split(NAMES_SEPARATOR)) if joined else []


def first_parent() -> ColumnElement[Any]:
    """The sort key of ``parents``: the first parent's name."""
    return _parent_names(func.min)


def _rank(column: Any, order: list[str]) -> ColumnElement[Any]:
    return case({value: index for index, value in enumerate(order)}, value=column)


def inherent_rank(policy: Policy) -> ColumnElement[Any]:
    ranks = {risk: index for index, risk in enumerate(InherentRisk)}
    whens = [
        (
            (vendors.c.data_access == access.value) & (vendors.c.criticality == crit.value),
            ranks[risk],
        )
        for access, row in policy.inherent_risk.items()
        for crit, risk in row.items()
    ]
    return case(*whens, else_=literal(None))


def sort_key(order: str, policy: Policy) -> ColumnElement[Any]:
    """The expression a page is ordered by (built once: building is the slow part)."""
    if order == "inherent_risk":
        return inherent_rank(policy)
    return _sort_key(order)


@cache
def _sort_key(order: str) -> ColumnElement[Any]:
    build: dict[str, Callable[[], Any]] = {
        "name": lambda: vendors.c.name,
        "kind": lambda: vendors.c.kind,
        "status": lambda: vendors.c.status,
        "rating": lambda: _rank(latest(assessments.c.rating), [r.value for r in Rating]),
        "next_review_due": next_review_due,
        "control_score": lambda: latest(assessments.c.control_score),
        "criticality": lambda: _rank(vendors.c.criticality, [c.value for c in Criticality]),
        "parents": first_parent,
        "data_access": lambda: _rank(vendors.c.data_access, [d.value for d in DataAccess]),
        "open_findings": open_findings,
    }
    return build[order]()  # type: ignore[no-any-return]


@cache
def rows_query() -> Select[Any]:
    """Every column of ``vendor_list.VendorRow`` except ``inherent_risk`` (computed from policy)."""
    return select(
        vendors.c.id,
        vendors.c.name,
        vendors.c.kind,
        parent_names().label("parents"),
        vendors.c.regions,
        vendors.c.region_codes,
        vendors.c.data_access,
        vendors.c.criticality,
        vendors.c.status,
        latest(assessments.c.control_score).label("control_score"),
        latest(assessments.c.rating).label("rating"),
        next_review_due().label("next_review_due"),
        open_findings().label("open_findings"),
        subprocessor_count().label("subprocessors"),
    )


def text_filter(text: str, *, sqlite: bool = False) -> ColumnElement[bool]:
    """Name, purpose or legal entity contains ``text`` (any case; ``%`` and ``_`` literal).

    On SQLite plain ``LIKE`` already ignores case (ASCII, as its ``lower()`` does) and
    skips the three ``lower()`` calls per row that ``ILIKE`` compiles to there."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    columns = (vendors.c.name, vendors.c.purpose, vendors.c.legal_entity)
    if sqlite:
        return or_(*(c.like(pattern, escape="\\") for c in columns))
    return or_(*(c.ilike(pattern, escape="\\") for c in columns))


def rating_filter(rating: str) -> ColumnElement[bool]:
    if rating == UNRATED:
        return latest(assessments.c.id).is_(None)
    return latest(assessments.c.rating) == rating
