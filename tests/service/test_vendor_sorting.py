"""Every sort of the vendor list on the example portfolio: the page by page list is the
whole list (the same rows, the same figures: one query reads them for every vendor, the
other for a page's ids), and the whole list is in the order of what it shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from support.database import demo_sqlite_url, service_factory
from vendor_review.domain.enums import Criticality, DataAccess, InherentRisk, Rating
from vendor_review.service import Service
from vendor_review.service.vendor_list import VendorRow
from vendor_review.service.vendor_query import SORTABLE
from vendor_review.store import open_database


def _rank(values: list[str]) -> Callable[[str | None], int | None]:
    return lambda value: None if value is None else values.index(value)


SHOWN: dict[str, Callable[[VendorRow], Any]] = {
    "name": lambda r: r.name,
    "kind": lambda r: r.kind.value,
    "status": lambda r: r.status.value,
    "rating": lambda r: _rank([v.value for v in Rating])(r.rating),
    "next_review_due": lambda r: r.next_review_due,
    "control_score": lambda r: r.control_score,
    "criticality": lambda r: _rank([v.value for v in Criticality])(
        r.criticality and r.criticality.value
    ),
    "parents": lambda r: r.parents.split(", ")[0] if r.parents else None,
    "data_access": lambda r: _rank([v.value for v in DataAccess])(
        r.data_access and r.data_access.value
    ),
    "inherent_risk": lambda r: _rank([v.value for v in InherentRisk])(r.inherent_risk),
    "open_findings": lambda r: r.open_findings,
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Service:
    folder = tmp_path_factory.mktemp("sorting")
    db = open_database(demo_sqlite_url(folder / "demo.db"))
    qdir = folder / "questionnaires"
    qdir.mkdir()
    return service_factory(db, Path(qdir))("alice")


@pytest.mark.parametrize("order", SORTABLE)
@pytest.mark.parametrize("descending", [False, True])
def test_pages_are_the_whole_list_in_the_order_shown(
    demo: Service, order: str, descending: bool
) -> None:
    whole = demo.list_vendors(order=order, descending=descending)
    assert whole.total == len(whole.rows) > 5
    paged: list[VendorRow] = []
    for offset in range(0, whole.total, 2):
        page = demo.list_vendors(order=order, descending=descending, limit=2, offset=offset)
        assert page.total == whole.total
        paged += page.rows
    assert paged == whole.rows
    shown = [SHOWN[order](row) for row in whole.rows]
    present = [value for value in shown if value is not None]
    assert shown == present + [None] * (len(shown) - len(present))  # none last, both ways
    assert present == sorted(present, reverse=descending)
    if order in ("rating", "open_findings", "next_review_due", "parents"):
        assert len(set(present)) > 1  # the portfolio tells the orders apart


def test_the_figures_are_those_of_the_vendors_records(demo: Service) -> None:
    rows = {r.name: r for r in demo.list_vendors().rows}
    for name, row in rows.items():
        open_findings = [f for f in demo.list_findings(vendor=name) if f.status.value == "open"]
        assert row.open_findings == len(open_findings), name
        assert row.subprocessors == len(demo.subprocessors(name)), name
    assert any(r.subprocessors for r in rows.values())
    assert any(r.rating for r in rows.values()) and any(not r.rating for r in rows.values())
    assert isinstance(next(r.next_review_due for r in rows.values() if r.next_review_due), date)
