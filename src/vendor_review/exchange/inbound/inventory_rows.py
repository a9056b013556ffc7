"""The rows of a vendor inventory file: columns by header name, each row's fields, and
rows naming one legal entity (or, without one, one name) merged into one vendor with
their regions joined. Pure: a ``Sheet`` in, ``Record``s and problems out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from vendor_review.exchange.inbound.answer_cells import cell_text, unreadable
from vendor_review.exchange.inbound.tables import Problem, Sheet, shown

COLUMNS = {
    "name": "name",
    "legalentity": "legal_entity",
    "kind": "kind",
    "purpose": "purpose",
    "regions": "regions",
    "dataaccess": "data_access",
    "criticality": "criticality",
    "website": "website",
    "contact": "contact",
    "owner": "owner",
    "notes": "notes",
    "dpasignedon": "dpa_signed_on",
}
HEADERS = {f: f.replace("_", " ") for f in COLUMNS.values()}
LOWERED = ("kind", "data_access", "criticality")
NEEDED = ("kind", "data_access", "criticality")
"""A new vendor's inherent risk comes from these: never defaulted on import."""


def header_key(text: str) -> str:
    """``Data_Access``, ``data access`` and ``DataAccess`` are one column."""
    return re.sub(r"[\s_\-]+", "", text).casefold()


@dataclass
class Record:
    """One vendor of the file: its rows and the fields they fill."""

    rows: list[int]
    where: str
    data: dict[str, Any]
    given: set[str] = field(default_factory=set)


def read_records(sheet: Sheet, parent: str | None, problems: list[Problem]) -> list[Record]:
    """The file's vendors, rows naming one legal entity merged (pure)."""
    if not sheet.rows or all(v is None for v in sheet.rows[0]):
        problems.append(Problem(sheet.where(1), "no header row (name, kind, data access, …)"))
        return []
    columns: dict[int, str] = {}
    for index, raw in enumerate(sheet.rows[0], 1):
        if raw is None:
            continue
        name = COLUMNS.get(header_key(cell_text(raw))) if isinstance(raw, str) else None
        if name is None or name in columns.values():
            why = "appears twice" if name else "is not a known column"
            problems.append(
                Problem(
                    sheet.where(1, index),
                    f"{shown(raw)} {why} (known: {', '.join(HEADERS.values())}); "
                    "rename or delete it",
                )
            )
        else:
            columns[index] = name
    if "name" not in columns.values():
        problems.append(Problem(sheet.where(1), "no 'name' column"))
        return []
    merged: dict[str, Record] = {}
    by_name: dict[str, Record] = {}
    for row in range(2, len(sheet.rows) + 1):
        record = _record(sheet, row, columns, parent, problems)
        if record is not None:
            _merge(sheet, record, merged, by_name, problems)
    return list(merged.values())


def _record(
    sheet: Sheet, row: int, columns: dict[int, str], parent: str | None, problems: list[Problem]
) -> Record | None:
    data: dict[str, Any] = {}
    for index, name in columns.items():
        raw = sheet.cell(row, index)
        why = unreadable(raw)
        if why is not None:
            problems.append(Problem(sheet.where(row, index), why))
            continue
        text = cell_text(raw).strip()
        if not text:
            continue
        if name == "regions":
            data[name] = [r.strip() for r in re.split(r"[;,\n]", text) if r.strip()]
        elif name == "dpa_signed_on" and isinstance(raw, datetime | date):
            data[name] = raw.date() if isinstance(raw, datetime) else raw
        else:
            data[name] = text.lower() if name in LOWERED else text
    if not data:
        return None
    if "name" not in data:
        problems.append(Problem(sheet.where(row), "a vendor without a name"))
        return None
    if parent is not None:
        if data["name"].casefold() == parent.casefold():
            problems.append(Problem(sheet.where(row), f"{shown(parent)} cannot be its own parent"))
            return None
        data["parent"] = parent
    return Record([row], sheet.where(row), data, set(data))


def _merge(
    sheet: Sheet,
    record: Record,
    merged: dict[str, Record],
    by_name: dict[str, Record],
    problems: list[Problem],
) -> None:
    data = record.data
    key = " ".join(str(data.get("legal_entity") or data["name"]).split()).casefold()
    name_key = " ".join(data["name"].split()).casefold()
    first = merged.get(key)
    if first is None:
        other = by_name.get(name_key)
        if other is not None:
            problems.append(
                Problem(
                    record.where,
                    f"{shown(data['name'])} is also on row {other.rows[0]} with another legal "
                    "entity; one name, one vendor",
                )
            )
            return
        merged[key] = by_name[name_key] = record
        return
    for name, value in data.items():
        if name == "regions":
            first.data[name] = list(dict.fromkeys([*first.data.get(name, []), *value]))
        elif name not in first.data:
            first.data[name] = value
        elif first.data[name] != value:
            problems.append(
                Problem(
                    record.where,
                    f"{HEADERS.get(name, name)} {shown(value)} differs from row {first.rows[0]}'s "
                    f"{shown(first.data[name])} for the same vendor; make the rows agree",
                )
            )
    first.rows.append(record.rows[0])
    first.given |= record.given
