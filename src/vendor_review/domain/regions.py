"""Region texts as countries (issue 9 item 7): "USA", "Ireland (Dublin)", "Frankfurt,
Germany", "US-East", "EU/EEA", "Worldwide" → ISO 3166-1 alpha-2 codes and the groups EU,
EEA and Worldwide, with pycountry for the country names and codes.

The original text is the caller's to keep; what is not understood is returned as
``unresolved`` (never guessed). A text is tried whole first, then split into its parts
(``,`` ``;`` ``/`` ``&`` "and", brackets, hyphens): "Frankfurt, Germany" is DE; a part that
means nothing ("East" in "US-East") is dropped when another part of the same text resolved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = [
    "EEA",
    "EU",
    "GROUPS",
    "RegionCodes",
    "in_region",
    "resolve_region",
    "resolve_regions",
]

EU = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})  # fmt: skip
EEA = EU | {"IS", "LI", "NO"}
GROUPS = ("EU", "EEA", "Worldwide")
"""The groups a region text can name, in the order they are reported."""


def _by_code(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A table written code → the names that mean it, as the lookup name → code (codes
    separated by a space where a name means several: "north america" is US and CA)."""
    return {name: code for code, group in names.items() for name in group}


_GROUP_NAMES = _by_code({
    "EU": ("eu", "european union", "europe"),
    "EEA": ("eea", "european economic area"),
    "Worldwide": ("worldwide", "global", "globally", "world", "world wide", "international",
        "all regions", "all locations", "multiple", "various"),
})  # fmt: skip
"""Group names; "Europe" in a subprocessor list means the EU (where the data is hosted)."""

_COUNTRY_NAMES = _by_code({
    "US": ("us", "usa", "united states", "united states of america", "america"),
    "GB": ("uk", "united kingdom", "great britain", "britain", "england", "scotland", "wales",
        "northern ireland"),
    "NL": ("holland", "the netherlands"),
    "KR": ("korea", "south korea", "republic of korea"),
    "RU": ("russia",),
    "TR": ("turkey",),
    "CZ": ("czech republic",),
    "CI": ("ivory coast",),
    "MO": ("macau", "macao"),
    "BN": ("brunei",),
    "CV": ("cape verde",),
    "SZ": ("swaziland",),
    "VA": ("vatican",),
    "AE": ("uae", "emirates"),
    "SA": ("ksa",),
    "HK": ("hongkong",),
    "CN": ("prc", "mainland china"),
    "DE": ("deutschland",),
    "CH": ("schweiz", "suisse"),
    "US CA": ("north america",),
    "ES": ("espana", "españa"),
    "BR": ("brasil",),
    "AT": ("österreich",),
})  # fmt: skip
"""Names people write that pycountry does not know (it knows "Germany", "DE", "DEU")."""

_PLACES = _by_code({
    "IE": ("dublin", "cork"),
    "DE": ("frankfurt", "frankfurt am main", "berlin", "munich", "münchen", "hamburg",
        "nuremberg", "falkenstein"),
    "GB": ("london", "manchester"),
    "FR": ("paris",),
    "NL": ("amsterdam", "eemshaven"),
    "BE": ("brussels",),
    "LU": ("luxembourg city",),
    "SE": ("stockholm",),
    "FI": ("helsinki", "hamina"),
    "DK": ("copenhagen",),
    "NO": ("oslo",),
    "PL": ("warsaw",),
    "IT": ("milan",),
    "ES": ("madrid",),
    "CH": ("zurich", "zürich", "geneva"),
    "AT": ("vienna",),
    "CZ": ("prague",),
    "IL": ("tel aviv",),
    "US": ("virginia", "northern virginia", "n virginia", "ohio", "oregon", "iowa", "texas",
        "california", "n california", "new york", "san francisco", "seattle", "chicago",
        "dallas", "ashburn"),
    "CA": ("montreal", "montréal", "toronto", "vancouver"),
    "AU": ("sydney", "melbourne"),
    "JP": ("tokyo", "osaka"),
    "KR": ("seoul",),
    "IN": ("mumbai", "bangalore", "bengaluru", "hyderabad"),
    "SG": ("singapore",),
    "HK": ("hong kong",),
    "BR": ("sao paulo", "são paulo"),
    "MX": ("mexico city",),
    "ZA": ("cape town", "johannesburg"),
})  # fmt: skip
"""Cities and US states a subprocessor list names instead of the country."""

_AWS = _by_code({
    "US": ("us-east-1", "us-east-2", "us-west-1", "us-west-2"),
    "CA": ("ca-central-1",),
    "IE": ("eu-west-1",),
    "GB": ("eu-west-2",),
    "FR": ("eu-west-3",),
    "DE": ("eu-central-1",),
    "CH": ("eu-central-2",),
    "SE": ("eu-north-1",),
    "IT": ("eu-south-1",),
    "ES": ("eu-south-2",),
    "SG": ("ap-southeast-1",),
    "AU": ("ap-southeast-2",),
    "JP": ("ap-northeast-1", "ap-northeast-3"),
    "KR": ("ap-northeast-2",),
    "IN": ("ap-south-1",),
    "HK": ("ap-east-1",),
    "BR": ("sa-east-1",),
    "AE": ("me-central-1",),
    "IL": ("il-central-1",),
    "ZA": ("af-south-1",),
})  # fmt: skip
"""AWS region names (where "eu-west-2" is London, not the EU)."""
_CLOUD_PREFIXES = _by_code({
    "US": ("us", "usa"),
    "CA": ("ca",),
    "EU": ("eu", "europe"),
    "GB": ("uk",),
    "BR": ("sa",),
    "AU": ("au", "australia"),
    "JP": ("jp", "japan"),
    "IN": ("in", "india"),
    "DE": ("de", "germany"),
    "FR": ("fr", "france"),
    "CH": ("ch", "switzerland"),
    "SG": ("sg",),
    "NL": ("nl",),
    "IE": ("ie",),
})  # fmt: skip
"""The first word of a cloud region name ("us-east-1", "eu-west", "europe-west3")."""
_CLOUD_REGION = re.compile(
    r"^([a-z]+)-[a-z]+-?\d*$|^([a-z]+?)(?:north|south|east|west|central)+\d*$"
)
_NEGATED = re.compile(r"\b(?:non|not|outside|except|excluding|ex)\b")
""""Non-EU", "outside the US": never read as the region they name."""
_NOISE = frozenset({
    "customer", "customers", "only", "location", "locations", "region", "regions", "based",
    "hosted", "hosting", "in", "data", "center", "centers", "centre", "centres",
    "datacenter", "datacenters", "servers", "server", "users", "accounts", "processing",
    "edge",
})  # fmt: skip
"""Words around a place that say nothing about where: "EU customers", "EU location"."""
_SPLIT = re.compile(r"\s*(?:[,;/&|+()\[\]\n]|\band\b|\s-\s|–|—)\s*")
_HYPHEN = re.compile(r"\s*-\s*")


@dataclass(frozen=True, slots=True)
class RegionCodes:
    """What a list of region texts names: country codes (sorted), groups (in ``GROUPS``
    order) and the texts not understood (in the order given, each once)."""

    codes: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace(".", "")
    lines = (" ".join(line.split()) for line in text.replace("_", " ").splitlines())
    text = "\n".join(line for line in lines if line)
    return text.removeprefix("the ").strip(" :*") if text != "the" else text


@lru_cache(maxsize=4096)
def _lookup(norm: str) -> frozenset[str] | None:
    """Codes and group names for one normalised piece of text, or None."""
    if not norm:
        return None
    for table in (_GROUP_NAMES, _COUNTRY_NAMES, _PLACES, _AWS):
        if norm in table:
            return frozenset(table[norm].split())
    if len(norm) >= 2:
        import pycountry  # here, not at import: `due` and `--help` never load its data

        try:
            return frozenset({pycountry.countries.lookup(norm).alpha_2})
        except LookupError:
            pass
    match = _CLOUD_REGION.match(norm)
    if match:
        prefix = match.group(1) or match.group(2)
        if prefix in _CLOUD_PREFIXES:
            return frozenset({_CLOUD_PREFIXES[prefix]})
    return _subdivision(norm)


def _subdivision(norm: str) -> frozenset[str] | None:
    """US states, Canadian provinces and Australian states by name ("Oregon", "Quebec")."""
    return frozenset({_SUBDIVISIONS[norm]}) if norm in _subdivisions() else None


_SUBDIVISIONS: dict[str, str] = {}


def _subdivisions() -> dict[str, str]:
    if not _SUBDIVISIONS:
        for country in ("US", "CA", "AU"):
            import pycountry

            subdivisions: Any = pycountry.subdivisions
            for sub in subdivisions.get(country_code=country) or ():
                _SUBDIVISIONS.setdefault(_norm(sub.name), country)
    return _SUBDIVISIONS


@lru_cache(maxsize=4096)
def resolve_region(text: str) -> frozenset[str] | None:
    """The codes and groups one region text names, or None when it names none."""
    norm = _norm(text)
    if _NEGATED.search(norm):
        return None
    found = _lookup(norm)
    if found is not None:
        return found
    words = norm.split(" ")
    kept = " ".join(w for w in words if w not in _NOISE)
    if kept != norm and kept and (found := _lookup(kept)) is not None:
        return found
    parts = [p for p in _SPLIT.split(norm) if p]
    if len(parts) <= 1:
        parts = [p for p in _HYPHEN.split(norm) if p]
    if len(parts) <= 1:
        return None
    union: set[str] = set()
    for part in parts:
        union |= resolve_region(part) or set()
    return frozenset(union) or None


def resolve_regions(texts: Iterable[str]) -> RegionCodes:
    """Every text resolved (see ``resolve_region``); the ones that name nothing returned
    as ``unresolved``."""
    codes: set[str] = set()
    groups: set[str] = set()
    unresolved: dict[str, None] = {}
    for text in texts:
        if not text.strip():
            continue
        found = resolve_region(text)
        if found is None:
            unresolved[text.strip()] = None
            continue
        for item in found:
            (groups if item in GROUPS else codes).add(item)
    return RegionCodes(
        tuple(sorted(codes)), tuple(g for g in GROUPS if g in groups), tuple(unresolved)
    )


def in_region(codes: Iterable[str], groups: Iterable[str], wanted: str) -> bool:
    """Whether a vendor with these codes and groups is "in" the region a filter names:
    ``EU`` matches an EU member's code or the EU group; ``EEA`` also the EEA's three and
    the EU group; a country matches its code; a vendor processing Worldwide matches every
    filter (it may process anywhere). Raises ``ValueError`` for a region it cannot read."""
    target = resolve_region(wanted)
    if target is None:
        raise ValueError(f"unknown region {wanted!r} (a country, its code, EU, EEA or Worldwide)")
    have_codes = set(codes)
    have_groups = set(groups)
    if "Worldwide" in have_groups:
        return True
    for item in target:
        if item == "EU":
            if "EU" in have_groups or have_codes & EU:
                return True
        elif item == "EEA":
            if have_groups & {"EU", "EEA"} or have_codes & EEA:
                return True
        elif item in have_codes:
            return True
    return False
