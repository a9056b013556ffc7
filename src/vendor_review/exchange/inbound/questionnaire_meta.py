"""The hidden Meta sheet of a returned questionnaire workbook, read and checked.

It says which questionnaire (id, version, SHA-256 of its file) and which assessment the
workbook was made for, and per question the row it was sent on and the version (and
time) of its answer then. A workbook for another questionnaire, version or assessment,
or whose Meta sheet was changed, is refused with the cell that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.exchange.inbound.tables import Book, CellValue, Problem, Sheet, shown
from vendor_review.exchange.outbound.questionnaire import FORMAT, FORMAT_VERSION, META
from vendor_review.service import dto

KEYS = ("format", "format version", "questionnaire", "version", "sha256", "assessment")
INFORMATIVE = ("vendor", "made at")


@dataclass(frozen=True)
class SentQuestion:
    question_id: str
    row: int
    version: int
    answered_at: str


def _int(value: CellValue) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def read_meta(
    detail: dto.AssessmentDetail, q: Questionnaire, book: Book, problems: list[Problem]
) -> dict[str, SentQuestion] | None:
    """The questions as sent (id → row, answer version), or None with a fatal problem."""
    sheet = book.sheets.get(META)
    if sheet is None:
        problems.append(
            Problem(
                book.name,
                f"has no hidden {META!r} sheet: not a questionnaire workbook made by "
                "vendor-review, or the sheet was deleted",
            )
        )
        return None
    fields: dict[str, tuple[CellValue, int]] = {}
    sent = _entries(sheet, fields, problems)
    if not _belongs(detail, sheet, fields, problems):
        return None
    expected = [question.id for _, question in q.questions()]
    if sorted(sent) != sorted(expected):
        missing = [qid for qid in expected if qid not in sent]
        unknown = [qid for qid in sent if qid not in expected]
        problems.append(
            Problem(
                META,
                f"the question list does not match {q.id} version {q.version} "
                f"(missing: {', '.join(missing) or 'none'}; unknown: "
                f"{', '.join(shown(u) for u in unknown) or 'none'})",
            )
        )
        return None
    return sent


def _entries(
    sheet: Sheet, fields: dict[str, tuple[CellValue, int]], problems: list[Problem]
) -> dict[str, SentQuestion]:
    sent: dict[str, SentQuestion] = {}
    for row in range(2, len(sheet.rows) + 1):
        key = sheet.cell(row, 1)
        if all(value is None for value in sheet.rows[row - 1]):
            continue
        if key == "question":
            qid, at = sheet.cell(row, 2), sheet.cell(row, 5)
            sent_row, version = _int(sheet.cell(row, 3)), _int(sheet.cell(row, 4))
            if (
                not isinstance(qid, str)
                or sent_row is None
                or version is None
                or not (at is None or isinstance(at, str))
            ):
                problems.append(Problem(sheet.where(row, 1), "a damaged question entry"))
            elif qid in sent:
                problems.append(Problem(sheet.where(row, 2), f"question {shown(qid)} twice"))
            else:
                sent[qid] = SentQuestion(qid, sent_row, version, at or "")
        elif isinstance(key, str) and key in (*KEYS, *INFORMATIVE) and key not in fields:
            fields[key] = (sheet.cell(row, 2), row)
        else:
            problems.append(
                Problem(sheet.where(row, 1), f"{shown(key)} is not an entry of this workbook")
            )
    return sent


def _belongs(
    detail: dto.AssessmentDetail,
    sheet: Sheet,
    fields: dict[str, tuple[CellValue, int]],
    problems: list[Problem],
) -> bool:
    missing = [key for key in KEYS if key not in fields]
    if missing:
        problems.append(Problem(META, f"entries missing: {', '.join(missing)}"))
        return False

    def at(key: str) -> str:
        return sheet.where(fields[key][1], 2)

    def value(key: str) -> CellValue:
        return fields[key][0]

    if value("format") != FORMAT or _int(value("format version")) != FORMAT_VERSION:
        problems.append(
            Problem(at("format"), "not a vendor-review questionnaire workbook of a known format")
        )
        return False
    a = detail.assessment
    ok = True
    made_for = (value("questionnaire"), _int(value("version")))
    if made_for != (a.questionnaire_id, a.questionnaire_version):
        problems.append(
            Problem(
                at("questionnaire"),
                f"this workbook is for questionnaire {shown(made_for[0])} version "
                f"{made_for[1]}, and assessment #{a.id} uses {a.questionnaire_id!r} version "
                f"{a.questionnaire_version}",
            )
        )
        ok = False
    elif value("sha256") != a.questionnaire_sha256:
        problems.append(
            Problem(
                at("sha256"),
                f"made from another {a.questionnaire_id} version {a.questionnaire_version} file "
                f"(SHA-256 {shown(value('sha256'), 16)}, the assessment's is "
                f"{a.questionnaire_sha256[:12]}…): the questionnaire changed without a new "
                "version",
            )
        )
        ok = False
    if _int(value("assessment")) != a.id:
        problems.append(
            Problem(
                at("assessment"),
                f"this workbook was made for assessment #{shown(value('assessment'))}, not #{a.id}",
            )
        )
        ok = False
    return ok
