"""The synthetic benchmark portfolio (benchmarks/synth.py): counts, validity, audit chain."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from sqlalchemy import func, select

from vendor_review.domain.answers import check_answer
from vendor_review.domain.enums import Criticality, DataAccess, VendorStatus
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import rate, score
from vendor_review.service import Service, builtin_policy, catalog_for
from vendor_review.service.dto import AuditEvent
from vendor_review.store import Database, open_database
from vendor_review.store.models import (
    Answer,
    Assessment,
    AssuranceReport,
    Finding,
    Vendor,
    VendorLink,
)

SYNTH = Path(__file__).resolve().parents[2] / "benchmarks" / "synth.py"
N = 20


def _load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("vendor_review_bench_synth", SYNTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


@pytest.fixture
def portfolio(db_url: str) -> Iterator[tuple[str, dict[str, Any]]]:
    yield db_url, synth.build(db_url, N, seed=7)


def test_counts(portfolio: tuple[str, dict[str, Any]]) -> None:
    url, result = portfolio
    assert result["vendors"] == N
    assert result["assessments"] == 2 * N
    assert 45 <= result["answers"] / (2 * N) <= 55
    assert result["seconds"] > 0
    db = open_database(url)
    try:
        with db.read_sessionmaker() as s:
            count = {
                model.__table__.name: s.scalar(select(func.count()).select_from(model))
                for model in (Vendor, Assessment, Answer, Finding, AssuranceReport)
            }
            statuses = set(s.scalars(select(Assessment.status)))
            parents = s.scalar(select(func.count()).select_from(VendorLink))
            questionnaires = set(s.scalars(select(Assessment.questionnaire_id)))
            versions = set(s.scalars(select(Vendor.version)))
    finally:
        db.dispose()
    assert count == {
        "vendors": N,
        "assessments": 2 * N,
        "answers": result["answers"],
        "findings": result["findings"],
        "assurance_reports": result["assurance_reports"],
    }
    assert count["findings"] > 0 and count["assurance_reports"] > 0
    assert {"approved", "draft"} <= statuses
    assert parents is not None and 0 < parents < N // 2
    assert len(questionnaires) >= 2
    assert versions == {1}


def test_rows_are_what_the_app_would_have_stored(portfolio: tuple[str, dict[str, Any]]) -> None:
    """Answers fit their questions; scores, ratings and vendor statuses follow the policy."""
    url, _ = portfolio
    policy = builtin_policy()
    db = open_database(url)
    try:
        with db.read_sessionmaker() as s:
            answers: dict[int, dict[str, Any]] = defaultdict(dict)
            for a in s.execute(select(Answer.assessment_id, Answer.question_id, Answer.value)):
                answers[a.assessment_id][a.question_id] = a.value
            vendors = {v.id: v for v in s.scalars(select(Vendor))}
            assessments = list(s.scalars(select(Assessment).order_by(Assessment.id)))
            latest_decided: dict[int, Assessment] = {}
            for a in assessments:
                q = Questionnaire.from_definition(a.definition)
                for question_id, value in answers[a.id].items():
                    question = q.question(question_id)
                    assert question is not None, question_id
                    assert check_answer(question, value) == value
                if a.status == "draft":
                    assert a.control_score is None and a.submitted_at is None
                    continue
                result = score(q, answers[a.id])
                assert result.missing_required == ()
                vendor = vendors[a.vendor_id]
                rated = rate(
                    result,
                    DataAccess(vendor.data_access),
                    Criticality(vendor.criticality),
                    policy,
                )
                assert a.control_score == result.control_score
                assert a.section_scores == result.sections
                assert a.critical_failures == list(result.critical_failures)
                assert (a.inherent_risk, a.band, a.rating) == (
                    rated.inherent.value,
                    rated.band.value,
                    rated.rating.value,
                )
                if a.status == "approved":
                    assert a.decided_at is not None
                    assert a.next_review_due == policy.next_review(
                        a.decided_at.date(), rated.rating
                    )
                if a.status in ("approved", "rejected"):
                    assert a.decided_by not in (None, a.submitted_by)
                    current = latest_decided.get(a.vendor_id)
                    if current is None or (a.decided_at, a.id) > (current.decided_at, current.id):
                        latest_decided[a.vendor_id] = a
            for vendor in vendors.values():
                if vendor.offboarded:
                    assert vendor.status == VendorStatus.OFFBOARDED.value
                elif vendor.id in latest_decided:
                    assert vendor.status == latest_decided[vendor.id].status
                else:
                    assert vendor.status == VendorStatus.CANDIDATE.value
    finally:
        db.dispose()


def test_service_reads_it_and_the_audit_chain_verifies(
    portfolio: tuple[str, dict[str, Any]],
) -> None:
    url, _ = portfolio
    db = open_database(url)
    try:
        service = Service(
            db, actor="bench", catalog=lambda: catalog_for([]), policy=builtin_policy()
        )
        page = service.list_vendors()
        assert page.total == N and len(page.rows) == N
        assert any(row.rating is not None for row in page.rows)
        assert any(row.next_review_due and row.next_review_due < date.today() for row in page.rows)
        assert service.list_vendors(limit=5).total == N
        verified = service.verify_audit()
        assert verified.ok, verified.problems
        events = [e for e in service.audit_log(limit=100_000) if not e.action.startswith("row.")]
        ours = [e.action for e in events]
        assert ours[0] == "synth.load"
        if service.db.backend == "sqlite":  # the events a real portfolio has
            assert {"vendor.create", "assessment.start", "answers.import", "answer.set",
                    "answers.carry_over", "assessment.submit"} <= set(ours)  # fmt: skip
            assert ours.count("answers.import") == 2 * N  # one workbook per assessment
            assert 5 * 2 * N <= ours.count("answer.set") <= 10 * 2 * N  # typed by hand
            assert _answers_told_by(reversed(events)) == _answers_held(db)
        else:  # PostgreSQL's triggers add one row.* event per row instead
            assert ours == ["synth.load"]
        # The app keeps working on it: new rows get fresh ids (sequences on PostgreSQL).
        added = service.add_vendor({"name": "Added after synth"})
        assert added.id == N + 1
        assert service.verify_audit().ok
    finally:
        db.dispose()


def _answers_told_by(events: Iterable[AuditEvent]) -> dict[tuple[str, str], Any]:
    """Each answer's value as the answer events say it, oldest first."""
    told: dict[tuple[str, str], Any] = {}
    for event in events:
        after = json.loads(event.after or "null")
        if event.action.startswith("answers."):
            for qid, record in after["answers"].items():
                value = record["value"] if isinstance(record, dict) else record
                told[(event.entity_id, qid)] = value
        elif event.action == "answer.set":
            told[(event.entity_id, after["question_id"])] = after["value"]
    return told


def _answers_held(db: Database) -> dict[tuple[str, str], Any]:
    with db.read_sessionmaker() as s:
        rows = s.execute(select(Answer.assessment_id, Answer.question_id, Answer.value))
        return {(str(r.assessment_id), r.question_id): r.value for r in rows}


def test_refuses_a_database_with_vendors(portfolio: tuple[str, dict[str, Any]]) -> None:
    url, _ = portfolio
    with pytest.raises(synth.SynthError, match="already has 20 vendors"):
        synth.build(url, 5)


def test_same_seed_same_portfolio(tmp_path: Path) -> None:
    def shape(url: str) -> list[tuple[Any, ...]]:
        db = open_database(url)
        try:
            with db.read_sessionmaker() as s:
                return [
                    tuple(r)
                    for r in s.execute(
                        select(Answer.assessment_id, Answer.question_id, Answer.value).order_by(
                            Answer.id
                        )
                    )
                ]
        finally:
            db.dispose()

    first, second = (f"sqlite:///{tmp_path / name}" for name in ("a.db", "b.db"))
    synth.build(first, 5, seed=3)
    synth.build(second, 5, seed=3)
    assert shape(first) == shape(second)
