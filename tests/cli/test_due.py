"""`due`: people read an assurance report's kind as "report"; scripts keep "certificate"."""

from __future__ import annotations

import pytest

from support.cli import Cli


@pytest.fixture
def expiring(run: Cli) -> Cli:
    run.ok("vendor", "add", "Linode", "--kind", "infrastructure", "--data-access", "internal",
           "--criticality", "low")  # fmt: skip
    run.ok("report", "add", "Linode", "--type", "iso27001", "--auditor", "BSI",
           "--issued", "2024-01-01", "--expires", "2026-12-20")  # fmt: skip
    return run


def test_a_report_falling_due_reads_as_a_report(expiring: Cli) -> None:
    out = expiring.ok("due", "--as-of", "2026-12-01", "--kind", "report")
    (line,) = [line for line in out.splitlines() if "Linode" in line]
    assert line.split()[2] == "report"


@pytest.mark.parametrize("kind", ["report", "certificate"])
def test_either_kind_name_selects_reports_and_json_keeps_certificate(
    expiring: Cli, kind: str
) -> None:
    got = expiring.json("due", "--as-of", "2026-12-01", "--kind", kind, "--json")
    assert [item["kind"] for item in got["items"]] == ["certificate"]
