"""Scoring as DESIGN §5 specifies it, with the arithmetic written out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vendor_review.domain.answers import AnswerValue
from vendor_review.domain.enums import Band, Criticality, DataAccess, InherentRisk, Rating, Severity
from vendor_review.domain.policy import default_policy
from vendor_review.domain.questionnaire import Questionnaire
from vendor_review.domain.scoring import (
    findings_on_submit,
    question_score,
    rate,
    round1,
    score,
    visible_questions,
)

# --- building questionnaires inline --------------------------------------------------------


def qn(*sections: dict[str, Any]) -> Questionnaire:
    return Questionnaire.model_validate(
        {"id": "t", "version": 1, "title": "Test", "sections": list(sections)}
    )


def sec(sid: str, *questions: dict[str, Any]) -> dict[str, Any]:
    return {"id": sid, "title": f"Section {sid}", "questions": list(questions)}


def yn(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "text": f"Is {qid} in place?", "type": "yes_no", **extra}


def choice(qid: str, scores: dict[str, float], **extra: Any) -> dict[str, Any]:
    options = [{"value": v, "label": f"Label {v}", "score": s} for v, s in scores.items()]
    return {"id": qid, "text": f"How is {qid}?", "type": "choice", "options": options, **extra}


def multi(qid: str, scores: dict[str, float], **extra: Any) -> dict[str, Any]:
    return {**choice(qid, scores, **extra), "type": "multi"}


def recorded(qid: str, type_: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "text": f"Record {qid}", "type": type_, **extra}


BREACH = {"within_24h": 1.0, "within_72h": 0.75, "undefined": 0.25, "no": 0.0}
ABC = {"a": 0.5, "b": 0.25, "c": 0.75}


def rows(q: Questionnaire, answers: dict[str, AnswerValue]) -> dict[str, tuple[str, float | None]]:
    return {r.question_id: (r.state, r.score) for r in score(q, answers).questions}


# --- question score ------------------------------------------------------------------------


def test_yes_no_scores_one_and_zero() -> None:
    q = qn(sec("s", yn("q1"), yn("q2")))
    assert rows(q, {"q1": "yes", "q2": "no"}) == {"q1": ("scored", 1.0), "q2": ("scored", 0.0)}


@pytest.mark.parametrize(
    ("value", "s"), [("within_24h", 1.0), ("within_72h", 0.75), ("undefined", 0.25), ("no", 0.0)]
)
def test_choice_partial_scores(value: str, s: float) -> None:
    q = qn(sec("s", choice("c1", BREACH)))
    assert rows(q, {"c1": value}) == {"c1": ("scored", s)}
    question = q.question("c1")
    assert question is not None
    assert question_score(question, value) == s


@pytest.mark.parametrize(
    ("chosen", "s"),
    [
        (["a"], 0.5),
        (["a", "b"], 0.75),  # 0.5 + 0.25
        (["b", "c"], 1.0),  # 0.25 + 0.75 = 1.0
        (["a", "c"], 1.0),  # 0.5 + 0.75 = 1.25, capped at 1
        (["a", "b", "c"], 1.0),  # 1.5, capped at 1
        ([], 0.0),  # nothing chosen sums to 0
    ],
)
def test_multi_sums_chosen_capped_at_one(chosen: list[str], s: float) -> None:
    q = qn(sec("s", multi("m1", ABC)))
    assert rows(q, {"m1": chosen}) == {"m1": ("scored", s)}


def test_na_left_out() -> None:
    q = qn(sec("s", yn("q1", weight=1), yn("q2", weight=3)))
    result = score(q, {"q1": "na", "q2": "yes"})
    assert rows(q, {"q1": "na", "q2": "yes"})["q1"] == ("na", None)
    # N/A weight 1 of 4 shown = 25 %, within the policy's share (50 %): only q2 counts,
    # 100 * (3*1) / 3 = 100.0 (with q1 as a 0 it would be 75.0)
    assert result.control_score == 100.0
    assert result.total_weight == 3.0


def test_na_beyond_the_policy_share_counts_as_zero() -> None:
    q = qn(sec("s", yn("q1", weight=3), yn("q2")))
    result = score(q, {"q1": "na", "q2": "yes"})
    # N/A weight 3 of 4 shown; 50 % of 4 = 2 may be N/A, the other 1 counts as 0:
    # 100 * (1*1) / (1 + 1) = 50.0
    assert result.na_weight == 3.0
    assert result.na_excess_weight == 1.0
    assert result.total_weight == 2.0
    assert result.control_score == 50.0


def test_unanswered_optional_left_out() -> None:
    q = qn(sec("s", yn("q1", weight=3, required=False), yn("q2")))
    result = score(q, {"q2": "no"})
    assert rows(q, {"q2": "no"})["q1"] == ("unanswered", None)
    # only q2 counts: 100 * (1*0) / 1 = 0.0
    assert result.control_score == 0.0
    assert result.total_weight == 1.0
    assert result.missing_required == ()


def test_hidden_question_left_out_even_if_answered() -> None:
    q = qn(sec("s", yn("gate"), yn("q2", weight=4, show_if={"question": "gate", "in": ["yes"]})))
    answers: dict[str, AnswerValue] = {"gate": "no", "q2": "no"}  # q2 answered before gate flipped
    result = score(q, answers)
    assert rows(q, answers)["q2"] == ("hidden", None)
    # only gate counts: 100 * (1*0) / 1 = 0.0
    assert result.control_score == 0.0
    assert result.total_weight == 1.0
    assert [r.question_id for r in result.shown] == ["gate"]


def test_shown_question_counts_when_show_if_true() -> None:
    q = qn(sec("s", yn("gate"), yn("q2", weight=4, show_if={"question": "gate", "in": ["yes"]})))
    result = score(q, {"gate": "yes", "q2": "no"})
    # 100 * (1*1 + 4*0) / (1+4) = 20.0
    assert result.control_score == 20.0


def test_question_whose_show_if_target_is_hidden_is_hidden() -> None:
    q = qn(
        sec(
            "s",
            yn("q1"),
            yn("q2", show_if={"question": "q1", "in": ["yes"]}),
            yn("q3", weight=5, show_if={"question": "q2", "in": ["yes"]}),
        )
    )
    # q2 still holds a stale "yes", but q2 itself is hidden, so q3 must be hidden too.
    answers: dict[str, AnswerValue] = {"q1": "no", "q2": "yes", "q3": "no"}
    assert rows(q, answers) == {
        "q1": ("scored", 0.0),
        "q2": ("hidden", None),
        "q3": ("hidden", None),
    }
    assert visible_questions(q, answers) == {"q1"}
    # 100 * (1*0) / 1 = 0.0
    assert score(q, answers).control_score == 0.0


def test_show_if_target_unanswered_hides() -> None:
    q = qn(sec("s", yn("q1"), yn("q2", show_if={"question": "q1", "in": ["yes"]})))
    assert visible_questions(q, {}) == {"q1"}


def test_show_if_on_na() -> None:
    q = qn(sec("s", yn("q1"), yn("q2", show_if={"question": "q1", "in": ["na", "no"]})))
    assert visible_questions(q, {"q1": "na"}) == {"q1", "q2"}
    assert visible_questions(q, {"q1": "yes"}) == {"q1"}


@pytest.mark.parametrize(
    ("chosen", "shown"),
    [
        (["a", "c"], True),  # c is chosen among others
        (["c"], True),
        (["b", "a"], True),  # b is in the rule
        (["a"], False),
        ([], False),
    ],
)
def test_multi_show_if_in_matches_any_chosen_value(chosen: list[str], shown: bool) -> None:
    q = qn(sec("s", multi("m1", ABC), yn("q2", show_if={"question": "m1", "in": ["b", "c"]})))
    assert ("q2" in visible_questions(q, {"m1": chosen})) is shown


def test_recorded_types_not_scored() -> None:
    q = qn(
        sec(
            "s",
            yn("q1"),
            recorded("d1", "date"),
            recorded("t1", "text"),
            recorded("n1", "number"),
        )
    )
    answers: dict[str, AnswerValue] = {"q1": "no", "d1": "2026-08-31", "t1": "Frankfurt", "n1": 3}
    assert rows(q, answers) == {
        "q1": ("scored", 0.0),
        "d1": ("recorded", None),
        "t1": ("recorded", None),
        "n1": ("recorded", None),
    }
    result = score(q, answers)
    # only q1 counts: 100 * 0 / 1 = 0.0
    assert result.control_score == 0.0
    assert result.total_weight == 1.0


# --- control score -------------------------------------------------------------------------


def test_control_score_weights_are_absolute_not_averaged_per_section() -> None:
    q = qn(
        sec("a", yn("a1", weight=3), choice("a2", {"half": 0.5, "none": 0.0})),
        sec("b", yn("b1", weight=2)),
    )
    result = score(q, {"a1": "yes", "a2": "half", "b1": "no"})
    # section a: 100 * (3*1 + 1*0.5) / (3+1) = 100 * 3.5/4 = 87.5
    # section b: 100 * (2*0) / 2 = 0.0
    # control:   100 * (3*1 + 1*0.5 + 2*0) / (3+1+2) = 100 * 3.5/6 = 58.333... -> 58.3
    # (the mean of the section scores would be (87.5 + 0) / 2 = 43.75 -- not DESIGN's rule)
    assert result.sections == {"a": 87.5, "b": 0.0}
    assert result.control_score == 58.3
    assert result.control_score != round1((87.5 + 0.0) / 2)
    assert result.weighted_sum == 3.5
    assert result.total_weight == 6.0


def test_control_score_one_decimal() -> None:
    q = qn(sec("s", yn("q1"), yn("q2"), yn("q3")))
    # 100 * (1 + 0 + 0) / 3 = 33.333... -> 33.3
    assert score(q, {"q1": "yes", "q2": "no", "q3": "no"}).control_score == 33.3
    # 100 * (1 + 1 + 0) / 3 = 66.666... -> 66.7
    assert score(q, {"q1": "yes", "q2": "yes", "q3": "no"}).control_score == 66.7


def test_control_score_half_rounds_up() -> None:
    q = qn(sec("s", yn("q1", weight=13), yn("q2", weight=3)))
    # 100 * (13*1 + 3*0) / (13+3) = 1300/16 = 81.25 exactly -> 81.3
    # (Python's round(81.25, 1) gives 81.2: banker's rounding is not what DESIGN wants)
    assert score(q, {"q1": "yes", "q2": "no"}).control_score == 81.3
    # 100 * (3*1 + 13*0) / 16 = 300/16 = 18.75 -> 18.8
    assert score(q, {"q1": "no", "q2": "yes"}).control_score == 18.8


def test_control_score_half_rounds_up_despite_float_noise() -> None:
    q = qn(sec("s", choice("q1", {"partly": 0.35, "no": 0.0}, weight=3), yn("q2")))
    result = score(q, {"q1": "partly", "q2": "yes"})
    # 100 * (3*0.35 + 1*1) / (3+1) = 100 * 2.05/4 = 51.25 -> 51.3
    # (in binary floating point this is 51.24999999999999, which must still round up)
    assert result.control_score == 51.3
    assert result.sections == {"s": 51.3}


def test_control_score_half_up_at_band_edge() -> None:
    q = qn(sec("s", yn("q1", weight=16.99), yn("q2", weight=3.01)))
    result = score(q, {"q1": "yes", "q2": "no"})
    # 100 * 16.99 / (16.99 + 3.01) = 1699/20 = 84.95 -> 85.0, and 85.0 is strong
    assert result.control_score == 85.0
    assert rate(result, DataAccess.NONE, Criticality.LOW, default_policy()).band is Band.STRONG


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.05, 0.1), (0.15, 0.2), (2.25, 2.3), (99.95, 100.0), (99.94, 99.9), (12.0, 12.0)],
)
def test_round1_half_up(value: float, expected: float) -> None:
    assert round1(value) == expected


def test_section_scores_each_their_own_sum() -> None:
    q = qn(
        sec("a", choice("a1", BREACH, weight=2), yn("a2")),
        sec("b", multi("b1", ABC, weight=4), yn("b2", weight=0.5)),
    )
    result = score(q, {"a1": "within_72h", "a2": "no", "b1": ["a", "b"], "b2": "yes"})
    # a: 100 * (2*0.75 + 1*0) / (2+1) = 100 * 1.5/3 = 50.0
    # b: 100 * (4*0.75 + 0.5*1) / (4+0.5) = 100 * 3.5/4.5 = 77.777... -> 77.8
    # C: 100 * (1.5 + 3.5) / (3 + 4.5) = 100 * 5/7.5 = 66.666... -> 66.7
    assert result.sections == {"a": 50.0, "b": 77.8}
    assert result.control_score == 66.7
    assert result.weighted_sum == 5.0
    assert result.total_weight == 7.5


def test_no_scored_answer_no_score() -> None:
    q = qn(sec("a", yn("a1")), sec("b", yn("b1")))
    result = score(q, {})
    assert result.control_score is None
    assert result.sections == {"a": None, "b": None}
    assert result.weighted_sum == 0.0
    assert result.total_weight == 0.0


def test_section_without_scored_answer_has_no_score() -> None:
    q = qn(sec("a", yn("a1")), sec("b", recorded("b1", "text"), yn("b2", required=False)))
    result = score(q, {"a1": "yes", "b1": "notes"})
    # a: 100 * 1/1 = 100.0; b: nothing scored -> None; C: 100 * 1/1 = 100.0
    assert result.sections == {"a": 100.0, "b": None}
    assert result.control_score == 100.0


def test_all_na_scores_zero() -> None:
    """Ticking N/A everywhere once gave 100.0, strong; now half the weight counts as 0."""
    q = qn(sec("a", yn("a1"), multi("a2", ABC)), sec("b", choice("b1", BREACH)))
    result = score(q, {"a1": "na", "a2": "na", "b1": "na"})
    assert result.control_score == 0.0
    assert result.total_weight == 1.5
    assert result.sections == {"a": None, "b": None}


def test_zero_score_is_a_score_not_none() -> None:
    q = qn(sec("a", yn("a1")))
    assert score(q, {"a1": "no"}).control_score == 0.0


def test_all_perfect_is_100() -> None:
    q = qn(sec("a", yn("a1", weight=7), choice("a2", BREACH)), sec("b", multi("b1", ABC)))
    result = score(q, {"a1": "yes", "a2": "within_24h", "b1": ["a", "c"]})
    # 100 * (7*1 + 1*1 + 1*min(1.25, 1)) / (7+1+1) = 100.0
    assert result.control_score == 100.0


# --- critical failures ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fails"),
    [("within_24h", False), ("within_72h", True), ("undefined", True), ("no", True)],
)
def test_critical_failure_when_s_below_one(value: str, fails: bool) -> None:
    q = qn(sec("s", choice("c1", BREACH, critical=True), yn("q2")))
    result = score(q, {"c1": value, "q2": "no"})
    assert result.critical_failures == (("c1",) if fails else ())


def test_critical_failure_partial_075_listed() -> None:
    q = qn(sec("s", yn("k1", critical=True), choice("k2", BREACH, critical=True), yn("k3")))
    result = score(q, {"k1": "yes", "k2": "within_72h", "k3": "no"})
    # k2 has s = 0.75 < 1 -> failure; k1 s = 1 -> none; k3 s = 0 but not critical -> none
    assert result.critical_failures == ("k2",)


def test_critical_multi_failure() -> None:
    q = qn(sec("s", multi("m1", ABC, critical=True)))
    assert score(q, {"m1": ["a"]}).critical_failures == ("m1",)  # 0.5 < 1
    assert score(q, {"m1": ["a", "c"]}).critical_failures == ()  # min(1.25, 1) = 1


def test_hidden_or_unanswered_critical_is_no_failure() -> None:
    q = qn(
        sec(
            "s",
            yn("gate"),
            yn("k1", critical=True, show_if={"question": "gate", "in": ["yes"]}),
            yn("k2", critical=True),
        )
    )
    result = score(q, {"gate": "no", "k1": "no"})
    assert result.critical_failures == ()
    assert result.missing_required == ("k2",)


# --- missing required ----------------------------------------------------------------------


def test_missing_required() -> None:
    q = qn(
        sec(
            "s",
            yn("gate"),
            yn("req_shown"),  # required by default, shown, unanswered -> listed
            yn("req_hidden", show_if={"question": "gate", "in": ["yes"]}),  # hidden -> not
            yn("optional", required=False),  # optional -> not
            choice("answered", BREACH),  # answered -> not
            multi("na_answered", ABC),  # N/A is an answer -> not
            recorded("d_default", "date"),  # recorded: not required by default -> not
            recorded("t_default", "text"),
            recorded("n_default", "number"),
            recorded("d_required", "date", required=True),  # explicitly required -> listed
            recorded("n_required", "number", required=True),
            recorded("t_required_given", "text", required=True),  # answered -> not
        )
    )
    answers: dict[str, AnswerValue] = {
        "gate": "no",
        "answered": "no",
        "na_answered": "na",
        "t_required_given": "done",
    }
    assert score(q, answers).missing_required == ("req_shown", "d_required", "n_required")


def test_missing_required_when_show_if_true() -> None:
    q = qn(sec("s", yn("gate"), yn("q2", show_if={"question": "gate", "in": ["yes"]})))
    assert score(q, {"gate": "yes"}).missing_required == ("q2",)
    assert score(q, {"gate": "no"}).missing_required == ()
    assert score(q, {}).missing_required == ("gate",)


def test_required_flags_on_rows() -> None:
    q = qn(sec("s", yn("q1"), yn("q2", required=False), recorded("d1", "date")))
    required = {r.question_id: r.required for r in score(q, {}).questions}
    assert required == {"q1": True, "q2": False, "d1": False}


# --- rate() --------------------------------------------------------------------------------


def test_rate_combines_inherent_band_residual() -> None:
    q = qn(sec("s", yn("q1", weight=3), yn("q2")))
    result = score(q, {"q1": "yes", "q2": "no"})
    # C = 100 * 3/4 = 75.0 -> adequate; personal × medium -> high; high × adequate -> high
    rated = rate(result, DataAccess.PERSONAL, Criticality.MEDIUM, default_policy())
    assert rated.result is result
    assert (rated.inherent, rated.band, rated.rating) == (
        InherentRisk.HIGH,
        Band.ADEQUATE,
        Rating.HIGH,
    )


def test_rate_with_no_score_is_poor() -> None:
    q = qn(sec("s", yn("q1")))
    rated = rate(score(q, {"q1": "na"}), DataAccess.NONE, Criticality.LOW, default_policy())
    # no score -> poor; none × low -> low; low × poor -> high
    assert (rated.band, rated.rating) == (Band.POOR, Rating.HIGH)


def test_rate_critical_failure_raises_to_high() -> None:
    q = qn(sec("s", choice("k1", BREACH, critical=True), yn("q2", weight=9)))
    result = score(q, {"k1": "within_72h", "q2": "yes"})
    # C = 100 * (1*0.75 + 9*1) / 10 = 97.5 -> strong; none × low -> low; low × strong -> low;
    # but k1 is a critical failure -> raised to high
    assert result.control_score == 97.5
    rated = rate(result, DataAccess.NONE, Criticality.LOW, default_policy())
    assert (rated.band, rated.rating) == (Band.STRONG, Rating.HIGH)


def test_rate_critical_failure_leaves_critical_alone() -> None:
    q = qn(sec("s", yn("k1", critical=True), yn("q2")))
    result = score(q, {"k1": "no", "q2": "no"})
    # C = 0.0 -> poor; special × high -> high; high × poor -> critical (floor is lower)
    rated = rate(result, DataAccess.SPECIAL, Criticality.HIGH, default_policy())
    assert rated.rating is Rating.CRITICAL


# --- findings on submit --------------------------------------------------------------------

RAISED = date(2026, 3, 1)


def test_findings_severity_and_due_dates() -> None:
    q = qn(
        sec(
            "s",
            choice("k_partial", BREACH, critical=True),  # 0.75 and critical -> critical
            yn("k_no", critical=True),  # 0 and critical -> critical (one finding only)
            yn("k_yes", critical=True),  # 1 -> none
            yn("plain_no"),  # 0 -> high
            choice("plain_partial", BREACH),  # 0.25 -> medium
            multi("plain_multi", ABC),  # 0.5 + 0.25 = 0.75 -> medium
            multi("multi_full", ABC),  # min(1.25, 1) = 1 -> none
            yn("na", required=False),  # N/A -> none
            yn("unanswered", required=False),  # unanswered -> none
            yn("hidden", show_if={"question": "k_yes", "in": ["no"]}),  # hidden -> none
            recorded("rec", "text"),  # recorded -> none
        )
    )
    answers: dict[str, AnswerValue] = {
        "k_partial": "within_72h",
        "k_no": "no",
        "k_yes": "yes",
        "plain_no": "no",
        "plain_partial": "undefined",
        "plain_multi": ["a", "b"],
        "multi_full": ["a", "c"],
        "na": "na",
        "hidden": "no",
        "rec": "notes",
    }
    result = score(q, answers)
    drafts = findings_on_submit(q, result, answers, default_policy(), RAISED)
    assert [(d.question_id, d.severity, d.due_on) for d in drafts] == [
        ("k_partial", Severity.CRITICAL, date(2026, 3, 31)),  # 1 Mar + 30
        ("k_no", Severity.CRITICAL, date(2026, 3, 31)),
        ("plain_no", Severity.HIGH, date(2026, 4, 30)),  # 1 Mar + 60
        ("plain_partial", Severity.MEDIUM, date(2026, 5, 30)),  # 1 Mar + 90
        ("plain_multi", Severity.MEDIUM, date(2026, 5, 30)),
    ]
    # at most one finding per question
    ids = [d.question_id for d in drafts]
    assert len(ids) == len(set(ids))


def test_finding_text_names_question_and_chosen_label() -> None:
    q = qn(
        sec(
            "s",
            {
                "id": "breach.notify",
                "text": "Will the subprocessor tell you of a personal data breach?",
                "type": "choice",
                "critical": True,
                "options": [
                    {"value": "within_24h", "label": "Yes, within 24 hours", "score": 1},
                    {"value": "within_72h", "label": "Yes, within 72 hours", "score": 0.75},
                ],
            },
            multi("m1", ABC),
        )
    )
    answers: dict[str, AnswerValue] = {"breach.notify": "within_72h", "m1": ["a"]}
    drafts = findings_on_submit(q, score(q, answers), answers, default_policy(), RAISED)
    assert len(drafts) == 2
    assert "Will the subprocessor tell you of a personal data breach?" in drafts[0].text
    assert "Yes, within 72 hours" in drafts[0].text
    assert drafts[0].severity is Severity.CRITICAL
    assert "How is m1?" in drafts[1].text
    assert "Label a" in drafts[1].text


def test_no_findings_when_everything_is_perfect() -> None:
    q = qn(sec("s", yn("q1", critical=True), choice("q2", BREACH)))
    answers: dict[str, AnswerValue] = {"q1": "yes", "q2": "within_24h"}
    assert findings_on_submit(q, score(q, answers), answers, default_policy(), RAISED) == []


# --- properties ----------------------------------------------------------------------------

SCORED_TYPES = ("yes_no", "choice", "multi")


@st.composite
def questionnaire_and_answers(draw: st.DrawFn) -> tuple[Questionnaire, dict[str, AnswerValue]]:
    sections: list[dict[str, Any]] = []
    answers: dict[str, AnswerValue] = {}
    for si in range(draw(st.integers(1, 4))):
        questions: list[dict[str, Any]] = []
        for qi in range(draw(st.integers(1, 8))):
            qid = f"q{si}_{qi}"
            type_ = draw(st.sampled_from(SCORED_TYPES))
            question: dict[str, Any] = {
                "id": qid,
                "text": f"Question {qid}?",
                "type": type_,
                "weight": draw(st.floats(0.1, 10)),
                "critical": draw(st.booleans()),
            }
            if type_ == "yes_no":
                values = ["yes", "no"]
            else:
                scores = draw(st.lists(st.floats(0, 1), min_size=1, max_size=5))
                values = [f"o{k}" for k in range(len(scores))]
                question["options"] = [
                    {"value": v, "label": f"Option {v}", "score": s}
                    for v, s in zip(values, scores, strict=True)
                ]
            questions.append(question)
            kinds = ["option", "unanswered"] + ([] if question["critical"] else ["na"])
            kind = draw(st.sampled_from(kinds))
            if kind == "na":
                answers[qid] = "na"
            elif kind == "option" and type_ == "multi":
                answers[qid] = draw(st.lists(st.sampled_from(values), unique=True))
            elif kind == "option":
                answers[qid] = draw(st.sampled_from(values))
        sections.append({"id": f"s{si}", "title": f"Section {si}", "questions": questions})
    return qn(*sections), answers


@settings(deadline=None)
@given(questionnaire_and_answers())
def test_scores_within_0_and_100(case: tuple[Questionnaire, dict[str, AnswerValue]]) -> None:
    q, answers = case
    result = score(q, answers)
    for value in (result.control_score, *result.sections.values()):
        assert value is None or 0.0 <= value <= 100.0
    for row in result.questions:
        assert row.score is None or 0.0 <= row.score <= 1.0
    if result.control_score is None:
        assert result.total_weight == 0.0
    else:
        assert result.control_score == round1(100 * result.weighted_sum / result.total_weight)


@settings(deadline=None)
@given(questionnaire_and_answers(), st.data())
def test_raising_one_answer_never_lowers_the_score(
    case: tuple[Questionnaire, dict[str, AnswerValue]], data: st.DataObject
) -> None:
    q, answers = case
    answered = [qid for qid, v in answers.items() if v != "na"]
    assume(answered)
    qid = data.draw(st.sampled_from(answered))
    question = q.question(qid)
    assert question is not None
    current = answers[qid]
    if isinstance(current, list):
        # multi: choose one more option (appended), keep the rest
        extra = [o.value for o in question.choices if o.value not in current]
        assume(extra)
        raised: AnswerValue = [*current, data.draw(st.sampled_from(extra))]
    else:
        now = question_score(question, current)
        assert now is not None
        higher = [o.value for o in question.choices if o.score > now]
        assume(higher)
        raised = data.draw(st.sampled_from(higher))
    before = score(q, answers)
    after = score(q, {**answers, qid: raised})
    assert after.total_weight == before.total_weight
    assert after.weighted_sum / after.total_weight >= before.weighted_sum / before.total_weight
    assert before.control_score is not None
    assert after.control_score is not None
    assert after.control_score >= before.control_score


@settings(deadline=None)
@given(
    questionnaire_and_answers(),
    st.sampled_from(list(DataAccess)),
    st.sampled_from(list(Criticality)),
)
def test_rate_respects_the_critical_floor(
    case: tuple[Questionnaire, dict[str, AnswerValue]],
    access: DataAccess,
    criticality: Criticality,
) -> None:
    q, answers = case
    policy = default_policy()
    result = score(q, answers)
    rated = rate(result, access, criticality, policy)
    table = policy.residual_rating[policy.inherent(access, criticality)][
        policy.band(result.control_score)
    ]
    assert rated.rating.rank >= table.rank
    if result.critical_failures:
        assert rated.rating.rank >= policy.critical_failure_floor.rank
        assert rated.rating.rank >= Rating.HIGH.rank
    else:
        assert rated.rating is table
