"""The words of the vendor questionnaire workbook: its instructions sheet and the
"Allowed answers" column. Plain strings, no openpyxl."""

from __future__ import annotations

from datetime import datetime

from vendor_review.domain.enums import EvidenceRule, QuestionType
from vendor_review.domain.questionnaire import Question, Questionnaire, ShowIf, describe_condition
from vendor_review.service import dto

BULLET = "• "


def allowed_text(q: Questionnaire, question: Question) -> str:
    """What the answer cell takes, whether it is required, and when it is asked."""
    na = question.na_allowed
    labels = [o.label for o in question.choices] + (["N/A"] if na else [])
    match question.type:
        case QuestionType.YES_NO | QuestionType.CHOICE:
            lines = ["Pick one:", *(BULLET + label for label in labels)]
        case QuestionType.MULTI:
            lines = ["One or more, separated by ';':", *(BULLET + label for label in labels)]
        case QuestionType.DATE:
            lines = ["A date (YYYY-MM-DD)" + (", or N/A" if na else "")]
        case QuestionType.NUMBER:
            lines = ["A number" + (", or N/A" if na else "")]
        case _:
            lines = ["Text" + (", or N/A" if na else "")]
    if question.is_required:
        lines.append("Required.")
    if question.evidence is EvidenceRule.REQUIRED:
        lines.append("Evidence required: name the document in 'Evidence reference'.")
    elif question.evidence is EvidenceRule.OPTIONAL:
        lines.append("Evidence welcome.")
    if question.type is QuestionType.MULTI and any(o.exclusive for o in question.choices):
        alone = [o.label for o in question.choices if o.exclusive]
        lines.append(f"'{' / '.join(alone)}' cannot be combined with other answers.")
    if (
        na
        and question.counts
        and question.is_required
        and question.na_requires_comment is not False
    ):
        lines.append("N/A only with a reason in the comment.")
    section = q.section_of(question.id)
    if section is not None and section.show_if is not None:
        lines.append(f"Answer only if {describe_condition(section.show_if)}.")
    rule = question.show_if
    if isinstance(rule, ShowIf):
        parent = q.question(rule.question)
        words = [_label(parent, value) for value in rule.in_]
        lines.append(f"Answer only if {rule.question} is: {' / '.join(words)}.")
    elif rule is not None:
        lines.append(f"Answer only if {describe_condition(rule)}.")
    return "\n".join(lines)


def _label(question: Question | None, value: str) -> str:
    option = question.option(value) if question is not None else None
    return option.label if option is not None else "N/A"


def instructions(
    detail: dto.AssessmentDetail, q: Questionnaire, made_at: datetime, made_by: str
) -> list[str]:
    a = detail.assessment
    count = sum(1 for _ in q.questions())
    return [
        f"{q.title} — security questionnaire for {a.vendor_name}",
        f"Questionnaire {q.id}, version {q.version}: {count} questions. Sent by {made_by} on "
        f"{made_at:%Y-%m-%d} for assessment #{a.id}.",
        "How to answer",
        "Answer on the 'Questions' sheet, one row per question, in column D (Answer). "
        "Only the Answer, Comment and Evidence reference columns can be changed.",
        "Where the Answer cell has a drop-down, pick one of its answers. 'N/A' (not "
        "applicable) is offered only where it is allowed.",
        "Where more than one answer may apply (see 'Allowed answers'), type the answers "
        "separated by a semicolon, for example:  Answer one; Answer two",
        "Type dates as dates (YYYY-MM-DD, or pick a date) and numbers as numbers.",
        "Answers already filled in are what we have on record: please confirm or correct "
        "them. Leave a question empty if you do not know the answer.",
        "Use 'Comment' to explain an answer, and 'Evidence reference' to name the "
        "document that shows it (for example 'SOC 2 Type II report 2025, section 4'). "
        "Send the documents themselves separately.",
        "Some questions apply only when an earlier answer is a given one ('Answer only "
        "if …'); answers to questions that do not apply are not recorded.",
        "Please do not",
        "Type formulas: an answer that is a formula is not read.",
        "Add, delete, move or sort rows, or rename or delete sheets: answers are matched "
        "to questions by the ID in column B.",
        "Save the file in another format: return it as an Excel workbook (.xlsx), without "
        "macros and without a password. The sheets are protected against accidental "
        "changes only (no password).",
        "Thank you.",
    ]
