"""Load questionnaire files and build the catalog (DESIGN §4, §8).

:func:`load_questionnaire_file` reads a file with the protections of
:mod:`vendor_review.domain.safe_yaml` (size cap, UTF-8, no aliases/tags/duplicate keys,
depth limit), validates it strictly with pydantic and then with
:func:`~vendor_review.domain.questionnaire_rules.semantic_problems`; every problem is
reported with its path and line in one :class:`QuestionnaireError`. :func:`load_catalog`
loads the built-in folder and the user folders, collecting problems without letting one bad
file stop the others. The safe YAML API is re-exported here for convenience.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from vendor_review.domain.builtin_files import builtin_questionnaire_dir, yaml_files
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.questionnaire_rules import semantic_problems
from vendor_review.domain.safe_yaml import (
    MAX_DEPTH,
    MAX_YAML_BYTES,
    Problem,
    YamlDocument,
    YamlFileError,
    read_yaml,
)

__all__ = [
    "MAX_DEPTH",
    "MAX_YAML_BYTES",
    "CatalogResult",
    "LoadedQuestionnaire",
    "Problem",
    "QuestionnaireError",
    "YamlDocument",
    "YamlFileError",
    "builtin_questionnaire_dir",
    "load_catalog",
    "load_questionnaire_file",
    "read_yaml",
    "yaml_files",
]


class QuestionnaireError(YamlFileError):
    """A questionnaire file (or folder) that cannot be loaded."""


@dataclass(frozen=True)
class LoadedQuestionnaire:
    questionnaire: Questionnaire
    path: Path
    sha256: str
    """Hex SHA-256 of the file's bytes."""
    builtin: bool


def _load(path: Path, builtin: bool) -> tuple[LoadedQuestionnaire, YamlDocument]:
    try:
        doc = read_yaml(path, max_bytes=MAX_YAML_BYTES)
    except YamlFileError as exc:
        raise QuestionnaireError(exc.path, exc.problems, display=exc.display) from None
    try:
        q = Questionnaire.model_validate(doc.data)
    except ValidationError as exc:
        raise QuestionnaireError(path, doc.pydantic_problems(exc)) from None
    problems = [doc.problem(loc, msg) for loc, msg in semantic_problems(q)]
    if problems:
        raise QuestionnaireError(path, problems)
    return LoadedQuestionnaire(q, path, doc.sha256, builtin), doc


def load_questionnaire_file(path: Path, *, builtin: bool = False) -> LoadedQuestionnaire:
    """Load and fully validate one questionnaire file; raises :class:`QuestionnaireError`."""
    return _load(path, builtin)[0]


@dataclass(frozen=True)
class CatalogResult:
    """The questionnaires that loaded, by id, and one error per file that did not."""

    questionnaires: dict[str, LoadedQuestionnaire]
    problems: list[QuestionnaireError]


def load_catalog(builtin_dir: Path, user_dirs: Sequence[Path]) -> CatalogResult:
    """Load ``builtin_dir`` (without ``policy.yaml``) then each user folder, non-recursively,
    in name order. The first file to define an id wins; later ones are reported."""
    loaded: dict[str, LoadedQuestionnaire] = {}
    problems: list[QuestionnaireError] = []
    folders = [(builtin_dir, True, frozenset({"policy.yaml"}))]
    folders += [(d, False, frozenset()) for d in user_dirs]
    for folder, builtin, skip in folders:
        try:
            files = yaml_files(folder, skip=skip)
        except FileNotFoundError:
            problems.append(_folder_error(folder, "questionnaire folder does not exist"))
            continue
        except NotADirectoryError:
            problems.append(_folder_error(folder, "not a folder"))
            continue
        except OSError as exc:
            problems.append(_folder_error(folder, f"cannot list: {exc.strerror or exc}"))
            continue
        for path in files:
            try:
                item, doc = _load(path, builtin)
            except QuestionnaireError as exc:
                problems.append(exc)
                continue
            qid = item.questionnaire.id
            if qid in loaded:
                first = loaded[qid].path
                other = first.name if first.name != path.name else str(first)
                problems.append(
                    QuestionnaireError(
                        path,
                        [
                            doc.problem(
                                ("id",),
                                f"duplicate questionnaire id {qid!r} in {path.name} "
                                f"(already defined in {other})",
                            )
                        ],
                    )
                )
                continue
            loaded[qid] = item
    return CatalogResult(loaded, problems)


def _folder_error(folder: Path, message: str) -> QuestionnaireError:
    return QuestionnaireError(folder, [Problem("", None, message)], display=str(folder))
