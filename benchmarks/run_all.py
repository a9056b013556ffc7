"""``make bench``: build the synthetic portfolios if missing, then print every figure.

    python benchmarks/run_all.py [--rebuild]

1. ``synth.py``: bench-data/synth-10.db and bench-data/synth-10000.db (reused when present;
   ``--rebuild`` deletes and times a fresh build of both).
2. ``bench_cli.py``: the command line's wall time and its imports.
3. ``bench_service.py``: the vendor list in-process (TUI budgets).
   ``bench_tui.py``: launch to a painted Dashboard and Vendors screen, a filter keystroke.
   ``bench_export.py``: the workbook at ~100,000 and ~1,000,000 answer rows.
4. ``bench_import.py``: importing a returned 500-question workbook; refusing zip bombs.
Figures are reported against the budgets of DESIGN §9; nothing fails the run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_cli
import bench_export
import bench_import
import bench_service
import bench_tui
import synth

SIZES = (bench_service.SMALL, bench_service.LARGE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the portfolios")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print("== synthetic portfolios")
    if args.rebuild:
        for size in SIZES:
            path = synth.BENCH_DATA / f"synth-{size}.db"
            for stale in (path, *path.parent.glob(path.name + "-*")):
                stale.unlink(missing_ok=True)
    small, large = (synth.ensure(size) for size in SIZES)
    for size in SIZES:
        path = synth.BENCH_DATA / f"synth-{size}.db"
        print(f"  {path.name}: {path.stat().st_size / 2**20:,.0f} MiB")
    print("\n== command line")
    bench_cli.run(small, large)
    print("\n== service")
    bench_service.run(small, large)
    print("\n== terminal app")
    bench_tui.run(small, large)
    print("\n== export")
    bench_export.run(synth.ensure(bench_export.SMALL), synth.ensure(bench_export.LARGE))
    print("\n== import")
    bench_import.run()
    print(f"\nbench: done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
