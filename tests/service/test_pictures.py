"""The numbers behind the dashboard's pictures, on SQLite and PostgreSQL: every active
triaged vendor in one risk-map cell (inherent risk × latest decided rating), and what falls due
per month for the next 12 months."""

from __future__ import annotations

from datetime import date

from support.portfolio import add_vendor
from vendor_review.service import Service
from vendor_review.service.pictures import UNRATED, add_months, due_by_month, risk_matrix


def test_every_active_vendor_is_in_one_cell(alice: Service, bob: Service, submitted: int) -> None:
    bob.approve(submitted, note="checked")
    other = add_vendor(alice, "Globex", data_access="none", criticality="low")
    add_vendor(alice, "Gone Ltd")
    alice.offboard_vendor("Gone Ltd", reason="contract ended")
    add_vendor(alice, "Candidate Co", data_access=None, criticality=None)  # untriaged: no cell
    matrix = risk_matrix(alice)
    counted = sorted(i for ids in matrix.cells.values() for i in ids)
    assert len(counted) == 2 and other in counted  # offboarded vendors are left out
    rated = bob.get_assessment(submitted).assessment
    assert rated.inherent_risk is not None and rated.rating is not None
    assert matrix.count(str(rated.inherent_risk), str(rated.rating)) == 1
    assert sum(matrix.count(r, UNRATED) for r in matrix.risks) == 1  # Globex, never assessed


def test_due_load_counts_each_month_once(alice: Service, bob: Service, submitted: int) -> None:
    bob.approve(submitted, note="checked")
    months = due_by_month(alice)
    assert len(months) == 12
    assert months[0].month == alice.today().replace(day=1)
    assert [m.month for m in months] == [add_months(months[0].month, i) for i in range(12)]
    due = bob.get_assessment(submitted).assessment.next_review_due
    assert due is not None
    month = next(m for m in months if m.month == due.replace(day=1))
    assert month.reviews == 1
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 1)
