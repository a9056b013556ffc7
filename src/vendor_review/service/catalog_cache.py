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
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendor_review import __version__
from vendor_review.domain.policy import Policy
from vendor_review.domain.policy_document import load_policy, policy_from

if TYPE_CHECKING:  # the catalog's modules are imported by the commands that need questions
    from vendor_review.domain.loader import CatalogResult

APP_NAME = "vendor-review"
FORMAT = 1
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


def _file_hashes(folders: Sequence[tuple[Path, frozenset[str]]]) -> list[tuple[str, str]] | None:
    from vendor_review.domain.loader import yaml_files

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
    from vendor_review.domain.loader import load_catalog

    folders = [(builtin_dir, frozenset({"policy.yaml"}))]
    folders += [(Path(d), frozenset()) for d in user_dirs]
    directory = cache_dir()
    files = _file_hashes(folders) if directory is not None else None
    if directory is None or files is None:
        return load_catalog(builtin_dir, user_dirs)
    target = directory / f"catalog-{_key('catalog', files)}.json"
    hit = _catalog_from(_read(target), files)
    if hit is not None:
        return hit
    result = load_catalog(builtin_dir, user_dirs)
    if not result.problems:
        _write(target, _catalog_record(result, files))
    return result


def _catalog_record(result: CatalogResult, files: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "files": files,
        "questionnaires": [
            {
                "path": str(item.path),
                "sha256": item.sha256,
                "builtin": item.builtin,
                "definition": item.questionnaire.definition(),
            }
            for item in result.questionnaires.values()
        ],
    }


def _catalog_from(data: Any, files: list[tuple[str, str]]) -> CatalogResult | None:
    """The cached catalog, validated; ``None`` for anything unexpected."""
    from vendor_review.domain.loader import CatalogResult, LoadedQuestionnaire
    from vendor_review.domain.questionnaire import Questionnaire

    try:
        if [tuple(f) for f in data["files"]] != files:
            return None
        known = dict(files)
        loaded: dict[str, LoadedQuestionnaire] = {}
        for record in data["questionnaires"]:
            path, sha = str(record["path"]), str(record["sha256"])
            if known.get(path) != sha or not isinstance(record["builtin"], bool):
                return None
            q = Questionnaire.from_definition(record["definition"])
            if q.id in loaded:
                return None
            loaded[q.id] = LoadedQuestionnaire(q, Path(path), sha, record["builtin"])
    except Exception:  # a corrupt or foreign cache file is a miss, never an error
        return None
    return CatalogResult(loaded, [])


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
