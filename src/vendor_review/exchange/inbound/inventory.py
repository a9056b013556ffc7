"""Vendor list import: what a published subprocessor list (or an inventory) would change.

    plan = plan_vendor_import(service, Path("slack.csv"), parent="Slack")
    if not plan.fatal:
        apply_vendor_plan(service, plan)        # one transaction

The file is read by ``vendor_list.read_vendor_list`` (columns by meaning, blocks,
encodings; one row per company and parent). Each company is matched to the inventory by
its name key (``domain.names``): a match is the same company (its profile changes only
with ``update``, only in the columns the file fills); no match creates it, with
``defaults`` for kind, data access and criticality where the rows leave them empty, else
**untriaged**. Close keys are reported as possible duplicates, never merged. Each row
with a parent (``parent`` for the whole file, or the row's own parent column) links
parent → company, the parent created (untriaged) when not in the inventory; with
``parent`` the file is that vendor's whole list, so its links the file no longer names
are ended (never deleted).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError as PydanticValidationError

from vendor_review.domain.names import name_key, possible_duplicates
from vendor_review.domain.wording import counted
from vendor_review.exchange.inbound.tables import LIMITS, Limits, Problem, Problems, shown
from vendor_review.exchange.inbound.vendor_list import ListedVendor, VendorList, read_vendor_list
from vendor_review.service import dto
from vendor_review.service.imports import LinkWrite, ListImport, VendorImport, VendorUpdate

if TYPE_CHECKING:
    from vendor_review.service import Service

Action = Literal["create", "update", "unchanged", "exists"]
ACTIONS: tuple[Action, ...] = ("create", "update", "unchanged", "exists")
LinkAction = Literal["add", "change", "same", "reopen", "end"]
LINK_ACTIONS: tuple[LinkAction, ...] = ("add", "change", "same", "reopen", "end")
DEFAULTED = ("kind", "data_access", "criticality")
PROFILE = (
    "name",
    "legal_entity",
    "kind",
    "purpose",
    "regions",
    "data_access",
    "criticality",
    "website",
    "contact",
    "owner",
    "notes",
    "dpa_signed_on",
)
"""The fields a row may fill in a vendor's profile (``parent`` makes a link instead)."""


@dataclass(frozen=True)
class VendorChange:
    action: Action
    name: str
    rows: tuple[int, ...]
    fields: dto.VendorIn
    vendor_id: int | None = None
    expected_version: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    untriaged: bool = False
    """A vendor created without data access or criticality (no row value, no default)."""


@dataclass(frozen=True)
class LinkChange:
    action: LinkAction
    parent: str
    child: str
    purpose: str | None
    regions: tuple[str, ...]
    link_id: int | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Duplicate:
    """A new vendor whose key is close to another vendor's (or another new one's)."""

    name: str
    other: str
    score: float
    in_inventory: bool


@dataclass(frozen=True)
class VendorPlan(Problems):
    file: str
    sha256: str
    changes: tuple[VendorChange, ...]
    problems: tuple[Problem, ...]
    update: bool
    parent: str | None = None
    links: tuple[LinkChange, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    parents_created: tuple[str, ...] = ()
    defaults: dict[str, str] = field(default_factory=dict)
    mapping: tuple[tuple[str, str | None], ...] = ()
    """Each header of the file and the field it was read as (None: ignored)."""
    blocks: tuple[str, ...] = ()
    """Title and repeated header rows that started a new block (never a vendor)."""
    encoding: str | None = None
    """How a CSV that is not UTF-8 was decoded, or None."""

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action == action)

    def link_count(self, action: LinkAction) -> int:
        return sum(1 for c in self.links if c.action == action)

    @property
    def untriaged(self) -> int:
        return sum(1 for c in self.changes if c.untriaged) + len(self.parents_created)

    @property
    def stores(self) -> int:
        """How many vendors and links Import would create, update, link or end."""
        vendors = self.count("create") + self.count("update") + len(self.parents_created)
        return vendors + sum(1 for c in self.links if c.action != "same")

    @property
    def source(self) -> str:
        return f"sha256:{self.sha256}"


def plan_vendor_import(
    service: Service,
    path: Path,
    *,
    parent: str | None = None,
    update: bool = False,
    mapping: dict[str, str] | None = None,
    strict: bool = False,
    table: int | None = None,
    defaults: dict[str, str] | None = None,
    limits: Limits = LIMITS,
) -> VendorPlan:
    """Read ``path`` (refused with ``RefusedFile`` when hostile) and plan the import."""
    listed = read_vendor_list(
        Path(path), mapping=mapping or {}, strict=strict, table=table, limits=limits
    )
    return plan_listed(service, listed, parent=parent, update=update, defaults=defaults or {})


def plan_listed(
    service: Service,
    listed: VendorList,
    *,
    parent: str | None,
    update: bool,
    defaults: dict[str, str],
) -> VendorPlan:
    problems = list(listed.problems)
    rows = list(listed.rows)
    parent_key = name_key(parent) if parent else None
    keys = {r.key for r in rows} | {name_key(r.parent) for r in rows if r.parent}
    if parent_key:
        keys.add(parent_key)
    existing = service.vendors_by_key(keys)
    created_parents: dict[str, str] = {}  # key → name of a parent the import creates
    listed_keys = {r.key for r in rows}

    def parent_name(text: str) -> str:
        key = name_key(text)
        if key in existing:
            return existing[key].name
        if key in listed_keys:  # a company of the file is also a parent: its first spelling
            return next(r.name for r in rows if r.key == key)
        return created_parents.setdefault(key, text.strip())

    file_parent = parent_name(parent) if parent else None
    changes = []
    planned: dict[str, str] = {}  # key → the vendor's name (stored, or as created)
    for key, group in _by_key(rows).items():
        linked = bool(parent) or any(r.parent for r in group)
        change = _vendor_change(group, existing.get(key), defaults, update, linked, problems)
        if change is not None:
            changes.append(change)
            planned[key] = change.name
    links = _links(service, rows, planned, file_parent, parent_name, existing, problems)
    return VendorPlan(
        file=listed.file,
        sha256=listed.sha256,
        changes=tuple(changes),
        problems=tuple(problems),
        update=update,
        parent=file_parent,
        links=tuple(links),
        duplicates=tuple(_duplicates(service, changes, created_parents)),
        parents_created=tuple(created_parents.values()),
        defaults=dict(defaults),
        mapping=tuple((u.header, u.field) for u in listed.mapping),
        blocks=tuple(f"{b.where}: {b.kind} {shown(b.text)}" for b in listed.blocks),
        encoding=listed.encoding_note,
    )


def apply_vendor_plan(service: Service, plan: VendorPlan) -> VendorImport:
    if plan.fatal:
        from vendor_review.service.errors import ValidationError

        raise ValidationError(
            f"{plan.file}: {counted(len(plan.fatal), 'problem')}; nothing was imported"
        )
    creates = [dto.VendorIn(name=name) for name in plan.parents_created]
    creates += [c.fields for c in plan.changes if c.action == "create"]
    updates = [
        VendorUpdate(c.vendor_id, c.expected_version, {k: new for k, (_, new) in c.changes.items()})
        for c in plan.changes
        if c.action == "update" and c.vendor_id is not None and c.expected_version is not None
    ]
    links = [
        LinkWrite(c.parent, c.child, c.purpose, list(c.regions))
        for c in plan.links
        if c.action != "end"
    ]
    ends = [c.link_id for c in plan.links if c.action == "end" and c.link_id is not None]
    batch = ListImport(plan.file, plan.sha256, creates, updates, links, ends)
    return service.import_vendor_list(batch)


# --- the parts ------------------------------------------------------------------------


def _by_key(rows: Sequence[ListedVendor]) -> dict[str, list[ListedVendor]]:
    """The rows of one company (several when it is listed under several parents)."""
    out: dict[str, list[ListedVendor]] = {}
    for row in rows:
        out.setdefault(row.key, []).append(row)
    return out


def _profile(rows: Sequence[ListedVendor]) -> dict[str, Any]:
    """A company's profile fields as its rows give them (the first row's where they differ;
    regions unioned)."""
    data: dict[str, Any] = {}
    for row in rows:
        values: dict[str, Any] = {
            "name": row.name,
            "legal_entity": row.legal_entity,
            "kind": row.kind,
            "purpose": row.purpose,
            "regions": list(row.regions),
            "data_access": row.data_access,
            "criticality": row.criticality,
            "website": row.website,
            "contact": row.contact,
            "owner": row.owner,
            "notes": "; ".join(row.notes) or None,
            "dpa_signed_on": row.dpa_signed_on,
        }
        for name, value in values.items():
            if value in (None, "", []):
                continue
            if name == "regions":
                data[name] = list(dict.fromkeys([*data.get(name, []), *value]))
            else:
                data.setdefault(name, value)
    return data


def _vendor_change(
    rows: Sequence[ListedVendor],
    vendor: dto.Vendor | None,
    defaults: dict[str, str],
    update: bool,
    linked: bool,
    problems: list[Problem],
) -> VendorChange | None:
    """``linked``: what a parent's list says of purpose, regions and notes is the link's,
    so it never differs from (or updates) an existing vendor's own profile."""
    row = rows[0]
    data = _profile(rows)
    given = set(data)
    source_rows = tuple(sorted({n for r in rows for n in r.source_rows}))
    if vendor is None:
        for name in DEFAULTED:
            if name not in data and defaults.get(name):
                data[name] = defaults[name]
    fields = _validate(row, data, problems)
    if fields is None:
        return None
    if vendor is None:
        untriaged = fields.data_access is None or fields.criticality is None
        return VendorChange("create", fields.name, source_rows, fields, untriaged=untriaged)
    given.discard("name")  # matched by key: the inventory's spelling stays
    if linked:
        given -= {"purpose", "regions", "notes"}
    diff = _diff(vendor, fields, given)
    action: Action = "update" if diff and update else "exists" if diff else "unchanged"
    return VendorChange(action, vendor.name, source_rows, fields, vendor.id, vendor.version, diff)


def _validate(
    row: ListedVendor, data: dict[str, Any], problems: list[Problem]
) -> dto.VendorIn | None:
    try:
        return dto.VendorIn.model_validate(data)
    except PydanticValidationError as exc:
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else "vendor"
            given = data.get(column)
            value = f" {shown(given)}" if isinstance(given, str) else ""
            label = column.replace("_", " ")
            problems.append(Problem(row.where, f"{label}{value}: {error['msg']}"))
        return None


def _diff(vendor: dto.Vendor, fields: dto.VendorIn, given: set[str]) -> dict[str, tuple[Any, Any]]:
    """The given fields whose value differs from the vendor's."""
    new = fields.model_dump()
    old = dataclasses.asdict(vendor)
    return {n: (old.get(n), new.get(n)) for n in sorted(given) if old.get(n) != new.get(n)}


def _links(
    service: Service,
    rows: Sequence[ListedVendor],
    planned: dict[str, str],
    file_parent: str | None,
    parent_name: Any,
    existing: dict[str, dto.Vendor],
    problems: list[Problem],
) -> list[LinkChange]:
    """Each (parent, vendor) the file names, compared with the links stored."""
    stored: dict[str, dict[str, dto.Link]] = {}

    def links_of(parent: str) -> dict[str, dto.Link]:
        if parent not in stored:
            found = existing.get(name_key(parent))
            links = service.vendor_links(found.id).subprocessors if found else []
            stored[parent] = {name_key(link.child): link for link in links}
        return stored[parent]

    out: list[LinkChange] = []
    named: set[str] = set()
    for row in rows:
        if row.key not in planned:
            continue
        parent = parent_name(row.parent) if row.parent else file_parent
        if parent is None:
            continue
        if name_key(parent) == row.key:
            problems.append(Problem(row.where, f"{shown(row.name)} cannot be its own parent"))
            continue
        child = planned[row.key]
        if parent == file_parent:
            named.add(row.key)
        purpose, regions = row.purpose, tuple(row.regions)
        link = links_of(parent).get(row.key)
        if link is None:
            out.append(LinkChange("add", parent, child, purpose, regions))
            continue
        diff: dict[str, tuple[Any, Any]] = {}
        if link.purpose != purpose:
            diff["purpose"] = (link.purpose, purpose)
        if tuple(link.regions) != regions:
            diff["regions"] = (link.regions, list(regions))
        action: LinkAction = "reopen" if link.ended_on else "change" if diff else "same"
        out.append(LinkChange(action, parent, child, purpose, regions, link.id, diff))
    if file_parent is not None:
        for key, link in sorted(links_of(file_parent).items()):
            if key not in named and link.ended_on is None:
                out.append(
                    LinkChange(
                        "end", file_parent, link.child, link.purpose, tuple(link.regions), link.id
                    )
                )
    return out


def _duplicates(
    service: Service, changes: Sequence[VendorChange], created_parents: dict[str, str]
) -> list[Duplicate]:
    """New vendors (and parents) whose key is close to another vendor's, best first."""
    new = [(name_key(c.name), c.name) for c in changes if c.action == "create"]
    new += list(created_parents.items())
    if not new:
        return []
    inventory = [((name, True), key) for name, key in service.vendor_keys()]
    found: list[Duplicate] = []
    for index, (key, name) in enumerate(new):
        others = [((n, False), k) for k, n in new[index + 1 :]]
        for (other, stored), score in possible_duplicates(key, [*inventory, *others]):
            found.append(Duplicate(name, other, round(score, 1), stored))
    return found
