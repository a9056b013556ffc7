"""Re-review and certificate-expiry dates as an iCalendar file (RFC 5545)."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from vendor_review.service.dto import DueItem, DueList
from vendor_review.service.errors import ValidationError

PRODID = "-//vendor-review//due dates//EN"
REMIND_BEFORE = timedelta(days=14)


def event_uid(item: DueItem) -> str:
    """Stable across exports, so a calendar updates the event instead of adding another."""
    return f"{item.kind}-{item.ref_id}@vendor-review"


def _summary(item: DueItem) -> str:
    if item.kind == "review":
        return f"Re-review {item.vendor_name} (rated {item.level})"
    return f"{item.level} of {item.vendor_name} expires"


def build_calendar(due: DueList) -> bytes:
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Vendor reviews")
    for item in due.items:
        if item.kind not in ("review", "certificate"):
            continue
        event = Event()
        event.add("uid", event_uid(item))
        event.add("summary", _summary(item))
        event.add("description", item.reason)
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
    data = build_calendar(due)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return sum(1 for i in due.items if i.kind in ("review", "certificate"))
