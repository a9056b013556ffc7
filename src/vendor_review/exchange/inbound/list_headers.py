"""Which column of a pasted subprocessor list holds which field, found by meaning
(issue 9 item 1).

Headers are compared case-, space- and punctuation-insensitively ("Sub-processor",
"SUBPROCESSOR", "Name of Subprocessor:" …) against a kept table of the words published
lists use. "Company" (and "Vendor") is the ``parent`` when another column names the
subprocessor, else the name. ``--map "Header=field"`` decides for any header; what is still
unknown is reported and left out (``--strict`` refuses it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from vendor_review.service.errors import ValidationError

FIELDS = (
    "name",
    "legal_entity",
    "purpose",
    "regions",
    "website",
    "notes",
    "parent",
    "dpa_signed_on",
    "kind",
    "data_access",
    "criticality",
    "contact",
    "owner",
)
"""The fields a list's columns can fill (``--map`` accepts these, spaces for ``_``)."""

IGNORE = "ignore"
"""``--map "Corporate location=ignore"`` leaves a column out without a report."""

LISTS = frozenset({"purpose", "regions", "notes"})
"""Fields that several columns may fill together (their cells are joined)."""

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name", "subprocessor", "subprocessors", "subprocessor name", "name of subprocessor",
        "subprocessor entity", "name of the subprocessor", "subprocessor company",
        "third party", "third party name", "third party subprocessor", "subcontractor",
        "supplier", "supplier name", "service provider", "provider", "provider name",
        "processor", "entity", "entity name", "organisation", "organization", "partner",
        "company", "company name", "vendor", "vendor name",
    ),
    "purpose": (
        "purpose", "purposes", "description", "processing purpose", "purpose of processing",
        "purposes of processing", "description of processing", "services provided",
        "service provided", "nature of processing", "nature of the processing",
        "category of service", "service category", "service type", "type of service",
        "function", "functions", "service", "services", "service description",
        "description of services", "processing activity", "processing activities",
        "activity", "activities", "role", "use", "usage", "used for", "what they do",
        "subject matter", "processing operations", "scope of processing", "category",
        "subprocessor activity", "subprocessor activities", "purpose of subprocessing",
    ),
    "regions": (
        "regions", "region", "location", "locations", "country", "countries",
        "location of processing", "locations of processing", "processing location",
        "processing locations", "data location", "data locations", "hosting location",
        "hosting region", "server location", "data center location", "datacenter location",
        "location of data", "location of data processing", "data processing location",
        "data storage location", "country of processing", "countries of processing",
        "processing country", "geographic location", "where data is processed",
        "location of data center", "entity country", "location(s)",
        "location of subprocessors", "location of subprocessor", "subprocessor location",
        "hosting country", "data residency",
    ),
    "legal_entity": (
        "legal entity", "legal entity name", "legal name", "registered name",
        "contracting entity", "company legal name", "entity legal name",
    ),
    "website": ("website", "web site", "url", "link", "homepage", "home page", "website url"),
    "notes": (
        "notes", "note", "additional details", "additional detail", "comments", "comment",
        "remarks", "details", "additional information", "more information", "more info",
        "safeguards", "transfer mechanism", "transfer safeguards", "transfer mechanisms",
        "supplemental measures", "additional safeguards",
    ),
    "parent": (
        "parent", "parent company", "parent vendor", "used by", "customer", "for",
        "processor for", "vendor of",
    ),
    "dpa_signed_on": (
        "dpa signed", "dpa signed on", "dpa date", "dpa", "date of dpa", "dpa signature date",
        "dpa signed date", "dpa in place",
    ),
    "kind": ("kind", "vendor kind", "vendor type"),
    "data_access": ("data access", "access to data", "access level", "data access level"),
    "criticality": ("criticality", "business criticality"),
    "contact": ("contact", "contact email", "email", "contact details", "privacy contact"),
    "owner": ("owner", "business owner", "internal owner", "vendor owner"),
}  # fmt: skip

_PARENT_WHEN_NAMED = frozenset({"company", "companyname", "vendor", "vendorname"})
"""Headers that name the parent when another column names the subprocessor."""
_LEGAL_WHEN_NAMED = frozenset({"entity", "entityname"})
"""Headers that hold the legal entity when another column names the subprocessor."""


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """``Sub-processor``, ``SUBPROCESSOR`` and ``Name of Subprocessor:`` compare as
    ``subprocessor`` … (case-folded, letters and digits only)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


_NOT_ALNUM = re.compile(r"[\W_]+")


SYNONYMS: dict[str, str] = {
    header_key(word): name for name, words in _SYNONYMS.items() for word in words
}
"""Header key → field, the kept table (reported by ``vendor-review import-vendors --help``)."""
_RANK = {header_key(word): rank for rank, word in enumerate(_SYNONYMS["name"])}


@dataclass(frozen=True, slots=True)
class ColumnUse:
    """What one header of the file was taken for: a field, or ``None`` (left out), and why;
    ``where`` names the header's cell ("vendors.csv row 1, column C")."""

    column: int
    header: str
    field: str | None
    why: str
    where: str = ""


def field_name(text: str) -> str | None:
    """``legal entity``, ``Legal_Entity`` → ``legal_entity``; ``purposes`` → ``purpose``."""
    key = header_key(text)
    if key in ("ignore", "none", "skip"):
        return IGNORE
    for name in FIELDS:
        if key in (header_key(name), header_key(name) + "s"):
            return name
    return None


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["Corporate Location=ignore", "Firm=name"]`` (the CLI's repeatable ``--map``) as
    ``{header: field}``; a pair without ``=`` or naming no field is one ``ValidationError``."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        header = header.strip()
        if not sep or not header:
            raise ValidationError(f"--map {pair!r}: write it as 'Header=field'")
        name = field_name(target)
        if name is None:
            raise ValidationError(
                f"--map {pair!r}: {target.strip()!r} is not a field "
                f"(one of {', '.join(FIELDS)}, or {IGNORE})"
            )
        mapping[header] = name
    return mapping


def map_columns(
    headers: Sequence[tuple[int, str]], mapping: Mapping[str, str] | None = None
) -> list[ColumnUse]:
    """Each non-empty header's use. ``mapping`` (header → field or ``ignore``) decides first;
    then the synonym table; a second column for a one-value field is left out."""
    wanted = {header_key(h): f for h, f in (mapping or {}).items()}
    guesses: list[tuple[int, str, str | None, str]] = []
    for column, header in headers:
        key = header_key(header)
        if key in wanted:
            target = wanted[key]
            field = None if target == IGNORE else target
            guesses.append((column, header, field, "--map"))
        elif key in SYNONYMS:
            guesses.append((column, header, SYNONYMS[key], "synonym"))
        else:
            guesses.append((column, header, None, "not a known column"))
    named = [g for g in guesses if g[2] == "name" and header_key(g[1]) not in _PARENT_WHEN_NAMED]
    uses: list[ColumnUse] = []
    taken: set[str] = set()
    best_name = min(
        (g for g in guesses if g[2] == "name"),
        key=lambda g: (g[3] != "--map", _RANK.get(header_key(g[1]), -1), g[0]),
        default=None,
    )
    for column, header, field, how in guesses:
        key = header_key(header)
        why = "--map" if how == "--map" else f"{how} of {field}" if field else how
        if how == "synonym" and field == "name" and named and key in _PARENT_WHEN_NAMED:
            field, why = "parent", f"{header!r} names the parent: another column names the vendor"
        elif field == "name" and best_name is not None and column != best_name[0]:
            if how == "synonym" and key in _LEGAL_WHEN_NAMED:
                field, why = "legal_entity", "entity name beside the vendor's name"
            else:
                field, why = None, f"a second name column (the name is {best_name[1]!r})"
        if field is not None and field not in LISTS and field in taken:
            why = f"a second {field.replace('_', ' ')} column"
            field = None
        if field is not None:
            taken.add(field)
        if not key and how != "--map":
            why = "no header"
        uses.append(ColumnUse(column, header, field, why))
    return uses
