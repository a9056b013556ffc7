"""Migration 0011 keeps one contributor row per assessment, actor and role (issue 14 item
3): the rows per question of a database at 0010 move into one per person and role with
the earliest time, the audit trail still verifies, whoever answered still cannot decide
(even when none of their answers stands), and the downgrade gives the rows back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from support.database import T0, service_factory
from support.migrations import assert_verifies, migrate_to, sql_rows, upgrading
from support.portfolio import answer_all, draft
from support.questionnaires import WEAK, questionnaire_dir
from vendor_review.service.errors import FourEyesError
from vendor_review.store import Database

ROWS = "SELECT actor, role, at FROM assessment_contributors ORDER BY actor, role"


def _per_question(db: Database, aid: int) -> None:
    """The ``answered`` rows as 0010 kept them: one per question, each at its own time
    (alice q1…q5, bob q1), written on a vendor-review connection as that program did."""
    with db.engine.begin() as connection:
        connection.execute(text("DELETE FROM assessment_contributors WHERE role = 'answered'"))
        for n, (actor, question) in enumerate([*(("alice", q) for q in WEAK), ("bob", "q1")]):
            connection.execute(
                text(
                    "INSERT INTO assessment_contributors (assessment_id, actor, role, "
                    "question_id, at) VALUES (:a, :who, 'answered', :q, :at)"
                ),
                {"a": aid, "who": actor, "q": question, "at": T0 + timedelta(minutes=5 - n)},
            )


def test_rows_per_question_become_one_per_person_and_role(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    qdir = questionnaire_dir(tmp_path / "questionnaires", "mini")
    alice, bob = (service_factory(db, qdir)(who) for who in ("alice", "bob"))
    aid = draft(alice)
    answer_all(alice, aid, WEAK)
    bob.answer(aid, "q1", "no")
    alice.answer(aid, "q1", "yes")  # none of bob's answers stands
    alice.submit(aid)
    migrate_to(db, "0010")
    _per_question(db, aid)
    assert len(sql_rows(db_url, ROWS)) == 8  # started, submitted, 6 answered
    db.dispose()

    with upgrading(db_url) as upgraded:  # every audit event kept
        moved = sql_rows(db_url, ROWS)
        assert [(actor, role) for actor, role, _ in moved] == [
            ("alice", "answered"),
            ("alice", "started"),
            ("alice", "submitted"),
            ("bob", "answered"),
        ]
        # alice's earliest answered row (q5, written first of hers) keeps its time
        assert [str(at)[:19] for actor, role, at in moved if role == "answered"] == [
            str(T0 + timedelta(minutes=1))[:19],
            str(T0)[:19],
        ]
        assert_verifies(upgraded)
        bob_after = service_factory(upgraded, qdir)("bob")
        with pytest.raises(FourEyesError, match=f"^bob answered questions of assessment #{aid}"):
            bob_after.approve(aid)
        migrate_to(upgraded, "0010")
        back = sql_rows(db_url, "SELECT actor, role, question_id FROM assessment_contributors")
        assert sorted(back) == [
            ("alice", "answered", ""),
            ("alice", "started", ""),
            ("alice", "submitted", ""),
            ("bob", "answered", ""),
        ]
