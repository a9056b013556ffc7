"""How a list's text and columns are read: encodings, separators, header synonyms, paste
repair and page shapes, one rule per test (the fixture lists test them together)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.fuzz import examples
from vendor_review.exchange.inbound.list_headers import header_key, map_columns
from vendor_review.exchange.inbound.list_paste import purposes, split_regions
from vendor_review.exchange.inbound.tables import RefusedFile
from vendor_review.exchange.inbound.vendor_list import VendorList, read_vendor_list

TEXT = "Subprocessor,Location\nSociété Générale,Zürich\n"


def read_listed(path: Path, text: str) -> VendorList:
    """``text`` written to ``path`` (UTF-8), read as a vendor list."""
    path.write_text(text, encoding="utf-8")
    return read_vendor_list(path)


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
    listed = read_listed(tmp_path / "l.csv", out.getvalue())
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


def test_a_split_multi_line_cell_joins_the_row_above(tmp_path: Path) -> None:
    listed = read_listed(
        tmp_path / "l.csv",
        (
            "Subprocessor,Purpose,Location,Notes\n"
            "Acme,Hosting,US,First line\n"
            ",Backups,Germany,\n"
            ",,Japan,second line\n"
            "Beta,Email,UK,\n"
        ),
    )
    acme, beta = listed.rows
    assert acme.source_rows == (2, 3, 4)
    assert acme.purposes == ("Hosting", "Backups")
    assert acme.regions == ("US", "Germany", "Japan")
    assert acme.notes == ("First line", "second line")
    assert beta.source_rows == (5,)


def test_a_one_cell_row_without_a_header_after_it_is_a_vendor(tmp_path: Path) -> None:
    listed = read_listed(tmp_path / "l.csv", "Name,Purpose\nAcme\nBeta,Email\nGamma\n")
    assert [v.name for v in listed.rows] == ["Acme", "Beta", "Gamma"]
    assert listed.blocks == ()


def test_purposes_and_notes_are_kept_once(tmp_path: Path) -> None:
    listed = read_listed(
        tmp_path / "l.csv",
        (
            "Name,Purpose,Notes\nAWS,Hosting,SCCs\nAmazon Web Services (AWS),hosting ,SCCs\n"
            "AWS,Edge,DPF\n"
        ),
    )
    (aws_short, aws) = listed.rows
    assert aws_short.key == "aws" and aws.key == "amazon web services"
    assert aws_short.purposes == ("Hosting", "Edge")
    assert aws_short.notes == ("SCCs", "DPF")


def test_a_page_table_without_a_header_cell_row_uses_its_first_row(tmp_path: Path) -> None:
    listed = read_listed(
        tmp_path / "p.htm",
        (
            "<table><tr><td>Name</td><td>Location</td></tr>"
            "<tr><td>Acme<ul><li>hosting</li></ul></td><td>Paris<br>Berlin</td></tr></table>"
        ),
    )
    (acme,) = listed.rows
    assert acme.name == "Acme hosting"
    assert acme.region_codes == ("DE", "FR")


def test_a_page_without_a_readable_table_or_list_has_no_name_column(tmp_path: Path) -> None:
    listed = read_listed(tmp_path / "p.html", "<h1>Subprocessors</h1><p>Coming soon.</p>")
    assert [p.message for p in listed.fatal] == ["holds no rows: nothing to import"]


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
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
    listed = read_listed(
        tmp_path / "scrape.csv",
        (
            "Company,Sub-processor,Purpose\nSlack,AWS,Hosting\n,Cloudflare,CDN\n"
            "Intercom,AWS,Hosting\n,Anthropic,AI\n"
        ),
    )
    assert [(v.parent, v.name) for v in listed.rows] == [
        ("Slack", "AWS"),
        ("Slack", "Cloudflare"),
        ("Intercom", "AWS"),
        ("Intercom", "Anthropic"),
    ]


def test_a_title_in_any_column_before_a_header_starts_a_block(tmp_path: Path) -> None:
    listed = read_listed(
        tmp_path / "l.csv",
        (
            "Name,Purpose,Location\nAcme,Hosting,US\n,Subsidiaries,\nName,Purpose,Location\n"
            "Acme Holdings GmbH,Sales,Germany\n,Sales support,\n"
        ),
    )
    assert [(b.row, b.kind, b.text) for b in listed.blocks] == [(3, "title", "Subsidiaries")]
    assert [(v.name, v.purposes) for v in listed.rows] == [
        ("Acme", ("Hosting",)),
        ("Acme Holdings GmbH", ("Sales", "Sales support")),
    ]


def test_a_title_that_is_a_header_word_is_a_title_when_the_real_header_follows(
    tmp_path: Path,
) -> None:
    listed = read_listed(
        tmp_path / "l.csv", "Sub-processors\n\nName,Purpose,Location\nAcme,Hosting,US\n"
    )
    assert [(b.row, b.kind, b.text) for b in listed.blocks] == [(1, "title", "Sub-processors")]
    assert [(u.header, u.field) for u in listed.mapping] == [
        ("Name", "name"),
        ("Purpose", "purpose"),
        ("Location", "regions"),
    ]
    assert [v.name for v in listed.rows] == ["Acme"]


def test_a_one_column_list_is_read(tmp_path: Path) -> None:
    listed = read_listed(tmp_path / "l.csv", "Subprocessor\nAcme\nBeta Ltd\n")
    assert [v.key for v in listed.rows] == ["acme", "beta"]


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Subprocessors"
    first.append(["Subprocessor", "Purpose", "Location"])
    first.append(["Amazon Web Services, Inc.", "Hosting", "United States"])
    second = wb.create_sheet("Subsidiaries")
    second.append(["Entity name", "Services provided", "Country"])
    second.append(["Example GmbH", "Support", "Germany"])
    hidden = wb.create_sheet("Internal")
    hidden.append(["Name", "Purpose"])
    hidden.append(["Secret Co", "Not for import"])
    hidden.sheet_state = "hidden"
    wb.create_sheet("Empty")
    wb.save(path)
    return path


def test_every_visible_sheet_of_a_workbook_is_a_block(tmp_path: Path) -> None:
    listed = read_vendor_list(_workbook(tmp_path / "book.xlsx"))
    assert [(b.kind, b.text, b.where) for b in listed.blocks] == [
        ("sheet", "Subprocessors", "Subprocessors!1:1"),
        ("sheet", "Subsidiaries", "Subsidiaries!1:1"),
    ]
    assert [(v.name, v.region_codes) for v in listed.rows] == [
        ("Amazon Web Services, Inc.", ("US",)),
        ("Example GmbH", ("DE",)),
    ]
    assert [str(p) for p in listed.problems] == [
        "book.xlsx: sheet 'Internal' is hidden; not read (unhide it to import it)"
    ]


def test_table_picks_a_sheet_of_a_workbook(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "book.xlsx")
    assert [v.name for v in read_vendor_list(book, table=2).rows] == ["Example GmbH"]
    assert [str(p) for p in read_vendor_list(book, table=3).fatal] == [
        "book.xlsx: --table 3: the workbook has 2 sheets with rows"
    ]


TAGS = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>",
    "<th colspan=3>", "<td rowspan=4>", "<td colspan=99>", "<caption>", "</caption>",
    "<ul>", "</ul>", "<li>", "</li>", "<dl>", "<dt>", "<dd>", "</dl>", "<h2>", "</h2>",
    "<br>", "<p>", "<div>", "</div>", "<script>", "</script>", "<!--", "-->", "&amp;",
    "Name", "Purpose", "Location", "Acme – hosting (US)", "EU", "<b>", "</b>", "\n",
]  # fmt: skip


@settings(
    max_examples=examples(80),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(TAGS), max_size=80))
def test_any_tag_soup_is_read_or_refused_never_a_crash(tmp_path: Path, tokens: list[str]) -> None:
    path = tmp_path / "soup.html"
    path.write_text("".join(tokens), encoding="utf-8")
    try:
        listed = read_vendor_list(path)
    except RefusedFile as exc:
        assert str(exc).startswith("soup.html: refused: ")
        return
    for vendor in listed.rows:
        assert vendor.key and vendor.source_rows


def test_a_linked_name_on_a_page_gives_the_website_unless_a_column_does(tmp_path: Path) -> None:
    listed = read_listed(
        tmp_path / "p.html",
        (
            "<table><tr><th>Name</th><th>Purpose</th></tr>"
            '<tr><td><a href="https://acme.example/">Acme</a></td><td>Hosting</td></tr>'
            '<tr><td><a href="javascript:alert(1)">Beta</a></td><td>Email</td></tr>'
            '<tr><td>Gamma</td><td><a href="https://docs.example">CDN</a></td></tr>'
            "</table>"
            "<table><tr><th>Name</th><th>Website</th></tr>"
            '<tr><td><a href="https://delta.example">Delta</a></td><td>delta.example</td></tr>'
            "</table>"
        ),
    )
    assert [(v.name, v.website) for v in listed.rows] == [
        ("Acme", "https://acme.example/"),
        ("Beta", None),
        ("Gamma", None),
        ("Delta", "delta.example"),
    ]


# A cell of places or of purposes, as pasted or scraped: what it lists.
CELLS = [
    # places: split on new lines, semicolons and commas (not inside brackets)
    (split_regions, "United States", ["United States"]),
    (split_regions, "United States\nIreland", ["United States", "Ireland"]),
    (split_regions, "US; EU, UK", ["US", "EU", "UK"]),
    (split_regions, "EU (Frankfurt, Dublin), US", ["EU (Frankfurt, Dublin)", "US"]),
    (split_regions, " ,US,, ", ["US"]),
    # purposes: one a line, unless the line continues
    (purposes, "Hosting\nObject storage", ["Hosting", "Object storage"]),
    (purposes, "Cloud service provider:\nhosting", ["Cloud service provider: hosting"]),
    (purposes, "Email delivery for\nnotifications", ["Email delivery for notifications"]),
    (purposes, "Support,\nTicketing\n\n  Chat  ", ["Support, Ticketing", "Chat"]),
]


@pytest.mark.parametrize(("read", "cell", "expected"), CELLS)
def test_a_cell_lists_its_places_or_purposes(
    read: Callable[[str], list[str]], cell: str, expected: list[str]
) -> None:
    assert read(cell) == expected


def test_places_on_a_page_number_rows_through_its_tables(tmp_path: Path) -> None:
    listed = read_listed(
        tmp_path / "p.html",
        (
            "<table><tr><th>Name</th><th>DPA signed</th></tr><tr><td>A</td><td>1 Jan</td></tr>"
            "</table><table><tr><th>Name</th><th>DPA signed</th></tr>"
            "<tr><td>B</td><td>soon</td></tr></table>"
        ),
    )
    assert [str(p) for p in listed.problems] == [
        "p.html row 2, column 2 (table 1): '1 Jan' is not a date (YYYY-MM-DD); left out",
        "p.html row 4, column 2 (table 2): 'soon' is not a date (YYYY-MM-DD); left out",
    ]
    assert [(v.name, v.source_rows, v.where) for v in listed.rows] == [
        ("A", (2,), "p.html row 2 (table 1)"),
        ("B", (4,), "p.html row 4 (table 2)"),
    ]
