"""The due rules, streamed: the one implementation behind ``DueOps.due_list``, the
dashboard and the Schedule sheet.

Re-reviews fall due at the date set on approval (cadence: ``Policy.review_interval``) or
at once when something happened since: a vendor event (breach, acquisition, scope change,
new subprocessor, raised profile) or a certificate that lapsed after the approval. Open
findings are due at their date, a risk acceptance at its expiry; vendors never assessed
when they are added (plus ``candidate_grace_days``).

Each of the sources (``reporting.due_sources``) is ONE Core query sorted by (due date,
vendor name, id), streamed in batches from one read transaction, and ``heapq.merge``
interleaves them, so the whole portfolio is never held at once (tens of megabytes at
10,000 vendors) and the list grows linearly.
"""

from __future__ import annotations

import heapq
from collections.abc import Generator, Iterator
from datetime import date, timedelta

from vendor_review.service.due_items import KINDS, DueItem
from vendor_review.service.reporting import due_sources as sources
from vendor_review.service.reporting.scope import ROWS_PER_CHUNK, ReportScope, ScopedReads


class ScheduleReads(ScopedReads):
    def report_schedule(
        self,
        scope: ReportScope,
        *,
        as_of: date,
        within_days: int,
        kinds: set[str] | None = None,
        chunk: int = ROWS_PER_CHUNK,
    ) -> Generator[DueItem, None, None]:
        """The due items of the vendors in scope, soonest first, streamed (the read
        transaction ends when the iterator is exhausted or dropped)."""
        until = as_of + timedelta(days=within_days)
        wanted = set(KINDS) if kinds is None else kinds
        with self._connect() as connection:
            window = sources.DueWindow(self, connection, scope, as_of, until, chunk)
            yield from _one_review_per_vendor(_merged(window, wanted))


def _merged(window: sources.DueWindow, wanted: set[str]) -> Iterator[DueItem]:
    """The items of the sources of the ``wanted`` kinds, interleaved soonest first."""
    streams: list[Iterator[DueItem]] = []
    if "review" in wanted:
        streams.append(sources.reviews_due(window))
        streams.append(sources.events_due(window))
        streams.append(sources.lapses_due(window))
    if "certificate" in wanted:
        streams.append(sources.certificates_due(window))
    if "finding" in wanted:
        streams.append(sources.findings_due(window))
        streams.append(sources.acceptances_expired(window))
    if "never_assessed" in wanted:
        streams.append(sources.never_assessed_due(window))
    return heapq.merge(*streams, key=lambda i: (i.due_on, i.vendor_name, i.kind, i.ref_id or 0))


def _one_review_per_vendor(items: Iterator[DueItem]) -> Iterator[DueItem]:
    """A vendor's re-review may be due for several reasons (its date, an event, a lapsed
    report): it is one re-review, listed once at the soonest (the items come soonest
    first), as the dashboard counts it."""
    reviewed: set[int] = set()
    for item in items:
        if item.kind == "review":
            if item.vendor_id in reviewed:
                continue
            reviewed.add(item.vendor_id)
        yield item
