"""Every text the app draws goes through ``tui/text.py`` (``plain()``/``shown()``, i.e.
``domain.text_rules.visible``) unless it is the app's own words: an AST walk of every
``tui`` module fails when stored or outside text could reach a widget another way.

What counts as reaching the screen: the first argument of ``Text``, ``Static``, ``Label``,
``Option``, ``Content``, ``notify``, ``update``, ``append``, ``add_row``, ``add_column``,
``add_option``, ``write``, ``add``/``add_leaf`` (tree nodes), ``Text.assemble``; keywords
``title``/``label``/``prompt``/``message``/``tooltip``/``placeholder``; and assignments to
``title``, ``sub_title``, ``border_title``, ``border_subtitle``, ``label``, ``tooltip``.

What is the app's own words: literals, numbers (a format spec, ``len()``), ids, counts,
enum values (``.value``), dates, local variables and parameters (the sinks they came
from are checked where they were built), and calls of the app's own functions (checked
inside). What is not: an attribute or item of a record (``vendor.name``, ``row["x"]``),
``str()``/``join()``/``format()`` of one, or an f-string holding one, unless it is wrapped
in ``plain()``/``shown()``.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import vendor_review.tui
from support.source_scan import found_in

TUI = Path(vendor_review.tui.__file__).parent
HELPERS = {"plain", "shown", "clipped"}
SINK_CALLS = {"Text", "Static", "Label", "Option", "Content", "Tooltip", "Input", "TextArea"}
SINK_METHODS = {"notify", "update", "append", "add_row", "add_column", "add_option",
                "write", "add", "add_leaf", "assemble", "set_label", "load_text",
                "insert"}  # fmt: skip
SINK_KEYWORDS = {"title", "label", "prompt", "message", "tooltip", "placeholder"}
SINK_ATTRIBUTES = {"title", "sub_title", "border_title", "border_subtitle", "label", "tooltip",
                   "value", "placeholder", "text"}  # fmt: skip
OWN_TEXT = "# own text"  # on a line whose sink is given only the app's words (said why)
# Attributes that hold numbers, ids, closed vocabularies or the app's own words.
SAFE_ATTRIBUTES = {"id", "value", "total", "done", "left", "count", "answered", "shown",
                   "version", "questionnaire_version", "seq", "days", "score", "control_score",
                   "rating", "band", "inherent_risk", "severity", "status", "kind", "entity",
                   "action", "description", "key", "key_display", "unit", "verb", "year",
                   "month", "day", "questions", "weight", "rows", "total_rows", "cut",
                   "made_visible", "assessment_id", "vendor_id", "entity_id", "finding_id",
                   "evidence_id", "questionnaire_id", "question_id", "cells", "bucket",
                   "title_text", "group_title", "screen_title", "plain", "checked",
                   "first_bad_seq", "pending", "subprocessors", "at", "hash", "sep"}  # fmt: skip
SAFE_FUNCTIONS = {"len", "int", "float", "bool", "sum", "min", "max", "abs", "round",
                  "isoformat", "utc", "day", "sorted", "tone"}  # fmt: skip
WRAPPING_FUNCTIONS = {"str", "repr", "format", "join", "upper", "lower", "strip", "title",
                      "capitalize", "replace", "removeprefix", "removesuffix", "get", "split",
                      "ljust", "rjust", "center",
                      "counted"}  # fmt: skip
# (``counted``, ``tui/words.py``: a count and its noun, as safe as what it is given.)


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


Env = dict[str, list[ast.expr]]


@functools.cache
def str_functions() -> frozenset[str]:
    """The app's functions that return a ``str`` (``-> str``): what they return may be the
    stored text they were given (clipped, joined), so a sink needs it wrapped."""
    names = set()
    for path in TUI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            returns = getattr(node, "returns", None)
            if isinstance(node, ast.FunctionDef) and returns is not None:
                names.update([node.name] if ast.unparse(returns) in {"str", "str | None"} else [])
    return frozenset(names - HELPERS)


def unsafe(node: ast.expr | None, env: Env | None = None, depth: int = 0) -> ast.expr | None:
    """The part of ``node`` that may carry stored text to the screen unfiltered, or None.
    ``env``: what each local name of the function was assigned (a name is as safe as
    every value given to it there)."""
    env = env or {}
    if isinstance(node, ast.Name):
        if depth > 5:
            return None
        for value in env.get(node.id, []):
            if unsafe(value, env, depth + 1) is not None:
                return node
        return None
    if node is None or isinstance(node, ast.Constant | ast.Lambda):
        return None
    if isinstance(node, ast.JoinedStr):
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                if part.format_spec is not None:  # ``{n:,}``, ``{score:.1f}``: a number
                    continue
                if found := unsafe(part.value, env, depth):
                    return found
        return None
    if isinstance(node, ast.Attribute):
        if node.attr in SAFE_ATTRIBUTES or node.attr.endswith(("_id", "_at", "_on", "_due")):
            return None
        if node.attr.isupper():  # a constant of the app's
            return None
        return node
    if isinstance(node, ast.Subscript):
        # a mapping of the app's own words: ``WHAT[kind]``; a record's field: ``row["name"]``
        if _name(node.value).isupper():
            return None
        if isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            return node
        return unsafe(node.value, env, depth)
    if isinstance(node, ast.Call):
        name = _name(node.func)
        if name in HELPERS or name in SAFE_FUNCTIONS:
            return None
        if name in WRAPPING_FUNCTIONS:
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            if name == "get" and receiver is not None and _name(receiver).isupper():
                return None
            for part in [receiver, *node.args]:
                if found := unsafe(part, env, depth):
                    return found
            return None
        if name in str_functions():  # returns text it may have been given: wrap it
            return node
        return None  # the app's own function: its sinks are checked where it builds text
    if isinstance(node, ast.BinOp):
        return unsafe(node.left, env, depth) or unsafe(node.right, env, depth)
    if isinstance(node, ast.BoolOp):
        for value in node.values:
            if found := unsafe(value, env, depth):
                return found
        return None
    if isinstance(node, ast.IfExp):
        return unsafe(node.body, env, depth) or unsafe(node.orelse, env, depth)
    if isinstance(node, ast.Starred):
        return unsafe(node.value, env, depth)
    if (
        isinstance(node, ast.Tuple)
        and len(node.elts) == 2
        and isinstance(node.elts[1], ast.Name | ast.Constant | ast.JoinedStr | ast.IfExp | ast.Call)
    ):
        return unsafe(node.elts[0], env, depth)  # (text, style)
    if isinstance(node, ast.Tuple | ast.List):
        for element in node.elts:
            if found := unsafe(element, env, depth):
                return found
        return None
    if isinstance(node, ast.GeneratorExp | ast.ListComp):
        return unsafe(node.elt, env, depth)
    if isinstance(node, ast.DictComp):
        return unsafe(node.value, env, depth)
    return None


def _assignments(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Env:
    env: Env = {}
    for node in ast.walk(function):
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
            targets, value = [node.target], node.value
        for target in targets:
            if isinstance(target, ast.Name) and value is not None:
                env.setdefault(target.id, []).append(value)
            elif isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
                for name, part in zip(target.elts, value.elts, strict=False):
                    if isinstance(name, ast.Name):
                        env.setdefault(name.id, []).append(part)
    return env


class _Paths(ast.NodeVisitor):
    def __init__(self, where: str, lines: list[str]) -> None:
        self.where = where
        self.lines = lines
        self.env: Env = {}
        self.found: list[str] = []

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        outer, self.env = self.env, {**self.env, **_assignments(node)}
        self.generic_visit(node)
        self.env = outer

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _check(self, node: ast.expr | None, what: str, sink: ast.stmt | ast.expr) -> None:
        bad = unsafe(node, self.env)
        if bad is None:
            return
        span = self.lines[sink.lineno - 1 : sink.end_lineno or sink.lineno]
        if any(OWN_TEXT in line for line in span):
            return
        self.found.append(f"{self.where}:{bad.lineno} {what}: {ast.unparse(bad)}")

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        is_sink = name in SINK_CALLS or (
            isinstance(node.func, ast.Attribute) and name in SINK_METHODS
        )
        if is_sink:
            args = node.args if name in {"add_row", "assemble"} else node.args[:1]
            for arg in args:
                self._check(arg, f"{name}()", node)
        for keyword in node.keywords:
            if keyword.arg in SINK_KEYWORDS:
                self._check(keyword.value, f"{keyword.arg}=", node)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if isinstance(target, ast.Attribute) and target.attr in SINK_ATTRIBUTES:
                self._check(node.value, f".{target.attr} =", node)
        self.generic_visit(node)


def unfiltered_text_paths() -> list[str]:
    found: list[str] = []
    for path in sorted(TUI.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        visitor = _Paths(path.relative_to(TUI).as_posix(), source.splitlines())
        visitor.visit(ast.parse(source, filename=str(path)))
        found += visitor.found
    return found


def test_stored_text_reaches_the_screen_only_through_tui_text() -> None:
    found = unfiltered_text_paths()
    assert not found, "wrap in tui.text.plain()/shown():\n" + "\n".join(found)


def test_the_walker_catches_a_name_shown_raw() -> None:
    source = (
        "def f(self, vendor, row, n):\n"
        "    self.notify(f'Saved {vendor.name}', title=vendor.name)\n"
        "    self.title = 'Vendor: ' + vendor.name\n"
        "    table.add_row(Text(row['name']), plain(vendor.name), f'{n:,}', str(vendor.id))\n"
        "    text.append(', '.join(vendor.parents))\n"
        "    self.notify(f'Saved {shown(vendor.name)} #{vendor.id}')\n"
        "    who = vendor.owner if n else 'nobody'\n"
        "    label.update(f'Owner: {who}')\n"
        "    label.update(vendor.owner)  # own text: not really, but said so\n"
    )
    assert found_in(_Paths("x.py", source.splitlines()), source) == [
        "notify(): vendor.name",
        "title=: vendor.name",
        ".title =: vendor.name",
        "Text(): row['name']",
        "append(): vendor.parents",
        "update(): who",
    ]


def test_every_text_box_draws_pasted_text_harmlessly() -> None:
    """One-line boxes are ``TextInput`` and multi-line editors ``TextEditor`` (which draw
    control and bidi characters as symbols), never Textual's ``Input``/``TextArea``."""
    boxes = {"Input": "text_input.TextInput", "TextArea": "text_editor.TextEditor"}
    found = []
    for path in sorted(TUI.rglob("*.py")):
        if path.name in {"text_input.py", "text_editor.py"}:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in boxes:
                use = boxes[_name(node.func)]
                found.append(f"{path.relative_to(TUI)}:{node.lineno}: use tui.widgets.{use}")
    assert not found, "\n".join(found)
