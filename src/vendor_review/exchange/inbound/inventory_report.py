"""A vendor import plan in words: the same sections for the CLI's dry run and the app's
preview (header → field, defaults, vendors, links, possible duplicates, blocks skipped,
encoding), and as JSON. Outside text is made inert (``tables.inert``) line by line."""

from __future__ import annotations

from typing import Any

from vendor_review.domain.wording import counted
from vendor_review.exchange.inbound.inventory import (
    ACTIONS,
    LINK_ACTIONS,
    LinkChange,
    VendorChange,
    VendorPlan,
)
from vendor_review.exchange.inbound.tables import inert

VENDOR_WORDS = {
    "create": "new",
    "update": "update",
    "exists": "differs",
    "unchanged": "unchanged",
}
LINK_WORDS = {
    "add": "added",
    "change": "changed",
    "same": "unchanged",
    "reopen": "listed again",
    "end": "removed",
}


def value_text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    return str(getattr(value, "value", value))


def summary(plan: VendorPlan) -> str:
    vendors = [f"{plan.count(a)} {VENDOR_WORDS[a]}" for a in ACTIONS if plan.count(a)]
    if plan.parents_created:
        vendors.append(counted(len(plan.parents_created), "new parent"))
    links = [f"{plan.link_count(a)} {LINK_WORDS[a]}" for a in LINK_ACTIONS if plan.link_count(a)]
    text = "Vendors: " + (", ".join(vendors) or "none")
    if links:
        text += " · links: " + ", ".join(links)
    if plan.untriaged:
        text += f" · {plan.untriaged} to triage"
    return text


def vendor_line(change: VendorChange) -> str:
    rows = ("rows " if len(change.rows) > 1 else "row ") + ", ".join(map(str, change.rows))
    line = f"{VENDOR_WORDS[change.action]:<9}  {change.name}  ({rows})"
    f = change.fields
    if change.action == "create":
        if change.untriaged:
            line += f": {value_text(f.kind)}, untriaged"
        else:
            line += f": {value_text(f.kind)}, data access {value_text(f.data_access)}, "
            line += f"criticality {value_text(f.criticality)}"
    elif change.changes:
        diff = "; ".join(
            f"{k}: {value_text(a)} → {value_text(b)}" for k, (a, b) in change.changes.items()
        )
        line += f": {diff}" + ("" if change.action == "update" else " (not updated)")
    return inert(line)


def link_line(change: LinkChange) -> str:
    line = f"{LINK_WORDS[change.action]:<12}  {change.parent} → {change.child}"
    if change.changes:
        line += ": " + "; ".join(
            f"{k}: {value_text(a)} → {value_text(b)}" for k, (a, b) in change.changes.items()
        )
    elif change.action != "end":
        bits = [change.purpose or "", ", ".join(change.regions)]
        detail = " · ".join(b for b in bits if b)
        if detail:
            line += f": {detail}"
    return inert(line)


def sections(plan: VendorPlan) -> list[tuple[str, list[str]]]:
    """(heading, lines) in the order a reviewer checks them; empty sections left out."""
    mapping = [
        inert(f"{header} → {name.replace('_', ' ') if name else 'ignored'}")
        for header, name in plan.mapping
    ]
    defaults = [f"{k.replace('_', ' ')}: {v}" for k, v in plan.defaults.items()]
    if not defaults:
        defaults = ["none: new vendors without data access and criticality are untriaged"]
    out: list[tuple[str, list[str]]] = [
        ("Columns (header → field)", mapping),
        ("Defaults for new vendors", defaults),
    ]
    if plan.encoding:
        out.append(("Encoding", [inert(plan.encoding)]))
    if plan.blocks:
        out.append(("Blocks skipped", [inert(b) for b in plan.blocks]))
    if plan.parent:
        created = " (new vendor, untriaged)" if plan.parent in plan.parents_created else ""
        out.append(("Parent", [inert(plan.parent + created)]))
    others = [p for p in plan.parents_created if p != plan.parent]
    if others:
        out.append(("New parents (untriaged)", [inert(p) for p in others]))
    out.append(("Vendors", [vendor_line(c) for c in plan.changes]))
    out.append(("Links", [link_line(c) for c in plan.links]))
    if plan.duplicates:
        out.append(
            (
                "Possible duplicates (not merged: vendor merge A B joins them)",
                [
                    inert(
                        f"{d.name} ≈ {d.other} ({d.score:.0f}%"
                        + (", in the inventory)" if d.in_inventory else ", also in this file)")
                    )
                    for d in plan.duplicates
                ],
            )
        )
    return [(heading, lines) for heading, lines in out if lines]


def plan_json(plan: VendorPlan) -> dict[str, Any]:
    return {
        "file": plan.file,
        "sha256": plan.sha256,
        "parent": plan.parent,
        "parents_created": list(plan.parents_created),
        "mapping": [{"header": h, "field": f} for h, f in plan.mapping],
        "defaults": plan.defaults,
        "encoding": plan.encoding,
        "blocks_skipped": list(plan.blocks),
        "changes": [
            {
                "action": c.action,
                "name": c.name,
                "rows": list(c.rows),
                "vendor_id": c.vendor_id,
                "untriaged": c.untriaged,
                "fields": c.fields.model_dump(mode="json"),
                "changes": {k: [value_text(a), value_text(b)] for k, (a, b) in c.changes.items()},
            }
            for c in plan.changes
        ],
        "links": [
            {
                "action": c.action,
                "parent": c.parent,
                "subprocessor": c.child,
                "purpose": c.purpose,
                "regions": list(c.regions),
                "link_id": c.link_id,
                "changes": {k: [value_text(a), value_text(b)] for k, (a, b) in c.changes.items()},
            }
            for c in plan.links
        ],
        "possible_duplicates": [
            {"name": d.name, "other": d.other, "score": d.score, "in_inventory": d.in_inventory}
            for d in plan.duplicates
        ],
        "problems": [
            {"where": p.where, "message": p.message, "fatal": p.fatal} for p in plan.problems
        ],
    }
