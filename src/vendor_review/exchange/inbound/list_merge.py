"""Rows naming one company become one listed vendor (issue 9 item 4): same name key
(``domain.names.name_key``) and, where the list has a parent column, the same parent.
Purposes and notes are joined, each kept once; regions are unioned; a one-value field the
rows disagree on keeps the first row's value and the difference is reported. Never refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from vendor_review.domain.names import name_key
from vendor_review.domain.regions import resolve_regions
from vendor_review.exchange.inbound.list_headers import LISTS
from vendor_review.exchange.inbound.list_paste import Draft
from vendor_review.exchange.inbound.tables import Problem, shown


@dataclass(frozen=True)
class ListedVendor:
    """One company of the list, as the list says it (nothing stored yet).

    ``regions`` are the texts as written (each once); ``region_codes``/``region_groups``
    what they resolve to and ``unresolved_regions`` the texts that name no country or group.
    ``kind``/``data_access``/``criticality`` are what the list says (rarely anything).
    """

    name: str
    key: str
    where: str
    source_rows: tuple[int, ...]
    legal_entity: str | None = None
    purposes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    region_codes: tuple[str, ...] = ()
    region_groups: tuple[str, ...] = ()
    unresolved_regions: tuple[str, ...] = ()
    website: str | None = None
    notes: tuple[str, ...] = ()
    parent: str | None = None
    dpa_signed_on: date | None = None
    kind: str | None = None
    data_access: str | None = None
    criticality: str | None = None
    contact: str | None = None
    owner: str | None = None

    @property
    def purpose(self) -> str | None:
        """The purposes as one text ("; "-joined), as a vendor's purpose field holds it."""
        return "; ".join(self.purposes) or None


_LABELS = {"legal_entity": "legal entity", "dpa_signed_on": "DPA signed on"}


def merge_drafts(drafts: Iterable[Draft], problems: list[Problem]) -> list[ListedVendor]:
    """One listed vendor per (parent, name key), in the order first listed."""
    merged: dict[tuple[str, str], Draft] = {}
    for draft in drafts:
        name = draft.fields["name"]
        key = name_key(name)
        if not key:
            problems.append(
                Problem(draft.where, f"{shown(name)} is not a name; the row is left out", False)
            )
            continue
        parent = draft.fields.get("parent")
        group = (name_key(parent) if parent else "", key)
        first = merged.get(group)
        if first is None:
            merged[group] = Draft(list(draft.rows), draft.where, {**draft.fields, "key": key})
        else:
            _join(first, draft, problems)
    return [_listed(d) for d in merged.values()]


def _join(first: Draft, other: Draft, problems: list[Problem]) -> None:
    first.rows.extend(other.rows)
    for name, value in other.fields.items():
        have = first.fields.get(name)
        if name in LISTS:
            first.fields[name] = [*(have or []), *value]
        elif have is None:
            first.fields[name] = value
        elif name != "name" and _differs(have, value):
            label = _LABELS.get(name, name.replace("_", " "))
            problems.append(
                Problem(
                    other.where,
                    f"{label} {_shown(value)} differs from row {first.rows[0]}'s "
                    f"{_shown(have)} for the same company; the first is kept",
                    fatal=False,
                )
            )


def _differs(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()).casefold() != " ".join(b.split()).casefold()
    return bool(a != b)


def _shown(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else shown(value)


def _once(values: Iterable[str]) -> tuple[str, ...]:
    """Each text once (compared without case or spacing), first spelling kept."""
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(" ".join(value.split()).casefold(), value)
    return tuple(seen.values())


def _listed(draft: Draft) -> ListedVendor:
    fields = draft.fields
    regions = _once(fields.get("regions", ()))
    resolved = resolve_regions(regions)
    return ListedVendor(
        name=fields["name"],
        key=fields["key"],
        where=draft.where,
        source_rows=tuple(draft.rows),
        legal_entity=fields.get("legal_entity"),
        purposes=_once(fields.get("purpose", ())),
        regions=regions,
        region_codes=resolved.codes,
        region_groups=resolved.groups,
        unresolved_regions=resolved.unresolved,
        website=fields.get("website"),
        notes=_once(fields.get("notes", ())),
        parent=fields.get("parent"),
        dpa_signed_on=fields.get("dpa_signed_on"),
        kind=fields.get("kind"),
        data_access=fields.get("data_access"),
        criticality=fields.get("criticality"),
        contact=fields.get("contact"),
        owner=fields.get("owner"),
    )
