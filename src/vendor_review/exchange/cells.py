"""Outside text made safe and faithful for a spreadsheet cell (DESIGN §8).

Pure string work, no openpyxl: ``TextGuard.clean`` turns any ``str`` into what is stored,
and ``needs_quote`` says whether the cell gets Excel's quote prefix. The sheet writer
always stores the result as a string cell (``t="inlineStr"``), never a formula.

What is stored, and how a reader gets the original back:

- Text beginning with ``= + - @``, tab, CR, LF or fullwidth ``＝ ＋ － ＠`` (also after
  leading whitespace) is stored unchanged with the cell's ``quotePrefix`` set, so Excel
  and LibreOffice show it as typed and never evaluate it, not even after an edit.
- OOXML escapes characters as ``_xHHHH_`` (ECMA-376 ``ST_Xstring``), which Excel and
  LibreOffice decode when they read. So CR is written ``_x000D_`` (a raw CR would be read
  back as LF by any XML parser), and a literal ``_xHHHH_`` in the text gets its ``_``
  escaped as ``_x005F_``. Decoding with ``openpyxl.utils.escape.unescape`` gives the
  original text back exactly.
- Control characters XML cannot hold (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) are
  made visible as their Unicode control pictures (U+0007 → ``␇``, U+2400 + code);
  U+FFFE, U+FFFF and lone surrogates become ``�`` (U+FFFD). Never dropped: each cell
  changed so is counted (``made_visible``) and the count is shown in the About sheet.
- Text longer than Excel's cell limit (32,767 UTF-16 units) is cut and ends with a
  visible marker saying how much there was; each cut is counted (``cut``).
"""

from __future__ import annotations

import re

CELL_LIMIT = 32_767
"""Excel's maximum characters in a cell (UTF-16 code units)."""

DANGEROUS_FIRST = frozenset("=+-@\t\r\n＝＋－＠")
"""First characters that make a spreadsheet treat text as a formula (or hide one)."""

_NEEDS_WORK = re.compile(r"[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")
_MAX_GROWTH = 7
"""The most one character can grow by (CR → ``_x000D_``, ``_`` → ``_x005F_``)."""


def needs_quote(text: str) -> bool:
    """True when ``text`` begins, perhaps after whitespace, like a formula."""
    if not text:
        return False
    if text[0] in DANGEROUS_FIRST:
        return True
    if not text[0].isspace():
        return False
    stripped = text.lstrip()
    return bool(stripped) and stripped[0] in DANGEROUS_FIRST


def _replace(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "_":
        return "_x005F_"
    if ch == "\r":
        return "_x000D_"
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    return "\ufffd"


def _units(text: str) -> int:
    """Length in UTF-16 code units, as Excel counts (no surrogates are left by then)."""
    return len(text.encode("utf-16-le")) // 2


def cut_marker(shown: int, total: int) -> str:
    return f" …[cut: the first {shown:,} of {total:,} characters; Excel holds no more]"


class TextGuard:
    """Cleans text for cells and counts what it had to change, for the About sheet."""

    def __init__(self) -> None:
        self.cut = 0
        self.made_visible = 0

    def clean(self, text: str) -> str:
        """The string to store for ``text`` (see the module's docstring)."""
        cleaned = text if _NEEDS_WORK.search(text) is None else self._escape(text)
        if len(text) * _MAX_GROWTH <= CELL_LIMIT or _units(cleaned) <= CELL_LIMIT:
            return cleaned
        self.cut += 1
        return self._cut(text)

    def _escape(self, text: str) -> str:
        visible = False

        def replace(match: re.Match[str]) -> str:
            nonlocal visible
            out = _replace(match)
            if not out.startswith("_"):
                visible = True
            return out

        cleaned = _NEEDS_WORK.sub(replace, text)
        if visible:
            self.made_visible += 1
        return cleaned

    @staticmethod
    def _cut(text: str) -> str:
        """The longest cleaned prefix that fits with its marker (binary search)."""
        budget = CELL_LIMIT - _units(cut_marker(len(text), len(text)))
        low, high = 0, min(len(text), CELL_LIMIT)
        while low < high:
            middle = (low + high + 1) // 2
            if _units(_NEEDS_WORK.sub(_replace, text[:middle])) <= budget:
                low = middle
            else:
                high = middle - 1
        return _NEEDS_WORK.sub(_replace, text[:low]) + cut_marker(low, len(text))
