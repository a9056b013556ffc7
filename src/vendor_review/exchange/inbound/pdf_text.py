"""The text of an outside PDF, read in a child process under hard limits (DESIGN §8).

A PDF is a program-like format: a crafted file can make a parser loop, allocate without
end or decompress a bomb. So the parse runs in ``python -m`` of this module, with the
bytes on stdin, an address-space and CPU-time limit set on the child, and a wall-clock
timeout in the parent; the child prints one JSON object. Whatever goes wrong is one
``RefusedFile`` line naming the file.

    pages = read_pdf_text(Path("acme-soc2.pdf"))   # tuple of page texts, first pages only
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from vendor_review.exchange.inbound.tables import MIB, Limits, RefusedFile
from vendor_review.exchange.inbound.untrusted import load


@dataclass(frozen=True)
class PdfLimits:
    max_bytes: int = 50 * MIB
    max_pages: int = 2_000  # refused above this (a report is tens to hundreds of pages)
    read_pages: int = 60  # text is taken from the first pages only: where the facts are
    max_chars: int = 400_000
    seconds: float = 20.0  # wall clock for the whole child
    cpu_seconds: int = 15
    memory: int = 768 * MIB


PDF_LIMITS = PdfLimits()


def read_pdf_text(path: Path, limits: PdfLimits = PDF_LIMITS) -> tuple[str, ...]:
    """The text of the first pages of ``path``, or ``RefusedFile`` with one clear reason."""
    upload = load(path, (".pdf",), Limits(max_bytes=limits.max_bytes))
    if not upload.data.startswith(b"%PDF-"):
        raise RefusedFile(upload.name, "refused: not a PDF file (no %PDF- header)")
    command = [
        sys.executable,
        "-I",  # isolated: no user site, no PYTHON* variables, no cwd on sys.path
        "-c",
        "import sys; from vendor_review.exchange.inbound import pdf_text as m; m._child()",
        json.dumps(
            [
                limits.max_pages,
                limits.read_pages,
                limits.max_chars,
                limits.memory,
                limits.cpu_seconds,
            ]
        ),
    ]
    try:
        done = subprocess.run(
            command,
            input=upload.data,
            capture_output=True,
            timeout=limits.seconds,
            check=False,
            env=_child_env(),
        )
    except subprocess.TimeoutExpired:
        raise RefusedFile(
            upload.name, f"refused: reading it took over {limits.seconds:g} s"
        ) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        reason = "ran out of memory or time" if done.returncode < 0 else "could not be parsed"
        raise RefusedFile(upload.name, f"refused: the PDF {reason}") from None
    if "refused" in answer:
        raise RefusedFile(upload.name, f"refused: {answer['refused']}")
    return tuple(str(page) for page in answer["pages"])


def _child_env() -> dict[str, str]:
    """The child sees no secrets of ours: only what Python needs to start."""
    return {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "HOME")}


def _child() -> None:  # pragma: no cover - runs in the child process (tested through it)
    import logging
    import resource

    max_pages, read_pages, max_chars, memory, cpu = json.loads(sys.argv[1])
    # Limits first, before a byte of the file is parsed (not preexec_fn: unsafe in threads).
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    logging.disable(logging.CRITICAL)  # pypdf warns on stderr about odd files; not ours
    out: dict[str, object]
    try:
        import io

        from pypdf import PdfReader
        from pypdf.errors import FileNotDecryptedError, PdfReadError

        reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()), strict=False)
        if reader.is_encrypted:
            out = {"refused": "the PDF is encrypted; ask the vendor for an unprotected copy"}
        elif len(reader.pages) > max_pages:
            out = {"refused": f"{len(reader.pages):,} pages is over the {max_pages:,} limit"}
        else:
            pages: list[str] = []
            total = 0
            for page in reader.pages[:read_pages]:
                text = page.extract_text() or ""
                total += len(text)
                if total > max_chars:
                    break
                pages.append(text)
            out = {"pages": pages}
    except FileNotDecryptedError:
        out = {"refused": "the PDF is encrypted; ask the vendor for an unprotected copy"}
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        out = {"refused": f"the PDF is malformed ({type(exc).__name__})"}
    except RecursionError:
        out = {"refused": "the PDF nests objects too deeply"}
    except MemoryError:
        out = {"refused": "the PDF needs more memory than allowed"}
    sys.stdout.write(json.dumps(out))
