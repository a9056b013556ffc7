"""The vendor list: paged from the database, filtered as you type, sorted by any column,
or shown as the subprocessor tree. Its cost does not grow with the inventory: a page of
rows is fetched at a time, and the next page when the cursor nears the end."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Input, Static, Tree
from textual.widgets.tree import NodeID
from textual.worker import Worker, WorkerState

from vendor_review.domain.wording import counted
from vendor_review.tui.background import in_thread
from vendor_review.tui.export_scope import ExportScope, vendor_list_scope
from vendor_review.tui.keys import EXPORT, NAVIGATION, NEW_VENDOR, reload_key
from vendor_review.tui.screens.base import AppScreen
from vendor_review.tui.text import plain
from vendor_review.tui.widgets.app_footer import AppFooter
from vendor_review.tui.widgets.app_header import AppHeader
from vendor_review.tui.widgets.text_input import TextInput
from vendor_review.tui.widgets.vendor_cells import COLUMNS, LABELS
from vendor_review.tui.widgets.vendor_table import VendorTable
from vendor_review.tui.widgets.vendor_tree import Node, VendorTree

if TYPE_CHECKING:
    from vendor_review.service.vendor_list import VendorPage, VendorRow

Fetched = tuple["VendorPage", date]
"""A page of the list and the service's today (what is overdue is counted from it)."""

PAGE = 60
MORE_AT = 10  # fetch the next page when the cursor is this close to the last row


class VendorsScreen(AppScreen[None]):
    CSS_PATH = "vendors.tcss"
    TITLE = "Vendors"
    AUTO_FOCUS = "#vendors"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", id="vendors.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="vendors.clear_filter"),
        Binding("s", "cycle_sort", "Sort", id="vendors.sort"),
        Binding("S", "reverse_sort", "Reverse sort", id="vendors.reverse", show=False),
        Binding("t", "toggle_tree", "Tree/table", id="vendors.tree"),
        NEW_VENDOR,
        reload_key(show=False),
        # Not in the footer (140 columns are full): help and the palette list it.
        Binding("i", "app.import_vendors", "Import", id="vendors.import", show=False),
        EXPORT,
        *NAVIGATION,
    ]

    def __init__(self, rating: str | None = None, title: str | None = None) -> None:
        super().__init__()
        self.rating = rating
        if title:
            self.title = title
        self.nav_key = ("vendors", rating)
        self.text = ""
        self.order = "name"
        self.descending = False
        self.generation = 0
        self.shown_generation = -1  # the last load on screen (tests and benchmarks wait for it)
        self.total = 0
        self.fetching_more = False
        self.tree_stale = True
        self.keep_vendor: int | None = None
        self.today = date.today()
        self.answered = -1  # the last load that answered (shown, outdated or failed)
        self._typed_while_querying = False

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="bar"):
            yield TextInput(
                placeholder="/ then type to filter by name, purpose or legal entity", id="filter"
            )
            if self.rating:
                yield Static(plain(f"rating: {self.rating}"), id="preset")
        with ContentSwitcher(initial="vendors", id="views"):
            yield VendorTable(id="vendors")
            yield VendorTree(id="tree")
        yield Static(id="status")
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.mark_sort(self.order, self.descending)
        self.watch(self.app, "theme", self.action_reload, init=False)
        self.watch(self.table, "scroll_y", self.scrolled, init=False)

    def on_screen_resume(self) -> None:
        self.action_reload()  # back from a vendor: its rating or name may have changed

    @property
    def table(self) -> VendorTable:
        return self.query_one(VendorTable)

    @property
    def vendor_tree(self) -> VendorTree:
        return self.query_one(VendorTree)

    @property
    def tree_shown(self) -> bool:
        return self.query_one(ContentSwitcher).current == "tree"

    # --- loading --------------------------------------------------------------------------

    def refresh_list(self, *, keep_cursor: bool = False) -> None:
        self.generation += 1
        self._typed_while_querying = False  # this load asks for the newest text
        self.keep_vendor = self.table.selected_vendor() if keep_cursor else None
        self.fetching_more = False
        self.load(self.text, self.order, self.descending, 0, self.generation)
        self.tree_stale = True
        if self.tree_shown:
            self.load_tree(None, None, self.text, self.generation)

    def load(self, text: str, order: str, descending: bool, offset: int, generation: int) -> None:
        fetch = partial(self._fetch, text, order, descending, offset)
        in_thread(self, fetch, partial(self.show, generation, offset), "vendors")

    def load_more(
        self, text: str, order: str, descending: bool, offset: int, generation: int
    ) -> None:
        fetch = partial(self._fetch, text, order, descending, offset)
        in_thread(self, fetch, partial(self.show, generation, offset), "vendors-more")

    def _fetch(self, text: str, order: str, descending: bool, offset: int) -> Fetched:
        service = self.vr_app.service
        page = service.list_vendors(
            text=text or None,
            rating=self.rating,
            include_offboarded=self.rating is None,
            order=order,
            descending=descending,
            limit=PAGE,
            offset=offset,
        )
        return page, service.today()

    def load_tree(
        self, node: NodeID | None, vendor_id: int | None, text: str, generation: int
    ) -> None:
        fetch = partial(self._fetch_tree, vendor_id, text)
        in_thread(self, fetch, partial(self.show_tree, generation, node), "vendors-tree")

    def _fetch_tree(self, vendor_id: int | None, text: str) -> tuple[list[VendorRow], int]:
        """The tree's roots (``vendor_id`` None; the matching vendors when filtered), or
        one vendor's subprocessors, and how many there are."""
        service = self.vr_app.service
        if vendor_id is None:
            page = service.list_vendors(
                text=text or None,
                rating=self.rating,
                include_offboarded=self.rating is None,
                roots_only=not text and self.rating is None,
                limit=PAGE,
            )
            return page.rows, page.total
        rows = service.subprocessors(vendor_id)
        return rows, len(rows)

    def show(self, generation: int, offset: int, fetched: Fetched) -> None:
        if offset == 0:
            self.answered = max(self.answered, generation)
            if self._typed_while_querying:
                self.refresh_list()  # typed while it ran: the newest text, in one query
                return
        if generation != self.generation:
            return  # an answer to an older filter or sort
        (page, today), table = fetched, self.table
        self.today, self.total = today, page.total
        if offset == 0:
            table.show_rows(page.rows, today)
            if self.keep_vendor is not None:
                table.move_to_vendor(self.keep_vendor)
        else:
            table.add_rows(page.rows)
        self.fetching_more = False
        self.shown_generation = generation
        self.show_status()

    def show_tree(
        self, generation: int, node_id: NodeID | None, fetched: tuple[list[VendorRow], int]
    ) -> None:
        if generation != self.generation:
            return
        (rows, total), tree = fetched, self.vendor_tree
        if node_id is None:
            self.tree_stale = False
            tree.fill(tree.root, rows, total, show_parent=bool(self.text))
            tree.cursor_line = 0
        else:
            node = tree.get_node_by_id(node_id)
            tree.fill(node, rows, total)
            node.expand()

    def show_status(self) -> None:
        shown, total = self.table.row_count, self.total
        what = f" matching {self.text!r}" if self.text else ""
        rated = f" rated {self.rating}" if self.rating else ""
        more = f" (showing {shown}; scroll for more)" if total > shown else ""
        arrow = "▼" if self.descending else "▲"
        vendors = counted(total, "vendor")
        self.query_one("#status", Static).update(
            plain(f"{vendors}{rated}{what}{more} · sorted by {LABELS[self.order]} {arrow}"),
            layout=False,  # one line, as wide as the screen: no layout per keystroke
        )

    # --- events ---------------------------------------------------------------------------

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Debounced by the query itself (issue 14): a keystroke queries at once unless a
        query of the list is still running; the keys typed meanwhile are served by one
        query for the newest text when it answers. No timer to wait for, no query per key."""
        text = event.value.strip()
        if text == self.text:
            return
        self.text = text
        if self.querying:
            self._typed_while_querying = True
        else:
            self.refresh_list()

    @property
    def querying(self) -> bool:
        """A load of the list's first page has not answered yet."""
        return self.answered < self.generation

    @property
    def filter_pending(self) -> bool:
        """Typed text waits for the running query to answer before it is queried."""
        return self._typed_while_querying

    @on(Worker.StateChanged)
    def _load_failed(self, event: Worker.StateChanged) -> None:
        """A failed load (shown by ``AppScreen``) answered too: typing queries again."""
        if event.worker.group == "vendors" and event.state is WorkerState.ERROR:
            self.answered = self.generation
            if self._typed_while_querying:
                self.refresh_list()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        (self.vendor_tree if self.tree_shown else self.table).focus()

    @on(VendorTable.Highlighted, "#vendors")
    def near_the_end(self, event: VendorTable.Highlighted) -> None:
        if event.row >= self.table.row_count - MORE_AT:
            self.fetch_more()

    def scrolled(self, scroll_y: float) -> None:
        """Scrolled (mouse wheel) close to the last loaded row: fetch the next page."""
        if scroll_y >= self.table.max_scroll_y - MORE_AT:
            self.fetch_more()

    def fetch_more(self) -> None:
        loaded = self.table.row_count
        if not self.fetching_more and loaded < self.total:
            self.fetching_more = True
            self.load_more(self.text, self.order, self.descending, loaded, self.generation)

    @on(VendorTable.Opened, "#vendors")
    def open_row(self, event: VendorTable.Opened) -> None:
        self.vr_app.open_vendor(event.vendor_id)

    @on(VendorTable.SortClicked, "#vendors")
    def header_clicked(self, event: VendorTable.SortClicked) -> None:
        key = event.key
        self.sort_by(key, not self.descending if key == self.order else False)

    @on(Tree.NodeExpanded, "#tree")
    def expanded(self, event: Tree.NodeExpanded[Node]) -> None:
        data = event.node.data
        if data is not None and data.vendor_id is not None and not data.loaded:
            self.load_tree(event.node.id, data.vendor_id, self.text, self.generation)

    @on(Tree.NodeSelected, "#tree")
    def open_node(self, event: Tree.NodeSelected[Node]) -> None:
        data = event.node.data
        if data is not None and data.vendor_id is not None:
            self.vr_app.open_vendor(data.vendor_id)

    # --- actions --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            # Nothing to clear: escape goes back (the app's binding) instead.
            return bool(self.text) or isinstance(self.focused, Input)
        if action in ("cycle_sort", "reverse_sort"):
            return not self.tree_shown
        return True

    def sort_by(self, order: str, descending: bool) -> None:
        self.order, self.descending = order, descending
        self.table.mark_sort(order, descending)
        self.refresh_list(keep_cursor=True)

    def action_cycle_sort(self) -> None:
        keys = [key for key, _, _ in COLUMNS]
        self.sort_by(keys[(keys.index(self.order) + 1) % len(keys)], False)

    def action_reverse_sort(self) -> None:
        self.sort_by(self.order, not self.descending)

    def action_toggle_tree(self) -> None:
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "vendors" if self.tree_shown else "tree"
        if self.tree_shown:
            if self.tree_stale:
                self.load_tree(None, None, self.text, self.generation)
            self.vendor_tree.focus()
        else:
            self.table.focus()
        self.refresh_bindings()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        (self.vendor_tree if self.tree_shown else self.table).focus()

    def action_reload(self) -> None:
        self.refresh_list(keep_cursor=True)

    def export_scope(self) -> ExportScope:
        """ctrl+e exports the vendors listed (the filter and rating as they are now)."""
        return vendor_list_scope(self.text, self.rating)
