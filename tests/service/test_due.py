"""The due list's rules at their boundaries, with a fixed as-of date (2026-06-15)."""

from __future__ import annotations

from datetime import date

import pytest

from support.database import MakeService
from support.portfolio import AS_OF, add_vendor_on, at, decide
from support.questionnaires import GOOD, POOR
from vendor_review.cli.due import window_days
from vendor_review.domain.assurance import ReportType
from vendor_review.domain.enums import CertificateStandard as Std
from vendor_review.service import dto
from vendor_review.service.errors import ValidationError


def rows(items: list[dto.DueItem], kind: str | None = None) -> list[tuple[object, ...]]:
    return [
        (i.vendor_name, i.due_on, i.overdue, i.days)
        for i in items
        if kind is None or i.kind == kind
    ]


def test_review_due_today_tomorrow_yesterday_and_the_window_edge(make: MakeService) -> None:
    # GOOD answers rate a low-risk vendor low: re-review 24 months after approval.
    for name, approved in [
        ("Beyond", date(2024, 7, 16)),
        ("Edge", date(2024, 7, 15)),
        ("Tomorrow", date(2024, 6, 16)),
        ("Today", date(2024, 6, 15)),
        ("Yesterday", date(2024, 6, 14)),
    ]:
        add_vendor_on(make, name, approved)
        decide(make, name, approved)
    due = make().due_list(as_of=AS_OF, within_days=30)
    assert (due.as_of, due.until) == (AS_OF, date(2026, 7, 15))
    assert rows(due.items) == [
        ("Yesterday", date(2026, 6, 14), True, -1),
        ("Today", date(2026, 6, 15), False, 0),  # due today is listed, not overdue
        ("Tomorrow", date(2026, 6, 16), False, 1),
        ("Edge", date(2026, 7, 15), False, 30),  # the window includes its last day
    ]
    assert [i.vendor_name for i in due.overdue] == ["Yesterday"]
    assert {i.kind for i in due.items} == {"review"}
    today = due.items[1]
    assert today.level == "low"
    assert today.reason.startswith("re-review due: rated low, approved 2024-06-15 (tiny,")
    wider = make().due_list(as_of=AS_OF, within_days=31)
    assert [i.vendor_name for i in wider.items][-1] == "Beyond"
    assert make().due_list(as_of=date(2026, 6, 14), within_days=0).overdue == []


def test_review_dates_clamp_to_the_end_of_the_month(make: MakeService) -> None:
    add_vendor_on(make, "Leap", date(2024, 2, 1))
    decide(make, "Leap", date(2024, 2, 29))  # low: 29 Feb 2024 + 24 months
    add_vendor_on(make, "August", date(2025, 8, 1))
    decide(make, "August", date(2025, 8, 31), POOR)  # high: 31 Aug 2025 + 6 months
    reviews = [i for i in make().due_list(as_of=AS_OF).items if i.kind == "review"]
    assert [(i.vendor_name, i.due_on, i.level) for i in reviews] == [
        ("August", date(2026, 2, 28), "high"),
        ("Leap", date(2026, 2, 28), "low"),
    ]
    assert "approved 2025-08-31" in reviews[0].reason


@pytest.mark.parametrize(
    ("as_of", "window", "days"),
    [
        (date(2026, 1, 31), (1, "m"), 28),  # to 28 Feb
        (date(2024, 1, 31), (1, "m"), 29),  # to 29 Feb in a leap year
        (date(2025, 11, 30), (3, "m"), 90),  # to 28 Feb
        (date(2026, 6, 15), (12, "w"), 84),
        (date(2026, 6, 15), (30, "d"), 30),
    ],
)
def test_window_lengths(as_of: date, window: tuple[int, str], days: int) -> None:
    assert window_days(window, as_of) == days


def test_only_the_latest_decided_assessment_counts(make: MakeService) -> None:
    add_vendor_on(make, "Renewed", date(2024, 1, 1))
    decide(make, "Renewed", date(2024, 1, 10))  # due 2026-01-10: would be overdue …
    decide(make, "Renewed", date(2025, 6, 20))  # … but re-reviewed: due 2027-06-20
    add_vendor_on(make, "Relapsed", date(2023, 1, 1))
    decide(make, "Relapsed", date(2023, 1, 10))  # due 2025-01-10
    relapsed = decide(make, "Relapsed", date(2025, 12, 20), POOR)  # high: due 2026-06-20
    add_vendor_on(make, "Pending", date(2024, 3, 1))
    pending = decide(make, "Pending", date(2024, 3, 1))  # due 2026-03-01
    alice = make("alice", at=at(date(2026, 5, 1)))
    undecided = alice.start_assessment("Pending", "tiny").id
    alice.confirm_answers(undecided)
    alice.submit(undecided)  # carried-over answers confirmed, but nobody decided yet
    items = make().due_list(as_of=AS_OF).items
    reviews = [(i.vendor_name, i.due_on, i.ref_id, i.level) for i in items if i.kind == "review"]
    assert reviews == [
        ("Pending", date(2026, 3, 1), pending, "low"),
        ("Relapsed", date(2026, 6, 20), relapsed, "high"),
    ]
    assert "never_assessed" not in {i.kind for i in items}


def test_a_rejected_vendor_has_no_review_item(make: MakeService) -> None:
    add_vendor_on(make, "Refused", date(2024, 1, 1))
    decide(make, "Refused", date(2024, 1, 10))  # approved: due 2026-01-10 …
    decide(make, "Refused", date(2025, 1, 10), approve=False)  # … then rejected
    add_vendor_on(make, "Never", date(2026, 1, 1))
    decide(make, "Never", date(2026, 1, 5), approve=False)
    assert make().due_list(as_of=AS_OF, within_days=3650).items == []


def test_offboarded_vendors_contribute_nothing(make: MakeService) -> None:
    add_vendor_on(make, "Gone", date(2024, 1, 1))
    decide(make, "Gone", date(2024, 6, 1), POOR)  # overdue review and findings
    make().add_certificate("Gone", Std.ISO_27001, expires_on=date(2026, 1, 1))
    add_vendor_on(make, "Unassessed", date(2025, 1, 1))
    before = make().due_list(as_of=AS_OF)
    assert {i.kind for i in before.items} == {"review", "finding", "certificate", "never_assessed"}
    for name in ("Gone", "Unassessed"):
        make().offboard_vendor(name, "contract ended")
    assert make().due_list(as_of=AS_OF, within_days=3650).items == []


def test_certificates_expired_expiring_and_renewed(make: MakeService) -> None:
    add_vendor_on(make, "Certs", date(2026, 6, 1))
    alice = make()
    alice.add_certificate("Certs", Std.ISO_27001, expires_on=date(2026, 5, 1))
    alice.add_certificate("Certs", Std.ISO_27001, expires_on=date(2029, 5, 1))  # renewal
    alice.add_certificate("Certs", Std.SOC_2_TYPE_II, expires_on=date(2026, 7, 15))
    alice.add_certificate("Certs", Std.PCI_DSS_AOC, expires_on=date(2026, 6, 14))
    alice.add_certificate("Certs", Std.ISO_27701, expires_on=date(2026, 6, 15))
    alice.add_certificate("Certs", Std.UPTIME_TIER_III, expires_on=date(2026, 7, 16))
    items = [i for i in alice.due_list(as_of=AS_OF).items if i.kind == "certificate"]
    assert [(i.level, i.due_on, i.overdue) for i in items] == [
        ("PCI DSS AOC", date(2026, 6, 14), True),
        ("ISO 27701", date(2026, 6, 15), False),
        ("SOC 2 Type II", date(2026, 7, 15), False),
    ]
    assert items[0].reason.startswith("PCI DSS AOC certificate expired 2026-06-14")
    assert items[1].reason.startswith("ISO 27701 certificate expires 2026-06-15")


@pytest.mark.parametrize("undated_first", [False, True], ids=["undated-newer", "undated-older"])
def test_a_report_without_an_end_date_hides_no_dated_one(
    make: MakeService, undated_first: bool
) -> None:
    """One rule on both databases: a report with no currency end supersedes nothing
    (PostgreSQL sorts NULL first, where it used to stand in for the newest)."""
    add_vendor_on(make, "Tested", date(2026, 6, 1))
    alice = make()

    dated = date(2026, 7, 1)
    for expires_on in [None, dated] if undated_first else [dated, None]:
        alice.add_report("Tested", ReportType.PENTEST, auditor="NCC Group", expires_on=expires_on)
    items = alice.due_list(as_of=AS_OF).items
    assert [
        (i.kind, i.vendor_name, i.due_on, i.overdue) for i in items if i.kind != "never_assessed"
    ] == [("certificate", "Tested", date(2026, 7, 1), False)]


def test_open_findings_past_their_due_date(make: MakeService) -> None:
    add_vendor_on(make, "Leaky", date(2026, 3, 1))
    aid = decide(make, "Leaky", date(2026, 3, 1), POOR)  # three high findings due 2026-04-30
    alice = make()
    findings = alice.get_assessment(aid).findings
    assert {(f.severity.value, f.due_on) for f in findings} == {("high", date(2026, 4, 30))}
    alice.remediate_finding(findings[0].id, "fixed")
    alice.add_finding(aid, "Due today", due_on=AS_OF)
    alice.add_finding(aid, "Due tomorrow", due_on=date(2026, 6, 16))
    items = [i for i in alice.due_list(as_of=AS_OF).items if i.kind == "finding"]
    assert [(i.ref_id, i.due_on, i.overdue, i.level) for i in items] == [
        (f.id, date(2026, 4, 30), True, "high") for f in findings[1:]
    ]
    assert f"high finding #{findings[1].id} open past its due date: " in items[0].reason


def test_vendors_never_assessed_are_due_when_added(make: MakeService) -> None:
    """GDPR Art. 28(1): assess before processing starts; ``candidate_grace_days`` is 0."""
    add_vendor_on(make, "Waiting", date(2026, 5, 15))
    add_vendor_on(make, "Fresh", date(2026, 5, 16))
    add_vendor_on(make, "New", date(2026, 6, 10))
    add_vendor_on(make, "Drafting", date(2026, 1, 1))
    alice = make()
    aid = alice.start_assessment("Drafting", "tiny").id
    for question_id, value in GOOD.items():
        alice.answer(aid, question_id, value)
    alice.submit(aid)  # submitted but not decided: still never assessed
    due = alice.due_list(as_of=AS_OF, within_days=0, kinds={"never_assessed"})
    assert rows(due.items) == [
        ("Drafting", date(2026, 1, 1), True, -165),
        ("Waiting", date(2026, 5, 15), True, -31),
        ("Fresh", date(2026, 5, 16), True, -30),
        ("New", date(2026, 6, 10), True, -5),
    ]
    assert due.items[1].reason == (
        "never assessed: added 2026-05-15, waiting 31 days; assess before processing starts "
        "(GDPR Art. 28(1))"
    )
    assert alice.due_list(as_of=AS_OF, kinds={"review", "finding"}).items == []


def test_a_negative_window_is_refused(make: MakeService) -> None:
    with pytest.raises(ValidationError, match="the window cannot be negative"):
        make().due_list(as_of=AS_OF, within_days=-1)
