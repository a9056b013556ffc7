"""The vendor screen against a real database: a vendor created through the form with the
keyboard, pydantic's messages inline, the unsaved-changes prompt, a conflicting edit by
another reviewer, a certificate (a report) with evidence, and starting an assessment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from support.database import MakeService
from support.markup import EVIL
from support.pilot import SIZE, notifications, press, press_to, running, settle, text_of
from support.portfolio import add_vendor
from vendor_review.domain.assurance import ReportType
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.screens.dashboard import DashboardScreen
from vendor_review.tui.screens.vendor import VendorScreen
from vendor_review.tui.widgets.questionnaire_picker import QuestionnairePicker
from vendor_review.tui.widgets.report_forms import ReportModal
from vendor_review.tui.widgets.vendor_form import VendorForm


@pytest.fixture
def alice(make: MakeService) -> Service:
    svc = make("alice")
    add_vendor(svc, "LiveAgent", purpose="Help desk software", criticality="high")
    return svc


def error_of(app: VendorReviewApp, field: str) -> str:
    return text_of(app, f"#error-{field}")


async def open_vendor(app: VendorReviewApp, pilot: object, name: str) -> VendorScreen:
    await settle(pilot)  # type: ignore[arg-type]
    app.open_vendor(app.service.get_vendor(name).id)
    await settle(pilot)  # type: ignore[arg-type]
    assert isinstance(app.screen, VendorScreen)
    return app.screen


async def test_a_vendor_is_created_through_the_form_with_keys(alice: Service) -> None:
    async with running(alice) as (app, pilot):
        await press(pilot, "n")
        assert isinstance(app.screen, VendorScreen) and app.screen.title == "New vendor"
        await pilot.press(*"Acme Hosting", "tab", *"Acme Hosting GmbH", "tab")
        await pilot.press("enter", "up", "up", "up", "enter", "tab")  # kind: infrastructure
        await pilot.press(*"Server hosting", "tab", *"LiveAgent", "tab", *"EU, DE", "tab")
        # blank ("untriaged") first, then none, internal, confidential, personal
        await pilot.press("enter", "down", "down", "down", "down", "enter", "tab")  # personal
        await pilot.press("enter", "down", "down", "down", "enter", "tab")  # criticality: high
        await pilot.press(*"2026-01-31")
        await press(pilot, "ctrl+s")
        created = alice.get_vendor("Acme Hosting")
        assert (created.legal_entity, created.kind.value, created.purpose) == (
            "Acme Hosting GmbH",
            "infrastructure",
            "Server hosting",
        )
        assert (created.parents, created.regions) == (["LiveAgent"], ["EU", "DE"])
        assert (created.data_access.value, created.criticality.value) == ("personal", "high")
        assert created.dpa_signed_on == date(2026, 1, 31)
        assert "Added Acme Hosting" in notifications(app)
        assert app.screen.title == "Vendor: Acme Hosting"
        assert "personal data, high criticality" in text_of(app, "#summary")
        assert "not rated yet" in text_of(app, "#summary")
        assert app.unsaved() == []
        await press_to(pilot, DashboardScreen, "escape")  # nothing unsaved: leaves, no question


async def test_validation_is_shown_inline_and_nothing_is_saved(alice: Service) -> None:
    async with running(alice) as (app, pilot):
        app.new_vendor()
        await settle(pilot)
        app.screen.query_one("#input-dpa_signed_on", Input).focus()
        await pilot.press(*"2026-13-45")
        await pilot.pause()
        assert error_of(app, "dpa_signed_on").startswith("Not a date: type it as YYYY-MM-DD")
        assert error_of(app, "name") == "Required: fill this in."  # the name is still empty
        await press(pilot, "ctrl+s")
        assert alice.list_vendors().total == 1
        assert app.screen.focused is app.screen.query_one("#input-name")
        # The database's own rule (unique names) comes back from the service, inline too.
        await pilot.press(*"LiveAgent")
        app.screen.query_one("#input-dpa_signed_on", Input).value = ""
        await pilot.pause()
        assert error_of(app, "name") == "" and error_of(app, "dpa_signed_on") == ""
        await press(pilot, "ctrl+s")
        assert "already exists" in error_of(app, "name")
        assert alice.list_vendors().total == 1
        # A parent that does not exist is named under its field.
        app.screen.query_one("#input-name", Input).value = "Twilio"
        app.screen.query_one("#input-parent", Input).value = "Nobody Ltd"
        await press(pilot, "ctrl+s")
        assert "Nobody Ltd" in error_of(app, "parent")
        assert alice.list_vendors().total == 1


async def test_unsaved_changes_ask_before_they_are_thrown_away(alice: Service) -> None:
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_vendor(app, pilot, "LiveAgent")
        screen.query_one("#input-purpose", Input).focus()
        await pilot.press("end", *" and chat")  # (focus selects the text: keep it)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "LiveAgent has unsaved changes" in text_of(app, "#message")
        await pilot.press("n")  # keep editing
        await pilot.pause()
        assert app.screen is screen
        form = screen.query_one(VendorForm)
        assert form.values()["purpose"] == "Help desk software and chat"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert alice.get_vendor("LiveAgent").purpose == "Help desk software"


async def test_a_conflicting_edit_is_shown_with_a_reload(alice: Service, make: MakeService) -> None:
    bob = make("bob")
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_vendor(app, pilot, "LiveAgent")
        loaded = screen.bundle
        assert loaded is not None
        bob.update_vendor("LiveAgent", {"purpose": "Customer service platform"})
        screen.query_one("#input-owner", Input).value = "Head of Support"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        message = text_of(app, "#message")
        assert "changed by bob" in message and "purpose" in message
        assert alice.get_vendor("LiveAgent").owner is None  # nothing overwritten
        await pilot.press("y")  # reload
        await settle(pilot)
        assert app.screen is screen
        values = screen.query_one(VendorForm).values()
        assert values["purpose"] == "Customer service platform"
        assert values["owner"] is None
        assert screen.bundle is not None and screen.bundle.vendor.version > loaded.vendor.version
        assert app.is_running


async def test_a_certificate_is_added_as_a_report_with_expiry_and_evidence(
    alice: Service, tmp_path: Path
) -> None:
    certificate = tmp_path / "iso-27001.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificate")
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendor(app, pilot, "LiveAgent")
        await pilot.press("c")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReportModal)
        modal.set_text("type", ReportType.ISO27001.value)
        modal.set_text("auditor", "[b]Bureau[/b]")
        modal.set_text("expires_on", "2027-02-30")
        await settle(pilot)
        await press(pilot, "ctrl+s")
        assert "not a date" in str(modal.query_one("#problem", Static).render())
        modal.set_text("issued_on", "2024-02-28")
        modal.set_text("expires_on", "2027-02-28")
        modal.set_text("evidence", str(certificate))
        await settle(pilot)
        await press(pilot, "ctrl+s")
        (report,) = alice.list_reports(vendor="LiveAgent")
        assert (report.type, report.expires_on, report.auditor) == (
            ReportType.ISO27001,
            date(2027, 2, 28),
            "[b]Bureau[/b]",
        )
        assert report.evidence_id is not None
        await pilot.press("escape")  # from the report's screen, back to the vendor
        await settle(pilot)
        assert isinstance(app.screen, VendorScreen)
        table = app.screen.query_one("#table-reports", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[1] == "[b]Bureau[/b]" and row[2] == "2027-02-28"


async def test_an_assessment_is_started_with_a_questionnaire_for_the_vendors_kind(
    alice: Service,
) -> None:
    from vendor_review.tui.screens.assessment import AssessmentScreen

    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        await open_vendor(app, pilot, "LiveAgent")
        await press(pilot, "n")
        assert isinstance(app.screen, QuestionnairePicker)
        offered = app.screen.query_one(OptionList)
        ids = [offered.get_option_at_index(i).id for i in range(offered.option_count)]
        assert "tiny" in ids and "hosting-infrastructure" not in ids  # LiveAgent is a service
        offered.highlighted = ids.index("tiny")
        await press(pilot, "enter")
        assert isinstance(app.screen, AssessmentScreen)
        (draft,) = alice.list_assessments(vendor="LiveAgent", status=AssessmentStatus.DRAFT)
        assert app.screen.assessment_id == draft.id and draft.questionnaire_id == "tiny"
        # The history shows it; a second one with the same questionnaire is refused.
        await press(pilot, "escape")
        history = app.screen.query_one("#table-assessments", DataTable)
        assert [str(c) for c in history.get_row_at(0)][:3] == [
            str(draft.id),
            "Tiny questionnaire (v1)",
            "draft",
        ]
        await press(pilot, "n")
        offered = app.screen.query_one(OptionList)
        offered.highlighted = ids.index("tiny")
        await press(pilot, "enter")
        assert isinstance(app.screen, QuestionnairePicker)
        assert "still open" in text_of(app, "#error")
        await pilot.press("escape")
        assert isinstance(app.screen, VendorScreen)
        assert len(alice.list_assessments(vendor="LiveAgent")) == 1


async def test_markup_in_a_vendor_is_shown_literally(make: MakeService) -> None:
    svc = make("alice")
    add_vendor(svc, EVIL, purpose="[red]red[/red]", criticality="high")
    app = VendorReviewApp(svc)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_vendor(app, pilot, EVIL)
        assert screen.title == f"Vendor: {EVIL}"
        assert EVIL in text_of(app, "#summary")
        assert screen.query_one("#input-purpose", Input).value == "[red]red[/red]"
        await pilot.click("#summary", offset=(4, 0))
        await pilot.pause()
        assert app.is_running
