"""Suggestions read from an assurance report's PDF, and hostile PDFs refused in one line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from support.pdf import pdf_with_pages
from vendor_review.domain.assurance import Opinion, ReportType
from vendor_review.exchange.inbound.pdf_text import PdfLimits, read_pdf_text
from vendor_review.exchange.inbound.report_facts import parse_date, suggest_report_facts
from vendor_review.exchange.inbound.tables import RefusedFile

SOC2_PAGES = [
    [
        "Linode LLC",
        "System and Organization Controls (SOC) 2 Type II Report",
        "Relevant to Security and Availability",
        "For the period October 1, 2025 to September 30, 2026",
    ],
    [
        "Report of Independent Service Auditors",
        "In our opinion, in all material respects, the description presents the system",
        "that was designed and implemented throughout the period.",
        "/s/ Schellman & Company, LLC",
    ],
]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def by_field(pages: list[str]) -> dict[str, object]:
    return {s.field: s.value for s in suggest_report_facts(pages)}


def test_a_soc2_pdf_suggests_type_period_auditor_and_opinion(tmp_path: Path) -> None:
    pages = read_pdf_text(write(tmp_path, "linode-soc2.pdf", pdf_with_pages(SOC2_PAGES)))
    assert "For the period October 1, 2025" in pages[0]
    assert by_field(list(pages)) == {
        "type": ReportType.SOC2_TYPE2,
        "period_start": date(2025, 10, 1),
        "period_end": date(2026, 9, 30),
        "auditor": "Schellman & Company, LLC",
        "opinion": Opinion.UNQUALIFIED,
    }


def test_each_suggestion_carries_the_words_it_was_read_from() -> None:
    found = {s.field: s.found for s in suggest_report_facts([" ".join(SOC2_PAGES[0])])}
    assert found["period_end"] == "period October 1, 2025 to September 30, 2026"
    assert "SOC) 2 Type II" in str(found["type"])


@pytest.mark.parametrize(
    ("sentence", "opinion"),
    [
        ("In our opinion, except for the matter described, the controls operated.", "qualified"),
        ("In our opinion, the controls did not operate effectively.", "adverse"),
        (
            "Because of the limitation, we do not express an opinion on the description.",
            "disclaimer",
        ),
        (
            "In our opinion, in all material respects, the controls were suitably designed.",
            "unqualified",
        ),
    ],
)
def test_opinion_wording(sentence: str, opinion: str) -> None:
    assert by_field([sentence])["opinion"] == Opinion(opinion)


def test_the_opinion_is_shown_from_its_own_sentence_not_the_title_page() -> None:
    run_on = " ".join(SOC2_PAGES[0] + SOC2_PAGES[1])  # no full stop before "In our opinion"
    found = {s.field: s.found for s in suggest_report_facts([run_on])}
    assert found["opinion"].startswith("In our opinion, in all material respects")
    lead_in = "The scope was limited. Because of it, we do not express an opinion on it."
    assert {s.field: s.found for s in suggest_report_facts([lead_in])}["opinion"] == (
        "Because of it, we do not express an opinion on it."
    )


def test_an_iso_certificate_suggests_number_body_and_dates() -> None:
    text = [
        "CERTIFICATE",
        "This is to certify that the information security management system of",
        "Websupport s.r.o. conforms to ISO/IEC 27001:2022",
        "Certificate No: IS 712345",
        "Certification body: BSI Group The Netherlands B.V.",
        "Date of initial certification: 14 March 2023",
        "Expiry date: 13 March 2029",
    ]
    assert by_field(["\n".join(text)]) == {
        "type": ReportType.ISO27001,
        "issued_on": date(2023, 3, 14),
        "expires_on": date(2029, 3, 13),
        "certificate_number": "IS 712345",
        "auditor": "BSI Group The Netherlands B.V.",
    }


def test_a_type_one_report_is_as_of_one_date() -> None:
    facts = by_field(["SOC 2 Type I report on controls as of 30 June 2026."])
    assert facts["type"] == ReportType.SOC2_TYPE1
    assert facts["period_end"] == date(2026, 6, 30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("October 1, 2025", date(2025, 10, 1)),
        ("1st October 2025", date(2025, 10, 1)),
        ("Sept. 30, 2026", date(2026, 9, 30)),
        ("2026-09-30", date(2026, 9, 30)),
        ("01/10/2025", None),  # day or month first? not guessed
        ("February 30, 2026", None),
    ],
)
def test_dates_as_reports_write_them(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_nothing_is_suggested_from_text_that_says_nothing() -> None:
    assert suggest_report_facts(["Thank you for your business."]) == []


# --- hostile files: one line each, nothing parsed in this process -----------------------


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    source = write(tmp_path, "plain.pdf", pdf_with_pages(SOC2_PAGES))
    writer = PdfWriter()
    for page in PdfReader(source).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(RefusedFile) as caught:
        read_pdf_text(locked)
    assert str(caught.value) == (
        "locked.pdf: refused: the PDF is encrypted; ask the vendor for an unprotected copy"
    )


def test_a_malformed_pdf_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    with pytest.raises(RefusedFile) as caught:
        read_pdf_text(path)
    assert str(caught.value).startswith("broken.pdf: refused: the PDF ")
    assert "\n" not in str(caught.value)


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "report.pdf", b"PK\x03\x04 a zip in disguise")
    with pytest.raises(RefusedFile, match=r"^report\.pdf: refused: not a PDF file"):
        read_pdf_text(path)


def test_a_huge_pdf_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "huge.pdf", pdf_with_pages(SOC2_PAGES) + b"\0" * 4096)
    with pytest.raises(RefusedFile, match=r"^huge\.pdf: refused: .* MiB is over the"):
        read_pdf_text(path, PdfLimits(max_bytes=2048))


def test_too_many_pages_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", pdf_with_pages([["page"]] * 5))
    with pytest.raises(RefusedFile, match=r"^long\.pdf: refused: 5 pages is over the 4 limit$"):
        read_pdf_text(path, PdfLimits(max_pages=4))


def test_a_parse_that_runs_out_of_time_is_stopped(tmp_path: Path) -> None:
    path = write(tmp_path, "slow.pdf", pdf_with_pages(SOC2_PAGES))
    with pytest.raises(RefusedFile, match=r"^slow\.pdf: refused: reading it took over"):
        read_pdf_text(path, PdfLimits(seconds=0.01))
