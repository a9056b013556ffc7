"""Issue 5's "done when": on the example portfolio, ``due --as-of`` lists exactly the
items the demo was built to show and exits 3; the calendar holds its review and expiry."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from icalendar import Calendar

from support.cli import Cli
from support.database import demo_sqlite_url

AS_OF = "2026-06-15"


def test_due_on_the_example_portfolio(tmp_path: Path) -> None:
    url = demo_sqlite_url(tmp_path / "demo.db")
    run = Cli(url, actor=None)
    result = run.run("due", "--as-of", AS_OF, "--json")
    assert result.exit_code == 3, result.output
    report = json.loads(result.output)
    items = [
        f"{i['due_on']} {i['kind']}: {i['vendor_name']}" + (" (overdue)" if i["overdue"] else "")
        for i in report["items"]
    ]
    assert items == [
        # never decided: added 430 days before, due then (before processing starts)
        "2025-04-11 never_assessed: 24/7 support subcontractors (overdue)",
        "2025-04-11 never_assessed: Quality Unit, LLC (overdue)",
        "2025-04-11 never_assessed: Websupport, s.r.o. (overdue)",
        # open findings past their due date, the overdue re-review between them
        "2026-05-01 finding: Quality Unit Ukraine (overdue)",
        # Linode's SOC 2 report a month ago carved out Equinix: a new, untriaged fourth
        # party, which brings Linode's overdue re-review forward (one re-review per vendor)
        "2026-05-16 never_assessed: Equinix, Inc. (overdue)",
        "2026-05-16 review: Linode, LLC (overdue)",
        "2026-05-31 finding: Quality Unit Ukraine (overdue)",
        # the re-review due within 30 days, then the expiring cert
        "2026-06-30 review: Amazon Web Services, LLC",
        "2026-07-06 certificate: Amazon Web Services, LLC",
    ]
    assert report["overdue"] == 7
    assert "assessment #7 is draft" in report["items"][1]["reason"]

    ics = tmp_path / "reviews.ics"
    result = run.run("calendar", str(ics), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    starts = sorted((e.decoded("dtstart"), str(e.get("summary"))) for e in events)
    # One event per vendor's re-review: the soonest reason (the new fourth party).
    assert (date(2026, 5, 16), "Re-review Linode, LLC (rated medium)") in starts
    assert len(starts) == len({str(e["uid"]) for e in events})
    assert (date(2026, 7, 6), "ISO 27001 of Amazon Web Services, LLC expires") in starts
