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

_GROUP_NAMES = {
    "eu": "EU",
    "european union": "EU",
    "europe": "EU",
    "eea": "EEA",
    "european economic area": "EEA",
    "worldwide": "Worldwide",
    "global": "Worldwide",
    "globally": "Worldwide",
    "world": "Worldwide",
    "world wide": "Worldwide",
    "international": "Worldwide",
    "all regions": "Worldwide",
    "all locations": "Worldwide",
    "multiple": "Worldwide",
    "various": "Worldwide",
}
"""Group names; "Europe" in a subprocessor list means the EU (where the data is hosted)."""

_COUNTRY_NAMES = {
    "us": "US", "usa": "US", "united states": "US", "united states of america": "US",
    "america": "US", "uk": "GB", "united kingdom": "GB", "great britain": "GB",
    "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "northern ireland": "GB", "holland": "NL", "the netherlands": "NL", "korea": "KR",
    "south korea": "KR", "republic of korea": "KR", "russia": "RU", "turkey": "TR",
    "czech republic": "CZ", "ivory coast": "CI", "macau": "MO", "macao": "MO",
    "brunei": "BN", "cape verde": "CV", "swaziland": "SZ", "vatican": "VA",
    "uae": "AE", "emirates": "AE", "ksa": "SA", "hongkong": "HK", "prc": "CN",
    "mainland china": "CN", "deutschland": "DE", "schweiz": "CH", "suisse": "CH",
    "north america": "US CA", "espana": "ES", "españa": "ES", "brasil": "BR", "österreich": "AT",
}  # fmt: skip
"""Names people write that pycountry does not know (it knows "Germany", "DE", "DEU")."""

_PLACES = {
    "dublin": "IE", "cork": "IE", "frankfurt": "DE", "frankfurt am main": "DE",
    "berlin": "DE", "munich": "DE", "münchen": "DE", "hamburg": "DE", "nuremberg": "DE",
    "falkenstein": "DE", "london": "GB", "manchester": "GB", "paris": "FR",
    "amsterdam": "NL", "eemshaven": "NL", "brussels": "BE", "luxembourg city": "LU",
    "stockholm": "SE", "helsinki": "FI", "hamina": "FI", "copenhagen": "DK", "oslo": "NO",
    "warsaw": "PL", "milan": "IT", "madrid": "ES", "zurich": "CH", "zürich": "CH",
    "geneva": "CH", "vienna": "AT", "prague": "CZ", "tel aviv": "IL",
    "virginia": "US", "northern virginia": "US", "n virginia": "US", "ohio": "US",
    "oregon": "US", "iowa": "US", "texas": "US", "california": "US",
    "n california": "US", "new york": "US", "san francisco": "US", "seattle": "US",
    "chicago": "US", "dallas": "US", "ashburn": "US", "montreal": "CA", "montréal": "CA",
    "toronto": "CA", "vancouver": "CA", "sydney": "AU", "melbourne": "AU", "tokyo": "JP",
    "osaka": "JP", "seoul": "KR", "mumbai": "IN", "bangalore": "IN", "bengaluru": "IN",
    "hyderabad": "IN", "singapore": "SG", "hong kong": "HK", "sao paulo": "BR",
    "são paulo": "BR", "mexico city": "MX", "cape town": "ZA", "johannesburg": "ZA",
}  # fmt: skip
"""Cities and US states a subprocessor list names instead of the country."""

_AWS = {
    "us-east-1": "US", "us-east-2": "US", "us-west-1": "US", "us-west-2": "US",
    "ca-central-1": "CA", "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR",
    "eu-central-1": "DE", "eu-central-2": "CH", "eu-north-1": "SE", "eu-south-1": "IT",
    "eu-south-2": "ES", "ap-southeast-1": "SG", "ap-southeast-2": "AU", "ap-northeast-1": "JP",
    "ap-northeast-2": "KR", "ap-northeast-3": "JP", "ap-south-1": "IN", "ap-east-1": "HK",
    "sa-east-1": "BR", "me-central-1": "AE", "il-central-1": "IL", "af-south-1": "ZA",
}  # fmt: skip
"""AWS region names (where "eu-west-2" is London, not the EU)."""
_CLOUD_PREFIXES = {
    "us": "US", "usa": "US", "ca": "CA", "eu": "EU", "europe": "EU", "uk": "GB",
    "sa": "BR", "au": "AU", "australia": "AU", "jp": "JP", "japan": "JP", "in": "IN",
    "india": "IN", "de": "DE", "germany": "DE", "fr": "FR", "france": "FR",
    "ch": "CH", "switzerland": "CH", "sg": "SG", "nl": "NL", "ie": "IE",
}  # fmt: skip
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
