"""In-process timings of the vendor list behind the TUI budgets of DESIGN §9.

    python benchmarks/bench_service.py [--small URL] [--large URL] [--repeat 20]

At 10 and 10,000 vendors (synthetic portfolios, built into bench-data/ when missing):
- ``first page``: open the database, build the service, fetch the first page of 200 —
  the data part of what the TUI does before it shows the vendor list (the budget "start
  with 10,000 vendors within 1.3x of start with 10" is judged on bench_cli's cold start,
  which includes the interpreter and the imports, as a real start does);
- ``page``: ``list_vendors(limit=200)`` on an open service;
- ``filter``: ``list_vendors(text="ven 12", limit=200)`` — one filter keystroke
  (under 50 ms at 30,000 vendors, issue 14);
- for information: a broad filter (``text="a"``) and a page sorted by rating and by next
  review date (the sort key is computed for every vendor).
Each figure is the median of ``--repeat`` runs (after one warm-up).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth
from vendor_review.service import Service, builtin_policy, catalog_for
from vendor_review.store.engine import open_database

SMALL, LARGE = 10, 10_000
FILTER_BUDGET_MS = 50.0
"""Issue 14: a filter keystroke under 50 ms at 30,000 vendors (read from an index)."""
START_RATIO_BUDGET = 1.3
PAGE_BUDGET_MS = 50.0


def median_ms(action: Callable[[], Any], repeat: int) -> float:
    action()  # warm-up: imports, statement caches, the OS page cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def service_for(url: str) -> Service:
    db = open_database(url)
    return Service(db, actor="bench", catalog=lambda: catalog_for([]), policy=builtin_policy())


def first_page(url: str) -> None:
    service = service_for(url)
    try:
        service.list_vendors(limit=200)
    finally:
        service.db.dispose()


CASES: dict[str, dict[str, Any]] = {
    "page": {"limit": 200},
    "filter 'ven 12'": {"text": "ven 12", "limit": 200},
    "filter 'a'": {"text": "a", "limit": 200},
    "sort rating": {"order": "rating", "limit": 200},
    "sort next review": {"order": "next_review_due", "limit": 200},
}


def measure(url: str, repeat: int) -> dict[str, float]:
    figures = {"first page": median_ms(lambda: first_page(url), repeat)}
    service = service_for(url)
    try:
        for name, kwargs in CASES.items():
            figures[name] = median_ms(partial(service.list_vendors, **kwargs), repeat)
    finally:
        service.db.dispose()
    return figures


def run(small_url: str, large_url: str, repeat: int = 20) -> dict[str, Any]:
    """Measure both portfolios, print a table and the budget checks; return the figures."""
    small, large = measure(small_url, repeat), measure(large_url, repeat)
    print(f"\nService: list_vendors, median of {repeat} (ms)")
    print(f"  {'':<20}{f'{SMALL} vendors':>12}{f'{LARGE:,} vendors':>16}{'ratio':>8}")
    for name in small:
        ratio = large[name] / small[name] if small[name] else float("nan")
        print(f"  {name:<20}{small[name]:>12.1f}{large[name]:>16.1f}{ratio:>7.2f}x")
    start_ratio = large["first page"] / small["first page"]
    keystroke = large["filter 'ven 12'"]
    checks = [
        (
            f"filter keystroke at {LARGE:,} vendors < {FILTER_BUDGET_MS:.0f} ms",
            keystroke < FILTER_BUDGET_MS,
            f"{keystroke:.1f} ms",
        ),
        (
            f"a page at {LARGE:,} vendors < {PAGE_BUDGET_MS:.0f} ms",
            large["page"] < PAGE_BUDGET_MS,
            f"{large['page']:.1f} ms",
        ),
    ]
    for label, ok, figure in checks:
        print(f"  [{'ok' if ok else 'OVER'}] {label}: {figure}")
    extra = large["first page"] - small["first page"]
    print(
        f"  [info] first page in-process: +{extra:.1f} ms at {LARGE:,} vendors "
        f"({start_ratio:.2f}x of {small['first page']:.1f} ms without interpreter start and "
        f"imports; the {START_RATIO_BUDGET}x start budget is judged on bench_cli's cold start)"
    )
    return {"small": small, "large": large, "checks": checks, "start_ratio": start_ratio}


def main(argv: list[str] | None = None) -> int:
    return synth.timing_main(run, __doc__, argv, small=SMALL, large=LARGE, repeat=20)


if __name__ == "__main__":
    sys.exit(main())
