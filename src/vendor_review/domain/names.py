"""One company, one key: the normalised name that matches "Amazon Web Services Inc (AWS)"
to "Amazon Web Services, Inc." (and not to "Amazon Web Services Australia Pty Ltd"), and the
fuzzy score that lists close-but-different keys as possible duplicates (issue 9 item 5).

The key is case-folded and Unicode-normalised (NFKC), loses its punctuation, a trailing
parenthesised acronym ("(AWS)", or letters matching the initials before them) and trailing
legal-form suffixes ("Inc.", "Pty Ltd", "GmbH & Co. KG"), and has its whitespace collapsed.
A name that is only a suffix ("Limited") keeps it: a key is never empty for a non-empty name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

__all__ = [
    "DUPLICATE_THRESHOLD",
    "LEGAL_FORMS",
    "name_key",
    "possible_duplicates",
    "similarity",
]

K = TypeVar("K")

LEGAL_FORMS = frozenset(
    {
        # English-speaking
        "inc", "incorporated", "llc", "ltd", "limited", "pbc", "ulc", "plc", "corp",
        "corporation", "co", "llp", "lp", "pty", "pte", "pvt", "private",
        # European
        "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "sro", "oy",
        "ab", "aps", "as", "sl", "sau", "se",
        # Asian
        "kk",
    }
)  # fmt: skip
"""Words dropped from the end of a name (after punctuation is removed: ``B.V.`` is ``bv``).
Stacked forms are dropped word by word: "Pty Ltd", "GmbH & Co. KG", "Private Limited"."""

DUPLICATE_THRESHOLD = 90.0
"""A ``similarity`` at or above this lists two different keys as possible duplicates."""

_TOKENS = re.compile(r"\([^()]*\)|[^\s()]+")
_JOINED = frozenset(".'’‘`´")
"""Removed without a space: ``L.L.C.`` is ``llc``, ``O'Reilly`` is ``oreilly``."""


@dataclass(frozen=True, slots=True)
class _Group:
    """A parenthesised part of a name, as written and as words."""

    text: str
    words: tuple[str, ...]


def _words(text: str) -> list[str]:
    """Case-folded words of ``text``: dots, apostrophes and invisible format characters
    dropped, other punctuation, symbols and controls a word break."""
    out: list[str] = []
    for ch in text.casefold():
        category = unicodedata.category(ch)
        if ch in _JOINED or category == "Cf":  # zero-width and bidi marks: invisible
            continue
        out.append(" " if category[0] in "PSZC" else ch)
    return "".join(out).split()


def _is_acronym(group: _Group, before: list[str | _Group]) -> bool:
    """``(AWS)`` after any name, or ``(aws)`` after "Amazon Web Services"."""
    inner = group.text.strip()
    if not inner or len(inner) > 12 or any(ch.isspace() for ch in inner):
        return False
    letters = "".join(w for w in group.words)
    if not letters:
        return False
    if any(ch.isalpha() for ch in inner) and not any(ch.islower() for ch in inner):
        return True
    words = [w for w in before if isinstance(w, str)]
    return len(words) >= 2 and "".join(w[0] for w in words[-len(letters) :]) == letters


def name_key(name: str) -> str:
    """The normalised key of a company name (see the module docstring)."""
    text = unicodedata.normalize("NFKC", name)
    parts: list[str | _Group] = []
    for token in _TOKENS.findall(text):
        if token.startswith("("):
            inner = token[1:-1]
            parts.append(_Group(inner, tuple(_words(inner))))
        else:
            parts.extend(_words(token))
    parts = [p for p in parts if not isinstance(p, _Group) or p.words]
    while len(parts) > 1:
        last = parts[-1]
        if isinstance(last, _Group):
            if not _is_acronym(last, parts[:-1]):
                break
        elif last not in LEGAL_FORMS:
            break
        parts.pop()
    parts = _drop_forms_before_groups(parts)
    words: list[str] = []
    for part in parts:
        words.extend(part.words if isinstance(part, _Group) else (part,))
    return " ".join(words)


def _drop_forms_before_groups(parts: list[str | _Group]) -> list[str | _Group]:
    """ "Functional Software, Inc. (Sentry)": the legal form before a kept bracket goes too."""
    out: list[str | _Group] = []
    for part in parts:
        if isinstance(part, _Group):
            while len(out) > 1 and isinstance(out[-1], str) and out[-1] in LEGAL_FORMS:
                out.pop()
        out.append(part)
    return out


def similarity(a_key: str, b_key: str) -> float:
    """How alike two keys are, 0..100 (rapidfuzz's weighted ratio: whole, partial and
    token-order-insensitive comparisons; equal keys score 100)."""
    if a_key == b_key:
        return 100.0
    if not a_key or not b_key:
        return 0.0
    from rapidfuzz import fuzz

    return float(fuzz.WRatio(a_key, b_key))


def possible_duplicates(
    key: str, candidates: Iterable[tuple[K, str]], threshold: float = DUPLICATE_THRESHOLD
) -> list[tuple[K, float]]:
    """The candidates whose key is close to ``key`` but not equal to it (equal keys are the
    same company, not a possible duplicate), best first."""
    found: list[tuple[K, float]] = []
    if not key:
        return found
    from rapidfuzz import fuzz

    for ident, other in candidates:
        if not other or other == key:
            continue
        score = float(fuzz.WRatio(key, other, score_cutoff=threshold))
        if score >= threshold:
            found.append((ident, score))
    found.sort(key=lambda pair: -pair[1])
    return found
