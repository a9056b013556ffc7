"""The app's start-up as a person feels it (issue 14, item 4): CPU seconds of a whole
process, from the interpreter's start to the first painted Dashboard, against a minimal
Textual app (a header, a line of text, a footer) with the same start-up imports as the
command line's floor (``import sqlalchemy, click``) from its start to its first paint.

    python benchmarks/bench_app_start.py [--small URL] [--repeat 5]

Both run headless at the same size in a fresh interpreter; a paint is counted when the
update has been turned into escape sequences, as a terminal would get it (``Paints`` of
``bench_tui``). The vendor-review process starts as ``vendor-review --db URL`` does
(settings, the service, the app) and stops once the Dashboard's summary is on screen.
Median of ``--repeat`` interleaved rounds after a warm-up; budget 1.5x the minimal app.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

SMALL = 10
RATIO_BUDGET = 1.5
SIZE = (140, 40)

PAINTED = """
import asyncio, sys
from textual._compositor import CompositorUpdate

def count_paints(app):
    painted = []
    show = app._display
    def display(screen, renderable):
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        show(screen, renderable)
        painted.append(True)
    app._display = display
    return painted

async def until(ready, painted, app):
    async with app.run_test(size=%r):
        while not ready():
            await asyncio.sleep(0.001)
        seen = len(painted)
        for _ in range(2000):
            if len(painted) > seen:
                break
            await asyncio.sleep(0.001)
"""

MINIMAL = (
    PAINTED % (SIZE,)
    + """
import sqlalchemy, click
from textual.app import App
from textual.widgets import Footer, Header, Static

class Minimal(App):
    def compose(self):
        yield Header()
        yield Static("hello")
        yield Footer()

app = Minimal()
painted = count_paints(app)
asyncio.run(until(lambda: bool(painted), painted, app))
"""
)

VENDOR_REVIEW = (
    PAINTED % (SIZE,)
    + """
from vendor_review.cli.app import AppContext

ctx = AppContext.from_flags(database_url=sys.argv[1], actor=None, questionnaires=[], demo=False)
from vendor_review.tui.app import VendorReviewApp
from vendor_review.tui.screens.dashboard import DashboardScreen

app = VendorReviewApp(ctx.service())
painted = count_paints(app)

def dashboard_shown():
    screen = app.screen
    return isinstance(screen, DashboardScreen) and screen.summary is not None

asyncio.run(until(dashboard_shown, painted, app))
"""
)


def cpu_seconds(argv: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:3]} exited {done.returncode}: {done.stderr[-800:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def first_paint_cpu(url: str, repeat: int = 5) -> dict[str, float]:
    """Median CPU seconds to the first paint: the minimal app and vendor-review's Dashboard."""
    commands = {
        "minimal Textual app": [sys.executable, "-c", MINIMAL],
        "vendor-review Dashboard": [sys.executable, "-c", VENDOR_REVIEW, url],
    }
    for argv in commands.values():
        cpu_seconds(argv)  # warm-up: .pyc files, the policy cache, the OS page cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, argv in commands.items():
            times[name].append(cpu_seconds(argv))
    return {name: statistics.median(values) for name, values in times.items()}


def run(small: str, large: str, repeat: int = 5) -> dict[str, float]:
    figures = first_paint_cpu(small, repeat)
    anchor = figures["minimal Textual app"]
    ratio = figures["vendor-review Dashboard"] / anchor
    print(f"== first paint, CPU seconds of the whole process (median of {repeat}, {SMALL} vendors)")
    for name, value in figures.items():
        print(f"  {name:<26}{value:8.3f} s")
    verdict = "ok" if ratio <= RATIO_BUDGET else "OVER BUDGET"
    print(f"  ratio {ratio:.2f} (budget {RATIO_BUDGET}) {verdict}")
    return {**figures, "ratio": ratio}


def main(argv: list[str] | None = None) -> int:
    return synth.timing_main(run, __doc__, argv, small=SMALL, large=SMALL, repeat=5)


if __name__ == "__main__":
    sys.exit(main())
