"""The app checks its SQLite file as it opens (``PRAGMA quick_check`` in a worker): a
damaged file says so at once — read-only, and how to recover from a backup — and the
screens still read what they can."""

from __future__ import annotations

from pathlib import Path

from support.database import service_factory
from support.pilot import notifications, settle
from support.portfolio import add_vendor
from support.questionnaires import questionnaire_dir
from support.sqlite_files import damage
from vendor_review.store import open_database
from vendor_review.tui.app import VendorReviewApp


async def test_a_damaged_database_is_reported_read_only_as_the_app_opens(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    qdir = questionnaire_dir(tmp_path / "questionnaires", "mini", "kinds")
    with open_database(f"sqlite:///{path}") as db:
        alice = service_factory(db, qdir)("alice")
        for i in range(150):
            add_vendor(alice, f"Vendor {i:03}", purpose="hosting " * 40)
    damage(path)
    with open_database(f"sqlite:///{path}") as db:
        app = VendorReviewApp(service_factory(db, qdir)("alice"))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            said = " ".join(notifications(app))
            assert f"database file {path} is damaged" in said, said
            assert "vendor-review backup" in said and ".recover" in said
            assert app.sub_title.endswith("· read-only")


async def test_a_sound_database_says_nothing(tmp_path: Path) -> None:
    qdir = questionnaire_dir(tmp_path / "questionnaires", "mini", "kinds")
    with open_database(f"sqlite:///{tmp_path / 'fine.db'}") as db:
        app = VendorReviewApp(service_factory(db, qdir)("alice"))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert not any("damaged" in n for n in notifications(app))
            assert "read-only" not in app.sub_title
