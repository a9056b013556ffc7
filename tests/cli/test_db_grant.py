"""``db grant`` / ``db revoke``: the README's four lines, as the owner, on PostgreSQL."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from support.cli import Cli
from vendor_review.store import roles


@pytest.fixture
def person(pg_db_url: str, pg_admin: Engine) -> Iterator[str]:
    """A fresh login role (dropped afterwards)."""
    name = f"vendor_review_test_cli_{secrets.token_hex(4)}"
    with pg_admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN"))
    yield name
    owner = create_engine(make_url(pg_db_url), isolation_level="AUTOCOMMIT")
    with owner.connect() as connection:
        connection.execute(text(f"DROP OWNED BY {name}"))
    owner.dispose()
    with pg_admin.connect() as connection:
        connection.execute(text(f"DROP ROLE {name}"))


@pytest.mark.postgresql
def test_grant_and_revoke(pg_db_url: str, person: str) -> None:
    owner = Cli(pg_db_url, actor=None)
    assert owner.ok("db", "grant", person, "--reviewer").startswith(f"{person} is now reviewer")
    as_person = Cli(make_url(pg_db_url).set(username=person).render_as_string(False), actor=None)
    as_person.ok(
        "vendor",
        "add",
        "Twilio",
        "--kind",
        "service",
        "--data-access",
        "personal",
        "--criticality",
        "medium",
    )  # fmt: skip  (sequences are granted)
    assert [e["actor"] for e in as_person.json("audit", "log")] == [person, person]
    assert owner.ok("db", "grant", person, "--read-only").startswith(f"{person} is now read-only")
    assert "permission denied" in as_person.error("vendor", "add", "Linode", "--kind",
        "service", "--data-access", "none", "--criticality", "low", code=1)  # fmt: skip
    owner.ok("db", "revoke", person)
    engine = create_engine(make_url(pg_db_url))
    with engine.connect() as connection:
        assert roles.level_of(connection, person) is None
    engine.dispose()


@pytest.mark.postgresql
def test_grant_names_a_missing_role(pg_db_url: str) -> None:
    message = Cli(pg_db_url, actor=None).error("db", "grant", "nobody_here", code=1)
    assert message == (
        "there is no role 'nobody_here': create it first, e.g. createuser nobody_here "
        "(or CREATE ROLE \"nobody_here\" LOGIN PASSWORD '…')"
    )


def test_grant_is_for_postgresql(tmp_path: Path) -> None:
    message = Cli(f"sqlite:///{tmp_path / 'vr.db'}").error("db", "grant", "alice", code=1)
    assert message.startswith("db grant/revoke set PostgreSQL privileges")
