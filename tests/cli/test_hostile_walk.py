"""Every command of the click group — found by walking it, so a command added later is
covered without anyone listing it — run on the example portfolio after every free-text
column was written raw with SQL (``support.hostile.poison``: ESC sequences, an OSC title,
BEL, NUL, C1, bidi overrides, zero-width characters): no raw control, bidi or invisible
character reaches stdout or stderr, and no command fails with a traceback.

Arguments are made from each parameter's name and type (ids of the portfolio's records,
a file of the right kind, the first of a choice, a date); a command that refuses them
still prints its refusal through the same filter, which is what is checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from support.hostile import HOSTILE, SHOWN, poison, raw_in
from vendor_review.cli import cli
from vendor_review.demo import load_demo
from vendor_review.settings import Settings
from vendor_review.store import open_database

AS_OF = "2026-06-15"
SUFFIX = {"calendar": ".ics", "backup": ".db", "import-vendors": ".csv", "validate": ".yaml"}
TEXT_VALUES = {"note": "checked", "reason": "checked", "comment": "checked", "name": "Walker Ltd",
               "role": "nobody", "value": "yes", "question_id": "q1", "expect": "1:" + "0" * 64,
               "questionnaire_id": "service-subprocessor", "parent": "1", "text": "a"}  # fmt: skip
ID_VALUES = {"after_id": "2", "merged": "2"}


def leaf_commands(group: click.Group = cli, path: tuple[str, ...] = ()) -> Iterator[
    tuple[tuple[str, ...], click.Command]
]:  # fmt: skip
    ctx = click.Context(group)  # the top-level group imports a command's module on lookup
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def _value(param: click.Parameter, path: tuple[str, ...], tmp: Path) -> str | None:
    name = param.name or ""
    kind = param.type
    if isinstance(kind, click.Choice):
        return str(kind.choices[0])
    if isinstance(kind, click.DateTime):
        return AS_OF
    if isinstance(kind, click.Path):
        target = tmp / f"{'-'.join(path)}{SUFFIX.get(path[-1], '.xlsx')}"
        if path[-1] in ("import-vendors", "validate"):
            target.write_text(f"name,kind\nWalk{SHOWN},service\n", encoding="utf-8")
        return str(target)
    if isinstance(kind, click.types.IntParamType | click.IntRange):
        return ID_VALUES.get(name, "1")
    if name in TEXT_VALUES:
        return TEXT_VALUES[name]
    if name.endswith(("_id", "_ref", "ref", "keep")):
        return ID_VALUES.get(name, "1")
    return "1"


def invocations(path: tuple[str, ...], command: click.Command, tmp: Path) -> list[list[str]]:
    """The command with every argument and required option given; again with ``--json``
    if it has it."""
    args: list[str] = [*path]
    has_json = False
    for param in command.params:
        if isinstance(param, click.Argument):
            if param.required:
                value = _value(param, path, tmp)
                args += [value] if value is not None else []
        elif isinstance(param, click.Option):
            has_json = has_json or "--json" in param.opts
            if param.required and not param.is_flag:
                value = _value(param, path, tmp)
                args += [param.opts[0], value] if value is not None else []
    return [args, [*args, "--json"]] if has_json else [args]


@pytest.fixture(scope="module")
def poisoned_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("walk") / "demo.db"
    url = f"sqlite:///{path}"
    load_demo(Settings(), url, as_of=date.fromisoformat(AS_OF))
    db = open_database(url)
    try:
        poison(db.engine)
    finally:
        db.dispose()
    return url


def test_the_walk_finds_every_command() -> None:
    found = {" ".join(path) for path, _ in leaf_commands()}
    assert {"vendor list", "vendor show", "audit log", "due", "calendar", "export"} <= found
    assert len(found) >= 40


@pytest.mark.parametrize(("path", "command"), list(leaf_commands()), ids=lambda v: " ".join(v)
                         if isinstance(v, tuple) else "")  # fmt: skip
def test_no_command_prints_raw_control_characters(
    poisoned_url: str, tmp_path: Path, path: tuple[str, ...], command: click.Command
) -> None:
    for args in invocations(path, command, tmp_path):
        result = CliRunner().invoke(
            cli, ["--db", poisoned_url, "--actor", "demo.carol", *args], prog_name="vendor-review"
        )
        output = result.stdout + result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            output,
            result.exception,
        )
        assert not raw_in(output), (args, sorted(hex(ord(c)) for c in raw_in(output)), output)
        for written in tmp_path.glob("*.ics"):
            assert not raw_in(written.read_text(encoding="utf-8")), written


def test_json_output_escapes_the_characters_and_keeps_the_data(poisoned_url: str) -> None:
    """``--json`` writes them as ``\\uXXXX`` escapes: nothing raw on the terminal, and a
    program reading the JSON gets the stored text back exactly."""
    import json

    result = CliRunner().invoke(cli, ["--db", poisoned_url, "--actor", "demo.carol", "vendor",
                                      "list", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "\\u001b[2J" in result.stdout and "\\u202e" in result.stdout
    assert not raw_in(result.stdout)
    names = [row["name"] for row in json.loads(result.stdout)]
    assert any(name.endswith(HOSTILE) for name in names), names
