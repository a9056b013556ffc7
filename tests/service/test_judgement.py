"""Issue 10's scenarios with the built-in questionnaires: answers a practitioner accepts open
no finding; the ones they would not accept do, at the severity they would give."""

from __future__ import annotations

import pytest

from support.portfolio import add_vendor
from vendor_review.demo.answers import Profile, answer_questions
from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.enums import Severity
from vendor_review.service import Service
from vendor_review.service.errors import ValidationError

HOSTING = "hosting-infrastructure"

# A certified Tier III colocation: daily backups, a yearly restore test, 99.95 %, a SOC 2
# Type II without a bridge letter, a tabletop DR test, no card data.
COLOCATION: dict[str, AnswerValue] = {
    "cert.soc_current": "recent",
    "cert.pci_dss": "na",
    "facility.tier": "tier_iii",
    "facility.tier_verified": "constructed_certified",
    "facility.power_redundancy": "n_plus_1_two_paths",
    "facility.power_components": ["ups", "generators"],
    "facility.power_tested": "yearly",
    "backup.frequency": "daily",
    "backup.restore_tested": "yearly",
    "continuity.dr_tested": "tabletop_12m",
    "continuity.sla": "sla_9995",
    "history.breaches": "disclosed_remediated",
}
NOT_DISCLOSED = "not_disclosed"
# A hyperscaler that publishes none of its facility design: its SOC 2 covers it.
HYPERSCALER: dict[str, AnswerValue] = {
    "facility.tier": NOT_DISCLOSED,
    "facility.power_redundancy": NOT_DISCLOSED,
    "facility.power_components": [NOT_DISCLOSED],
    "facility.power_tested": NOT_DISCLOSED,
    "physical.access_control": NOT_DISCLOSED,
    "physical.cctv": NOT_DISCLOSED,
    "physical.visitors": NOT_DISCLOSED,
    "physical.access_review": NOT_DISCLOSED,
    "physical.environment": [NOT_DISCLOSED],
    "physical.disposal": NOT_DISCLOSED,
    "cert.soc_current": "recent",
}


def run(
    service: Service,
    vendor: str,
    questionnaire: str,
    overrides: dict[str, AnswerValue],
    comments: dict[str, str] | None = None,
) -> int:
    add_vendor(service, vendor, kind="infrastructure", criticality="high")
    aid = service.start_assessment(vendor, questionnaire).id
    profile = Profile(f"{vendor}.txt", overrides, comments or {})
    answer_questions(service, aid, profile, vendor=vendor, tick=lambda: None)
    service.submit(aid)
    return aid


def test_certified_tier_iii_colocation_opens_no_finding(alice: Service) -> None:
    comments = {"cert.pci_dss": "No card data is hosted; PCI DSS is not relied on."}
    aid = run(alice, "Colo", HOSTING, COLOCATION, comments)
    detail = alice.get_assessment(aid)
    assert detail.findings == []
    report = alice.score_report(aid)
    assert report.critical_failures == []
    below = [q.question_id for q in report.questions if q.met is False]
    assert below == []
    # Below full marks, but acceptable: each line shows it.
    lines = {q.question_id: q for q in report.questions}
    assert (lines["backup.restore_tested"].score, lines["backup.restore_tested"].met) == (0.6, True)
    assert lines["facility.tier"].accept_at == 0.75
    assert report.control_score is not None and report.control_score < 100
    assert report.rating == "medium"  # inherent high (personal × high), band strong


def test_hyperscaler_covered_by_its_soc2_is_not_rated_high(alice: Service) -> None:
    aid = run(alice, "Hyperscaler", HOSTING, HYPERSCALER)
    detail = alice.get_assessment(aid)
    assert detail.findings == []
    report = alice.score_report(aid)
    assert report.band == "strong"
    assert report.rating not in ("high", "critical")


def test_72_hour_breach_notice_is_acceptable(alice: Service) -> None:
    aid = run(alice, "Processor", "dpa-safeguards", {"breach.notify": "within_72h"})
    assert alice.get_assessment(aid).findings == []
    report = alice.score_report(aid)
    assert report.critical_failures == []
    line = next(q for q in report.questions if q.question_id == "breach.notify")
    assert (line.score, line.accept_at, line.met) == (0.9, 0.9, True)


def test_without_undue_delay_with_a_committed_maximum_is_acceptable(alice: Service) -> None:
    aid = run(alice, "Processor", "dpa-safeguards", {"breach.notify": "undue_delay_72h"})
    assert alice.get_assessment(aid).findings == []


def test_without_undue_delay_and_no_maximum_is_a_finding(alice: Service) -> None:
    aid = run(alice, "Processor", "dpa-safeguards", {"breach.notify": "undefined"})
    findings = alice.get_assessment(aid).findings
    assert [(f.question_id, f.severity) for f in findings] == [("breach.notify", Severity.MEDIUM)]
    # still a critical question below accept_at: the rating is at least high
    report = alice.score_report(aid)
    assert report.critical_failures == ["breach.notify"]
    assert report.rating in ("high", "critical")


def test_na_on_a_required_control_needs_a_reason(alice: Service) -> None:
    add_vendor(alice, "Colo", kind="infrastructure")
    aid = alice.start_assessment("Colo", HOSTING).id
    with pytest.raises(ValidationError, match=r"N/A on cert.pci_dss needs a reason"):
        alice.answer(aid, "cert.pci_dss", "na")
    saved = alice.answer(aid, "cert.pci_dss", "na", comment="No card data hosted there.")
    assert (saved.value, saved.comment) == ("na", "No card data hosted there.")


def test_ai_section_follows_the_scoping_question(alice: Service) -> None:
    add_vendor(alice, "SaaS")
    aid = alice.start_assessment("SaaS", "service-subprocessor").id
    alice.answer(aid, "scope.ai", "no")
    report = alice.score_report(aid)
    states = {q.question_id: q.state for q in report.questions}
    assert states["scope.ai"] == "recorded"
    assert states["ai.training"] == "hidden"
    alice.answer(aid, "scope.ai", "yes")
    alice.answer(aid, "ai.training", "yes")
    line = next(q for q in alice.score_report(aid).questions if q.question_id == "ai.training")
    assert (line.state, line.met) == ("scored", False)
