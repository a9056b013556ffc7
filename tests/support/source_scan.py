"""Tests that read the package's own source with an ``ast`` visitor which lists what it
finds, one ``"<file>:<line> <what>"`` a finding."""

from __future__ import annotations

import ast
from typing import Protocol


class Finder(Protocol):
    found: list[str]

    def visit(self, node: ast.AST) -> object: ...


def found_in(finder: Finder, source: str) -> list[str]:
    """What ``finder`` lists in ``source``, without the ``<file>:<line>`` in front: a
    check that the walker catches what it should."""
    finder.visit(ast.parse(source))
    return [line.split(" ", 1)[1] for line in finder.found]
