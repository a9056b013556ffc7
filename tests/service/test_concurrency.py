"""Two people at once: concurrent edits are detected and explained, never overwritten;
on PostgreSQL the actor is the database role, so nobody decides in someone else's name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from support.database import T0, count_events, service_factory
from support.portfolio import add_vendor, answer_all, draft
from support.questionnaires import WEAK
from vendor_review.service import FixedClock, Service, open_service
from vendor_review.service.errors import ConflictError, FourEyesError
from vendor_review.settings import Settings
from vendor_review.store import ActorOverrideError, Database, open_database


def test_vendor_edit_after_someone_else_names_who_and_what(
    alice: Service, bob: Service, db: Database
) -> None:
    add_vendor(alice)
    loaded = alice.get_vendor("Twilio")
    bob.update_vendor("Twilio", {"purpose": "SMS gateway", "regions": ["EU"]})
    events = count_events(db)
    with pytest.raises(ConflictError) as conflict:
        alice.update_vendor("Twilio", {"notes": "asked for SOC 2"}, expected_version=loaded.version)
    assert str(conflict.value) == (
        "vendor 'Twilio' was changed by bob since you loaded it (version 1 → 2; "
        "changed: purpose, regions); reload to see it"
    )
    now = alice.get_vendor("Twilio")
    assert (now.purpose, now.regions, now.notes, now.version) == ("SMS gateway", ["EU"], None, 2)
    assert count_events(db) == events
    fresh = alice.update_vendor("Twilio", {"notes": "asked for SOC 2"}, expected_version=2)
    assert (fresh.notes, fresh.purpose, fresh.version) == ("asked for SOC 2", "SMS gateway", 3)


def test_answer_conflict_names_the_other_answer(alice: Service, bob: Service) -> None:
    aid = draft(alice)
    seen = alice.answer(aid, "q1", "yes", expected_version=0).version
    bob.answer(aid, "q1", "no", expected_version=seen)
    with pytest.raises(ConflictError) as conflict:
        alice.answer(aid, "q1", "na", comment="Out of scope", expected_version=seen)
    assert str(conflict.value) == (
        "bob answered q1 at 2026-03-10 09:00 (now 'no', version 2, you had version 1); "
        "reload before changing it"
    )
    with pytest.raises(ConflictError, match="bob answered q1"):
        alice.answer(aid, "q1", "na", comment="n/a", expected_version=0)  # "I saw no answer yet"
    bob.clear_answer(aid, "q1")
    with pytest.raises(ConflictError, match="the answer to q1 was cleared by someone else"):
        alice.answer(aid, "q1", "na", comment="n/a", expected_version=2)
    assert alice.get_assessment(aid).answers == {}


def test_simultaneous_vendor_updates_on_postgresql(
    pg_db: Database, pg_db_url: str, qdir: Path
) -> None:
    """Bob commits between Alice's read and her UPDATE (her transaction is open): her
    UPDATE matches no row of the version she read, so she is told, and Bob's edit stays."""
    alice = service_factory(pg_db, qdir)("alice")
    add_vendor(alice)
    bob_db = open_database(pg_db_url)
    bob = service_factory(bob_db, qdir)("bob")
    interleaved: list[str] = []

    def bob_commits_first(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not interleaved and statement.lstrip().upper().startswith("UPDATE VENDORS"):
            interleaved.append(statement)
            bob.update_vendor("Twilio", {"purpose": "SMS gateway"})

    event.listen(pg_db.engine, "before_cursor_execute", bob_commits_first)
    try:
        with pytest.raises(ConflictError, match="someone else changed this record at the same"):
            alice.update_vendor("Twilio", {"purpose": "VoIP provider", "notes": "by alice"})
    finally:
        event.remove(pg_db.engine, "before_cursor_execute", bob_commits_first)
        bob_db.dispose()
    assert interleaved, "the interleaving hook never ran"
    now = alice.get_vendor("Twilio")
    assert (now.purpose, now.notes, now.version) == ("SMS gateway", None, 2)
    actors = [(e.actor, e.action) for e in alice.audit_log(entity="vendor")]
    assert actors == [("bob", "vendor.update"), ("alice", "vendor.create")]
    assert alice.verify_audit().ok


def test_postgresql_actor_is_the_role(
    pg_db: Database, pg_db_url: str, pg_role_url: Callable[[str, str], str], qdir: Path
) -> None:
    settings = Settings(questionnaires=[qdir])
    clock = FixedClock(T0)
    services: list[Service] = []
    try:
        for role in ("alice", "bob"):
            url = pg_role_url(pg_db_url, role)
            services.append(open_service(settings, database_url=url, clock=clock))
        alice, bob = services
        assert (alice.actor, bob.actor) == ("vendor_review_test_alice", "vendor_review_test_bob")
        aid = draft(alice)
        answer_all(alice, aid, WEAK)
        alice.submit(aid)
        with pytest.raises(FourEyesError, match=r"^vendor_review_test_alice started, answered"):
            alice.approve(aid)
        decided = bob.approve(aid)
        assert (decided.submitted_by, decided.decided_by) == (
            "vendor_review_test_alice",
            "vendor_review_test_bob",
        )
        with pytest.raises(ActorOverrideError) as refused:
            open_service(
                Settings(actor="vendor_review_test_bob"),
                database_url=pg_role_url(pg_db_url, "alice"),
            )
        assert str(refused.value) == (
            "--actor is not allowed on PostgreSQL: the actor is the database role "
            "'vendor_review_test_alice'"
        )
    finally:
        for service in services:
            service.db.dispose()
