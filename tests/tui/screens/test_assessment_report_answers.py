"""The question panel says which report a pre-filled answer came from, and y confirms it
like a carried-over answer (issue 12 item 5)."""

from __future__ import annotations

from datetime import date

from support.pilot import press, show, text_of
from support.portfolio import add_vendor
from vendor_review.domain.assurance import Opinion, ReportType
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.assessment import AssessmentScreen

SIZE = (140, 40)


async def test_a_report_answer_shows_its_source_until_and_after_it_is_confirmed(
    alice: Service,
) -> None:
    add_vendor(alice, "Example Hosting", kind="infrastructure")
    report = alice.add_report(
        "Example Hosting", ReportType.ISO27001, auditor="BSI", opinion=Opinion.VALID,
        issued_on=date(2025, 3, 14), expires_on=date(2028, 3, 13),
    )  # fmt: skip
    aid = alice.start_assessment("Example Hosting", "hosting-infrastructure").id
    source = f"From ISO/IEC 27001 certificate, report #{report.id}"
    app = VendorReviewApp(alice)
    async with app.run_test(size=SIZE) as pilot:
        screen = AssessmentScreen(aid)
        await show(pilot, screen)
        assert screen.current == "cert.iso27001_scope"  # the first one left to answer
        await press(pilot, "k", "k")
        assert screen.current == "cert.iso27001"
        assert screen.model is not None
        assert screen.model.carried_ids == [
            "cert.iso27001",
            "cert.iso27001_current",
            "cert.iso27001_expiry",
        ]
        assert f"↺ {source}: check it, then y confirms it" in text_of(screen, "#q-extra")
        assert text_of(screen, "#q-status").startswith("Pre-filled when alice started it")
        await press(pilot, "y")
        assert text_of(screen, "#q-status").startswith("Confirmed ✓")
        assert f"{source}, confirmed" in text_of(screen, "#q-extra")
    answer = alice.get_assessment(aid).answers["cert.iso27001"]
    assert (answer.carried_over, answer.source_report_id) == (False, report.id)
