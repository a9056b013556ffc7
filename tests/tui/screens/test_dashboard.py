"""The dashboard against a real database: after a four-eyes approval it shows the rating
and the next review date (and so does the vendor screen); each figure opens its list;
its counts agree with the due list and the vendor list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import DataTable

from support.database import MakeService, demo_sqlite_url, service_factory
from support.pilot import NOW, press, running, settle, text_of
from support.portfolio import add_vendor, approved
from support.questionnaires import questionnaire_dir
from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.service import Service, builtin_policy
from vendor_review.store import open_database
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.due import DueScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.screens.vendors import VendorsScreen
from vendor_review.tui.widgets.counts import CountList
from vendor_review.tui.widgets.vendor_table import VendorTable


def card(app: VendorReviewApp, card_id: str) -> dict[str, str]:
    """A dashboard card's lines by id, as shown."""
    counts = app.screen.query_one(f"#{card_id}", CountList)
    return {
        str(counts.get_option_at_index(i).id): str(counts.get_option_at_index(i).prompt)
        for i in range(counts.option_count)
    }


def figure(line: str) -> int:
    return int(line.split()[-1].replace(",", ""))


async def open_line(app: VendorReviewApp, pilot: object, card_id: str, line: str) -> None:
    counts = app.screen.query_one(f"#{card_id}", CountList)
    counts.focus()
    counts.highlighted = counts.get_option_index(line)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_an_approval_shows_rating_and_next_review(make: MakeService) -> None:
    alice, bob = make("alice"), make("bob")
    add_vendor(alice, "Twilio Inc.", data_access="personal", criticality="high")
    add_vendor(alice, "Linode, LLC", kind="infrastructure", criticality="high")
    approved(alice, bob, "Twilio Inc.")  # score 100, inherent high → residual medium
    async with running(alice) as (app, pilot):
        assert isinstance(app.screen, DashboardScreen)
        ratings = card(app, "ratings")
        assert figure(ratings["rating:medium"]) == 1
        assert figure(ratings["rating:unrated"]) == 1
        assert "As of 2026-06-15" in text_of(app, "#asof")
        # Medium: next review in 12 months, so nothing is due within 90 days.
        assert all(figure(line) == 0 for line in card(app, "reviews").values())
        # The figure opens what it counts.
        await open_line(app, pilot, "ratings", "rating:medium")
        assert isinstance(app.screen, VendorsScreen)
        table = app.screen.query_one("#vendors", VendorTable)
        assert table.row_count == 1
        row = [cell.plain for cell in table.cells(0)]
        assert row[0] == "Twilio Inc." and "medium" in row and "2027-06-15" in row
        await press(pilot, "enter")
        assert isinstance(app.screen, VendorScreen)
        summary = text_of(app, "#summary")
        assert "Rating medium (score 100.0), approved 2026-06-15" in summary
        assert "next review 2027-06-15 (in 365 days)" in summary
        history = app.screen.query_one("#table-assessments", DataTable)
        row = [str(c) for c in history.get_row_at(0)]
        assert row[2:6] == ["approved", "2/2", "100.0", "medium"]
        await press(pilot, "d")
        assert isinstance(app.screen, DashboardScreen)


async def test_waiting_for_my_approval_is_what_others_submitted(make: MakeService) -> None:
    alice, bob = make("alice"), make("bob")
    add_vendor(alice, "Twilio Inc.", criticality="high")
    aid = alice.start_assessment("Twilio Inc.", "tiny").id
    alice.answer(aid, "t1", "yes")
    alice.answer(aid, "t2", "no")
    alice.submit(aid)
    for who, expected in ((alice, 0), (bob, 1)):
        async with running(who) as (app, _):
            lines = card(app, "approvals")
            assert figure(lines["approvals"]) == expected
            assert (f"assessment:{aid}" in lines) is bool(expected)
            if expected:
                assert "#1 Twilio Inc." in lines[f"assessment:{aid}"]
                assert "submitted by alice" in lines[f"assessment:{aid}"]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Service]:
    db = open_database(demo_sqlite_url(tmp_path / "demo.db"))
    try:
        qdir = questionnaire_dir(tmp_path / "questionnaires", "yes-no/tiny")
        yield service_factory(db, qdir, at=NOW, policy=builtin_policy())("demo.bob")
    finally:
        db.dispose()


def test_the_counts_agree_with_the_lists_they_open(demo: Service) -> None:
    summary = demo.dashboard_summary()
    due = demo.due_list(within_days=90)
    for kind, counts in (("review", summary.reviews), ("certificate", summary.certificates)):
        items = [i for i in due.items if i.kind == kind]
        assert counts.overdue == sum(1 for i in items if i.days < 0)
        assert counts.within_30 == sum(1 for i in items if 0 <= i.days <= 30)
        assert counts.within_60 == sum(1 for i in items if 31 <= i.days <= 60)
        assert counts.within_90 == sum(1 for i in items if 61 <= i.days <= 90)
    assert summary.findings_overdue == sum(1 for i in due.items if i.kind == "finding")
    for severity in Severity:
        listed = demo.list_findings(status=FindingStatus.OPEN, severity=severity)
        assert summary.findings_open[severity.value] == len(listed)
    for rating, n in summary.by_rating.items():
        assert demo.list_vendors(rating=rating, include_offboarded=False).total == n
    assert sum(summary.by_rating.values()) == summary.vendors_active == 9
    assert summary.awaiting_my_approval == 1  # Websupport, submitted by demo.alice
    assert [a.vendor_name for a in summary.drafts] == ["Quality Unit, LLC"]


async def test_due_figures_open_the_due_list(demo: Service) -> None:
    async with running(demo) as (app, pilot):
        overdue = figure(card(app, "reviews")["review:overdue"])
        assert overdue >= 1
        await open_line(app, pilot, "reviews", "review:overdue")
        assert isinstance(app.screen, DueScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == overdue
        assert "Linode, LLC" in [str(c) for c in table.get_row_at(0)]
        await press(pilot, "enter")
        assert isinstance(app.screen, VendorScreen)
        assert app.screen.title == "Vendor: Linode, LLC"
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen, DashboardScreen)


async def test_a_draft_shows_its_questionnaire_and_reviewer_on_lines_of_their_own(
    demo: Service,
) -> None:
    async with running(demo) as (app, _pilot):
        lines = [line.split("\n") for line in card(app, "drafts").values()]
    assert len(lines) == 1
    label, questionnaire, who = lines[0]
    assert label.endswith("Quality Unit, LLC")
    assert questionnaire.strip() and "␊" not in questionnaire  # a line break, not a symbol
    assert who.strip().startswith("started by demo.")


async def test_reports_falling_due_are_called_assurance_reports(demo: Service) -> None:
    async with running(demo) as (app, pilot):
        assert card(app, "certificates")["certificate:overdue"].startswith("Expired or lapsed")
        await open_line(app, pilot, "certificates", "certificate:30")
        assert isinstance(app.screen, DueScreen)
        assert app.screen.title.startswith("Assurance reports ")
