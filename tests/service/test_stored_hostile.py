"""A text made raw outside the service (psql, an older version) does not lock its row:
a change to OTHER fields goes through; only the text a person types is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from support.cli import RunCli
from support.portfolio import add_vendor
from vendor_review.service import Service
from vendor_review.service.errors import StateError, ValidationError
from vendor_review.store import Database

RAW_NAME = "Evil\x1b[2J\u202e Corp"


def _make_raw(db: Database, vendor_id: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE vendors SET name = :n WHERE id = :i"),
                     {"n": RAW_NAME, "i": vendor_id})  # fmt: skip


def test_a_vendor_with_a_raw_stored_name_can_still_be_triaged_and_offboarded(
    alice: Service, db: Database
) -> None:
    vendor_id = add_vendor(alice, "Evil Corp")
    _make_raw(db, vendor_id)
    alice.triage_vendor(vendor_id, "personal", "high")
    assert alice.offboard_vendor(vendor_id, "contract ended").name == RAW_NAME
    alice.reinstate_vendor(vendor_id, "back")
    with pytest.raises(ValidationError, match=r"U\+001B"):  # what is typed is still refused
        alice.offboard_vendor(vendor_id, "bad \x1b reason")


def test_the_cli_offboards_it_and_prints_the_name_visibly(
    alice: Service, db: Database, run: RunCli
) -> None:
    vendor_id = add_vendor(alice, "Evil Corp")
    _make_raw(db, vendor_id)
    result = run("vendor", "offboard", str(vendor_id), "--reason", "contract ended")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "␛[2J" in result.output


def test_messages_quote_a_stored_name_visibly_not_python_style(
    alice: Service, db: Database
) -> None:
    vendor_id = add_vendor(alice, "Evil Corp")
    _make_raw(db, vendor_id)
    alice.offboard_vendor(vendor_id, "contract ended")
    with pytest.raises(StateError) as again:
        alice.offboard_vendor(vendor_id, "again")
    assert str(again.value) == "vendor 'Evil␛[2J⟨U+202E⟩ Corp' is already offboarded"
