"""One vendor: its profile form, assurance reports (certificates among them),
subprocessors, assessment history and findings. Saving checks that nobody changed the
vendor meanwhile (a conflict is shown, with a reload, never overwritten); leaving with
unsaved edits asks first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, LoadingIndicator, Static, TabbedContent, TabPane
from textual.widgets.tabbed_content import ContentTabs

from vendor_review.service.errors import (
    ConflictError,
    NotFoundError,
    ServiceError,
    ValidationError,
)
from vendor_review.tui.background import in_thread, or_error
from vendor_review.tui.export_scope import PORTFOLIO, ExportScope, vendor_scope
from vendor_review.tui.keys import FINDINGS, reload_key
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.screens.confirm import ConfirmScreen
from vendor_review.tui.text import plain, shown
from vendor_review.tui.widgets import vendor_tabs as tabs
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.vendor_form import VendorForm

if TYPE_CHECKING:
    from vendor_review.service import dto

TABLES = ("reports", "subprocessors", "assessments", "findings")


class VendorScreen(AppScreen[None]):
    CSS_PATH = "vendor.tcss"
    TITLE = "Vendor"
    AUTO_FOCUS = "ContentTabs"  # letter keys act; tab goes into the form
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="vendor.save", priority=True),
        Binding("n", "start_assessment", "New assessment", id="vendor.start"),
        Binding("c", "add_report", "Add report", id="vendor.report"),
        Binding("t", "triage", "Triage", id="vendor.triage"),
        Binding("i", "app.import_vendors", "Import its list", id="vendor.import", show=False),
        FINDINGS,
        Binding("o", "obligations", "Obligations", id="vendor.obligations", show=False),
        Binding("l", "audit", "Audit trail", id="vendor.audit", show=False),
        reload_key(show=False),
    ]

    def __init__(self, vendor_id: int | None) -> None:
        super().__init__()
        self.vendor_id = vendor_id
        self.nav_key = ("vendor", vendor_id)
        self.bundle: tabs.VendorBundle | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        new = "New vendor: fill in the profile, then ctrl+s"
        yield Static(plain(new if self.vendor_id is None else ""), id="summary")
        # An existing vendor: a loading indicator until its data is there, never a blank form.
        yield LoadingIndicator(id="loading")
        with TabbedContent(id="tabs"):
            with TabPane("Profile", id="profile"):
                yield VendorForm(id="form")
            for name in TABLES:
                with TabPane(name.capitalize(), id=name):
                    yield DataTable(id=f"table-{name}", cursor_type="row", zebra_stripes=True)
        yield AppFooter()

    def on_mount(self) -> None:
        loading = self.vendor_id is not None and self.bundle is None
        self.query_one("#loading").display = loading
        self.query_one("#tabs").display = not loading
        if self.vendor_id is None:
            self.title = "New vendor"
            for name in TABLES:
                self.query_one(TabbedContent).disable_tab(name)
            self.form.load(None)
            self.query_one("#input-name").focus()
        else:
            self.load()
        self.watch(self.app, "theme", self._retint, init=False)

    def on_key(self, event: events.Key) -> None:
        """Down on the tab bar goes into the tab shown (its table or the profile form), as
        Tab does; left and right stay with the tab bar."""
        if event.key != "down" or not isinstance(self.focused, ContentTabs):
            return
        pane = self.query_one(TabbedContent).active_pane
        target = next((w for w in pane.query("*") if w.focusable), None) if pane else None
        if target is not None:
            event.stop()
            target.focus()

    def _retint(self) -> None:
        if self.bundle is not None:
            self.loaded(self.bundle)

    @property
    def form(self) -> VendorForm:
        return self.query_one(VendorForm)

    def unsaved_changes(self) -> str | None:
        """Asked by the app before this screen is thrown away."""
        if not self.form.dirty:
            return None
        name = self.bundle.vendor.name if self.bundle else "the new vendor"
        return f"The profile of {name} has unsaved changes."

    def draft_text(self) -> str | None:
        """The profile typed and not saved, kept as a draft when the app is ended by a signal."""
        if not self.is_mounted or not self.form.dirty:
            return None
        name = self.bundle.vendor.name if self.bundle else "new vendor"
        lines = [f"{key}: {value}" for key, value in self.form.values().items() if value]
        return f"vendor profile ({name}):\n" + "\n".join(lines)

    # --- load -----------------------------------------------------------------------------

    def load(self) -> None:
        vendor_id, service = self.vendor_id, self.vr_app.service
        assert vendor_id is not None

        def fetch() -> tabs.VendorBundle:
            vendor = service.get_vendor(vendor_id)
            return tabs.VendorBundle(
                vendor=vendor,
                subprocessors=service.subprocessors(vendor.id),
                reports=service.list_reports(vendor=vendor.id),
                assessments=service.list_assessments(vendor=vendor.id),
                findings=service.list_findings(vendor=vendor.id),
                today=service.today(),
            )

        in_thread(self, fetch, self.loaded, "vendor")

    def loaded(self, bundle: tabs.VendorBundle) -> None:
        b = self.bundle = bundle
        self.title = f"Vendor: {shown(b.vendor.name)}"
        self.query_one("#loading").display = False
        self.query_one("#tabs").display = True
        self.query_one("#summary", Static).update(tabs.summary(self.app, b))
        if not self.form.dirty:
            self.form.load(b.vendor)
        fill = {
            "reports": tabs.fill_reports,
            "subprocessors": tabs.fill_subprocessors,
            "assessments": tabs.fill_assessments,
            "findings": tabs.fill_findings,
        }
        for name, filler in fill.items():
            filler(self.query_one(f"#table-{name}", DataTable), b)
        counts = {
            "reports": len(b.reports),
            "subprocessors": len(b.subprocessors),
            "assessments": len(b.assessments),
            "findings": sum(1 for f in b.findings if f.status.value == "open"),
        }
        for name, n in counts.items():
            self.query_one(TabbedContent).get_tab(name).label = f"{name.capitalize()} ({n})"
        self.refresh_bindings()

    def action_reload(self) -> None:
        if self.vendor_id is None:
            return
        if self.form.dirty:
            self.vr_app.leave([self], self._reload_discarding)
        else:
            self.load()

    def _reload_discarding(self) -> None:
        self.form.baseline = {}
        self.load()

    # --- save -----------------------------------------------------------------------------

    def action_save(self) -> None:
        problems = self.form.validate_now()
        self.form.show_problems(problems)
        if problems:
            self.form.focus_first_problem(problems)
            self.notify("Fix the marked fields first", severity="warning")
            return
        expected = self.bundle.vendor.version if self.bundle else None
        self.save(self.vendor_id, self.form.values(), expected)

    def save(self, vendor_id: int | None, values: dict[str, object], expected: int | None) -> None:
        service = self.vr_app.service

        def store() -> dto.Vendor:
            if vendor_id is None:
                return service.add_vendor(values)
            return service.update_vendor(vendor_id, values, expected_version=expected)

        in_thread(self, or_error(store), self.saved, "vendor-save")

    def saved(self, vendor: dto.Vendor | ServiceError) -> None:
        if isinstance(vendor, ConflictError):
            self.show_conflict(str(vendor))
        elif isinstance(vendor, ValidationError):
            self.not_saved(vendor.problems or {"name": str(vendor)})
        elif isinstance(vendor, NotFoundError):  # the parent named in the form does not exist
            self.not_saved({"parent": str(vendor)})
        elif isinstance(vendor, ServiceError):
            self.vr_app.show_error(vendor)
        else:
            created = self.vendor_id is None
            self.vendor_id = vendor.id
            self.nav_key = ("vendor", self.vendor_id)
            self.form.load(vendor)
            verb = "Added" if created else "Saved"
            self.notify(f"{verb} {shown(vendor.name)}", markup=False)
            if created:
                for name in TABLES:
                    self.query_one(TabbedContent).enable_tab(name)
            self.load()

    def not_saved(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        self.form.focus_first_problem(problems)
        self.notify("Not saved: see the marked fields", severity="warning")

    def show_conflict(self, detail: str) -> None:
        def answered(reload: bool | None) -> None:
            if reload:
                self._reload_discarding()

        self.app.push_screen(
            ConfirmScreen(
                "Someone else changed this vendor",
                f"{detail}\n\nReload shows their version (your edits here are discarded). "
                "Keep editing leaves your edits in the form, not saved.",
                yes="Reload",
                no="Keep editing",
                warning=True,
            ),
            answered,
        )

    # --- the other tabs -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in (
            "start_assessment",
            "add_report",
            "obligations",
            "findings",
            "audit",
            "reload",
            "triage",
        ):
            return self.bundle is not None
        if action == "save":
            return True if self.vendor_id is None or self.form.dirty else None
        return True

    @on(VendorForm.DirtyChanged)
    def dirty_changed(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected)
    def open_row(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if not key:
            return
        table = event.data_table.id
        if table == "table-subprocessors":
            self.vr_app.open_vendor(int(key))
        elif table == "table-reports":
            self.vr_app.open_report(int(key))
        elif table == "table-assessments":
            self.vr_app.open_assessment(int(key))
        elif table == "table-findings":
            self.action_findings()

    def action_findings(self) -> None:
        self.vr_app.open_findings(vendor_id=self.vendor_id, status=None)

    def action_triage(self) -> None:
        """Data access, criticality and kind in a quick form (intake-store)."""
        from vendor_review.tui.widgets.triage_modal import TriageModal

        if self.vendor_id is not None:
            modal = TriageModal(self.vr_app.service, self.vendor_id)
            self.app.push_screen(modal, lambda _: self.action_reload())

    def import_parent(self) -> str | None:
        """An import from this screen is this vendor's subprocessor list, at first."""
        return self.bundle.vendor.name if self.bundle is not None else None

    def export_scope(self) -> ExportScope:
        """ctrl+e exports this vendor (a new one, not saved yet: the portfolio)."""
        if self.vendor_id is None or self.bundle is None:
            return PORTFOLIO
        return vendor_scope(self.vendor_id, self.bundle.vendor.name)

    def action_audit(self) -> None:
        self.vr_app.open_audit("vendor", str(self.vendor_id))

    def action_obligations(self) -> None:
        self.vr_app.open_obligations(vendor_id=self.vendor_id)

    def action_add_report(self) -> None:
        """An assurance report (a SOC report, an ISO certificate …); once stored, its
        screen opens, to record what it says and review it."""
        from vendor_review.tui.widgets.report_forms import ReportModal

        assert self.bundle is not None and self.vendor_id is not None

        def added(report: dto.Report | None) -> None:
            if report is not None:
                self.notify(f"Added report #{report.id}: {shown(report.label)}", markup=False)
                self.load()
                self.vr_app.open_report(report.id)

        modal = ReportModal(self.vr_app.service, self.vendor_id, self.bundle.vendor.name)
        self.app.push_screen(modal, added)

    def action_start_assessment(self) -> None:
        from vendor_review.tui.widgets.questionnaire_picker import QuestionnairePicker

        assert self.bundle is not None
        vendor = self.bundle.vendor

        def started(assessment: dto.Assessment | None) -> None:
            if assessment is not None:
                message = (
                    f"Started assessment #{assessment.id} ({shown(assessment.questionnaire_id)})"
                )
                self.notify(message, markup=False)
                self.load()
                self.vr_app.open_assessment(assessment.id)

        picker = QuestionnairePicker(vendor.id, vendor.name, vendor.kind.value)
        self.app.push_screen(picker, started)
