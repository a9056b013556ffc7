"""A subprocessor page saved from a browser, read as tables (issue 9 item 9).

Read with the standard library's ``html.parser`` (no network, no entities beyond HTML's
own character references, no regular expressions over markup), within bounds: the bytes
(``Limits.max_bytes``, checked before reading), the nesting depth, the element count, the
rows and columns of a table and the time taken; past any of them the page is refused.

Every ``<table>`` becomes a grid (its ``<caption>``, else the heading above it, is its
title; ``colspan``/``rowspan`` keep cells in their columns, so a cell spanning rows leaves
the rows below it empty there, as Excel's paste does; a cell's first ``http(s)`` link is
kept, so a linked vendor name gives its website). Where a page has no table, each
``<dl>`` (term = name, definition = purpose) and each bullet list whose items read
"Name – purpose (location)" is a grid too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from html.parser import HTMLParser

from vendor_review.domain.regions import resolve_region
from vendor_review.exchange.inbound.tables import Limits, RefusedFile

VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip
SKIPPED = frozenset({
    "script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe",
    "object",
})  # fmt: skip
"""Elements whose text is never a list's (code, styles, the page title, embedded things)."""
BREAKS = frozenset({
    "p", "div", "br", "li", "tr", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
    "h6", "section", "article",
})  # fmt: skip
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_IMPLIED = {"td": ("td", "th"), "th": ("td", "th"), "li": ("li",), "dt": ("dt", "dd")}
_IMPLIED["dd"] = ("dt", "dd")
_IMPLIED["p"] = ("p",)
_DASHES = (" – ", " — ", " - ", ": ")


@dataclass
class PageTable:
    """One ``<table>``: its title and rows of cell texts (``None`` for an empty cell)."""

    order: int
    title: str | None
    rows: list[list[str | None]] = field(default_factory=list)
    row: list[str | None] | None = None
    spans: dict[int, int] = field(default_factory=dict)
    links: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row, column), both from 0 → the first web link in that cell (``http(s)://`` only)."""
    """Column → rows still covered by a ``rowspan`` from above."""


@dataclass
class PageList:
    """One ``<ul>``/``<ol>`` (items) or ``<dl>`` (term, definitions) of the page."""

    order: int
    kind: str
    title: str | None
    items: list[tuple[str, str]] = field(default_factory=list)
    """(tag, text): ``li`` items, or ``dt``/``dd`` in order."""


@dataclass
class Page:
    tables: list[PageTable]
    lists: list[PageList]


class _Reader(HTMLParser):
    def __init__(self, name: str, limits: Limits, deadline: float) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.limits = limits
        self.deadline = deadline
        self.stack: list[str] = []
        self.sinks: list[tuple[str, list[str]]] = []
        self.elements = 0
        self.skip = 0
        self.heading: str | None = None
        self.tables: list[PageTable] = []
        self.open_tables: list[PageTable] = []
        self.lists: list[PageList] = []
        self.open_lists: list[PageList] = []
        self.cell_span: list[tuple[int, int]] = []
        self.cell_links: list[list[str]] = []

    # --- bounds -----------------------------------------------------------------------

    def _refuse(self, reason: str) -> RefusedFile:
        return RefusedFile(self.name, f"refused: {reason}")

    def _count(self) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise self._refuse(f"more than {self.limits.max_elements:,} HTML elements")
        if self.elements % 1000 == 0 and time.monotonic() > self.deadline:
            raise self._refuse(f"took longer than {self.limits.max_seconds:g} s to read")

    # --- tags -------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._count()
        if tag in VOID:
            if tag == "br":
                self._text("\n")
            return
        for closes in _IMPLIED.get(tag, ()):
            if self._open_in_scope(closes):
                self._close_to(closes)
                break
        if tag == "tr" and self._open_in_scope("tr"):
            self._close_to("tr")
        self.stack.append(tag)
        if len(self.stack) > self.limits.max_depth:
            raise self._refuse(f"HTML nested deeper than {self.limits.max_depth} elements")
        if tag in BREAKS:
            self._text("\n")
        if tag in SKIPPED:
            self.skip += 1
        elif tag == "table":
            self.open_tables.append(PageTable(self.elements, self.heading))
        elif tag == "tr" and self.open_tables:
            self._start_row(self.open_tables[-1])
        elif tag in ("td", "th") and self.open_tables:
            table = self.open_tables[-1]
            if table.row is None:
                self._start_row(table)
            self._fill_spans(table)
            self.cell_span.append((_span(attrs, "colspan"), _span(attrs, "rowspan")))
            self.cell_links.append([])
            self.sinks.append((tag, []))
        elif tag in ("caption", *HEADINGS):
            self.sinks.append((tag, []))
        elif tag in ("ul", "ol", "dl"):
            self.open_lists.append(PageList(self.elements, tag, self.heading))
        elif tag == "a" and self.cell_links and not self.cell_links[-1]:
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith(("https://", "http://")) and len(href) <= 500:
                self.cell_links[-1].append(href)
        elif tag in ("li", "dt", "dd") and self.open_lists:
            self.sinks.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            self._close_to(tag)
        if tag in BREAKS:
            self._text("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self._text(data)

    def _text(self, data: str) -> None:
        if self.sinks:
            self.sinks[-1][1].append(data)

    def _open_in_scope(self, tag: str) -> bool:
        """Whether ``tag`` is open inside the innermost table or list (HTML's implied
        end tags: a new ``<td>`` closes the open one, a new ``<li>`` the open item)."""
        for open_tag in reversed(self.stack):
            if open_tag == tag:
                return True
            if open_tag in ("table", "ul", "ol", "dl"):
                return False
        return False

    def _close_to(self, tag: str) -> None:
        while self.stack:
            open_tag = self.stack.pop()
            self._closed(open_tag)
            if open_tag == tag:
                return

    def _closed(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip -= 1
        elif tag in ("td", "th") and self.open_tables and self.sinks and self.sinks[-1][0] == tag:
            self._end_cell(self.open_tables[-1], _clean(self.sinks.pop()[1]))
        elif tag == "tr" and self.open_tables:
            self._end_row(self.open_tables[-1])
        elif tag == "table" and self.open_tables:
            table = self.open_tables.pop()
            if table.row is not None:
                self._end_row(table)
            self.tables.append(table)
        elif tag in ("caption", *HEADINGS) and self.sinks and self.sinks[-1][0] == tag:
            text = " ".join(_clean(self.sinks.pop()[1]).split()) or None
            if tag == "caption" and self.open_tables:
                self.open_tables[-1].title = text
            else:
                self.heading = text
        elif tag in ("ul", "ol", "dl") and self.open_lists:
            self.lists.append(self.open_lists.pop())
        elif tag in ("li", "dt", "dd") and self.sinks and self.sinks[-1][0] == tag:
            text = _clean(self.sinks.pop()[1])
            if self.open_lists and text:
                self.open_lists[-1].items.append((tag, text))
            if self.sinks and self.sinks[-1][0] in ("td", "th"):
                self._text(f"\n{text}\n")  # a list inside a cell is the cell's text

    # --- table rows -------------------------------------------------------------------

    def _start_row(self, table: PageTable) -> None:
        table.row = []

    def _fill_spans(self, table: PageTable) -> None:
        assert table.row is not None
        while table.spans.get(len(table.row), 0) > 0:
            table.spans[len(table.row)] -= 1
            table.row.append(None)

    def _end_cell(self, table: PageTable, text: str) -> None:
        colspan, rowspan = self.cell_span.pop() if self.cell_span else (1, 1)
        link = self.cell_links.pop() if self.cell_links else []
        if table.row is None:
            return
        if link:
            table.links[(len(table.rows), len(table.row))] = link[0]
        for offset in range(colspan):
            if rowspan > 1:
                table.spans[len(table.row)] = rowspan - 1
            table.row.append((text or None) if offset == 0 else None)
        if len(table.row) > self.limits.max_columns:
            raise self._refuse(
                f"a table row has more than the {self.limits.max_columns} columns that are read"
            )

    def _end_row(self, table: PageTable) -> None:
        if table.row is None:
            return
        self._fill_spans(table)
        table.rows.append(table.row)
        table.row = None
        if len(table.rows) > self.limits.max_rows:
            raise self._refuse(
                f"a table has more than {self.limits.max_rows:,} rows, the most that are read"
            )


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    for key, value in attrs:
        if key == name and value and value.strip().isdigit():
            return max(1, min(int(value), 50))
    return 1


def _clean(parts: list[str]) -> str:
    """A cell's text: spaces collapsed within each line, empty lines dropped."""
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)


def read_page(name: str, text: str, limits: Limits, deadline: float) -> Page:
    """The tables and lists of an HTML page (refused past its bounds)."""
    reader = _Reader(name, limits, deadline)
    chunk = 65536
    try:
        for start in range(0, len(text), chunk):
            reader.feed(text[start : start + chunk])
            if time.monotonic() > deadline:
                raise reader._refuse(f"took longer than {limits.max_seconds:g} s to read")
        reader.close()
        reader._close_to("")  # close whatever the page left open
    except RefusedFile:
        raise
    except Exception as exc:  # html.parser is lenient; anything else is a refusal
        raise RefusedFile(
            name, f"refused: not a readable HTML page ({type(exc).__name__})"
        ) from None
    while reader.open_tables:
        reader.tables.append(reader.open_tables.pop())
    while reader.open_lists:
        reader.lists.append(reader.open_lists.pop())
    return Page(
        sorted(reader.tables, key=lambda t: t.order), sorted(reader.lists, key=lambda x: x.order)
    )


class _Fragment(HTMLParser):
    """The text of an HTML fragment (a Markdown cell's ``<br>``, ``&amp;``): line breaks
    for ``br`` and block elements, nothing from scripts or styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED and tag not in VOID:
            self.skip += 1
        elif tag in BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def fragment_text(fragment: str) -> str:
    """What an inline HTML fragment says as text (never interpreted further)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment
    parser = _Fragment()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


def list_rows(page_list: PageList) -> list[list[str | None]] | None:
    """A ``<dl>`` as (name, purpose) rows; a bullet list whose items mostly read
    "Name – purpose (location)" (a single item only with its location) as (name, purpose,
    location) rows; else None."""
    if page_list.kind == "dl":
        rows: list[list[str | None]] = []
        for tag, text in page_list.items:
            if tag == "dt":
                rows.append([" ".join(text.split()), None, None])
            elif rows:
                rows.append([None, text, None])
        return rows or None
    items = [text for tag, text in page_list.items if tag == "li"]
    parsed = [_bullet(text) for text in items]
    shaped = sum(1 for p in parsed if p[1] is not None or p[2] is not None)
    if not items or 2 * shaped < len(items):
        return None
    if len(items) == 1 and parsed[0][2] is None:  # one item: only with a place, so a
        return None  # footer's "© Example – all rights reserved" is not a vendor
    return [list(p) for p in parsed]


def _bullet(text: str) -> tuple[str | None, str | None, str | None]:
    """ "Amazon Web Services (AWS) – hosting (United States)" → name, purpose, location."""
    text = " ".join(text.split()).rstrip(".;,")
    name, rest = text, None
    for dash in _DASHES:
        if dash in text:
            name, rest = (part.strip() for part in text.split(dash, 1))
            break
    location = None
    for part in (rest, name) if rest is not None else (name,):
        if part and part.endswith(")") and "(" in part:
            head, _, tail = part[:-1].rpartition("(")
            if resolve_region(tail) is not None:
                location = tail.strip()
                if part is rest:
                    rest = head.strip() or None
                else:
                    name = head.strip()
                break
    return (name or None), rest, location
