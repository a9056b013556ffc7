"""Findings tracked to closure: filter by severity, status and vendor; remediate or accept
the risk, each with a note saying why. Overdue due dates show in the theme's error colour,
those due within 30 days in its warning colour."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from vendor_review.domain.enums import FindingStatus, Severity
from vendor_review.service import dto
from vendor_review.service.errors import ServiceError
from vendor_review.tui.cells import clipped, cursor_id
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.tone import due_style, tone
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.note_modal import NoteModal

SEVERITIES: list[str | None] = [None, *(s.value for s in Severity)]
STATUSES: list[str | None] = ["open", "remediated", "risk_accepted", None]


def _cycle(options: list[str | None], current: str | None) -> str | None:
    index = options.index(current) if current in options else -1
    return options[(index + 1) % len(options)]


class FindingsScreen(AppScreen[None]):
    CSS_PATH = "lists.tcss"
    BINDINGS = [
        Binding("s", "cycle_severity", "Severity", id="findings.severity"),
        Binding("t", "cycle_status", "Status", id="findings.status"),
        Binding("c", "clear_vendor", "All vendors", id="findings.all_vendors"),
        Binding("m", "close('remediated')", "Remediated", id="findings.remediate"),
        # Not a: that key is Approvals on every screen.
        Binding("R", "close('risk_accepted')", "Accept risk", id="findings.accept"),
        Binding("enter", "open", "Open its assessment or report", id="findings.open"),
        Binding("r", "reload", "Reload", id="findings.reload"),
    ]

    class Loaded(Message):
        def __init__(
            self, rows: list[dto.Finding], vendor: str | None, today: date, asked: int
        ) -> None:
            super().__init__()
            self.rows = rows
            self.vendor = vendor
            self.today = today
            self.asked = asked

    class Closed(Message):
        def __init__(self, finding: dto.Finding | None, error: ServiceError | None) -> None:
            super().__init__()
            self.finding = finding
            self.error = error

    def __init__(
        self,
        vendor_id: int | None = None,
        severity: str | None = None,
        status: str | None = "open",
    ) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.vendor_name: str | None = None
        self.severity = severity
        self.status = status
        self.rows: dict[int, dto.Finding] = {}
        self.today: date | None = None
        self.asked = 0

    @property
    def nav_key(self) -> tuple[object, ...]:
        return ("findings", self.vendor_id, self.severity, self.status)

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="filters")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = "Findings"
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.load())
        self.sub_title = "tracked to closure"
        table = self.query_one(DataTable)
        table.add_column("#", key="id")
        table.add_column("Severity", key="severity")
        table.add_column("Vendor", key="vendor", width=26)
        table.add_column("Question", key="question", width=26)
        table.add_column("Finding", key="text", width=44)
        table.add_column("Due", key="due")
        table.add_column("Status", key="status")
        self._show_filters()

    def on_screen_resume(self) -> None:
        self.load()

    def show_filter(
        self, *, vendor_id: int | None, severity: str | None, status: str | None
    ) -> None:
        """Show these findings (the app's one Findings screen, opened from elsewhere)."""
        if (vendor_id, severity, status) == (self.vendor_id, self.severity, self.status):
            return
        self.vendor_id, self.severity, self.status = vendor_id, severity, status
        self.vendor_name = None
        if self.is_mounted:
            self._show_filters()
            self.load()

    def load(self) -> None:
        self.asked += 1
        self._fetch(self.asked, self.vendor_id, self.severity, self.status)

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings-load")
    def _fetch(
        self, asked: int, vendor_id: int | None, severity: str | None, status: str | None
    ) -> None:
        service = self.vr_app.service
        vendor = service.get_vendor(vendor_id).name if vendor_id is not None else None
        rows = service.list_findings(
            status=FindingStatus(status) if status else None,
            severity=Severity(severity) if severity else None,
            vendor=vendor_id,
        )
        self.post_message(self.Loaded(rows, vendor, service.today(), asked))

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings-close")
    def close_finding(self, finding_id: int, status: str, note: str) -> None:
        service = self.vr_app.service
        try:
            if status == FindingStatus.REMEDIATED.value:
                done = service.remediate_finding(finding_id, note)
            elif status == "approve_acceptance":
                done = service.approve_acceptance(finding_id, note)
            else:  # high and critical: a request a second person approves with the same key
                done = service.accept_finding(finding_id, note)
        except ServiceError as error:
            self.post_message(self.Closed(None, error))
        else:
            self.post_message(self.Closed(done, None))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        if message.asked != self.asked:
            return  # the filters changed, or a closing was saved, since it was asked for
        self.vendor_name, self.today = message.vendor, message.today
        self.rows = {f.id: f for f in message.rows}
        self._show_filters()
        table = self.query_one(DataTable)
        table.clear()
        colours = {
            "critical": f"bold {tone(self.app, 'error')}",
            "high": tone(self.app, "error"),
            "medium": tone(self.app, "warning"),
        }
        for f in message.rows:
            is_open = f.status is FindingStatus.OPEN
            due = due_style(self.app, f.due_on, message.today) if is_open else "dim"
            table.add_row(
                plain(f.id),
                plain(f.severity.value, colours.get(f.severity.value, "")),
                clipped(f.vendor_name, 26),
                clipped(self.question_label(f), 26),
                clipped(f.text, 44),
                plain(f.due_on.isoformat() if f.due_on else None, due),
                plain(f.state or f.status.value.replace("_", " ")),
                key=str(f.id),
            )
        self._show_detail()

    @on(Closed)
    def _finding_closed(self, message: Closed) -> None:
        if message.error is not None:
            self.notify(shown(message.error), title="Not closed", severity="error", markup=False)
        elif message.finding is not None:
            f = message.finding
            label = f.state or f.status.value.replace("_", " ")
            self.notify(f"Finding #{f.id}: {shown(label)}", title="Finding saved", markup=False)
        self.load()

    def question_label(self, f: dto.Finding) -> str:
        """The question a finding is about, as the reviewer reads it: a question id, the
        assurance report whose review opened it, or "raised by hand"."""
        if f.question_id:
            return f.question_id
        return f"report #{f.report_id}" if f.report_id is not None else "raised by hand"

    def _show_filters(self) -> None:
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
        self.query_one("#filters", Static).update(text)

    def selected(self) -> dto.Finding | None:
        row_id = cursor_id(self.query_one(DataTable))
        return self.rows.get(row_id) if row_id is not None else None

    @on(DataTable.RowHighlighted)
    def _show_detail(self) -> None:
        self.refresh_bindings()
        f = self.selected()
        detail = self.query_one("#detail", Static)
        if f is None:
            detail.update("No findings match." if self.today else "Loading…")
            return
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
        detail.update(text)

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_vendor":
            return self.vendor_id is not None
        if action == "close":
            f = self.selected()
            return f is not None and f.status is FindingStatus.OPEN
        if action == "open":
            return self.selected() is not None
        return True

    def action_cycle_severity(self) -> None:
        self.severity = _cycle(SEVERITIES, self.severity)
        self._show_filters()
        self.load()

    def action_cycle_status(self) -> None:
        self.status = _cycle(STATUSES, self.status)
        self._show_filters()
        self.load()

    def action_clear_vendor(self) -> None:
        self.vendor_id = None
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

    def action_reload(self) -> None:
        self.load()
