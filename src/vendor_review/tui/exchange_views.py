"""Import plans as the preview shows them: every problem, conflict and change on one
plain line (outside text made inert: no control characters, never markup)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from vendor_review.tui.widgets.import_preview import PlanView

if TYPE_CHECKING:
    from vendor_review.exchange.inbound.inventory import VendorChange, VendorPlan
    from vendor_review.exchange.inbound.questionnaire import AnswerPlan
    from vendor_review.exchange.inbound.tables import Problem

VENDOR_ACTIONS = {
    "create": "new",
    "update": "update",
    "exists": "differs",
    "unchanged": "unchanged",
}


def _problems(problems: list[Problem]) -> tuple[str, ...]:
    from vendor_review.exchange.inbound.tables import inert

    return tuple(inert(str(p)) for p in problems)


def _value(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return str(getattr(value, "value", value))


def vendor_line(change: VendorChange) -> str:
    from vendor_review.exchange.inbound.tables import inert

    rows = ("rows " if len(change.rows) > 1 else "row ") + ", ".join(map(str, change.rows))
    line = f"{VENDOR_ACTIONS[change.action]:<9}  {change.name}  ({rows})"
    if change.action == "create":
        f = change.fields
        line += f": {_value(f.kind)}, data access {_value(f.data_access)}, "
        line += f"criticality {_value(f.criticality)}"
        if f.parent:
            line += f", subprocessor of {f.parent}"
    elif change.changes:
        diff = "; ".join(f"{k}: {_value(a)} → {_value(b)}" for k, (a, b) in change.changes.items())
        line += f": {diff}"
    return inert(line)


def vendor_view(plan: VendorPlan) -> PlanView:
    counts = [f"{plan.count('create')} new"]
    if plan.update:
        counts.append(f"{plan.count('update')} to update")
    counts += [
        f"{plan.count('exists')} already in the inventory and different",
        f"{plan.count('unchanged')} unchanged",
    ]
    differ = plan.count("exists")
    stored = plan.count("create") + plan.count("update")
    return PlanView(
        title=f"Import vendors from {plan.file}",
        counts=", ".join(counts) + f" · sha256 {plan.sha256[:12]}…",
        fatal=_problems(plan.fatal),
        warnings=_problems([p for p in plan.problems if not p.fatal]),
        changes=tuple(vendor_line(c) for c in plan.changes),
        option=(
            f"Also update the {differ} vendor(s) already in the inventory that differ "
            "(only the columns the file fills)"
            if differ
            else None
        ),
        stored=(stored, stored + differ),
    )


def with_updates(plan: VendorPlan) -> VendorPlan:
    """``plan`` as ``plan_vendor_import(update=True)`` makes it: the vendors that differ
    are updated (exactly the changes previewed, each at the version it was read at)."""
    changes = tuple(
        replace(c, action="update") if c.action == "exists" else c for c in plan.changes
    )
    return replace(plan, changes=changes, update=True)


def answer_view(plan: AnswerPlan) -> PlanView:
    from vendor_review.exchange.inbound.questionnaire import KINDS
    from vendor_review.exchange.inbound.tables import inert

    changes = []
    for c in plan.changes:
        if c.kind in ("unchanged", "conflict"):
            continue
        was = f" (was {c.before})" if c.before and c.kind == "changed" else ""
        changes.append(inert(f"{c.where}  {c.question_id}  {c.kind}: {c.label}{was}"))
    conflicts = tuple(inert(f"{c.where}  {c.question_id}: {c.note}") for c in plan.conflicts)
    notes: tuple[str, ...] = ()
    if plan.unanswered_required:
        notes = (f"Still unanswered (required): {', '.join(plan.unanswered_required)}",)
    return PlanView(
        title=f"Import answers into assessment #{plan.assessment_id} from {plan.file}",
        counts=", ".join(f"{plan.count(kind)} {kind}" for kind in KINDS)
        + f" · sha256 {plan.sha256[:12]}…",
        fatal=_problems(plan.fatal),
        warnings=_problems(plan.warnings),
        conflicts=conflicts,
        changes=tuple(changes),
        notes=tuple(inert(n) for n in notes),
        option=(
            f"Overwrite the {len(conflicts)} answer(s) changed in the app since the workbook "
            "was made"
            if conflicts
            else None
        ),
        option_required=bool(conflicts),
        stored=(len(plan.to_store()), len(plan.to_store(overwrite=True))),
    )
