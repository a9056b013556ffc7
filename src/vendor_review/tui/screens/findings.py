"""Findings tracked to closure: filter by severity, status and vendor; remediate or accept
the risk, each with a note saying why. Overdue due dates show in the theme's error colour,
those due within 30 days in its warning colour."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual.binding import Binding

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.service import dto
from vendor_review.service.errors import ServiceError
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.cells import clipped
from vendor_review.tui.keys import reload_key
from vendor_review.tui.screens.lists import Column, ListScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import due_style, tone
from vendor_review.tui.widgets.note_modal import NoteModal

if TYPE_CHECKING:
    from vendor_review.service import Service

SEVERITIES: list[str | None] = [None, *(s.value for s in Severity)]
STATUSES: list[str | None] = ["open", "remediated", "risk_accepted", None]


def _cycle(options: list[str | None], current: str | None) -> str | None:
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]


@dataclass(frozen=True)
class Filters:
    """Which findings are shown: of one vendor or all, of one severity or every, in one
    status or all (``None``)."""

    vendor_id: int | None = None
    severity: str | None = None
    status: str | None = "open"


class FindingsScreen(ListScreen[dto.Finding]):
    TITLE = "Findings"
    SUB_TITLE = "tracked to closure"
    BINDINGS = [
        Binding("s", "cycle_severity", "Severity", id="findings.severity"),
        Binding("t", "cycle_status", "Status", id="findings.status"),
        Binding("c", "clear_vendor", "All vendors", id="findings.all_vendors"),
        Binding("m", "close('remediated')", "Remediated", id="findings.remediate"),
        # Not a: that key is Approvals on every screen.
        Binding("R", "close('risk_accepted')", "Accept risk", id="findings.accept"),
        Binding("enter", "open", "Open its assessment or report", id="findings.open"),
        reload_key(),
    ]
    COLUMNS = (
        Column("#", "id"),
        Column("Severity", "severity"),
        Column("Vendor", "vendor", 26),
        Column("Question", "question", 26),
        Column("Finding", "text", 44),
        Column("Due", "due"),
        Column("Status", "status"),
    )

    def __init__(self, filters: Filters | None = None) -> None:
        super().__init__()
        self.vendor_id, self.severity, self.status = astuple(filters or Filters())

    @property
    def nav_key(self) -> tuple[object, ...]:
        return ("findings", self.vendor_id, self.severity, self.status)

    def show_filter(self, filters: Filters) -> None:
        """Show these findings (the app's one Findings screen, opened from elsewhere)."""
        if filters == Filters(self.vendor_id, self.severity, self.status):
            return
        self.vendor_id, self.severity, self.status = astuple(filters)
        self.vendor_name = None
        if self.is_mounted:
            self.load()

    def fetch(self, service: Service) -> list[dto.Finding]:
        return service.list_findings(
            status=FindingStatus(self.status) if self.status else None,
            severity=Severity(self.severity) if self.severity else None,
            vendor=self.vendor_id,
        )

    def cells(self, row: dto.Finding) -> tuple[Text, ...]:
        f, app = row, self.app
        colours = {
            "critical": f"bold {tone(app, 'error')}",
            "high": tone(app, "error"),
            "medium": tone(app, "warning"),
        }
        assert self.today is not None
        due = due_style(app, f.due_on, self.today) if f.status is FindingStatus.OPEN else "dim"
        return (
            plain(f.id),
            plain(f.severity.value, colours.get(f.severity.value, "")),
            clipped(f.vendor_name, 26),
            clipped(self.question_label(f), 26),
            clipped(f.text, 44),
            plain(f.due_on.isoformat() if f.due_on else None, due),
            plain(f.state or f.status.value.replace("_", " ")),
        )

    def close_finding(self, finding_id: int, status: str, note: str) -> None:
        service = self.vr_app.service

        def close() -> dto.Finding:
            if status == FindingStatus.REMEDIATED.value:
                return service.remediate_finding(finding_id, note)
            if status == "approve_acceptance":
                return service.approve_acceptance(finding_id, note)
            # high and critical: a request a second person approves with the same key
            return service.accept_finding(finding_id, note)

        in_thread(self, or_error(close), self._finding_closed, "findings-close")

    def _finding_closed(self, done: dto.Finding | ServiceError) -> None:
        if isinstance(done, ServiceError):
            self.notify(shown(done), title="Not closed", severity="error", markup=False)
        else:
            label = done.state or done.status.value.replace("_", " ")
            self.notify(f"Finding #{done.id}: {shown(label)}", title="Finding saved", markup=False)
        self.load()

    def question_label(self, f: dto.Finding) -> str:
        """The question a finding is about, as the reviewer reads it: a question id, the
        assurance report whose review opened it, or "raised by hand"."""
        if f.question_id:
            return f.question_id
        return f"report #{f.report_id}" if f.report_id is not None else "raised by hand"

    def head(self) -> Text:
        vendor = "all vendors"
        if self.vendor_id is not None:
            vendor = self.vendor_name or f"vendor #{self.vendor_id}"
        text = Text("Showing ")
        text.append(f"{self.status.replace('_', ' ') if self.status else 'all'}", style="bold")
        text.append(" findings of ")
        text.append(self.severity or "every", style="bold")
        text.append(" severity for ")
        text.append(shown(vendor), style="bold")
        text.append(f" ({len(self.rows)})  ·  s severity · t status", style="")
        if self.vendor_id is not None:
            text.append(" · c all vendors")
        return text

    def detail(self, f: dto.Finding | None) -> RenderableType:
        if f is None:
            return "No findings match." if self.today else "Loading…"
        text = Text()
        source = (
            f"assessment #{f.assessment_id} · {shown(f.question_id or 'raised by hand')}"
            if f.assessment_id is not None
            else shown(self.question_label(f))
        )
        text.append(f"#{f.id} {f.severity.value} · {shown(f.vendor_name)} · {source}\n")
        text.append(shown(f.text, multiline=True) + "\n")
        if f.remediation:
            text.append("Remediation: ", style="bold")
            text.append(shown(f.remediation, multiline=True) + "\n")
        if f.owner:
            text.append(f"Owner: {shown(f.owner)}\n")
        if f.status is not FindingStatus.OPEN and f.resolved_at is not None:
            text.append(
                f"{f.status.value.replace('_', ' ').capitalize()} by {shown(f.resolved_by)} "
                f"on {f.resolved_at.date().isoformat()}: ",
                style="bold",
            )
            text.append(shown(f.resolution_note, multiline=True))
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close":
            f = self.selected()
            return f is not None and f.status is FindingStatus.OPEN
        return super().check_action(action, parameters)

    def action_cycle_severity(self) -> None:
        self.severity = _cycle(SEVERITIES, self.severity)
        self.load()

    def action_cycle_status(self) -> None:
        self.status = _cycle(STATUSES, self.status)
        self.load()

    def action_close(self, status: str) -> None:
        f = self.selected()
        if f is None or not (f.status is FindingStatus.OPEN or f.state.startswith("open")):
            return
        if status == FindingStatus.REMEDIATED.value:
            title, prompt = "Mark remediated", "What was fixed, and how do you know?"
        elif f.acceptance_requested_by not in (None, self.vr_app.service.actor):
            status = "approve_acceptance"
            title = "Approve the risk acceptance"
            prompt = (
                f"{f.acceptance_requested_by} asks to accept this risk until "
                f"{f.acceptance_expires_on}. Why do you agree?"
            )
        else:
            title, prompt = "Accept the risk", "Why is this risk acceptable, and who decided?"
            if f.severity.value in ("high", "critical"):
                prompt += " (A second person approves it.)"
        finding_id = f.id

        def done(note: str | None) -> None:
            if note:
                self.close_finding(finding_id, status, note)

        modal = NoteModal(f"{title}: finding #{f.id}", f"{f.text}\n\n{prompt}", required=True)
        self.app.push_screen(modal, done)

    def action_open(self) -> None:
        f = self.selected()
        if f is not None and f.assessment_id is not None:
            self.vr_app.open_assessment(f.assessment_id)
        elif f is not None and f.report_id is not None:
            self.vr_app.open_report(f.report_id)
