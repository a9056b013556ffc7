"""``report suggest FILE`` and ``report add --file F.pdf`` without the flags a person must
check: suggestions with the words they were read from, never stored; hostile PDFs are
one line (issue 12 item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.cli import ERROR_PREFIX, Cli
from support.pdf import pdf_with_pages

SOC2 = [
    [
        "Linode LLC",
        "System and Organization Controls (SOC) 2 Type II Report",
        "For the period October 1, 2025 to September 30, 2026",
    ],
    [
        "Report of Independent Service Auditors",
        "In our opinion, in all material respects, the description presents the system",
        "that was designed and implemented throughout the period.",
        "/s/ Schellman & Company, LLC",
    ],
]
ISO = [
    [
        "CERTIFICATE",
        "Websupport s.r.o. conforms to ISO/IEC 27001:2022",
        "Certificate No: IS 712345",
        "Certification body: BSI Group The Netherlands B.V.",
        "Date of initial certification: 14 March 2023",
        "Expiry date: 13 March 2029",
    ]
]
SOC2_ADD = (
    "vendor-review report add Linode --type soc2-type2 --period-start 2025-10-01 "
    "--period-end 2026-09-30 --auditor 'Schellman & Company, LLC' --opinion unqualified "
)


def pdf(tmp_path: Path, name: str, pages: list[list[str]]) -> Path:
    path = tmp_path / name
    path.write_bytes(pdf_with_pages(pages))
    return path


def test_suggest_shows_each_value_with_its_words_and_the_add_line(run: Cli, tmp_path: Path) -> None:
    path = pdf(tmp_path, "linode-soc2.pdf", SOC2)
    out = run.ok("report", "suggest", str(path), "--vendor", "Linode")
    lines = out.splitlines()
    assert lines[0].split() == ["FIELD", "SUGGESTED", "FOUND", "IN"]
    assert lines[1].split()[:3] == ["type", "soc2-type2", "SOC)"]
    assert "period_end    2026-09-30" in out
    assert "period October 1, 2025 to September 30, 2026" in out
    assert "auditor       Schellman & Company, LLC  /s/ Schellman & Company, LLC" in out
    assert "opinion       unqualified               In our opinion, in all material" in out
    assert "Nothing is stored. Check each value against the report, then run:" in out
    assert lines[-1] == SOC2_ADD + f"--file {path}"
    assert run.json("report", "list") == []


def test_suggest_json(run: Cli, tmp_path: Path) -> None:
    path = pdf(tmp_path, "iso.pdf", ISO)
    data = run.json("report", "suggest", str(path))
    assert data["file"] == "iso.pdf"
    assert {s["field"]: s["value"] for s in data["suggestions"]} == {
        "type": "iso27001",
        "issued_on": "2023-03-14",
        "expires_on": "2029-03-13",
        "certificate_number": "IS 712345",
        "auditor": "BSI Group The Netherlands B.V.",
    }
    assert data["suggestions"][0]["found"] == "ISO/IEC 27001"
    assert data["command"] == (
        "vendor-review report add VENDOR --type iso27001 --issued 2023-03-14 --expires "
        "2029-03-13 --auditor 'BSI Group The Netherlands B.V.' --certificate-number "
        f"'IS 712345' --file {path}"
    )


def test_a_pdf_that_says_nothing_gets_placeholders(run: Cli, tmp_path: Path) -> None:
    path = pdf(tmp_path, "letter.pdf", [["Thank you for your business."]])
    out = run.ok("report", "suggest", str(path))
    assert out.splitlines() == [
        "letter.pdf: nothing found to suggest; read the report and give every flag.",
        f"vendor-review report add VENDOR --type TYPE --auditor NAME --file {path}",
    ]


def encrypted(tmp_path: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(pdf(tmp_path, "plain.pdf", SOC2)).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def huge(tmp_path: Path) -> Path:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.write(pdf_with_pages(SOC2))
        fh.truncate(51 * 1024 * 1024)  # sparse: over the 50 MiB limit, refused from stat
    return path


HOSTILE = {
    "encrypted": (
        encrypted,
        "locked.pdf: refused: the PDF is encrypted; ask the vendor for an unprotected copy",
    ),
    "malformed": (
        lambda tmp: _write(tmp, "broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40),
        "broken.pdf: refused: the PDF is malformed",
    ),
    "not a PDF": (
        lambda tmp: _write(tmp, "report.pdf", b"PK\x03\x04 a zip in disguise"),
        "report.pdf: refused: not a PDF file (no %PDF- header)",
    ),
    "huge": (huge, "huge.pdf: refused: "),
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_pdf_is_one_line(run: Cli, tmp_path: Path, kind: str) -> None:
    make, expected = HOSTILE[kind]
    message = run.error("report", "suggest", str(make(tmp_path)), code=2)
    assert message.startswith(expected)


@pytest.fixture
def linode(run: Cli) -> None:
    run.ok("vendor", "add", "Linode", "--kind", "infrastructure",
           "--data-access", "personal", "--criticality", "high")  # fmt: skip


def add_without_flags(run: Cli, *args: str) -> tuple[int, list[str]]:
    result = run.run("report", "add", "Linode", *args)
    assert result.stdout == ""
    return result.exit_code, result.stderr.splitlines()


def test_add_with_a_pdf_but_no_type_or_auditor_suggests_and_refuses(
    run: Cli, tmp_path: Path, linode: None
) -> None:
    path = pdf(tmp_path, "linode-soc2.pdf", SOC2)
    code, lines = add_without_flags(run, "--file", str(path))
    assert code == 2
    assert lines[0] == "suggested type: soc2-type2  (found in: SOC) 2 Type II)"
    assert lines[-1] == (
        f"{ERROR_PREFIX}give --type/--auditor (nothing read from a file is stored unchecked); "
        "suggestions from linode-soc2.pdf: --type soc2-type2, --period-start 2025-10-01, "
        "--period-end 2026-09-30, --auditor Schellman & Company, LLC, --opinion unqualified; "
        f"after checking them run: {SOC2_ADD}--file {path}"
    )
    assert run.json("report", "list") == []  # nothing stored, not even the file's report


def test_flags_typed_are_kept_in_the_line_to_run(run: Cli, tmp_path: Path, linode: None) -> None:
    path = pdf(tmp_path, "linode-soc2.pdf", SOC2)
    code, lines = add_without_flags(
        run, "--type", "soc2-type1", "--period-end", "2026-06-30", "--file", str(path)
    )
    assert code == 2
    assert lines[-1].startswith(f"{ERROR_PREFIX}give --auditor (nothing read from a file")
    assert lines[-1].endswith(
        "run: vendor-review report add Linode --type soc2-type1 --period-start 2025-10-01 "
        "--period-end 2026-06-30 --auditor 'Schellman & Company, LLC' --opinion unqualified "
        f"--file {path}"
    )


def test_add_without_flags_and_without_a_readable_pdf(
    run: Cli, tmp_path: Path, linode: None
) -> None:
    assert run.error("report", "add", "Linode", code=2) == (
        "give --type/--auditor: a report is recorded only from what you checked"
    )
    locked = encrypted(tmp_path)
    assert run.error(
        "report", "add", "Linode", "--auditor", "X", "--file", str(locked), code=2
    ) == (
        "give --type; no suggestions from the file (locked.pdf: refused: the PDF is "
        "encrypted; ask the vendor for an unprotected copy)"
    )
    assert run.json("report", "list") == []


def test_add_with_every_flag_still_records_the_report(
    run: Cli, tmp_path: Path, linode: None
) -> None:
    path = pdf(tmp_path, "linode-soc2.pdf", SOC2)
    report_id = run.ok(
        "report", "add", "Linode", "--type", "soc2-type2", "--auditor", "Schellman",
        "--period-end", "2026-09-30", "--file", str(path),
    ).strip()  # fmt: skip
    assert [r["id"] for r in run.json("report", "list")] == [int(report_id)]
