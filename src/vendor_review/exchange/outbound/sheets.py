"""The tables of the portfolio workbook (DESIGN §7): their columns and each row's cells."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendor_review.domain.enums import Rating
from vendor_review.domain.policy import Policy
from vendor_review.exchange.outbound.columns import (
    count,
    day,
    days_left,
    level,
    moment,
    number,
    percent,
    score,
    text,
    wrapped,
)
from vendor_review.service.dto import DueItem
from vendor_review.service.reporting.rows import (
    AnswerLine,
    FindingLine,
    SummaryLine,
)

SUMMARY = (
    text("Vendor", 30),
    text("Vendor status", 11),
    level("Inherent risk", 10),
    score("Score", 7),
    level("Band", 10),
    level("Rating", 10),
    count("Critical failures"),
    count("Open findings"),
    day("Next review due"),
    days_left("Days to due", 8),
    count("Assessment", 11),
    text("Assessment status", 11),
    day("Decided on"),
    text("Questionnaire", 24),
    wrapped("Parents", 22),
    text("Kind", 14),
    wrapped("Regions", 18),
    text("Data access", 13),
    text("Criticality", 11),
    wrapped("In progress", 20),
    count("Answers"),
    count("Findings"),
    count("Assurance reports", 10),
)
SUMMARY_PRINTED = 10
"""The Summary's key columns, first: what prints (landscape, fitted to the width)."""
SUMMARY_LINKS = {"Answers": 20, "Findings": 21, "Assurance": 22}
"""Sheet → the Summary column holding the vendor's row count there, linked to the rows."""

ANSWERS = (
    wrapped("Vendor", 20),
    count("Assessment", 10),
    wrapped("Question ID", 18),
    wrapped("Question", 38),
    wrapped("Answer", 22),
    wrapped("Comment", 26),
    percent("Score", 7),
    number("Weight", 7),
    text("Critical", 8),
    wrapped("Evidence", 24),
    text("Assessment status", 11),
    text("Questionnaire", 22),
    wrapped("Section", 22),
    wrapped("Refs", 28),
    text("Answered by", 14),
    moment("Answered at (UTC)"),
)
ANSWERS_PRINTED = 6
"""The Answers columns a reader needs, first: what prints (wrapped, fitted to the width,
rows flowing over the pages)."""

FINDINGS = (
    text("Vendor", 28),
    count("Finding"),
    count("Assessment", 11),
    text("Question ID", 18),
    level("Severity", 10),
    text("Status", 13),
    wrapped("Finding text", 50),
    wrapped("Remediation", 40),
    text("Owner", 16),
    day("Due on"),
    days_left("Days to due", 8),
    day("Opened on"),
    text("Resolved by", 14),
    day("Resolved on"),
    wrapped("Resolution note", 40),
)

SCHEDULE = (
    day("Due on"),
    days_left("Days", 7),
    text("Overdue", 8),
    text("What", 15),
    text("Vendor", 28),
    level("Level", 14),
    wrapped("Reason", 44),
    count("Ref", 8),
)

ABOUT = (level("Item", 34), wrapped("Value", 100))


def _days(day: date | None, as_of: date) -> int | None:
    return None if day is None else (day - as_of).days


def summary_row(line: SummaryLine, as_of: date, counts: dict[str, int]) -> list[Any]:
    return [
        line.vendor,
        line.status,
        line.inherent_risk,
        line.score,
        line.band,
        line.rating,
        line.critical_failures,
        line.open_findings,
        line.next_review_due,
        _days(line.next_review_due, as_of),
        line.assessment_id,
        line.assessment_status,
        line.decided_on,
        line.questionnaire,
        line.parent,
        line.kind,
        line.regions or None,
        line.data_access,
        line.criticality,
        line.in_progress,
        counts.get("Answers", 0),
        counts.get("Findings", 0),
        counts.get("Assurance", 0),
    ]


def answer_row(line: AnswerLine) -> list[Any]:
    return [
        line.vendor,
        line.assessment_id,
        line.question_id,
        line.question,
        line.answer if line.answer != "" else None,
        line.comment,
        line.score,
        line.weight,
        "critical" if line.critical else None,
        line.evidence,
        line.assessment_status,
        line.questionnaire,
        line.section or None,
        line.refs,
        line.answered_by,
        line.answered_at,
    ]


def finding_row(line: FindingLine, as_of: date) -> list[Any]:
    still_open = line.status == "open"
    return [
        line.vendor,
        line.finding_id,
        line.assessment_id,
        line.question_id,
        line.severity,
        line.status.replace("_", " "),
        line.text,
        line.remediation,
        line.owner,
        line.due_on,
        _days(line.due_on, as_of) if still_open else None,
        line.opened_at.date(),
        line.resolved_by,
        line.resolved_at.date() if line.resolved_at else None,
        line.resolution_note,
    ]


def schedule_row(item: DueItem) -> list[Any]:
    return [
        item.due_on,
        item.days,
        "overdue" if item.overdue else None,
        item.kind.replace("_", " "),
        item.vendor_name,
        item.level,
        item.reason,
        item.ref_id,
    ]


def legend_rows(policy: Policy) -> list[list[Any]]:
    """The colours explained, in the About table (coloured by the same rules)."""
    months = policy.review_interval_months
    bands = policy.bands
    rows: list[list[Any]] = [
        [r.value, f"Rating {r.value}: re-review {months[r]} months after approval"]
        for r in (Rating.CRITICAL, Rating.HIGH, Rating.MEDIUM, Rating.LOW)
    ]
    rows[0][1] += "; severity of a finding from a failed critical question"
    rows.append(["poor", f"Control band: score below {bands.weak:g} (or no score)"])
    rows.append(["weak", f"Control band: score {bands.weak:g} to below {bands.adequate:g}"])
    rows.append(["adequate", f"Control band: score {bands.adequate:g} to below {bands.strong:g}"])
    rows.append(["strong", f"Control band: score {bands.strong:g} or more"])
    rows.append(
        [
            "Days to due, Days",
            "Negative (bold red): that many days overdue on the as-of date",
        ]
    )
    return rows
