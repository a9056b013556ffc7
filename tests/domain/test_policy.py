"""The policy tables of DESIGN §5, cell by cell, for the defaults and the shipped file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from vendor_review.domain.enums import Band, Criticality, DataAccess, InherentRisk, Rating, Severity
from vendor_review.domain.policy import Policy, default_policy
from vendor_review.domain.policy_document import (
    PolicyError,
    PolicyInvalid,
    load_policy,
    policy_from,
)

POLICY_FILE = Path(__file__).resolve().parents[2] / "questionnaires" / "policy.yaml"

# DESIGN §5, "Inherent risk from data access × criticality", copied row by row.
INHERENT_TABLE = {
    "none": {"low": "low", "medium": "low", "high": "medium"},
    "internal": {"low": "low", "medium": "medium", "high": "medium"},
    "confidential": {"low": "medium", "medium": "medium", "high": "high"},
    "personal": {"low": "medium", "medium": "high", "high": "high"},
    "special": {"low": "high", "medium": "high", "high": "high"},
}
INHERENT_CELLS = [
    (DataAccess(access), Criticality(crit), InherentRisk(risk))
    for access, row in INHERENT_TABLE.items()
    for crit, risk in row.items()
]

# DESIGN §5, "Residual rating from inherent risk × band", copied row by row.
RESIDUAL_TABLE = {
    "low": {"strong": "low", "adequate": "low", "weak": "medium", "poor": "high"},
    "medium": {"strong": "low", "adequate": "medium", "weak": "high", "poor": "high"},
    "high": {"strong": "medium", "adequate": "high", "weak": "critical", "poor": "critical"},
}
RESIDUAL_CELLS = [
    (InherentRisk(inherent), Band(band), Rating(rating))
    for inherent, row in RESIDUAL_TABLE.items()
    for band, rating in row.items()
]

# "Any critical failure raises the rating to at least high": the same 12 cells, floored.
FLOORED_CELLS = [
    (InherentRisk.LOW, Band.STRONG, Rating.HIGH),  # low -> high
    (InherentRisk.LOW, Band.ADEQUATE, Rating.HIGH),  # low -> high
    (InherentRisk.LOW, Band.WEAK, Rating.HIGH),  # medium -> high
    (InherentRisk.LOW, Band.POOR, Rating.HIGH),  # already high
    (InherentRisk.MEDIUM, Band.STRONG, Rating.HIGH),  # low -> high
    (InherentRisk.MEDIUM, Band.ADEQUATE, Rating.HIGH),  # medium -> high
    (InherentRisk.MEDIUM, Band.WEAK, Rating.HIGH),  # already high
    (InherentRisk.MEDIUM, Band.POOR, Rating.HIGH),  # already high
    (InherentRisk.HIGH, Band.STRONG, Rating.HIGH),  # medium -> high
    (InherentRisk.HIGH, Band.ADEQUATE, Rating.HIGH),  # already high
    (InherentRisk.HIGH, Band.WEAK, Rating.CRITICAL),  # critical is left alone
    (InherentRisk.HIGH, Band.POOR, Rating.CRITICAL),  # critical is left alone
]


@pytest.fixture(scope="module")
def file_policy() -> Policy:
    if not POLICY_FILE.exists():
        pytest.skip(f"{POLICY_FILE.relative_to(POLICY_FILE.parents[1])} does not exist yet")
    with POLICY_FILE.open(encoding="utf-8") as f:
        return policy_from(yaml.safe_load(f))


# --- inherent risk -------------------------------------------------------------------------


def test_inherent_table_has_all_15_cells() -> None:
    assert len(INHERENT_CELLS) == len(DataAccess) * len(Criticality) == 15


@pytest.mark.parametrize(("access", "criticality", "expected"), INHERENT_CELLS)
def test_inherent_risk_default(
    access: DataAccess, criticality: Criticality, expected: InherentRisk
) -> None:
    assert default_policy().inherent(access, criticality) is expected


@pytest.mark.parametrize(("access", "criticality", "expected"), INHERENT_CELLS)
def test_inherent_risk_policy_file(
    file_policy: Policy, access: DataAccess, criticality: Criticality, expected: InherentRisk
) -> None:
    assert file_policy.inherent(access, criticality) is expected
    assert file_policy.inherent(access, criticality) is default_policy().inherent(
        access, criticality
    )


def test_policy_file_equals_the_defaults(file_policy: Policy) -> None:
    # DESIGN §5: "All numbers below live in questionnaires/policy.yaml; these are the defaults."
    assert file_policy == default_policy()


# --- bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (100.0, Band.STRONG),
        (85.0, Band.STRONG),  # strong C >= 85
        (84.9, Band.ADEQUATE),
        (70.0, Band.ADEQUATE),  # adequate C >= 70
        (69.9, Band.WEAK),
        (50.0, Band.WEAK),  # weak C >= 50
        (49.9, Band.POOR),
        (0.0, Band.POOR),
        (None, Band.POOR),  # no score at all counts as poor
    ],
)
def test_band_edges(score: float | None, band: Band) -> None:
    assert default_policy().band(score) is band


@pytest.mark.parametrize(
    ("score", "band"),
    [(85.0, Band.STRONG), (84.9, Band.ADEQUATE), (70.0, Band.ADEQUATE), (69.9, Band.WEAK),
     (50.0, Band.WEAK), (49.9, Band.POOR), (None, Band.POOR)],
)  # fmt: skip
def test_band_edges_policy_file(file_policy: Policy, score: float | None, band: Band) -> None:
    assert file_policy.band(score) is band


# --- residual rating -----------------------------------------------------------------------


def test_residual_table_has_all_12_cells() -> None:
    assert len(RESIDUAL_CELLS) == len(InherentRisk) * len(Band) == 12


@pytest.mark.parametrize(("inherent", "band", "expected"), RESIDUAL_CELLS)
def test_residual_rating(inherent: InherentRisk, band: Band, expected: Rating) -> None:
    assert default_policy().residual(inherent, band, critical_failure=False) is expected


@pytest.mark.parametrize(("inherent", "band", "expected"), RESIDUAL_CELLS)
def test_residual_rating_policy_file(
    file_policy: Policy, inherent: InherentRisk, band: Band, expected: Rating
) -> None:
    assert file_policy.residual(inherent, band, critical_failure=False) is expected


@pytest.mark.parametrize(("inherent", "band", "expected"), FLOORED_CELLS)
def test_critical_failure_floor(inherent: InherentRisk, band: Band, expected: Rating) -> None:
    policy = default_policy()
    assert policy.critical_failure_floor is Rating.HIGH
    assert policy.residual(inherent, band, critical_failure=True) is expected


@pytest.mark.parametrize(("inherent", "band", "unfloored"), RESIDUAL_CELLS)
def test_floor_never_lowers(inherent: InherentRisk, band: Band, unfloored: Rating) -> None:
    floored = default_policy().residual(inherent, band, critical_failure=True)
    assert floored.rank >= unfloored.rank
    assert floored.rank >= Rating.HIGH.rank


# --- next review ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "months", "due"),
    [
        (Rating.CRITICAL, 3, date(2026, 6, 15)),  # 15 Mar 2026 + 3
        (Rating.HIGH, 6, date(2026, 9, 15)),  # 15 Mar 2026 + 6
        (Rating.MEDIUM, 12, date(2027, 3, 15)),  # 15 Mar 2026 + 12
        (Rating.LOW, 24, date(2028, 3, 15)),  # 15 Mar 2026 + 24: same day two years on
    ],
)
def test_next_review_interval_per_rating(rating: Rating, months: int, due: date) -> None:
    policy = default_policy()
    assert policy.review_interval_months[rating] == months
    assert policy.next_review(date(2026, 3, 15), rating) == due


@pytest.mark.parametrize(
    ("decided", "rating", "due"),
    [
        (date(2026, 8, 31), Rating.HIGH, date(2027, 2, 28)),  # +6, 2027 common year
        (date(2027, 8, 31), Rating.HIGH, date(2028, 2, 29)),  # +6, 2028 leap year
        (date(2026, 11, 30), Rating.CRITICAL, date(2027, 2, 28)),  # +3
        (date(2027, 11, 30), Rating.CRITICAL, date(2028, 2, 29)),  # +3, leap
        (date(2024, 2, 29), Rating.MEDIUM, date(2025, 2, 28)),  # +12 from a leap day
        (date(2026, 2, 28), Rating.LOW, date(2028, 2, 28)),  # +24, day kept (not moved to 29)
        (date(2026, 10, 31), Rating.CRITICAL, date(2027, 1, 31)),  # year rollover
        (date(2026, 12, 1), Rating.HIGH, date(2027, 6, 1)),  # year rollover
        (date(2026, 12, 31), Rating.LOW, date(2028, 12, 31)),
    ],
)
def test_next_review_clamps_to_month_end(decided: date, rating: Rating, due: date) -> None:
    assert default_policy().next_review(decided, rating) == due


def test_next_review_policy_file(file_policy: Policy) -> None:
    assert file_policy.next_review(date(2026, 8, 31), Rating.HIGH) == date(2027, 2, 28)
    assert file_policy.review_interval_months == default_policy().review_interval_months


# --- finding due dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severity", "due"),
    [
        (Severity.CRITICAL, date(2026, 3, 31)),  # 1 Mar + 30 days
        (Severity.HIGH, date(2026, 4, 30)),  # 1 Mar + 60 = 31 Mar (+30) then 30 Apr (+30)
        (Severity.MEDIUM, date(2026, 5, 30)),  # 30 Apr + 30 = 30 May
        (Severity.LOW, date(2026, 8, 28)),  # 1 Mar + 180 days (policy default for low)
    ],
)
def test_finding_due(severity: Severity, due: date | None) -> None:
    assert default_policy().finding_due(date(2026, 3, 1), severity) == due


def test_finding_due_crosses_year() -> None:
    # 15 Dec 2026 + 30 days = 16 remaining Dec days + 14 Jan days
    assert default_policy().finding_due(date(2026, 12, 15), Severity.CRITICAL) == date(2027, 1, 14)


# --- validation of a policy file -----------------------------------------------------------


def _dump() -> dict[str, Any]:
    return default_policy().to_plain()


def _problems(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(PolicyInvalid) as info:
        policy_from(data)
    return info.value.problems


def test_default_policy_round_trips_through_json() -> None:
    assert policy_from(_dump()) == default_policy()


def test_missing_inherent_cell_refused() -> None:
    data = _dump()
    del data["inherent_risk"]["personal"]["high"]
    with pytest.raises(PolicyInvalid, match=r"inherent_risk\.personal must name every criticality"):
        policy_from(data)


def test_missing_residual_cell_refused() -> None:
    data = _dump()
    del data["residual_rating"]["high"]["poor"]
    with pytest.raises(PolicyInvalid, match=r"residual_rating\.high must name every band"):
        policy_from(data)


def test_missing_review_interval_refused() -> None:
    data = _dump()
    del data["review_interval_months"]["low"]
    with pytest.raises(PolicyInvalid, match="review_interval_months must name every rating"):
        policy_from(data)


def test_unknown_key_refused() -> None:
    data = _dump()
    data["surprise"] = 1
    assert _problems(data) == [(("surprise",), "Extra inputs are not permitted")]


def test_bands_must_descend() -> None:
    data = _dump()
    data["bands"] = {"strong": 60, "adequate": 70, "weak": 50}
    with pytest.raises(PolicyInvalid, match="strong >= adequate >= weak"):
        policy_from(data)


# The words and places of every kind of problem, as pydantic reported them when it
# checked the policy (issue 14 made the check pydantic-free; the messages stayed).
PROBLEMS: list[tuple[str, Any, list[tuple[tuple[str | int, ...], str]]]] = [
    ("inherent_risk", None, [(("inherent_risk",), "Input should be a valid dictionary")]),
    (
        "inherent_risk.bogus",
        {"low": "low"},
        [
            (
                ("inherent_risk", "bogus", "[key]"),
                "Input should be 'none', 'internal', 'confidential', 'personal' or 'special'",
            )
        ],
    ),
    (
        "inherent_risk.none.huge",
        "low",
        [(("inherent_risk", "none", "huge", "[key]"), "Input should be 'low', 'medium' or 'high'")],
    ),
    (
        "inherent_risk.none.low",
        "LOW",
        [(("inherent_risk", "none", "low"), "Input should be 'low', 'medium' or 'high'")],
    ),
    (
        "bands",
        [1],
        [(("bands",), "Input should be a valid dictionary or instance of BandThresholds")],
    ),
    ("bands.great", 95, [(("bands", "great"), "Extra inputs are not permitted")]),
    ("bands.strong", 101, [(("bands", "strong"), "Input should be less than or equal to 100")]),
    ("bands.weak", -1, [(("bands", "weak"), "Input should be greater than or equal to 0")]),
    (
        "bands.weak",
        "x",
        [(("bands", "weak"), "Input should be a valid number, unable to parse string as a number")],
    ),
    ("bands.weak", float("nan"), [(("bands", "weak"), "Input should be a finite number")]),
    ("bands.weak", None, [(("bands", "weak"), "Input should be a valid number")]),
    (
        "critical_failure_floor",
        2,
        [(("critical_failure_floor",), "Input should be 'low', 'medium', 'high' or 'critical'")],
    ),
    (
        "review_interval_months.low",
        1.5,
        [
            (
                ("review_interval_months", "low"),
                "Input should be a valid integer, got a number with a fractional part",
            )
        ],
    ),
    (
        "review_interval_months.low",
        "abc",
        [
            (
                ("review_interval_months", "low"),
                "Input should be a valid integer, unable to parse string as an integer",
            )
        ],
    ),
    (
        "review_interval_months.low",
        121,
        [(("review_interval_months", "low"), "Input should be less than or equal to 120")],
    ),
    (
        "review_interval_months.low",
        float("inf"),
        [(("review_interval_months", "low"), "Input should be a finite number")],
    ),
    (
        "finding_due_days.info",
        5,
        [
            (
                ("finding_due_days", "info", "[key]"),
                "Input should be 'critical', 'high', 'medium' or 'low'",
            )
        ],
    ),
    (
        "candidate_grace_days",
        None,
        [(("candidate_grace_days",), "Input should be a valid integer")],
    ),
    ("accept_at", 2, [(("accept_at",), "Input should be less than or equal to 1")]),
    (
        "na_requires_comment",
        "maybe",
        [
            (
                ("na_requires_comment",),
                "Input should be a valid boolean, unable to interpret input",
            )
        ],
    ),
    ("na_requires_comment", None, [(("na_requires_comment",), "Input should be a valid boolean")]),
    ("four_eyes", "anyone", [(("four_eyes",), "Input should be 'contributors' or 'submitter'")]),
    (
        "scope_cap_months.PCI",
        12,
        [
            (
                ("scope_cap_months", "PCI", "[key]"),
                "String should match pattern '^[a-z][a-z0-9_]{0,29}$'",
            )
        ],
    ),
    (
        "scope_cap_months.5",
        12,
        [(("scope_cap_months", 5, "[key]"), "Input should be a valid string")],
    ),
    (
        "risk_acceptance_months",
        61,
        [(("risk_acceptance_months",), "Input should be less than or equal to 60")],
    ),
]


def _set(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    *parents, last = [int(k) if k.isdigit() else k for k in dotted.split(".")]
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


@pytest.mark.parametrize(("where", "value", "problems"), PROBLEMS)
def test_each_problem_is_named_at_its_place(
    where: str, value: Any, problems: list[tuple[tuple[str | int, ...], str]]
) -> None:
    assert _problems(_set(_dump(), where, value)) == problems


def test_every_problem_is_reported_in_field_order_extras_last() -> None:
    data = _set(_dump(), "surprise", 1)
    del data["inherent_risk"]
    _set(data, "bands.weak", "x")
    _set(data, "accept_at", 2)
    assert _problems(data) == [
        (("inherent_risk",), "Field required"),
        (("bands", "weak"), "Input should be a valid number, unable to parse string as a number"),
        (("accept_at",), "Input should be less than or equal to 1"),
        (("surprise",), "Extra inputs are not permitted"),
    ]


def test_the_whole_is_checked_only_when_every_value_is_valid() -> None:
    data = _dump()
    del data["inherent_risk"]["none"]["low"]
    assert _problems(data) == [((), "Value error, inherent_risk.none must name every criticality")]
    _set(data, "accept_at", 2)
    assert _problems(data) == [(("accept_at",), "Input should be less than or equal to 1")]


@pytest.mark.parametrize(
    ("where", "value", "read_as"),
    [  # what pydantic's lax mode took, still taken
        ("bands.weak", "40", 40.0),
        ("review_interval_months.low", "12", 12),
        ("review_interval_months.low", 12.0, 12),
        ("accept_at", 1, 1.0),
        ("na_requires_comment", "yes", True),
        ("na_requires_comment", 0, False),
    ],
)
def test_lenient_values_are_read_as_pydantic_read_them(
    where: str, value: Any, read_as: Any
) -> None:
    plain = policy_from(_set(_dump(), where, value)).to_plain()
    *parents, last = where.split(".")
    for key in parents:
        plain = plain[key]
    assert plain[last] == read_as and type(plain[last]) is type(read_as)


def test_a_bad_policy_file_names_the_line_of_each_problem(tmp_path: Path) -> None:
    text = POLICY_FILE.read_text(encoding="utf-8")
    path = tmp_path / "policy.yaml"
    path.write_text(
        text.replace("  weak: 50", "  weak: fifty").replace("low: 24}", "low: 240}", 1)
        + "surprise: 1\n",
        encoding="utf-8",
    )
    with pytest.raises(PolicyError) as info:
        load_policy(path)
    assert [str(p) for p in info.value.problems] == [
        "line 11: bands.weak: Input should be a valid number, unable to parse string as a number",
        "line 17: review_interval_months.low: Input should be less than or equal to 120",
        f"line {text.count(chr(10)) + 1}: surprise: Extra inputs are not permitted",
    ]
    assert str(info.value).startswith(
        "policy.yaml: line 11: bands.weak: Input should be a valid number"
    )
