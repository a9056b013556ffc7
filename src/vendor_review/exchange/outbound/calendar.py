"""Re-review dates and the end of each assurance report's currency (certificate expiry,
SOC report lapse) as an iCalendar file (RFC 5545)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from vendor_review.domain.text_rules import visible
from vendor_review.exchange.files import atomic_file
from vendor_review.service.dto import DueItem, DueList
from vendor_review.service.errors import ValidationError

PRODID = "-//vendor-review//due dates//EN"
REMIND_BEFORE = timedelta(days=14)


def event_uid(item: DueItem) -> str:
    """One event per vendor's re-review and per vendor and standard's certificate: the UID
    stays the same across exports, re-reviews and renewals, so a calendar that imports the
    file again moves the event instead of adding another."""
    if item.kind == "review":
        return f"review-{item.vendor_id}@vendor-review"
    standard = re.sub(r"[^a-z0-9]+", "-", (item.level or "").lower()).strip("-")
    return f"{item.kind}-{item.vendor_id}-{standard}@vendor-review"


def _summary(item: DueItem) -> str:
    """Outside text (names, standards) with control and bidi characters made visible:
    a calendar shows what it reads, and a reminder may pop up in a terminal."""
    if item.kind == "review":
        return visible(f"Re-review {item.vendor_name} (rated {item.level})")
    verb = "lapses" if " report lapse" in item.reason else "expires"  # a SOC report lapses
    return visible(f"{item.level} of {item.vendor_name} {verb}")


def build_calendar(due: DueList) -> bytes:
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Vendor reviews")
    for item in calendar_items(due):
        event = Event()
        event.add("uid", event_uid(item))
        # A re-review or renewal is a newer row, so the event's revision only grows.
        event.add("sequence", item.ref_id or 0)
        event.add("summary", _summary(item))
        event.add("description", visible(item.reason, multiline=True))
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        event.add("dtstamp", _stamp(due))
        event.add("categories", ["vendor-review", item.kind])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _summary(item))
        alarm.add("trigger", -REMIND_BEFORE)
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _stamp(due: DueList) -> datetime:
    return datetime.combine(due.as_of, time(0, 0), tzinfo=UTC)


def write_calendar(due: DueList, path: Path, *, overwrite: bool = False) -> int:
    """Write atomically (temporary file beside ``path``, then rename); returns events."""
    if path.exists() and not overwrite:
        raise ValidationError(f"{path} exists; use --force to overwrite it")
    if not path.parent.is_dir():
        raise ValidationError(f"cannot write {path}: folder {path.parent} does not exist")
    data = build_calendar(due)
    with atomic_file(path, overwrite=overwrite, mode=0o600) as fh:
        fh.write(data)
    return len(calendar_items(due))


def calendar_items(due: DueList) -> list[DueItem]:
    """The items that are events: one per UID, the soonest (a vendor's re-review may be
    due for several reasons — its date, an event, a lapsed report — but is one event)."""
    seen: dict[str, DueItem] = {}
    for item in due.items:
        if item.kind in ("review", "certificate"):
            seen.setdefault(event_uid(item), item)
    return list(seen.values())
