"""The CLI of assurance reports (issue 12): `report add/list/show/exception/subservice/
cuec/bridge/coverage/review`, `obligation list/set`, and `cert` on the same register; every
refusal one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import Cli


@pytest.fixture
def linode(run: Cli) -> Cli:
    run.ok("vendor", "add", "Linode", "--kind", "infrastructure", "--data-access", "personal",
           "--criticality", "high")  # fmt: skip
    return run


def add_soc2(run: Cli, *extra: str) -> int:
    out = run.ok("report", "add", "Linode", "--type", "soc2-type2", "--period-start",
                 "2025-10-01", "--period-end", "2026-09-30", "--auditor",
                 "Schellman & Company, LLC", "--opinion", "unqualified", "--criteria",
                 "security,availability", *extra)  # fmt: skip
    return int(out.strip())


def test_the_linode_walk_through(linode: Cli, tmp_path: Path) -> None:
    pdf = tmp_path / "linode-soc2.pdf"
    pdf.write_bytes(b"%PDF-1.4 SOC 2 Type II")
    rid = add_soc2(linode, "--file", str(pdf), "--sites", "Newark, Frankfurt")
    assert linode.ok("report", "exception", str(rid), "--control", "CC6.1", "--description",
                     "Two leavers kept access for 40 days") == (
        f"Added exception #1 (CC6.1) to report #{rid}\n"
    )  # fmt: skip
    sub = linode.ok("report", "subservice", str(rid), "Equinix", "--method", "carve-out",
                    "--purpose", "Colocation data centres")  # fmt: skip
    assert "subprocessor #2 Equinix (new untriaged vendor)" in sub
    linode.ok("report", "cuec", str(rid), "--control", "CUEC-1", "--description",
              "Review access to Cloud Manager quarterly", "--owner", "IT Security")  # fmt: skip
    linode.ok("report", "cuec", str(rid), "--control", "CUEC-2", "--description",
              "Enable two-factor authentication")  # fmt: skip

    review = linode.ok("report", "review", str(rid))
    lines = review.splitlines()
    assert lines[0] == f"Review of report #{rid}: SOC 2 Type II for Linode"
    rows = {line.split()[0]: line.split()[1:4] for line in lines[2:]}
    assert rows["opinion"][0] == rows["scope"][0] == rows["currency"][0] == "pass"
    assert rows["exceptions"] == ["FAIL", "medium", "#1"]
    assert rows["carve-outs"] == ["FAIL", "medium", "#2"]
    assert rows["cuecs"] == ["FAIL", "low", "#3"]
    as_json = linode.json("report", "review", str(rid))
    assert [i["rule"] for i in as_json["items"]] == [
        "opinion", "scope", "currency", "exceptions", "carve-outs", "cuecs",
    ]  # fmt: skip

    shown = linode.json("report", "show", str(rid))
    assert shown["report"]["currency_end"] == "2027-09-30"
    assert shown["report"]["sites"] == "Newark, Frankfurt"
    assert [f["id"] for f in shown["findings"]] == [1, 2, 3]
    text = linode.ok("report", "show", str(rid))
    assert "#2 Equinix (new, untriaged)" in text and "Schellman & Company, LLC" in text
    listed = linode.json("report", "list", "--vendor", "Linode")
    assert [(r["id"], r["exceptions"], r["carve_outs"], r["open_obligations"])
            for r in listed] == [(rid, 1, 1, 2)]  # fmt: skip
    equinix = linode.json("vendor", "show", "Equinix")
    assert equinix["parents"][0]["source"] == f"from SOC 2 Type II report #{rid} (carve-out)"

    open_ones = linode.json("obligation", "list", "--open")
    assert [(o["control"], o["owner"]) for o in open_ones] == [
        ("CUEC-1", "IT Security"), ("CUEC-2", None),
    ]  # fmt: skip
    assert linode.ok("obligation", "set", str(open_ones[1]["id"]), "--status", "in_place",
                     "--owner", "Ops", "--note", "2FA enforced") == (
        "Obligation #2 (CUEC-2, Linode): in_place, owner Ops\n"
    )  # fmt: skip
    assert [o["control"] for o in linode.json("obligation", "list", "--open")] == ["CUEC-1"]
    assert "cuecs       pass" in linode.ok("report", "review", str(rid))
    assert linode.ok("report", "bridge", str(rid), "--through", "2027-12-31") == (
        f"Added bridge letter #1 to report #{rid}, through 2027-12-31\n"
    )
    assert linode.ok("report", "coverage", str(rid), "--covers", "no") == (
        f"Report #{rid}: covers our service: no\n"
    )
    assert "scope       FAIL    high" in linode.ok("report", "review", str(rid))
    assert linode.json("report", "show", str(rid))["report"]["currency_end"] == "2027-12-31"
    assert linode.ok("audit", "verify").startswith("Audit chain intact")


def test_cert_commands_still_work_on_the_register(linode: Cli) -> None:
    out = linode.ok("cert", "add", "Linode", "--standard", "ISO 27001", "--issued", "2025-02-01",
                    "--expires", "2028-01-31", "--issuer", "BSI")  # fmt: skip
    assert out.startswith("Added certificate #1 ISO 27001 for Linode, expires 2028-01-31")
    rid = add_soc2(linode)
    certs = linode.json("cert", "list", "--vendor", "Linode")
    assert [(c["id"], c["standard"], c["expires_on"]) for c in certs] == [
        (rid, "SOC 2 Type II", "2027-09-30"), (1, "ISO 27001", "2028-01-31"),
    ]  # fmt: skip
    reports = linode.json("report", "list")
    assert {r["id"]: r["type"] for r in reports} == {1: "iso27001", rid: "soc2-type2"}


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--type", "soc5", "--auditor", "X"], 2, "Invalid value for '--type'"),
        (["--type", "soc2-type2", "--auditor", "X", "--period-end", "2026-13-01"], 2,
         "Invalid value for '--period-end'"),
        (["--type", "soc2-type2", "--auditor", "X"], 2,
         "needs the start and end dates of its audit period"),
        (["--type", "iso27001", "--auditor", "X", "--issued", "2026-05-01"], 2,
         "ISO/IEC 27001 certificate needs its issue and expiry dates"),
        (["--type", "iso27001", "--auditor", "X", "--issued", "2026-05-01", "--expires",
          "2026-01-01"], 2, "cannot expire (2026-01-01) before it is issued"),
        (["--type", "soc2-type2", "--auditor", "X", "--period-end", "2026-09-30",
          "--criteria", "security,vibes"], 2, "unknown trust services criterion 'vibes'"),
        (["--type", "soc2-type2", "--auditor", "Evil\x1b[2J", "--period-end", "2026-09-30"],
         2, "auditor:"),
    ],
)  # fmt: skip
def test_bad_report_input_is_one_line(
    linode: Cli, args: list[str], code: int, message: str
) -> None:
    assert message in linode.error("report", "add", "Linode", *args, code=code)
    assert linode.json("report", "list") == []


def test_other_refusals_are_one_line(linode: Cli) -> None:
    assert linode.error("report", "show", "42", code=4) == "no report #42"
    rid = add_soc2(linode)
    assert "Invalid value for '--method'" in linode.error(
        "report", "subservice", str(rid), "Equinix", "--method", "sideways", code=2
    )
    assert "Invalid value for '--through'" in linode.error(
        "report", "bridge", str(rid), "--through", "soon", code=2
    )
    assert "Invalid value for '--status'" in linode.error(
        "obligation", "set", "1", "--status", "done", code=2
    )
    assert linode.error("obligation", "set", "7", "--status", "open", code=4) == (
        "no obligation #7"
    )
