"""The models on both backends: round trips, constraints, optimistic concurrency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import exc, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vendor_review.domain.enums import AssessmentStatus, VendorKind, VendorStatus
from vendor_review.store import Database, models


def vendor(name: str, **fields: Any) -> models.Vendor:
    defaults: dict[str, Any] = {
        "kind": VendorKind.SERVICE,
        "data_access": "personal",
        "criticality": "high",
    }
    return models.Vendor(name=name, name_key=name.casefold(), **(defaults | fields))


def assessment(of: models.Vendor, **fields: Any) -> models.Assessment:
    return models.Assessment(
        vendor=of,
        questionnaire_id="dpa-safeguards",
        questionnaire_version=3,
        questionnaire_sha256="a" * 64,
        snapshot=models.QuestionnaireDefinition(
            sha256=uuid4().hex * 2,
            questionnaire_id="dpa-safeguards",
            version=3,
            definition={"id": "dpa-safeguards", "sections": [{"id": "breach"}]},
        ),
        reviewer="alice",
        **fields,
    )


def test_round_trip(db: Database) -> None:
    cest = timezone(timedelta(hours=2))
    with db.sessionmaker.begin() as session:
        parent = vendor("LiveAgent", kind="other")
        twilio = vendor("Twilio", regions=["US", "EU"], purpose="VoIP provider")
        evidence = models.Evidence(
            name="soc2.pdf", size=3, sha256="b" * 64, content=b"pdf", added_by="alice"
        )
        cert = models.AssuranceReport(
            vendor=twilio, type="soc2-type2", period_end=date(2026, 3, 31),
            currency_end=date(2027, 3, 31),
        )  # fmt: skip
        cert.evidence = evidence
        a = assessment(twilio, submitted_at=datetime(2026, 11, 29, 12, 0, tzinfo=cest))
        a.section_scores = {"breach": 75.0, "empty": None}
        answer = models.Answer(question_id="breach.notify", value=["a", "b"], answered_by="alice")
        answer.evidence.append(evidence)
        a.answers.append(answer)
        a.answers.append(models.Answer(question_id="q.number", value=12.5, answered_by="alice"))
        session.add_all([parent, twilio, a])
        session.flush()
        session.add(
            models.VendorLink(parent_id=parent.id, child_id=twilio.id, source="test",
                       first_seen=date(2026, 11, 1), last_seen=date(2026, 11, 29))
        )  # fmt: skip
        ids = (twilio.id, a.id)
    with db.sessionmaker.begin() as session:
        twilio = session.get_one(models.Vendor, ids[0])
        link = session.scalars(select(models.VendorLink)).one()
        assert (link.parent.name, link.child.name, link.ended_on) == ("LiveAgent", "Twilio", None)
        assert (link.regions, link.region_codes, link.version) == ([], [], 1)
        assert twilio.regions == ["US", "EU"]
        assert twilio.status == VendorStatus.CANDIDATE and twilio.status == "candidate"
        assert twilio.offboarded is False and twilio.version == 1
        assert twilio.created_at.tzinfo is not None and twilio.created_at.utcoffset() == timedelta()
        assert twilio.reports[0].evidence is not None
        a = session.get_one(models.Assessment, ids[1])
        assert a.status == AssessmentStatus.DRAFT
        assert a.submitted_at == datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
        assert a.submitted_at.tzinfo == UTC
        assert a.definition["sections"] == [{"id": "breach"}]
        assert a.section_scores == {"breach": 75.0, "empty": None}
        values = {ans.question_id: ans.value for ans in a.answers}
        assert values == {"breach.notify": ["a", "b"], "q.number": 12.5}
        assert [e.name for e in a.answers[0].evidence] == ["soc2.pdf"]
        # nullable JSON columns hold SQL NULL for None
        assert (
            session.scalar(
                select(func.count()).where(models.Assessment.critical_failures.is_(None))
            )
            == 1
        )


def test_evidence_content_is_loaded_only_on_access(db: Database) -> None:
    with db.sessionmaker.begin() as session:
        session.add(models.Evidence(name="x", size=1, sha256="c" * 64, content=b"x", added_by="a"))
    with db.sessionmaker.begin() as session:
        evidence = session.scalars(select(models.Evidence)).one()
        assert "content" in inspect(evidence).unloaded
        assert evidence.content == b"x"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "vendor", "'vendor' is not a valid VendorKind"),
        ("status", "aproved", "'aproved' is not a valid VendorStatus"),
    ],
)
def test_values_outside_the_enums_are_refused(
    db: Database, field: str, value: str, message: str
) -> None:
    with pytest.raises(exc.StatementError, match=message), db.sessionmaker.begin() as session:
        session.add(vendor("Acme", **{field: value}))


def test_enum_columns_filter_by_value_and_pattern(db: Database) -> None:
    with db.sessionmaker.begin() as session:
        session.add_all([vendor("A", kind="infrastructure"), vendor("B", kind="service")])
    with db.read_sessionmaker.begin() as session:
        names = session.scalars(
            select(models.Vendor.name).where(models.Vendor.kind.in_(["service", "other"]))
        )
        assert names.all() == ["B"]
        assert session.scalars(
            select(models.Vendor.name).where(models.Vendor.kind.like("infra%"))
        ).all() == ["A"]
        with pytest.raises(exc.StatementError, match="not a valid VendorKind"):
            session.scalars(select(models.Vendor).where(models.Vendor.kind == "servise")).all()


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(exc.StatementError, match="naive datetime"), db.sessionmaker.begin() as s:
        s.add(vendor("Naive", created_at=datetime(2026, 1, 1)))


def test_vendor_names_are_unique(db: Database) -> None:
    with db.sessionmaker.begin() as session:
        session.add(vendor("AWS"))
    with pytest.raises(exc.IntegrityError), db.sessionmaker.begin() as session:
        session.add(vendor("AWS"))


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.sessionmaker.begin() as session:
        parent = vendor("Parent")
        child = vendor("Child")
        session.add_all([parent, child])
        session.flush()
        day = date(2026, 1, 1)
        link = models.VendorLink(
            parent_id=parent.id, child_id=child.id, source="test", first_seen=day, last_seen=day
        )
        session.add(link)
        a = assessment(parent)
        a.answers.append(models.Answer(question_id="q1", value="yes", answered_by="alice"))
        session.add(a)
    with pytest.raises(exc.IntegrityError), db.sessionmaker.begin() as session:
        session.add(models.Finding(assessment_id=999, vendor_id=999, severity="low", text="x"))
    with pytest.raises(exc.IntegrityError), db.sessionmaker.begin() as session:
        session.delete(
            session.scalars(select(models.Vendor).where(models.Vendor.name == "Parent")).one()
        )
    # a discarded draft takes its answers with it (ON DELETE CASCADE in the database)
    with db.sessionmaker.begin() as session:
        session.delete(session.scalars(select(models.Assessment)).one())
    with db.sessionmaker.begin() as session:
        assert session.scalar(select(func.count()).select_from(models.Answer)) == 0


def _rename(session: Session, stale: models.Vendor, name: str) -> None:
    session.add(stale)
    stale.name = name
    session.flush()


def test_concurrent_update_raises_stale_data(db: Database) -> None:
    with db.sessionmaker.begin() as session:
        session.add(vendor("Linode"))
    with db.sessionmaker.begin() as session:  # both users load version 1
        mine = session.scalars(select(models.Vendor)).one()
    with db.sessionmaker.begin() as session:
        theirs = session.scalars(select(models.Vendor)).one()
    with db.sessionmaker.begin() as session:
        _rename(session, theirs, "Linode LLC")
    with pytest.raises(StaleDataError), db.sessionmaker.begin() as session:
        _rename(session, mine, "Linode (Akamai)")
    with db.sessionmaker.begin() as session:
        current = session.scalars(select(models.Vendor)).one()
        assert (current.name, current.version) == ("Linode LLC", 2)


@pytest.mark.postgresql
def test_concurrent_transactions_raise_stale_data_on_postgresql(pg_db: Database) -> None:
    with pg_db.sessionmaker.begin() as session:
        session.add(vendor("Websupport"))
    first, second = pg_db.sessionmaker(), pg_db.sessionmaker()
    try:
        a = first.scalars(select(models.Vendor)).one()
        b = second.scalars(select(models.Vendor)).one()
        a.notes = "first"
        first.commit()
        b.notes = "second"
        with pytest.raises(StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()
