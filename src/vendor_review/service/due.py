"""The due list: what to look at again, and why — one source for the CLI, the dashboard,
the calendar and the Schedule sheet (the rules themselves are in ``reporting.schedule``,
streamed, so the export reads the same items without holding them all)."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta
from itertools import islice

from vendor_review.domain.wording import noun_for
from vendor_review.service.due_items import KINDS, DueList
from vendor_review.service.errors import ValidationError
from vendor_review.service.reporting.schedule import ScheduleReads
from vendor_review.service.reporting.scope import ReportScope

__all__ = ["KINDS", "DueOps"]


class DueOps(ScheduleReads):
    def due_list(
        self,
        *,
        as_of: date | None = None,
        within_days: int = 30,
        kinds: set[str] | None = None,
        limit: int | None = None,
    ) -> DueList:
        """Everything overdue on ``as_of`` or due within the window, soonest first.

        - re-reviews: each active vendor's latest decided assessment, if approved;
        - certificates: the newest of each vendor and standard, expired or expiring;
        - findings: open and past their due date;
        - vendors not yet decided: waiting since they were added (overdue after the
          policy's grace period), an assessment in progress named.
        Offboarded vendors are left out; a rejected vendor has no re-review date.
        With ``limit``, only the soonest items (the sources are read lazily).
        """
        if within_days < 0:
            raise ValidationError("the window cannot be negative")
        unknown = set(kinds or ()) - set(KINDS)
        if unknown:
            raise ValidationError(
                f"unknown {noun_for(len(unknown), 'kind')} {', '.join(sorted(unknown))}"
            )
        today = as_of or self.today()
        schedule = self.report_schedule(
            ReportScope(), as_of=today, within_days=within_days, kinds=kinds
        )
        with closing(schedule):  # ends its read transaction after the first ``limit``
            items = list(islice(schedule, limit))
        return DueList(as_of=today, until=today + timedelta(days=within_days), items=items)
