"""Import of a returned vendor questionnaire workbook (DESIGN §7).

    plan = plan_answer_import(service, assessment_id, Path("returned.xlsx"))
    for problem in plan.problems: print(problem)    # Questions!D14: 'Maybe' is not one of …
    if not plan.fatal and not plan.conflicts:
        apply_answer_plan(service, plan)             # one transaction

``plan_answers(detail, book)`` is pure: from the assessment as stored and the file as
read it returns every change (new, changed, confirmed, unchanged, conflict) and every
problem, each naming its cell. The file must be the workbook made for this assessment
(hidden Meta sheet: format, questionnaire id, version and SHA-256, assessment id, the
question list). Rows are matched by the question ID in column B, so moved rows are
found (and reported) and deleted rows reported. Answers to questions that the returned
answers hide (``show_if``) are reported and not stored. An answer changed in the app
since the workbook was made (its version moved) is a conflict, stored only with
``overwrite``. Nothing is stored while a fatal problem remains.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from vendor_review.domain.answers import AnswerError, AnswerValue, answer_label, check_na_reason
from vendor_review.domain.enums import AssessmentStatus
from vendor_review.domain.policy import Policy, default_policy
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import is_shown, why_hidden
from vendor_review.domain.wording import counted
from vendor_review.exchange.inbound.questionnaire_meta import SentQuestion, read_meta
from vendor_review.exchange.inbound.questionnaire_rows import (
    Given,
    columns_in_place,
    locate_rows,
    read_answers,
)
from vendor_review.exchange.inbound.tables import (
    LIMITS,
    Book,
    Limits,
    Problem,
    Problems,
    Sheet,
    shown,
)
from vendor_review.exchange.inbound.untrusted import load, read_xlsx
from vendor_review.exchange.outbound.questionnaire import (
    ANSWER_COLUMN,
    META,
    META_WIDTH,
    QUESTION_COLUMNS,
    QUESTIONS,
)
from vendor_review.service import dto
from vendor_review.service.errors import ConflictError, StateError, ValidationError
from vendor_review.service.imports import AnswerWrite

if TYPE_CHECKING:
    from vendor_review.service import Service

Kind = Literal["new", "changed", "confirmed", "unchanged", "conflict"]
KINDS: tuple[Kind, ...] = ("new", "changed", "confirmed", "unchanged", "conflict")
STORED: tuple[Kind, ...] = ("new", "changed", "confirmed")


@dataclass(frozen=True)
class AnswerChange:
    question_id: str
    where: str
    kind: Kind
    value: AnswerValue
    label: str
    comment: str | None
    """The comment to store (comment and evidence reference); None keeps the stored one."""
    before: str
    """The stored answer as it reads ("" when none)."""
    expected_version: int
    note: str = ""


@dataclass(frozen=True)
class AnswerPlan(Problems):
    assessment_id: int
    file: str
    sha256: str
    changes: tuple[AnswerChange, ...]
    problems: tuple[Problem, ...]
    unanswered_required: tuple[str, ...] = ()

    @property
    def conflicts(self) -> list[AnswerChange]:
        return [c for c in self.changes if c.kind == "conflict"]

    def count(self, kind: Kind) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    def to_store(self, *, overwrite: bool = False) -> list[AnswerChange]:
        kinds = (*STORED, "conflict") if overwrite else STORED
        return [c for c in self.changes if c.kind in kinds]

    @property
    def source(self) -> str:
        return f"sha256:{self.sha256}"


def read_answer_workbook(path: Path, limits: Limits = LIMITS) -> Book:
    upload = load(path, (".xlsx",), limits)
    widths = {QUESTIONS: len(QUESTION_COLUMNS), META: META_WIDTH}
    return read_xlsx(upload, widths, limits=limits)


def plan_answer_import(
    service: Service, assessment_id: int, path: Path, limits: Limits = LIMITS
) -> AnswerPlan:
    """Read ``path`` (refused with ``RefusedFile`` when hostile) and plan its import."""
    detail = service.get_assessment(assessment_id)
    if detail.assessment.status is not AssessmentStatus.DRAFT:
        raise StateError(
            f"assessment #{assessment_id} is {detail.assessment.status.value}; answers are "
            "imported into a draft"
        )
    return plan_answers(detail, read_answer_workbook(Path(path), limits), service.policy)


def apply_answer_plan(
    service: Service, plan: AnswerPlan, *, overwrite: bool = False
) -> list[dto.Answer]:
    """Store the plan's answers in one transaction (each audited with the file's SHA-256)."""
    if plan.fatal:
        raise ValidationError(
            f"{plan.file}: {counted(len(plan.fatal), 'problem')}; nothing was stored"
        )
    if plan.conflicts and not overwrite:
        raise ConflictError(
            f"{plan.file}: {counted(len(plan.conflicts), 'answer')} changed in the app since the "
            "workbook was made; nothing was stored (use --overwrite to replace them)"
        )
    writes = [
        AnswerWrite(c.question_id, c.value, c.comment, c.expected_version)
        for c in plan.to_store(overwrite=overwrite)
    ]
    if not writes:
        return []
    return service.store_answers(plan.assessment_id, writes, source=plan.source)


def plan_answers(
    detail: dto.AssessmentDetail, book: Book, policy: Policy | None = None
) -> AnswerPlan:
    """Every change and problem of importing ``book`` into the assessment ``detail``
    (``policy`` says where N/A needs a reason; DESIGN §5's defaults when None)."""
    q = Questionnaire.from_definition(detail.definition)
    problems: list[Problem] = []
    sent = read_meta(detail, q, book, problems)
    questions = book.sheets.get(QUESTIONS)
    if questions is None:
        problems.append(
            Problem(book.name, f"has no {QUESTIONS!r} sheet: it was renamed or deleted")
        )
    if (
        questions is None
        or sent is None
        or not columns_in_place(questions, problems)
        or any(p.fatal for p in problems)
    ):
        return AnswerPlan(detail.assessment.id, book.name, book.sha256, (), tuple(problems))
    located = locate_rows(questions, sent, problems)
    given = read_answers(q, questions, located, problems)
    changes, unanswered = _changes(
        q, detail.answers, sent, given, questions, problems, policy or default_policy()
    )
    return AnswerPlan(
        detail.assessment.id, book.name, book.sha256, tuple(changes), tuple(problems), unanswered
    )


def _changes(
    q: Questionnaire,
    current: Mapping[str, dto.Answer],
    sent: Mapping[str, SentQuestion],
    given: Given,
    sheet: Sheet,
    problems: list[Problem],
    policy: Policy,
) -> tuple[list[AnswerChange], tuple[str, ...]]:
    merged = {qid: a.value for qid, a in current.items() if a.value is not None}
    merged.update({qid: value for qid, (value, _, _) in given.items()})
    shown_ids: set[str] = set()
    changes: list[AnswerChange] = []
    unanswered: list[str] = []
    for section, question in q.questions():
        qid = question.id
        visible = is_shown(question, merged, shown_ids, section)
        if visible:
            shown_ids.add(qid)
            if question.is_required and qid not in merged:
                unanswered.append(qid)
        if qid not in given:
            continue
        value, comment, row = given[qid]
        where = sheet.where(row, ANSWER_COLUMN)
        if not visible:
            problems.append(
                Problem(
                    where,
                    f"question {qid} is not asked with these answers ({why_hidden(q, qid)}); "
                    "this answer is not stored",
                    fatal=False,
                )
            )
            del merged[qid]
            continue
        kept = current.get(qid)
        reason = comment if comment is not None else (kept.comment if kept else None)
        try:
            check_na_reason(question, value, reason, policy.na_needs_reason(question))
        except AnswerError as exc:
            problems.append(Problem(where, f"{exc} (in the comment column)"))
            continue
        changes.append(_change(question.id, where, value, comment, kept, sent[qid], q))
    return changes, tuple(unanswered)


def _change(
    qid: str,
    where: str,
    value: AnswerValue,
    comment: str | None,
    cur: dto.Answer | None,
    sent: SentQuestion,
    q: Questionnaire,
) -> AnswerChange:
    question = q.question(qid)
    assert question is not None
    label = answer_label(question, value)
    before = answer_label(question, cur.value) if cur is not None else ""
    version = cur.version if cur is not None else 0
    at = cur.answered_at.isoformat() if cur is not None else ""
    moved = (version, at) != (sent.version, sent.answered_at)
    same = (
        cur is not None
        and cur.value == value
        and (comment is None or comment.strip() == (cur.comment or ""))
    )
    kind: Kind
    note = ""
    if same:
        kind = "confirmed" if cur is not None and cur.carried_over else "unchanged"
    elif moved:
        kind = "conflict"
        note = (
            f"answered in the app by {cur.answered_by} at {cur.answered_at:%Y-%m-%d %H:%M} "
            f"after the workbook was made (now {shown(before)}, the file says {shown(label)})"
            if cur is not None
            else f"its answer was cleared in the app after the workbook was made (the file "
            f"says {shown(label)})"
        )
    else:
        kind = "new" if cur is None else "changed"
    return AnswerChange(qid, where, kind, value, label, comment, before, version, note)
