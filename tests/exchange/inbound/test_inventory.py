"""Vendor inventory import from CSV and XLSX: columns by header, rows validated and
reported by row, one company listed twice merged, existing vendors only with ``update``,
outside text stored as text."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from support.database import audit_count
from support.workbooks import write
from vendor_review.exchange.inbound.inventory import apply_vendor_plan, plan_vendor_import
from vendor_review.exchange.inbound.tables import RefusedFile
from vendor_review.service import Service

SAMPLE = Path(__file__).resolve().parents[3] / "examples" / "liveagent-subprocessors.csv"


@pytest.fixture
def liveagent(alice: Service) -> str:
    alice.add_vendor({"name": "LiveAgent", "kind": "service", "data_access": "personal",
                      "criticality": "high"})  # fmt: skip
    return "LiveAgent"


def test_the_seed_sample_lists_aws_twice_and_imports_it_once(
    alice: Service, liveagent: str
) -> None:
    plan = plan_vendor_import(alice, SAMPLE, parent=liveagent)
    assert plan.problems == ()
    assert [(c.action, c.name) for c in plan.changes] == [
        ("create", "Linode, LLC"),
        ("create", "Amazon Web Services, LLC"),
        ("create", "Websupport, s.r.o."),
        ("create", "Quality Unit, LLC"),
        ("create", "Quality Unit Ukraine"),
        ("create", "Twilio, Inc."),
        ("create", "24/7 support subcontractors"),
    ]
    aws = plan.changes[1]
    assert aws.rows == (3, 4) and aws.fields.regions == ["US", "EU"]
    assert [(c.action, c.child) for c in plan.links][:2] == [
        ("add", "Linode, LLC"),
        ("add", "Amazon Web Services, LLC"),
    ]
    done = apply_vendor_plan(alice, plan)
    assert len(done.created) == 7 and done.links["added"] == 7
    stored = alice.get_vendor("Amazon Web Services, LLC")
    assert stored.regions == ["US", "EU"] and stored.parents == ["LiveAgent"]
    assert stored.region_codes == ["US", "EU"]
    assert stored.kind.value == "infrastructure" and stored.criticality.value == "high"
    assert len(alice.subprocessors("LiveAgent")) == 7
    created = [e for e in alice.audit_log(entity="vendor") if e.action == "vendor.create"]
    reason = f"liveagent-subprocessors.csv {plan.source}"
    assert sum(e.reason == reason for e in created) == 7  # LiveAgent's has none
    again = plan_vendor_import(alice, SAMPLE, parent=liveagent)
    assert {c.action for c in again.changes} == {"unchanged"}
    assert {c.action for c in again.links} == {"same"}


def test_bom_semicolons_windows_line_endings_and_header_spelling(
    alice: Service, tmp_path: Path
) -> None:
    text = (
        "Name;Legal_Entity;KIND;Data Access;criticality;REGIONS;Purpose\r\n"
        'Twilio, Inc.;Twilio, Inc.;service;personal;low;US, EU;"VoIP; SMS"\r\n'
        '"=HYPERLINK(""http://evil.example"",""x"")";;other;none;low;;@SUM(1+1)\r\n'
    )
    path = write(tmp_path, "vendors.csv", b"\xef\xbb\xbf" + text.encode())
    plan = plan_vendor_import(alice, path)
    assert plan.problems == ()
    apply_vendor_plan(alice, plan)
    twilio = alice.get_vendor("Twilio, Inc.")
    assert (twilio.regions, twilio.purpose) == (["US", "EU"], "VoIP; SMS")
    evil = alice.get_vendor('=HYPERLINK("http://evil.example","x")')
    assert evil.purpose == "@SUM(1+1)"  # stored as the text it is, never evaluated


def test_every_problem_is_reported_by_row_and_nothing_stored(
    alice: Service, tmp_path: Path
) -> None:
    text = (
        "name,legal entity,kind,data access,criticality,Risk score\n"
        "Acme,Acme Ltd,service,personal,extreme,9\n"
        "Beta,,cloud,personal,low,\n"
        "Gamma,,,personal,low,\n"
        "Acme EU,Acme Ltd,infrastructure,personal,high,\n"
        ",,service,none,low,\n"
    )
    before = audit_count(alice)
    plan = plan_vendor_import(alice, write(tmp_path, "vendors.csv", text.encode()))
    assert ("Risk score", None) in plan.mapping  # reported and ignored
    kinds = "Input should be 'infrastructure', 'service', 'subcontractor' or 'other'"
    assert [str(p) for p in plan.fatal] == [
        "vendors.csv row 2: criticality 'extreme': Input should be 'low', 'medium' or 'high'",
        f"vendors.csv row 3: kind 'cloud': {kinds}",
        # row 6 has no name: Excel's split of a multi-line cell, joined to row 5
        f"vendors.csv row 5: kind 'infrastructure service': {kinds}",
        "vendors.csv row 5: data access 'personal none': Input should be 'none', 'internal', "
        "'confidential', 'personal' or 'special'",
        "vendors.csv row 5: criticality 'high low': Input should be 'low', 'medium' or 'high'",
    ]
    with pytest.raises(Exception, match="5 problem"):
        apply_vendor_plan(alice, plan)
    assert audit_count(alice) == before and alice.list_vendors().total == 0


def test_existing_vendors_change_only_with_update(alice: Service, tmp_path: Path) -> None:
    alice.add_vendor(
        {
            "name": "Twilio, Inc.",
            "kind": "service",
            "data_access": "personal",
            "criticality": "low",
            "purpose": "VoIP provider",
            "owner": "Ops",
        }
    )
    path = write(tmp_path, "v.csv", b'name,criticality,regions\n"Twilio, Inc.",medium,US\n')
    plan = plan_vendor_import(alice, path)
    (change,) = plan.changes
    assert change.action == "exists"
    assert change.changes == {"criticality": ("low", "medium"), "regions": ([], ["US"])}
    apply_vendor_plan(alice, plan)
    assert alice.get_vendor("Twilio, Inc.").criticality.value == "low"
    plan = plan_vendor_import(alice, path, update=True)
    assert plan.changes[0].action == "update"
    done = apply_vendor_plan(alice, plan)
    twilio = done.updated[0]
    assert (twilio.criticality.value, twilio.regions) == ("medium", ["US"])
    assert (twilio.purpose, twilio.owner) == ("VoIP provider", "Ops")  # not in the file


def test_xlsx_inventory_with_typed_cells(alice: Service, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Name", "Kind", "Data access", "Criticality", "DPA signed on", "Contact"])
    ws.append(["Linode, LLC", "Infrastructure", "personal", "HIGH", datetime(2025, 1, 31), 42])
    ws.append(["Formula Ltd", "other", "none", "low", None, "=1+1"])
    out = io.BytesIO()
    wb.save(out)
    plan = plan_vendor_import(alice, write(tmp_path, "inventory.xlsx", out.getvalue()))
    assert [str(p) for p in plan.problems] == [
        "Sheet!F3: a formula ('=1+1'), never evaluated; the cell is left out"
    ]
    ws.delete_rows(3)
    out = io.BytesIO()
    wb.save(out)
    plan = plan_vendor_import(alice, write(tmp_path, "inventory.xlsx", out.getvalue()))
    apply_vendor_plan(alice, plan)
    linode = alice.get_vendor("Linode, LLC")
    assert (linode.dpa_signed_on, linode.contact) == (date(2025, 1, 31), "42")


def test_outside_text_is_stored_visible(alice: Service, tmp_path: Path) -> None:
    """Markup is stored as is; control and bidi characters in their visible form."""
    name = "Evil \x1b[2J\u202eoc.lagel [b]Corp[/b]"
    data = f"name,kind,data access,criticality\n{name},other,none,low\n".encode()
    apply_vendor_plan(alice, plan_vendor_import(alice, write(tmp_path, "v.csv", data)))
    shown = "Evil ␛[2J⟨U+202E⟩oc.lagel [b]Corp[/b]"
    assert alice.get_vendor(shown).name == shown


def test_unreadable_files_and_unknown_parent(alice: Service, tmp_path: Path) -> None:
    latin = write(tmp_path, "latin.csv", "name,kind\nCaf\xe9,other\n".encode("latin-1"))
    assert plan_vendor_import(alice, latin).changes[0].name == "Café"  # Windows-1252
    nul = write(tmp_path, "nul.csv", b"name\x00,kind\n")
    with pytest.raises(RefusedFile, match="NUL characters"):
        plan_vendor_import(alice, nul)
    assert plan_vendor_import(alice, SAMPLE, parent="Nobody").parents_created == ("Nobody",)
    tabs = "name\tkind\tdata access\tcriticality\nÅse\tother\tnone\tlow\n"
    utf16 = write(tmp_path, "u16.csv", tabs.encode("utf-16"))
    assert plan_vendor_import(alice, utf16).changes[0].name == "Åse"
