"""The README's walk-through, run as written: every command of the blocks marked
``<!-- walkthrough -->``, in order, in one shell, from a folder laid out like a fresh
clone after ``make run`` (``.venv`` and ``examples/``), each exit code as the README says
(0 unless the command's comment says ``exit N``); scratch files only under ``scratch/``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MARK = "<!-- walkthrough -->"
BLOCK = re.compile(re.escape(MARK) + r"\s*```(?:sh|console|bash)\n(.*?)```", re.S)
EXPECTED = re.compile(r"#[^'\"]*\bexit (\d+)\b")
SECONDS = 600


@dataclass(frozen=True)
class Step:
    command: str
    exit_code: int


def walkthrough(text: str) -> list[Step]:
    """The commands of the marked blocks (continued lines joined), with their exit codes."""
    steps: list[Step] = []
    for block in BLOCK.findall(text):
        command = ""
        for line in block.splitlines():
            command += line.rstrip()
            if command.endswith("\\"):
                command = command[:-1] + " "
                continue
            if command.strip() and not command.lstrip().startswith("#"):
                found = EXPECTED.search(command)
                steps.append(Step(command.strip(), int(found.group(1)) if found else 0))
            command = ""
    return steps


def test_the_walkthrough_is_marked_in_the_readme() -> None:
    steps = walkthrough(README.read_text(encoding="utf-8"))
    assert len(steps) >= 15
    assert steps[0].command == ". .venv/bin/activate"
    assert any(step.exit_code == 3 for step in steps)  # due: something is overdue
    assert any(step.command.startswith("vendor-review report review") for step in steps)
    assert [s.command for s in walkthrough("<!-- walkthrough -->\n```sh\na \\\n  b  # exit 4\n```")
            ] == ["a    b  # exit 4"]  # fmt: skip
    assert walkthrough("<!-- walkthrough -->\n```sh\nx  # exit 4\n```")[0].exit_code == 4


def test_the_walkthrough_runs_as_written(tmp_path: Path) -> None:
    venv = Path(sys.prefix)
    if not (venv / "bin" / "vendor-review").is_file() or not (venv / "bin/activate").is_file():
        pytest.skip(f"no virtualenv with the vendor-review entry point at {venv}")
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / ".venv").symlink_to(venv)
    (clone / "examples").symlink_to(ROOT / "examples")
    steps = walkthrough(README.read_text(encoding="utf-8"))
    codes = tmp_path / "exit-codes"
    script = tmp_path / "walkthrough.sh"
    lines = [f'exec 3>"{codes}"']
    for step in steps:
        lines += [step.command, 'echo "$?" >&3']
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VENDOR_REVIEW_")}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        VENDOR_REVIEW_CONFIG=str(home / "no-config.toml"),
        COLUMNS="120",
    )
    done = subprocess.run(
        ["bash", str(script)],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        timeout=SECONDS,
        check=False,
    )
    got = [int(code) for code in codes.read_text().split()]
    report = "\n".join(
        f"{'ok ' if g == s.exit_code else 'BAD'} exit {g} (README: {s.exit_code})  {s.command}"
        for s, g in zip(steps, got, strict=False)
    )
    assert got == [s.exit_code for s in steps], f"{report}\n--- stderr:\n{done.stderr}"
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in clone.iterdir()) == [".venv", "examples", "scratch"]
    assert (clone / "scratch" / "example.db").is_file()
