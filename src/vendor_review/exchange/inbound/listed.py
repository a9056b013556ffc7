"""A vendor list as the import plans it: one row per listed company, whatever the file's
shape (the reading itself — columns by meaning, blocks, encodings — is the reader's)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vendor_review.domain.names import name_key
from vendor_review.exchange.inbound.inventory_rows import read_records
from vendor_review.exchange.inbound.tables import LIMITS, Limits, Problem
from vendor_review.exchange.inbound.untrusted import read_table


@dataclass(frozen=True)
class ListedRow:
    """One company of the list: its profile fields (``dto.VendorIn`` names), the purpose
    and regions the list gives it, its own parent (a parent column), where it was."""

    name: str
    key: str
    fields: dict[str, Any]
    purpose: str | None
    regions: tuple[str, ...]
    parent: str | None
    rows: tuple[int, ...]
    where: str


@dataclass(frozen=True)
class ListedVendors:
    file: str
    sha256: str
    rows: tuple[ListedRow, ...]
    problems: tuple[Problem, ...]
    mapping: tuple[tuple[str, str | None], ...] = ()
    blocks: tuple[str, ...] = ()
    encoding: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def listed_vendors(
    path: Path,
    *,
    mapping: dict[str, str],
    strict: bool,
    table: int | None,
    limits: Limits = LIMITS,
) -> ListedVendors:
    """Read ``path`` into listed rows (``RefusedFile`` when hostile)."""
    upload, sheet = read_table(path, limits)
    problems: list[Problem] = []
    records = read_records(sheet, None, problems)
    headers = [str(v) for v in (sheet.rows[0] if sheet.rows else ()) if v is not None]
    rows = []
    for record in records:
        data = dict(record.data)
        name = str(data.get("name", ""))
        rows.append(
            ListedRow(
                name=name,
                key=name_key(name),
                fields=data,
                purpose=data.get("purpose"),
                regions=tuple(data.get("regions") or ()),
                parent=data.get("parent"),
                rows=tuple(record.rows),
                where=record.where,
            )
        )
    return ListedVendors(
        file=upload.name,
        sha256=upload.sha256,
        rows=tuple(rows),
        problems=tuple(problems),
        mapping=tuple((h, None) for h in headers),
    )
