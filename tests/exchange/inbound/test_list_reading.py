"""How a list's text and columns are read: encodings, separators, header synonyms, paste
repair and page shapes, one rule per test (the fixture lists test them together)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vendor_review.exchange.inbound.list_headers import header_key, map_columns
from vendor_review.exchange.inbound.list_paste import split_regions
from vendor_review.exchange.inbound.tables import RefusedFile
from vendor_review.exchange.inbound.vendor_list import read_vendor_list

TEXT = "Subprocessor,Location\nSociété Générale,Zürich\n"


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        (TEXT.encode("utf-8"), "utf-8", None),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8", None),
        (TEXT.encode("utf-16"), "utf-16", "decoded as UTF-16"),
        (TEXT.encode("cp1252"), "cp1252", "decoded as Windows-1252 (not UTF-8)"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str, note: str | None) -> None:
    path = tmp_path / "l.csv"
    path.write_bytes(data)
    listed = read_vendor_list(path)
    assert (listed.encoding, listed.encoding_note) == (encoding, note)
    assert [(v.name, v.regions, v.region_codes) for v in listed.rows] == [
        ("Société Générale", ("Zürich",), ("CH",))
    ]


def test_an_encoding_that_is_neither_utf8_nor_windows_1252_is_detected(tmp_path: Path) -> None:
    text = "Subprocessor,Purpose,Location\n" + "".join(
        f"株式会社テスト{i},データの保管とバックアップ,東京\n" for i in range(20)
    )
    path = tmp_path / "jp.csv"
    path.write_bytes(text.encode("shift_jis"))
    listed = read_vendor_list(path)
    assert listed.encoding_note is not None
    assert listed.encoding_note.startswith("decoded as ")
    assert "not UTF-8" in listed.encoding_note
    assert listed.rows[0].name == "株式会社テスト0"


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_separators_are_found_even_below_a_title_line(tmp_path: Path, sep: str) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(["Our subprocessors"])
    writer.writerow(["Name", "Purpose", "Location"])
    writer.writerows([f"Vendor {i}", "Hosting, storage; backups", "US"] for i in range(3))
    path = tmp_path / "l.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    listed = read_vendor_list(path)
    assert [v.purposes for v in listed.rows] == [("Hosting, storage; backups",)] * 3
    assert [b.kind for b in listed.blocks] == ["title"]


@pytest.mark.parametrize(
    ("headers", "fields"),
    [
        (["Subprocessor", "Purpose", "Location"], ["name", "purpose", "regions"]),
        (["Sub-processor", "Processing Purpose", "Country"], ["name", "purpose", "regions"]),
        (["SUBPROCESSOR NAME:", "Nature of processing", "Region"], ["name", "purpose", "regions"]),
        (["Entity name", "Description", "Data location"], ["name", "purpose", "regions"]),
        (
            ["Name of Subprocessor", "Services provided", "Hosting location"],
            ["name", "purpose", "regions"],
        ),
        (
            ["Vendor", "Category of service", "Location of processing"],
            ["name", "purpose", "regions"],
        ),
        (
            ["Supplier", "Description of processing", "DPA signed"],
            ["name", "purpose", "dpa_signed_on"],
        ),
        (["Service provider", "Additional details", "URL"], ["name", "notes", "website"]),
        (["Company", "Purpose"], ["name", "purpose"]),
        (["Company", "Sub-processor", "Location"], ["parent", "name", "regions"]),
        (["Vendor", "Subprocessor"], ["parent", "name"]),
        (["Subprocessor", "Entity name", "Location"], ["name", "legal_entity", "regions"]),
        (["Name", "Subprocessor"], ["name", None]),
        (["Name", "Website", "URL"], ["name", "website", None]),
        (["Name", "Purpose", "Description"], ["name", "purpose", "purpose"]),
        (["Name", "Corporate Location", ""], ["name", None, None]),
    ],
)
def test_headers_found_by_meaning(headers: list[str], fields: list[str | None]) -> None:
    uses = map_columns(list(enumerate(headers, 1)))
    assert [u.field for u in uses] == fields


def test_header_keys_ignore_case_space_and_punctuation() -> None:
    assert (
        header_key("Sub-processor") == header_key("SUBPROCESSOR") == header_key(" sub processor:")
    )
    assert header_key("Location(s)") == "locations"


@pytest.mark.parametrize(
    ("cell", "regions"),
    [
        ("United States", ["United States"]),
        ("United States\nIreland", ["United States", "Ireland"]),
        ("US; EU, UK", ["US", "EU", "UK"]),
        ("EU (Frankfurt, Dublin), US", ["EU (Frankfurt, Dublin)", "US"]),
        (" ,US,, ", ["US"]),
    ],
)
def test_regions_cells_split_on_newlines_semicolons_and_commas(
    cell: str, regions: list[str]
) -> None:
    assert split_regions(cell) == regions


def test_a_split_multi_line_cell_joins_the_row_above(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "Subprocessor,Purpose,Location,Notes\n"
        "Acme,Hosting,US,First line\n"
        ",Backups,Germany,\n"
        ",,Japan,second line\n"
        "Beta,Email,UK,\n",
        encoding="utf-8",
    )
    listed = read_vendor_list(path)
    acme, beta = listed.rows
    assert acme.source_rows == (2, 3, 4)
    assert acme.purposes == ("Hosting", "Backups")
    assert acme.regions == ("US", "Germany", "Japan")
    assert acme.notes == ("First line", "second line")
    assert beta.source_rows == (5,)


def test_a_one_cell_row_without_a_header_after_it_is_a_vendor(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text("Name,Purpose\nAcme\nBeta,Email\nGamma\n", encoding="utf-8")
    listed = read_vendor_list(path)
    assert [v.name for v in listed.rows] == ["Acme", "Beta", "Gamma"]
    assert listed.blocks == ()


def test_purposes_and_notes_are_kept_once(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "Name,Purpose,Notes\nAWS,Hosting,SCCs\nAmazon Web Services (AWS),hosting ,SCCs\n"
        "AWS,Edge,DPF\n",
        encoding="utf-8",
    )
    (aws_short, aws) = read_vendor_list(path).rows
    assert aws_short.key == "aws" and aws.key == "amazon web services"
    assert aws_short.purposes == ("Hosting", "Edge")
    assert aws_short.notes == ("SCCs", "DPF")


def test_a_page_table_without_a_header_cell_row_uses_its_first_row(tmp_path: Path) -> None:
    path = tmp_path / "p.htm"
    path.write_text(
        "<table><tr><td>Name</td><td>Location</td></tr>"
        "<tr><td>Acme<ul><li>hosting</li></ul></td><td>Paris<br>Berlin</td></tr></table>",
        encoding="utf-8",
    )
    (acme,) = read_vendor_list(path).rows
    assert acme.name == "Acme hosting"
    assert acme.region_codes == ("DE", "FR")


def test_a_page_without_a_readable_table_or_list_has_no_name_column(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_text("<h1>Subprocessors</h1><p>Coming soon.</p>", encoding="utf-8")
    assert [p.message for p in read_vendor_list(path).fatal] == ["holds no rows: nothing to import"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400), st.sampled_from(["l.csv", "l.md", "l.html"]))
def test_any_text_is_read_or_refused_never_a_crash(tmp_path: Path, text: str, name: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        listed = read_vendor_list(path)
    except RefusedFile as exc:
        assert str(exc).startswith(f"{name}: refused: ")
        return
    assert all(v.key for v in listed.rows)


def test_a_merged_company_cell_is_the_parent_of_the_rows_below_it(tmp_path: Path) -> None:
    path = tmp_path / "scrape.csv"
    path.write_text(
        "Company,Sub-processor,Purpose\nSlack,AWS,Hosting\n,Cloudflare,CDN\n"
        "Intercom,AWS,Hosting\n,Anthropic,AI\n",
        encoding="utf-8",
    )
    listed = read_vendor_list(path)
    assert [(v.parent, v.name) for v in listed.rows] == [
        ("Slack", "AWS"),
        ("Slack", "Cloudflare"),
        ("Intercom", "AWS"),
        ("Intercom", "Anthropic"),
    ]


def test_a_title_in_any_column_before_a_header_starts_a_block(tmp_path: Path) -> None:
    path = tmp_path / "l.csv"
    path.write_text(
        "Name,Purpose,Location\nAcme,Hosting,US\n,Subsidiaries,\nName,Purpose,Location\n"
        "Acme Holdings GmbH,Sales,Germany\n,Sales support,\n",
        encoding="utf-8",
    )
    listed = read_vendor_list(path)
    assert [(b.row, b.kind, b.text) for b in listed.blocks] == [(3, "title", "Subsidiaries")]
    assert [(v.name, v.purposes) for v in listed.rows] == [
        ("Acme", ("Hosting",)),
        ("Acme Holdings GmbH", ("Sales", "Sales support")),
    ]
