"""A write-only sheet's rows as XML text, written straight into the file openpyxl streams
the sheet to (issue 14: the export near the writer's limit).

openpyxl's write-only worksheet makes a cell object of every value and an lxml element of
every cell; for a million answers that was most of an export. ``RowStream`` takes over
the middle of the sheet's stream: openpyxl writes what comes before the rows (sheet
properties, views, column widths), then ``<sheetData>`` holds the rows written here as
text, then openpyxl writes what comes after (autofilter, conditional formats, data
validations, print settings) — except the hyperlinks, which go to a second file as they
come and are copied in here too (openpyxl would keep an object each until the end and
then build a tree of them all: memory growing with the portfolio).

The rows must be well-formed SpreadsheetML: ``TableSheet`` builds them from text that
``TextGuard`` cleaned (no character XML cannot hold) and escapes with ``xml_text``.
Both openpyxl's XML writer (lxml) and this stream write to one Python file object, so
they stay in order once lxml's own buffer is flushed before each raw write.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path
from typing import IO, Any

from openpyxl.worksheet import _writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

BATCH = 256
"""Rows joined and written at a time."""


def xml_text(text: str) -> str:
    """``text`` escaped for an XML text node or a double-quoted attribute."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


class RowStream:
    """The ``<sheetData>`` of one write-only worksheet, and its hyperlinks.

    Made once everything written before the rows is set on the sheet (column widths,
    frozen pane, print properties); ``close`` after everything written after them is
    set (autofilter, conditional formats, data validations), which ends the sheet."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        # openpyxl's temporary-file hook (``scratch`` points it at a private folder).
        self._path: str = _writer.create_temporary_file()
        self._file: IO[bytes] = open(self._path, "wb")  # noqa: SIM115 (closed in close)
        self._writer = writer = _writer.WorksheetWriter(ws, out=self._file)
        ws._writer = writer
        writer.write_top()
        self._xf: Any = writer.xf.send(True)  # lxml's incremental writer, inside <worksheet>
        self._data = self._xf.element("sheetData")
        self._data.__enter__()
        self._xf.flush()
        self._rows: list[str] = []
        self._links: IO[bytes] | None = None

    def row(self, xml: str) -> None:
        """One ``<row>`` element, as text."""
        rows = self._rows
        rows.append(xml)
        if len(rows) >= BATCH:
            self._file.write("".join(rows).encode())
            rows.clear()

    def link(self, ref: str, location: str) -> None:
        """Cell ``ref`` links to ``location`` in the workbook (``'Answers'!A2:P9``)."""
        if self._links is None:
            self._links = tempfile.TemporaryFile(dir=Path(self._path).parent)  # noqa: SIM115
        self._links.write(f'<hyperlink ref="{ref}" location="{xml_text(location)}"/>'.encode())

    def close(self) -> None:
        """End the rows, let openpyxl write the rest of the sheet, close the file and hand
        it to the workbook (which copies it into the saved file)."""
        writer, xf = self._writer, self._xf
        self._file.write("".join(self._rows).encode())
        self._rows.clear()
        self._data.__exit__(None, None, None)
        writer.xf.send(None)  # back to openpyxl's stream of elements
        # openpyxl's ``write_tail``, in the order the schema wants, the links in between.
        writer.write_protection()
        writer.write_scenarios()
        writer.write_filter()
        writer.write_merged_cells()
        writer.write_formatting()
        writer.write_validations()
        if self._links is not None:
            xf.flush()
            self._file.write(b"<hyperlinks>")
            self._links.seek(0)
            shutil.copyfileobj(self._links, self._file)
            self._file.write(b"</hyperlinks>")
            self._links.close()
        writer.write_print()
        writer.write_margins()
        writer.write_page()
        writer.write_header()
        writer.write_breaks()
        writer.write_drawings()
        writer.write_legacy()
        writer.write_tables()
        writer.close()
        self._file.close()
        writer.out = self._path  # the workbook copies the sheet from this file
        self.ws._WriteOnlyWorksheet__saved = True  # what ``ws.close()`` would have marked

    def abandon(self) -> None:
        """After a failure: end the XML and close the file, as far as they still can be
        (the file's folder is removed by ``scratch``). Nothing once closed."""
        if self._file.closed:
            return
        with contextlib.suppress(Exception):
            self._data.__exit__(None, None, None)
            self._writer.xf.send(None)
            self._writer.close()
        self._file.close()
        if self._links is not None:
            self._links.close()
        self.ws._WriteOnlyWorksheet__saved = True
