"""Keys several screens share."""

from __future__ import annotations

from textual.binding import Binding, BindingType

NAVIGATION: list[BindingType] = [
    Binding("d", "app.dashboard", "Dashboard", id="nav.dashboard"),
    Binding("v", "app.vendors", "Vendors", id="nav.vendors"),
    Binding("a", "app.approvals", "Approvals", id="nav.approvals"),
    Binding("f", "app.findings", "Findings", id="nav.findings"),
    Binding("o", "app.obligations", "Obligations", id="nav.obligations", show=False),
    Binding("l", "app.audit", "Audit log", id="nav.audit", show=False),
]
"""The app's navigation keys (bound app-wide, hidden there) as the dashboard and the vendor
list show them in their footer."""

EXPORT = Binding("ctrl+e", "app.export", "Export", id="nav.export")
"""ctrl+e works everywhere (an app key); the screens that say what it exports show it."""

NEW_VENDOR = Binding("n", "app.new_vendor", "New vendor", id="nav.new_vendor")
"""n adds a vendor where the portfolio is shown (the dashboard, the vendor list)."""

FINDINGS = Binding("f", "findings", "Findings", id="screen.findings")
"""f on a record's screen (a vendor, a report): its findings, not all of them."""


def reload_key(*, show: bool = True) -> Binding:
    """r reads the screen's records again (its ``action_reload``); ``show``: in the footer."""
    return Binding("r", "reload", "Reload", id="screen.reload", show=show)
