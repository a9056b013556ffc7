"""Where the shipped questionnaires and ``policy.yaml`` are, and which files of a folder
are questionnaires (a module of its own, so finding the policy or hashing the catalog's
files for its cache does not import the questionnaire loader and its models)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_questionnaire_dir", "yaml_files"]


def builtin_questionnaire_dir() -> Path:
    """The shipped questionnaires: inside the wheel, else the checkout's ``questionnaires/``."""
    return _builtin_dir_for(Path(__file__).resolve().with_name("loader.py"))


def _builtin_dir_for(module_file: Path) -> Path:
    packaged = module_file.parents[1] / "questionnaires"  # vendor_review/questionnaires
    if packaged.is_dir():
        return packaged
    return module_file.parents[3] / "questionnaires"  # <repo>/src/vendor_review/domain/…


def yaml_files(folder: Path, *, skip: frozenset[str]) -> list[Path]:
    """The questionnaire files of ``folder``, in the order they are read."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in (".yaml", ".yml")
        and not p.name.startswith(".")
        and p.name not in skip
        and p.is_file()
    )
