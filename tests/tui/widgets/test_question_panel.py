"""The question panel on a small terminal (80×24): a long question's options scroll into
view, the one the keys point at always shown; a composite condition reads with the
questions' texts and the options' labels, never ids."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from support.database import MakeService
from support.pilot import press, settle
from support.portfolio import add_vendor
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.assessment import AssessmentScreen
from vendor_review.tui.widgets.question_panel import QuestionPanel

SMALL = (80, 24)
LONG = " ".join(["How are the vendor's staff told about a change of scope, and by whom?"] * 5)
OPTIONS = "\n".join(
    f'          - {{value: o{n}, label: "Option number {n}", score: {n / 8:g}}}'
    for n in range(1, 9)
)
SMALL_YAML = f"""\
id: small
version: 1
title: Small screen questionnaire
applies_to: [infrastructure, service, subcontractor, other]
sections:
  - id: s
    title: Scope
    questions:
      - id: hosts
        text: Do you host personal data?
        type: yes_no
        scored: false
      - id: subs
        text: Do you use subcontractors?
        type: yes_no
        scored: false
      - id: long
        text: "{LONG}"
        help: "{LONG}"
        refs: ["ISO/IEC 27001:2022 A.5.19"]
        type: choice
        options:
{OPTIONS}
        show_if:
          all:
            - {{question: hosts, in: ["yes"]}}
            - {{not: {{question: subs, in: ["no"]}}}}
"""


def _line_shown(panel: QuestionPanel, line: int) -> bool:
    options = panel.query_one("#q-options", Static)
    y = options.region.y + line
    visible = panel.scrollable_content_region
    return visible.y <= y < visible.bottom


async def test_options_below_the_fold_scroll_into_view(
    make_service: MakeService, tmp_path: Path
) -> None:
    (tmp_path / "questionnaires" / "small.yaml").write_text(SMALL_YAML, encoding="utf-8")
    alice = make_service("alice")
    add_vendor(alice, "Acme")
    aid = alice.start_assessment("Acme", "small").id
    alice.answer(aid, "hosts", "yes")
    alice.answer(aid, "subs", "yes")
    app = VendorReviewApp(alice)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.open_assessment(aid)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        screen.go_to("long")
        await settle(pilot)
        panel = screen.query_one(QuestionPanel)
        meta = str(panel.query_one("#q-meta", Static).render())
        assert (
            "asked because the answer to “Do you host personal data?” is “Yes” and the "
            "answer to “Do you use subcontractors?” is not “No”"
        ) in meta.replace("\n", " ")
        assert "hosts" not in meta.split("·")[-1]  # labels, not ids
        assert _line_shown(panel, 0)  # the arrows' option, although the text is long
        await press(pilot, "8")
        assert alice.get_assessment(aid).answers["long"].value == "o8"
        assert _line_shown(panel, 7)  # the option just chosen
        await press(pilot, "up")
        assert _line_shown(panel, 6)
