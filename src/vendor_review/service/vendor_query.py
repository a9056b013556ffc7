"""The vendor list's SQL: each vendor with its latest decided assessment, in one pass.

Every per-vendor figure comes from a derived table joined to the vendors by id
(``Figures``), each computed in one pass for the vendors asked for: the latest decided
assessment (one without a newer decided one, read from ``ix_assessments_vendor_latest``,
which holds every column read, so no assessment row with its large questionnaire snapshot
is read), the open findings (grouped, ``ix_findings_vendor_status``), the open links both
ways. (Correlated subqueries ran five lookups per vendor: 2.8 s for ``vendor list`` at
10,000 vendors on PostgreSQL.) A page is fetched in two steps: the ids in order and the
total in one pass (``count(*) OVER ()``; only the sort key's table joined), then the
figures for those ids only (``rows_query(scoped=True)`` with ``ids``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Subquery,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.orm import aliased

from vendor_review.domain.enums import (
    Criticality,
    DataAccess,
    FindingStatus,
    InherentRisk,
    Rating,
    VendorStatus,
)
from vendor_review.domain.policy import Policy
from vendor_review.service.reporting.scope import AnySelect, is_decided
from vendor_review.store import search
from vendor_review.store.models import Assessment, Finding, Vendor, VendorLink

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
SCOPE = "ids"
"""The bound list of vendor ids of a scoped query (``rows_query(scoped=True)``)."""

_NO_REVIEW = (VendorStatus.REJECTED.value, VendorStatus.OFFBOARDED.value)


@dataclass(frozen=True)
class Figures:
    """The per-vendor tables, each with a ``vendor_id`` column (one row per vendor)."""

    latest: Subquery
    """``id``, ``rating``, ``control_score``, ``next_review_due`` of the latest decided
    (approved or rejected) assessment."""
    open_findings: Subquery
    """``n``: open findings."""
    subprocessors: Subquery
    """``n``: open links from the vendor."""
    parents: Subquery
    """``names``: the parents' names joined by ``NAMES_SEPARATOR``; ``first``: the first."""

    def tables(self) -> tuple[Subquery, ...]:
        return (self.latest, self.open_findings, self.subprocessors, self.parents)


@cache
def figures(scoped: bool = False) -> Figures:
    """Every vendor's figures, or (``scoped``) those of the vendors in the bound ``ids``."""

    def within(column: Any, query: AnySelect) -> AnySelect:
        return query.where(column.in_(bindparam(SCOPE, expanding=True))) if scoped else query

    # The latest: a decided assessment with no newer decided one of its vendor (an anti
    # join: both databases estimate it well and read it from ix_assessments_vendor_latest).
    newer = aliased(Assessment)
    latest = within(
        Assessment.vendor_id,
        select(
            Assessment.vendor_id,
            Assessment.id,
            Assessment.rating,
            Assessment.control_score,
            Assessment.next_review_due,
        ).where(
            is_decided(),
            ~exists().where(
                newer.vendor_id == Assessment.vendor_id,
                is_decided(newer),
                tuple_(newer.decided_at, newer.id) > tuple_(Assessment.decided_at, Assessment.id),
            ),
        ),
    ).subquery("latest")
    open_findings = within(
        Finding.vendor_id,
        select(Finding.vendor_id, func.count().label("n"))
        .where(Finding.status == FindingStatus.OPEN.value)
        .group_by(Finding.vendor_id),
    ).subquery("open_findings")
    subprocessors = within(
        VendorLink.parent_id,
        select(VendorLink.parent_id.label("vendor_id"), func.count().label("n"))
        .where(VendorLink.ended_on.is_(None))
        .group_by(VendorLink.parent_id),
    ).subquery("subprocessors")
    parent = aliased(Vendor)
    parents = within(
        VendorLink.child_id,
        select(
            VendorLink.child_id.label("vendor_id"),
            func.aggregate_strings(parent.name, NAMES_SEPARATOR).label("names"),
            func.min(parent.name).label("first"),
        )
        .join(parent, parent.id == VendorLink.parent_id)
        .where(VendorLink.ended_on.is_(None))
        .group_by(VendorLink.child_id),
    ).subquery("parents")
    return Figures(latest, open_findings, subprocessors, parents)


def joined(query: AnySelect, *tables: Subquery) -> AnySelect:
    """``query`` (from the vendors) with ``tables`` joined by vendor (left: a vendor
    without figures keeps its row)."""
    for table in tables:
        query = query.outerjoin(table, table.c.vendor_id == Vendor.id)
    return query


def with_latest(*columns: Any) -> AnySelect:
    """``select(*columns)`` from the vendors with their latest decided assessment joined
    (``figures().latest``; its columns may be among ``columns``)."""
    return joined(select(*columns).select_from(Vendor), figures().latest)


def next_review_due(latest: Subquery) -> ColumnElement[Any]:
    """A rejected or offboarded vendor has no re-review date."""
    return case((Vendor.status.in_(_NO_REVIEW), None), else_=latest.c.next_review_due)


NAMES_SEPARATOR = "\x1f"
"""Joins ``parents`` in SQL (no name holds it); ``split_names`` sorts them (SQLite before
3.44 cannot order inside an aggregate)."""


def split_names(joined: str | None) -> list[str]:
    return sorted(joined.split(NAMES_SEPARATOR)) if joined else []


def _rank(column: Any, order: list[str]) -> ColumnElement[Any]:
    return case({value: index for index, value in enumerate(order)}, value=column)


def inherent_rank(policy: Policy) -> ColumnElement[Any]:
    ranks = {risk: index for index, risk in enumerate(InherentRisk)}
    whens = [
        ((Vendor.data_access == access.value) & (Vendor.criticality == crit.value), ranks[risk])
        for access, row in policy.inherent_risk.items()
        for crit, risk in row.items()
    ]
    return case(*whens, else_=literal(None))


def sort_key(order: str, policy: Policy) -> tuple[ColumnElement[Any], Subquery | None]:
    """The expression a page is ordered by and the table of ``figures()`` it needs joined
    (built once: building is the slow part)."""
    if order == "inherent_risk":
        return inherent_rank(policy), None
    return _sort_key(order)


@cache
def _sort_key(order: str) -> tuple[ColumnElement[Any], Subquery | None]:
    f = figures()
    build: dict[str, Callable[[], tuple[Any, Subquery | None]]] = {
        "name": lambda: (Vendor.name, None),
        "kind": lambda: (Vendor.kind, None),
        "status": lambda: (Vendor.status, None),
        "rating": lambda: (_rank(f.latest.c.rating, [r.value for r in Rating]), f.latest),
        "next_review_due": lambda: (next_review_due(f.latest), f.latest),
        "control_score": lambda: (f.latest.c.control_score, f.latest),
        "criticality": lambda: (_rank(Vendor.criticality, [c.value for c in Criticality]), None),
        "parents": lambda: (f.parents.c.first, f.parents),
        "data_access": lambda: (_rank(Vendor.data_access, [d.value for d in DataAccess]), None),
        "open_findings": lambda: (func.coalesce(f.open_findings.c.n, 0), f.open_findings),
    }
    return build[order]()


def ordered(
    query: AnySelect, order: str, policy: Policy, *, descending: bool, joined_all: bool
) -> AnySelect:
    """``query`` sorted by ``order`` (then name and id), joining the key's table unless
    ``joined_all`` (a ``rows_query()`` has every table joined already)."""
    key, table = sort_key(order, policy)
    if table is not None and not joined_all:
        query = joined(query, table)
    sort = (key.desc() if descending else key.asc()).nulls_last()
    return query.order_by(sort, Vendor.name, Vendor.id)


@cache
def rows_query(scoped: bool = False) -> AnySelect:
    """Every column of ``dto.VendorRow`` except ``inherent_risk`` (computed from policy):
    of every vendor, or (``scoped``) of those in the bound ``ids``."""
    f = figures(scoped)
    query = select(
        Vendor.id,
        Vendor.name,
        Vendor.kind,
        f.parents.c.names.label("parents"),
        Vendor.regions,
        Vendor.region_codes,
        Vendor.data_access,
        Vendor.criticality,
        Vendor.status,
        f.latest.c.control_score,
        f.latest.c.rating,
        next_review_due(f.latest).label("next_review_due"),
        func.coalesce(f.open_findings.c.n, 0).label("open_findings"),
        func.coalesce(f.subprocessors.c.n, 0).label("subprocessors"),
    ).select_from(Vendor)
    query = joined(query, *f.tables())
    return query.where(Vendor.id.in_(bindparam(SCOPE, expanding=True))) if scoped else query


def text_filter(text: str, *, backend: str, indexed: bool) -> ColumnElement[bool]:
    """Name, purpose or legal entity contains ``text`` (any case; ``%``, ``_``, quotes and
    FTS syntax literal).

    ``indexed`` (SQLite with ``store.search``'s index) and at least a trigram long: the
    index narrows to the vendors that may match, and the ``LIKE`` below decides on their
    rows (so an edited index cannot add a vendor). On SQLite plain ``LIKE`` already
    ignores case (ASCII, as its ``lower()`` does) and skips the three ``lower()`` calls per
    row that ``ILIKE`` compiles to there; PostgreSQL's ``ILIKE`` reads the ``pg_trgm``
    indexes by itself."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    columns = (Vendor.name, Vendor.purpose, Vendor.legal_entity)
    if backend != "sqlite":
        return or_(*(c.ilike(pattern, escape="\\") for c in columns))
    scan = or_(*(c.like(pattern, escape="\\") for c in columns))
    if indexed and len(text) >= search.TRIGRAM:
        return and_(Vendor.id.in_(search.sqlite_matches(text)), scan)
    return scan


def rating_filter(rating: str) -> ColumnElement[bool]:
    if rating == UNRATED:
        decided = select(Assessment.vendor_id).where(is_decided())
        return Vendor.id.not_in(decided)
    latest = figures().latest
    return Vendor.id.in_(select(latest.c.vendor_id).where(latest.c.rating == rating))
