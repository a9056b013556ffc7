"""Answers read off a vendor's assurance reports: which report answers, what it says, and
nothing where the report says nothing (issue 12 item 5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from vendor_review.domain.assurance import Opinion, ReportType
from vendor_review.domain.loader import builtin_questionnaire_dir, load_questionnaire_file
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.report_answers import ReportOnFile, report_answers

TODAY = date(2026, 12, 2)
ISO = ReportOnFile(
    id=3, type=ReportType.ISO27001, currency_end=date(2028, 3, 13), covers_our_service=True,
    issued_on=date(2025, 3, 14), expires_on=date(2028, 3, 13), opinion=Opinion.VALID,
    auditor="BSI", certificate_number="IS 712345",
)  # fmt: skip
SOC2 = ReportOnFile(
    id=5, type=ReportType.SOC2_TYPE2, currency_end=date(2027, 9, 30), covers_our_service=True,
    period_start=date(2025, 10, 1), period_end=date(2026, 9, 30), opinion=Opinion.UNQUALIFIED,
)  # fmt: skip


def builtin(name: str) -> Questionnaire:
    path = builtin_questionnaire_dir() / f"{name}.yaml"
    return load_questionnaire_file(path, builtin=True).questionnaire


HOSTING = builtin("hosting-infrastructure")
SERVICE = builtin("service-subprocessor")


def values(q: Questionnaire, *reports: ReportOnFile, today: date = TODAY) -> dict[str, object]:
    return {qid: found.value for qid, found in report_answers(q, reports, today).items()}


def test_a_current_iso_certificate_answers_held_current_scope_and_expiry() -> None:
    found = report_answers(HOSTING, [ISO], TODAY)
    assert {qid: a.value for qid, a in found.items()} == {
        "cert.iso27001": "yes",
        "cert.iso27001_current": "yes",
        "cert.iso27001_scope": "all_sites",
        "cert.iso27001_expiry": "2028-03-13",
    }
    assert {a.report_id for a in found.values()} == {3}
    assert found["cert.iso27001"].source == "report:3"
    assert found["cert.iso27001"].described == "from ISO/IEC 27001 certificate, report #3"
    assert report_answers(HOSTING, [SOC2], TODAY)["cert.soc_report"].described == (
        "from SOC 2 Type II report #5"
    )


def test_an_expired_certificate_says_not_current_and_nothing_else() -> None:
    lapsed = replace(ISO, expires_on=date(2026, 11, 30), currency_end=date(2026, 11, 30))
    assert values(HOSTING, lapsed) == {"cert.iso27001_current": "no"}


def test_the_last_day_of_currency_is_still_current() -> None:
    assert values(HOSTING, ISO, today=date(2028, 3, 13))["cert.iso27001"] == "yes"
    assert values(HOSTING, ISO, today=date(2028, 3, 14)) == {"cert.iso27001_current": "no"}


def test_a_report_of_another_type_answers_nothing() -> None:
    pentest = ReportOnFile(id=9, type=ReportType.PENTEST, currency_end=date(2027, 1, 1))
    assert values(HOSTING, pentest) == {}
    assert values(SERVICE, pentest) == {}


def test_scope_not_covering_is_in_scope_no() -> None:
    assert values(HOSTING, replace(ISO, covers_our_service=False))["cert.iso27001_scope"] == (
        "not_covered"
    )
    assert values(SERVICE, replace(ISO, covers_our_service=False))["assurance.scope"] == "no"


def test_scope_not_yet_answered_by_the_reviewer_is_left_open() -> None:
    found = values(HOSTING, replace(ISO, covers_our_service=None))
    assert "cert.iso27001_scope" not in found
    assert found["cert.iso27001"] == "yes"


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (SOC2, "in_scope_clean"),
        (replace(SOC2, exceptions=1), "in_scope_exceptions"),
        (replace(SOC2, opinion=Opinion.QUALIFIED), "in_scope_exceptions"),
        (replace(SOC2, covers_our_service=False), "carved_out"),
    ],
)
def test_soc_coverage_reads_scope_opinion_and_exceptions(
    report: ReportOnFile, expected: str
) -> None:
    assert values(HOSTING, report)["cert.soc_scope"] == expected


@pytest.mark.parametrize(
    ("today", "bridged", "expected"),
    [
        (date(2026, 12, 30), None, "recent_bridged"),  # within 3 months: no gap to bridge
        (date(2027, 1, 1), None, "recent"),  # past 3 months, no bridge letter
        (date(2027, 1, 1), date(2027, 3, 31), "recent_bridged"),
        (date(2027, 10, 1), None, "stale"),
    ],
)
def test_soc_currency_on_both_sides_of_the_gap(
    today: date, bridged: date | None, expected: str
) -> None:
    report = replace(SOC2, bridged_through=bridged)
    assert values(HOSTING, report, today=today)["cert.soc_current"] == expected


def test_the_first_listed_type_wins_then_the_newest() -> None:
    soc1 = ReportOnFile(
        id=7, type=ReportType.SOC1_TYPE2, currency_end=date(2027, 12, 31),
        period_end=date(2026, 12, 1), covers_our_service=True, opinion=Opinion.UNQUALIFIED,
    )  # fmt: skip
    older = replace(SOC2, id=4, period_end=date(2026, 6, 30), currency_end=date(2027, 6, 30))
    found = report_answers(HOSTING, [soc1, older, SOC2], TODAY)
    assert found["cert.soc_report"].value == "soc2_type2"
    assert found["cert.soc_report"].report_id == 5
    assert found["cert.soc_period_end"].value == "2026-09-30"
    assert values(HOSTING, soc1)["cert.soc_report"] == "soc1_type2"


def test_one_report_answers_a_questions_group_consistently() -> None:
    # service-subprocessor prefers a SOC 2 Type II over an ISO certificate, for every
    # question of its assurance section.
    found = report_answers(SERVICE, [ISO, SOC2], TODAY)
    assert {qid: (a.value, a.report_id) for qid, a in found.items()} == {
        "assurance.report": ("soc2_type2_or_iso", 5),
        "assurance.scope": ("yes", 5),
        "assurance.expiry": ("2026-09-30", 5),
    }
    assert values(SERVICE, ISO)["assurance.expiry"] == "2028-03-13"


def test_a_type_with_no_option_mapped_answers_nothing() -> None:
    type_one = ReportOnFile(
        id=8, type=ReportType.SOC2_TYPE1, currency_end=date(2027, 6, 30),
        period_end=date(2026, 6, 30),
    )  # fmt: skip
    soc3 = ReportOnFile(id=9, type=ReportType.SOC3, currency_end=date(2027, 6, 30))
    assert values(SERVICE, type_one)["assurance.report"] == "soc2_type1"
    assert values(SERVICE, soc3) == {}


def test_pci_aoc_answers_current_and_scope() -> None:
    aoc = ReportOnFile(
        id=11, type=ReportType.PCI_AOC, currency_end=date(2027, 5, 1),
        issued_on=date(2026, 5, 1), expires_on=date(2027, 5, 1), covers_our_service=True,
    )  # fmt: skip
    assert values(HOSTING, aoc) == {"cert.pci_current": "yes", "cert.pci_scope": "yes"}


def test_a_question_without_from_report_is_never_answered() -> None:
    found = values(HOSTING, ISO, SOC2)
    assert "cert.covered" not in found  # critical: the reviewer's own judgement
    assert all(qid.startswith("cert.") for qid in found)


def test_text_multi_and_a_remapped_yes_no_in_a_custom_questionnaire() -> None:
    custom = Questionnaire.model_validate(
        {
            "id": "custom", "version": 1, "title": "Custom",
            "sections": [{"id": "s", "title": "S", "questions": [
                {"id": "body", "text": "Who certified?", "type": "text",
                 "from_report": {"type": "iso27001", "fact": "auditor"}},
                {"id": "kinds", "text": "Which?", "type": "multi",
                 "options": [{"value": "iso", "label": "ISO", "score": 1},
                             {"value": "soc", "label": "SOC", "score": 1}],
                 "from_report": {"type": ["iso27001", "soc2-type2"], "fact": "type",
                                 "map": {"iso27001": "iso", "soc2-type2": "soc"}}},
                {"id": "lapsed", "text": "Has it lapsed?", "type": "yes_no",
                 "from_report": {"type": "iso27001", "fact": "current",
                                 "map": {"yes": "no", "no": "yes"}}},
                {"id": "number", "text": "Certificate number?", "type": "text",
                 "from_report": {"type": "iso27001", "fact": "certificate_number"}},
            ]}],
        },
        strict=False,
    )  # fmt: skip
    assert values(custom, ISO) == {
        "body": "BSI",
        "kinds": ["iso"],
        "lapsed": "no",
        "number": "IS 712345",
    }
    assert values(custom, replace(ISO, auditor="  ", certificate_number=None)) == {
        "kinds": ["iso"],
        "lapsed": "no",
    }
