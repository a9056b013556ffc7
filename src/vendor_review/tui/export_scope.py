"""What ctrl+e exports, as the screen it is pressed on tells it (``export_scope()``):
the whole portfolio, the vendors a list shows, one vendor, or one assessment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from vendor_review.domain.enums import Rating
from vendor_review.service.errors import ValidationError

if TYPE_CHECKING:
    from vendor_review.exchange.outbound.export import ExportOptions
    from vendor_review.exchange.outbound.print_layout import Paper
    from vendor_review.service import Service

MAX_LISTED = 2_000
"""A filtered vendor list is exported by the ids of its vendors: at most this many."""


@dataclass(frozen=True)
class ExportScope:
    """What ctrl+e exports: ``label`` reads "Export {label}"."""

    label: str
    assessment_id: int | None = None
    vendors: tuple[str, ...] = ()
    ratings: tuple[str, ...] = ()
    listed: tuple[str, str | None] | None = None
    """A vendor list's (text filter, rating): its vendors, found when the export runs."""

    def file_name(self, today: date) -> str:
        if self.assessment_id is not None:
            return f"./assessment-{self.assessment_id}-{today.isoformat()}.xlsx"
        return f"./vendor-review-{today.isoformat()}.xlsx"


PORTFOLIO = ExportScope("the whole portfolio")


def vendor_list_scope(text: str, rating: str | None) -> ExportScope:
    """The vendors a list shows: all, those of one rating, or those its filter matches."""
    if not text and rating is None:
        return PORTFOLIO
    if not text and rating in {r.value for r in Rating}:
        return ExportScope(f"the vendors rated {rating}", ratings=(str(rating),))
    what = [f"matching {text!r}"] if text else []
    if rating is not None:
        what.append("not rated yet" if rating == "unrated" else f"rated {rating}")
    return ExportScope(f"the vendors {' and '.join(what)}", listed=(text, rating))


def assessment_scope(assessment_id: int) -> ExportScope:
    return ExportScope(f"assessment #{assessment_id}", assessment_id=assessment_id)


def vendor_scope(vendor_id: int, name: str) -> ExportScope:
    return ExportScope(f"vendor {name}", vendors=(str(vendor_id),))


def export_options(
    service: Service, scope: ExportScope, *, force: bool, paper: Paper = "a4"
) -> ExportOptions:
    """The export's options (in the worker: a filtered list is looked up here)."""
    from vendor_review.exchange.outbound.export import ExportOptions

    vendors = scope.vendors
    if scope.listed is not None:
        text, rating = scope.listed
        page = service.list_vendors(
            text=text or None,
            rating=rating,
            include_offboarded=rating is None,
            limit=MAX_LISTED + 1,
        )
        if not page.rows:
            raise ValidationError("no vendor matches the filter: nothing was exported")
        if page.total > MAX_LISTED:
            raise ValidationError(
                f"the filter matches {page.total:,} vendors, more than the {MAX_LISTED:,} a "
                "filtered export takes: clear the filter to export the whole portfolio"
            )
        vendors = tuple(str(row.id) for row in page.rows)
    return ExportOptions(
        vendors=vendors,
        ratings=scope.ratings,
        assessment_id=scope.assessment_id,
        force=force,
        paper=paper,
    )
