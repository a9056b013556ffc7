"""Terminal escapes, BEL, NUL, C1 and bidi characters in a vendor name and a returned
answer comment, from a file (made visible when read) and raw in the database (stored
before the text rule, or written with SQL): the Vendors and Assessment screens render
their visible form, and no raw control or bidi character reaches the rendered screen."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import text

from support.pilot import press, running, show
from vendor_review.exchange.inbound.inventory import apply_vendor_plan, plan_vendor_import
from vendor_review.service import Service
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.assessment import AssessmentScreen

SIZE = (120, 40)
RAW = set("\x1b\x07\x00\x08\x9b\x9d\x7f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
FROM_FILE = "Wipe\x1b[2J\x1b]0;owned\x07 Ltd\u202e"
SHOWN = "Wipe␛[2J␛]0;owned␇ Ltd⟨U+202E⟩"
RAW_NAME = "Legacy\x1b[31m\u2067 GmbH"


def _screen_text(app: VendorReviewApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def test_vendors_and_assessment_screens_show_hostile_names_visibly(
    alice: Service, tmp_path: Path
) -> None:
    inventory = tmp_path / "vendors.csv"
    with inventory.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [["name", "kind", "data access", "criticality"],
             [FROM_FILE, "service", "personal", "high"]]
        )  # fmt: skip
    apply_vendor_plan(alice, plan_vendor_import(alice, inventory))
    assert alice.get_vendor(SHOWN).name == SHOWN  # stored in its visible form
    alice.add_vendor({"name": "Legacy", "kind": "service"})
    with alice.db.sessionmaker.begin() as session:  # raw, as SQL could write it
        session.execute(text("UPDATE vendors SET name = :n WHERE name = 'Legacy'"),
                        {"n": RAW_NAME})  # fmt: skip
    aid = alice.start_assessment(SHOWN, "mini").id

    async with running(alice) as (app, pilot):
        await press(pilot, "v")
        screen = _screen_text(app)
        assert "Wipe␛[2J" in screen and "Legacy␛[31m⟨U+2067⟩" in screen
        assert not RAW & set(screen), repr(screen)
        await show(pilot, AssessmentScreen(aid))
        screen = _screen_text(app)
        assert "Wipe␛[2J" in screen
        assert not RAW & set(screen), repr(screen)
