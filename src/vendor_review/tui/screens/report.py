"""One assurance report (issue 12), opened from the vendor's Reports tab: its facts, and
what the reviewer records from it — exceptions, subservice organisations (fourth
parties), user-entity controls (our obligations), bridge letters, whether it covers the
service we use — and the review: the practitioner's checklist, each failed rule a finding
(shown with its number here, tracked in the Findings screen)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, LoadingIndicator, Static, TabbedContent, TabPane

from vendor_review.domain.wording import counted
from vendor_review.tui.background import in_thread
from vendor_review.tui.cells import cursor_key
from vendor_review.tui.keys import FINDINGS, reload_key
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets import report_tables as rt
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.form_modal import FormField, FormModal
from vendor_review.tui.widgets.report_parts import PARTS

if TYPE_CHECKING:
    from vendor_review.service import dto

TABS = (
    ("checklist", "Checklist"),
    ("exceptions", "Exceptions"),
    ("subservices", "Subservices"),
    ("obligations", "CUECs"),
    ("bridges", "Bridges"),
)
COVERAGE = (("yes: it covers the service and sites we use", "yes"), ("no: it does not", "no"))


class ReportScreen(AppScreen[None]):
    DEFAULT_CSS = """
    ReportScreen #summary { height: auto; padding: 0 1; background: $boost; }
    ReportScreen #tabs, ReportScreen #tabs ContentSwitcher { height: 1fr; }
    ReportScreen TabPane { padding: 0; height: 1fr; }
    ReportScreen DataTable { height: 1fr; }
    ReportScreen #detail {
        height: auto; max-height: 5; padding: 0 1; border-top: solid $border-blurred;
    }
    """
    TITLE = "Report"
    AUTO_FOCUS = "#table-checklist"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "review", "Review", id="report.review"),
        *(Binding(p.key, f"add('{w}')", p.label, id=f"report.{w}") for w, p in PARTS.items()),
        Binding("c", "coverage", "Covers us?", id="report.coverage"),
        FINDINGS,
        reload_key(show=False),
    ]

    def __init__(self, report_id: int) -> None:
        super().__init__()
        self.report_id = report_id
        self.nav_key = ("report", report_id)
        self.detail: dto.ReportDetail | None = None
        self.review: dto.ReportReview | None = None
        self.today: date | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(id="summary")
        yield LoadingIndicator(id="loading")
        with TabbedContent(id="tabs"):
            for name, label in TABS:
                with TabPane(label, id=name):
                    yield DataTable(id=f"table-{name}", cursor_type="row", zebra_stripes=True)
        yield Static(id="detail")
        yield AppFooter()

    def on_mount(self) -> None:
        self.title = f"Report #{self.report_id}"
        self.query_one("#tabs").display = False
        self.load()
        self.watch(self.app, "theme", self._retint, init=False)

    def _retint(self) -> None:
        if self.detail is not None and self.today is not None:
            self.show(self.detail, self.today)

    # --- reading --------------------------------------------------------------------------

    def load(self) -> None:
        service, report_id = self.vr_app.service, self.report_id

        def read() -> tuple[dto.ReportDetail, date]:
            return service.get_report(report_id), service.today()

        in_thread(self, read, lambda got: self.show(*got), "report")

    def show(self, d: dto.ReportDetail, today: date) -> None:
        self.detail, self.today = d, today
        r = d.report
        self.title = f"Report #{r.id}: {shown(r.label)}"
        self.query_one("#loading").display = False
        self.query_one("#tabs").display = True
        self.query_one("#summary", Static).update(rt.report_summary(self.app, r, today))
        self._show_checklist()
        tables = self.query_one
        rt.fill_exceptions(tables("#table-exceptions", DataTable), d.exceptions)
        rt.fill_subservices(tables("#table-subservices", DataTable), d.subservices)
        rt.fill_obligations(tables("#table-obligations", DataTable), d.obligations)
        rt.fill_bridges(tables("#table-bridges", DataTable), d.bridges)
        counts = {
            "checklist": len(d.findings),
            "exceptions": len(d.exceptions),
            "subservices": len(d.subservices),
            "obligations": len(d.obligations),
            "bridges": len(d.bridges),
        }
        tabs = self.query_one(TabbedContent)
        for name, label in TABS:
            n = counts[name]
            if name == "checklist":  # the count is of open findings, shown when there are
                tabs.get_tab(name).label = f"{label} ({n} open)" if n else label
            else:
                tabs.get_tab(name).label = f"{label} ({n})"
        self._show_detail()
        self.refresh_bindings()

    def _show_checklist(self) -> None:
        table = self.query_one("#table-checklist", DataTable)
        if self.review is not None:
            rt.fill_checklist(table, self.review.items)
        elif self.detail is not None:
            rt.fill_findings(table, self.detail.findings)
            if not self.detail.findings:
                table.add_row(plain("Not reviewed here yet: w runs the checklist."))

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "add", "coverage", "findings"):
            return self.detail is not None
        return True

    def action_reload(self) -> None:
        self.load()

    def action_review(self) -> None:
        service, report_id = self.vr_app.service, self.report_id
        in_thread(self, lambda: service.review_report(report_id), self.reviewed, "report-review")

    def reviewed(self, review: dto.ReportReview) -> None:
        self.review = review
        failed = [i for i in review.items if not i.passed]
        opened = sum(1 for i in failed if i.finding_id)
        self.notify(
            f"{len(failed)} failed, {len(review.items) - len(failed)} passed: "
            f"{counted(opened, 'finding')} (f)",
            timeout=4,
        )
        self.query_one(TabbedContent).active = "checklist"
        self.load()

    def action_add(self, what: str) -> None:
        part = PARTS[what]

        def added(row: object | None) -> None:
            if row is not None:
                self.notify(f"Added to report #{self.report_id}; w reviews it again")
                self.query_one(TabbedContent).active = part.tab
                self.load()

        self.app.push_screen(part.form(self.vr_app.service, self.report_id), added)

    def action_coverage(self) -> None:
        """The reviewer's answer: does the report cover the service and sites we use?"""
        service, report_id = self.vr_app.service, self.report_id
        assert self.detail is not None
        now = self.detail.report.covers_our_service
        initial = "" if now is None else ("yes" if now else "no")

        def store(v: dict[str, Any]) -> dto.Report:
            return service.set_report_coverage(report_id, v["covers"] == "yes")

        def answered(report: dto.Report | None) -> None:
            if report is not None:
                self.load()

        modal = FormModal(
            f"Report #{report_id}: does it cover us?",
            (
                FormField(
                    "covers",
                    "Covers our service",
                    "choice",
                    COVERAGE,
                    required=True,
                    initial=initial or "yes",
                ),
            ),
            store,
            intro="Read its scope, services and sites: do they include what we buy?",
        )
        self.app.push_screen(modal, answered)

    def action_findings(self) -> None:
        if self.detail is not None:
            self.vr_app.open_findings(vendor_id=self.detail.report.vendor_id, status="open")

    @on(DataTable.RowHighlighted)
    @on(TabbedContent.TabActivated)
    def _show_detail(self) -> None:
        """The highlighted row of the tab shown, in full (a table cuts long text)."""
        active = self.query_one(TabbedContent).active
        table = self.query_one(f"#table-{active}", DataTable)
        key = cursor_key(table)
        shown = Text()
        if key is not None:
            shown = rt.row_detail(table.id or "", key, self.detail, self.review)
        self.query_one("#detail", Static).update(shown)

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        table = event.data_table.id
        if table == "table-subservices" and key:
            self.vr_app.open_vendor(int(key))
        elif table == "table-checklist" and key.partition(":")[2]:
            self.action_findings()
