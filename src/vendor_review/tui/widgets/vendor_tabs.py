"""What the vendor screen shows besides the form: its summary line and the tables of its
assurance reports, subprocessors, assessments and findings (outside text always literal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

from vendor_review.domain.wording import counted
from vendor_review.tui.text import plain
from vendor_review.tui.tone import Tone, due_style, tone
from vendor_review.tui.widgets.report_tables import fill_reports as fill_report_rows
from vendor_review.tui.widgets.vendor_cells import rating_text, score

if TYPE_CHECKING:
    from textual.app import App

    from vendor_review.service import dto
    from vendor_review.service.vendor_list import VendorRow

DECIDED = ("approved", "rejected")
SEVERITY_TONE: dict[str, Tone] = {"critical": "error", "high": "error", "medium": "warning"}


@dataclass(frozen=True)
class VendorBundle:
    """Everything the vendor screen shows, read in one worker."""

    vendor: dto.Vendor
    subprocessors: list[VendorRow]
    assessments: list[dto.Assessment]
    findings: list[dto.Finding]
    today: date
    reports: list[dto.Report] = field(default_factory=list)
    """Its assurance reports (SOC reports, ISO certificates …), newest first."""

    @property
    def latest_decided(self) -> dto.Assessment | None:
        decided = [a for a in self.assessments if a.status.value in DECIDED and a.decided_at]
        return max(decided, key=lambda a: (a.decided_at, a.id), default=None)

    @property
    def next_review_due(self) -> date | None:
        latest = self.latest_decided
        if latest is None or self.vendor.status.value in ("rejected", "offboarded"):
            return None
        return latest.next_review_due


def day(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def summary(app: App[object], b: VendorBundle) -> Text:
    """Two lines: who the vendor is; where its review stands."""
    v, latest = b.vendor, b.latest_decided
    text = Text.assemble(plain(v.name, "bold"), f"  {v.kind.value} · {v.status.value}")
    if v.parents:
        text.append(" · subprocessor of ")
        text.append_text(plain(", ".join(v.parents)))
    if v.data_access is None or v.criticality is None:
        text.append(" · needs triage (t)", style=tone(app, "warning"))
    else:
        text.append(f" · {v.data_access.value} data, {v.criticality.value} criticality")
    text.append("\nRating ")
    if latest is not None and latest.rating:
        text.append_text(rating_text(app, latest.rating))
        if latest.control_score is not None:
            text.append(f" (score {latest.control_score:.1f})")
        text.append(f", {latest.status.value} {day(latest.decided_at)}")
    else:
        text.append("not rated yet", style="dim")
    text.append(" · next review ")
    due = b.next_review_due
    if due is None:
        text.append("–", style="dim")
    else:
        days = (due - b.today).days
        when = f"overdue by {counted(-days, 'day')}" if days < 0 else f"in {counted(days, 'day')}"
        text.append(f"{due.isoformat()} ({when})", style=due_style(app, due, b.today))
    opened = sum(1 for f in b.findings if f.status.value == "open")
    text.append(f" · {opened} open finding{'' if opened == 1 else 's'}")
    return text


def fill_reports(table: DataTable[Text], b: VendorBundle) -> None:
    fill_report_rows(table, b.reports, b.today)


def fill_subprocessors(table: DataTable[Text], b: VendorBundle) -> None:
    table.clear(columns=True)
    table.add_columns("Name", "Kind", "Status", "Rating", "Next review", "Subprocessors")
    for row in b.subprocessors:
        table.add_row(
            plain(row.name),
            plain(row.kind.value),
            plain(row.status.value),
            rating_text(table.app, row.rating),
            plain(row.next_review_due, due_style(table.app, row.next_review_due, b.today)),
            plain(row.subprocessors or ""),
            key=str(row.id),
        )


def fill_assessments(table: DataTable[Text], b: VendorBundle) -> None:
    table.clear(columns=True)
    table.add_columns(
        "#",
        "Questionnaire",
        "Status",
        "Answered",
        "Score",
        "Rating",
        "Submitted",
        "Decided",
        "Next review",
    )
    for a in sorted(b.assessments, key=lambda a: a.id, reverse=True):
        table.add_row(
            plain(a.id),
            plain(f"{a.questionnaire_title} (v{a.questionnaire_version})"),
            plain(a.status.value, "bold" if a.status.value in ("draft", "submitted") else ""),
            plain(f"{a.answered}/{a.shown}"),
            score(a.control_score),
            rating_text(table.app, a.rating),
            plain(day(a.submitted_at)),
            plain(day(a.decided_at)),
            plain(day(a.next_review_due)),
            key=str(a.id),
        )


def fill_findings(table: DataTable[Text], b: VendorBundle) -> None:
    table.clear(columns=True)
    table.add_columns("#", "Severity", "Status", "Due", "Finding")
    for f in b.findings:
        name = SEVERITY_TONE.get(f.severity.value)
        is_open = f.status.value == "open"
        table.add_row(
            plain(f.id),
            plain(f.severity.value, tone(table.app, name) if name and is_open else ""),
            plain(f.status.value, "" if is_open else "dim"),
            plain(day(f.due_on), due_style(table.app, f.due_on, b.today) if is_open else "dim"),
            plain(" ".join(f.text.split())[:90]),
            key=str(f.id),
        )
