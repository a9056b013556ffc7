"""Start the terminal app: open the database first (errors as one line), then run Textual.

The app is built on the open database and the actor (``tui/opening.py``): the use cases,
the ORM and pydantic are imported by the first worker that needs them, after the first
screen is painted (issue 14)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendor_review.cli.app import AppContext
    from vendor_review.service import Service
    from vendor_review.tui.app import VendorReviewApp


def build_app(ctx: AppContext) -> VendorReviewApp:
    """The app on the database of ``ctx`` (opened and checked here: errors raise now)."""
    from vendor_review.store.engine import current_actor, open_database
    from vendor_review.tui.app import VendorReviewApp
    from vendor_review.tui.opening import ServiceOpening

    if ctx.settings.demo:
        from vendor_review.demo import ensure_demo

        ensure_demo(ctx.settings, ctx.database_url)
    db = open_database(ctx.database_url)
    settings = ctx.settings

    def service() -> Service:
        from vendor_review.service import open_service

        return open_service(settings, database_url=ctx.database_url, db=db)

    def open_demo() -> Service:
        """The example portfolio in its own database (loaded on first use), for the
        welcome screen; the user's database is left as it is."""
        from vendor_review.demo import ensure_demo
        from vendor_review.service import open_service
        from vendor_review.store.engine import demo_sqlite_url

        url = demo_sqlite_url()
        ensure_demo(settings, url)
        return open_service(settings, database_url=url)

    output_dir = settings.output_dir.expanduser() if settings.output_dir else None
    app = VendorReviewApp(
        ServiceOpening(db, current_actor(db, settings.actor), service),
        open_demo=None if settings.demo else open_demo,
        output_dir=output_dir,
    )
    app.paper = settings.paper
    return app


def run_app(ctx: AppContext) -> None:
    build_app(ctx).run()
