"""Migration 0006 on a populated database: the example portfolio (``vendor-review demo``)
at the revision before 0006 — LiveAgent the parent of seven subprocessors and Linode of the
colocation provider its SOC 2 report carves out, through ``parent_id`` —
upgrades to links without losing a vendor, a parent or an audit event, on SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from support.migrations import migrate_to, sql_rows, upgrading
from vendor_review.demo import load_demo
from vendor_review.settings import Settings
from vendor_review.store import open_database
from vendor_review.store.engine import normalize_url
from vendor_review.store.migrate import alembic_config

# child → parent: LiveAgent's seven subprocessors, and Linode's carved-out colocation provider
PARENTS = {"LiveAgent": 7, "Linode, LLC": 1}


def _before_links(cfg: Any) -> str:
    """The revision 0006 follows (re-pointed as the chain grows)."""
    down = ScriptDirectory.from_config(cfg).get_revision("0006").down_revision
    assert isinstance(down, str)
    return down


def test_demo_portfolio_before_links_upgrades_to_links(db_url: str, tmp_path: Any) -> None:
    load_demo(Settings(), db_url, as_of=date(2026, 6, 15))
    first = open_database(db_url)
    migrate_to(first, _before_links(alembic_config()))  # one parent column, no links
    first.dispose()
    columns = {
        c["name"] for c in inspect(create_engine(normalize_url(db_url))).get_columns("vendors")
    }
    assert "parent_id" in columns and "name_key" not in columns
    before = sql_rows(
        db_url,
        "SELECT c.name, p.name FROM vendors c JOIN vendors p ON p.id = c.parent_id ORDER BY 1",
    )
    assert {p: [q for _, q in before].count(p) for _, p in before} == PARENTS
    vendors = sql_rows(db_url, "SELECT id, name, data_access, criticality FROM vendors ORDER BY id")

    with upgrading(db_url) as upgraded:  # every audit event kept (a baseline may follow)
        after = sql_rows(
            db_url,
            "SELECT c.name, p.name, l.source, l.ended_on FROM vendor_links l "
            "JOIN vendors c ON c.id = l.child_id JOIN vendors p ON p.id = l.parent_id ORDER BY 1",
        )
        assert [(c, p) for c, p, _, _ in after] == before
        assert {(s, e) for _, _, s, e in after} == {
            ("parent field before links (migration 0006)", None)
        }
        assert (
            sql_rows(db_url, "SELECT id, name, data_access, criticality FROM vendors ORDER BY id")
            == vendors
        )
        keys = dict(sql_rows(db_url, "SELECT name, name_key FROM vendors"))
        assert keys["Amazon Web Services, LLC"] == "amazon web services"
        assert keys["Websupport, s.r.o."] == "websupport"
        names = {c["name"] for c in inspect(upgraded.engine).get_columns("vendors")}
        assert "parent_id" not in names and {"name_key", "region_codes"} <= names
