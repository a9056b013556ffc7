"""Triage in the app: the Dashboard counts the untriaged vendors and its line opens the
queue; the vendor screen's ``t`` triages that vendor. What the database holds afterwards,
and that a vendor name is shown as written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Select, Static
from workflow_screen_helpers import (
    EVIL,
    MakeService,
    add_vendor,
    service_factory,
    settle,
    top,
    write_catalog,
)

from vendor_review.service import Service
from vendor_review.store import open_database
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.widgets.counts import CountList
from vendor_review.tui.widgets.triage_modal import TriageModal

SIZE = (140, 40)


@pytest.fixture
def alice(tmp_path: Path) -> Iterator[Service]:
    db = open_database(f"sqlite:///{tmp_path / 'tui.db'}")
    try:
        make: MakeService = service_factory(db, write_catalog(tmp_path / "questionnaires"))
        svc = make("alice")
        add_vendor(svc, "LiveAgent")
        svc.add_vendor({"name": "Twilio", "parent": "LiveAgent", "purpose": "VoIP"})
        svc.add_vendor({"name": EVIL, "parent": "LiveAgent"})
        yield svc
    finally:
        db.dispose()


def choose(modal: TriageModal, field: str, value: str) -> None:
    modal.query_one(f"#triage-{field}", Select).value = value


async def test_the_dashboard_count_opens_the_triage_queue(alice: Service) -> None:
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        card = app.screen.query_one("#ratings", CountList)
        line = card.get_option("triage")
        assert "Needs triage" in str(line.prompt) and str(line.prompt).rstrip().endswith("2")
        card.highlighted = card.get_option_index("triage")
        await pilot.press("enter")
        await settle(pilot)
        modal = top(app)
        assert isinstance(modal, TriageModal)
        title = str(modal.query_one("#title").render())
        assert title in (f"Triage {EVIL} (2 waiting)", "Triage Twilio (2 waiting)")
        await pilot.press("ctrl+s")  # nothing chosen yet: said, nothing stored
        await settle(pilot)
        assert "Choose both" in str(modal.query_one("#problem", Static).render())
        first = modal.vendor
        assert first is not None
        choose(modal, "data_access", "personal")
        choose(modal, "criticality", "high")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "(1 waiting)" in str(modal.query_one("#title").render())
        await pilot.press("ctrl+n")  # skip the other
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # the queue is done
        line = app.screen.query_one("#ratings", CountList).get_option("triage")
        assert str(line.prompt).rstrip().endswith("1")
    triaged = alice.get_vendor(first.id)
    assert (triaged.data_access, triaged.criticality) == ("personal", "high")
    assert alice.dashboard_summary().needs_triage == 1
    assert alice.audit_log(entity="vendor")[0].action == "vendor.triage"


async def test_t_on_the_vendor_screen_triages_it(alice: Service) -> None:
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_vendor(alice.get_vendor("Twilio").id)
        await settle(pilot)
        assert isinstance(app.screen, VendorScreen)
        assert "needs triage (t)" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("t")
        await settle(pilot)
        modal = top(app)
        assert isinstance(modal, TriageModal)
        assert "subprocessor of LiveAgent" in str(modal.query_one("#about", Static).render())
        choose(modal, "data_access", "confidential")
        choose(modal, "criticality", "low")
        choose(modal, "kind", "service")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, VendorScreen)
        assert "confidential data, low criticality" in str(
            app.screen.query_one("#summary", Static).render()
        )
    twilio = alice.get_vendor("Twilio")
    assert (twilio.kind, twilio.data_access, twilio.criticality) == (
        "service",
        "confidential",
        "low",
    )
