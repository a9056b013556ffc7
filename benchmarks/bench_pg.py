"""The same commands on PostgreSQL and on SQLite, side by side (issue 14 item 5).

    python benchmarks/bench_pg.py [--vendors 10000] [--repeat 3] [--export]

The synthetic portfolio of N vendors is built once into the SQLite file
``bench-data/synth-N.db`` and into the PostgreSQL database ``vr_bench_N`` on the server
of ``VENDOR_REVIEW_BENCH_PG`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/
postgres``; the database is created when missing, and reused while it holds N vendors).
Each command runs in a subprocess, the two databases in turn (A B A B), and the median
wall time of each is compared (the server's work is not the client's CPU time): budget
PostgreSQL within 1.3x of SQLite. ``--export`` adds the workbook export (minutes at
10,000 vendors; one run each). Without a server the comparison is skipped, saying why.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

import bench_cli
import synth

SERVER_ENV = "VENDOR_REVIEW_BENCH_PG"
SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
RATIO_BUDGET = 1.3
COMMANDS: dict[str, tuple[list[str], tuple[int, ...]]] = {
    "vendor list": (["vendor", "list", "--json"], (0,)),
    "finding list --open": (["finding", "list", "--open", "--json"], (0,)),
    "due": (["due", "--json"], (0, 3)),  # 3: something is overdue
}


def pg_url(vendors: int) -> str | None:
    """URL of ``vr_bench_N`` (created when missing), or None with the reason printed."""
    server = make_url(os.environ.get(SERVER_ENV, SERVER))
    name = f"vr_bench_{vendors}"
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


def ensure_pg(vendors: int) -> str | None:
    """``vr_bench_N`` holding the synthetic portfolio of N vendors (built when empty)."""
    url = pg_url(vendors)
    return None if url is None else synth.ensure(vendors, url=url)


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
    args = parser.parse_args(argv)
    postgres = ensure_pg(args.vendors)
    if postgres is None:
        return 0
    run(synth.ensure(args.vendors), postgres, args.repeat, export=args.export)
    return 0


if __name__ == "__main__":
    sys.exit(main())
