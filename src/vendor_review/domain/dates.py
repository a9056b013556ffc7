"""Calendar arithmetic used by the policy."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """``start`` plus calendar months, the day clamped to the target month's end.

    31 Aug + 6 months is 28 Feb (29 Feb in a leap year).
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))
