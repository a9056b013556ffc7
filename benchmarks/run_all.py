"""``make bench``: build the synthetic portfolios if missing, measure, print one table.

    python benchmarks/run_all.py [--full] [--rebuild]

Quick by default, a few minutes: portfolios of 10 and 1,000 vendors, export at ~10,000
and ~100,000 answer rows, each figure the median of few runs (``QUICK``). ``--full`` at
the sizes of the budgets and with more runs (``FULL``: 10 and 10,000 vendors; export at
~100,000 and ~1,000,000 answer rows; building the 10,000-vendor portfolio takes many
minutes, once).

1. ``synth.py``: bench-data/synth-N.db, reused when present (``--rebuild``: built afresh).
2. ``bench_cli.py``: the command line's wall time, its imports, and the CPU time of the read
   commands against the import floor of their own libraries.
3. ``bench_service.py``, ``bench_tui.py``: the vendor list in-process, the terminal app;
   the filter keystroke on its own portfolio (30,000 vendors with ``--full``).
3b. ``bench_pg.py``: the read commands on PostgreSQL (database ``vr_bench_N``, built once,
   without per-answer audit events) beside SQLite, and the filter keystrokes on PostgreSQL
   at the filter's size; skipped, saying why, without a server.
4. ``bench_export.py``: the workbook against a bare openpyxl loop and XlsxWriter.
5. ``bench_import.py``: importing a returned 500-question workbook; refusing zip bombs.

Then one table of the budgets of DESIGN §9 and issue 14: operation, size, median, anchor,
ratio, budget, pass; the import floor is ``python -c 'import sqlalchemy, click'``,
times are CPU time where a single process is measured. Nothing fails the run (the machine
may be busy: see the load average printed with it).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cli
import bench_export
import bench_import
import bench_pg
import bench_service
import bench_tui
import synth


@dataclass(frozen=True)
class Sizes:
    large: int
    """Vendors of the large portfolio (the small one is ``bench_service.SMALL``)."""
    export: tuple[int, int]
    """Vendors of the two portfolios the export is measured on."""
    filter: int
    """Vendors of the portfolio the filter keystroke is timed on (issue 14: 30,000; built
    without the per-answer audit events, which the filter never reads)."""
    cli: int
    """Runs (each figure is the median) of the command line, service, terminal app and
    export measurements."""
    service: int
    tui: int
    export_repeat: int


QUICK = Sizes(
    large=1_000, export=(100, 1_000), filter=1_000, cli=2, service=5, tui=2, export_repeat=1
)
FULL = Sizes(
    large=10_000, export=(1_000, 10_000), filter=30_000, cli=5, service=20, tui=5,
    export_repeat=3,
)  # fmt: skip
SIZE_BUDGET_MIB_PER_VENDOR = 200 / 10_000
"""Issue 14: the 10,000-vendor portfolio under 200 MiB."""


@dataclass(frozen=True)
class Row:
    operation: str
    size: str
    measured: float
    unit: str
    anchor: float | None
    budget: float
    """A ratio to ``anchor`` when there is one, else a bound on ``measured``."""

    @property
    def ratio(self) -> float | None:
        return None if self.anchor is None else self.measured / self.anchor

    @property
    def passed(self) -> bool:
        value = self.ratio if self.ratio is not None else self.measured
        return value <= self.budget


def table(rows: list[Row]) -> str:
    head = f"{'operation':<38}{'size':>10}{'median':>12}{'anchor':>11}{'ratio':>8}"
    lines = [head + f"{'budget':>10}  pass", "-" * (len(head) + 16)]
    for r in rows:
        anchor = "" if r.anchor is None else f"{r.anchor:,.2f}"
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}x"
        budget = f"{r.budget:g}x" if r.anchor is not None else f"{r.budget:,g} {r.unit}"
        lines.append(
            f"{r.operation:<38}{r.size:>10}{r.measured:>9,.2f} {r.unit:<2}{anchor:>11}"
            f"{ratio:>8}{budget:>10}  {'yes' if r.passed else 'NO'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the budgets' sizes (slow)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the portfolios")
    args = parser.parse_args(argv)
    sizes = FULL if args.full else QUICK
    small_n, large_n = bench_service.SMALL, sizes.large
    export_small_n, export_large_n = sizes.export
    for module in (bench_cli, bench_service, bench_tui):
        module.LARGE = large_n  # type: ignore[attr-defined]
    started = time.perf_counter()
    print("== synthetic portfolios")
    if args.rebuild:
        for size in {small_n, large_n, export_small_n, export_large_n}:
            path = synth.BENCH_DATA / f"synth-{size}.db"
            for stale in (path, *path.parent.glob(path.name + "-*")):
                stale.unlink(missing_ok=True)
    small, large = synth.ensure(small_n), synth.ensure(large_n)
    rows: list[Row] = []
    for size in sorted({small_n, large_n}):
        path = synth.BENCH_DATA / f"synth-{size}.db"
        mib = path.stat().st_size / 2**20
        print(f"  {path.name}: {mib:,.1f} MiB")
        if size == large_n:
            budget = SIZE_BUDGET_MIB_PER_VENDOR * size
            rows.append(Row("database file (SQLite)", f"{size:,} v", mib, "MiB", None, budget))

    print("\n== command line")
    cli = bench_cli.run(small, large, sizes.cli)
    cpu = bench_cli.startup_cpu(small, sizes.cli)
    floor = cpu.pop("floor")
    rows.append(Row("--help CPU", f"{small_n} v", cpu.pop("--help"), "s", None, 0.15))
    for name, seconds in cpu.items():
        rows.append(Row(f"{name} CPU / import floor", f"{small_n} v", seconds, "s",
                        floor, bench_cli.CPU_RATIO_BUDGET))  # fmt: skip
    figures = cli["figures"]
    rows.append(Row("cold first page (wall)", f"{large_n:,} v",
                    figures[f"cold first page @{large_n:,}"] / 1000, "s",
                    figures[f"cold first page @{small_n}"] / 1000,
                    bench_cli.START_RATIO_BUDGET))  # fmt: skip

    print("\n== service")
    bench_service.run(small, large, sizes.service)
    filter_n = sizes.filter
    filtered = large if filter_n == large_n else synth.ensure(filter_n, events=False)
    keystroke = bench_service.measure(filtered, sizes.service)["filter 'ven 12'"]
    rows.append(Row("filter keystroke (service)", f"{filter_n:,} v", keystroke, "ms", None,
                    bench_service.FILTER_BUDGET_MS))  # fmt: skip

    print("\n== terminal app")
    tui = bench_tui.run(small, large, sizes.tui)
    for name in ("dashboard", "vendors"):
        rows.append(Row(f"{name} painted (TUI)", f"{large_n:,} v", tui[f"{name}_large_ms"], "ms",
                        tui[f"{name}_small_ms"], bench_tui.RATIO_BUDGET))  # fmt: skip
    typed = bench_tui.keystrokes(filtered, sizes.tui)
    rows.append(Row("filter keystroke (TUI)", f"{filter_n:,} v", typed["median_ms"], "ms",
                    None, bench_tui.KEYSTROKE_BUDGET_MS))  # fmt: skip
    rows.append(Row("filter keystroke max (TUI)", f"{filter_n:,} v", typed["max_ms"], "ms",
                    None, bench_tui.KEYSTROKE_MAX_BUDGET_MS))  # fmt: skip

    print("\n== PostgreSQL beside SQLite")
    postgres = bench_pg.ensure_pg(large_n, events=False)  # the commands read no events
    if postgres is not None:
        compared = bench_pg.run(large, postgres, sizes.cli, export=args.full)
        for name, (lite, pg) in compared.items():
            rows.append(Row(f"{name} PostgreSQL / SQLite", f"{large_n:,} v", pg, "s", lite,
                            bench_pg.RATIO_BUDGET))  # fmt: skip
        pg_filtered = bench_pg.ensure_pg(filter_n, events=False)
        if pg_filtered is not None:
            typed = bench_pg.filter_keystrokes(pg_filtered, sizes.tui)
            bench_pg.print_filter(typed, filter_n, sizes.tui)
            rows.append(Row("filter keystroke (PostgreSQL)", f"{filter_n:,} v",
                            typed["median_ms"], "ms", None,
                            bench_tui.KEYSTROKE_BUDGET_MS))  # fmt: skip
            rows.append(Row("filter keystroke max (PostgreSQL)", f"{filter_n:,} v",
                            typed["max_ms"], "ms", None,
                            bench_tui.KEYSTROKE_MAX_BUDGET_MS))  # fmt: skip

    print("\n== export")
    export = bench_export.run(
        synth.ensure(export_small_n), synth.ensure(export_large_n), sizes.export_repeat
    )
    for label in ("small", "large"):
        figures_ = export[label]
        answers = f"{figures_['export']['rows']['Answers']:,} r"
        seconds = figures_["export"]["seconds"]
        rows.append(Row("export CPU vs bare openpyxl loop", answers, seconds, "s",
                        figures_["bare"]["seconds"], bench_export.TIME_BUDGET))  # fmt: skip
        rows.append(Row("export CPU vs XlsxWriter", answers, seconds, "s",
                        figures_["xlsxwriter"]["seconds"],
                        bench_export.XLSXWRITER_BUDGET))  # fmt: skip
    rows.append(Row("export peak memory large vs small",
                    f"{export['large']['export']['rows']['Answers']:,} r",
                    export["large"]["export"]["peak_mib"], "MiB",
                    export["small"]["export"]["peak_mib"], bench_export.MEMORY_BUDGET))  # fmt: skip

    print("\n== import")
    bench_import.run()

    print(f"\n== budgets ({'full' if args.full else 'quick; --full for the budgets sizes'}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")  # fmt: skip
    print(table(rows))
    print(f"\nbench: done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
