"""A workbook as it prints: converted to PDF by LibreOffice, measured with pypdf.

    pdf = print_to_pdf(Path("portfolio.xlsx"), tmp_path)   # skips when soffice is absent
    for page in measure(pdf): page.size, page.smallest_text, page.text

LibreOffice prints every sheet's print area with its page setup, as a person choosing
File → Print would get it. ``convert`` is any other conversion (a resave, CSV). Each test
process uses one LibreOffice profile (``-env:UserInstallation``), made on its first
conversion and reused (a new profile costs seconds each time), so parallel test workers
never share one.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.scratch import process_folder

A4 = (595, 842)
LETTER = (612, 792)
CONVERT_SECONDS = 180


def soffice() -> str:
    """The LibreOffice binary, or skip the test saying why (CI installs it: ``.ci/run``)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-calc")
    return found


def convert(path: Path, to: str, out_dir: Path) -> Path:
    """``soffice --convert-to to`` (``"pdf"``, ``"xlsx:Calc MS Excel 2007 XML"``, …) of
    ``path`` into ``out_dir``: the path of the file it writes (a CSV export of every sheet
    writes ``<stem>-<sheet>.csv`` instead)."""
    done = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={process_folder('lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(out_dir),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=CONVERT_SECONDS,
        check=False,
    )
    written = out_dir / (path.stem + "." + to.split(":")[0])
    assert done.returncode == 0, done.stdout + done.stderr
    return written


def print_to_pdf(workbook: Path, out_dir: Path) -> Path:
    """Convert ``workbook`` to PDF in ``out_dir``, as LibreOffice prints it."""
    pdf = convert(workbook, "pdf", out_dir)
    assert pdf.is_file(), f"no {pdf.name} written"
    return pdf


@dataclass(frozen=True)
class PrintedPage:
    number: int
    size: tuple[int, int]
    """Width and height in points, rounded."""
    sizes: tuple[float, ...]
    """The height in points of every piece of text on the page, as printed."""
    text: str
    fonts: frozenset[str]

    @property
    def smallest_text(self) -> float:
        return min(self.sizes, default=math.inf)


class _TextSizes:
    """A pypdf text visitor: the printed height and font of every piece of text."""

    def __init__(self) -> None:
        self.sizes: list[float] = []
        self.fonts: set[str] = set()

    def __call__(
        self, text: str, cm: list[float], tm: list[float], font: Any, font_size: float
    ) -> None:
        if not text.strip():
            return
        # the vertical scale of tm × cm (the second column of the 2×2 product)
        b = tm[0] * cm[1] + tm[1] * cm[3]
        d = tm[2] * cm[1] + tm[3] * cm[3]
        self.sizes.append(font_size * math.hypot(b, d))
        if font is not None and "/BaseFont" in font:
            self.fonts.add(str(font["/BaseFont"]).split("+")[-1])


def measure(pdf: Path) -> Iterator[PrintedPage]:
    """Each page's size and the printed height of its text (font size × the scale of the
    text and graphics matrices)."""
    from pypdf import PdfReader

    for number, page in enumerate(PdfReader(pdf).pages, 1):
        seen = _TextSizes()
        text = page.extract_text(visitor_text=seen)
        box = page.mediabox
        size = (round(float(box.width)), round(float(box.height)))
        yield PrintedPage(number, size, tuple(seen.sizes), text, frozenset(seen.fonts))
