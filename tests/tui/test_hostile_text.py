"""Terminal escapes, BEL, NUL, C1 and bidi characters in a vendor name and a returned
answer comment, from a file (made visible when read) and raw in the database (stored
before the text rule, or written with SQL): the Vendors and Assessment screens render
their visible form, and no raw control or bidi character reaches the rendered screen."""

from __future__ import annotations

import csv
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from textual.pilot import Pilot
from textual.widgets import TabbedContent

from support.database import copy_database, demo_sqlite_url, open_sqlite, service_factory
from support.fuzz import examples
from support.hostile import MARKER, poison, raw_in
from support.hostile import RAW as RAW_CHARS
from support.pilot import press, running, settle, show
from support.questionnaires import questionnaire_dir
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.exchange.inbound.inventory import apply_vendor_plan, plan_vendor_import
from vendor_review.service import FixedClock, Service, builtin_policy, catalog_for
from vendor_review.store import open_database
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

    async with running(alice, size=SIZE) as (app, pilot):
        await press(pilot, "v")
        screen = _screen_text(app)
        assert "Wipe␛[2J" in screen and "Legacy␛[31m⟨U+2067⟩" in screen
        assert not RAW & set(screen), repr(screen)
        await show(pilot, AssessmentScreen(aid))
        screen = _screen_text(app)
        assert "Wipe␛[2J" in screen
        assert not RAW & set(screen), repr(screen)


# --- every screen, on a portfolio whose every text column was written raw ----------------

AS_OF = date(2026, 6, 15)
Visit = Callable[[VendorReviewApp, Pilot[None]], Awaitable[None]]


@pytest.fixture(scope="module")
def poisoned_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example portfolio with ``support.hostile.HOSTILE`` appended to every free-text
    column (names, purposes, notes, comments, findings, certificates, evidence, actors,
    questionnaire texts) and one raw audit event, written with SQL past every rule."""
    path = tmp_path_factory.mktemp("poisoned") / "demo.db"
    db = open_database(demo_sqlite_url(path))
    try:
        poison(db.engine)
    finally:
        db.dispose()
    return path


@pytest.fixture
def poisoned(poisoned_database: Path, tmp_path: Path) -> Iterator[Service]:
    path = tmp_path / "demo.db"
    copy_database(poisoned_database, path)
    db = open_database(f"sqlite:///{path}")
    catalog = catalog_for([])
    try:
        yield Service(db, actor="demo.bob", catalog=lambda: catalog, policy=builtin_policy(),
                      clock=FixedClock(datetime(2026, 6, 15, 9, 0, tzinfo=UTC)))  # fmt: skip
    finally:
        db.dispose()


def _keys(*pressed: str) -> Visit:
    async def visit(app: VendorReviewApp, pilot: Pilot[None]) -> None:
        for key in pressed:
            await press(pilot, key)

    return visit


def _call(go: Callable[[VendorReviewApp], object], *then: str) -> Visit:
    async def visit(app: VendorReviewApp, pilot: Pilot[None]) -> None:
        go(app)
        await settle(pilot)
        await _keys(*then)(app, pilot)

    return visit


def _vendor(app: VendorReviewApp, name: str) -> int:
    return next(v.id for v in app.service.list_vendors(text=name).rows if v.name.startswith(name))


def _report(app: VendorReviewApp, vendor: str) -> int:
    return app.service.list_reports(vendor=_vendor(app, vendor))[0].id


def _tab(vendor: str, tab: str) -> Visit:
    async def visit(app: VendorReviewApp, pilot: Pilot[None]) -> None:
        app.open_vendor(_vendor(app, vendor))
        await settle(pilot)
        app.screen.query_one(TabbedContent).active = tab
        await settle(pilot)

    return visit


def _due_with_items(app: VendorReviewApp) -> tuple[str, str]:
    from vendor_review.tui.screens.due import BUCKETS, in_bucket

    items = app.service.due_list(within_days=90, kinds={"review", "certificate", "finding"})
    for item in items.items:
        for bucket in BUCKETS:
            if in_bucket(item, bucket):
                return item.kind, bucket
    raise AssertionError("the example portfolio has nothing due")


def _draft(app: VendorReviewApp) -> int:
    return app.service.list_assessments(status=AssessmentStatus.DRAFT)[0].id


def _submitted(app: VendorReviewApp) -> int:
    return app.service.list_assessments(status=AssessmentStatus.SUBMITTED)[0].id


def _approved(app: VendorReviewApp) -> int:
    return app.service.list_assessments(status=AssessmentStatus.APPROVED)[0].id


# name → (how to get there, whether a poisoned text is on it)
SCREENS: dict[str, Visit] = {
    "dashboard": _keys(),
    "vendors": _keys("v"),
    "vendors tree": _keys("v", "t", "space", "down", "space"),
    "vendor": _call(lambda app: app.open_vendor(_vendor(app, "LiveAgent"))),
    **{
        f"vendor {tab}": _tab("Websupport", tab)
        for tab in ("subprocessors", "reports", "assessments", "findings")
    },
    "report reviewed": _call(lambda app: app.open_report(_report(app, "Linode")), "w"),
    "obligations": _keys("o"),
    "vendor audit trail": _call(lambda app: app.open_vendor(_vendor(app, "LiveAgent")), "l"),
    "assessment draft": _call(lambda app: app.open_assessment(_draft(app)), "down", "down"),
    "submit summary": _call(lambda app: app.open_assessment(_draft(app)), "S"),
    "assessment submitted": _call(lambda app: app.open_assessment(_submitted(app))),
    "assessment approved": _call(lambda app: app.open_assessment(_approved(app))),
    "approvals": _keys("a"),
    "approval note": _keys("a", "x"),
    "findings": _keys("f", "down"),
    "finding note": _keys("f", "m"),
    "due": _call(lambda app: app.open_due(*_due_with_items(app))),
    "audit log": _keys("l", "down"),
    "help": _call(lambda app: app.open_assessment(_draft(app)), "question_mark"),
    "rating group": _call(lambda app: app.open_vendor_list(rating="medium", title=None)),
}


SHOW_NO_STORED_TEXT = {"help"}


def screen_text(app: VendorReviewApp) -> str:
    """What the terminal would show: the composed lines of the screen on top (with its
    notifications and any modal's background)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize("name", list(SCREENS))
async def test_every_screen_shows_text_written_raw_in_its_visible_form(
    poisoned: Service, name: str
) -> None:
    async with running(poisoned, size=SIZE) as (app, pilot):
        await SCREENS[name](app, pilot)
        shown = screen_text(app) + "\n" + str(app.title) + str(app.sub_title)
        shown += "".join(n.message + (n.title or "") for n in app._notifications)
        assert not raw_in(shown), f"{name}: {sorted(map(hex, map(ord, raw_in(shown))))}"
        if name not in SHOW_NO_STORED_TEXT:
            assert MARKER in shown, f"{name} shows no poisoned text:\n{shown}"


async def test_hostile_text_typed_in_the_app_is_refused_naming_field_and_character(
    alice: Service,
) -> None:
    """Pasted into the vendor form (a name with a bidi override, a purpose with ESC):
    refused under its field, naming the character, and nothing is stored; the boxes draw
    what was pasted harmlessly (``TextInput``: ESC as ␛, others as U+FFFD)."""
    from textual.widgets import Input

    async with running(alice, size=SIZE) as (app, pilot):
        app.new_vendor()
        await settle(pilot)
        app.screen.query_one("#input-name", Input).value = "Evil\u202e Ltd"
        app.screen.query_one("#input-purpose", Input).value = "hosting\x1b[2J"
        await press(pilot, "ctrl+s")
        name_error = str(app.screen.query_one("#error-name").render())
        purpose_error = str(app.screen.query_one("#error-purpose").render())
        assert "contains U+202E (RIGHT-TO-LEFT OVERRIDE)" in name_error, name_error
        assert "contains U+001B (ESC)" in purpose_error, purpose_error
        assert alice.list_vendors().total == 0
        drawn = screen_text(app)
        assert not raw_in(drawn), sorted(map(hex, map(ord, raw_in(drawn))))
        boxes = [
            app.screen.query_one(f"#input-{n}").render_line(0).text for n in ("name", "purpose")
        ]
        assert "Evil\ufffd Ltd" in boxes[0] and "hosting␛[2J" in boxes[1], boxes


async def test_text_pasted_into_a_multi_line_editor_is_drawn_harmlessly(
    alice: Service,
) -> None:
    """Pasted into the note editor (``TextEditor``): drawn as ␛ and U+FFFD, kept as typed
    (so saving it is refused naming the character); the same for the vendor form's notes."""
    from textual import events
    from textual.widgets import TextArea

    from vendor_review.tui.widgets.note_modal import NoteModal

    pasted = "before\x1b[2J\u202e after\tend"
    async with running(alice, size=SIZE) as (app, pilot):
        await show(pilot, NoteModal("Note"))
        area = app.screen.query_one("#note", TextArea)
        app.post_message(events.Paste(pasted))  # as the terminal delivers a paste
        await settle(pilot)
        assert area.text == pasted
        drawn = screen_text(app)
        assert not raw_in(drawn), sorted(map(hex, map(ord, raw_in(drawn))))
        assert "before␛[2J\ufffd after" in drawn, drawn
        await press(pilot, "escape")
        await settle(pilot)
        app.new_vendor()
        await settle(pilot)
        notes = app.screen.query_one("#input-notes", TextArea)
        notes.focus()
        app.post_message(events.Paste("ops\x07\u2067 team"))
        await settle(pilot)
        drawn = screen_text(app)
        assert not raw_in(drawn), sorted(map(hex, map(ord, raw_in(drawn))))
        assert notes.text == "ops\x07\u2067 team", repr(notes.text)
        line = notes.render_line(0).text
        assert "ops␇\ufffd team" in line and not raw_in(line), repr(line)


async def test_the_folder_tree_of_the_path_picker_shows_file_names_visibly(
    alice: Service, tmp_path: Path
) -> None:
    """A file named with ESC, BEL and a bidi override, listed in the path picker's folder
    tree: its name is drawn visibly (␛, ␇, ⟨U+202E⟩), nothing raw reaches the screen."""
    from vendor_review.tui.widgets.path_modal import PathModal

    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "evil\x1b[2J\x07\u202efdp.pdf").write_bytes(b"%PDF")
    async with running(alice, size=SIZE) as (app, pilot):
        picker = PathModal("Pick", mode="read", suffixes=(".pdf",), initial=f"{folder}/")
        await show(pilot, picker)
        await press(pilot, "down")  # the folder tree, its folder loaded
        drawn = screen_text(app)
        assert not raw_in(drawn), sorted(map(hex, map(ord, raw_in(drawn))))
        assert "evil␛[2J␇⟨U+202E⟩fdp.pdf" in drawn, drawn


pieces = st.sampled_from([*sorted(RAW_CHARS), "\x1b[2J", "\x1b]0;t\x07", "\u200d", "\u200b"])
hostile = st.lists(st.one_of(pieces, st.text("abc XYZ", min_size=1, max_size=3)),
                   min_size=1, max_size=8).map(lambda p: "Hx " + "".join(p))  # fmt: skip


@settings(max_examples=examples(5), deadline=None, suppress_health_check=list(HealthCheck))
@given(from_file=hostile, raw=hostile, note=hostile)
def test_any_hostile_text_is_drawn_harmlessly(
    tmp_path_factory: pytest.TempPathFactory, from_file: str, raw: str, note: str
) -> None:
    """Generated names from an inventory file (stored visible) and written raw with SQL
    (a name, a purpose, notes): the Vendors list, the tree and the vendor screen draw no
    raw control, bidi or invisible character."""
    import asyncio

    tmp = tmp_path_factory.mktemp("drawn")
    inventory = tmp / "vendors.csv"
    with inventory.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["name", "kind"], [from_file.replace("\x00", ""), "service"]])
    db = open_sqlite(tmp / "tui.db")
    try:
        qdir = questionnaire_dir(tmp / "questionnaires", "mini", "kinds")
        alice = service_factory(db, qdir)("alice")
        apply_vendor_plan(alice, plan_vendor_import(alice, inventory))
        vid = alice.add_vendor({"name": "Legacy", "kind": "service"}).id
        with db.engine.begin() as connection:
            connection.execute(
                text("UPDATE vendors SET name = :n, purpose = :p, notes = :o WHERE id = :i"),
                {"n": raw, "p": raw, "o": note, "i": vid},
            )

        async def draw() -> list[str]:
            app = VendorReviewApp(alice)
            drawn = []
            async with app.run_test(size=SIZE) as pilot:
                await settle(pilot)
                for keys in (("v",), ("t",)):
                    await press(pilot, *keys)
                    drawn.append(screen_text(app))
                app.open_vendor(vid)
                await settle(pilot)
                drawn.append(screen_text(app) + str(app.screen.title))
            return drawn

        for shown in asyncio.run(draw()):
            assert not raw_in(shown), (raw, note, sorted(map(hex, map(ord, raw_in(shown)))))
    finally:
        db.dispose()
