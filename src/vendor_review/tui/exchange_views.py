"""Answer import plans as the preview shows them: every problem, conflict and change on one
plain line (outside text made inert: no control characters, never markup). A vendor list's
plan is shown by ``widgets.vendor_import`` in the words of ``inventory_report``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendor_review.domain.wording import counted
from vendor_review.tui.text import shown
from vendor_review.tui.widgets.import_preview import PlanView

if TYPE_CHECKING:
    from vendor_review.exchange.inbound.questionnaire import AnswerPlan
    from vendor_review.exchange.inbound.tables import Problem


def _problems(problems: list[Problem]) -> tuple[str, ...]:
    from vendor_review.exchange.inbound.tables import inert

    return tuple(inert(str(p)) for p in problems)


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
    fatal = _problems(plan.fatal)
    return PlanView(
        title=f"Import answers into assessment #{plan.assessment_id} from {shown(plan.file)}",
        counts=", ".join(f"{plan.count(kind)} {kind}" for kind in KINDS)
        + f" · sha256 {plan.sha256[:12]}…",
        sections=(
            (f"{counted(len(fatal), 'problem')}: nothing is stored until they are fixed", fatal),
            (counted(len(conflicts), "conflict"), conflicts),
            (counted(len(plan.warnings), "warning"), _problems(plan.warnings)),
            ("", tuple(inert(n) for n in notes)),
            (counted(len(changes), "change"), tuple(changes)),
        ),
        fatal=len(fatal),
        option=(
            f"Overwrite the {counted(len(conflicts), 'answer')} changed in the app since the "
            "workbook was made"
            if conflicts
            else None
        ),
        replaced=len(conflicts),
        stored=(len(plan.to_store()), len(plan.to_store(overwrite=True))),
    )
