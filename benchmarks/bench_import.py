"""Importing returned questionnaire workbooks, and refusing zip bombs (issue 6 budgets).

    python benchmarks/bench_import.py [--questions 500]

Each measurement runs in a fresh interpreter (``--child``), on files made in a temporary
folder:

- ``answers``: a questionnaire of N questions (every type), its workbook made for a
  draft and filled in with openpyxl as a vendor would; then ``plan_answer_import`` (read
  and check the file) and ``apply_answer_plan`` (store N answers in one transaction, each
  audited) on SQLite. Budget: read + check + store under 1 s at 500 questions.
- ``bomb``: refusing zip bombs: a 100 MiB-unpacking member (honest sizes: refused by the
  unpacked-size check), the same with its declared sizes forged small (refused when its
  CRC fails, having inflated no more than the declared size), a 100 MiB file on disk
  (refused by its size, never read), 10,000 and 100,000 members, and a sheet whose one
  row holds 262,000 cells within 1 MiB (refused by the shape check; openpyxl would build
  a dict per cell). Budget: under 1 s and under 50 MiB each; memory is the Python
  heap's peak during the call (``tracemalloc``) and the growth of the process's peak
  resident set (``ru_maxrss``).
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import struct
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

QUESTIONS = 500
MIB = 1024 * 1024
TIME_BUDGET = 1.0
MEMORY_BUDGET_MIB = 50.0


def questionnaire_yaml(count: int) -> str:
    lines = [
        "id: bench",
        "version: 1",
        "title: Benchmark questionnaire",
        "applies_to: [infrastructure, service, subcontractor, other]",
        "sections:",
    ]
    for s in range(count // 50 + (count % 50 > 0)):
        lines += [f"  - id: s{s}", f"    title: Section {s}", "    questions:"]
        for i in range(s * 50, min(count, (s + 1) * 50)):
            kind = ("yes_no", "choice", "multi", "date", "number", "text")[i % 6]
            lines += [f"      - id: q{i}", f"        text: Question {i}?", f"        type: {kind}"]
            if kind in ("choice", "multi"):
                lines.append("        options:")
                lines += [
                    f'          - {{value: o{k}, label: "Option {k}, in words", score: {k / 3}}}'
                    for k in range(4)
                ]
            if kind in ("date", "number", "text"):
                lines.append("        required: false")
    return "\n".join(lines) + "\n"


def typed_answer(i: int) -> Any:
    return (
        "yes",
        "OPTION 2, IN WORDS",
        "Option 1, in words; Option 3, in words",
        datetime(2025, 11, 30),
        i,
        f"Answer text {i}",
    )[i % 6]


def child_answers(folder: Path, count: int) -> dict[str, Any]:
    from openpyxl import load_workbook

    from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
    from vendor_review.exchange.inbound.questionnaire import apply_answer_plan, plan_answer_import
    from vendor_review.exchange.outbound.questionnaire import write_questionnaire_workbook
    from vendor_review.service import FixedClock, Service, builtin_policy
    from vendor_review.store import open_database

    qdir = folder / "questionnaires"
    qdir.mkdir()
    (qdir / "bench.yaml").write_text(questionnaire_yaml(count), encoding="utf-8")
    service = Service(
        open_database(f"sqlite:///{folder / 'bench.db'}"),
        actor="alice",
        catalog=lambda: load_catalog(builtin_questionnaire_dir(), [qdir]),
        policy=builtin_policy(),
        clock=FixedClock(datetime(2026, 3, 10, 9, tzinfo=UTC)),
    )
    service.add_vendor({"name": "Twilio, Inc.", "kind": "service", "data_access": "personal",
                        "criticality": "medium"})  # fmt: skip
    assessment = service.start_assessment("Twilio, Inc.", "bench").id
    sent = folder / "sent.xlsx"
    started = time.perf_counter()
    write_questionnaire_workbook(service, assessment, sent)
    made = time.perf_counter() - started
    wb = load_workbook(sent)
    ws = wb["Questions"]
    for row in range(2, count + 2):
        ws.cell(row, 4).value = typed_answer(int(str(ws.cell(row, 2).value)[1:]))
    returned = folder / "returned.xlsx"
    wb.save(returned)
    started = time.perf_counter()
    plan = plan_answer_import(service, assessment, returned)
    planned = time.perf_counter() - started
    assert not plan.problems, plan.problems[:3]
    stored = apply_answer_plan(service, plan)
    total = time.perf_counter() - started
    return {
        "questions": count,
        "stored": len(stored),
        "bytes": returned.stat().st_size,
        "write_seconds": made,
        "plan_seconds": planned,
        "store_seconds": total - planned,
        "seconds": total,
    }


def bombs(folder: Path) -> dict[str, Path]:
    def zipped(members: dict[str, bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members.items():
                zf.writestr(name, data)
        return out.getvalue()

    honest = zipped(
        {"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": bytes(100 * MIB)}
    )
    forged = bytearray(honest)
    name = b"xl/worksheets/sheet1.xml"
    local, central = forged.find(name) - 30, forged.rfind(name) - 46
    assert (
        forged[local : local + 4] == b"PK\x03\x04"
        and forged[central : central + 4] == b"PK\x01\x02"
    )
    struct.pack_into("<I", forged, local + 22, 4096)  # declared: 4 KiB unpacked
    struct.pack_into("<I", forged, central + 24, 4096)
    paths = {
        "100 MiB unpacked, honest sizes": folder / "honest.xlsx",
        "100 MiB unpacked, sizes forged": folder / "forged.xlsx",
        "100 MiB file on disk": folder / "big.xlsx",
        "10,000 zip members": folder / "members.xlsx",
        "100,000 zip members (zip64)": folder / "zip64.xlsx",
        "one row of 262,000 cells (1 MiB of XML)": folder / "fatrow.xlsx",
    }
    values = list(paths.values())
    values[0].write_bytes(honest)
    values[1].write_bytes(bytes(forged))
    with values[2].open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(100 * MIB)
    values[3].write_bytes(zipped({f"m/{i}": b"" for i in range(10_000)}))
    values[4].write_bytes(zipped({f"m/{i}": b"" for i in range(100_000)}))
    row = (
        b'<worksheet><sheetData><row r="1">' + b"<c/>" * 262_000 + b"</row></sheetData></worksheet>"
    )
    values[5].write_bytes(zipped({"xl/worksheets/sheet1.xml": row}))
    return paths


def child_bomb(path: Path) -> dict[str, Any]:
    from vendor_review.exchange.inbound.questionnaire import read_answer_workbook
    from vendor_review.exchange.inbound.tables import RefusedFile

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    try:
        read_answer_workbook(path)
        message = "NOT REFUSED"
    except RefusedFile as refused:
        message = refused.reason
    seconds = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    return {"seconds": seconds, "heap_mib": heap / MIB, "rss_growth_mib": rss / 1024,
            "message": message, "bytes": path.stat().st_size}  # fmt: skip


def measure(*args: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_import: {args[0]} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run(questions: int = QUESTIONS) -> bool:
    """Print the figures; True when every budget is met."""
    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        work = folder / "answers"
        work.mkdir()
        a = measure("answers", str(work), str(questions))
        met = a["seconds"] < TIME_BUDGET
        ok &= met
        print(
            f"  returned workbook, {a['questions']} questions ({a['bytes'] / 1024:,.0f} KiB): "
            f"read+check {a['plan_seconds']:.2f} s + store {a['stored']} answers "
            f"{a['store_seconds']:.2f} s = {a['seconds']:.2f} s "
            f"(budget {TIME_BUDGET:.0f} s) {'ok' if met else 'MISSED'}; "
            f"making the workbook {a['write_seconds']:.2f} s",
            flush=True,
        )
        for label, path in bombs(folder).items():
            b = measure("bomb", str(path))
            met = (
                b["message"] != "NOT REFUSED"
                and b["seconds"] < TIME_BUDGET
                and max(b["heap_mib"], b["rss_growth_mib"]) < MEMORY_BUDGET_MIB
            )
            ok &= met
            print(
                f"  {label} ({b['bytes'] / MIB:,.2f} MiB file): refused in "
                f"{b['seconds'] * 1000:,.0f} ms, heap peak {b['heap_mib']:.1f} MiB, "
                f"RSS growth {b['rss_growth_mib']:.1f} MiB {'ok' if met else 'MISSED'} "
                f"— {b['message'][:70]}",
                flush=True,
            )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=QUESTIONS)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, *rest = args.child
        if mode == "answers":
            print(json.dumps(child_answers(Path(rest[0]), int(rest[1]))))
        else:
            print(json.dumps(child_bomb(Path(rest[0]))))
        return 0
    print("== import")
    return 0 if run(args.questions) else 1


if __name__ == "__main__":
    sys.exit(main())
