"""The vendor list's table: keys, cursor, sort marks and the lines on screen (its columns
and cells: ``vendor_cells.py``).

Drawn with Textual's Line API (issue 14: a filter keystroke under 50 ms): the columns have
fixed widths, so a line is its cells' segments side by side, and only the lines on screen
are drawn. A new page of rows replaces the rows held (no widget per cell, no measuring on
idle); a row's cells are made when the row is first drawn. It looks as Textual's
``DataTable`` does (the same component classes and CSS, cells padded one space each side,
zebra stripes, a row cursor, the hover row), so the screen did not change."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from vendor_review.tui.widgets.vendor_cells import COLUMNS, PADDING, cell_segments, cells

if TYPE_CHECKING:
    from vendor_review.service.vendor_list import VendorRow

WIDTHS = tuple(width + 2 * PADDING for _, _, width in COLUMNS)
TABLE_WIDTH = sum(WIDTHS)
HEADER = -1
"""The header's row index (as DataTable's, in the segments' ``row`` meta)."""
LINES_KEPT = 512
"""Drawn lines remembered (the screen's, with and without the cursor, a few scrolls)."""


class TableEvent(Message):
    """Sent by the table, which is its ``control`` (``@on(..., "#vendors")`` picks by it)."""

    def __init__(self, table: VendorTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> VendorTable:
        return self.table


class VendorTable(ScrollView, can_focus=True):
    """A page-wise list of vendors: ``show_rows`` replaces the rows, ``add_rows`` appends
    the next page. Posts ``Highlighted`` when the cursor moves, ``Opened`` on enter (or a
    click on the cursor's row) and ``SortClicked`` on a click on a column's header."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="vendors.open"),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "scroll_top", "First row", show=False),
        Binding("end,ctrl+end", "scroll_bottom", "Last row", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--cursor",
        "datatable--hover",
        "datatable--header",
        "datatable--header-hover",
        "datatable--odd-row",
        "datatable--even-row",
    }
    # DataTable's look (its DEFAULT_CSS for the classes used here).
    DEFAULT_CSS = """
    VendorTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .datatable--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--odd-row {
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--header-hover {
            background: $accent 30%;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=False)

    class Highlighted(TableEvent):
        """The cursor moved to ``row``."""

        def __init__(self, table: VendorTable, row: int) -> None:
            super().__init__(table)
            self.row = row

    class Opened(TableEvent):
        """Enter (or a click on the cursor's row) on a vendor."""

        def __init__(self, table: VendorTable, vendor_id: int) -> None:
            super().__init__(table)
            self.vendor_id = vendor_id

    class SortClicked(TableEvent):
        """A click on the header of the column ``key``."""

        def __init__(self, table: VendorTable, key: str) -> None:
            super().__init__(table)
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[VendorRow] = []
        self.today = date.today()
        self.hover_row = 0
        self.hover_shown = False
        self._labels = [Text(label) for _, label, _ in COLUMNS]
        self._cells: dict[int, list[list[Segment]]] = {}
        self._lines: dict[tuple[object, ...], Strip] = {}
        self._drawn = 0  # bumped when what the rows show changes: the lines drawn are old
        self._styles: dict[object, tuple[Style, ...]] = {}
        self._pseudo: object = None
        self._base = Style.null()
        self._metas: dict[tuple[int, int], Style] = {}

    # --- contents -------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def show_rows(self, rows: list[VendorRow], today: date) -> None:
        """A new first page: the rows, the cursor on the first, scrolled to the top."""
        self.rows, self.today = list(rows), today
        self._cells.clear()
        self._changed()
        self.set_reactive(VendorTable.cursor_row, 0)
        self.scroll_to(y=0, animate=False, immediate=True)

    def add_rows(self, rows: list[VendorRow]) -> None:
        """The next page, after the rows shown."""
        self.rows.extend(rows)
        self._changed()

    def mark_sort(self, order: str, descending: bool) -> None:
        for index, (key, label, _) in enumerate(COLUMNS):
            arrow = (" ▼" if descending else " ▲") if key == order else ""
            self._labels[index] = Text(label + arrow, style="bold" if arrow else "")
        self._changed()

    def _changed(self) -> None:
        self._drawn += 1
        self._lines.clear()
        self.virtual_size = Size(TABLE_WIDTH, len(self.rows) + 1)
        self.refresh()

    def cells(self, index: int) -> list[Text]:
        """Row ``index`` as its cells show it."""
        return cells(self.app, self.rows[index], self.today)

    def selected_vendor(self) -> int | None:
        return self.rows[self.cursor_row].id if self.rows else None

    def move_to_vendor(self, vendor_id: int) -> None:
        """The cursor on that vendor, if it is listed."""
        for index, row in enumerate(self.rows):
            if row.id == vendor_id:
                self.cursor_row = index
                return

    # --- the cursor -----------------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self.rows) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self.refresh_row(old)
        self.refresh_row(new)
        self.scroll_to_cursor()
        self.post_message(self.Highlighted(self, new))

    def refresh_row(self, index: int) -> None:
        self.refresh(Region(0, index + 1 - int(self.scroll_y), self.size.width, 1))

    def scroll_to_cursor(self, animate: bool = False) -> None:
        region = Region(int(self.scroll_x), self.cursor_row + 1, TABLE_WIDTH, 1)
        self.scroll_to_region(region, animate=animate, spacing=Spacing(1, 0, 0, 0), force=True)

    def _keyboard(self) -> None:
        if self.hover_shown:
            self.hover_shown = False
            self.refresh_row(self.hover_row)

    def action_cursor_up(self) -> None:
        self._keyboard()
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self._keyboard()
        self.cursor_row += 1

    def action_page_up(self) -> None:
        self._keyboard()
        page = self._page_height()
        self.scroll_relative(y=-page, animate=False)
        self.cursor_row -= page

    def action_page_down(self) -> None:
        self._keyboard()
        page = self._page_height()
        self.scroll_relative(y=page, animate=False, force=True)
        self.cursor_row += page

    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_scroll_top(self) -> None:
        self._keyboard()
        self.cursor_row = 0

    def action_scroll_bottom(self) -> None:
        self._keyboard()
        self.cursor_row = len(self.rows) - 1

    def action_select_cursor(self) -> None:
        self._keyboard()
        if vendor_id := self.selected_vendor():
            self.post_message(self.Opened(self, vendor_id))

    # --- the mouse ------------------------------------------------------------------------

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        row = event.style.meta.get("row")
        old, was_shown = self.hover_row, self.hover_shown
        self.hover_shown = row is not None
        if row is not None:
            self.hover_row = row
        if (old, was_shown) != (self.hover_row, self.hover_shown):
            self.refresh_row(old)
            self.refresh_row(self.hover_row)

    def _on_leave(self, _: events.Leave) -> None:
        self._keyboard()

    async def _on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" not in meta or "column" not in meta:
            return
        row = meta["row"]
        if row == HEADER:
            self.post_message(self.SortClicked(self, COLUMNS[meta["column"]][0]))
            return
        event.stop()
        if row == self.cursor_row:
            self.action_select_cursor()
        else:
            self.cursor_row = row
            self.scroll_to_cursor(animate=True)

    # --- drawing --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._lines.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._pseudo = self.get_pseudo_class_state()  # focus changes the cursor's look
        self._base = self.rich_style
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        base = self._base
        index = HEADER if y == 0 else y - 1 + scroll_y
        if index >= len(self.rows):
            return Strip.blank(width, base)
        cursor = index == self.cursor_row
        hover = self.hover_shown and index == self.hover_row
        pseudo = self._pseudo
        key = (index, scroll_x, width, cursor, hover, base, pseudo, self._drawn)
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) > LINES_KEPT:
                self._lines.clear()
            segments = self._row_segments(index, cursor, hover, pseudo)
            drawn = TABLE_WIDTH + max(0, width - TABLE_WIDTH)
            line = Strip(segments, drawn).crop(scroll_x, scroll_x + width)
            line = line.adjust_cell_length(width, base).simplify()
            self._lines[key] = line
        return line

    def _row_segments(self, index: int, cursor: bool, hover: bool, pseudo: object) -> list[Segment]:
        """Row ``index`` (or the header) drawn whole, as DataTable draws a row: each cell
        in the row's style, the cursor's or hover's on top, then the rest of the width."""
        row_style, cell_style, post = self._row_styles(index, cursor, hover, pseudo)
        out: list[Segment] = []
        # DataTable's order is row style + where + cursor + text's style + post; ``+`` on
        # styles overlays and ``where`` (mouse meta) has no looks, so it can go last: the
        # few looks are added once (cached by Rich), the meta once per segment.
        pre = row_style + cell_style
        for column, segments in enumerate(self._cell_segments(index)):
            meta = self._meta(index, column)
            out.extend([Segment(text, pre + style + post + meta) for text, style, _ in segments])
        rest = max(0, self.size.width - TABLE_WIDTH)
        out.append(Segment(" " * rest, pre + self._meta(index, None)))
        return out

    def _meta(self, row: int, column: int | None) -> Style:
        """Where a cell is, for the mouse (``column`` None: the blank after the last)."""
        key = (row, -1 if column is None else column)
        meta = self._metas.get(key)
        if meta is None:
            found = {"row": row, "column": column or 0}
            meta = self._metas[key] = Style.from_meta(
                found if column is not None else found | {"out_of_bounds": True}
            )
        return meta

    def _row_styles(
        self, index: int, cursor: bool, hover: bool, pseudo: object
    ) -> tuple[Style, ...]:
        """The row's style (header, even or odd), the cursor's and hover's component
        style on top of it, and what the cursor's colour overrides (DataTable's
        ``cursor_foreground_priority="css"``)."""
        key = (index == HEADER, index % 2, cursor, hover, pseudo)
        styles = self._styles.get(key)
        if styles is None:
            component = self.get_component_rich_style
            if index == HEADER:
                row_style = self.get_component_styles("datatable--header").rich_style
            else:
                name = "datatable--odd-row" if index % 2 else "datatable--even-row"
                row_style = self.get_component_styles(name).rich_style
            on_top = Style()
            if hover:
                on_top += component("datatable--hover")
                if index == HEADER:
                    on_top += component("datatable--header-hover")
            if cursor:
                on_top += component("datatable--cursor")
            styles = self._styles[key] = (row_style, on_top, Style.from_color(on_top.color))
        return styles

    def _cell_segments(self, index: int) -> list[list[Segment]]:
        if index == HEADER:
            labels = zip(self._labels, WIDTHS, strict=True)
            return [cell_segments(text, width) for text, width in labels]
        segments = self._cells.get(index)
        if segments is None:
            texts = self.cells(index)
            segments = self._cells[index] = [
                cell_segments(text, width) for text, width in zip(texts, WIDTHS, strict=True)
            ]
        return segments
