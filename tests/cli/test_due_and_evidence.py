"""``vendor-review due`` exit codes and output, ``cert add/list`` and ``evidence``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from support.cli import RunCli
from support.database import MakeService
from support.fixtures.due import make, run, tiny_dir
from support.portfolio import add_vendor_on, decide
from vendor_review.domain.enums import CertificateStandard as Std

__all__ = ["make", "run", "tiny_dir"]  # on both backends (this folder: SQLite)

DUE = ("due", "--as-of", "2026-06-15")


def test_nothing_due_exits_0(run: RunCli) -> None:
    result = run(*DUE)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Due by 2026-07-15 (as of 2026-06-15): 0 items, 0 overdue"


def test_due_today_is_listed_but_exits_0(make: MakeService, run: RunCli) -> None:
    add_vendor_on(make, "Acme Hosting", date(2024, 6, 15))
    decide(make, "Acme Hosting", date(2024, 6, 15))  # low: due 2026-06-15
    result = run(*DUE)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Due by 2026-07-15 (as of 2026-06-15): 1 items, 0 overdue"
    assert lines[1].split() == ["DUE", "DAYS", "KIND", "VENDOR", "WHY"]
    assert lines[2].startswith("2026-06-15  0")
    assert "review" in lines[2] and "Acme Hosting" in lines[2]
    assert "OVERDUE" not in result.output


def test_something_overdue_exits_3_in_table_and_json(make: MakeService, run: RunCli) -> None:
    add_vendor_on(make, "Acme Hosting", date(2024, 6, 14))
    decide(make, "Acme Hosting", date(2024, 6, 14))  # low: due 2026-06-14, a day late
    make().add_certificate("Acme Hosting", Std.ISO_27001, expires_on=date(2026, 7, 1))
    result = run(*DUE)
    assert result.exit_code == 3, result.output
    assert "2 items, 1 overdue" in result.output
    assert "OVERDUE" in result.output
    as_json = run(*DUE, "--json")
    assert as_json.exit_code == 3
    data = json.loads(as_json.stdout)
    assert (data["as_of"], data["until"], data["overdue"]) == ("2026-06-15", "2026-07-15", 1)
    assert [(i["kind"], i["due_on"], i["overdue"], i["days"]) for i in data["items"]] == [
        ("review", "2026-06-14", True, -1),
        ("certificate", "2026-07-01", False, 16),
    ]
    assert data["items"][1]["level"] == "ISO 27001"
    only_certs = run(*DUE, "--kind", "certificate", "--json")
    assert only_certs.exit_code == 0  # the overdue review is not asked for
    assert [i["kind"] for i in json.loads(only_certs.stdout)["items"]] == ["certificate"]
    narrow = run(*DUE, "--within", "2w", "--json")
    assert narrow.exit_code == 3
    assert [i["kind"] for i in json.loads(narrow.stdout)["items"]] == ["review"]


def test_limit_shows_the_soonest_and_keeps_the_exit_code(make: MakeService, run: RunCli) -> None:
    add_vendor_on(make, "Acme Hosting", date(2024, 6, 14))
    decide(make, "Acme Hosting", date(2024, 6, 14))  # low: due 2026-06-14, a day late
    make().add_certificate("Acme Hosting", Std.ISO_27001, expires_on=date(2026, 7, 1))
    first = run(*DUE, "--limit", "1")
    assert first.exit_code == 3, first.output
    lines = first.output.splitlines()
    assert lines[0] == (
        "Due by 2026-07-15 (as of 2026-06-15): 1 items (the soonest, --limit 1), 1 overdue"
    )
    assert len(lines) == 3 and "review" in lines[2]
    both = run(*DUE, "--limit", "5", "--json")
    assert [i["kind"] for i in json.loads(both.stdout)["items"]] == ["review", "certificate"]
    assert run(*DUE, "--limit", "0").exit_code == 2


def test_month_windows_end_on_the_clamped_day(run: RunCli) -> None:
    result = run("due", "--as-of", "2026-01-31", "--within", "1m", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["until"] == "2026-02-28"


@pytest.mark.parametrize(
    "args",
    [
        ["--within", "30x"],
        ["--within", "-5d"],
        ["--within", ""],
        ["--as-of", "2026-02-30"],
        ["--as-of", "15/06/2026"],
        ["--kind", "bogus"],
        ["--bogus"],
    ],
)
def test_bad_arguments_exit_2(run: RunCli, args: list[str]) -> None:
    result = run("due", *args)
    assert result.exit_code == 2
    assert "error" in result.output.lower()


def test_cert_add_soc2_from_period_end_with_evidence(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    report = tmp_path / "soc2-2025.pdf"
    report.write_bytes(b"%PDF-1.7 SOC 2 Type II report of Globex")
    result = run(
        "cert", "add", "Globex", "--standard", "soc 2 type ii", "--period-end", "2025-12-31",
        "--issued", "2026-02-01", "--scope", "Hosting platform", "--evidence", str(report),
        "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    cert = json.loads(result.stdout)
    assert (cert["standard"], cert["expires_on"]) == ("SOC 2 Type II", "2026-12-31")
    assert (cert["period_end"], cert["issued_on"]) == ("2025-12-31", "2026-02-01")
    assert cert["scope"] == "Hosting platform" and cert["evidence_id"] is not None
    plain = run("cert", "add", "Globex", "--standard", "ISO 27001", "--expires", "2026-07-01")
    assert plain.exit_code == 0
    assert plain.output.strip().endswith("ISO 27001 for Globex, expires 2026-07-01")
    no_expiry = run("cert", "add", "Globex", "--standard", "ISO 27001")
    assert no_expiry.exit_code == 2
    assert "ISO 27001 needs an expiry date" in no_expiry.output
    expiring = run("cert", "list", "--expiring", "60d", "--as-of", "2026-06-15", "--json")
    assert [c["standard"] for c in json.loads(expiring.stdout)] == ["ISO 27001"]
    table = run("cert", "list", "--as-of", "2026-06-15")
    assert table.exit_code == 0
    assert [line.split()[-1] for line in table.output.splitlines()[1:]] == ["16", "199"]


def test_an_evidence_file_over_the_cap_is_refused_clearly(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 11)
    result = run(
        "cert", "add", "Globex", "--standard", "ISO 27001", "--expires", "2027-01-01",
        "--evidence", str(big), env={"VENDOR_REVIEW_EVIDENCE_MAX_BYTES": "10"},
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip() == (
        "vendor-review: error: evidence file big.pdf is 11 bytes, over the 10-byte limit"
    )
    assert make().list_certificates() == [] and make().list_evidence() == []


def test_evidence_is_listed_and_saved_back_out(
    make: MakeService, run: RunCli, tmp_path: Path
) -> None:
    add_vendor_on(make, "Globex", date(2026, 1, 1))
    content = b"%PDF-1.4 ISO 27001 certificate\x00\xff"
    for name in ("iso.pdf", "iso-copy.pdf"):
        (tmp_path / name).write_bytes(content)
        args = ["--expires", "2027-01-01", "--evidence", str(tmp_path / name)]
        assert run("cert", "add", "Globex", "--standard", "ISO 27001", *args).exit_code == 0
    listed = run("evidence", "list", "--json")
    assert listed.exit_code == 0
    [stored] = json.loads(listed.stdout)  # the same bytes twice are stored once
    assert (stored["name"], stored["size"]) == ("iso.pdf", len(content))
    table = run("evidence", "list")
    assert table.output.splitlines()[1].split()[:4] == [
        str(stored["id"]),
        "iso.pdf",
        str(len(content)),
        stored["sha256"][:16],
    ]
    out = tmp_path / "saved.pdf"
    saved = run("evidence", "save", str(stored["id"]), str(out))
    assert saved.exit_code == 0, saved.output
    assert saved.output.strip() == f"Saved evidence #{stored['id']} iso.pdf (32 bytes) to {out}"
    assert out.read_bytes() == content
    out.write_bytes(b"changed")
    again = run("evidence", "save", str(stored["id"]), str(out))
    assert again.exit_code == 2
    assert "exists; use --force to overwrite it" in again.output
    assert out.read_bytes() == b"changed"
    assert run("evidence", "save", str(stored["id"]), str(out), "--force").exit_code == 0
    assert out.read_bytes() == content
    missing = run("evidence", "save", "999", str(tmp_path / "none.pdf"))
    assert missing.exit_code == 4
    assert "no evidence #999" in missing.output
    assert not (tmp_path / "none.pdf").exists()
