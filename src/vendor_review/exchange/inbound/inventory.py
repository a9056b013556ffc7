"""Vendor inventory import from CSV or XLSX (DESIGN §7).

    plan = plan_vendor_import(service, Path("vendors.csv"), parent="LiveAgent")
    if not plan.fatal:
        apply_vendor_plan(service, plan)        # one transaction

Columns are found by header name in row 1, tolerant of case, spaces, ``_`` and ``-``:
name, legal entity, kind, purpose, regions, data access, criticality, website, contact,
owner, notes, dpa signed on. A column by any other name is reported, not guessed.
Regions are separated by ``;`` or ``,``. Rows naming the same legal entity (or, without
one, the same name) are merged into one vendor with their regions joined; any other
field on which they disagree is reported. Each row is validated as ``dto.VendorIn`` and
its problems named by row and column. A vendor already in the inventory (same name or
legal entity) is updated only with ``update``, and then only in the columns the file
fills. Cells are text: ``=HYPERLINK(…)`` is stored as those characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError as PydanticValidationError

from vendor_review.exchange.inbound.inventory_rows import HEADERS, NEEDED, Record, read_records
from vendor_review.exchange.inbound.tables import LIMITS, Limits, Problem, shown
from vendor_review.exchange.inbound.untrusted import read_table
from vendor_review.service import dto
from vendor_review.service.errors import ValidationError
from vendor_review.service.imports import VendorImport, VendorUpdate

if TYPE_CHECKING:
    from vendor_review.service import Service

Action = Literal["create", "update", "unchanged", "exists"]
ACTIONS: tuple[Action, ...] = ("create", "update", "unchanged", "exists")


@dataclass(frozen=True)
class VendorChange:
    action: Action
    name: str
    rows: tuple[int, ...]
    fields: dto.VendorIn
    vendor_id: int | None = None
    expected_version: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class VendorPlan:
    file: str
    sha256: str
    changes: tuple[VendorChange, ...]
    problems: tuple[Problem, ...]
    update: bool

    @property
    def fatal(self) -> list[Problem]:
        return [p for p in self.problems if p.fatal]

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action == action)

    @property
    def source(self) -> str:
        return f"sha256:{self.sha256}"


def plan_vendor_import(
    service: Service,
    path: Path,
    *,
    parent: str | None = None,
    update: bool = False,
    limits: Limits = LIMITS,
) -> VendorPlan:
    """Read ``path`` (refused with ``RefusedFile`` when hostile) and plan the import."""
    upload, sheet = read_table(Path(path), limits)
    problems: list[Problem] = []
    if parent is not None:
        parent = service.get_vendor(parent).name  # an unknown parent is refused here
    records = read_records(sheet, parent, problems)
    keys = [k for r in records for k in (r.data.get("name"), r.data.get("legal_entity")) if k]
    existing = service.vendors_matching(keys) if records else []
    changes = plan_vendors(records, existing, update=update, problems=problems)
    return VendorPlan(upload.name, upload.sha256, tuple(changes), tuple(problems), update)


def apply_vendor_plan(service: Service, plan: VendorPlan) -> VendorImport:
    if plan.fatal:
        raise ValidationError(f"{plan.file}: {len(plan.fatal)} problem(s); nothing was imported")
    creates = [c.fields for c in plan.changes if c.action == "create"]
    updates = [
        VendorUpdate(c.vendor_id, c.expected_version, {k: new for k, (_, new) in c.changes.items()})
        for c in plan.changes
        if c.action == "update" and c.vendor_id is not None and c.expected_version is not None
    ]
    return service.import_vendors(creates, updates, source=plan.source)


def plan_vendors(
    records: Sequence[Record],
    existing: Sequence[dto.Vendor],
    *,
    update: bool,
    problems: list[Problem],
) -> list[VendorChange]:
    """What each record does to the inventory (pure)."""
    changes: list[VendorChange] = []
    for record in records:
        fields = _validate(record, problems)
        if fields is None:
            continue
        matches = [v for v in existing if _same(v, fields)]
        if len(matches) > 1:
            names = ", ".join(shown(v.name) for v in matches)
            problems.append(Problem(record.where, f"matches several vendors: {names}"))
            continue
        rows = tuple(record.rows)
        if not matches:
            missing = [HEADERS[n] for n in NEEDED if n not in record.given]
            if missing:
                problems.append(Problem(record.where, f"a new vendor needs {', '.join(missing)}"))
                continue
            changes.append(VendorChange("create", fields.name, rows, fields))
            continue
        vendor = matches[0]
        diff = _diff(vendor, fields, record.given)
        action: Action = "update" if diff and update else "exists" if diff else "unchanged"
        changes.append(
            VendorChange(action, vendor.name, rows, fields, vendor.id, vendor.version, diff)
        )
    return changes


def _validate(record: Record, problems: list[Problem]) -> dto.VendorIn | None:
    try:
        return dto.VendorIn.model_validate(record.data)
    except PydanticValidationError as exc:
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else "vendor"
            given = record.data.get(column)
            value = f" {shown(given)}" if isinstance(given, str) else ""
            problems.append(
                Problem(record.where, f"{HEADERS.get(column, column)}{value}: {error['msg']}")
            )
        return None


def _same(vendor: dto.Vendor, fields: dto.VendorIn) -> bool:
    def key(text: str | None) -> str:
        return " ".join((text or "").split()).casefold()

    if key(vendor.name) == key(fields.name):
        return True
    return bool(fields.legal_entity) and key(vendor.legal_entity) == key(fields.legal_entity)


def _diff(vendor: dto.Vendor, fields: dto.VendorIn, given: set[str]) -> dict[str, tuple[Any, Any]]:
    """The given fields whose value differs from the vendor's (``parent`` by name)."""
    new = fields.model_dump()
    old = vendor.model_dump()
    old["parent"] = vendor.parent_name
    out: dict[str, tuple[Any, Any]] = {}
    for name in sorted(given):
        if old.get(name) != new.get(name):
            out[name] = (old.get(name), new.get(name))
    return out
