"""The service's streaming reads behind the export (``ReportingOps``), on SQLite and
PostgreSQL: chunk boundaries change nothing, scopes filter, counts match the streams."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from support.database import demo_sqlite_url
from support.fixtures.export import make_service, portfolio
from vendor_review.domain.enums import CertificateStandard
from vendor_review.service import Service, open_service
from vendor_review.service.errors import ValidationError
from vendor_review.service.reporting.rows import AnswerLine
from vendor_review.service.reporting.scope import ReportScope
from vendor_review.settings import Settings

__all__ = ["make_service", "portfolio"]  # the export's portfolio, not this folder's ``mini``


def test_chunks_change_nothing(alice: Service, portfolio: dict[str, int]) -> None:
    everything = ReportScope()
    for stream in ("report_answers", "report_findings", "report_assurance", "report_summary"):
        whole = list(getattr(alice, stream)(everything))
        assert whole == list(getattr(alice, stream)(everything, chunk=1)), stream
        assert whole == list(getattr(alice, stream)(everything, chunk=2)), stream


def test_answers_are_plain_typed_rows(alice: Service, portfolio: dict[str, int]) -> None:
    lines = list(alice.report_answers(ReportScope(assessment_id=portfolio["acme"])))
    assert all(isinstance(line, AnswerLine) for line in lines)
    by_id = {line.question_id: line for line in lines}
    assert by_id["q1"].section == "Security" and by_id["q3"].section == "Operations"
    assert (by_id["q2"].answer, by_id["q2"].score, by_id["q2"].critical) == (
        "Within 72 hours",
        0.5,
        True,
    )
    assert by_id["q4"].answer == date(2025, 12, 1) and by_id["q4"].score is None
    assert by_id["q5"].answer == 12 and by_id["q1"].comment == "-checked by phone"
    assert by_id["q1"].answered_at.tzinfo is not None  # UTC, as stored


def test_counts_match_the_streams(alice: Service, portfolio: dict[str, int]) -> None:
    for scope in (
        ReportScope(),
        ReportScope(assessment_id=portfolio["acme"]),
        alice.report_scope(ratings=["high"]),
        alice.report_scope(statuses=["candidate"]),
        alice.report_scope(vendors=["Beta Mail", "acme"]),
    ):
        counts = alice.report_counts(scope)
        assert counts.vendors == len(list(alice.report_summary(scope))), scope
        assert counts.answers == len(list(alice.report_answers(scope))), scope
        assert counts.findings == len(list(alice.report_findings(scope))), scope
        assert counts.assurance_reports == len(list(alice.report_assurance(scope))), scope


def test_scopes(alice: Service, portfolio: dict[str, int]) -> None:
    def vendors(scope: ReportScope) -> list[str]:
        return [line.vendor for line in alice.report_summary(scope)]

    assert vendors(alice.report_scope(ratings=["high"])) == ["Acme Hosting"]
    assert vendors(alice.report_scope(ratings=["medium", "high"])) == ["Acme Hosting", "Beta Mail"]
    assert vendors(alice.report_scope(statuses=["approved"], ratings=["medium"])) == ["Beta Mail"]
    assert vendors(alice.report_scope(statuses=["candidate"], ratings=["medium"])) == []
    assert vendors(alice.report_scope(vendors=["Gamma Support", "Gamma Support"])) == [
        "Gamma Support"
    ]
    assert alice.report_scope(vendors=["Gamma Support", "gamma"]).vendor_ids == (4,)
    one = list(alice.report_summary(ReportScope(assessment_id=portfolio["beta"])))
    assert [(line.vendor, line.rating, line.open_findings) for line in one] == [
        ("Beta Mail", "medium", 0)
    ]
    with pytest.raises(ValidationError, match="unknown vendor status"):
        alice.report_scope(statuses=["gone"])


def test_questionnaire_versions(alice: Service, portfolio: dict[str, int]) -> None:
    (use,) = alice.report_questionnaires(ReportScope())
    assert (use.questionnaire_id, use.version, use.title, use.assessments) == (
        "mini",
        2,
        "Mini questionnaire",
        3,
    )
    assert len(use.sha256) == 64
    assert alice.report_questionnaires(alice.report_scope(vendors=["Gamma Support"])) == []


@pytest.mark.parametrize("within", [0, 30, 731])
@pytest.mark.parametrize("as_of", [date(2026, 3, 10), date(2026, 6, 1), date(2027, 1, 1)])
def test_schedule_streams_the_due_list(
    alice: Service, portfolio: dict[str, int], as_of: date, within: int
) -> None:
    """Keyset paging changes nothing: pages of 1 and 2 rows give the same items in the
    same order as ``due_list`` (pages of 1,000), and a scope keeps just its vendors."""
    alice.add_certificate(
        "Beta Mail", CertificateStandard.SOC_2_TYPE_II, expires_on=date(2026, 2, 1)
    )
    alice.add_certificate("Beta Mail", CertificateStandard.ISO_27001, expires_on=as_of)
    alice.add_vendor({"name": "Zulu Offboarded", "kind": "other"})
    alice.offboard_vendor("Zulu Offboarded", "contract ended")
    expected = alice.due_list(as_of=as_of, within_days=within).items
    assert expected  # something to compare
    for chunk in (1, 2, 1000):
        streamed = alice.report_schedule(
            ReportScope(), as_of=as_of, within_days=within, chunk=chunk
        )
        assert list(streamed) == expected
    beta = alice.report_scope(vendors=["Beta Mail"])
    assert list(alice.report_schedule(beta, as_of=as_of, within_days=within)) == [
        i for i in expected if i.vendor_name == "Beta Mail"
    ]


def test_schedule_of_the_example_portfolio(tmp_path: Path) -> None:
    url = demo_sqlite_url(tmp_path / "demo.db")
    service = open_service(Settings(), database_url=url)
    try:
        for within in (0, 30, 731):
            due = service.due_list(as_of=date(2026, 6, 15), within_days=within)
            streamed = service.report_schedule(
                ReportScope(), as_of=date(2026, 6, 15), within_days=within, chunk=2
            )
            assert list(streamed) == due.items
    finally:
        service.db.dispose()
