"""Counts that agree with their noun, as a person reads them in every message the app,
the command line and the files it writes show: "1 vendor", "2 vendors", never
"vendor(s)"."""

from __future__ import annotations


def noun_for(n: int, noun: str, plural: str | None = None) -> str:
    """``noun`` as it reads after the count ``n``: "vendor" for 1, "vendors" otherwise;
    ``plural`` where adding an s is wrong ("match", "matches")."""
    return noun if n == 1 else plural or noun + "s"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` of ``noun`` as a reviewer reads it: "1 vendor", "2 vendors", "1,204 vendors";
    ``plural`` where adding an s is wrong ("1 match", "3 matches")."""
    return f"{n:,} {noun_for(n, noun, plural)}"
