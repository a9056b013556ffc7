"""The questionnaire catalog and the policy, parsed once per file content.

Parsing the YAML files (safe loader, line-tracking, strict validation) is most of what a
command that needs questions pays before it starts. The result is kept as JSON in the
user cache directory, under a key made of

- the program version and a fingerprint of the domain code that parses the files, and
- every file's name and SHA-256, in the order the catalog reads them,

so an edited file, a new or removed file or a new program version is a miss. A hit is
rebuilt through the same validation as a stored snapshot
(``Questionnaire.from_definition``) or as the policy file (``policy_from``), never
unpickled, so a cache file someone tampered with can at worst be refused. A cache that
cannot be read, parsed or validated is ignored (and rewritten); one that cannot be
written is simply not kept. Catalogs with problems are never cached: the slow path
reports them every time.

Each questionnaire's entry also keeps what ``questionnaires list`` shows of it
(``QuestionnaireSummary``: id, version, title, kinds it applies to, question count) in
plain values: the list reads those back checked for their shape only, without the
questionnaire models (pydantic) or validating every question (issue 14: the list starts
near the import floor). Commands that need questions still get validated models.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vendor_review import __version__
from vendor_review.domain.builtin_files import yaml_files
from vendor_review.domain.enums import VendorKind
from vendor_review.domain.policy import Policy
from vendor_review.domain.policy_document import load_policy, policy_from

if TYPE_CHECKING:  # the catalog's modules are imported by the commands that need questions
    from vendor_review.domain.loader import CatalogResult, LoadedQuestionnaire, QuestionnaireError

APP_NAME = "vendor-review"
FORMAT = 2  # 2: each questionnaire's summary
CACHE_ENV = "VENDOR_REVIEW_CACHE_DIR"
"""Overrides the cache directory (tests point it at ``tmp_path``); ``off`` disables it."""
_DOMAIN_DIR = Path(__file__).resolve().parents[1] / "domain"
_code_key: str | None = None


def cache_dir() -> Path | None:
    named = os.environ.get(CACHE_ENV)
    if named == "off":
        return None
    if named:
        return Path(named)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME))


def _code_fingerprint() -> str:
    """The program version and the bytes of the code that parses and validates files."""
    global _code_key
    if _code_key is None:
        digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
        for source in sorted(_DOMAIN_DIR.glob("*.py")):
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
        _code_key = digest.hexdigest()
    return _code_key


@dataclass(frozen=True)
class QuestionnaireSummary:
    """What the catalog's list shows of one questionnaire, in plain values."""

    id: str
    version: int
    title: str
    applies_to: tuple[str, ...]
    """``VendorKind`` values."""
    questions: int
    sha256: str
    path: Path
    builtin: bool


@dataclass(frozen=True)
class CatalogSummary:
    """The questionnaires that loaded, by id, and one error per file that did not."""

    questionnaires: list[QuestionnaireSummary]
    problems: list[QuestionnaireError]


def summary_of(item: LoadedQuestionnaire) -> QuestionnaireSummary:
    q = item.questionnaire
    return QuestionnaireSummary(
        id=q.id,
        version=q.version,
        title=q.title,
        applies_to=tuple(kind.value for kind in q.applies_to),
        questions=sum(1 for _ in q.questions()),
        sha256=item.sha256,
        path=item.path,
        builtin=item.builtin,
    )


def _file_hashes(folders: Sequence[tuple[Path, frozenset[str]]]) -> list[tuple[str, str]] | None:
    out: list[tuple[str, str]] = []
    try:
        for folder, skip in folders:
            for path in yaml_files(folder, skip=skip):
                out.append((str(path), hashlib.sha256(path.read_bytes()).hexdigest()))
    except OSError:
        return None  # a missing or unreadable folder: the slow path names the problem
    return out


def _key(kind: str, files: list[tuple[str, str]]) -> str:
    digest = hashlib.sha256(f"{kind}\n{_code_fingerprint()}".encode())
    for name, sha in files:
        digest.update(f"\n{name}\0{sha}".encode())
    return digest.hexdigest()


def _read(path: Path) -> Any:
    with contextlib.suppress(OSError, ValueError, UnicodeDecodeError):
        return json.loads(path.read_text(encoding="utf-8"))
    return None


def _write(path: Path, data: Any) -> None:
    """Atomically, best effort: a cache that cannot be written is just not kept."""
    with contextlib.suppress(OSError, TypeError, ValueError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, separators=(",", ":"))
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def load_catalog_cached(builtin_dir: Path, user_dirs: Sequence[Path]) -> CatalogResult:
    """``load_catalog(builtin_dir, user_dirs)``, from the cache when the files are unchanged."""
    found = _cache_file(builtin_dir, user_dirs)
    if found is not None:
        hit = _catalog_from(_read(found[0]), found[1])
        if hit is not None:
            return hit
    return _load_and_keep(builtin_dir, user_dirs, found)


def load_catalog_summary_cached(builtin_dir: Path, user_dirs: Sequence[Path]) -> CatalogSummary:
    """What ``load_catalog`` lists of each questionnaire, by id; from the cache without
    the questionnaire models when the files are unchanged."""
    found = _cache_file(builtin_dir, user_dirs)
    if found is not None:
        hit = _summary_from(_read(found[0]), found[1])
        if hit is not None:
            return hit
    result = _load_and_keep(builtin_dir, user_dirs, found)
    items = [summary_of(item) for item in result.questionnaires.values()]
    return CatalogSummary(sorted(items, key=lambda x: x.id), result.problems)


_Found = tuple[Path, list[tuple[str, str]]]


def _cache_file(builtin_dir: Path, user_dirs: Sequence[Path]) -> _Found | None:
    """The catalog's cache file and the files it stands for (``None``: no cache)."""
    folders = [(builtin_dir, frozenset({"policy.yaml"}))]
    folders += [(Path(d), frozenset()) for d in user_dirs]
    directory = cache_dir()
    files = _file_hashes(folders) if directory is not None else None
    if directory is None or files is None:
        return None
    return directory / f"catalog-{_key('catalog', files)}.json", files


def _load_and_keep(
    builtin_dir: Path, user_dirs: Sequence[Path], found: _Found | None
) -> CatalogResult:
    """The files parsed and validated, cached if they have no problems."""
    from vendor_review.domain.loader import load_catalog

    result = load_catalog(builtin_dir, user_dirs)
    if found is not None and not result.problems:
        _write(found[0], _catalog_record(result, found[1]))
    return result


def _catalog_record(result: CatalogResult, files: list[tuple[str, str]]) -> dict[str, Any]:
    records = []
    for item in result.questionnaires.values():
        summary = summary_of(item)
        records.append(
            {
                "path": str(item.path),
                "sha256": item.sha256,
                "builtin": item.builtin,
                "summary": {
                    "id": summary.id,
                    "version": summary.version,
                    "title": summary.title,
                    "applies_to": list(summary.applies_to),
                    "questions": summary.questions,
                },
                "definition": item.questionnaire.definition(),
            }
        )
    return {"files": files, "questionnaires": records}


_T = TypeVar("_T")
_Build = Callable[[dict[str, Any], Path, str, bool], tuple[str, _T]]


def _entries(data: Any, files: list[tuple[str, str]], build: _Build[_T]) -> dict[str, _T] | None:
    """The cache's questionnaires made by ``build`` (from the record, path, SHA-256 and
    built-in flag: an id and an entry), by id, when the cache stands for ``files``;
    ``None`` for anything unexpected."""
    try:
        if [tuple(f) for f in data["files"]] != files:
            return None
        known = dict(files)
        out: dict[str, _T] = {}
        for record in data["questionnaires"]:
            path, sha, builtin = str(record["path"]), str(record["sha256"]), record["builtin"]
            if known.get(path) != sha or not isinstance(builtin, bool):
                return None
            qid, entry = build(record, Path(path), sha, builtin)
            if qid in out:
                return None
            out[qid] = entry
    except Exception:  # a corrupt or foreign cache file is a miss, never an error
        return None
    return out


def _catalog_from(data: Any, files: list[tuple[str, str]]) -> CatalogResult | None:
    """The cached catalog, validated; ``None`` for anything unexpected."""
    from vendor_review.domain.loader import CatalogResult, LoadedQuestionnaire
    from vendor_review.domain.questionnaire import Questionnaire

    def build(
        record: dict[str, Any], path: Path, sha: str, builtin: bool
    ) -> tuple[str, LoadedQuestionnaire]:
        q = Questionnaire.from_definition(record["definition"])
        return q.id, LoadedQuestionnaire(q, path, sha, builtin)

    loaded = _entries(data, files, build)
    return None if loaded is None else CatalogResult(loaded, [])


_KINDS = frozenset(kind.value for kind in VendorKind)


def _summary_from(data: Any, files: list[tuple[str, str]]) -> CatalogSummary | None:
    """The cached summaries, checked for their shape; ``None`` for anything unexpected."""

    def build(
        record: dict[str, Any], path: Path, sha: str, builtin: bool
    ) -> tuple[str, QuestionnaireSummary]:
        plain = record["summary"]
        item = QuestionnaireSummary(
            id=plain["id"],
            version=plain["version"],
            title=plain["title"],
            applies_to=tuple(plain["applies_to"]),
            questions=plain["questions"],
            sha256=sha,
            path=path,
            builtin=builtin,
        )
        if not (
            all(type(v) is str and v for v in (item.id, item.title))
            and all(type(v) is int and v >= 1 for v in (item.version, item.questions))
            and set(item.applies_to) <= _KINDS
        ):
            raise ValueError("not a questionnaire's summary")
        return item.id, item

    items = _entries(data, files, build)
    return None if items is None else CatalogSummary(sorted(items.values(), key=lambda x: x.id), [])


def load_policy_cached(path: Path) -> Policy:
    """``load_policy(path)``, from the cache when the file is unchanged."""
    directory = cache_dir()
    try:
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        directory = None
    if directory is None:
        return load_policy(path)
    target = directory / f"policy-{_key('policy', [(str(path), sha)])}.json"
    data = _read(target)
    if isinstance(data, dict):
        try:
            return policy_from(data)  # checked like the file itself
        except Exception:  # corrupt or foreign: a miss
            pass
    policy = load_policy(path)
    _write(target, policy.to_plain())
    return policy
