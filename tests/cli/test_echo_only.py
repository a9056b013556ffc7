"""The CLI prints only through ``echo()`` in ``cli/app.py`` (which makes every control and
bidi character visible): an AST walk of every module outside the terminal app fails on
any other way to write to a terminal — ``print``, ``click.echo``/``secho``, writes to
``sys.stdout``/``sys.stderr``, ``os.write``, a rich console."""

from __future__ import annotations

import ast
from pathlib import Path

import vendor_review
from support.source_scan import found_in

PACKAGE = Path(vendor_review.__file__).parent
# The one terminal write, and a child process answering its parent through a pipe.
ALLOWED = {
    ("cli/app.py", "echo", "click.echo"),
    ("exchange/inbound/pdf_text.py", "_child", "sys.stdout.write"),
}
FORBIDDEN_CALLS = {
    "print",
    "pprint",
    "click.echo",
    "click.secho",
    "click.echo_via_pager",
    "sys.stdout.write",
    "sys.stderr.write",
    "sys.stdout.writelines",
    "sys.stderr.writelines",
    "sys.__stdout__.write",
    "sys.__stderr__.write",
    "os.write",
    "rich.print",
    "Console",
    "rich.console.Console",
}
FORBIDDEN_IMPORTS = {("click", "echo"), ("click", "secho"), ("rich", "print")}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return "?"


class _Writes(ast.NodeVisitor):
    def __init__(self, where: str) -> None:
        self.where = where
        self.function = "<module>"
        self.found: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.function = self.function, node.name
        self.generic_visit(node)
        self.function = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            if (node.module, alias.name) in FORBIDDEN_IMPORTS:
                self.found.append(f"{self.where}:{node.lineno} imports {node.module}.{alias.name}")

    def visit_Call(self, node: ast.Call) -> None:
        name = _dotted(node.func)
        if name in FORBIDDEN_CALLS and (self.where, self.function, name) not in ALLOWED:
            self.found.append(f"{self.where}:{node.lineno} {name}() in {self.function}()")
        self.generic_visit(node)


def _terminal_writes() -> tuple[list[str], set[tuple[str, str, str]]]:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith("tui/"):  # the app draws through Textual and tui/text.py
            continue
        visitor = _Writes(where)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found += visitor.found
    used = set()
    for where, function, name in ALLOWED:
        tree = ast.parse((PACKAGE / where).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == function:
                calls = [_dotted(c.func) for c in ast.walk(node) if isinstance(c, ast.Call)]
                if calls.count(name) == 1:
                    used.add((where, function, name))
    return found, used


def test_the_cli_writes_to_a_terminal_only_through_echo() -> None:
    found, used = _terminal_writes()
    assert not found, "print through cli.app.echo() instead:\n" + "\n".join(found)
    assert used == ALLOWED  # each allowed write exists, exactly once: the list stays true


def test_the_walker_catches_a_stray_print(tmp_path: Path) -> None:
    source = "import click, sys\ndef f(name):\n    print(name)\n    click.secho(name)\n"
    source += "    sys.stderr.write(name)\nfrom click import echo\n"
    assert found_in(_Writes("cli/new.py"), source) == [
        "print() in f()",
        "click.secho() in f()",
        "sys.stderr.write() in f()",
        "imports click.echo",
    ]
