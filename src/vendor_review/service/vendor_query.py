"""The vendor list's SQL: each vendor with its latest decided assessment, in one pass.

Every per-vendor figure comes from a derived table joined to the vendors by id
(``Figures``), each computed in one pass for the vendors asked for: the latest decided
assessment (``store.latest_decided``, from its covering index alone), the open findings
(grouped, ``ix_findings_vendor_status``), the open links both ways. (Correlated
subqueries ran five lookups per vendor: 2.8 s for ``vendor list`` at 10,000 vendors on
PostgreSQL.) A page is fetched in two steps: the ids in order and the
total in one pass (``count(*) OVER ()``; only the sort key's table joined), then the
figures for those ids only (``rows_query(scoped=True)`` with ``ids``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    bindparam,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
)

from vendor_review.domain.enums import (
    Criticality,
    DataAccess,
    FindingStatus,
    InherentRisk,
    Rating,
    VendorStatus,
)
from vendor_review.store import search
from vendor_review.store.latest_decided import is_decided, latest_decided
from vendor_review.store.tables import assessments, findings, vendor_links, vendors

if TYPE_CHECKING:
    from vendor_review.domain.policy import Policy

AnySelect = Select[*tuple[Any, ...]]
"""A SELECT of any columns (``Select`` is generic over its row's types)."""

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

    latest = within(
        assessments.c.vendor_id,
        latest_decided("id", "rating", "control_score", "next_review_due"),
    ).subquery("latest")
    open_findings = within(
        findings.c.vendor_id,
        select(findings.c.vendor_id, func.count().label("n"))
        .where(findings.c.status == FindingStatus.OPEN.value)
        .group_by(findings.c.vendor_id),
    ).subquery("open_findings")
    subprocessors = within(
        vendor_links.c.parent_id,
        select(vendor_links.c.parent_id.label("vendor_id"), func.count().label("n"))
        .where(vendor_links.c.ended_on.is_(None))
        .group_by(vendor_links.c.parent_id),
    ).subquery("subprocessors")
    parent = vendors.alias("parent")
    parents = within(
        vendor_links.c.child_id,
        select(
            vendor_links.c.child_id.label("vendor_id"),
            func.aggregate_strings(parent.c.name, NAMES_SEPARATOR).label("names"),
            func.min(parent.c.name).label("first"),
        )
        .join(parent, parent.c.id == vendor_links.c.parent_id)
        .where(vendor_links.c.ended_on.is_(None))
        .group_by(vendor_links.c.child_id),
    ).subquery("parents")
    return Figures(latest, open_findings, subprocessors, parents)


def joined(query: AnySelect, *tables: Subquery) -> AnySelect:
    """``query`` (from the vendors) with ``tables`` joined by vendor (left: a vendor
    without figures keeps its row)."""
    for table in tables:
        query = query.outerjoin(table, table.c.vendor_id == vendors.c.id)
    return query


def with_latest(*columns: Any) -> AnySelect:
    """``select(*columns)`` from the vendors with their latest decided assessment joined
    (``figures().latest``; its columns may be among ``columns``)."""
    return joined(select(*columns).select_from(vendors), figures().latest)


def next_review_due(latest: Subquery) -> ColumnElement[Any]:
    """A rejected or offboarded vendor has no re-review date."""
    return case((vendors.c.status.in_(_NO_REVIEW), None), else_=latest.c.next_review_due)


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
        (
            (vendors.c.data_access == access.value) & (vendors.c.criticality == crit.value),
            ranks[risk],
        )
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
        "name": lambda: (vendors.c.name, None),
        "kind": lambda: (vendors.c.kind, None),
        "status": lambda: (vendors.c.status, None),
        "rating": lambda: (_rank(f.latest.c.rating, [r.value for r in Rating]), f.latest),
        "next_review_due": lambda: (next_review_due(f.latest), f.latest),
        "control_score": lambda: (f.latest.c.control_score, f.latest),
        "criticality": lambda: (_rank(vendors.c.criticality, [c.value for c in Criticality]), None),
        "parents": lambda: (f.parents.c.first, f.parents),
        "data_access": lambda: (_rank(vendors.c.data_access, [d.value for d in DataAccess]), None),
        "open_findings": lambda: (func.coalesce(f.open_findings.c.n, 0), f.open_findings),
    }
    return build[order]()


def ordered(
    query: AnySelect,
    order: str,
    policy: Policy,
    *,
    descending: bool,
    joined_all: bool,
    sort_found: bool = False,
) -> AnySelect:
    """``query`` sorted by ``order`` (then name and id), joining the key's table unless
    ``joined_all`` (a ``rows_query()`` has every table joined already).

    ``sort_found``: by ``name || ''`` instead of ``name`` (the same order), so that the
    vendors found are sorted rather than read in the order of the name index. For a page
    with ``count(*) OVER ()`` on PostgreSQL: its planner (15) costs the window as if it
    stopped after the page, walks the whole name index fetching every row at random and
    filtering each, where reading the matches and keeping the first of them is a top-N
    sort. Server time of the page query at 30,000 vendors (EXPLAIN ANALYZE, min of 3, on
    a machine at load ~14): 'ven' 312 -> 44 ms, 'ven 1' 307 -> 5 ms, 'v' 288 -> 110 ms,
    'a' 167 -> 87 ms (one and two letters read every vendor: no trigram)."""
    key, table = sort_key(order, policy)
    if table is not None and not joined_all:
        query = joined(query, table)
    name = vendors.c.name.concat(literal_column("''")) if sort_found else vendors.c.name
    if order == "name":
        key = name
    sort = (key.desc() if descending else key.asc()).nulls_last()
    return query.order_by(sort, name, vendors.c.id)


@cache
def rows_query(scoped: bool = False) -> AnySelect:
    """Every column of ``vendor_list.VendorRow`` except ``inherent_risk`` (computed from policy):
    of every vendor, or (``scoped``) of those in the bound ``ids``."""
    f = figures(scoped)
    query = select(
        vendors.c.id,
        vendors.c.name,
        vendors.c.kind,
        f.parents.c.names.label("parents"),
        vendors.c.regions,
        vendors.c.region_codes,
        vendors.c.data_access,
        vendors.c.criticality,
        vendors.c.status,
        f.latest.c.control_score,
        f.latest.c.rating,
        next_review_due(f.latest).label("next_review_due"),
        func.coalesce(f.open_findings.c.n, 0).label("open_findings"),
        func.coalesce(f.subprocessors.c.n, 0).label("subprocessors"),
    ).select_from(vendors)
    query = joined(query, *f.tables())
    return query.where(vendors.c.id.in_(bindparam(SCOPE, expanding=True))) if scoped else query


def text_filter(text: str, *, backend: str, indexed: bool) -> ColumnElement[bool]:
    """Name, purpose or legal entity contains ``text``, ignoring the case of ASCII letters
    (as SQLite's ``LIKE``; other letters match as typed), ``%``, ``_``, quotes and FTS
    syntax literal: the same vendors on both databases.

    With the filter's index (``indexed``, ``store.search``) and at least a trigram of
    text, the index narrows to the vendors that may match and the ``LIKE`` decides on
    their rows (an edited SQLite index cannot add a vendor):

    - SQLite: the FTS5 trigram table; plain ``LIKE`` already ignores ASCII case and skips
      the three ``lower()`` calls per row that ``ILIKE`` compiles to there.
    - PostgreSQL: the ``pg_trgm`` indexes serve ``ILIKE`` in the columns' own collation
      (which folds at least the ASCII letters: it finds every vendor the decision keeps);
      the decision is ``ILIKE`` in the ``"C"`` collation, ASCII-only as on SQLite and half
      the cost of a locale's ``lower()``. Shorter text has no trigram: that ``ILIKE``
      alone, on every vendor (a scan bounded by the inventory)."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_") + "%"
    columns = (vendors.c.name, vendors.c.purpose, vendors.c.legal_entity)
    trigrams = indexed and len(text) >= search.TRIGRAM
    if backend != "sqlite":
        scan = or_(*(c.collate("C").ilike(pattern, escape="\\") for c in columns))
        if trigrams:
            return and_(or_(*(c.ilike(pattern, escape="\\") for c in columns)), scan)
        return scan
    scan = or_(*(c.like(pattern, escape="\\") for c in columns))
    if trigrams:
        return and_(vendors.c.id.in_(search.sqlite_matches(text)), scan)
    return scan


def rating_filter(rating: str) -> ColumnElement[bool]:
    if rating == UNRATED:
        decided = select(assessments.c.vendor_id).where(is_decided())
        return vendors.c.id.not_in(decided)
    latest = figures().latest
    return vendors.c.id.in_(select(latest.c.vendor_id).where(latest.c.rating == rating))
