"""Calendar-month arithmetic (DESIGN §5: "in calendar months, day clamped to the month's end")."""

from __future__ import annotations

from datetime import date

import pytest

from vendor_review.domain.dates import add_months


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        # DESIGN's own example: 31 Aug + 6 lands in February, clamped to its last day.
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # 2027 is not a leap year
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # 2028 is a leap year
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),  # April has 30 days
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day to a common year
        (date(2024, 2, 29), 48, date(2028, 2, 29)),  # leap day to a leap year
        (date(2026, 2, 28), 1, date(2026, 3, 28)),  # the day is kept, not moved to month end
        # no clamping needed
        (date(2026, 3, 15), 24, date(2028, 3, 15)),
        (date(2026, 3, 15), 0, date(2026, 3, 15)),
        # year rollover
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 11, 15), 12, date(2027, 11, 15)),
        (date(2026, 12, 31), 14, date(2028, 2, 29)),  # 12 -> Dec 2027, +2 -> Feb 2028 (leap)
        (date(2026, 7, 1), 120, date(2036, 7, 1)),
        # backwards
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_every_month_end_of_a_year_clamps() -> None:
    # 31 Jan 2026 plus k months: the last day of each target month (2026 is common).
    ends = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for k in range(12):
        assert add_months(date(2026, 1, 31), k) == date(2026, k + 1, ends[k])
