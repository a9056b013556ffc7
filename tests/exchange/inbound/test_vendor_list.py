"""Every realistic list in tests/fixtures/lists/ reads as its YAML says (issue 9 items 1, 3,
4, 9): the header → field mapping, the blocks, the vendors (name, key, purposes, regions and
their codes, parent, rows …) and the warnings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from vendor_review.exchange.inbound.vendor_list import ListedVendor, read_vendor_list

LISTS = Path(__file__).parents[2] / "fixtures" / "lists"
EXAMPLES = Path(__file__).parents[3] / "examples"
FILES = sorted(p for p in LISTS.iterdir() if (LISTS / f"{p.name}.yaml").exists())

FIELDS = {
    "key": "key",
    "purposes": "purposes",
    "regions": "regions",
    "codes": "region_codes",
    "groups": "region_groups",
    "unresolved": "unresolved_regions",
    "parent": "parent",
    "rows": "source_rows",
    "legal_entity": "legal_entity",
    "website": "website",
    "notes": "notes",
    "dpa_signed_on": "dpa_signed_on",
    "kind": "kind",
    "data_access": "data_access",
    "criticality": "criticality",
    "contact": "contact",
    "owner": "owner",
}


def _as_listed(vendor: ListedVendor, wanted: dict[str, Any]) -> dict[str, Any]:
    got: dict[str, Any] = {"name": vendor.name}
    for key in wanted:
        if key != "name":
            value = getattr(vendor, FIELDS[key])
            got[key] = list(value) if isinstance(value, tuple) else value
    return got


def test_every_fixture_has_its_expected_result() -> None:
    assert len(FILES) >= 10
    kinds = {yaml.safe_load((LISTS / f"{p.name}.yaml").read_text())["source_kind"] for p in FILES}
    assert kinds == {"csv", "xlsx", "html", "markdown"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_list_reads_as_expected(path: Path) -> None:
    expected = yaml.safe_load((LISTS / f"{path.name}.yaml").read_text(encoding="utf-8"))
    listed = read_vendor_list(path)

    assert listed.file == path.name
    assert listed.source_kind == expected["source_kind"]
    assert listed.encoding == expected["encoding"]
    assert listed.encoding_note == expected.get("encoding_note")
    assert {u.header: u.field for u in listed.mapping} == expected["mapping"]
    assert [[b.row, b.kind, b.text] for b in listed.blocks] == expected["blocks"]
    assert [str(p) for p in listed.problems] == expected["problems"]
    assert not listed.fatal
    assert [v.name for v in listed.rows] == [v["name"] for v in expected["vendors"]]
    for vendor, wanted in zip(listed.rows, expected["vendors"], strict=True):
        assert _as_listed(vendor, wanted) == wanted


def test_the_example_liveagent_inventory_reads_as_one_vendor_per_company() -> None:
    listed = read_vendor_list(EXAMPLES / "liveagent-subprocessors.csv")
    assert not listed.problems
    assert [v.name for v in listed.rows] == [
        "Linode, LLC",
        "Amazon Web Services, LLC",
        "Websupport, s.r.o.",
        "Quality Unit, LLC",
        "Quality Unit Ukraine",
        "Twilio, Inc.",
        "24/7 support subcontractors",
    ]
    aws = listed.rows[1]
    assert aws.regions == ("US", "EU")
    assert (aws.region_codes, aws.region_groups) == (("US",), ("EU",))
    assert (aws.kind, aws.data_access, aws.criticality) == ("infrastructure", "personal", "high")
    assert aws.source_rows == (3, 4)
    assert {u.header: u.field for u in listed.mapping}["data access"] == "data_access"


def test_dates_come_back_as_dates() -> None:
    listed = read_vendor_list(LISTS / "slack-subprocessors.xlsx")
    assert listed.rows[0].dpa_signed_on == date(2023, 5, 2)
