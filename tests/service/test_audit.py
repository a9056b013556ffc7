"""The audit trail as the use cases write it: one event per changed entity, in the same
transaction; none for a refused use case; a chain that shows tampering."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from support.database import count_events, events_since, outside_sqlite, tamper_audit
from support.portfolio import add_vendor, answer_all, draft
from support.questionnaires import WEAK
from vendor_review.domain.enums import CertificateStandard
from vendor_review.service import Service
from vendor_review.service.errors import NotFoundError, ServiceError, ValidationError
from vendor_review.service.imports import AnswerWrite
from vendor_review.store import Database


@pytest.fixture
def did(db: Database) -> Callable[[Callable[[], object]], list[tuple[str, str]]]:
    """Run a use case; return the (action, entity) of the events it added."""

    def run(call: Callable[[], object]) -> list[tuple[str, str]]:
        seq = count_events(db, rows=True)  # the chain has no gaps, so the count is the last seq
        call()
        return events_since(db, seq)

    return run


def refused(db: Database, call: Callable[[], object], error: type[ServiceError]) -> int:
    """Events a refused use case added (must be none)."""
    before = count_events(db)
    with pytest.raises(error):
        call()
    return count_events(db) - before


def test_each_write_adds_one_event_per_changed_entity(
    alice: Service, bob: Service, db: Database, did: Callable[..., list[tuple[str, str]]]
) -> None:
    assert did(lambda: add_vendor(alice)) == [("vendor.create", "vendor")]
    assert did(lambda: alice.update_vendor("Twilio", {"purpose": "VoIP"})) == [
        ("vendor.update", "vendor")
    ]
    version = alice.get_vendor("Twilio").version
    assert did(lambda: alice.update_vendor("Twilio", {"purpose": "VoIP"})) == []
    assert alice.get_vendor("Twilio").version == version  # a no-op save is not a change
    aid = alice.start_assessment("Twilio", "mini").id
    assert did(lambda: alice.answer(aid, "q1", "no")) == [("answer.set", "assessment")]
    assert did(lambda: alice.clear_answer(aid, "q1")) == [("answer.clear", "assessment")]
    answer_all(alice, aid, WEAK)
    assert (
        did(lambda: alice.submit(aid))
        == [("assessment.submit", "assessment")] + [("finding.open", "finding")] * 3
    )
    assert did(lambda: bob.approve(aid)) == [
        ("assessment.approve", "assessment"),
        ("vendor.status", "vendor"),
    ]
    finding = alice.list_findings()[0].id  # critical: accepted by a second person
    assert did(lambda: alice.accept_finding(finding, "compensating control")) == [
        ("finding.acceptance_request", "finding")
    ]
    assert did(lambda: bob.approve_acceptance(finding)) == [
        ("finding.acceptance_approve", "finding"),
        ("finding.risk_accepted", "finding"),
    ]
    assert did(lambda: alice.store_evidence(b"report", "soc2.pdf")) == [
        ("evidence.add", "evidence")
    ]
    assert did(lambda: alice.store_evidence(b"report", "copy.pdf")) == []  # same content
    assert did(lambda: alice.offboard_vendor("Twilio", "contract ended")) == [
        ("vendor.offboard", "vendor")
    ]
    log = alice.audit_log(entity="vendor")
    assert (log[0].action, log[0].reason, log[0].actor) == (
        "vendor.offboard",
        "contract ended",
        "alice",
    )
    assert json.loads(log[0].after or "{}")["status"] == "offboarded"
    assert alice.verify_audit().ok


def test_refused_use_cases_add_no_events(
    alice: Service, bob: Service, db: Database, tmp_path: Path
) -> None:
    aid = draft(alice)
    assert refused(db, lambda: alice.add_vendor({"name": "Twilio"}), ValidationError) == 0
    assert refused(db, lambda: alice.answer(aid, "q1", "maybe"), ValidationError) == 0
    assert refused(db, lambda: alice.submit(aid), ServiceError) == 0
    assert refused(db, lambda: alice.update_vendor("Twilio", {"kind": "alien"}), ServiceError) == 0
    assert refused(db, lambda: bob.approve(aid), ServiceError) == 0
    report = tmp_path / "soc2.pdf"
    report.write_bytes(b"SOC 2 report")
    unknown_vendor = lambda: alice.add_certificate(  # noqa: E731
        "Nobody Inc",
        CertificateStandard.ISO_27001,
        expires_on=date(2027, 1, 1),
        evidence_path=report,
    )
    assert refused(db, unknown_vendor, NotFoundError) == 0  # and its evidence is not kept
    assert count_events(db) == 2
    assert alice.verify_audit().checked == count_events(db, rows=True)


def test_tampered_event_is_pinpointed(submitted: int, alice: Service, db: Database) -> None:
    intact = alice.verify_audit()
    assert (intact.ok, intact.checked, intact.first_bad_seq) == (
        True,
        count_events(db, rows=True),
        None,
    )
    answer_event = next(
        e for e in alice.audit_log() if e.action == "answer.set" and '"h72"' in (e.after or "")
    )
    forged = (answer_event.after or "").replace('"value":"h72"', '"value":"h24"')
    assert forged != answer_event.after
    tamper_audit(
        db, "UPDATE audit_events SET after = :a WHERE seq = :s", a=forged, s=answer_event.seq
    )
    broken = alice.verify_audit()
    assert (broken.ok, broken.first_bad_seq, broken.checked) == (
        False,
        answer_event.seq,
        count_events(db, rows=True),  # every event is walked and checked
    )
    assert broken.problem == (
        f"event {answer_event.seq}: hash does not match its content and event "
        f"{answer_event.seq - 1}'s hash (answer.set assessment#{submitted})"
    )


def test_audit_rows_cannot_be_changed(alice: Service, db: Database) -> None:
    add_vendor(alice)
    for statement in ("UPDATE audit_events SET actor = 'eve'", "DELETE FROM audit_events"):
        refusal = pytest.raises(exc.DatabaseError, match="audit_events is append-only")
        with refusal, db.engine.begin() as connection:
            connection.execute(text(statement))
    assert [e.actor for e in alice.audit_log() if not e.action.startswith("row.")] == ["alice"]
    assert alice.verify_audit().ok


def test_an_answer_event_records_only_what_the_answer_holds(
    submitted: int, alice: Service, db: Database
) -> None:
    """Issue 14: one event per saved answer, so it stays small: no ``assessment_id`` (the
    event's entity id), no row id or version, no default fields, nobody and no time the
    event does not already say; on SQLite the changed rows as runs of digests."""
    event = next(
        e for e in alice.audit_log() if e.action == "answer.set" and '"h72"' in (e.after or "")
    )
    after = json.loads(event.after or "{}")
    assert (event.entity, event.entity_id) == ("assessment", str(submitted))
    if db.backend == "sqlite":
        assert after == {"question_id": "q2", "value": "h72"}
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT rows FROM audit_events WHERE seq = :seq"), {"seq": event.seq}
            ).scalar_one()
        document = json.loads(rows)
        # numbered rows only: alice's contributor row (keyed by no number) came with her
        # first answer, one per person and role (migration 0011)
        assert set(document) == {"runs"}
        assert set(document["runs"]) <= {"answers", "assessments"}
        assert len(rows) < 250
    else:  # the server stamps the event's time: the answer's own stays in the record
        assert set(after) == {"question_id", "value", "answered_at"}
    assert alice.verify_audit().ok


def _answer_id(db: Database, aid: int, question_id: str) -> int:
    with db.engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT id FROM answers WHERE assessment_id = :a AND question_id = :q"),
                {"a": aid, "q": question_id},
            ).scalar_one()
        )


def test_an_import_is_one_event_that_proves_every_answer(
    alice: Service, db: Database, did: Callable[..., list[tuple[str, str]]]
) -> None:
    """Issue 14: a returned workbook's answers are one ``answers.import`` event holding
    each answer's value (who and when: the event's); the rows are still checked one by
    one, so an imported answer changed outside vendor-review is named."""
    aid = draft(alice)
    writes = [
        AnswerWrite("q1", "yes", None, 0),
        AnswerWrite("q2", "h72", "see our DPA", 0),
        AnswerWrite("q4", "partial", None, 0),
    ]
    source = "returned.xlsx sha256:" + "ab" * 32
    assert did(lambda: alice.store_answers(aid, writes, source=source)) == [
        ("answers.import", "assessment")
    ]
    event = alice.audit_log(entity="assessment", limit=1)[0]
    assert (event.action, event.actor, event.reason, event.before) == (
        "answers.import",
        "alice",
        source,
        None,
    )
    records = json.loads(event.after or "{}")["answers"]
    if db.backend == "sqlite":  # who and when are the event's
        assert records == {
            "q1": "yes",
            "q2": {"value": "h72", "comment": "see our DPA"},
            "q4": "partial",
        }
    else:  # the server stamps the event's time: each answer's own stays
        assert {q: r["value"] for q, r in records.items()} == {
            "q1": "yes",
            "q2": "h72",
            "q4": "partial",
        }
    again = [AnswerWrite("q1", "no", None, 1)]
    assert did(lambda: alice.store_answers(aid, again, source=source)) == [
        ("answers.import", "assessment")
    ]
    changed = alice.audit_log(entity="assessment", limit=1)[0]
    assert json.loads(changed.before or "{}") == {"answers": {"q1": "yes"}}
    assert alice.verify_audit().ok
    key = _answer_id(db, aid, "q2")
    if db.backend == "sqlite":
        with outside_sqlite(db) as connection:
            connection.execute("UPDATE answers SET value = '\"h24\"' WHERE id = ?", (key,))
    else:  # only the owner can switch the recording trigger off
        with db.engine.begin() as connection:
            connection.execute(text("ALTER TABLE answers DISABLE TRIGGER vr_audit"))
            forged = text("UPDATE answers SET value = '\"h24\"' WHERE id = :i")
            connection.execute(forged, {"i": key})
            connection.execute(text("ALTER TABLE answers ENABLE TRIGGER vr_audit"))
    result = alice.verify_audit()
    assert not result.ok
    assert [p for p in result.problems if p.startswith("answers#")] == [
        f"answers#{key} was changed outside vendor-review since event {_recorded_by(db, event.seq)}"
        + ("" if db.backend == "sqlite" else " (value)")
    ]


def _recorded_by(db: Database, import_seq: int) -> int:
    """The event that last recorded an imported answer row: the import itself on SQLite
    (its row digests), the server's ``row.insert`` just before it on PostgreSQL."""
    if db.backend == "sqlite":
        return import_seq
    with db.engine.connect() as connection:
        return int(
            connection.execute(
                text(
                    "SELECT max(seq) FROM audit_events WHERE seq < :s AND entity = 'answers' "
                    "AND action = 'row.insert' AND after::jsonb ->> 'question_id' = 'q2'"
                ),
                {"s": import_seq},
            ).scalar_one()
        )


def test_an_update_records_what_changed_and_the_row_it_changed(
    alice: Service, db: Database
) -> None:
    """Issue 14: an update's event holds the changed fields (and the row's id), not the
    whole row twice; the rows are proven by the row check, which still passes."""
    add_vendor(alice)
    alice.update_vendor("Twilio", {"purpose": "VoIP"})
    event = alice.audit_log(entity="vendor", limit=1)[0]
    before, after = json.loads(event.before or "{}"), json.loads(event.after or "{}")
    assert set(before) == set(after)
    assert {"id", "purpose", "version"} <= set(after)
    assert not {"name", "kind", "data_access", "criticality"} & set(after)
    assert (before["purpose"], after["purpose"]) == (None, "VoIP")
    assert alice.verify_audit().ok
