"""The subprocessor chain as a tree (LiveAgent → Twilio …), loaded a level at a time.

A subprocessor of several vendors (AWS for Slack and for Intercom) is under each of them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from vendor_review.tui.text import plain
from vendor_review.tui.tone import tone
from vendor_review.tui.widgets.vendor_cells import RATING_TONE

if TYPE_CHECKING:
    from vendor_review.service.vendor_list import VendorRow


@dataclass
class Node:
    vendor_id: int | None  # None: the "… more" line
    loaded: bool = False


class VendorTree(Tree[Node]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Open", id="vendors.tree_open"),
        Binding("space", "toggle_node", "Expand", id="vendors.tree_expand"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Vendors", data=Node(None, loaded=True), id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 3

    def label_for(self, row: VendorRow) -> Text:
        """The vendor's name, as written (never markup), with what matters about it."""
        label = plain(row.name)
        label.append(f"  {row.kind.value}", style="dim")
        if row.inherent_risk is None:
            label.append("  needs triage", style=tone(self.app, "warning"))
        if row.rating:
            name = RATING_TONE.get(row.rating)
            label.append(f"  {row.rating}", style=tone(self.app, name) if name else "")
        if row.subprocessors:
            many = "subprocessor" if row.subprocessors == 1 else "subprocessors"
            label.append(f"  ({row.subprocessors} {many})", style="dim")
        return label

    def fill(
        self,
        node: TreeNode[Node],
        rows: list[VendorRow],
        total: int,
        *,
        show_parent: bool = False,
    ) -> None:
        node.remove_children()
        for row in rows:
            label = self.label_for(row)
            if show_parent and row.parents:
                label = Text.assemble(plain(row.parents, "dim"), (" → ", "dim"), label)
            node.add(label, data=Node(row.id), allow_expand=row.subprocessors > 0)
        if total > len(rows):
            more = Text(f"… {total - len(rows):,} more: type to narrow", style="dim italic")
            node.add_leaf(more, data=Node(None, loaded=True))
        if node.data is not None:
            node.data.loaded = True
