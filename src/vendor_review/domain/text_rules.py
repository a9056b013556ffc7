"""What a stored text may hold, and how any text is shown so it cannot act on a terminal.

One rule for every text: control characters (C0 and C1, DEL), bidirectional formatting
characters (embeddings, overrides, isolates, marks), line and paragraph separators, tag
characters, lone surrogates and invisible joiners that are not between two letters could
move the cursor, retitle or clear a terminal, reorder what a reader sees, or hide text.
TAB and LF are allowed in long texts (notes, comments, reasons), nowhere else.

- ``text_problem`` says what is wrong with a text a person typed (input from the CLI and
  the app is refused with it, naming the field and the character);
- ``visible`` turns any text into a harmless, visible form (text from a file is stored
  so; everything printed to a terminal or written to a calendar goes through it):
  C0 controls and DEL become their control pictures (ESC → ``␛``), everything else
  ``⟨U+2067⟩``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# fmt: off
_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
    "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
    "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
)
_C1_NAMES = (
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA",
    "HTS", "HTJ", "VTS", "PLD", "PLU", "RI", "SS2", "SS3",
    "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA",
    "SOS", "SGCI", "SCI", "CSI", "ST", "OSC", "PM", "APC",
)
# fmt: on

_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_JOINERS = "\u200c\u200d"
_INVISIBLE = "\u200b\u2060\ufeff\u2028\u2029\ufff9-\ufffb\U000e0000-\U000e007f"
_CONTROL = "\x00-\x1f\x7f-\x9f"
_SURROGATE = "\ud800-\udfff"

_BAD = re.compile(f"[{_CONTROL}{_BIDI}{_JOINERS}{_INVISIBLE}{_SURROGATE}]")
_BAD_IN_LONG = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_JOINERS}{_INVISIBLE}{_SURROGATE}]")
"""``_BAD`` without TAB and LF: what a long text (and a JSON document) may not hold."""
_BIDI_RE = re.compile(f"[{_BIDI}]")
_LONG_ALLOWED = frozenset("\t\n")


def _between_letters(text: str, at: int) -> bool:
    """A joiner between two letters (or marks, or symbols as in emoji) is part of a word."""
    if at == 0 or at + 1 >= len(text):
        return False
    return all(unicodedata.category(text[i])[0] in "LMS" for i in (at - 1, at + 1))


def _bad_matches(text: str, multiline: bool) -> Iterator[re.Match[str]]:
    """The characters of ``text`` the rules refuse (a joiner inside a word is allowed)."""
    for match in _BAD.finditer(text):
        ch = match.group()
        if multiline and ch in _LONG_ALLOWED:
            continue
        if ch in _JOINERS and _between_letters(text, match.start()):
            continue
        yield match


def _offending(text: str, multiline: bool) -> re.Match[str] | None:
    return next(_bad_matches(text, multiline), None)


def char_label(ch: str) -> str:
    """``U+001B (ESC)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    code = ord(ch)
    if code < 0x20:
        name = _C0_NAMES[code]
    elif code == 0x7F:
        name = "DEL"
    elif 0x80 <= code <= 0x9F:
        name = _C1_NAMES[code - 0x80]
    else:
        name = unicodedata.name(ch, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def text_problem(text: str, *, multiline: bool = False) -> str | None:
    """Why ``text`` may not be stored as typed, or None: ``contains U+001B (ESC); …``."""
    match = _offending(text, multiline)
    if match is None:
        return None
    ch = match.group()
    if _BIDI_RE.fullmatch(ch):
        kind = "bidirectional formatting characters are"
    elif ch in _JOINERS:
        kind = "invisible joiners are allowed only between letters, and others are"
    elif 0xD800 <= ord(ch) <= 0xDFFF:
        kind = "unpaired surrogates are"
    elif ord(ch) <= 0x9F:
        kind = "control characters are"
    else:
        kind = "invisible formatting characters are"
    return f"contains {char_label(ch)}; {kind} not allowed"


def is_clean(text: str, *, multiline: bool = False) -> bool:
    return _offending(text, multiline) is None


def _shown(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"⟨U+{code:04X}⟩"


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every character ``text_problem`` would refuse shown as a symbol.

    The result passes ``text_problem`` (with the same ``multiline``); clean text is
    returned unchanged. In multiline text CR LF becomes LF (as a text box would store it).
    """
    if not (_BAD_IN_LONG if multiline else _BAD).search(text):
        return text  # one C-level scan: a printed table's lines cost no Python loop
    if multiline:
        text = text.replace("\r\n", "\n")
    out: list[str] = []
    last = 0
    for match in _bad_matches(text, multiline):
        out.append(text[last : match.start()])
        out.append(_shown(match.group()))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def quoted(text: object) -> str:
    """A name in a message: in single quotes, through ``visible`` (ESC as ``␛``, not
    Python's ``'\\x1b'``)."""
    return f"'{visible(str(text))}'"


def visible_each(text: str, *, multiline: bool = False) -> str:
    """``text`` with every character ``visible`` would change replaced by ONE symbol (a
    control picture for C0 and DEL, U+FFFD otherwise): the same length, so a text box
    that draws it keeps its cursor where the text's own index says."""
    if not _BAD.search(text):
        return text
    out = list(text)
    for match in _bad_matches(text, multiline):
        shown = _shown(match.group())
        out[match.start()] = shown if len(shown) == 1 else "\ufffd"
    return "".join(out)


def terminal_safe(text: str) -> str:
    """For a terminal: lines stay lines and TABs stay, nothing else can act on it."""
    return visible(text, multiline=True)


def json_safe(document: str) -> str:
    """A JSON text with every character ``visible`` would change written as a ``\\uXXXX``
    escape (they can only occur inside JSON strings, so the data is unchanged)."""

    def escape(match: re.Match[str]) -> str:
        return "".join(f"\\u{unit:04x}" for unit in _utf16(match.group()))

    return _BAD_IN_LONG.sub(escape, document)


def _utf16(ch: str) -> list[int]:
    data = ch.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]
