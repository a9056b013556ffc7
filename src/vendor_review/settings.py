"""Settings: defaults < config file (TOML) < environment (``VENDOR_REVIEW_*``) < flags.

The config file is ``config.toml`` in the platformdirs config directory, or the file named
by ``VENDOR_REVIEW_CONFIG``. Keys: ``database_url``, ``actor``, ``questionnaires`` (a
folder or a list of folders), ``evidence_max_bytes``, ``output_dir`` (where the app
offers to write workbooks; default the Documents folder, else home — never the working
directory unless given), ``paper`` (``a4`` or ``letter``: the page size workbooks print
on; default from the locale, ``LC_PAPER``/``LC_ALL``/``LANG``: Letter in the Americas'
Letter countries, else A4).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, cast

APP_NAME = "vendor-review"
ENV_PREFIX = "VENDOR_REVIEW_"
PAPERS = ("a4", "letter")


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class Settings:
    """The merged settings (a plain dataclass: every command reads them, so they cost no
    validation library at start-up; ``load_settings`` checks each value)."""

    database_url: str | None = None
    actor: str | None = None
    questionnaires: list[Path] = field(default_factory=list)
    evidence_max_bytes: int = 20 * 1024 * 1024
    demo: bool = False
    output_dir: Path | None = None
    paper: Literal["a4", "letter"] = "a4"


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("Input should be a valid string")
    return value


def _paths(value: Any) -> list[Path]:
    if not isinstance(value, list | tuple):
        raise ValueError("Input should be a valid list")
    return [Path(_text(v)) if not isinstance(v, Path) else v for v in value]


def _positive_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("Input should be a valid integer")
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError("Input should be a valid integer") from None
    if number != value and not isinstance(value, str):
        raise ValueError("Input should be a valid integer")
    if number <= 0:
        raise ValueError("Input should be greater than 0")
    return number


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError("Input should be a valid boolean")


def _paper(value: Any) -> str:
    if value not in PAPERS:
        raise ValueError("Input should be 'a4' or 'letter'")
    return cast(str, value)


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "database_url": _text,
    "actor": _text,
    "questionnaires": _paths,
    "evidence_max_bytes": _positive_int,
    "demo": _flag,
    "output_dir": lambda v: v if isinstance(v, Path) else Path(_text(v)),
    "paper": _paper,
}


def settings_from(merged: Mapping[str, Any]) -> Settings:
    """``Settings`` from the merged layers; ``ValueError`` (naming the key) for a key that
    is not a setting or a value of the wrong kind."""
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in merged.items():
        if key not in known:
            raise ValueError(f"{key}: Extra inputs are not permitted")
        nullable = key in ("database_url", "actor", "output_dir")
        try:
            values[key] = None if value is None and nullable else _CHECKS[key](value)
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    return Settings(**values)


def config_path(env: Mapping[str, str]) -> Path:
    named = env.get(f"{ENV_PREFIX}CONFIG")
    if named:
        return Path(named)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME)) / "config.toml"


def _from_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from None
    if isinstance(data.get("questionnaires"), str):
        data["questionnaires"] = [data["questionnaires"]]
    return data


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if value := env.get(f"{ENV_PREFIX}DATABASE_URL"):
        out["database_url"] = value
    if value := env.get(f"{ENV_PREFIX}ACTOR"):
        out["actor"] = value
    if value := env.get(f"{ENV_PREFIX}QUESTIONNAIRES"):
        out["questionnaires"] = [p for p in value.split(os.pathsep) if p]
    if value := env.get(f"{ENV_PREFIX}EVIDENCE_MAX_BYTES"):
        out["evidence_max_bytes"] = value
    if value := env.get(f"{ENV_PREFIX}OUTPUT_DIR"):
        out["output_dir"] = value
    if value := env.get(f"{ENV_PREFIX}PAPER"):
        out["paper"] = value.strip().lower()

    return out


def load_settings(
    flags: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None
) -> Settings:
    """Merge the layers; flags given as ``None`` do not override."""
    env = os.environ if env is None else env
    path = config_path(env)
    merged: dict[str, Any] = {"paper": paper_for_locale(env)}
    merged.update(_from_file(path))
    merged.update(_from_env(env))
    merged.update({k: v for k, v in (flags or {}).items() if v not in (None, (), [])})
    try:
        return settings_from(merged)
    except ValueError as exc:
        raise SettingsError(f"setting {exc} (config file {path})") from None


LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "CR", "PA"})
"""Where Letter is the usual paper (glibc's LC_PAPER data); everywhere else A4."""


def paper_for_locale(env: Mapping[str, str]) -> Literal["a4", "letter"]:
    """The paper of the locale in ``env`` (``en_US.UTF-8`` → letter, ``de_DE`` → a4)."""
    for name in ("LC_ALL", "LC_PAPER", "LANG"):
        value = env.get(name)
        if value:
            territory = value.split(".")[0].split("@")[0].partition("_")[2]
            return "letter" if territory.upper() in LETTER_TERRITORIES else "a4"
    return "a4"
