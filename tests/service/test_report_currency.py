"""Currency drives the schedule (issue 12, item 6): a SOC report lapses 12 months after its
period unless a bridge letter covers later, an ISO certificate at its expiry; each is a due
item and a calendar event, and a lapse after the approval brings the re-review forward."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from icalendar import Calendar

from support.cli import RunCli
from support.database import MakeService
from support.portfolio import add_vendor_on, at, decide
from vendor_review.domain.assurance import ReportType


def soc2(make: MakeService, period_end: date) -> int:
    return (
        make()
        .add_report(
            "Linode",
            ReportType.SOC2_TYPE2,
            auditor="Schellman & Company, LLC",
            period_start=date(period_end.year - 1, period_end.month, 1),
            period_end=period_end,
        )
        .id
    )


def test_a_soc_report_lapses_a_year_after_its_period_unless_bridged(make: MakeService) -> None:
    add_vendor_on(make, "Linode", date(2025, 1, 1))
    rid = soc2(make, date(2025, 6, 30))
    items = make().due_list(as_of=date(2026, 6, 15), kinds={"certificate"}).items
    assert [(i.due_on, i.reason) for i in items] == [
        (
            date(2026, 6, 30),
            f"SOC 2 Type II report lapses 2026-06-30 (report #{rid}, period ended 2025-06-30)",
        )
    ]
    make().add_report_bridge(rid, through=date(2026, 9, 30))
    assert make().due_list(as_of=date(2026, 6, 15), kinds={"certificate"}).items == []
    later = make().due_list(as_of=date(2026, 10, 1), kinds={"certificate"}).items
    assert [(i.due_on, i.days, i.reason) for i in later] == [
        (date(2026, 9, 30), -1,
         f"SOC 2 Type II report lapsed 2026-09-30 (report #{rid}, bridge letter)"),
    ]  # fmt: skip


def test_a_newer_report_of_the_type_replaces_the_old_one_in_the_schedule(
    make: MakeService,
) -> None:
    add_vendor_on(make, "Linode", date(2025, 1, 1))
    soc2(make, date(2025, 6, 30))
    newer = soc2(make, date(2026, 3, 31))
    make().add_report(
        "Linode", ReportType.ISO27001, auditor="BSI", issued_on=date(2024, 1, 1),
        expires_on=date(2026, 7, 1),
    )  # fmt: skip
    items = make().due_list(as_of=date(2026, 6, 15), within_days=400, kinds={"certificate"})
    assert [(i.due_on, i.level, i.ref_id) for i in items.items] == [
        (date(2026, 7, 1), "ISO 27001", newer + 1),
        (date(2027, 3, 31), "SOC 2 Type II", newer),
    ]


def test_a_lapsed_report_brings_the_re_review_forward(make: MakeService) -> None:
    add_vendor_on(make, "Linode", date(2025, 1, 1))
    rid = soc2(make, date(2025, 3, 31))
    aid = decide(make, "Linode", date(2025, 9, 1))  # low: next review 2027-09-01
    items = make().due_list(as_of=date(2026, 6, 15), kinds={"review"}).items
    assert [(i.due_on, i.reason) for i in items] == [
        (
            date(2026, 3, 31),
            f"re-review due now: SOC 2 Type II report lapsed 2026-03-31 (report #{rid}, "
            f"period ended 2025-03-31, after assessment #{aid})",
        )
    ]


def test_the_calendar_has_one_event_per_report_type(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    add_vendor_on(make, "Linode", date(2025, 1, 1))
    soc2(make, date(2025, 9, 30))
    make("alice", at=at(date(2026, 6, 1))).add_report(
        "Linode", ReportType.ISO27001, auditor="BSI", issued_on=date(2024, 1, 1),
        expires_on=date(2026, 12, 31),
    )  # fmt: skip
    path = tmp_path / "due.ics"
    result = run("calendar", str(path), "--as-of", "2026-06-15")
    assert result.exit_code == 0, result.output
    events = {str(e["summary"]): e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
    assert set(events) == {"SOC 2 Type II of Linode lapses", "ISO 27001 of Linode expires"}
    assert events["SOC 2 Type II of Linode lapses"].decoded("dtstart") == date(2026, 9, 30)
    assert events["ISO 27001 of Linode expires"].decoded("dtstart") == date(2026, 12, 31)
    assert str(events["ISO 27001 of Linode expires"]["uid"]) == (
        f"certificate-{1}-iso-27001@vendor-review"
    )
