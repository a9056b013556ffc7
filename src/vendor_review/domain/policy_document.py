"""Reading a policy document (``policy.yaml``, or the cache's copy) into a ``Policy``.

Checked without a validation library: every command that rates or sorts vendors reads the
policy, and pydantic alone costs a command a fifth of its start-up (issue 14). The checks
and their messages are pydantic's as they were (``tests/domain/test_policy.py`` pins
them): strict about keys, kinds and ranges, lenient where pydantic's lax mode was
(``"12"`` for 12, ``yes`` for true).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any

from vendor_review.domain.enums import (
    Band,
    Criticality,
    DataAccess,
    InherentRisk,
    Rating,
    Severity,
)
from vendor_review.domain.file_errors import YamlFileError
from vendor_review.domain.four_eyes import FourEyes
from vendor_review.domain.policy import BandThresholds, Loc, Policy


class PolicyError(YamlFileError):
    """A policy file that cannot be used; the message names the file, path and line."""


class PolicyInvalid(ValueError):
    """What ``policy_from`` refused: each problem as (location, message)."""

    def __init__(self, problems: list[tuple[Loc, str]]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(f"{'.'.join(map(str, loc)) or 'policy'}: {msg}" for loc, msg in problems)
        )


def load_policy(path: Path) -> Policy:
    """Read ``policy.yaml`` with the same protections as questionnaire files."""
    from vendor_review.domain.safe_yaml import read_yaml

    doc = read_yaml(path)
    try:
        return policy_from(doc.data)
    except PolicyInvalid as exc:
        raise PolicyError(path, [doc.problem(loc, msg) for loc, msg in exc.problems]) from None


# --- checking a policy document ----------------------------------------------------------


class _Bad(Exception):
    """One value refused, with the message for its location."""


Problems = list[tuple[Loc, str]]
Check = Callable[[Any, Loc, Problems], Any]
"""Checks ``value`` at ``loc``: the value as the policy holds it, or ``_REFUSED`` after
adding its problems."""
_REFUSED = object()


def _scalar(convert: Callable[[Any], Any]) -> Check:
    def check(value: Any, loc: Loc, problems: Problems) -> Any:
        try:
            return convert(value)
        except _Bad as bad:
            problems.append((loc, str(bad)))
            return _REFUSED

    return check


def _enum(kind: type[StrEnum]) -> Check:
    values = [f"'{member.value}'" for member in kind]
    expected = f"Input should be {', '.join(values[:-1])} or {values[-1]}"

    def convert(value: Any) -> StrEnum:
        if isinstance(value, str) and value in kind._value2member_map_:
            return kind(value)
        raise _Bad(expected)

    return _scalar(convert)


def _finite(number: float) -> float:
    if not math.isfinite(number):
        raise _Bad("Input should be a finite number")
    return number


def _as_float(value: Any) -> float:
    if isinstance(value, int | float):  # bool too, as pydantic's lax mode took it
        return _finite(float(value))
    if isinstance(value, str):
        try:
            return _finite(float(value.strip()))
        except ValueError:
            raise _Bad(
                "Input should be a valid number, unable to parse string as a number"
            ) from None
    raise _Bad("Input should be a valid number")


def _as_int(value: Any) -> int:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not _finite(value).is_integer():
            raise _Bad("Input should be a valid integer, got a number with a fractional part")
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            raise _Bad(
                "Input should be a valid integer, unable to parse string as an integer"
            ) from None
    raise _Bad("Input should be a valid integer")


def _within(convert: Callable[[Any], float], low: int, high: int) -> Check:
    def ranged(value: Any) -> float:
        number = convert(value)
        if number < low:
            raise _Bad(f"Input should be greater than or equal to {low}")
        if number > high:
            raise _Bad(f"Input should be less than or equal to {high}")
        return number

    return _scalar(ranged)


_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


def _as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        value = value.strip().lower()
        if value in _TRUE | _FALSE:
            return value in _TRUE
    elif isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
    else:
        raise _Bad("Input should be a valid boolean")
    raise _Bad("Input should be a valid boolean, unable to interpret input")


SCOPE_PATTERN = r"^[a-z][a-z0-9_]{0,29}$"


def _scope(value: Any) -> str:
    if not isinstance(value, str):
        raise _Bad("Input should be a valid string")
    if re.search(SCOPE_PATTERN, value) is None:
        raise _Bad(f"String should match pattern '{SCOPE_PATTERN}'")
    return value


def _dict(key: Check, item: Check) -> Check:
    def check(value: Any, loc: Loc, problems: Problems) -> Any:
        if not isinstance(value, Mapping):
            problems.append((loc, "Input should be a valid dictionary"))
            return _REFUSED
        out = {}
        for k, v in value.items():
            checked = key(k, (*loc, k, "[key]"), problems), item(v, (*loc, k), problems)
            out[checked[0]] = checked[1]
        return _REFUSED if _REFUSED in out or _REFUSED in out.values() else out

    return check


def _fields(
    value: Mapping[Any, Any],
    checks: Mapping[str, Check],
    loc: Loc,
    problems: Problems,
    required: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The checked fields of a mapping, in ``checks``' order; extra keys are refused
    after them."""
    out = {}
    for name, check in checks.items():
        if name in value:
            out[name] = check(value[name], (*loc, name), problems)
        elif name in required:
            problems.append(((*loc, name), "Field required"))
    problems.extend(((*loc, k), "Extra inputs are not permitted") for k in value if k not in checks)
    return out


_INT = _as_int
_SCORE = _within(_as_float, 0, 100)
_BAND_FIELDS = {"strong": _SCORE, "adequate": _SCORE, "weak": _SCORE}


def _bands(value: Any, loc: Loc, problems: Problems) -> Any:
    if isinstance(value, BandThresholds):
        return value
    if not isinstance(value, Mapping):
        problems.append((loc, "Input should be a valid dictionary or instance of BandThresholds"))
        return _REFUSED
    found = len(problems)
    bands = BandThresholds(**_fields(value, _BAND_FIELDS, loc, problems))
    if len(problems) > found:
        return _REFUSED
    if not bands.strong >= bands.adequate >= bands.weak:
        problems.append(
            (loc, "Value error, band thresholds must satisfy strong >= adequate >= weak")
        )
        return _REFUSED
    return bands


def _months(high: int) -> Check:
    return _within(_INT, 1, high)


_POLICY_FIELDS: dict[str, Check] = {  # in the order problems are reported
    "inherent_risk": _dict(_enum(DataAccess), _dict(_enum(Criticality), _enum(InherentRisk))),
    "bands": _bands,
    "residual_rating": _dict(_enum(InherentRisk), _dict(_enum(Band), _enum(Rating))),
    "critical_failure_floor": _enum(Rating),
    "review_interval_months": _dict(_enum(Rating), _months(120)),
    "finding_due_days": _dict(_enum(Severity), _within(_INT, 1, 3650)),
    "candidate_grace_days": _within(_INT, 0, 3650),
    "accept_at": _within(_as_float, 0, 1),
    "na_requires_comment": _scalar(_as_bool),
    "na_weight_limit": _within(_as_float, 0, 1),
    "four_eyes": _enum(FourEyes),
    "tier_interval_months": _dict(_enum(InherentRisk), _months(120)),
    "scope_cap_months": _dict(_scalar(_scope), _months(120)),
    "risk_acceptance_months": _months(60),
}
_REQUIRED = ("inherent_risk", "residual_rating", "review_interval_months", "finding_due_days")


def policy_from(data: Any) -> Policy:
    """A ``Policy`` from a policy document (YAML or JSON data), checked: ``PolicyInvalid``
    lists every problem, with pydantic's wording as the policy file always had."""
    if not isinstance(data, Mapping):
        raise PolicyInvalid([((), "Input should be a valid dictionary or instance of Policy")])
    problems: Problems = []
    values = _fields(data, _POLICY_FIELDS, (), problems, _REQUIRED)
    if problems:
        raise PolicyInvalid(problems)
    policy = Policy(**values)
    incomplete = _incomplete(policy)
    if incomplete:
        raise PolicyInvalid([((), f"Value error, {incomplete}")])
    return policy


def _incomplete(policy: Policy) -> str | None:
    """What a policy whose every value is valid still lacks, if anything."""
    for access in DataAccess:
        row = policy.inherent_risk.get(access)
        if row is None or set(row) != set(Criticality):
            return f"inherent_risk.{access.value} must name every criticality"
    for inherent in InherentRisk:
        band_row = policy.residual_rating.get(inherent)
        if band_row is None or set(band_row) != set(Band):
            return f"residual_rating.{inherent.value} must name every band"
    if set(policy.review_interval_months) != set(Rating):
        return "review_interval_months must name every rating"
    if set(policy.tier_interval_months) != set(InherentRisk):
        return "tier_interval_months must name every inherent risk"
    for severity in Severity:
        if severity not in policy.finding_due_days:
            return f"finding_due_days must name {severity.value}"
    return None
