"""The Excel export against DESIGN §9's budgets, side by side in one run.

    python benchmarks/bench_export.py [--small 1000] [--large 10000]

Synthetic portfolios (``synth.ensure``: ``bench-data/synth-N.db``, built once; about 100
answers per vendor, so 1,000 and 10,000 vendors give ~100,000 and ~1,000,000 answer
rows). Each measurement runs in a fresh interpreter:

- ``export``: ``export_workbook`` of the whole portfolio. Wall time of the call; peak
  memory is the process's peak resident set (``ru_maxrss``), imports included.
- ``bare``: the same export with every ``TableSheet.append`` replaced by a bare openpyxl
  write-only loop writing the same cells into a workbook of its own: the values the
  export writes (cleaned as it cleans them), the same number formats, alignment, quote
  prefixes, hyperlinks and row heights, one ``WriteOnlyCell`` per cell as openpyxl's
  documentation shows. Only that openpyxl work (making cells, ``append``, ``save``) is
  timed; reading the database and preparing the values is not.

Budgets: peak(large) <= 1.2 x peak(small); time(export, large) <= 1.5 x time(bare, large).
Exit status 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench-data"
SMALL, LARGE = 1_000, 10_000
"""Vendors of the two portfolios: ~100,000 and ~1,000,000 answer rows."""
MEMORY_BUDGET = 1.2
TIME_BUDGET = 1.5


def _service(url: str) -> Any:
    from vendor_review.service import open_service
    from vendor_review.settings import Settings

    return open_service(Settings(), database_url=url)


def child_export(url: str, out: Path) -> dict[str, Any]:
    from vendor_review.exchange.outbound.export import ExportOptions, export_workbook

    service = _service(url)
    started = time.perf_counter()
    result = export_workbook(service, out, ExportOptions(force=True))
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "peak_mib": peak_kib / 1024, "rows": result.rows}


def child_bare(url: str, out: Path) -> dict[str, Any]:
    """Run the export with its sheet writing swapped for the bare loop (see above)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    from vendor_review.exchange.cells import needs_quote
    from vendor_review.exchange.outbound import writer as wbmod
    from vendor_review.exchange.outbound.export import ExportOptions, export_workbook

    bare = Workbook(write_only=True)
    sheets: dict[str, Any] = {}
    timer = {"seconds": 0.0}
    top, wrap = Alignment(vertical="top"), Alignment(vertical="top", wrap_text=True)
    link_font = Font(name=wbmod.FONT, size=11, color=wbmod.LINK_FONT, underline="single")
    original_init = wbmod.TableSheet.__init__

    def init(self: Any, ws: Any, columns: Any, guard: Any) -> None:
        original_init(self, ws, columns, guard)
        started = time.perf_counter()
        sheet = sheets[ws.title] = bare.create_sheet(ws.title)
        for index, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.append([WriteOnlyCell(sheet, value=c.header) for c in columns])
        timer["seconds"] += time.perf_counter() - started

    def append(self: Any, values: Any, links: Any = None) -> int:
        specs: list[Any] = []  # untimed: what the export would store in each cell
        for index, value in enumerate(values):
            if value is None:
                specs.append(None)
                continue
            kind = self.columns[index].kind
            fmt, quote = None, False
            if isinstance(value, str):
                quote, value = needs_quote(value), self.guard.clean(value)
            elif isinstance(value, datetime):
                fmt = wbmod.DATETIME_FORMAT
                value = value.astimezone(UTC).replace(tzinfo=None) if value.tzinfo else value
            elif isinstance(value, date):
                fmt = wbmod.DATE_FORMAT
            else:
                fmt = wbmod.NUMBER_FORMATS.get(kind, "General")
            link = links.get(index) if links else None
            specs.append((value, fmt, kind is wbmod.Kind.WRAP, quote, link))
        lines = max(
            (
                wbmod._lines(values[i], self.columns[i].width, wbmod.TEXT_CHARS)
                for i in self._wrapped
                if isinstance(values[i], str)
            ),
            default=1,
        )
        self.rows += 1
        row_number = self.rows + 1
        sheet = sheets[self.ws.title]
        started = time.perf_counter()  # timed: the bare openpyxl loop
        row: list[Any] = []
        for spec in specs:
            if spec is None:
                row.append(None)
                continue
            value, fmt, wrapped, quote, link = spec
            cell = WriteOnlyCell(sheet, value=value)
            cell.alignment = wrap if wrapped else top
            if isinstance(value, str):
                cell.data_type = "s"
            if fmt:
                cell.number_format = fmt
            if quote:
                cell.quotePrefix = True
            if link:
                cell.font = link_font
                cell.hyperlink = Hyperlink(ref="", location=link)
            row.append(cell)
        if lines > 1:
            sheet.row_dimensions[row_number].height = min(
                wbmod.LINE_HEIGHT * lines + wbmod.ROW_PADDING, wbmod.MAX_ROW_HEIGHT
            )
        sheet.append(row)
        if lines > 1:
            del sheet.row_dimensions[row_number]
        timer["seconds"] += time.perf_counter() - started
        return row_number

    def close(self: Any) -> None:
        sheet = sheets[self.ws.title]
        last = get_column_letter(len(self.columns))
        sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"

    wbmod.TableSheet.__init__ = init  # type: ignore[method-assign]
    wbmod.TableSheet.append = append  # type: ignore[method-assign]
    wbmod.TableSheet.close = close  # type: ignore[method-assign]
    service = _service(url)
    started = time.perf_counter()
    result = export_workbook(service, out.with_name("headers-only.xlsx"), ExportOptions(force=True))
    wall = time.perf_counter() - started
    started = time.perf_counter()
    bare.save(out)
    timer["seconds"] += time.perf_counter() - started
    return {"seconds": timer["seconds"], "wall": wall, "rows": result.rows}


def measure(mode: str, url: str, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", mode, url, str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_export: {mode} run failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(small_url: str, large_url: str) -> bool:
    """Measure both portfolios, print the figures; True when both budgets are met."""
    results: dict[str, dict[str, Any]] = {}
    for label, url in (("small", small_url), ("large", large_url)):
        stem = Path(url.rsplit("/", 1)[-1]).stem
        export = measure("export", url, DATA / f"{stem}-export.xlsx")
        bare = measure("bare", url, DATA / f"{stem}-bare.xlsx")
        results[label] = {"export": export, "bare": bare}
        answers = export["rows"]["Answers"]
        print(
            f"  {stem}: {answers:>9,} answer rows, {sum(export['rows'].values()):>9,} rows: "
            f"export {export['seconds']:6.1f} s, peak {export['peak_mib']:5.1f} MiB; "
            f"bare openpyxl loop {bare['seconds']:6.1f} s "
            f"(export/bare x{export['seconds'] / bare['seconds']:.2f})",
            flush=True,
        )
    memory = results["large"]["export"]["peak_mib"] / results["small"]["export"]["peak_mib"]
    speed = results["large"]["export"]["seconds"] / results["large"]["bare"]["seconds"]
    ok_memory, ok_time = memory <= MEMORY_BUDGET, speed <= TIME_BUDGET
    print(
        f"  peak memory large/small x{memory:.2f} (budget x{MEMORY_BUDGET}) "
        f"{'ok' if ok_memory else 'MISSED'}; time export/bare, large "
        f"x{speed:.2f} (budget x{TIME_BUDGET}) {'ok' if ok_time else 'MISSED'}"
    )
    return ok_memory and ok_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=SMALL, metavar="VENDORS")
    parser.add_argument("--large", type=int, default=LARGE, metavar="VENDORS")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "URL", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, url, out = args.child
        child = child_export if mode == "export" else child_bare
        print(json.dumps(child(url, Path(out))))
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import synth

    print("== export")
    return 0 if run(synth.ensure(args.small), synth.ensure(args.large)) else 1


if __name__ == "__main__":
    sys.exit(main())
