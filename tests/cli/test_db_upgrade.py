"""``db upgrade`` where the vendor filter cannot have its index (a PostgreSQL server
without ``pg_trgm``): it says so once, with the reason, and the filter still answers."""

from __future__ import annotations

import pytest

from support.cli import Cli
from vendor_review.store import search

MISSING = "vr_no_such_extension"
ADD = ("--kind", "service", "--data-access", "personal", "--criticality", "medium")


def test_db_upgrade_says_once_why_the_filter_has_no_index(
    pg_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "EXTENSION", MISSING)
    run = Cli(pg_db_url, actor=None)
    for _ in range(2):  # migrating (the migration's own warning is not said again), then not
        result = run.expect("db", "upgrade")
        assert "is up to date" in result.stdout
        assert result.stderr.splitlines() == [
            f"Warning: the vendor filter has no index: the PostgreSQL server has no {MISSING} "
            "extension installed; the filter reads every vendor (fine for a few thousand; "
            "slower beyond)."
        ]
    for name, purpose in (("Twilio", "VoIP provider"), ("Linode", "Hosting provider")):
        run.ok("vendor", "add", name, *ADD, "--purpose", purpose)
    listed = run.json("vendor", "list", "--filter", "voip PROV")
    assert [v["name"] for v in listed] == ["Twilio"]
    monkeypatch.undo()  # the extension installed since
    result = run.expect("db", "upgrade")
    assert result.stderr == ""
    assert [v["name"] for v in run.json("vendor", "list", "--filter", "O")] == ["Linode", "Twilio"]
