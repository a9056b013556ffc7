"""The vendor questionnaire workbook (DESIGN §7): what a reviewer sends to a vendor.

    made = write_questionnaire_workbook(service, assessment_id, Path("twilio.xlsx"))

Sheets: Instructions; Questions (one row per question: section, ID, question, answer,
comment, evidence reference, allowed answers, help, references); and two hidden ones:
Lists (the drop-down labels) and Meta (questionnaire id, version, SHA-256, assessment,
and per question its ID, row and the answer's version when the workbook was made, which
``inbound.questionnaire`` uses to find answers changed in the app since).

Answer cells carry a drop-down of exactly the options' labels (and N/A where allowed);
multi-answer cells take labels separated by ``;``; date and number cells are validated
as such. Answers already given are filled in (a re-review sends last year's answers to
confirm); comments already recorded are not sent, as they may be internal notes. Every
sheet is protected (no password: against accidents, not people) with only the answer,
comment and evidence cells unlocked, and the workbook structure is locked. Text is
written with ``TableSheet``/``TextGuard``: never a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from vendor_review.domain.answers import answer_label
from vendor_review.domain.enums import NA, AssessmentStatus, QuestionType
from vendor_review.domain.questionnaire import Question, Questionnaire
from vendor_review.exchange.cells import TextGuard
from vendor_review.exchange.files import check_target
from vendor_review.exchange.inbound.tables import column_letter
from vendor_review.exchange.outbound.columns import count, text, wrapped
from vendor_review.exchange.outbound.print_layout import Paper, PrintLayout
from vendor_review.exchange.outbound.questionnaire_text import allowed_text, instructions
from vendor_review.exchange.outbound.workbook_file import save_workbook
from vendor_review.exchange.outbound.writer import Column, TableSheet
from vendor_review.service import dto
from vendor_review.service.errors import StateError

if TYPE_CHECKING:
    from vendor_review.service import Service

INSTRUCTIONS, QUESTIONS, LISTS, META = "Instructions", "Questions", "Lists", "Meta"
FORMAT = "vendor-review questionnaire workbook"
FORMAT_VERSION = 1
META_COLUMNS = (
    text("Key", 14),
    text("Value", 40),
    count("Row", 8),
    count("Answer version", 10),
    text("Answered at", 30),
)
META_WIDTH = len(META_COLUMNS)
QUESTION_COLUMNS = (
    wrapped("Section", 20),
    text("ID", 16),
    wrapped("Question", 55),
    wrapped("Answer", 28),
    wrapped("Comment", 36),
    wrapped("Evidence reference", 26),
    wrapped("Allowed answers", 32),
    wrapped("Help", 36),
    wrapped("References", 26),
)
ID_COLUMN, ANSWER_COLUMN, COMMENT_COLUMN, EVIDENCE_COLUMN = 2, 4, 5, 6
INPUT_COLUMNS = (ANSWER_COLUMN, COMMENT_COLUMN, EVIDENCE_COLUMN)
FIRST_ROW = 2
UNLOCKED = Protection(locked=False)
ID_PADDING = 3
"""Width units beyond an id's characters (a character of Calibri is a little over one)."""


@dataclass(frozen=True)
class QuestionnaireWorkbook:
    path: Path
    assessment_id: int
    questions: int
    answered: int


def write_questionnaire_workbook(
    service: Service,
    assessment_id: int,
    path: Path,
    *,
    force: bool = False,
    paper: Paper = "a4",
) -> QuestionnaireWorkbook:
    """Write the workbook of a draft assessment to ``path`` (replaced only with ``force``),
    set up to print on ``paper``."""
    detail = service.get_assessment(assessment_id)
    if detail.assessment.status is not AssessmentStatus.DRAFT:
        raise StateError(
            f"assessment #{assessment_id} is {detail.assessment.status.value}; a questionnaire "
            "workbook is sent for a draft (start a re-review to ask again)"
        )
    path = Path(path)
    check_target(path, overwrite=force, suffix=".xlsx")
    wb = build_workbook(detail, made_at=service.now(), made_by=service.actor, paper=paper)
    save_workbook(wb, path, overwrite=force)
    questions = sum(1 for _ in Questionnaire.from_definition(detail.definition).questions())
    return QuestionnaireWorkbook(path, assessment_id, questions, len(detail.answers))


def build_workbook(
    detail: dto.AssessmentDetail, *, made_at: datetime, made_by: str, paper: Paper = "a4"
) -> Workbook:
    """The workbook in memory (write-only: save it once)."""
    q = Questionnaire.from_definition(detail.definition)
    guard = TextGuard()
    wb = Workbook(write_only=True)
    sheets = {name: wb.create_sheet(name) for name in (INSTRUCTIONS, QUESTIONS, LISTS, META)}
    for name, ws in sheets.items():
        ws.protection = SheetProtection(
            sheet=True, formatColumns=False, formatRows=False, autoFilter=False
        )
        if name in (LISTS, META):
            ws.sheet_state = "hidden"
    printing = PrintLayout(paper)
    notes = TableSheet(
        sheets[INSTRUCTIONS], (wrapped("Instructions", 110),), guard, printing=printing
    )
    for line in instructions(detail, q, made_at, made_by):
        notes.append([line])
    width = max(len(question.choices) + 1 for _, question in q.questions())
    lists = _Lists(sheets[LISTS], guard, width)
    unlocked = frozenset(column - 1 for column in INPUT_COLUMNS)
    columns = question_columns(q)
    table = TableSheet(sheets[QUESTIONS], columns, guard, unlocked=unlocked, printing=printing)
    meta = TableSheet(sheets[META], META_COLUMNS, guard)
    a = detail.assessment
    for key, value in (
        ("format", FORMAT),
        ("format version", FORMAT_VERSION),
        ("questionnaire", a.questionnaire_id),
        ("version", a.questionnaire_version),
        ("sha256", a.questionnaire_sha256),
        ("assessment", a.id),
        ("vendor", a.vendor_name),
        ("made at", made_at.isoformat()),
    ):
        meta.append([key, value])
    validations: dict[tuple[Any, ...], DataValidation] = {}
    for section, question in q.questions():
        answer = detail.answers.get(question.id)
        row = table.append(
            [
                section.title,
                question.id,
                question.text,
                _prefill(question, answer),
                "",
                "",
                allowed_text(q, question),
                question.help or "",
                "; ".join(question.refs),
            ]
        )
        _validation(validations, lists, question).add(f"{column_letter(ANSWER_COLUMN)}{row}")
        version = answer.version if answer else 0
        at = answer.answered_at.isoformat() if answer else ""
        meta.append(["question", question.id, row, version, at])
    for dv in validations.values():
        sheets[QUESTIONS].data_validations.append(dv)
    for table_sheet in (notes, table, meta, lists.table):
        table_sheet.close()  # ends each sheet's stream: everything above is set before
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def question_columns(q: Questionnaire) -> tuple[Column, ...]:
    """The Questions sheet's columns, the ID column as wide as the longest id (ids are
    what a vendor quotes back; a clipped one cannot be read)."""
    longest = max((len(question.id) for _, question in q.questions()), default=0)
    width = max(QUESTION_COLUMNS[ID_COLUMN - 1].width, longest + ID_PADDING)
    columns = list(QUESTION_COLUMNS)
    columns[ID_COLUMN - 1] = text("ID", width)
    return tuple(columns)


def _prefill(question: Question, answer: dto.Answer | None) -> Any:
    """The answer as the vendor sees it: labels, a date cell, a number cell, text."""
    if answer is None or answer.value is None:
        return ""
    value = answer.value
    if value == NA or question.type.scored:
        return answer_label(question, value)
    if question.type is QuestionType.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, int | float | str):
        return value
    return str(value)


class _Lists:
    """The hidden sheet of drop-down labels: one row per distinct list of labels."""

    def __init__(self, ws: Any, guard: TextGuard, width: int) -> None:
        self.ranges: dict[tuple[str, ...], str] = {}
        labels = [text(f"Label {i}", 24) for i in range(1, width + 1)]
        self.table = TableSheet(ws, [text("List", 8), *labels], guard)

    def range_of(self, labels: tuple[str, ...]) -> str:
        found = self.ranges.get(labels)
        if found is None:
            row = self.table.append([f"L{len(self.ranges) + 1}", *labels])
            last = column_letter(1 + len(labels))
            found = self.ranges[labels] = f"{LISTS}!$B${row}:${last}${row}"
        return found


def _validation(
    found: dict[tuple[Any, ...], DataValidation], lists: _Lists, question: Question
) -> DataValidation:
    na = question.na_allowed
    labels = tuple(o.label for o in question.choices) + (("N/A",) if na else ())
    key: tuple[Any, ...] = (question.type.value, labels if question.type.scored else na)
    dv = found.get(key)
    if dv is not None:
        return dv
    or_na = " or N/A" if na else ""
    style = "warning" if na else "stop"
    match question.type:
        case QuestionType.YES_NO | QuestionType.CHOICE:
            dv = DataValidation(type="list", formula1=lists.range_of(labels), errorStyle="stop")
            dv.error, dv.prompt = "Pick one of the answers in the list.", "Pick from the list."
        case QuestionType.MULTI:
            dv = DataValidation(type="list", formula1=lists.range_of(labels))
            dv.prompt = "Pick one, or type several labels separated by ';'."
        case QuestionType.DATE:
            dv = DataValidation(type="date", operator="between", formula1="1", formula2="2958465")
            dv.errorStyle, dv.error = style, f"Type a date (YYYY-MM-DD){or_na}."
            dv.prompt = f"A date (YYYY-MM-DD){or_na}."
        case QuestionType.NUMBER:
            dv = DataValidation(type="decimal", operator="between")
            dv.formula1, dv.formula2 = "-1000000000000000", "1000000000000000"
            dv.errorStyle, dv.error, dv.prompt = (
                style,
                f"Type a number{or_na}.",
                f"A number{or_na}.",
            )
        case _:
            dv = DataValidation(type="textLength", operator="lessThanOrEqual", formula1="10000")
            dv.errorStyle, dv.error = "stop", "At most 10,000 characters."
            dv.prompt = f"Free text{or_na}."
    dv.allow_blank = True
    dv.showInputMessage = True
    dv.showErrorMessage = question.type is not QuestionType.MULTI  # several are typed
    dv.errorTitle, dv.promptTitle = "Not an answer to this question", "Answer"
    found[key] = dv
    return dv
