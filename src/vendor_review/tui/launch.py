"""Start the terminal app: open the database first (errors as one line), then run Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendor_review.cli.app import AppContext


def run_app(ctx: AppContext) -> None:
    from vendor_review.tui.app import VendorReviewApp

    if ctx.settings.demo:
        from vendor_review.demo import ensure_demo

        ensure_demo(ctx.settings, ctx.database_url)
    service = ctx.service()
    app = VendorReviewApp(service)
    app.run()
