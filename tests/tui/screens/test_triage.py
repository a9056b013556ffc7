"""Triage in the app: the Dashboard counts the untriaged vendors and its line opens the
queue; the vendor screen's ``t`` triages that vendor. What the database holds afterwards,
and that a vendor name is shown as written."""

from __future__ import annotations

import pytest
from textual.widgets import Select, Static

from support.database import MakeService
from support.markup import EVIL
from support.pilot import press, running, settle, top
from support.portfolio import add_vendor
from vendor_review.service import Service
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.widgets.counts import CountList
from vendor_review.tui.widgets.triage_modal import TriageModal


@pytest.fixture
def alice(make_service: MakeService) -> Service:
    svc = make_service("alice")
    add_vendor(svc, "LiveAgent")
    svc.add_vendor({"name": "Twilio", "parent": "LiveAgent", "purpose": "VoIP"})
    svc.add_vendor({"name": EVIL, "parent": "LiveAgent"})
    return svc


def choose(modal: TriageModal, field: str, value: str) -> None:
    modal.query_one(f"#triage-{field}", Select).value = value


async def test_the_dashboard_count_opens_the_triage_queue(alice: Service) -> None:
    async with running(alice) as (app, pilot):
        assert isinstance(app.screen, DashboardScreen)
        card = app.screen.query_one("#ratings", CountList)
        line = card.get_option("triage")
        assert "Needs triage" in str(line.prompt) and str(line.prompt).rstrip().endswith("2")
        card.highlighted = card.get_option_index("triage")
        await press(pilot, "enter")
        modal = top(app)
        assert isinstance(modal, TriageModal)
        title = str(modal.query_one("#title").render())
        assert title in (f"Triage {EVIL} (2 waiting)", "Triage Twilio (2 waiting)")
        await press(pilot, "ctrl+s")  # nothing chosen yet: said, nothing stored
        assert "Choose both" in str(modal.query_one("#problem", Static).render())
        first = modal.vendor
        assert first is not None
        choose(modal, "data_access", "personal")
        choose(modal, "criticality", "high")
        await press(pilot, "ctrl+s")
        assert "(1 waiting)" in str(modal.query_one("#title").render())
        await press(pilot, "ctrl+n")  # skip the other
        assert isinstance(app.screen, DashboardScreen)  # the queue is done
        line = app.screen.query_one("#ratings", CountList).get_option("triage")
        assert str(line.prompt).rstrip().endswith("1")
    triaged = alice.get_vendor(first.id)
    assert (triaged.data_access, triaged.criticality) == ("personal", "high")
    assert alice.dashboard_summary().needs_triage == 1
    assert alice.audit_log(entity="vendor")[0].action == "vendor.triage"


async def test_t_on_the_vendor_screen_triages_it(alice: Service) -> None:
    async with running(alice) as (app, pilot):
        app.open_vendor(alice.get_vendor("Twilio").id)
        await settle(pilot)
        assert isinstance(app.screen, VendorScreen)
        assert "needs triage (t)" in str(app.screen.query_one("#summary", Static).render())
        await press(pilot, "t")
        modal = top(app)
        assert isinstance(modal, TriageModal)
        assert "subprocessor of LiveAgent" in str(modal.query_one("#about", Static).render())
        choose(modal, "data_access", "confidential")
        choose(modal, "criticality", "low")
        choose(modal, "kind", "service")
        await press(pilot, "ctrl+s")
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
