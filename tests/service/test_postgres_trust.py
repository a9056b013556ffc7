"""The red-team list of issue 11 against a real PostgreSQL server, with three roles set up
by ``db grant``: alice (reviewer), bob (approver), carol (read-only). Each attempt is
refused by the database, or audited, attributed and named by ``audit verify``."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, exc, text
from sqlalchemy.engine import make_url

from support.database import T0
from support.portfolio import add_vendor, answer_all, draft
from support.questionnaires import WEAK
from vendor_review.domain.assurance import ObligationStatus, ReportType
from vendor_review.service import FixedClock, Service, open_service
from vendor_review.service.errors import FourEyesError
from vendor_review.service.imports import AnswerWrite
from vendor_review.settings import Settings
from vendor_review.store import Database, IdentityError, roles
from vendor_review.store.audit_verify import VerifyResult

pytestmark = pytest.mark.postgresql

# Their own roles (memberships are cluster-wide; other tests use alice and bob as approvers).
ALICE, BOB, CAROL = (f"vendor_review_test_rt_{n}" for n in ("alice", "bob", "carol"))


@pytest.fixture
def team(pg_db: Database, pg_db_url: str, pg_role_url: Callable[..., str]) -> dict[str, str]:
    return {
        "alice": pg_role_url(pg_db_url, ALICE, "reviewer"),
        "bob": pg_role_url(pg_db_url, BOB, "approver"),
        "carol": pg_role_url(pg_db_url, CAROL, "read-only"),
    }


@pytest.fixture
def services(team: dict[str, str], qdir: Path) -> Iterator[dict[str, Service]]:
    settings = Settings(questionnaires=[qdir])
    opened = {
        name: open_service(settings, database_url=url, clock=FixedClock(T0))
        for name, url in team.items()
    }
    yield opened
    for service in opened.values():
        service.db.dispose()


@pytest.fixture
def submitted(services: dict[str, Service]) -> int:
    """alice adds a vendor (sequences granted), starts, answers and submits."""
    alice = services["alice"]
    aid = draft(alice)
    answer_all(alice, aid, WEAK)
    alice.submit(aid)
    return aid


@contextmanager
def psql(url: str, options: str | None = None) -> Iterator[Connection]:
    """A person's own SQL session (autocommit, like psql), optionally with PGOPTIONS."""
    args = {"options": options} if options else {}
    engine = create_engine(make_url(url), isolation_level="AUTOCOMMIT", connect_args=args)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


def refused(connection: Connection, sql: str, match: str, **params: object) -> None:
    with pytest.raises(exc.DBAPIError, match=match):
        connection.execute(text(sql), params)


def last_change_is(
    reader: Service, actor: str, action: str, table: str, holding: str
) -> VerifyResult:
    """The chain's newest event, as ``reader`` sees it, is ``actor``'s change of a row of
    ``table`` now holding the text ``holding``; the whole chain verifies."""
    event = reader.audit_log(limit=1)[0]
    assert (event.actor, event.action, event.entity) == (actor, action, table)
    assert f'": "{holding}"' in (event.after or "")
    result = reader.verify_audit()
    assert result.ok, result.problems
    return result


def status(db: Database, aid: int) -> tuple[str, str | None]:
    with db.engine.connect() as connection:
        row = connection.execute(
            text("SELECT status, decided_by FROM assessments WHERE id = :i"), {"i": aid}
        ).one()
    return row[0], row[1]


def test_self_approval_through_a_group_role_is_refused(
    pg_db: Database, team: dict[str, str], submitted: int, qdir: Path
) -> None:
    settings = Settings(questionnaires=[qdir])
    with pytest.raises(IdentityError, match=f"connected as {ALICE} but acting as role"):
        _open_with_options(settings, team["alice"], "-c role=" + roles.WRITERS)
    approve = (
        "UPDATE assessments SET status = 'approved', decided_by = :me, decided_at = now() "
        "WHERE id = :id"
    )
    with psql(team["alice"], options="-c role=" + roles.WRITERS) as connection:
        refused(connection, approve, "acts as role vendor_review_writers", me=ALICE, id=submitted)
    with psql(team["alice"]) as connection:
        connection.execute(text("SET ROLE " + roles.WRITERS))
        refused(connection, approve, "acts as role", me=ALICE, id=submitted)
    assert status(pg_db, submitted) == ("submitted", None)


def _open_with_options(settings: Settings, url: str, options: str) -> Service:
    parsed = make_url(url).update_query_dict({"options": options})
    return open_service(settings, database_url=parsed.render_as_string(hide_password=False))


def test_direct_sql_approval_is_refused(
    pg_db: Database, team: dict[str, str], submitted: int
) -> None:
    with psql(team["alice"]) as connection:
        # In someone else's name:
        refused(
            connection,
            "UPDATE assessments SET status = 'approved', decided_by = :bob WHERE id = :id",
            f"decided_by must name the acting role {ALICE}",
            bob=BOB,
            id=submitted,
        )
        # In her own name: she contributed, and she is no approver.
        refused(
            connection,
            "UPDATE assessments SET status = 'approved', decided_by = :me WHERE id = :id",
            "cannot decide it \\(four-eyes\\)",
            me=ALICE,
            id=submitted,
        )
        # Make bob the submitter first, then approve:
        refused(
            connection,
            "UPDATE assessments SET submitted_by = :bob WHERE id = :id",
            f"submitted_by must name the acting role {ALICE}",
            bob=BOB,
            id=submitted,
        )
    assert status(pg_db, submitted) == ("submitted", None)


def test_an_approver_who_answered_cannot_approve_by_sql(
    pg_db: Database, services: dict[str, Service], team: dict[str, str]
) -> None:
    alice, bob = services["alice"], services["bob"]
    aid = draft(alice)
    answer_all(alice, aid, WEAK)
    bob.store_answers(aid, [AnswerWrite("q1", "no", None, 1)], source="bob.xlsx")
    alice.answer(aid, "q1", "yes")  # bob's imported answer no longer stands
    alice.submit(aid)
    with pytest.raises(FourEyesError, match=r"four-eyes"):
        bob.approve(aid)  # the app refuses; and so does the database, below
    with psql(team["bob"]) as connection:
        for sql in (  # his part in it cannot be erased first (migration 0011)
            "DELETE FROM assessment_contributors WHERE assessment_id = :id AND actor = :me",
            "UPDATE assessment_contributors SET role = 'submitted' "
            "WHERE assessment_id = :id AND actor = :me",
        ):
            refused(
                connection, sql, f"who contributed to assessment #{aid} is kept", id=aid, me=BOB
            )
        refused(
            connection,
            "UPDATE assessments SET status = 'approved', decided_by = :me WHERE id = :id",
            "contributed to assessment",
            me=BOB,
            id=aid,
        )
    assert status(pg_db, aid) == ("submitted", None)


def test_decided_assessments_and_their_answers_cannot_change(
    pg_db: Database, services: dict[str, Service], team: dict[str, str], submitted: int
) -> None:
    decided = services["bob"].approve(submitted)
    assert decided.decided_by == BOB
    with psql(team["bob"]) as connection:
        refused(
            connection,
            "UPDATE assessments SET rating = 'low' WHERE id = :id",
            "is approved and cannot change",
            id=submitted,
        )
        refused(
            connection,
            "UPDATE answers SET comment = 'later' WHERE assessment_id = :id",
            "its answers cannot change",
            id=submitted,
        )
        refused(connection, "DELETE FROM assessments WHERE id = :id", "cannot", id=submitted)


def test_forged_audit_events_cannot_be_made(
    pg_db: Database, services: dict[str, Service], team: dict[str, str], submitted: int
) -> None:
    with psql(team["bob"]) as connection:
        refused(
            connection,
            "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, "
            "hash) VALUES (999, 'x', 'alice', 'assessment.approve', 'assessment', '1', 'b')",
            "permission denied for table audit_events",
        )
        refused(
            connection,
            "SELECT vr_audit_insert('assessment.approve', 'assessment', '1', NULL, NULL, NULL, "
            "'alice', 'x')",
            "permission denied for function vr_audit_insert",
        )
        refused(
            connection,
            "SELECT vr_audit_append('row.update', 'assessments', '1', NULL, '{}', NULL)",
            "written by the database only",
        )
        refused(connection, "UPDATE audit_events SET actor = 'alice'", "permission denied")
        refused(connection, "DELETE FROM audit_events", "permission denied")
        refused(connection, "TRUNCATE audit_events", "permission denied")
        refused(connection, "UPDATE alembic_version SET version_num = 'x'", "permission denied")
        refused(connection, "TRUNCATE vendors", "permission denied")
        # The app's way in names bob, whoever he claims to be, and the chain stays whole.
        seq = connection.execute(
            text(
                "SELECT vr_audit_append('assessment.approve', 'assessment', :id, NULL, NULL, "
                "'forged', 'vendor_review_test_alice', '2020-01-01T00:00:00.000000+00:00')"
            ),
            {"id": str(submitted)},
        ).scalar_one()
    event = next(e for e in services["carol"].audit_log() if e.seq == seq)
    assert (event.actor, event.action) == (BOB, "assessment.approve")
    assert not event.at.startswith("2020")
    assert services["carol"].verify_audit().ok


def test_psql_changes_are_audited_and_attributed(
    pg_db: Database, services: dict[str, Service], team: dict[str, str], submitted: int
) -> None:
    with psql(team["bob"]) as connection:
        connection.execute(text("UPDATE vendors SET notes = 'changed in psql'"))
    with psql(team["carol"]) as connection:
        refused(connection, "UPDATE vendors SET notes = 'x'", "permission denied")
    result = last_change_is(services["carol"], BOB, "row.update", "vendors", "changed in psql")
    assert result.rows_checked > 0


def test_changes_behind_the_triggers_are_named_by_verify(
    pg_db: Database, services: dict[str, Service], submitted: int
) -> None:
    """The owner can switch the triggers off; verify names the row and the trigger."""
    with pg_db.engine.begin() as connection:
        connection.execute(text("ALTER TABLE assessments DISABLE TRIGGER vr_audit"))
        connection.execute(
            text("UPDATE assessments SET status = 'approved', decided_by = :b WHERE id = :i"),
            {"b": BOB, "i": submitted},
        )
        connection.execute(text("SET session_replication_role = replica"))
        connection.execute(text("DELETE FROM findings"))
    result = services["carol"].verify_audit()
    assert not result.ok
    assert "trigger vr_audit on assessments is disabled" in result.problems
    assert any(
        p.startswith(f"assessments#{submitted} was changed outside vendor-review")
        and "decided_by, status" in p
        for p in result.problems
    ), result.problems
    assert any(p.startswith("findings#") and "deleted outside" in p for p in result.problems)


def test_db_grant_sets_one_level(
    pg_db: Database, pg_db_url: str, team: dict[str, str], pg_role_url: Callable[..., str]
) -> None:
    with pg_db.engine.begin() as connection:
        assert roles.level_of(connection, ALICE) == "reviewer"
        assert roles.level_of(connection, BOB) == "approver"
        assert roles.level_of(connection, CAROL) == "read-only"
    name = f"rt_dave_{secrets.token_hex(4)}"  # a role of this test's own, dropped after
    dave = pg_role_url(pg_db_url, name, "reviewer")
    role = make_url(dave).username
    try:
        with pg_db.engine.begin() as connection:
            roles.grant(connection, role, "approver")
            assert roles.level_of(connection, role) == "approver"
            roles.revoke(connection, role)
            assert roles.level_of(connection, role) is None
        with psql(dave) as connection:
            refused(connection, "SELECT count(*) FROM vendors", "permission denied")
    finally:
        with pg_db.engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
            connection.execute(text(f"DROP ROLE {role}"))


def test_report_tables_are_granted_and_their_psql_changes_audited(
    pg_db: Database, services: dict[str, Service], team: dict[str, str]
) -> None:
    """Issue 12's tables: a reviewer writes them through the app and by hand in psql
    (audited, attributed, an actor column only ever the login); read-only cannot."""
    alice = services["alice"]
    add_vendor(alice, "Linode")
    report = alice.add_report(
        "Linode", ReportType.SOC2_TYPE2, auditor="Schellman", period_end=date(2026, 3, 31)
    )
    cuec = alice.add_report_cuec(report.id, control="CUEC-1", description="Review access")
    alice.set_obligation(cuec.id, status=ObligationStatus.IN_PLACE, owner="Ops")
    alice.review_report(report.id)
    with psql(team["alice"]) as connection:
        connection.execute(
            text(
                "INSERT INTO report_exceptions (report_id, control, description, created_at) "
                "VALUES (:r, 'CC1.1', 'typed in psql', now())"
            ),
            {"r": report.id},
        )
        refused(connection, "UPDATE obligations SET updated_by = 'someone_else'", "vendor-review")
    with psql(team["carol"]) as connection:
        refused(connection, "DELETE FROM obligations", "permission denied")
    last_change_is(services["carol"], ALICE, "row.insert", "report_exceptions", "typed in psql")


def test_reviewers_hold_no_privilege_on_the_chain_and_read_it_through_views(
    pg_db: Database, services: dict[str, Service], team: dict[str, str], submitted: int
) -> None:
    """alice (reviewer) and carol (read-only) can neither read, write nor change
    ``audit_events`` or ``alembic_version`` in psql; the app's ``audit log`` and ``audit
    verify`` read them through the owner's read-only views, for both."""
    for who in ("alice", "carol"):
        with psql(team[who]) as connection:
            for sql in (
                "SELECT * FROM audit_events",
                "SELECT version_num FROM alembic_version",
                "INSERT INTO audit_events (seq, at, actor, action, entity, entity_id, "
                "hash) VALUES (999, 'x', 'bob', 'a', 'b', '1', 'b')",
                "UPDATE alembic_version SET version_num = 'x'",
                "DELETE FROM alembic_version",
            ):
                refused(connection, sql, "permission denied for table")
            for sql in (
                "INSERT INTO vendor_review_read.audit_events (seq, at, actor, action, entity, "
                "entity_id, hash) VALUES (999, 'x', 'bob', 'a', 'b', '1', 'b')",
                "UPDATE vendor_review_read.audit_events SET actor = 'bob'",
                "DELETE FROM vendor_review_read.alembic_version",
                "CREATE VIEW vendor_review_read.x AS SELECT 1",
            ):
                refused(connection, sql, "permission denied for (view|schema)")
            seen = connection.execute(
                text("SELECT count(*) FROM vendor_review_read.audit_events")
            ).scalar_one()
            assert seen > 0
        events = services[who].audit_log(entity="assessment", entity_id=str(submitted))
        assert any(e.action == "assessment.submit" for e in events)
        result = services[who].verify_audit()
        assert result.ok, result.problems
    with pg_db.engine.connect() as connection:  # the owner reads the tables themselves
        assert connection.execute(text("SELECT count(*) FROM audit_events")).scalar_one() > 0


def test_a_psql_change_of_an_imported_answer_is_audited_and_attributed(
    pg_db: Database, services: dict[str, Service], team: dict[str, str]
) -> None:
    """Issue 14: a workbook's answers are one ``answers.import`` event of alice's; bob
    changing one of them in psql is still his own ``row.update`` of that row, and verify
    passes (the change is recorded, not hidden)."""
    alice = services["alice"]
    aid = draft(alice)
    writes = [AnswerWrite("q1", "yes", None, 0), AnswerWrite("q2", "h72", None, 0)]
    alice.store_answers(aid, writes, source="returned.xlsx")
    imported = alice.audit_log(entity="assessment", limit=1)[0]
    assert (imported.action, imported.actor) == ("answers.import", ALICE)
    with psql(team["bob"]) as connection:
        connection.execute(
            text("UPDATE answers SET value = '\"h24\"' WHERE assessment_id = :a AND "
                 "question_id = 'q2'"), {"a": aid}
        )  # fmt: skip
    last_change_is(services["carol"], BOB, "row.update", "answers", "h24")
