"""Wall time of the command line, as a person at a terminal sees it (DESIGN §9).

    python benchmarks/bench_cli.py [--small URL] [--large URL] [--repeat 5]
    python benchmarks/bench_cli.py --cpu [--small URL] [--repeat 5]   # the CPU table only

Median of ``--repeat`` runs (after one warm-up; the rounds interleave the commands) of
each command in a subprocess, output discarded: ``python -c pass`` (the floor),
``vendor-review --help``, ``vendor-review --db URL vendor list --json`` at 10 and at 10,000
vendors, a cold "first page" (a fresh interpreter that opens the database and fetches the
first 200 rows of the vendor list, as the TUI does on start) and, when the command exists,
``vendor-review --db URL due --json``.

Then ``python -X importtime`` tells whether ``--help`` (and ``due``) import textual or
openpyxl, which they must not. Reported, never failed.

Last, CPU time (user + system of the child) of ``--help`` and of each read command a
reviewer scripts (``READS``) at 10 vendors, against the import floor of the command
line's own libraries (``python -c 'import sqlalchemy, click'``): budget 1.5x the floor,
``--help`` under 0.15 s (issue 14). ``make bench`` puts these rows in its table.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth

SMALL, LARGE = 10, 10_000
HEAVY = ("textual", "openpyxl")
START_RATIO_BUDGET = 1.3
FIRST_PAGE = """
import sys
from vendor_review.service import Service, builtin_policy, catalog_for
from vendor_review.store.engine import open_database
db = open_database(sys.argv[1])
Service(db, actor="bench", catalog=lambda: catalog_for([]), policy=builtin_policy()).list_vendors(
    limit=200
)
db.dispose()
"""


def executable(name: str) -> str:
    """A console script of this virtualenv (next to the running interpreter)."""
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


VENDOR_REVIEW = executable("vendor-review")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("VENDOR_REVIEW_DATABASE_URL", None)
    # An installed program runs from compiled bytecode: let the warm-up write it (a
    # PYTHONDONTWRITEBYTECODE shell would otherwise time compiling every module).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["NO_COLOR"] = "1"
    return env


FLOOR = "import sqlalchemy, click"
"""The import floor of the command line's own libraries (issue 14)."""
CPU_RATIO_BUDGET = 1.5
HELP_BUDGET_S = 0.15


def cpu_seconds(argv: list[str], ok: tuple[int, ...] = (0,)) -> float:
    """User + system CPU time of one run of ``argv`` (a child process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run_once(argv, ok)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


READS: dict[str, tuple[list[str], tuple[int, ...]]] = {
    "vendor list --json": (["vendor", "list", "--json"], (0,)),
    "vendor show": (["vendor", "show", "1"], (0,)),
    "due --json": (["due", "--json"], (0, 3)),  # 3: something is overdue
    "finding list": (["finding", "list"], (0,)),
    "finding list --open": (["finding", "list", "--open"], (0,)),
    "obligation list": (["obligation", "list"], (0,)),
    "report list": (["report", "list"], (0,)),
    "assessment list": (["assessment", "list"], (0,)),
    "assessment show": (["assessment", "show", "1"], (0,)),
    "questionnaires list": (["questionnaires", "list"], (0,)),
    "score --explain": (["score", "1", "--explain"], (0,)),
    "diff": (["diff", "1", "2"], (0,)),
    "audit verify": (["audit", "verify"], (0,)),
    "audit log": (["audit", "log"], (0,)),
}
"""The read commands a reviewer scripts (vendor 1 and its assessments 1 and 2 exist in
every synthetic portfolio), each held to ``CPU_RATIO_BUDGET`` times the import floor."""


def startup_cpu(url: str, repeat: int = 5) -> dict[str, float]:
    """Median CPU seconds of the floor, ``--help`` and each of ``READS`` at ``url``
    (interleaved rounds after a warm-up)."""
    commands: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "floor": ([sys.executable, "-c", FLOOR], (0,)),
        "--help": ([VENDOR_REVIEW, "--help"], (0,)),
    }
    for name, (args, ok) in READS.items():
        commands[name] = ([VENDOR_REVIEW, "--db", url, *args], ok)
    for argv, ok in commands.values():
        run_once(argv, ok)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (argv, ok) in commands.items():
            times[name].append(cpu_seconds(argv, ok))
    return {name: statistics.median(values) for name, values in times.items()}


def print_cpu(cpu: dict[str, float], repeat: int) -> bool:
    """The CPU-vs-floor table (``cpu`` from ``startup_cpu``); whether all are in budget."""
    floor = cpu["floor"]
    print(f"\nCLI: CPU seconds (user + system), median of {repeat}, against the import floor")
    print(f"  {'floor: ' + FLOOR:<32}{floor:>8.3f} s")
    help_ok = cpu["--help"] <= HELP_BUDGET_S
    verdict = "ok" if help_ok else "OVER"
    print(f"  {'--help':<32}{cpu['--help']:>8.3f} s   budget {HELP_BUDGET_S} s  [{verdict}]")
    ok = help_ok
    for name in READS:
        ratio = cpu[name] / floor
        ok = ok and ratio <= CPU_RATIO_BUDGET
        verdict = "ok" if ratio <= CPU_RATIO_BUDGET else "OVER"
        budget = f"budget {CPU_RATIO_BUDGET}x  [{verdict}]"
        print(f"  {name:<32}{cpu[name]:>8.3f} s {ratio:>6.2f}x  {budget}")
    return ok


def run_once(argv: list[str], ok: tuple[int, ...] = (0,)) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env(), check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise RuntimeError(
            f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-500:]}"
        )
    return elapsed


def median_ms(
    commands: dict[str, tuple[list[str], tuple[int, ...]]], repeat: int
) -> dict[str, float]:
    """Median wall time of each command; rounds interleave the commands, so a busy machine
    slows all of them alike instead of whichever happened to run during the burst."""
    for argv, ok in commands.values():
        run_once(argv, ok)  # warm-up: .pyc files, the OS page cache, migrations check
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (argv, ok) in commands.items():
            times[name].append(run_once(argv, ok))
    return {name: statistics.median(values) * 1000 for name, values in times.items()}


def has_command(name: str) -> bool:
    done = subprocess.run(
        [VENDOR_REVIEW, name, "--help"], capture_output=True, env=_env(), check=False
    )
    return done.returncode == 0


def heavy_imports(args: list[str]) -> dict[str, bool]:
    """Which of HEAVY ``python -X importtime -m vendor_review ARGS`` imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "vendor_review", *args],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    imported = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            module = line.rsplit("|", 1)[1].strip()
            imported.add(module.split(".")[0])
    return {name: name in imported for name in HEAVY}


def run(small_url: str, large_url: str, repeat: int = 5) -> dict[str, Any]:
    """Measure, print a table and the checks; return the figures."""
    py = sys.executable
    commands: dict[str, tuple[list[str], tuple[int, ...]]] = {
        "python -c pass": ([py, "-c", "pass"], (0,)),
        "vendor-review --help": ([VENDOR_REVIEW, "--help"], (0,)),
    }
    for label, url in ((f"{SMALL}", small_url), (f"{LARGE:,}", large_url)):
        commands[f"vendor list --json @{label}"] = (
            [VENDOR_REVIEW, "--db", url, "vendor", "list", "--json"],
            (0,),
        )
    for label, url in ((f"{SMALL}", small_url), (f"{LARGE:,}", large_url)):
        commands[f"cold first page @{label}"] = ([py, "-c", FIRST_PAGE, url], (0,))
    due = has_command("due")
    if due:
        for label, url in ((f"{SMALL}", small_url), (f"{LARGE:,}", large_url)):
            # exit code 3 means "something is overdue", which synthetic data always has
            commands[f"due --json @{label}"] = (
                [VENDOR_REVIEW, "--db", url, "due", "--json"],
                (0, 3),
            )
    figures = median_ms(commands, repeat)
    large = f"{LARGE:,}"
    ratios = {
        "help / pass": figures["vendor-review --help"] / figures["python -c pass"],
        f"list {large} / list {SMALL}": figures[f"vendor list --json @{large}"]
        / figures[f"vendor list --json @{SMALL}"],
        f"first page {large} / {SMALL}": figures[f"cold first page @{large}"]
        / figures[f"cold first page @{SMALL}"],
    }
    if due:
        ratios[f"due {large} / due {SMALL}"] = (
            figures[f"due --json @{large}"] / figures[f"due --json @{SMALL}"]
        )

    print(f"\nCLI: subprocess wall time, median of {repeat} (ms)")
    for name, value in figures.items():
        print(f"  {name:<32}{value:>10.1f}")
    if not due:
        print("  (no `due` command yet: skipped)")
    print("  ratios:")
    for name, value in ratios.items():
        print(f"  {name:<32}{value:>9.2f}x")

    imports = {"--help": heavy_imports(["--help"])}
    if due:
        imports["due"] = heavy_imports(["--db", small_url, "due"])
    start_ratio = ratios[f"first page {large} / {SMALL}"]
    print("  checks (reported, not failed):")
    print(
        f"  [{'ok' if start_ratio <= START_RATIO_BUDGET else 'OVER'}] cold first page at "
        f"{large} within {START_RATIO_BUDGET}x of {SMALL}: {start_ratio:.2f}x"
    )
    for command, found in imports.items():
        heavy = [name for name, present in found.items() if present]
        verdict = "OVER" if heavy else "ok"
        what = ", ".join(heavy) if heavy else "neither " + " nor ".join(HEAVY)
        print(f"  [{verdict}] `vendor-review {command}` imports {what}")
    return {"figures": figures, "ratios": ratios, "imports": imports}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--cpu", action="store_true")
    known, rest = parser.parse_known_args(argv)
    if known.cpu:  # only the CPU table, at the small portfolio
        small = argparse.ArgumentParser(description="The CPU-vs-floor table only.")
        small.add_argument("--cpu", action="store_true")
        small.add_argument("--small", metavar="URL", help=f"default: bench-data/synth-{SMALL}.db")
        small.add_argument("--repeat", type=int, default=5)
        args = small.parse_args(argv)
        repeat = args.repeat
        print_cpu(startup_cpu(args.small or synth.ensure(SMALL), repeat), repeat)
        return 0
    return synth.timing_main(_run_all, __doc__, rest, small=SMALL, large=LARGE, repeat=5)


def _run_all(small_url: str, large_url: str, repeat: int) -> None:
    run(small_url, large_url, repeat)
    print_cpu(startup_cpu(small_url, repeat), repeat)


if __name__ == "__main__":
    sys.exit(main())
