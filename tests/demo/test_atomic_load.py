"""``demo`` loads in one transaction: failing (or killed) part-way leaves nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

import vendor_review.demo as demo
from vendor_review.demo import load_demo
from vendor_review.settings import Settings
from vendor_review.store import open_database


def test_a_failure_part_way_leaves_the_database_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    calls = 0
    approve = demo.Timeline.approve_for_due

    def fail_on_second(self: demo.Timeline, *args: object) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # vendors, a certificate, an approved assessment are in by now
            raise RuntimeError("killed part-way")
        approve(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(demo.Timeline, "approve_for_due", fail_on_second)
    with pytest.raises(RuntimeError, match="killed part-way"):
        load_demo(Settings(), url, as_of=date(2026, 3, 1))
    assert calls == 2
    with open_database(url) as db, db.engine.connect() as connection:
        for table in ("vendors", "assessments", "assurance_reports", "audit_events"):
            count = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            assert count == 0, table
    monkeypatch.undo()
    assert "9 vendors" in load_demo(Settings(), url, as_of=date(2026, 3, 1))
