"""The app's start-up as a person feels it (issue 14, item 4): CPU seconds of a whole
process, from the interpreter's start to the first painted Dashboard, against a minimal
Textual app (a header, a line of text, a footer) with the same start-up imports as the
command line's floor (``import sqlalchemy, click``) from its start to its first paint.

    python benchmarks/bench_app_start.py [--small URL] [--repeat 5]

Both run headless at the same size (``SIZE``), each in a fresh interpreter from compiled
bytecode (as an installed program: ``PYTHONDONTWRITEBYTECODE`` is dropped, so the warm-up
writes it). A paint is counted when the update has been turned into escape sequences, as a
terminal would get it (``Paints`` of ``bench_tui``); at each paint the process reads its
own CPU time (every thread, since the interpreter started: ``RUSAGE_SELF``), so the
figures are the CPU spent until that paint, not the tear-down after it. vendor-review
starts as ``vendor-review --db URL`` does (``tui.launch.build_app``: settings, the
database opened and checked, the app) and reports two paints:
- ``Dashboard painted``: the first paint of the Dashboard (its cards, header and footer;
  the counts are read by workers after it): the budget, 1.5x the minimal app;
- ``Dashboard filled``: the first paint with the summary's counts on it (the service
  built, the ORM imported, the dashboard's query answered), for information.
Medians of ``--repeat`` interleaved rounds after a warm-up.
"""

from __future__ import annotations

import os
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
import asyncio, resource, sys
from textual._compositor import CompositorUpdate

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

def count_paints(app, marks):
    show = app._display
    def display(screen, renderable):
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
        show(screen, renderable)
        for name, ready in marks.items():
            if name not in figures and ready():
                figures[name] = cpu()
    app._display = display

figures = {}

async def until(names, app):
    async with app.run_test(size=%r):
        for _ in range(60_000):
            if all(name in figures for name in names):
                break
            await asyncio.sleep(0.001)
    print(" ".join(f"{name}={figures[name]:.4f}" for name in names))
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
count_paints(app, {"painted": lambda: True})
asyncio.run(until(["painted"], app))
"""
)

VENDOR_REVIEW = (
    PAINTED % (SIZE,)
    + """
from vendor_review.cli.app import AppContext
from vendor_review.tui.launch import build_app

ctx = AppContext.from_flags(database_url=sys.argv[1], actor=None, questionnaires=[], demo=False)
app = build_app(ctx)
from vendor_review.tui.screens.dashboard import DashboardScreen

def painted():
    return isinstance(app.screen, DashboardScreen)

def filled():
    return painted() and app.screen.summary is not None

count_paints(app, {"painted": painted, "filled": filled})
asyncio.run(until(["painted", "filled"], app))
"""
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VENDOR_REVIEW_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed program runs from bytecode
    return env


def paint_cpu(argv: list[str]) -> dict[str, float]:
    """The CPU seconds each named paint of one run of ``argv`` reports."""
    done = subprocess.run(argv, capture_output=True, text=True, check=False, env=_env())
    if done.returncode != 0:
        raise RuntimeError(f"{argv[:3]} exited {done.returncode}: {done.stderr[-800:]}")
    last = done.stdout.strip().splitlines()[-1]
    return {name: float(value) for name, value in (item.split("=") for item in last.split())}


def first_paint_cpu(url: str, repeat: int = 5) -> dict[str, float]:
    """Median CPU seconds to the first paint: the minimal app, vendor-review's Dashboard
    painted and filled."""
    commands = {
        "minimal Textual app": [sys.executable, "-c", MINIMAL],
        "vendor-review Dashboard": [sys.executable, "-c", VENDOR_REVIEW, url],
    }
    for argv in commands.values():
        paint_cpu(argv)  # warm-up: .pyc files, the policy cache, the OS page cache
    times: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, argv in commands.items():
            for paint, seconds in paint_cpu(argv).items():
                label = name if paint == "painted" else f"{name} {paint}"
                times.setdefault(label, []).append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def run(small: str, large: str, repeat: int = 5) -> dict[str, float]:
    figures = first_paint_cpu(small, repeat)
    anchor = figures["minimal Textual app"]
    ratio = figures["vendor-review Dashboard"] / anchor
    print(f"== first paint, CPU seconds of the whole process (median of {repeat}, {SMALL} vendors)")
    for name, value in figures.items():
        print(f"  {name:<32}{value:8.3f} s  ({value / anchor:.2f}x)")
    verdict = "ok" if ratio <= RATIO_BUDGET else "OVER BUDGET"
    print(f"  ratio {ratio:.2f} (budget {RATIO_BUDGET}) {verdict}")
    return {**figures, "ratio": ratio}


def main(argv: list[str] | None = None) -> int:
    return synth.timing_main(run, __doc__, argv, small=SMALL, large=SMALL, repeat=5)


if __name__ == "__main__":
    sys.exit(main())
