"""Start the terminal app: open the database first (errors as one line), then run Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendor_review.cli.app import AppContext
    from vendor_review.service import Service


def run_app(ctx: AppContext) -> None:
    from vendor_review.tui.app import VendorReviewApp

    if ctx.settings.demo:
        from vendor_review.demo import ensure_demo

        ensure_demo(ctx.settings, ctx.database_url)
    service = ctx.service()

    def open_demo() -> Service:
        """The example portfolio in its own database (loaded on first use), for the
        welcome screen; the user's database is left as it is."""
        from vendor_review.demo import ensure_demo
        from vendor_review.service import open_service
        from vendor_review.store.engine import demo_sqlite_url

        url = demo_sqlite_url()
        ensure_demo(ctx.settings, url)
        return open_service(ctx.settings, database_url=url)

    output_dir = ctx.settings.output_dir.expanduser() if ctx.settings.output_dir else None
    app = VendorReviewApp(
        service, open_demo=None if ctx.settings.demo else open_demo, output_dir=output_dir
    )
    app.paper = ctx.settings.paper
    app.run()
