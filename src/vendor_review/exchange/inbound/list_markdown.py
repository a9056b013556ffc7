"""Markdown pipe tables (issue 9 item 9): a header line, a ``|---|:---:|`` line, rows until
a line without a pipe. The heading above a table is its title. In cells, ``\\|`` is a pipe,
``[text](url)`` its text, emphasis and code marks are dropped, and inline HTML (``<br>``,
``&amp;``) is read by ``html.parser`` as text; nothing is rendered or followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vendor_review.exchange.inbound.list_html import fragment_text

_DELIMITER_ROW = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKS = re.compile(r"(\*\*|__|`)")


@dataclass(frozen=True)
class MarkdownTable:
    """A table: its title (the heading above) and rows as (line number, cells)."""

    title: str | None
    rows: list[tuple[int, list[str | None]]]


def _cells(line: str) -> list[str | None]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(ch)
    cells.append("".join(current))
    return [_clean(cell) or None for cell in cells]


def _clean(cell: str) -> str:
    cell = _LINK.sub(lambda m: m.group(1), cell)
    cell = fragment_text(cell)  # inline HTML (<br>, &amp;) read by html.parser
    cell = _MARKS.sub("", cell)
    lines = (" ".join(line.split()) for line in cell.splitlines())
    return "\n".join(line for line in lines if line)


def read_markdown(text: str, max_rows: int, max_columns: int) -> list[MarkdownTable]:
    """Every pipe table of ``text`` (``ValueError`` past the row or column caps)."""
    lines = text.splitlines()
    tables: list[MarkdownTable] = []
    heading: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        match = _HEADING.match(line)
        if match:
            heading = _clean(match.group(1)) or None
        if (
            "|" in line
            and index + 1 < len(lines)
            and _DELIMITER_ROW.match(lines[index + 1])
            and "-" in lines[index + 1]
        ):
            rows = [(index + 1, _cells(line))]
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                rows.append((index + 1, _cells(lines[index])))
                index += 1
                if len(rows) > max_rows:
                    raise ValueError(f"a table has more than {max_rows:,} rows")
            if any(len(cells) > max_columns for _, cells in rows):
                raise ValueError(f"a table row has more than {max_columns} columns")
            tables.append(MarkdownTable(heading, rows))
            continue
        index += 1
    return tables
