"""Where the shipped questionnaires and ``policy.yaml`` are (a module of its own, so
finding the policy does not import the questionnaire loader)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_questionnaire_dir"]


def builtin_questionnaire_dir() -> Path:
    """The shipped questionnaires: inside the wheel, else the checkout's ``questionnaires/``."""
    return _builtin_dir_for(Path(__file__).resolve().with_name("loader.py"))


def _builtin_dir_for(module_file: Path) -> Path:
    packaged = module_file.parents[1] / "questionnaires"  # vendor_review/questionnaires
    if packaged.is_dir():
        return packaged
    return module_file.parents[3] / "questionnaires"  # <repo>/src/vendor_review/domain/…
