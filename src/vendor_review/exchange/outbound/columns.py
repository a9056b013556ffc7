"""How a sheet declares its columns: one constructor per kind of cell, named for what the
column holds, with the house widths (a date is 11 wide, a time 16, a count 9).

    FINDINGS = (text("Vendor", 28), count("Finding"), level("Severity", 10), day("Due on"))

Each returns the ``writer.Column`` that ``TableSheet`` formats the column by.
"""

from __future__ import annotations

from vendor_review.exchange.outbound.writer import Column, Kind

DAY_WIDTH = 11
MOMENT_WIDTH = 16
COUNT_WIDTH = 9


def text(header: str, width: float) -> Column:
    """Text on one line (cut at the column's edge when the next cell holds something)."""
    return Column(header, width)


def wrapped(header: str, width: float) -> Column:
    """Text wrapped onto as many lines as it needs (the row grows)."""
    return Column(header, width, Kind.WRAP)


def level(header: str, width: float) -> Column:
    """A rating, severity, inherent risk or control band: coloured by its level."""
    return Column(header, width, coloured=True)


def count(header: str, width: float = COUNT_WIDTH) -> Column:
    """A whole number: a count or an id."""
    return Column(header, width, Kind.INT)


def days_left(header: str, width: float) -> Column:
    """Days until a date: negative (overdue) in bold red."""
    return Column(header, width, Kind.INT, overdue=True)


def score(header: str, width: float) -> Column:
    """A score out of 100, one decimal."""
    return Column(header, width, Kind.SCORE)


def percent(header: str, width: float) -> Column:
    """A fraction shown as a whole percentage."""
    return Column(header, width, Kind.PERCENT)


def number(header: str, width: float) -> Column:
    """A number as Excel shows it (General)."""
    return Column(header, width, Kind.NUMBER)


def day(header: str) -> Column:
    """A date (yyyy-mm-dd)."""
    return Column(header, DAY_WIDTH, Kind.DATE)


def moment(header: str) -> Column:
    """A date and time in UTC (yyyy-mm-dd hh:mm)."""
    return Column(header, MOMENT_WIDTH, Kind.DATETIME)
