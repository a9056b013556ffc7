"""``vendor-review calendar``: the .ics file parsed back with icalendar."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar

from support.cli import RunCli
from support.database import MakeService
from support.fixtures.due import make, run, tiny_dir
from support.portfolio import add_vendor_on, decide
from support.questionnaires import POOR
from vendor_review.domain.enums import CertificateStandard as Std

__all__ = ["make", "run", "tiny_dir"]  # on both backends (this folder: SQLite)


def events(path: Path) -> dict[str, Any]:
    """UID → the parsed VEVENT."""
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def scenario(make: MakeService) -> None:
    add_vendor_on(make, "Acme Hosting", date(2024, 7, 1))
    decide(make, "Acme Hosting", date(2024, 7, 1))  # low: re-review 2026-07-01
    add_vendor_on(make, "Globex", date(2026, 6, 1))  # never assessed: not a calendar event
    make().add_certificate("Globex", Std.SOC_2_TYPE_II, expires_on=date(2026, 8, 1))
    make().add_certificate("Globex", Std.ISO_27001, expires_on=date(2028, 1, 1))  # beyond 12m
    add_vendor_on(make, "Initech", date(2025, 1, 1))
    decide(make, "Initech", date(2025, 1, 1), POOR)  # overdue review and findings
    make().offboard_vendor("Initech", "contract ended")


def test_one_all_day_event_per_review_and_certificate(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    scenario(make)
    path = tmp_path / "reviews.ics"
    result = run("calendar", str(path), "--as-of", "2026-06-15")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote 2 events to {path}"
    found = events(path)
    assert len(found) == 2
    starts = {e.decoded("dtstart"): e for e in found.values()}
    assert set(starts) == {date(2026, 7, 1), date(2026, 8, 1)}
    for day, event in starts.items():
        assert type(event.decoded("dtstart")) is date  # all-day, not a datetime
        assert event.decoded("dtend") == day + timedelta(days=1)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger") == timedelta(days=-14)
        assert str(alarms[0]["action"]) == "DISPLAY"
    review, cert = starts[date(2026, 7, 1)], starts[date(2026, 8, 1)]
    assert str(review["summary"]) == "Re-review Acme Hosting (rated low)"
    assert str(cert["summary"]) == "SOC 2 Type II of Globex expires"
    assert str(cert["description"]).startswith("SOC 2 Type II certificate expires 2026-08-01")
    text = path.read_text(encoding="utf-8")
    assert "alice" not in text and "bob" not in text  # no people, only vendor names
    assert "Initech" not in text


def test_uids_are_stable_across_exports_re_reviews_and_renewals(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    scenario(make)
    first, second, third = (tmp_path / f"{n}.ics" for n in ("first", "second", "third"))
    assert run("calendar", str(first), "--as-of", "2026-06-15").exit_code == 0
    assert run("calendar", str(second), "--as-of", "2026-06-20").exit_code == 0
    assert first.read_bytes().count(b"BEGIN:VEVENT") == 2
    before, again = events(first), events(second)
    assert set(before) == set(again)
    for uid, event in before.items():
        assert event.decoded("dtstart") == again[uid].decoded("dtstart")
    # A re-review and a renewal move the events; re-importing updates, never duplicates.
    decide(make, "Acme Hosting", date(2026, 6, 10), POOR)  # high: due 2026-12-10
    make().add_certificate("Globex", Std.SOC_2_TYPE_II, expires_on=date(2027, 5, 1))
    assert run("calendar", str(third), "--as-of", "2026-06-20").exit_code == 0
    after = events(third)
    assert set(after) == set(before)
    assert sorted(e.decoded("dtstart") for e in after.values()) == [
        date(2026, 12, 10),
        date(2027, 5, 1),
    ]
    for uid, event in after.items():
        assert int(event["sequence"]) > int(before[uid]["sequence"])


def test_an_existing_file_is_kept_unless_forced(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    scenario(make)
    path = tmp_path / "reviews.ics"
    path.write_text("mine", encoding="utf-8")
    refused = run("calendar", str(path), "--as-of", "2026-06-15")
    assert refused.exit_code == 2
    assert "exists; use --force to overwrite it" in refused.output
    assert path.read_text(encoding="utf-8") == "mine"
    forced = run("calendar", str(path), "--as-of", "2026-06-15", "--force")
    assert forced.exit_code == 0
    assert len(events(path)) == 2
    missing = run("calendar", str(tmp_path / "nowhere" / "x.ics"), "--as-of", "2026-06-15")
    assert missing.exit_code == 2
    assert "does not exist" in missing.output
    assert run("calendar", str(path), "--within", "soon").exit_code == 2


def test_the_window_limits_the_events(make: MakeService, run: RunCli, tmp_path: Path) -> None:
    scenario(make)
    path = tmp_path / "near.ics"
    result = run("calendar", str(path), "--as-of", "2026-06-15", "--within", "30d")
    assert result.exit_code == 0
    assert [e.decoded("dtstart") for e in events(path).values()] == [date(2026, 7, 1)]
