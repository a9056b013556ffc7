"""The dashboard: where the portfolio stands today, each figure one key from its list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from vendor_review.domain.wording import counted
from vendor_review.tui.background import in_thread
from vendor_review.tui.keys import EXPORT, NAVIGATION, NEW_VENDOR, reload_key
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain
from vendor_review.tui.tone import Tone
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.counts import Count, CountList, item
from vendor_review.tui.widgets.dashboard_pictures import DueLoad, RiskHeatMap

if TYPE_CHECKING:  # the service, the ORM and pydantic load after the first paint (issue 14)
    from vendor_review.service.dashboard import DashboardSummary, DueCounts, OpenAssessment
    from vendor_review.service.dto import DueItem
    from vendor_review.service.pictures import MonthLoad, RiskMatrix

RATINGS: tuple[tuple[str, str, Tone | None], ...] = (
    ("critical", "Critical", "error"),
    ("high", "High", "error"),
    ("medium", "Medium", "warning"),
    ("low", "Low", "success"),
    ("unrated", "Not rated yet", None),
)
SEVERITIES: tuple[tuple[str, str, Tone | None], ...] = (
    ("critical", "Critical", "error"),
    ("high", "High", "error"),
    ("medium", "Medium", "warning"),
    ("low", "Low", None),
)
CARDS = (
    ("ratings", "Vendors by residual rating"),
    ("reviews", "Re-reviews"),
    ("certificates", "Assurance reports"),
    ("findings", "Open findings"),
    ("approvals", "Waiting for your approval"),
    ("drafts", "Drafts in progress"),
    ("next_due", "Next due (overdue first, then the next 90 days)"),
)


def when(bucket: str) -> str:
    """A due bucket as a count's label: "Due within 30 days"."""
    from vendor_review.tui.screens.due import BUCKETS

    return BUCKETS[bucket][2].capitalize()


def due_counts(prefix: str, counts: DueCounts, overdue: str) -> list[Count]:
    return [
        Count(f"{prefix}:overdue", overdue, counts.overdue, "error"),
        Count(f"{prefix}:30", when("30"), counts.within_30, "warning"),
        Count(f"{prefix}:60", when("60"), counts.within_60),
        Count(f"{prefix}:90", when("90"), counts.within_90),
    ]


def due_line(index: int, due: DueItem) -> Option:
    """One item of the due list; it opens its vendor (a vendor may have several items)."""
    when = "OVERDUE " if due.overdue else ""
    label = f"{due.due_on.isoformat()}  {when}{due.vendor_name}"
    return item(f"vendor:{due.vendor_id}:{index}", label, due.reason)


def assessment_line(a: OpenAssessment, who: str) -> Option:
    when = (a.submitted_at or a.created_at).date().isoformat()
    return item(
        f"assessment:{a.id}", f"#{a.id} {a.vendor_name}", a.questionnaire_id, f"{who}, {when}"
    )


class DashboardScreen(AppScreen[None]):
    CSS_PATH = "dashboard.tcss"
    TITLE = "Dashboard"
    AUTO_FOCUS = "#ratings"
    BINDINGS: ClassVar[list[BindingType]] = [
        reload_key(),
        NEW_VENDOR,
        Binding("right", "app.focus_next", "Next card", show=False),
        Binding("left", "app.focus_previous", "Previous card", show=False),
        EXPORT,
        *NAVIGATION,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: DashboardSummary | None = None
        self.matrix: RiskMatrix | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("Loading…", id="asof")
        with VerticalScroll(id="scroll"), Grid(id="cards"):
            for card_id, title in CARDS:
                card = CountList(id=card_id, classes="card")
                card.border_title = title
                yield card
            heatmap = RiskHeatMap(id="heatmap", classes="card")
            heatmap.border_title = "Risk map: vendors by inherent risk × residual rating"
            yield heatmap
            load = DueLoad(id="dueload", classes="card")
            load.border_title = "Due per month, next 12 months"
            yield load
        yield AppFooter()

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._retint, init=False)

    def on_screen_resume(self) -> None:
        # Painted first, then read: the service (the use cases, the ORM) is built by the
        # first worker that asks for it, after the first paint (issue 14).
        self.call_after_refresh(self.reload)

    def reload(self) -> None:
        """The counts, then the next due items (read after, so the counts paint first),
        and the pictures, each in its own worker."""
        app = self.vr_app
        in_thread(self, lambda: app.service.dashboard_summary(), self.loaded, "dashboard")
        in_thread(self, lambda: app.service.next_due(), self.due_loaded, "dashboard-due")

        def pictures() -> tuple[RiskMatrix, list[MonthLoad]]:
            from vendor_review.service.pictures import due_by_month, risk_matrix

            return risk_matrix(app.service), due_by_month(app.service)

        in_thread(self, pictures, lambda got: self.pictures_loaded(*got), "dashboard-pictures")

    def action_reload(self) -> None:
        self.reload()

    def pictures_loaded(self, matrix: RiskMatrix, months: list[MonthLoad]) -> None:
        self.matrix = matrix
        self.query_one(RiskHeatMap).show(matrix)
        self.query_one(DueLoad).show(months)

    @on(RiskHeatMap.CellChosen)
    def open_cell(self, message: RiskHeatMap.CellChosen) -> None:
        if self.matrix is None:
            return
        from vendor_review.service.pictures import UNRATED
        from vendor_review.tui.screens.vendor_group import VendorGroupScreen

        ids = self.matrix.cells.get((message.risk, message.rating), [])
        vendors = [(i, self.matrix.names[i]) for i in ids]
        rated = "not rated" if message.rating == UNRATED else f"rated {message.rating}"
        title = f"Inherent {message.risk}, {rated}"
        self.app.push_screen(VendorGroupScreen(title, vendors))

    def due_loaded(self, items: list[DueItem]) -> None:
        self.query_one("#next_due", CountList).show(
            [due_line(i, item) for i, item in enumerate(items)],
            "Nothing overdue or due in the next 90 days",
        )

    def loaded(self, summary: DashboardSummary) -> None:
        self.summary = summary
        self._show(summary)
        if summary.vendors_total == 0 and not self.vr_app.welcomed:
            self.vr_app.open_welcome()

    def _retint(self) -> None:
        if self.summary is not None:
            self._show(self.summary)
        if self.matrix is not None:
            self.query_one(RiskHeatMap).show(self.matrix)

    def _show(self, s: DashboardSummary) -> None:
        offboarded = s.vendors_total - s.vendors_active
        gone = f", {offboarded} offboarded" if offboarded else ""
        vendors = counted(s.vendors_active, "vendor")
        self.query_one("#asof", Static).update(
            plain(f"As of {s.as_of.isoformat()} · {vendors}{gone} · you are ")
            + plain(s.actor, "bold")
        )
        cards: dict[str, tuple[Sequence[Count | Option], str]] = {
            "ratings": (
                [
                    *(
                        Count(f"rating:{key}", label, s.by_rating.get(key, 0), tone)
                        for key, label, tone in RATINGS
                    ),
                    Count("triage", "Needs triage", s.needs_triage, "warning"),
                ],
                "No vendors yet",
            ),
            "reviews": (due_counts("review", s.reviews, "Overdue"), ""),
            "certificates": (due_counts("certificate", s.certificates, "Expired or lapsed"), ""),
            "findings": (
                [
                    *(
                        Count(f"finding:{key}", label, s.findings_open.get(key, 0), tone)
                        for key, label, tone in SEVERITIES
                    ),
                    Count("due:finding", "Past their due date", s.findings_overdue, "error"),
                    Count("obligations", "Our open obligations", s.obligations_open, "warning"),
                ],
                "",
            ),
            "approvals": (
                [
                    Count("approvals", "Submitted by others", s.awaiting_my_approval, "warning"),
                    *(assessment_line(a, f"submitted by {a.submitted_by}") for a in s.awaiting),
                ],
                "",
            ),
            "drafts": (
                [assessment_line(a, f"started by {a.reviewer}") for a in s.drafts],
                "No drafts: start one from a vendor (enter, then n)",
            ),
        }
        for card_id, (counts, empty) in cards.items():
            self.query_one(f"#{card_id}", CountList).show(counts, empty)

    @on(OptionList.OptionSelected)
    def open(self, event: OptionList.OptionSelected) -> None:
        what, _, arg = (event.option.id or "").partition(":")
        app = self.vr_app
        if what == "rating":
            title = dict((k, v) for k, v, _ in RATINGS).get(arg, arg)
            app.open_vendor_list(rating=arg, title=f"Vendors rated: {title}")
        elif what in ("review", "certificate"):
            app.open_due(what, arg)
        elif what == "due":
            app.open_due(arg, "overdue")
        elif what == "finding":
            app.open_findings(severity=arg, status="open")
        elif what == "approvals":
            app.open_approvals()
        elif what == "obligations":
            app.open_obligations()
        elif what == "assessment":
            app.open_assessment(int(arg))
        elif what == "vendor":
            app.open_vendor(int(arg.partition(":")[0]))
        elif what == "triage":
            from vendor_review.tui.widgets.triage_modal import TriageModal

            self.app.push_screen(TriageModal(app.service), lambda _: self.reload())
