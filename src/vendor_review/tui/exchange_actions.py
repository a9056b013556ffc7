"""Export, import and the questionnaire workbook, from any screen of the app.

Each action is a chain of modals; the screens only bind the keys and say what they show:

    export           PathModal → ProgressModal(export_workbook) → "Exported N rows to PATH"
    import vendors   PathModal → VendorImportModal(parent, mapping, defaults; plan) →
                     ProgressModal(apply)
    send workbook    PathModal → ProgressModal(write_questionnaire_workbook)
    import answers   PathModal → ProgressModal(plan) → ImportPreview → ProgressModal(apply)

A screen tells what ctrl+e exports with ``export_scope()`` (without one: the whole
portfolio), which draft the workbook keys work on with ``workbook_assessment()``, and
whose list an import is at first with ``import_parent()`` (the reviewer can change it).
Every service and file call runs in the ``ProgressModal``'s thread worker; a failure is
shown by the app's ``show_error`` and the app stays up. After an import the screen below
reloads. The exchange modules (and openpyxl with them) are imported inside the jobs, the
modals when first shown: the app's first screen imports none of them (issue 14).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.screen import ModalScreen, Screen

from vendor_review.domain.wording import counted
from vendor_review.tui.text import shown

if TYPE_CHECKING:
    from vendor_review.exchange.inbound.inventory import VendorPlan
    from vendor_review.exchange.inbound.questionnaire import AnswerPlan
    from vendor_review.exchange.outbound.export import ExportResult
    from vendor_review.exchange.outbound.print_layout import Paper
    from vendor_review.exchange.outbound.questionnaire import QuestionnaireWorkbook
    from vendor_review.service import Service, dto
    from vendor_review.service.imports import VendorImport
    from vendor_review.tui.export_scope import ExportScope
    from vendor_review.tui.widgets.path_modal import PathModal
    from vendor_review.tui.widgets.progress_modal import Report
    from vendor_review.tui.widgets.vendor_import import ImportChoices

R = TypeVar("R")
ACTIONS = frozenset({"export", "import_vendors", "send_questionnaire", "import_answers"})
LIST_FILES = (".csv", ".xlsx", ".html", ".htm", ".md", ".markdown", ".txt", ".tsv")
"""What ``vendor_list.read_vendor_list`` reads (named here: the module loads lazily)."""
READ_HINT = " Nothing is stored before you have seen what would change."


def exchange_modals() -> tuple[type[ModalScreen[Any]], ...]:
    """The modals of a file action (imported when a modal is open: never at start-up)."""
    from vendor_review.tui.widgets.import_preview import ImportPreview
    from vendor_review.tui.widgets.path_modal import PathModal
    from vendor_review.tui.widgets.progress_modal import ProgressModal
    from vendor_review.tui.widgets.vendor_import import VendorImportModal

    return (PathModal, ProgressModal, ImportPreview, VendorImportModal)


class ExchangeActions(App[None]):
    """The file actions of ``VendorReviewApp`` (its base class): on every screen and in
    the command palette."""

    service: Service
    output_dir: Path  # where files are offered to go (config output_dir)
    paper: Paper = "a4"  # the page size workbooks print on (config paper; set by launch)

    def show_error(self, error: BaseException) -> None:
        raise NotImplementedError  # the app's

    @property
    def base_screen(self) -> Screen[Any]:
        """The screen the reviewer works on (under any modal, the command palette too)."""
        return next(s for s in reversed(self.screen_stack) if not isinstance(s, ModalScreen))

    def exchange_check(self, action: str) -> bool | None:
        """``check_action`` for the file actions (``None``: not one of them)."""
        if action not in ACTIONS:
            return None
        modals = [s for s in self.screen_stack if isinstance(s, ModalScreen)]
        if modals and any(isinstance(s, exchange_modals()) for s in modals):
            return False  # one file at a time (the palette stays open during a long export)
        if action in ("send_questionnaire", "import_answers"):
            return self.workbook_assessment() is not None
        return True

    def workbook_assessment(self) -> int | None:
        found = getattr(self.base_screen, "workbook_assessment", None)
        return found() if callable(found) else None

    def _run(
        self, title: str, job: Callable[[Report], R], then: Callable[[R], None], unit: str = ""
    ) -> None:
        from vendor_review.tui.widgets.progress_modal import ProgressModal

        def done(result: R | None) -> None:
            if result is not None:
                then(result)

        modal = ProgressModal(title, job, on_error=self.show_error, unit=unit)
        self.push_screen(modal, done)

    def _write_workbook(
        self,
        modal: PathModal,
        doing: Callable[[Path], str],
        write: Callable[[Path, bool, Report], R],
        then: Callable[[R], None],
        unit: str = "",
    ) -> None:
        """Ask where (``modal``: a path to write), then ``write(path, overwrite, report)``
        with a progress bar titled ``doing(path)``, then ``then`` with what it wrote."""

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._run(doing(path), partial(write, path, modal.overwrite), then, unit)

        self.push_screen(modal, chosen)

    def _reload(self) -> None:
        reload = getattr(self.base_screen, "action_reload", None)
        if callable(reload):
            reload()

    # --- export -----------------------------------------------------------------------

    def action_export(self) -> None:
        from vendor_review.tui.export_scope import PORTFOLIO, export_options
        from vendor_review.tui.widgets.path_modal import PathModal

        found = getattr(self.base_screen, "export_scope", None)
        scope: ExportScope = found() if callable(found) else PORTFOLIO
        sheets = "Summary, Answers, Findings, Certificates, Schedule, About"
        if scope == PORTFOLIO:
            sheets = "Dashboard, " + sheets
        paper = "Letter" if self.paper == "letter" else "A4"
        modal = PathModal(
            f"Export {scope.label}",
            f"An Excel workbook: {sheets}; it prints on {paper} paper (config: paper).",
            mode="write",
            suffixes=(".xlsx",),
            initial=str(self.output_dir / scope.file_name(self.service.today())),
            ok_label="Export",
        )
        service, paper = self.service, self.paper

        def write(path: Path, force: bool, report: Report) -> ExportResult:
            from vendor_review.exchange.outbound.export import export_workbook

            options = export_options(service, scope, force=force, paper=paper)
            return export_workbook(service, path, options, progress=report)

        def doing(path: Path) -> str:
            return f"Exporting {scope.label} to {path.name}"

        self._write_workbook(modal, doing, write, self._exported, "rows")

    def _exported(self, result: ExportResult) -> None:
        changed = ""
        if result.cut or result.made_visible:
            changed = (
                f"\n{counted(result.cut, 'cell')} cut at Excel's limit, {result.made_visible} with "
                "control characters made visible (see the About sheet)"
            )
        message = f"Exported {counted(result.total_rows, 'row')} to {shown(result.path)}{changed}"
        self.notify(message, title="Export", markup=False, timeout=8)

    # --- vendors ----------------------------------------------------------------------

    def action_import_vendors(self) -> None:
        self.import_vendors()

    def import_vendors(self, then: Callable[[], None] | None = None) -> None:
        """Import a vendor list; ``then`` runs once vendors were stored (default: reload)."""
        prompt = (
            "A vendor or subprocessor list as published or pasted: CSV, XLSX, an HTML page "
            "saved from the browser, or Markdown. You choose whose list it is next."
        )

        from vendor_review.tui.widgets.path_modal import PathModal

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._ask_vendor_import(path, then)

        modal = PathModal("Import vendors", prompt + READ_HINT, mode="read", suffixes=LIST_FILES)
        self.push_screen(modal, chosen)

    def _ask_vendor_import(self, path: Path, then: Callable[[], None] | None) -> None:
        from vendor_review.tui.widgets.vendor_import import VendorImportModal

        service = self.service
        found = getattr(self.base_screen, "import_parent", None)
        parent = found() if callable(found) else None

        def plan(choices: ImportChoices) -> VendorPlan:
            from vendor_review.exchange.inbound.inventory import plan_vendor_import

            return plan_vendor_import(
                service,
                path,
                parent=choices.parent,
                mapping=choices.mapping,
                defaults=choices.defaults,
            )

        def decided(final: VendorPlan | None) -> None:
            if final is None:
                return

            def apply(report: Report) -> VendorImport:
                from vendor_review.exchange.inbound.inventory import apply_vendor_plan

                return apply_vendor_plan(service, final)

            def done(result: VendorImport) -> None:
                links = ", ".join(f"{n} {what}" for what, n in result.links.items() if n)
                self.notify(
                    f"Created {len(result.created)} and updated "
                    f"{counted(len(result.updated), 'vendor')} from {shown(final.file)}"
                    + (f"; links: {links}" if links else ""),
                    title="Import",
                    markup=False,
                )
                (then or self._reload)()

            self._run(f"Importing {shown(final.file)}", apply, done)

        self.push_screen(VendorImportModal(path.name, plan, parent=parent), decided)

    # --- the questionnaire workbook ---------------------------------------------------

    def action_send_questionnaire(self) -> None:
        assessment_id = self.workbook_assessment()
        if assessment_id is None:
            return
        from vendor_review.tui.widgets.path_modal import PathModal

        modal = PathModal(
            f"Questionnaire workbook of assessment #{assessment_id}",
            "For the vendor to fill in: drop-downs of the allowed answers, the answers given "
            "so far filled in. Import it back with W.",
            mode="write",
            suffixes=(".xlsx",),
            initial=str(self.output_dir / f"assessment-{assessment_id}-questionnaire.xlsx"),
            ok_label="Write",
        )
        service, paper = self.service, self.paper

        def write(path: Path, force: bool, report: Report) -> QuestionnaireWorkbook:
            from vendor_review.exchange.outbound.questionnaire import write_questionnaire_workbook

            return write_questionnaire_workbook(
                service, assessment_id, path, force=force, paper=paper
            )

        self._write_workbook(modal, lambda path: f"Writing {path.name}", write, self._written)

    def _written(self, made: QuestionnaireWorkbook) -> None:
        self.notify(
            f"Wrote {counted(made.questions, 'question')} ({made.answered} answered) of assessment "
            f"#{made.assessment_id} to {shown(made.path)}",
            title="Questionnaire workbook",
            markup=False,
            timeout=8,
        )

    def action_import_answers(self) -> None:
        assessment_id = self.workbook_assessment()
        if assessment_id is None:
            return
        from vendor_review.tui.widgets.path_modal import PathModal

        def chosen(path: Path | None) -> None:
            if path is not None:
                service = self.service

                def plan(report: Report) -> AnswerPlan:
                    from vendor_review.exchange.inbound.questionnaire import plan_answer_import

                    return plan_answer_import(service, assessment_id, path)

                self._run(f"Reading {path.name}", plan, self._preview_answers)

        modal = PathModal(
            f"Import answers into assessment #{assessment_id}",
            "The questionnaire workbook the vendor sent back (.xlsx)." + READ_HINT,
            mode="read",
            suffixes=(".xlsx",),
            initial=str(self.output_dir / f"assessment-{assessment_id}-questionnaire.xlsx"),
            ok_label="Read",
        )
        self.push_screen(modal, chosen)

    def _preview_answers(self, plan: AnswerPlan) -> None:
        from vendor_review.tui.exchange_views import answer_view
        from vendor_review.tui.widgets.import_preview import ImportPreview

        preview = ImportPreview(answer_view(plan))

        def decided(go: bool | None) -> None:
            if not go:
                return
            overwrite, service = preview.option_ticked, self.service

            def apply(report: Report) -> list[dto.Answer]:
                from vendor_review.exchange.inbound.questionnaire import apply_answer_plan

                return apply_answer_plan(service, plan, overwrite=overwrite)

            def done(stored: list[dto.Answer]) -> None:
                self.notify(
                    f"Stored {counted(len(stored), 'answer')} from {shown(plan.file)} in "
                    f"assessment #{plan.assessment_id}",
                    title="Import",
                    markup=False,
                )
                self._reload()

            self._run(f"Importing {plan.file}", apply, done)

        self.push_screen(preview, decided)
