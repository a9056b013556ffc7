"""The tables of the portfolio workbook (DESIGN §7): their columns and each row's cells."""

from __future__ import annotations

from datetime import date
from typing import Any

from vendor_review.domain.enums import Rating
from vendor_review.domain.policy import Policy
from vendor_review.exchange.outbound.writer import Column, Kind
from vendor_review.service.dto import DueItem
from vendor_review.service.reporting.rows import (
    AnswerLine,
    FindingLine,
    SummaryLine,
)

T, W = Kind.TEXT, Kind.WRAP

SUMMARY = (
    Column("Vendor", 30),
    Column("Vendor status", 11),
    Column("Inherent risk", 10, coloured=True),
    Column("Score", 7, Kind.SCORE),
    Column("Band", 10, coloured=True),
    Column("Rating", 10, coloured=True),
    Column("Critical failures", 9, Kind.INT),
    Column("Open findings", 9, Kind.INT),
    Column("Next review due", 11, Kind.DATE),
    Column("Days to due", 8, Kind.INT, overdue=True),
    Column("Assessment", 11, Kind.INT),
    Column("Assessment status", 11),
    Column("Decided on", 11, Kind.DATE),
    Column("Questionnaire", 24),
    Column("Parents", 22, W),
    Column("Kind", 14),
    Column("Regions", 18, W),
    Column("Data access", 13),
    Column("Criticality", 11),
    Column("In progress", 20, W),
    Column("Answers", 9, Kind.INT),
    Column("Findings", 9, Kind.INT),
    Column("Assurance reports", 10, Kind.INT),
)
SUMMARY_PRINTED = 10
"""The Summary's key columns, first: what prints (landscape, fitted to the width)."""
SUMMARY_LINKS = {"Answers": 20, "Findings": 21, "Assurance": 22}
"""Sheet → the Summary column holding the vendor's row count there, linked to the rows."""

ANSWERS = (
    Column("Vendor", 20, W),
    Column("Assessment", 10, Kind.INT),
    Column("Question ID", 18, W),
    Column("Question", 38, W),
    Column("Answer", 22, W),
    Column("Comment", 26, W),
    Column("Score", 7, Kind.PERCENT),
    Column("Weight", 7, Kind.NUMBER),
    Column("Critical", 8),
    Column("Evidence", 24, W),
    Column("Assessment status", 11),
    Column("Questionnaire", 22),
    Column("Section", 22, W),
    Column("Refs", 28, W),
    Column("Answered by", 14),
    Column("Answered at (UTC)", 16, Kind.DATETIME),
)
ANSWERS_PRINTED = 6
"""The Answers columns a reader needs, first: what prints (wrapped, fitted to the width,
rows flowing over the pages)."""

FINDINGS = (
    Column("Vendor", 28),
    Column("Finding", 9, Kind.INT),
    Column("Assessment", 11, Kind.INT),
    Column("Question ID", 18),
    Column("Severity", 10, coloured=True),
    Column("Status", 13),
    Column("Finding text", 50, W),
    Column("Remediation", 40, W),
    Column("Owner", 16),
    Column("Due on", 11, Kind.DATE),
    Column("Days to due", 8, Kind.INT, overdue=True),
    Column("Opened on", 11, Kind.DATE),
    Column("Resolved by", 14),
    Column("Resolved on", 11, Kind.DATE),
    Column("Resolution note", 40, W),
)

SCHEDULE = (
    Column("Due on", 11, Kind.DATE),
    Column("Days", 7, Kind.INT, overdue=True),
    Column("Overdue", 8),
    Column("What", 15),
    Column("Vendor", 28),
    Column("Level", 14, coloured=True),
    Column("Reason", 44, W),
    Column("Ref", 8, Kind.INT),
)

ABOUT = (Column("Item", 34, coloured=True), Column("Value", 100, W))


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
