"""The Questions sheet of a returned workbook: which row holds which question now, and
the answer, comment and evidence each row gives (or the problem with each cell)."""

from __future__ import annotations

from collections.abc import Mapping

from vendor_review.domain.answers import AnswerError, AnswerValue
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.wording import counted
from vendor_review.exchange.inbound.answer_cells import (
    answer_from_cell,
    cell_text,
    is_empty,
    unreadable,
)
from vendor_review.exchange.inbound.questionnaire_meta import SentQuestion
from vendor_review.exchange.inbound.tables import Problem, Sheet, shown
from vendor_review.exchange.outbound.questionnaire import (
    ANSWER_COLUMN,
    COMMENT_COLUMN,
    EVIDENCE_COLUMN,
    FIRST_ROW,
    ID_COLUMN,
    INPUT_COLUMNS,
    QUESTION_COLUMNS,
    QUESTIONS,
)

MAX_COMMENT = 10_000
EVIDENCE_PREFIX = "Evidence: "
Given = dict[str, tuple[AnswerValue, str | None, int]]
"""Question id → (stored value, comment to store or None, sheet row)."""


def columns_in_place(sheet: Sheet, problems: list[Problem]) -> bool:
    """The ID and input columns still have their headers: no column was inserted, deleted
    or moved (which would put answers where comments were read)."""
    for column in (ID_COLUMN, *INPUT_COLUMNS):
        expected = QUESTION_COLUMNS[column - 1].header
        found = sheet.cell(1, column)
        if not (isinstance(found, str) and found.strip().casefold() == expected.casefold()):
            problems.append(
                Problem(
                    sheet.where(1, column),
                    f"the header should be {expected!r}, not {shown(found)}: columns must not "
                    "be inserted, deleted or moved",
                )
            )
            return False
    return True


def locate_rows(
    sheet: Sheet, sent: Mapping[str, SentQuestion], problems: list[Problem]
) -> dict[str, int]:
    """Question id → the row holding it now (by the ID in column B)."""
    located: dict[str, int] = {}
    for row in range(FIRST_ROW, len(sheet.rows) + 1):
        raw = sheet.cell(row, ID_COLUMN)
        if raw is None:
            filled = [c for c in INPUT_COLUMNS if not is_empty(sheet.cell(row, c))]
            if filled:
                problems.append(
                    Problem(
                        sheet.where(row, filled[0]),
                        "an answer on a row without a question ID (rows must not be added)",
                    )
                )
            continue
        qid = raw.strip() if isinstance(raw, str) else None
        if qid is None or qid not in sent:
            problems.append(
                Problem(
                    sheet.where(row, ID_COLUMN),
                    f"{shown(raw)} is not a question ID of this workbook "
                    "(column B must not be changed)",
                )
            )
        elif qid in located:
            problems.append(
                Problem(
                    sheet.where(row, ID_COLUMN),
                    f"question {qid} appears again (also on row {located[qid]})",
                )
            )
        else:
            located[qid] = row
    moved = [(qid, row) for qid, row in located.items() if row != sent[qid].row]
    if moved:
        qid, row = moved[0]
        problems.append(
            Problem(
                sheet.where(row, ID_COLUMN),
                f"{counted(len(moved), 'row was', 'rows were')} moved (question {qid} is on "
                f"row {row}, sent on row {sent[qid].row}); answers were matched by question ID",
                fatal=False,
            )
        )
    for qid, question in sent.items():
        if qid not in located:
            problems.append(
                Problem(
                    f"{QUESTIONS}!{question.row}:{question.row}",
                    f"the row of question {qid} was deleted; it is not answered by this file",
                    fatal=False,
                )
            )
    return located


def read_answers(
    q: Questionnaire, sheet: Sheet, located: Mapping[str, int], problems: list[Problem]
) -> Given:
    """Question id → (value, comment to store, row) for every readable answer."""
    given: Given = {}
    for qid, row in located.items():
        question = q.question(qid)
        assert question is not None
        parts: list[str] = []
        for column, prefix in ((COMMENT_COLUMN, ""), (EVIDENCE_COLUMN, EVIDENCE_PREFIX)):
            raw = sheet.cell(row, column)
            why = unreadable(raw)
            if why is not None:
                problems.append(Problem(sheet.where(row, column), why))
            elif not is_empty(raw):
                parts.append(prefix + cell_text(raw).strip())
        comment = "\n".join(parts) or None
        if comment is not None and len(comment) > MAX_COMMENT:
            problems.append(
                Problem(
                    sheet.where(row, COMMENT_COLUMN),
                    f"comment and evidence reference are {len(comment):,} characters, over "
                    f"{MAX_COMMENT:,}",
                )
            )
        raw = sheet.cell(row, ANSWER_COLUMN)
        where = sheet.where(row, ANSWER_COLUMN)
        why = unreadable(raw)
        if why is not None:
            problems.append(Problem(where, why))
        elif is_empty(raw):
            if comment is not None:
                problems.append(
                    Problem(where, "a comment without an answer is not stored", fatal=False)
                )
        else:
            try:
                given[qid] = (answer_from_cell(question, raw), comment, row)
            except AnswerError as exc:
                problems.append(Problem(where, str(exc)))
    return given
