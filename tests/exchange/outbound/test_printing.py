"""Both workbooks as they print: converted to PDF by LibreOffice (installed by CI), every
page on the configured paper and every piece of text at least 8 pt high; control
pictures printed in a font that has them; the questionnaire's ids in full.

Each workbook is converted once for the module (a conversion takes seconds)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from support.database import DEMO_AS_OF, demo_sqlite_url
from support.printout import A4, LETTER, PrintedPage, measure, print_to_pdf, soffice
from vendor_review.exchange.outbound.export import ExportOptions, export_workbook
from vendor_review.exchange.outbound.print_layout import MIN_TEXT_PT
from vendor_review.exchange.outbound.questionnaire import (
    ID_COLUMN,
    QUESTIONS,
    write_questionnaire_workbook,
)
from vendor_review.service import Service, open_service
from vendor_review.settings import Settings

AS_OF = DEMO_AS_OF
BELL = "Bell␇Works"  # a name read from a file with BEL in it, stored visible


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    soffice()  # skip early, before building anything, where LibreOffice is missing
    folder = tmp_path_factory.mktemp("printing")
    url = demo_sqlite_url(folder / "demo.db")  # the example portfolio as of AS_OF
    service: Service = open_service(Settings(), database_url=url)
    service.add_vendor(
        {"name": BELL, "kind": "service", "data_access": "personal", "criticality": "low"}
    )
    portfolio = folder / "portfolio.xlsx"
    export_workbook(service, portfolio, ExportOptions(as_of=AS_OF, paper="letter"))
    draft = next(a.id for a in service.list_assessments() if a.status.value == "draft")
    questionnaire = folder / "questionnaire.xlsx"
    write_questionnaire_workbook(service, draft, questionnaire, paper="a4")
    yield {
        "portfolio": portfolio,
        "portfolio pages": list(measure(print_to_pdf(portfolio, folder))),
        "questionnaire": questionnaire,
        "questionnaire pages": list(measure(print_to_pdf(questionnaire, folder))),
        "ids": _question_ids(questionnaire),
    }
    service.db.engine.dispose()


def _question_ids(path: Path) -> list[str]:
    ws = load_workbook(path)[QUESTIONS]
    return [str(row[ID_COLUMN - 1]) for row in ws.iter_rows(min_row=2, values_only=True)]


def _pages(printed: dict[str, object], name: str) -> list[PrintedPage]:
    pages = printed[f"{name} pages"]
    assert isinstance(pages, list) and pages
    return pages


def test_the_portfolio_prints_on_letter_at_8_pt_or_more(printed: dict[str, object]) -> None:
    pages = _pages(printed, "portfolio")
    assert {tuple(sorted(p.size)) for p in pages} == {tuple(sorted(LETTER))}
    small = [(p.number, round(p.smallest_text, 1)) for p in pages if p.smallest_text < MIN_TEXT_PT]
    assert small == []
    first_of: dict[str, PrintedPage] = {}
    for page in pages:  # each page's footer names its sheet: "Summary — page 3 of 33"
        first_of.setdefault(page.text.split("—")[0].strip(), page)
    assert list(first_of)[:3] == ["Dashboard", "Summary", "Answers"]
    summary, answers = first_of["Summary"].text, first_of["Answers"].text
    for header in ("Vendor", "Inherent risk", "Rating", "Next review due", "Days to due"):
        assert header.split()[0] in summary, header
    for header in ("Question ID", "Question", "Answer", "Comment"):
        assert header.split()[-1] in answers, header


def test_control_pictures_print_in_a_font_that_has_them(printed: dict[str, object]) -> None:
    pages = [p for p in _pages(printed, "portfolio") if BELL in p.text]
    assert pages, "the vendor's name is printed"
    assert all(any("DejaVu" in font for font in p.fonts) for p in pages)


def test_the_questionnaire_prints_on_a4_with_full_ids(printed: dict[str, object]) -> None:
    pages = _pages(printed, "questionnaire")
    assert {tuple(sorted(p.size)) for p in pages} == {tuple(sorted(A4))}
    assert min(p.smallest_text for p in pages) >= MIN_TEXT_PT
    ids = printed["ids"]
    assert isinstance(ids, list)
    longest = max(ids, key=len)
    path = printed["questionnaire"]
    assert isinstance(path, Path)
    width = load_workbook(path)[QUESTIONS].column_dimensions["B"].width
    assert width >= len(longest) + 2, (width, longest)
    text = "".join(p.text for p in pages).replace("\n", "")
    assert longest in text
