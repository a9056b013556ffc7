"""The assurance-report checklist: each rule on both sides of its threshold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from vendor_review.domain.assurance import (
    Cuec,
    ObligationStatus,
    Opinion,
    ReportException,
    ReportFacts,
    ReportType,
    ReviewPolicy,
    Subservice,
    SubserviceMethod,
    currency_end,
    review_report,
)
from vendor_review.domain.enums import Severity

TODAY = date(2026, 12, 2)
# A clean SOC 2 Type II whose period ended two months ago: nothing to find.
CLEAN = ReportFacts(
    type=ReportType.SOC2_TYPE2,
    period_start=date(2025, 10, 1),
    period_end=date(2026, 9, 30),
    opinion=Opinion.UNQUALIFIED,
    covers_our_service=True,
)


def causes(facts: ReportFacts, today: date = TODAY) -> dict[str, Severity]:
    return {draft.cause: draft.severity for draft in review_report(facts, today)}


def test_a_clean_current_report_opens_nothing() -> None:
    assert causes(CLEAN) == {}


@pytest.mark.parametrize(
    ("opinion", "expected"),
    [
        (Opinion.UNQUALIFIED, {}),
        (Opinion.QUALIFIED, {"report:opinion": Severity.HIGH}),
        (Opinion.ADVERSE, {"report:opinion": Severity.HIGH}),
        (Opinion.DISCLAIMER, {"report:opinion": Severity.HIGH}),
    ],
)
def test_an_opinion_other_than_unqualified_is_high(opinion: Opinion, expected: dict) -> None:
    assert causes(replace(CLEAN, opinion=opinion)) == expected


def test_a_suspended_certificate_is_high_and_a_valid_one_is_not() -> None:
    iso = ReportFacts(
        type=ReportType.ISO27001,
        issued_on=date(2025, 1, 10),
        expires_on=date(2028, 1, 9),
        opinion=Opinion.VALID,
    )
    assert causes(iso) == {}
    assert causes(replace(iso, opinion=Opinion.SUSPENDED)) == {"report:opinion": Severity.HIGH}


@pytest.mark.parametrize(("covers", "expected"), [(True, {}), (None, {})])
def test_scope_unanswered_or_covered_opens_nothing(covers: bool | None, expected: dict) -> None:
    assert causes(replace(CLEAN, covers_our_service=covers)) == expected


def test_a_report_that_does_not_cover_our_service_is_high() -> None:
    assert causes(replace(CLEAN, covers_our_service=False)) == {"report:scope": Severity.HIGH}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 30), {}),  # exactly three months after the period end
        (date(2026, 12, 31), {"report:gap": Severity.LOW}),  # one day past three months
        (date(2027, 9, 30), {"report:gap": Severity.LOW}),  # the last current day
        (date(2027, 10, 1), {"report:currency": Severity.HIGH}),  # stale
    ],
)
def test_soc_currency_and_gap_thresholds(today: date, expected: dict) -> None:
    assert causes(CLEAN, today) == expected


def test_a_bridge_letter_covering_today_closes_gap_and_staleness() -> None:
    bridged = replace(CLEAN, bridged_through=(date(2027, 12, 31),))
    assert causes(bridged, date(2027, 11, 1)) == {}
    assert causes(bridged, date(2028, 1, 1)) == {"report:currency": Severity.HIGH}


def test_currency_end_is_period_end_plus_twelve_months_or_the_bridge() -> None:
    assert currency_end(CLEAN) == date(2027, 9, 30)
    assert currency_end(replace(CLEAN, bridged_through=(date(2027, 12, 31),))) == date(2027, 12, 31)
    assert currency_end(CLEAN, ReviewPolicy(soc_currency_months=6)) == date(2027, 3, 30)


def test_a_certificate_is_current_until_it_expires() -> None:
    pci = ReportFacts(type=ReportType.PCI_AOC, issued_on=date(2026, 1, 5), expires_on=TODAY)
    assert currency_end(pci) == TODAY
    assert causes(pci, TODAY) == {}
    assert causes(pci, date(2026, 12, 3)) == {"report:currency": Severity.HIGH}


# What a report lists, entry by entry: each judged on its own.
LISTED = {
    "exceptions are medium without a response and low with one": (
        "exceptions",
        (
            ReportException("CC6.1", "Two leavers kept access for 40 days"),
            ReportException("CC7.2", "One alert not triaged", response="Alert routing fixed"),
            ReportException("CC8.1", "Change without approval", response="   "),
        ),
        {
            "report:exception:CC6.1": Severity.MEDIUM,
            "report:exception:CC7.2": Severity.LOW,
            "report:exception:CC8.1": Severity.MEDIUM,
        },
    ),
    "only unassessed carve-outs are findings": (
        "subservices",
        (
            Subservice("Equinix", SubserviceMethod.CARVE_OUT),
            Subservice("Digital Realty", SubserviceMethod.CARVE_OUT, assessed=True),
            Subservice("Okta", SubserviceMethod.INCLUSIVE),
        ),
        {"report:carve-out:equinix": Severity.MEDIUM},
    ),
    "a CUEC needs an owner unless settled": (
        "cuecs",
        (
            Cuec("CC6.2", "Customers review their users quarterly"),
            Cuec("CC6.3", "Customers remove leavers", owner="IT operations"),
            Cuec("CC2.1", "Customers report incidents", status=ObligationStatus.NOT_APPLICABLE),
        ),
        {"report:cuec:CC6.2": Severity.LOW},
    ),
}


@pytest.mark.parametrize(("field", "entries", "expected"), LISTED.values(), ids=LISTED.keys())
def test_each_listed_entry_is_judged(
    field: str, entries: tuple[object, ...], expected: dict
) -> None:
    assert causes(replace(CLEAN, **{field: entries})) == expected


def test_finding_texts_name_the_report_and_the_subject() -> None:
    facts = replace(
        CLEAN, exceptions=(ReportException("CC6.1", "Two leavers kept access for 40 days"),)
    )
    (draft,) = review_report(facts, TODAY)
    assert draft.text == (
        "SOC 2 Type II: exception in CC6.1: Two leavers kept access for 40 days "
        "(no management response)"
    )
