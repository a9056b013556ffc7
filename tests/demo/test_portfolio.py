"""The example portfolio: loaded through the service, every state the screens need, a
coherent and verifiable history, refusals that change nothing, the same result for the
same ``as_of`` (on SQLite and PostgreSQL alike) and the ``demo`` command."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from support.cli import cli_on_new_file
from vendor_review.cli import cli
from vendor_review.demo import APPROVER, REVIEWER, ensure_demo, load_demo
from vendor_review.domain.assurance import Opinion
from vendor_review.domain.dates import add_months
from vendor_review.domain.enums import AssessmentStatus, FindingStatus, Severity
from vendor_review.service import FixedClock, Service, builtin_policy, catalog_for
from vendor_review.service.errors import FourEyesError, StateError
from vendor_review.service.vendor_list import VendorListOps, VendorPage
from vendor_review.settings import Settings
from vendor_review.store import open_database

AS_OF = date(2026, 6, 15)
SUBPROCESSORS = {
    "Linode, LLC",
    "Amazon Web Services, LLC",
    "Websupport, s.r.o.",
    "Quality Unit, LLC",
    "Quality Unit Ukraine",
    "Twilio Inc.",
    "24/7 support subcontractors",
}
SUMMARY = re.compile(
    r"^Loaded the example portfolio: 9 vendors, 7 assessments, \d+ findings, "
    r"6 assurance reports into \S+"
)


def reader(url: str, actor: str = "test.reader") -> Service:
    """A service on ``url`` whose today is ``AS_OF`` (dispose ``.db`` when done)."""
    return Service(
        open_database(url),
        actor=actor,
        catalog=partial(catalog_for, []),
        policy=builtin_policy(),
        clock=FixedClock(datetime(2026, 6, 15, 12, tzinfo=UTC)),
    )


def snapshot(url: str) -> dict[str, Any]:
    """What must come out the same for the same ``as_of``: scores, dates, the history."""
    s = reader(url)
    try:
        return {
            "assessments": [
                (
                    a.vendor_name,
                    a.questionnaire_id,
                    a.status,
                    a.control_score,
                    a.rating,
                    a.answered,
                    a.next_review_due,
                    a.submitted_at,
                    a.decided_at,
                )
                for a in s.list_assessments()
            ],
            "findings": [
                (f.vendor_name, f.question_id, f.severity, f.status, f.due_on, f.resolved_at)
                for f in s.list_findings()
            ],
            "certificates": [
                (c.vendor_name, c.standard, c.issued_on, c.period_end, c.expires_on)
                for c in s.list_certificates()
            ],
            "audit": [
                (e.at, e.actor, e.action)
                for e in s.audit_log(limit=10_000)
                if not e.action.startswith("row.")  # PostgreSQL's own: loading role, time
            ],
        }
    finally:
        s.db.dispose()


@contextmanager
def _pg_database(pg_admin: Engine | str) -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards (as ``db_url`` in conftest makes)."""
    if not isinstance(pg_admin, Engine):
        if os.environ.get("VENDOR_REVIEW_REQUIRE_POSTGRES", "") not in ("", "0"):
            pytest.fail(pg_admin)
        pytest.skip(pg_admin)
    name = "vendor_review_test_" + secrets.token_hex(6)
    with pg_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE template0'))
    try:
        yield pg_admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with pg_admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]
)
def portfolio(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """(url, summary) of one portfolio per backend, loaded once for the read-only tests
    (loading takes seconds)."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
        else:
            url = stack.enter_context(_pg_database(request.getfixturevalue("pg_admin")))
        yield url, load_demo(Settings(), url, as_of=AS_OF)


@pytest.fixture
def service(portfolio: tuple[str, str]) -> Iterator[Service]:
    s = reader(portfolio[0])
    yield s
    s.db.dispose()


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A second, separate load with the same ``as_of`` (SQLite)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'demo.db'}"
    load_demo(Settings(), url, as_of=AS_OF)
    return snapshot(url)


@pytest.fixture
def isolated_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VENDOR_REVIEW_CONFIG", str(tmp_path / "no-config.toml"))
    for name in ("DATABASE_URL", "ACTOR", "QUESTIONNAIRES"):
        monkeypatch.delenv(f"VENDOR_REVIEW_{name}", raising=False)
    return CliRunner()


def test_summary_counts_what_was_loaded(portfolio: tuple[str, str], service: Service) -> None:
    summary = portfolio[1]
    assert SUMMARY.match(summary), summary
    assert f"{len(service.list_findings())} findings" in summary
    assert "as of 2026-06-15" in summary


def test_liveagent_is_the_parent_of_its_seven_subprocessors(service: Service) -> None:
    page = service.list_vendors()
    assert page.total == 9
    parents = {row.name: row.parents for row in page.rows}
    assert parents.pop("LiveAgent") is None
    assert parents.pop("Equinix, Inc.") == "Linode, LLC"  # from Linode's SOC 2 report
    assert parents == dict.fromkeys(SUBPROCESSORS, "LiveAgent")
    assert {v.name for v in service.subprocessors("LiveAgent")} == SUBPROCESSORS
    aws = service.get_vendor("Amazon Web Services, LLC")
    assert aws.regions == ["US", "EU"]  # listed twice in the seed: one vendor


def test_assessments_cover_every_state(service: Service) -> None:
    by_vendor = {a.vendor_name: a for a in service.list_assessments()}
    assert len(by_vendor) == 7
    approved = [a for a in by_vendor.values() if a.status is AssessmentStatus.APPROVED]
    assert all(a.submitted_by == REVIEWER and a.decided_by == APPROVER for a in approved)
    dues = {a.vendor_name: a.next_review_due for a in approved}
    assert all(d is not None for d in dues.values())
    overdue = [v for v, d in dues.items() if d is not None and d < AS_OF]
    soon = [v for v, d in dues.items() if d is not None and AS_OF <= d <= AS_OF + timedelta(30)]
    assert overdue == ["Linode, LLC"]
    assert soon == ["Amazon Web Services, LLC"]
    liveagent = by_vendor["LiveAgent"]
    assert liveagent.questionnaire_id == "dpa-safeguards"
    assert liveagent.status is AssessmentStatus.APPROVED
    assert liveagent.next_review_due is not None
    assert liveagent.next_review_due > AS_OF + timedelta(days=300)
    assert {a.rating for a in approved} >= {"low", "medium", "high"}

    submitted = [a for a in by_vendor.values() if a.status is AssessmentStatus.SUBMITTED]
    assert [(a.vendor_name, a.submitted_by, a.decided_by) for a in submitted] == [
        ("Websupport, s.r.o.", REVIEWER, None)
    ]
    drafts = [a for a in by_vendor.values() if a.status is AssessmentStatus.DRAFT]
    assert [a.vendor_name for a in drafts] == ["Quality Unit, LLC"]
    assert 0 < drafts[0].answered < drafts[0].shown

    ukraine = by_vendor["Quality Unit Ukraine"]
    assert ukraine.questionnaire_id == "support-subcontractor"
    assert ukraine.critical_failures == ["consent.prior_consent"]
    assert "24/7 support subcontractors" not in by_vendor
    assert service.get_vendor("24/7 support subcontractors").status == "candidate"


def test_submitted_assessment_waits_for_a_second_person(portfolio: tuple[str, str]) -> None:
    alice = reader(portfolio[0], actor=REVIEWER)
    try:
        (websupport,) = alice.list_assessments(status=AssessmentStatus.SUBMITTED)
        assert websupport.rating is not None
        with pytest.raises(FourEyesError):
            alice.approve(websupport.id)
    finally:
        alice.db.dispose()


def test_findings_are_open_overdue_remediated_and_accepted(service: Service) -> None:
    findings = service.list_findings()
    open_ = [f for f in findings if f.status is FindingStatus.OPEN]
    assert {f.severity for f in open_} >= {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM}
    assert any(f.severity is Severity.CRITICAL for f in open_)
    assert any(f.due_on is not None and f.due_on < AS_OF for f in open_)
    for status in (FindingStatus.REMEDIATED, FindingStatus.RISK_ACCEPTED):
        closed = [f for f in findings if f.status is status]
        assert closed, f"no {status} finding"
        assert all(f.resolution_note and f.resolved_by in (REVIEWER, APPROVER) for f in closed)
        assert all(f.resolved_at is not None and f.resolved_at > f.created_at for f in closed)


def test_certificates_expire_when_the_screens_need_them(service: Service) -> None:
    certs = {(c.vendor_name, c.standard): c for c in service.list_certificates()}
    assert len(certs) == 6
    aws_iso = certs["Amazon Web Services, LLC", "ISO 27001"]
    assert AS_OF < aws_iso.expires_on <= AS_OF + timedelta(days=30)
    soc2 = certs["Amazon Web Services, LLC", "SOC 2 Type II"]
    assert soc2.period_end is not None and soc2.period_end < AS_OF
    assert soc2.expires_on == add_months(soc2.period_end, 12)
    assert certs["Linode, LLC", "ISO 27001"].expires_on > AS_OF + timedelta(days=180)
    assert certs["Twilio Inc.", "PCI DSS AOC"].expires_on > AS_OF


def test_linodes_soc2_report_is_reviewed_with_its_findings(service: Service) -> None:
    """Issue 12's "done when" in the portfolio: the review's findings, the new fourth
    party, our obligations; and Websupport's ISO 27001 certificate, clean."""
    reports = {(r.vendor_name, r.label): r for r in service.list_reports()}
    soc2 = reports["Linode, LLC", "SOC 2 Type II"]
    assert soc2.opinion is Opinion.UNQUALIFIED and soc2.covers_our_service is True
    assert (soc2.exceptions, soc2.carve_outs, soc2.open_obligations) == (1, 1, 2)
    assert soc2.period_end is not None and soc2.period_end < AS_OF
    assert soc2.currency_end == add_months(soc2.period_end, 12)
    detail = service.get_report(soc2.id)
    assert [f.cause for f in detail.findings] == [
        f"report:{soc2.id}:exception:CC6.2",
        f"report:{soc2.id}:carve-out:equinix, inc.",
        f"report:{soc2.id}:cuec:CUEC-2",
    ]
    assert [(f.severity.value, f.assessment_id) for f in detail.findings] == [
        ("medium", None), ("medium", None), ("low", None),
    ]  # fmt: skip
    (equinix,) = detail.subservices
    assert (equinix.vendor_name, equinix.created_candidate) == ("Equinix, Inc.", True)
    assert service.get_vendor("Equinix, Inc.").data_access is None  # untriaged
    assert [(o.control, o.owner) for o in service.list_obligations(open_only=True)] == [
        ("CUEC-1", "LiveAgent platform team"), ("CUEC-2", None),
    ]  # fmt: skip
    iso = reports["Websupport, s.r.o.", "ISO/IEC 27001 certificate"]
    assert iso.opinion is Opinion.VALID and iso.certificate_number == "DEMO-27001-0042"
    assert service.get_report(iso.id).findings == []  # reviewed by the demo: all passed


def test_history_is_coherent_and_verifiable(service: Service) -> None:
    assert service.verify_audit().ok
    events = [
        e  # the service's events (PostgreSQL adds row.* events by the loading role, now)
        for e in reversed(service.audit_log(limit=10_000))
        if not e.action.startswith("row.")
    ]
    assert {e.actor for e in events} == {REVIEWER, APPROVER}
    times = [datetime.fromisoformat(e.at) for e in events]
    assert times == sorted(times), "the demo's steps must happen in chronological order"
    assert times[-1] < datetime(2026, 6, 15, tzinfo=UTC)
    for a in service.list_assessments():
        if a.decided_at is not None:
            assert a.submitted_at is not None and a.created_at < a.submitted_at < a.decided_at


def test_same_as_of_gives_the_same_portfolio(
    portfolio: tuple[str, str], reference: dict[str, Any]
) -> None:
    assert snapshot(portfolio[0]) == reference


def test_loading_twice_refuses_and_changes_nothing(
    portfolio: tuple[str, str], isolated_cli: CliRunner
) -> None:
    url = portfolio[0]
    before = snapshot(url)
    with pytest.raises(StateError, match=r"already holds 9 vendors.*empty database"):
        load_demo(Settings(), url, as_of=AS_OF)
    result = isolated_cli.invoke(cli, ["--db", url, "demo", "--as-of", "2026-06-15"])
    assert result.exit_code == StateError.exit_code
    assert "already holds 9 vendors" in result.output
    ensure_demo(Settings(), url)
    assert snapshot(url) == before


def test_the_refusal_counts_the_vendors_held(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli_on_new_file(tmp_path, monkeypatch)
    for name, held in (("Acme", "1 vendor"), ("Globex", "2 vendors")):
        run.ok("vendor", "add", name, "--kind", "service", "--data-access", "none",
               "--criticality", "low")  # fmt: skip
        assert run.error("demo", code=StateError.exit_code).startswith(
            f"{run.url} already holds {held}; the example portfolio loads only into an empty"
        )


def test_ensure_demo_loads_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    ensure_demo(Settings(), url)
    ensure_demo(Settings(), url)
    s = reader(url)
    try:
        assert s.list_vendors().total == 9
        assert len(s.list_assessments()) == 7
    finally:
        s.db.dispose()


def test_ensure_demo_started_twice_at_once_keeps_the_first_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two ``--demo`` at the same moment: both find no vendors, the second load runs into
    the first one's and is rolled back, and the app opens on the one portfolio."""
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    ensure_demo(Settings(), url)
    before = snapshot(url)
    real = VendorListOps.list_vendors
    looks: list[int] = []

    def looked_too_early(self: VendorListOps, **query: Any) -> VendorPage:
        page = real(self, **query)
        looks.append(page.total)
        # The first look came before the other process committed its portfolio.
        return VendorPage(total=0, rows=[]) if len(looks) == 1 else page

    monkeypatch.setattr(VendorListOps, "list_vendors", looked_too_early)
    ensure_demo(Settings(), url)
    assert snapshot(url) == before


def test_demo_command_loads_then_reset_replaces_a_played_with_demo(
    tmp_path: Path, isolated_cli: CliRunner
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    args = ["--db", url, "demo", "--as-of", "2026-06-15"]
    first = isolated_cli.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert SUMMARY.match(first.output), first.output

    # Someone other than demo.alice approves Websupport in the demo: allowed (four-eyes).
    jdoe = reader(url, actor="jdoe")
    try:
        (websupport,) = jdoe.list_assessments(status=AssessmentStatus.SUBMITTED)
        assert jdoe.approve(websupport.id).decided_by == "jdoe"
    finally:
        jdoe.db.dispose()

    again = isolated_cli.invoke(cli, [*args, "--reset"])
    assert again.exit_code == 0, again.output
    s = reader(url)
    try:
        assert s.list_vendors().total == 9
        assert len(s.list_assessments(status=AssessmentStatus.SUBMITTED)) == 1
        assert s.verify_audit().ok
    finally:
        s.db.dispose()


def test_reset_never_deletes_a_database_the_demo_did_not_create(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    url = f"sqlite:///{path}"
    mine = reader(url, actor="jdoe")
    try:
        mine.add_vendor({"name": "Our payroll provider"})
    finally:
        mine.db.dispose()
    with pytest.raises(StateError, match=r"not created by 'vendor-review demo'.*jdoe"):
        load_demo(Settings(), url, as_of=AS_OF, reset=True)
    assert path.exists()
    s = reader(url)
    try:
        assert [v.name for v in s.list_vendors().rows] == ["Our payroll provider"]
    finally:
        s.db.dispose()
