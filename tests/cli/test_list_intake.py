"""The CLI of list intake: `import-vendors` with a parent, defaults, --map and the dry run;
`vendor show --json` parents and subprocessors; `vendor list --region`; `vendor triage`;
`vendor merge`; and their refusals, each one line."""

from __future__ import annotations

from pathlib import Path

from support.cli import Cli

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "examples" / "liveagent-subprocessors-page.csv"
LISTS = ROOT / "tests" / "fixtures" / "lists"


def test_readme_example_dry_run_then_for_real(run: Cli) -> None:
    dry = run.ok("import-vendors", str(PAGE), "--parent", "LiveAgent", "--dry-run")
    for line in (
        "  Entity name → name",
        "  Location → regions",
        "  none: new vendors without data access and criticality are untriaged",
        "  liveagent-subprocessors-page.csv row 3: title 'Infrastructure subprocessors'",
        "  LiveAgent (new vendor, untriaged)",
        "  new        Amazon Web Services, LLC  (rows 6, 7): other, untriaged",
        "  Quality Unit, LLC ≈ Quality Unit Ukraine (90%, also in this file)",
        "Vendors: 6 new, 1 new parent · links: 6 added · 7 to triage",
        "Dry run: nothing was stored.",
    ):
        assert line in dry.splitlines(), line
    assert run.json("vendor", "list") == []
    done = run.ok("import-vendors", str(PAGE), "--parent", "LiveAgent")
    assert "Created 7 vendors and updated 0; links: 6 added from " in done
    shown = run.json("vendor", "show", "Amazon Web Services")
    assert shown["parents"][0]["name"] == "LiveAgent"
    assert shown["parents"][0]["regions"] == ["United States", "EU"]
    assert shown["parents"][0]["region_codes"] == ["US", "EU"]
    assert shown["parents"][0]["source"] == "liveagent-subprocessors-page.csv"
    assert shown["subprocessors"] == []
    live = run.json("vendor", "show", "LiveAgent")
    assert [s["name"] for s in live["subprocessors"]][:2] == [
        "Amazon Web Services, LLC",
        "Linode, LLC",
    ]
    eu = [r["name"] for r in run.json("vendor", "list", "--region", "EU")]
    assert eu == ["Amazon Web Services, LLC", "Linode, LLC", "Websupport, s.r.o."]
    assert [r["name"] for r in run.json("vendor", "list", "--region", "UA")] == [
        "Quality Unit Ukraine"
    ]
    assert run.error("vendor", "list", "--region", "Narnia", code=2) == (
        "unknown region 'Narnia' (a country, its code, EU, EEA or Worldwide)"
    )


def test_defaults_triage_and_merge(run: Cli) -> None:
    run.ok("import-vendors", str(LISTS / "multi-company-scrape.csv"), "--kind", "service",
           "--data-access", "personal")  # fmt: skip
    listed = {r["name"]: r for r in run.json("vendor", "list")}
    assert listed["Fly.io Inc."]["kind"] == "service"
    assert listed["Fly.io Inc."]["inherent_risk"] is None  # criticality still missing
    assert run.error("assessment", "start", "Fly.io", "--questionnaire", "mini", code=6) == (
        "vendor 'Fly.io Inc.' is untriaged (no data access or criticality yet), so it has no "
        "inherent risk to assess against; triage it first: vendor-review vendor triage "
        "'Fly.io Inc.' --data-access LEVEL --criticality LEVEL"
    )
    assert "needs triage" in run.ok("due")
    assert run.ok("vendor", "triage", "Fly.io", "--data-access", "personal",
                  "--criticality", "high") == (
        "Triaged Fly.io Inc.: service, data access personal, criticality high\n"
    )  # fmt: skip
    assert run.ok("assessment", "start", "Fly.io", "--questionnaire", "mini").strip().isdigit()
    untriaged = [r["name"] for r in run.json("vendor", "list", "--untriaged")]
    assert "Fly.io Inc." not in untriaged and "Zed" in untriaged
    merged = run.ok("vendor", "merge", "Amazon Web Services (AWS)",
                    "Amazon Web Services Australia Pty Ltd", "--reason", "one company")  # fmt: skip
    assert merged == (
        "Merged Amazon Web Services Australia Pty Ltd (#6) into Amazon Web Services Inc (AWS) "
        "(#4)\n"
    )
    events = [e["action"] for e in run.json("audit", "log", "--limit", "3")]
    assert events == ["vendor.delete", "vendor.merge", "vendor_link.join"]
    assert run.error("vendor", "merge", "Zed", "Zed", code=2) == (
        "'Zed' and 'Zed' are one vendor; nothing to merge"
    )
    assert run.error("vendor", "triage", "Nobody", "--data-access", "none",
                     "--criticality", "low", code=4) == "no vendor 'Nobody'"  # fmt: skip


def test_map_strict_and_bad_values_store_nothing(run: Cli, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Firm,Where,Risk\nAcme,DE,9\n", encoding="utf-8")
    refused = run.run("import-vendors", str(path))
    assert refused.exit_code == 2 and "no column names the vendors" in refused.stderr
    dry = run.ok("import-vendors", str(path), "--map", "Firm=name", "--dry-run")
    assert "  Firm → name" in dry and "  Risk → ignored" in dry
    strict = run.run("import-vendors", str(path), "--map", "Firm=name", "--strict")
    assert strict.exit_code == 2 and "--strict refuses unknown columns" in strict.stderr
    bad = run.run("import-vendors", str(path), "--map", "Firm")
    assert bad.exit_code == 2 and "'Firm' is not HEADER=FIELD" in bad.stderr
    assert run.json("vendor", "list") == []
