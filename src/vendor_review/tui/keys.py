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
