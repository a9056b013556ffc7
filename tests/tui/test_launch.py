"""Start-up of the app (``tui/launch.py``): the Dashboard is painted before the use cases,
the ORM, pydantic or openpyxl are imported, and then filled with the database's counts;
what start-up made is then left out of full garbage collections (a pause in a keystroke
otherwise). Checked in a fresh interpreter, as ``vendor-review`` starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from vendor_review.store.engine import open_database

PROBE = """
import asyncio, gc, json, sys
from vendor_review.cli.app import AppContext
from vendor_review.tui.launch import build_app
from vendor_review.tui.screens.dashboard import DashboardScreen

WATCHED = ("sqlalchemy.orm", "pydantic", "openpyxl", "alembic", "vendor_review.service.use_cases")
app = build_app(AppContext.from_flags(database_url=sys.argv[1], actor="alice"))
seen = {}
dashboard = []
show = app._display

def display(screen, renderable):
    show(screen, renderable)
    if isinstance(app.screen, DashboardScreen) and "painted" not in seen:
        dashboard.append(app.screen)
        seen["painted"] = sorted(set(WATCHED) & set(sys.modules))
        seen["header"] = app.sub_title

app._display = display

async def main():
    async with app.run_test(size=(140, 40)) as pilot:
        while not dashboard or dashboard[0].summary is None:
            await pilot.pause(0.01)
        await pilot.pause()
        seen["counts"] = str(dashboard[0].query_one("#ratings").get_option_at_index(0).prompt)
        seen["asof"] = str(dashboard[0].query_one("#asof").render())
        seen["frozen"] = gc.get_freeze_count()

asyncio.run(main())
with open(sys.argv[2], "w") as out:
    json.dump(seen, out)
"""


def test_dashboard_paints_before_the_service_loads_then_fills(tmp_path: Path) -> None:
    db_file = tmp_path / "vr.db"
    open_database(f"sqlite:///{db_file}").dispose()  # an empty, current database
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDOR_REVIEW_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"sqlite:///{db_file}", str(report)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(report.read_text())
    assert seen["painted"] == []  # none of the heavy modules at the first paint
    assert seen["header"] == "alice · vr.db"
    assert "Critical" in seen["counts"]
    assert "0 vendors" in seen["asof"] and "alice" in seen["asof"]
    assert seen["frozen"] > 50_000  # the modules, classes and first screen: frozen
