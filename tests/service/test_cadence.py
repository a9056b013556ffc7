"""Review cadence and event triggers (issue 10, item 7): interval by inherent tier,
shortened (never lengthened) by the residual rating, capped by scope; events make the
re-review due now, with the reason; candidates are due at once."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from support.database import T0, MakeService, count_events
from support.portfolio import add_vendor, answer_all
from support.questionnaires import WEAK
from vendor_review.domain.cadence import review_interval
from vendor_review.domain.enums import CertificateStandard, InherentRisk, Rating
from vendor_review.domain.policy import default_policy
from vendor_review.service import Service
from vendor_review.service.errors import ValidationError
from vendor_review.store import Database

TODAY = T0.date()
RAISED = "data access or criticality raised on 2026-04-19"


def good(evidence_id: int) -> dict[str, object]:
    return {"q1": "yes", "q2": "h24", "q3": ("yes", [evidence_id]), "q4": "full"}


def approved(
    alice: Service, bob: Service, vendor: str, answers: dict[str, object]
) -> tuple[int, date | None]:
    aid = alice.start_assessment(vendor, "mini").id
    answer_all(alice, aid, answers)
    alice.submit(aid)
    done = bob.approve(aid)
    return aid, done.next_review_due


def reviews(service: Service, on: date | None = None) -> list[tuple[str, date, str]]:
    items = service.due_list(as_of=on or TODAY, within_days=0, kinds={"review"}).items
    return [(i.vendor_name, i.due_on, i.reason) for i in items]


@pytest.mark.parametrize(
    ("inherent", "rating", "scopes", "months", "why"),
    [
        (InherentRisk.HIGH, Rating.LOW, [], 12, "high inherent tier: 12 months"),
        (InherentRisk.LOW, Rating.LOW, [], 36, "low inherent tier: 36 months"),
        (InherentRisk.LOW, Rating.HIGH, [], 6, "high residual rating: 6 months"),
        (InherentRisk.LOW, Rating.LOW, ["pci"], 12, "pci scope cap: 12 months"),
        (InherentRisk.HIGH, Rating.CRITICAL, ["pci"], 3, "critical residual rating: 3 months"),
    ],
)
def test_interval_is_the_shortest_of_tier_rating_and_scope(
    inherent: InherentRisk, rating: Rating, scopes: list[str], months: int, why: str
) -> None:
    tiers = {InherentRisk.HIGH: 12, InherentRisk.MEDIUM: 24, InherentRisk.LOW: 36}
    # a low rating would allow 48 months: it never lengthens the tier's interval
    ratings = {Rating.CRITICAL: 3, Rating.HIGH: 6, Rating.MEDIUM: 12, Rating.LOW: 48}
    got = review_interval(tiers, ratings, {"pci": 12}, inherent, rating, scopes)
    assert (got.months, got.reason) == (months, why)


def test_cadence_by_tier_shortened_by_rating_and_capped_by_pci(
    alice: Service, bob: Service, evidence_id: int
) -> None:
    add_vendor(alice, "LowTier", data_access="none", criticality="low")
    add_vendor(alice, "HighTier", data_access="personal", criticality="medium")
    add_vendor(alice, "Payments", data_access="none", criticality="low", scopes=["PCI"])
    add_vendor(alice, "Weak", data_access="none", criticality="low")
    assert alice.get_vendor("Payments").scopes == ["pci"]
    # low tier, strong → low rating: the tier's 24 months
    assert approved(alice, bob, "LowTier", good(evidence_id))[1] == date(2028, 3, 10)
    # high tier, strong → medium rating: 12 months
    assert approved(alice, bob, "HighTier", good(evidence_id))[1] == date(2027, 3, 10)
    # PCI DSS v4.0.1 12.8.4: at least yearly, whatever tier and rating say
    assert approved(alice, bob, "Payments", good(evidence_id))[1] == date(2027, 3, 10)
    # a critical failure rates it high: 6 months, shorter than the low tier's 24
    assert approved(alice, bob, "Weak", WEAK)[1] == date(2026, 9, 10)
    log = alice.audit_log(entity="assessment")
    assert any(e.reason == "next review after pci scope cap: 12 months" for e in log)


def test_unknown_scope_is_refused_and_nothing_stored(alice: Service, db: Database) -> None:
    events = count_events(db)
    with pytest.raises(ValidationError, match="'pcl' is not one of the policy's scopes 'pci'"):
        add_vendor(alice, "Typo", scopes=["pcl"])
    assert count_events(db) == events


@pytest.fixture
def twilio(alice: Service, bob: Service, evidence_id: int) -> int:
    """Twilio approved at T0 with strong answers: next review in 12 months."""
    add_vendor(alice)
    aid, due = approved(alice, bob, "Twilio", good(evidence_id))
    assert due == date(2027, 3, 10)
    return aid


def later(make_service: MakeService, days: int, actor: str = "alice") -> Service:
    return make_service(actor, at=T0 + timedelta(days=days))


def test_a_recorded_breach_makes_the_re_review_due_now(
    twilio: int, make_service: MakeService, bob: Service, evidence_id: int
) -> None:
    carol = later(make_service, 40, "carol")
    event = carol.record_vendor_event("Twilio", "breach", date(2026, 4, 15), "SMS logs exposed")
    assert (event.kind, event.recorded_by, event.recorded_on) == (
        "breach",
        "carol",
        date(2026, 4, 19),
    )
    assert reviews(carol) == []  # not yet: today is still T0 for this view
    assert reviews(carol, date(2026, 4, 19)) == [
        (
            "Twilio",
            date(2026, 4, 19),
            f"re-review due now: breach on 2026-04-15: SMS logs exposed (event #{event.id}, "
            f"after assessment #{twilio})",
        )
    ]
    assert [e.kind for e in carol.vendor_events("Twilio")] == ["breach"]
    assert carol.audit_log(entity="vendor")[0].action == "vendor.event"
    # a re-review approved after the event answers it
    alice, dave = later(make_service, 41), later(make_service, 41, "dave")
    again = alice.start_assessment("Twilio", "mini").id
    alice.confirm_answers(again, alice.unconfirmed_answers(again))
    alice.submit(again)
    dave.approve(again)
    assert reviews(dave, date(2026, 4, 20)) == []


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"data_access": "special"}, f"{RAISED}: data access personal → special"),
        ({"criticality": "high"}, f"{RAISED}: criticality medium → high"),
        ({"scopes": ["pci"]}, "scope change on 2026-04-19: scopes none → pci"),
    ],
)  # fmt: skip
def test_a_raised_profile_or_changed_scope_makes_it_due_now(
    twilio: int, make_service: MakeService, change: dict[str, object], reason: str
) -> None:
    carol = later(make_service, 40, "carol")
    carol.update_vendor("Twilio", change)
    [(_, due_on, why)] = reviews(carol, date(2026, 4, 19))
    assert due_on == date(2026, 4, 19)
    assert why.startswith(f"re-review due now: {reason} (event #")


def test_a_lowered_profile_is_no_trigger(twilio: int, make_service: MakeService) -> None:
    carol = later(make_service, 40, "carol")
    carol.update_vendor("Twilio", {"data_access": "internal", "criticality": "low"})
    assert carol.vendor_events("Twilio") == []
    assert reviews(carol, date(2026, 4, 19)) == []


def test_a_new_subprocessor_makes_its_vendor_due_now(
    twilio: int, make_service: MakeService
) -> None:
    carol = later(make_service, 40, "carol")
    carol.add_vendor(
        {"name": "Twilio SendGrid", "kind": "service", "parent": "Twilio",
         "data_access": "personal", "criticality": "low"}
    )  # fmt: skip
    [(_, due_on, why)] = reviews(carol, date(2026, 4, 19))
    assert (due_on, why.split(" (event")[0]) == (
        date(2026, 4, 19),
        "re-review due now: new subprocessor on 2026-04-19: new subprocessor Twilio SendGrid",
    )


def test_a_certificate_lapsing_after_approval_makes_it_due_now(
    alice: Service, bob: Service, make_service: MakeService, evidence_id: int
) -> None:
    add_vendor(alice)
    alice.add_certificate("Twilio", CertificateStandard.ISO_27001, expires_on=date(2026, 6, 30))
    aid, _ = approved(alice, bob, "Twilio", good(evidence_id))
    carol = later(make_service, 1, "carol")
    assert reviews(carol, date(2026, 6, 30)) == []  # valid through its last day
    assert reviews(carol, date(2026, 7, 1)) == [
        (
            "Twilio",
            date(2026, 6, 30),
            "re-review due now: ISO 27001 certificate lapsed 2026-06-30 (certificate #1, "
            f"after assessment #{aid})",
        )
    ]
    # renewed: the newest certificate of the standard counts
    alice.add_certificate("Twilio", CertificateStandard.ISO_27001, expires_on=date(2029, 6, 30))
    assert reviews(carol, date(2026, 7, 1)) == []


def test_event_input_is_checked_and_nothing_half_stored(
    twilio: int, alice: Service, db: Database
) -> None:
    events = count_events(db)
    with pytest.raises(ValidationError, match="one of 'breach', 'acquisition', 'scope-change'"):
        alice.record_vendor_event("Twilio", "new-subprocessor", TODAY, None)
    with pytest.raises(ValidationError, match="once it happened"):
        alice.record_vendor_event("Twilio", "breach", date(2026, 3, 11), None)
    assert count_events(db) == events
    assert alice.record_vendor_event("Twilio", "scope-change", TODAY, None).kind == "scope_change"


def test_candidates_are_due_at_once(alice: Service, db: Database, qdir: object) -> None:
    add_vendor(alice, "NewVendor")
    [item] = alice.due_list(as_of=TODAY, within_days=0, kinds={"never_assessed"}).items
    assert (item.due_on, item.days, item.overdue) == (TODAY, 0, False)
    assert item.reason.endswith("assess before processing starts (GDPR Art. 28(1))")
    alice.policy = replace(default_policy(), candidate_grace_days=30)
    [item] = alice.due_list(as_of=TODAY, kinds={"never_assessed"}).items
    assert item.due_on == TODAY + timedelta(days=30)
