"""The same commands on PostgreSQL and on SQLite, side by side, and the vendor filter on
PostgreSQL (issue 14 items 4 and 5).

    python benchmarks/bench_pg.py [--vendors 10000] [--repeat 3] [--export]
                                  [--filter-vendors 30000] [--no-events]

The synthetic portfolio of N vendors is built once into the SQLite file
``bench-data/synth-N.db`` and into the PostgreSQL database ``vr_bench_N`` on the server
of ``VENDOR_REVIEW_BENCH_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/
postgres``; the database is created when missing, and reused while it holds N vendors;
``VENDOR_REVIEW_BENCH_PG_PREFIX`` names it otherwise than ``vr_bench_``). ``--no-events``
builds missing portfolios without the per-answer audit events, which none of these
commands reads (minutes less at 10,000 vendors).

Each command runs in a subprocess, the two databases in turn (A B A B), and the median
wall time of each is compared (the server's work is not the client's CPU time): budget
PostgreSQL within 1.3x of SQLite. ``--export`` adds the workbook export (minutes at
10,000 vendors; one run each). ``--filter-vendors M`` (0: none) times the vendor filter
in-process on PostgreSQL at M vendors (built without events), as the terminal app asks
for it: a page of ``PAGE`` with the total, for each text typed on the way to
``bench_tui.TYPED`` and a broad one- and two-letter text (``BROAD``); budget median
under 50 ms, slowest under 150 ms. Without a server the comparison is skipped, saying why.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import bench_cli
import bench_service
import bench_tui
import synth
from vendor_review.tui.screens.vendors import PAGE

SERVER_ENV = "VENDOR_REVIEW_BENCH_PG"
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PREFIX_ENV = "VENDOR_REVIEW_BENCH_PG_PREFIX"
PREFIX = "vr_bench_"
RATIO_BUDGET = 1.3
FILTER_VENDORS = 30_000
BROAD = ("a", "se")
"""Texts that match most vendors and are too short for a trigram: read on every vendor."""
COMMANDS: dict[str, tuple[list[str], tuple[int, ...]]] = {
    "vendor list": (["vendor", "list", "--json"], (0,)),
    "finding list --open": (["finding", "list", "--open", "--json"], (0,)),
    "due": (["due", "--json"], (0, 3)),  # 3: something is overdue
}


def pg_url(vendors: int) -> str | None:
    """URL of ``vr_bench_N`` (created when missing), or None with the reason printed."""
    server = make_url(os.environ.get(SERVER_ENV, SERVER))
    name = f"{os.environ.get(PREFIX_ENV, PREFIX)}{vendors}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
            if exists is None:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except OperationalError as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        print(f"  PostgreSQL skipped: no server at {server.render_as_string()} ({reason})")
        return None
    finally:
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def ensure_pg(vendors: int, *, events: bool = True) -> str | None:
    """``vr_bench_N`` holding the synthetic portfolio of N vendors (built when empty;
    ``events=False``: without the per-answer audit events)."""
    url = pg_url(vendors)
    return None if url is None else synth.ensure(vendors, url=url, events=events)


def typed_texts() -> list[str]:
    """The filter's texts as the app asks for them while ``bench_tui.TYPED`` is typed (a
    trailing space asks nothing new), then ``BROAD``."""
    prefixes = [bench_tui.TYPED[:i].strip() for i in range(1, len(bench_tui.TYPED) + 1)]
    return [*dict.fromkeys(prefixes), *BROAD]


def filter_keystrokes(url: str, repeat: int) -> dict[str, Any]:
    """Wall ms of ``list_vendors(text=…, limit=PAGE)`` for each of ``typed_texts()``
    (in turn, ``repeat`` rounds after a warm-up): median and max of all, and per text."""
    service = bench_service.service_for(url)
    texts = typed_texts()
    times: dict[str, list[float]] = {typed: [] for typed in texts}
    try:
        for round_ in range(repeat + 1):
            for typed in texts:
                started = time.perf_counter()
                service.list_vendors(text=typed, limit=PAGE)
                if round_:  # the first round warms up
                    times[typed].append((time.perf_counter() - started) * 1000)
    finally:
        service.db.dispose()
    every = [t for values in times.values() for t in values]
    per_text = {typed: statistics.median(values) for typed, values in times.items()}
    return {"median_ms": statistics.median(every), "max_ms": max(every), "texts": per_text}


def print_filter(figures: dict[str, Any], vendors: int, repeat: int) -> None:
    median, slowest = figures["median_ms"], figures["max_ms"]
    ok = median < bench_tui.KEYSTROKE_BUDGET_MS and slowest < bench_tui.KEYSTROKE_MAX_BUDGET_MS
    print(
        f"\nVendor filter on PostgreSQL at {vendors:,} vendors (page of {PAGE}, {repeat} "
        f"rounds): median {median:.1f} ms, max {slowest:.1f} ms  [{'ok' if ok else 'OVER'}]"
    )
    for typed, ms in figures["texts"].items():
        print(f"  {typed!r:<10}{ms:>8.1f} ms")


def run(sqlite_url: str, postgres_url: str, repeat: int = 3, *, export: bool = False) -> Any:
    """Median wall seconds of each command on both databases; prints the comparison."""
    commands: dict[str, tuple[list[str], tuple[int, ...]]] = {}
    for name, (args, ok) in COMMANDS.items():
        for label, url in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
            commands[f"{name} @{label}"] = ([bench_cli.VENDOR_REVIEW, "--db", url, *args], ok)
    figures = {
        name: seconds / 1000 for name, seconds in bench_cli.median_ms(commands, repeat).items()
    }
    if export:
        with tempfile.TemporaryDirectory() as folder:
            for label, url in (("sqlite", sqlite_url), ("postgresql", postgres_url)):
                path = str(Path(folder) / f"{label}.xlsx")
                argv = [bench_cli.VENDOR_REVIEW, "--db", url, "export", path, "--force", "-q"]
                figures[f"export @{label}"] = bench_cli.run_once(argv)
    names = [*COMMANDS, *(["export"] if export else [])]
    print(f"\nPostgreSQL vs SQLite: wall time, median of {repeat} (s; export: one run)")
    print(f"  {'command':<22}{'SQLite':>10}{'PostgreSQL':>12}{'ratio':>8}")
    out = {}
    for name in names:
        lite, pg = figures[f"{name} @sqlite"], figures[f"{name} @postgresql"]
        out[name] = (lite, pg)
        verdict = "ok" if pg / lite <= RATIO_BUDGET else "OVER"
        print(f"  {name:<22}{lite:>10.2f}{pg:>12.2f}{pg / lite:>7.2f}x  [{verdict}]")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--export", action="store_true", help="also the workbook export")
    parser.add_argument(
        "--filter-vendors", type=int, default=FILTER_VENDORS, metavar="M",
        help=f"time the filter at M vendors (default {FILTER_VENDORS:,}; 0: not)",
    )  # fmt: skip
    parser.add_argument(
        "--no-events", dest="events", action="store_false",
        help="build missing portfolios without the per-answer audit events",
    )  # fmt: skip
    args = parser.parse_args(argv)
    postgres = ensure_pg(args.vendors, events=args.events)
    if postgres is None:
        return 0
    run(synth.ensure(args.vendors, events=args.events), postgres, args.repeat,
        export=args.export)  # fmt: skip
    if args.filter_vendors:
        filtered = ensure_pg(args.filter_vendors, events=False)
        if filtered is not None:
            repeat = max(args.repeat, 5)
            print_filter(filter_keystrokes(filtered, repeat), args.filter_vendors, repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
