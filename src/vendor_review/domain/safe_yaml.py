"""Safe reading of the YAML files the app trusts least (DESIGN §8): questionnaires, policy.

::

    doc = read_yaml(path, max_bytes=MAX_YAML_BYTES)   # raises YamlFileError
    doc.data                                          # dict[str, Any], the top-level mapping
    doc.sha256                                        # hex SHA-256 of the file's bytes
    doc.line_of(("bands", 0, "min"))                  # 1-based line, or None
    doc.problem(("bands", 0), "bands overlap")        # a Problem naming path and line
    doc.pydantic_problems(validation_error)           # pydantic errors mapped to lines
    raise YamlFileError(path, problems)               # str(): one line, "(and N more)"

:func:`read_yaml` checks, in order: the file is a regular file no bigger than ``max_bytes``
(from ``stat``, before reading); it is UTF-8; it parses as a single YAML document with
``SafeLoader`` rules plus: no aliases (so no "billion laughs"), no merge keys, nesting at
most :data:`MAX_DEPTH` deep, no tags beyond plain YAML (``!!python/...`` is refused before
anything is constructed), mapping keys are plain strings and not repeated; the top level is
a mapping. Every refusal names the line. A subclass of :class:`YamlFileError` per kind of
file (``QuestionnaireError``, a policy error) keeps the messages and adds a type to catch.

Pure Python ``SafeLoader`` on purpose: ``CSafeLoader`` composes in C, out of reach of the
alias and depth checks, and files are capped small enough for speed not to matter.
"""

from __future__ import annotations

import hashlib
import math
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from vendor_review.domain.file_errors import Problem, YamlFileError, format_path
from vendor_review.domain.text_rules import visible

if TYPE_CHECKING:  # the policy file is checked without pydantic (issue 14)
    from pydantic import ValidationError

__all__ = [
    "MAX_DEPTH",
    "MAX_YAML_BYTES",
    "Problem",
    "YamlDocument",
    "YamlFileError",
    "read_yaml",
]

MAX_YAML_BYTES = 256 * 1024
"""Largest YAML file read (questionnaires and policy)."""
MAX_DEPTH = 32
"""Deepest nesting of mappings/sequences accepted (a questionnaire needs 7)."""
MAX_INT = 2**31 - 1
"""Largest integer (either sign) read: every number the files hold fits a database integer."""

Loc = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_ALLOWED_TAGS = frozenset(t for t in yaml.SafeLoader.yaml_constructors if t is not None)


class _Refused(Exception):
    def __init__(self, message: str, node_or_mark: Any) -> None:
        super().__init__(message)
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.line: int | None = mark.line + 1 if mark is not None else None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting while composing, and turns value
    errors of the constructor (bad dates, huge integers) into marked errors."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _Refused("YAML aliases (*name) are not allowed", self._next_mark())
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep", self._next_mark())
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _next_mark(self) -> Any:
        return self.peek_event().start_mark  # type: ignore[no-untyped-call]

    def construct_bounded_int(self, node: Any) -> int:
        value: int = self.construct_yaml_int(node)
        if abs(value) > MAX_INT:
            shown = node.value if len(node.value) <= 24 else node.value[:20] + "…"
            raise _Refused(f"the number {shown} is out of range (at most {MAX_INT:,})", node)
        return value

    def construct_bounded_float(self, node: Any) -> float:
        value: float = self.construct_yaml_float(node)
        if not math.isfinite(value) or abs(value) > MAX_INT:
            raise _Refused(f"the number {node.value[:24]} is out of range", node)
        return value

    def construct_visible_str(self, node: Any) -> str:
        """Text keeps its lines and TABs; control, bidi and invisible characters (which
        YAML's escapes such as ``"\\e"`` or ``"\\u202e"`` can hold) become visible."""
        return visible(self.construct_yaml_str(node), multiline=True)

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError, TypeError) as exc:
            raise _Refused(f"cannot read this value: {str(exc).split(';')[0]}", node) from exc


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_bounded_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_bounded_float)
_StrictLoader.add_constructor("tag:yaml.org,2002:str", _StrictLoader.construct_visible_str)


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _check_tree(root: Node) -> list[tuple[Loc, int | None, str]]:
    """Tags, keys and duplicates, before anything is constructed."""
    found: list[tuple[Loc, int | None, str]] = []

    def line(node: Node) -> int | None:
        return node.start_mark.line + 1 if node.start_mark is not None else None

    def walk(node: Node, loc: Loc) -> None:
        if node.tag not in _ALLOWED_TAGS:
            found.append((loc, line(node), f"tag {_short_tag(node.tag)!r} is not allowed"))
            return
        if isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*loc, i))
        elif isinstance(node, MappingNode):
            first_line: dict[str, int | None] = {}
            for key, value in node.value:
                if key.tag == _MERGE_TAG:
                    found.append((loc, line(key), "YAML merge keys (<<) are not allowed"))
                    continue
                if not isinstance(key, ScalarNode) or key.tag != _STR_TAG:
                    shown = key.value if isinstance(key, ScalarNode) else "(complex key)"
                    found.append((loc, line(key), f"key {shown!r} must be text: quote it"))
                    continue
                name: str = key.value
                if name in first_line:
                    found.append(
                        (
                            (*loc, name),
                            line(key),
                            f"duplicate key {name!r} (line {line(key)}, "
                            f"first on line {first_line[name]})",
                        )
                    )
                    continue
                first_line[name] = line(key)
                walk(value, (*loc, name))

    walk(root, ())
    return found


@dataclass(frozen=True)
class YamlDocument:
    """A safely read YAML file: its data and a way back from a path to a line."""

    path: Path
    data: dict[str, Any]
    sha256: str
    root: Node = field(repr=False, compare=False)

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of ``loc`` (keys/indexes); the deepest existing part if it is missing.

        For a mapping key the line of the key is given, so a missing or extra field points at
        the mapping that should (not) hold it."""
        node = self.root
        found = node.start_mark.line + 1 if node.start_mark is not None else None
        for part in loc:
            nxt: Node | None = None
            mark_node: Node | None = None
            if isinstance(node, MappingNode) and isinstance(part, str):
                for key, value in node.value:
                    if isinstance(key, ScalarNode) and key.value == part:
                        nxt, mark_node = value, key
                        break
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                nxt = mark_node = node.value[part]
            if nxt is None or mark_node is None:
                break
            node = nxt
            if mark_node.start_mark is not None:
                found = mark_node.start_mark.line + 1
        return found

    def problem(self, loc: Sequence[str | int], message: str) -> Problem:
        return Problem(format_path(tuple(loc)) if loc else "", self.line_of(loc), message)

    def pydantic_problems(self, exc: ValidationError) -> list[Problem]:
        """Each pydantic error at its path and line, with pydantic's own message text."""
        return [self.problem(tuple(err["loc"]), err["msg"]) for err in exc.errors()]


def _fail(path: Path, message: str, line: int | None = None) -> YamlFileError:
    return YamlFileError(path, [Problem("", line, message)])


def read_yaml(path: Path, *, max_bytes: int = MAX_YAML_BYTES) -> YamlDocument:
    """Read one YAML file whose top level is a mapping, with the checks in the module doc."""
    try:
        st = path.stat()
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _fail(path, "not a regular file")
    if st.st_size > max_bytes:
        raise _fail(path, f"file is {st.st_size} bytes, over the {max_bytes}-byte limit")
    try:
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise _fail(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew after stat
        raise _fail(path, f"file is over the {max_bytes}-byte limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _fail(
            path, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)", line
        ) from None

    root, data = _parse(path, text)
    return YamlDocument(path, data, hashlib.sha256(raw).hexdigest(), root)


def _parse(path: Path, text: str) -> tuple[MappingNode, dict[str, Any]]:
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)  # checks for unprintable characters already
        root = loader.get_single_node()
        if root is None:
            raise _fail(path, "the file is empty")
        if not isinstance(root, MappingNode):
            kind = "a list" if isinstance(root, SequenceNode) else "a single value"
            raise _fail(path, f"the top level must be a mapping (key: value lines), not {kind}", 1)
        structural = _check_tree(root)
        if structural:
            raise YamlFileError(
                path, [Problem(format_path(loc) if loc else "", ln, m) for loc, ln, m in structural]
            )
        data: dict[str, Any] = loader.construct_document(root)
        return root, data
    except _Refused as exc:
        raise _fail(path, str(exc), exc.line) from None
    except yaml.MarkedYAMLError as exc:
        last = max(1, len(text.splitlines()))  # end-of-stream marks point past the last line
        message = f"invalid YAML: {_yaml_message(exc, last)}"
        raise _fail(path, message, _line(exc.problem_mark or exc.context_mark, last)) from None
    except yaml.reader.ReaderError as exc:
        at: int | None = None
        if isinstance(exc.position, int):
            at = text.count("\n", 0, exc.position) + 1
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise _fail(path, f"invalid YAML: character {char} is not allowed", at) from None
    except yaml.YAMLError as exc:
        raise _fail(path, f"invalid YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def _line(mark: yaml.Mark | None, last: int) -> int | None:
    return min(mark.line + 1, last) if mark is not None else None


def _yaml_message(exc: yaml.MarkedYAMLError, last: int) -> str:
    problem, context = exc.problem, exc.context
    if not (problem and context):
        return problem or context or "cannot parse"
    if problem.startswith("but "):  # "expected a single document..., but found another"
        return f"{context}, {problem}"
    at = _line(exc.context_mark, last)
    where = f" on line {at}" if at is not None else ""
    return f"{problem} ({context}{where})"
