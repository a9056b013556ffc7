"""Every refusal and warning of reading a vendor list names the problem in one message
(issue 9: "Every refusal message"): a bad --map, --strict and an unknown column, no name
column, --table out of range, hostile or oversized pages, nesting too deep, binary garbage."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from support.cli import cli_on_new_file
from vendor_review.exchange.inbound.tables import Limits, RefusedFile
from vendor_review.exchange.inbound.vendor_list import parse_mapping, read_vendor_list
from vendor_review.service.errors import ValidationError

LISTS = Path(__file__).parents[2] / "fixtures" / "lists"
SMALL = Limits(max_bytes=4096, max_rows=20, max_columns=6, max_depth=30, max_elements=300)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def fatal(path: Path, **kwargs: object) -> list[str]:
    listed = read_vendor_list(path, **kwargs)  # type: ignore[arg-type]
    assert listed.rows == ()  # nothing to store when anything is fatal
    return [str(p) for p in listed.fatal]


# --- --map and --strict ---------------------------------------------------------------


def test_parse_mapping_reads_header_equals_field() -> None:
    assert parse_mapping(["Firm=name", " Corporate Location = ignore ", "Where=Regions"]) == {
        "Firm": "name",
        "Corporate Location": "ignore",
        "Where": "regions",
    }
    assert parse_mapping(["A=b=legal entity"]) == {"A=b": "legal_entity"}


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ("Firm", "--map 'Firm': write it as 'Header=field'"),
        ("=name", "--map '=name': write it as 'Header=field'"),
        ("Firm=company", "--map 'Firm=company': 'company' is not a field (one of name, "),
    ],
)
def test_a_bad_map_is_one_message(pair: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_mapping([pair])
    assert str(caught.value).startswith(message)


def test_a_map_to_an_unknown_field_is_refused_by_the_reader_too(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Firm,Purpose\nAcme,Hosting\n")
    with pytest.raises(ValidationError, match="'Firm=company': 'company' is not a field"):
        read_vendor_list(path, mapping={"Firm": "company"})


def test_map_names_the_column_and_ignores_one(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Firm,Purpose,Corporate Location\nAcme Ltd,Hosting,UK\n")
    listed = read_vendor_list(path, mapping={"firm": "name", "Corporate Location": "ignore"})
    assert [(u.header, u.field, u.why) for u in listed.mapping] == [
        ("Firm", "name", "--map"),
        ("Purpose", "purpose", "synonym of purpose"),
        ("Corporate Location", None, "--map"),
    ]
    assert [v.key for v in listed.rows] == ["acme"]


def test_a_map_naming_a_header_the_file_lacks_is_fatal(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Subprocessor,Purpose\nAcme,Hosting\n")
    assert fatal(path, mapping={"Firm": "name"}) == [
        "l.csv: --map 'Firm=name': no column 'Firm' (the headers: 'Subprocessor', 'Purpose')"
    ]


def test_unknown_columns_are_reported_and_ignored_or_refused_with_strict(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Subprocessor,Purpose,Corporate Location\nAcme,Hosting,UK\n")
    listed = read_vendor_list(path)
    assert not listed.problems
    assert [(u.header, u.why) for u in listed.ignored] == [
        ("Corporate Location", "not a known column")
    ]
    assert fatal(path, strict=True) == [
        "l.csv row 1, column C: 'Corporate Location' is not a known column: --map it to a "
        "field or to 'ignore' (--strict refuses unknown columns)"
    ]
    assert not read_vendor_list(path, strict=True, mapping={"Corporate Location": "ignore"}).fatal


def test_no_name_column_is_fatal(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Firm,Purpose\nAcme,Hosting\n")
    assert fatal(path) == [
        "l.csv: no column names the vendors (looked for Name, Subprocessor, Sub-processor, "
        "Entity name, Company, Vendor, Supplier …); name one with --map 'Header=name'"
    ]


def test_an_empty_file_is_fatal(tmp_path: Path) -> None:
    assert fatal(write(tmp_path, "l.csv", "\n\n")) == ["l.csv: holds no rows: nothing to import"]


# --- --table --------------------------------------------------------------------------


def test_table_picks_one_table_of_a_page() -> None:
    page = LISTS / "intercom-subprocessors.html"
    listed = read_vendor_list(page, table=3)
    assert [v.name for v in listed.rows] == [
        "Anthropic, PBC",
        "Twilio Inc. (SendGrid)",
        "Amazon Web Services Inc (AWS)",
    ]
    assert fatal(page, table=4) == ["intercom-subprocessors.html: --table 4: the page has 3 tables"]
    assert fatal(LISTS / "github-subprocessors.csv", table=1) == [
        "github-subprocessors.csv: --table picks a table of a page or a sheet of a workbook"
    ]


def test_import_vendors_counts_the_tables_of_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli_on_new_file(tmp_path, monkeypatch)
    table = "<table><tr><th>Name</th></tr><tr><td>Acme</td></tr></table>"
    for count, said in ((1, "1 table"), (2, "2 tables")):
        page = tmp_path / f"{count}.html"
        page.write_text(table * count)
        refused = run.run("import-vendors", str(page), "--table", "3")
        assert refused.exit_code == 2
        assert refused.stderr.splitlines()[-2:] == [
            f"{count}.html: --table 3: the page has {said}",
            f"vendor-review: error: 1 problem in {count}.html; nothing was imported",
        ]


# --- hostile and broken files ---------------------------------------------------------


def test_an_oversized_page_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "big.html", "<table>" + "<tr><td>x</td></tr>" * 400 + "</table>")
    with pytest.raises(RefusedFile, match=r"^big.html: refused: 0.0 MiB is over the 0 MiB limit"):
        read_vendor_list(path, limits=SMALL)


def test_too_many_elements_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "many.html", "<p><b>x</b></p>" * 200)
    with pytest.raises(RefusedFile, match=r"^many.html: refused: more than 300 HTML elements$"):
        read_vendor_list(path, limits=SMALL)


def test_nesting_too_deep_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "deep.html", "<div>" * 31 + "Name" + "</div>" * 31)
    with pytest.raises(
        RefusedFile, match=r"^deep.html: refused: HTML nested deeper than 30 elements$"
    ):
        read_vendor_list(path, limits=SMALL)


def test_unclosed_cells_and_items_do_not_count_as_nesting(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>Vendor {i}<td>Hosting<td>US" for i in range(15))
    path = write(
        tmp_path, "loose.html", f"<table><tr><th>Name<th>Purpose<th>Location{rows}</table>"
    )
    listed = read_vendor_list(path, limits=SMALL)
    assert len(listed.rows) == 15
    assert listed.rows[-1].purposes == ("Hosting",)


def test_a_table_past_the_row_cap_is_refused_never_cut_short(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>V{i}</td></tr>" for i in range(25))
    path = write(tmp_path, "long.html", f"<table><tr><th>Name</th></tr>{rows}</table>")
    with pytest.raises(RefusedFile, match="a table has more than 20 rows"):
        read_vendor_list(path, limits=SMALL)


def test_a_page_that_takes_too_long_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "slow.html", "<span>x</span>" * 2500)
    with pytest.raises(RefusedFile, match=r"^slow.html: refused: took longer than 0 s to read$"):
        read_vendor_list(path, limits=Limits(max_seconds=0))


def test_scripts_styles_and_entities_are_text_never_rows(tmp_path: Path) -> None:
    page = (
        '<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<script><table><tr><td>Name</td></tr><tr><td>Injected</td></tr></table></script>"
        "<table><tr><th>Name</th></tr><tr><td>&x; &amp; &lt;b&gt;Co&lt;/b&gt;</td></tr></table>"
    )
    listed = read_vendor_list(write(tmp_path, "p.html", page))
    assert [v.name for v in listed.rows] == ["&x; & <b>Co</b>"]


def test_binary_garbage_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "list.csv", random.Random(9).randbytes(2048) + b"\x00")
    with pytest.raises(RefusedFile, match=r"^list.csv: refused: .*not a text file"):
        read_vendor_list(path)


def test_binary_garbage_without_nul_is_refused(tmp_path: Path) -> None:
    data = bytes(range(1, 32)) * 50
    with pytest.raises(RefusedFile, match=r"^g.html: refused: holds control characters"):
        read_vendor_list(write(tmp_path, "g.html", data))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("list.pdf", "refused: not a .csv or .txt or .tsv or .xlsx or .html or .htm or .md"),
        ("list.xls", "refused: an Excel 97-2003 workbook"),
    ],
)
def test_other_files_are_refused_by_name(tmp_path: Path, name: str, reason: str) -> None:
    with pytest.raises(RefusedFile, match=f"^{name}: {reason}"):
        read_vendor_list(write(tmp_path, name, "Name\nAcme\n"))


def test_a_csv_past_the_column_cap_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "wide.csv", ",".join(["Name"] + ["x"] * 9) + "\n")
    with pytest.raises(RefusedFile, match="line 1 has 10 fields, more than the 6 that are read"):
        read_vendor_list(path, limits=SMALL)


# --- warnings: the list is read, the reader is told ------------------------------------


def test_a_nameless_row_with_nothing_above_it_is_left_out_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Subprocessor,Location\n,Germany\nAcme,US\n")
    listed = read_vendor_list(path)
    assert [str(p) for p in listed.problems] == [
        "l.csv row 2: a row without a name and no row above it to continue; left out"
    ]
    assert not listed.fatal
    assert [v.name for v in listed.rows] == ["Acme"]


def test_rows_disagreeing_on_a_one_value_field_keep_the_first_and_say_so(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "l.csv",
        "Name,Legal entity,Purpose\nAWS,Amazon Web Services Inc,Hosting\n"
        "AWS,Amazon Web Services EMEA SARL,Email\n",
    )
    listed = read_vendor_list(path)
    assert [str(p) for p in listed.problems] == [
        "l.csv row 3: legal entity 'Amazon Web Services EMEA SARL' differs from row 2's "
        "'Amazon Web Services Inc' for the same company; the first is kept"
    ]
    assert listed.rows[0].legal_entity == "Amazon Web Services Inc"
    assert listed.rows[0].purposes == ("Hosting", "Email")


def test_a_map_given_as_a_dict_is_read_as_the_cli_spells_fields(tmp_path: Path) -> None:
    path = write(tmp_path, "l.csv", "Firm,Registered as\nAcme,Acme Ltd\n")
    listed = read_vendor_list(path, mapping={"Firm": "Name", "Registered as": "Legal Entity"})
    assert [(v.name, v.legal_entity) for v in listed.rows] == [("Acme", "Acme Ltd")]
