"""Assurance reports through the service (issue 12): the register, what a report says,
and each rule of the review checklist opening its finding and closing it when the cause
goes — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from support.database import MakeService, events_since
from support.portfolio import add_vendor, answer_all
from support.questionnaires import WEAK
from vendor_review.domain.assurance import ObligationStatus, Opinion, ReportType, SubserviceMethod
from vendor_review.domain.enums import CertificateStandard, FindingStatus, Severity
from vendor_review.service import Service, dto
from vendor_review.service.errors import NotFoundError, ValidationError

TODAY = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
SOC2 = ReportType.SOC2_TYPE2


@pytest.fixture
def svc(make_service: MakeService) -> Service:
    s = make_service("alice", at=TODAY)
    add_vendor(s, "Linode", kind="infrastructure")
    return s


def soc2(s: Service, period_end: date = date(2026, 9, 30), **fields: object) -> dto.Report:
    fields.setdefault("auditor", "Schellman & Company, LLC")
    return s.add_report(
        "Linode",
        SOC2,
        period_start=date(period_end.year - 1, period_end.month, 1),
        period_end=period_end,
        **fields,  # type: ignore[arg-type]
    )


def failed(review: dto.ReportReview) -> dict[str, dto.ReviewItem]:
    return {i.cause or "": i for i in review.items if not i.passed}


def finding(s: Service, finding_id: int) -> dto.Finding:
    return next(f for f in s.list_findings() if f.id == finding_id)


# --- the register -------------------------------------------------------------------------


def test_a_soc2_report_is_recorded_with_its_file_and_listed(svc: Service, tmp_path: Path) -> None:
    pdf = tmp_path / "linode-soc2.pdf"
    pdf.write_bytes(b"%PDF-1.4 SOC 2")
    report = soc2(svc, opinion=Opinion.UNQUALIFIED, criteria=["Security", "availability"],
                  evidence_path=pdf, services="Cloud compute",
                  sites="Newark, Frankfurt")  # fmt: skip
    assert (report.label, report.auditor, report.opinion) == (
        "SOC 2 Type II", "Schellman & Company, LLC", Opinion.UNQUALIFIED,
    )  # fmt: skip
    assert report.criteria == ["security", "availability"]
    assert report.currency_end == date(2027, 9, 30)  # period end + 12 months
    assert report.evidence_id is not None
    assert svc.evidence_content(report.evidence_id)[1] == b"%PDF-1.4 SOC 2"
    assert [r.id for r in svc.list_reports(vendor="Linode")] == [report.id]
    detail = svc.get_report(report.id)
    assert detail.report == report and detail.findings == []
    assert [r.id for r in svc.current_reports(report.vendor_id)] == [report.id]
    assert svc.current_reports(report.vendor_id, date(2027, 10, 1)) == []


@pytest.mark.parametrize(
    ("kind", "dates", "message"),
    [
        (SOC2, {}, "needs the start and end dates of its audit period$"),
        (
            ReportType.ISO27001,
            {"issued_on": date(2026, 1, 1)},
            "certificate needs its issue and expiry dates$",
        ),
        (SOC2, {"period_start": date(2026, 9, 30), "period_end": date(2026, 1, 1)}, "before"),
        (
            ReportType.PCI_AOC,
            {"issued_on": date(2026, 9, 30), "expires_on": date(2026, 1, 1)},
            "before it is issued",
        ),
    ],
)
def test_dates_a_report_type_needs_are_required_and_ordered(
    svc: Service, kind: ReportType, dates: dict[str, date], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        svc.add_report("Linode", kind, auditor="A-LIGN", **dates)  # type: ignore[arg-type]
    assert svc.list_reports() == []


def test_hostile_or_unknown_input_is_refused_whole(svc: Service) -> None:
    with pytest.raises(ValidationError, match="auditor"):
        soc2(svc, auditor="Evil\x1b[2J Corp")
    with pytest.raises(ValidationError, match="criterion"):
        soc2(svc, criteria=["security", "vibes"])
    with pytest.raises(ValidationError, match="auditor is required"):
        soc2(svc, auditor="  ")
    with pytest.raises(NotFoundError):
        svc.add_report_exception(99, control="CC6.1", description="x")
    assert svc.list_reports() == []


def test_certificates_are_reports_seen_through_the_old_register(svc: Service) -> None:
    cert = svc.add_certificate(
        "Linode", CertificateStandard.ISO_27001, issued_on=date(2025, 2, 1),
        expires_on=date(2028, 1, 31), issuer="BSI",
    )  # fmt: skip
    soc = svc.add_certificate("Linode", CertificateStandard.SSAE_18, period_end=date(2026, 6, 30))
    assert (cert.standard, cert.expires_on) == ("ISO 27001", date(2028, 1, 31))
    assert (soc.standard, soc.expires_on) == ("SSAE-18", date(2027, 6, 30))
    reports = {r.id: r for r in svc.list_reports()}
    assert reports[cert.id].type is ReportType.ISO27001
    assert reports[soc.id].type is ReportType.SOC1_TYPE2 and reports[soc.id].label == "SSAE-18"
    assert [c.id for c in svc.list_certificates(expiring_by=date(2027, 12, 31))] == [soc.id]


# --- each rule of the checklist -----------------------------------------------------------


def test_a_qualified_opinion_is_high_and_a_newer_clean_report_supersedes_it(
    svc: Service,
) -> None:
    old = soc2(svc, period_end=date(2026, 3, 31), opinion=Opinion.QUALIFIED)
    review = svc.review_report(old.id)
    item = failed(review)[f"report:{old.id}:opinion"]
    assert (item.rule, item.severity) == ("opinion", Severity.HIGH)
    assert "qualified" in item.text
    assert finding(svc, item.finding_id or 0).report_id == old.id
    assert finding(svc, item.finding_id or 0).assessment_id is None

    new = soc2(svc, period_end=date(2026, 9, 30), opinion=Opinion.UNQUALIFIED)
    again = svc.review_report(new.id)
    assert failed(again) == {}
    assert item.finding_id in again.closed  # (and its gap finding)
    closed = finding(svc, item.finding_id or 0)
    assert closed.status is FindingStatus.REMEDIATED
    assert closed.resolution_note == f"superseded by SOC 2 Type II report #{new.id}"


def test_the_reviewers_no_on_coverage_is_high_and_a_yes_closes_it(svc: Service) -> None:
    report = soc2(svc)
    assert next(i for i in svc.review_report(report.id).items if i.rule == "scope").passed
    svc.set_report_coverage(report.id, False)
    item = failed(svc.review_report(report.id))[f"report:{report.id}:scope"]
    assert item.severity is Severity.HIGH
    assert svc.set_report_coverage(report.id, True).covers_our_service is True
    review = svc.review_report(report.id)
    assert failed(review) == {} and review.closed == [item.finding_id]


@pytest.mark.parametrize(
    ("today", "cause", "severity"),
    [
        (datetime(2026, 6, 30, tzinfo=UTC), None, None),  # exactly 3 months: no gap yet
        (datetime(2026, 7, 1, tzinfo=UTC), "gap", Severity.LOW),  # over 3 months
        (datetime(2027, 3, 31, tzinfo=UTC), "gap", Severity.LOW),  # 12 months: still current
        (datetime(2027, 4, 1, tzinfo=UTC), "currency", Severity.HIGH),  # stale
    ],
)
def test_soc_currency_and_gap_on_both_sides_of_each_threshold(
    make_service: MakeService, today: datetime, cause: str | None, severity: Severity | None
) -> None:
    s = make_service("alice", at=today)
    add_vendor(s, "Linode")
    report = soc2(s, period_end=date(2026, 3, 31))
    found = failed(s.review_report(report.id))
    if cause is None:
        assert found == {}
    else:
        assert list(found) == [f"report:{report.id}:{cause}"]
        assert found[f"report:{report.id}:{cause}"].severity is severity


def test_a_bridge_letter_covering_today_closes_the_stale_finding(
    make_service: MakeService, tmp_path: Path
) -> None:
    s = make_service("alice", at=datetime(2027, 5, 1, tzinfo=UTC))
    add_vendor(s, "Linode")
    report = soc2(s, period_end=date(2026, 3, 31))
    stale = failed(s.review_report(report.id))[f"report:{report.id}:currency"]
    letter = tmp_path / "bridge.pdf"
    letter.write_bytes(b"%PDF bridge")
    with pytest.raises(ValidationError, match="after the period"):
        s.add_report_bridge(report.id, through=date(2026, 3, 1))
    bridge = s.add_report_bridge(report.id, through=date(2027, 6, 30), evidence_path=letter)
    assert bridge.evidence_id is not None
    detail = s.get_report(report.id)
    assert (detail.report.bridged_through, detail.report.currency_end) == (
        date(2027, 6, 30), date(2027, 6, 30),
    )  # fmt: skip
    review = s.review_report(report.id)
    assert failed(review) == {} and review.closed == [stale.finding_id]


def test_an_exception_is_medium_without_a_response_and_low_with_one(svc: Service) -> None:
    report = soc2(svc)
    svc.add_report_exception(report.id, control="CC6.1", description="Leavers kept access")
    first = failed(svc.review_report(report.id))[f"report:{report.id}:exception:CC6.1"]
    assert (first.rule, first.severity) == ("exceptions", Severity.MEDIUM)
    assert "no management response" in first.text
    svc.add_report_exception(
        report.id, control="CC6.1", description="Leavers kept access",
        response="Access reviews now weekly",
    )  # fmt: skip
    assert len(svc.get_report(report.id).exceptions) == 1
    second = failed(svc.review_report(report.id))[f"report:{report.id}:exception:CC6.1"]
    assert second.finding_id == first.finding_id  # the same finding, lowered
    assert finding(svc, first.finding_id or 0).severity is Severity.LOW


def test_a_carve_out_becomes_an_untriaged_subprocessor_until_it_is_assessed(
    svc: Service, make_service: MakeService
) -> None:
    report = soc2(svc)
    sub = svc.add_report_subservice(
        report.id, "Equinix", method=SubserviceMethod.CARVE_OUT, purpose="Colocation"
    )
    assert (sub.vendor_name, sub.created_candidate) == ("Equinix", True)
    equinix = svc.get_vendor("Equinix")
    assert (equinix.data_access, equinix.criticality, equinix.status) == (None, None, "candidate")
    links = svc.vendor_links("Linode").subprocessors
    assert [(link.child, link.source) for link in links] == [
        ("Equinix", f"from SOC 2 Type II report #{report.id} (carve-out)")
    ]
    item = failed(svc.review_report(report.id))[f"report:{report.id}:carve-out:equinix"]
    assert (item.rule, item.severity) == ("carve-outs", Severity.MEDIUM)

    svc.triage_vendor("Equinix", data_access="personal", criticality="medium")
    aid = svc.start_assessment("Equinix", "mini").id
    answer_all(svc, aid, WEAK)
    svc.submit(aid)
    make_service("bob", at=TODAY).approve(aid)
    review = svc.review_report(report.id)
    assert failed(review) == {} and review.closed == [item.finding_id]


def test_a_subservice_is_matched_to_an_existing_vendor_by_its_name_key(svc: Service) -> None:
    add_vendor(svc, "Equinix")
    report = soc2(svc)
    sub = svc.add_report_subservice(report.id, "Equinix, Inc.", method=SubserviceMethod.INCLUSIVE)
    assert (sub.vendor_name, sub.created_candidate) == ("Equinix", False)
    assert [v.name for v in svc.subprocessors("Linode")] == ["Equinix"]
    assert failed(svc.review_report(report.id)) == {}  # an inclusive one is in the audit


def test_a_cuec_without_an_owner_is_low_until_someone_owns_it(svc: Service) -> None:
    report = soc2(svc)
    owned = svc.add_report_cuec(report.id, control="CUEC-1", description="Review access",
                                owner="IT Security")  # fmt: skip
    orphan = svc.add_report_cuec(report.id, control="CUEC-2", description="Enable 2FA")
    item = failed(svc.review_report(report.id))[f"report:{report.id}:cuec:CUEC-2"]
    assert (item.rule, item.severity) == ("cuecs", Severity.LOW)
    assert [o.id for o in svc.list_obligations(open_only=True)] == [owned.id, orphan.id]

    done = svc.set_obligation(orphan.id, status=ObligationStatus.IN_PLACE, owner="Ops",
                              note="2FA enforced for every account")  # fmt: skip
    assert (done.status, done.owner, done.updated_by) == (ObligationStatus.IN_PLACE, "Ops", "alice")
    assert finding(svc, item.finding_id or 0).status is FindingStatus.REMEDIATED
    assert [o.id for o in svc.list_obligations(open_only=True, vendor="Linode")] == [owned.id]
    assert failed(svc.review_report(report.id)) == {}
    assert svc.get_report(report.id).report.open_obligations == 1


def test_every_write_is_audited(svc: Service) -> None:
    start = svc.audit_trail(limit=1)[0].seq
    report = soc2(svc)
    svc.add_report_exception(report.id, control="CC7.2", description="Late alert")
    svc.add_report_subservice(report.id, "Equinix", method=SubserviceMethod.CARVE_OUT)
    cuec = svc.add_report_cuec(report.id, control="CUEC-2", description="Enable 2FA")
    svc.review_report(report.id)
    svc.set_obligation(cuec.id, status=ObligationStatus.NOT_APPLICABLE)
    actions = [a for a, _ in events_since(svc.db, start)]
    assert actions[:1] == ["report.add"]
    for action in ("report.exception", "vendor.create", "vendor_link.create",
                   "report.subservice", "obligation.add", "finding.open", "report.review",
                   "obligation.set", "finding.resolve"):  # fmt: skip
        assert action in actions
