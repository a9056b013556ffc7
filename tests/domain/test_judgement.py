"""Issue 10 items 1–3 as tables: accept_at, option findings, conditions, scoping questions,
exclusive options, N/A with a reason, and the one multi separator."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.fuzz import examples
from support.questionnaires import AI_SERVICES
from vendor_review.domain.answers import (
    AnswerError,
    AnswerValue,
    check_answer,
    check_na_reason,
    parse_answer,
    parse_multi,
)
from vendor_review.domain.enums import Severity
from vendor_review.domain.loader import QuestionnaireError, load_questionnaire_file
from vendor_review.domain.policy import default_policy
from vendor_review.domain.questionnaire import Question, Questionnaire
from vendor_review.domain.questionnaire_rules import semantic_problems
from vendor_review.domain.scoring import findings_on_submit, score, visible_questions

RAISED = date(2026, 3, 1)


def qn(*sections: dict[str, Any]) -> Questionnaire:
    return Questionnaire.model_validate(
        {"id": "t", "version": 1, "title": "Test", "sections": list(sections)}
    )


def sec(sid: str, *questions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": sid, "title": f"Section {sid}", "questions": list(questions), **extra}


def yn(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "text": f"Is {qid} in place?", "type": "yes_no", **extra}


def choice(qid: str, options: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": qid, "text": f"How is {qid}?", "type": "choice", "options": options, **extra}


def opt(value: str, s: float, **extra: Any) -> dict[str, Any]:
    return {"value": value, "label": f"Label {value}", "score": s, **extra}


BREACH = [
    opt("h24", 1.0),
    opt("h72", 0.9),
    opt("undue", 0.8),
    opt("none", 0.0),
]


def findings(q: Questionnaire, answers: dict[str, AnswerValue]) -> dict[str, Severity]:
    policy = default_policy()
    result = score(q, answers, policy)
    return {
        d.question_id: d.severity for d in findings_on_submit(q, result, answers, policy, RAISED)
    }


# --- accept_at and the finding rule ---------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_at", "critical", "value", "severity", "critical_failure"),
    [
        # no accept_at: the policy default 1.0 — anything below full marks opens one
        (None, False, "h72", Severity.MEDIUM, False),
        (None, False, "none", Severity.HIGH, False),
        (None, True, "h72", Severity.CRITICAL, True),
        (None, False, "h24", None, False),
        # accept_at 0.9: 72 h meets it, "without undue delay" does not
        (0.9, False, "h72", None, False),
        (0.9, True, "h72", None, False),
        (0.9, False, "undue", Severity.MEDIUM, False),
        (0.9, True, "undue", Severity.CRITICAL, True),
        (0.9, True, "none", Severity.CRITICAL, True),  # critical beats s = 0 → high
        (0.8, False, "undue", None, False),  # exactly accept_at is acceptable
        (0.0, False, "none", None, False),  # accept_at 0: nothing is below it
    ],
)
def test_finding_opens_only_below_accept_at(
    accept_at: float | None,
    critical: bool,
    value: str,
    severity: Severity | None,
    critical_failure: bool,
) -> None:
    extra: dict[str, Any] = {"critical": critical}
    if accept_at is not None:
        extra["accept_at"] = accept_at
    q = qn(sec("s", choice("c1", BREACH, **extra)))
    assert findings(q, {"c1": value}).get("c1") == severity
    result = score(q, {"c1": value})
    assert (result.critical_failures == ("c1",)) is critical_failure
    row = result.questions[0]
    assert row.accept_at == (1.0 if accept_at is None else accept_at)
    assert row.met is (severity is None)


@pytest.mark.parametrize(
    ("option_finding", "critical", "severity"),
    [
        ("low", False, Severity.LOW),
        ("high", False, Severity.HIGH),
        ("critical", False, Severity.CRITICAL),
        ("none", False, None),
        ("low", True, Severity.LOW),  # the option decides even on a critical question
    ],
)
def test_option_finding_overrides_the_default(
    option_finding: str, critical: bool, severity: Severity | None
) -> None:
    options = [opt("full", 1.0), opt("partial", 0.5, finding=option_finding)]
    q = qn(sec("s", choice("c1", options, critical=critical)))
    assert findings(q, {"c1": "partial"}).get("c1") == severity


def test_policy_default_accept_at_applies_where_a_question_sets_none() -> None:
    q = qn(sec("s", choice("c1", BREACH), choice("c2", BREACH, accept_at=1.0)))
    policy = replace(default_policy(), accept_at=0.75)
    result = score(q, {"c1": "undue", "c2": "h72"}, policy)
    met = {r.question_id: (r.accept_at, r.met) for r in result.questions}
    assert met == {"c1": (0.75, True), "c2": (1.0, False)}


def test_low_findings_are_due_in_180_days() -> None:
    q = qn(sec("s", choice("c1", [opt("full", 1.0), opt("part", 0.5, finding="low")])))
    policy = default_policy()
    answers: dict[str, AnswerValue] = {"c1": "part"}
    (draft,) = findings_on_submit(q, score(q, answers, policy), answers, policy, RAISED)
    assert (draft.severity, draft.due_on) == (Severity.LOW, date(2026, 8, 28))
    assert "acceptable from 1" in draft.text


def test_multi_option_finding_takes_the_most_severe_chosen() -> None:
    options = [
        opt("a", 0.25, finding="low"),
        opt("b", 0.25, finding="high"),
        opt("c", 0.25),
    ]
    q = qn(sec("s", {"id": "m", "text": "Which?", "type": "multi", "options": options}))
    assert findings(q, {"m": ["a", "c"]}) == {"m": Severity.LOW}
    assert findings(q, {"m": ["a", "b"]}) == {"m": Severity.HIGH}
    assert findings(q, {"m": ["c"]}) == {"m": Severity.MEDIUM}


# --- conditions -------------------------------------------------------------------------------


def is_(question: str, *values: str) -> dict[str, Any]:
    return {"question": question, "in": list(values)}


HOSTING = choice("host", [opt("cloud", 1.0), opt("onprem", 1.0), opt("colo", 1.0)], scored=False)


@pytest.mark.parametrize(
    ("rule", "answers", "shown"),
    [
        ({"question": "host", "in": ["cloud"]}, {"host": "cloud"}, True),
        ({"question": "host", "in": ["cloud"]}, {"host": "colo"}, False),
        ({"question": "host", "in": ["cloud"]}, {}, False),  # unanswered target: not shown
        ({"not": {"question": "host", "in": ["cloud"]}}, {"host": "colo"}, True),
        ({"not": {"question": "host", "in": ["cloud"]}}, {"host": "cloud"}, False),
        (
            {
                "all": [
                    {"question": "host", "in": ["cloud", "colo"]},
                    {"question": "pii", "in": ["yes"]},
                ]
            },
            {"host": "colo", "pii": "yes"},
            True,
        ),
        (
            {
                "all": [
                    {"question": "host", "in": ["cloud", "colo"]},
                    {"question": "pii", "in": ["yes"]},
                ]
            },
            {"host": "colo", "pii": "no"},
            False,
        ),
        (
            {"any": [{"question": "host", "in": ["onprem"]}, {"question": "pii", "in": ["yes"]}]},
            {"host": "cloud", "pii": "yes"},
            True,
        ),
        (
            {"any": [{"question": "host", "in": ["onprem"]}, {"question": "pii", "in": ["yes"]}]},
            {"host": "cloud", "pii": "no"},
            False,
        ),
        (  # nested: any of (all of …) and not (…)
            {
                "any": [
                    {
                        "all": [
                            {"question": "host", "in": ["onprem"]},
                            {"question": "pii", "in": ["no"]},
                        ]
                    },
                    {"not": {"any": [{"question": "host", "in": ["onprem", "cloud"]}]}},
                ]
            },
            {"host": "colo", "pii": "yes"},
            True,
        ),
    ],
)
def test_conditions(rule: dict[str, Any], answers: dict[str, AnswerValue], shown: bool) -> None:
    q = qn(sec("s", HOSTING, yn("pii", scored=False), yn("x", show_if=rule)))
    assert ("x" in visible_questions(q, answers)) is shown


def test_section_show_if_hides_every_question_of_the_section() -> None:
    q = qn(
        sec("scope", HOSTING),
        sec("dc", yn("dc1"), yn("dc2"), show_if={"question": "host", "in": ["colo", "onprem"]}),
    )
    assert visible_questions(q, {"host": "colo"}) == {"host", "dc1", "dc2"}
    assert visible_questions(q, {"host": "cloud", "dc1": "no"}) == {"host"}
    # hidden answers neither score nor open findings
    result = score(q, {"host": "cloud", "dc1": "no"})
    assert result.control_score is None
    assert {r.question_id: r.state for r in result.questions}["dc1"] == "hidden"
    assert findings(q, {"host": "cloud", "dc1": "no"}) == {}


def test_scoping_questions_never_count() -> None:
    q = qn(sec("s", HOSTING, yn("pii", scored=False), yn("q1")))
    result = score(q, {"host": "onprem", "pii": "no", "q1": "yes"})
    assert result.control_score == 100.0
    assert result.total_weight == 1.0
    states = {r.question_id: (r.state, r.score, r.accept_at) for r in result.questions}
    assert states["pii"] == ("recorded", None, None)
    assert findings(q, {"host": "onprem", "pii": "no", "q1": "yes"}) == {}


# --- exclusive options, one separator ---------------------------------------------------------

AI = Question.model_validate(AI_SERVICES)


@pytest.mark.parametrize(
    "given_value",
    [["none", "own"], ["llm", "none"]],
)
def test_exclusive_option_is_refused_with_others_in_stored_form(given_value: list[str]) -> None:
    with pytest.raises(AnswerError, match=r"'None of these' cannot be combined"):
        check_answer(AI, given_value)


def test_exclusive_option_is_refused_when_typed() -> None:
    with pytest.raises(AnswerError, match=r"'None of these' cannot be combined"):
        parse_answer(AI, "None of these; Own models")
    with pytest.raises(AnswerError, match=r"'None of these' cannot be combined"):
        parse_multi(AI, "none;own")
    assert parse_answer(AI, "None of these") == ["none"]


def test_labels_with_commas_are_one_option() -> None:
    text = "Hosted LLMs, e.g. chat, completion and embeddings; own models"
    assert parse_answer(AI, text) == ["llm", "own"]
    with pytest.raises(AnswerError) as err:
        parse_answer(AI, "Hosted LLMs, own models")
    assert str(err.value) == (
        "'Hosted LLMs, own models' is not one of 'Hosted LLMs, e.g. chat, completion and "
        "embeddings', 'Own models', 'None of these', 'N/A' (question m)"
    )


# --- N/A: where allowed, with a reason, within a share ----------------------------------------


@pytest.mark.parametrize(
    ("question", "comment", "refused"),
    [
        (yn("q1"), None, True),  # required scored: the policy asks for a reason
        (yn("q1"), "  ", True),
        (yn("q1"), "No card data in scope (see DPA annex 2)", False),
        (yn("q1", na_requires_comment=False), None, False),
        (yn("q1", required=False), None, False),  # optional: no reason needed by default
        (yn("q1", required=False, na_requires_comment=True), None, True),
        ({"id": "d1", "text": "When?", "type": "date"}, None, False),
    ],
)
def test_na_requires_comment(question: dict[str, Any], comment: str | None, refused: bool) -> None:
    q = qn(sec("s", question)).question(question["id"])
    assert q is not None
    needs = default_policy().na_needs_reason(q)
    if refused:
        with pytest.raises(AnswerError, match="needs a reason"):
            check_na_reason(q, "na", comment, needs)
    else:
        check_na_reason(q, "na", comment, needs)
    check_na_reason(q, "yes", None, needs)  # only N/A needs one


def test_policy_can_switch_the_na_reason_default_off() -> None:
    question = qn(sec("s", yn("q1"))).question("q1")
    assert question is not None
    policy = replace(default_policy(), na_requires_comment=False)
    assert not policy.na_needs_reason(question)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0.1, 10),
            st.sampled_from(["yes", "no", "na", None]),
            st.booleans(),
        ),
        min_size=1,
        max_size=8,
    ),
    st.floats(0, 1),
)
def test_score_stays_within_0_and_100_and_na_never_beats_answering(
    items: list[tuple[float, str | None, bool]], limit: float
) -> None:
    questions = [
        yn(f"q{i}", weight=w, scored=counted, **({} if counted else {"required": False}))
        for i, (w, _, counted) in enumerate(items)
    ]
    q = qn(sec("s", *questions))
    answers: dict[str, AnswerValue] = {f"q{i}": v for i, (_, v, _) in enumerate(items) if v}
    policy = replace(default_policy(), na_weight_limit=limit)
    result = score(q, answers, policy)
    if result.control_score is not None:
        assert 0.0 <= result.control_score <= 100.0
    # N/A beyond the share never scores better than answering "yes" … and all-N/A is 0
    counted = [(w, v) for w, v, c in items if c and v]
    if counted and all(v == "na" for _, v in counted) and limit < 1:
        assert result.control_score == 0.0


# --- loader checks for the new fields ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sections", "where", "message"),
    [
        (
            [sec("s", choice("c", [opt("a", 0.5), opt("b", 0.75)], accept_at=0.9))],
            "sections.0.questions.0.accept_at",
            "accept_at 0.9 is above the best possible score 0.75",
        ),
        (
            [sec("s", choice("c", [opt("a", 1, exclusive=True), opt("b", 0)]))],
            "sections.0.questions.0.options.0.exclusive",
            "exclusive applies to multi questions only",
        ),
        (
            [sec("s", yn("a", show_if={"any": [{"question": "b", "in": ["yes"]}]}), yn("b"))],
            "sections.0.questions.0.show_if.any.0.question",
            "show_if refers to 'b', asked later",
        ),
        (
            [sec("s", yn("a", show_if={"not": {"question": "zz", "in": ["yes"]}}))],
            "sections.0.questions.0.show_if.not.question",
            "unknown question 'zz'",
        ),
        (
            [sec("s", yn("a"), show_if={"question": "a", "in": ["yes"]})],
            "sections.0.show_if.question",
            "asked in this section or later",
        ),
        (
            [sec("s", choice("c", [opt("a", 1), opt("b", 0.5, finding="low")], accept_at=0.5))],
            "sections.0.questions.0.options.1.finding",
            "finding 'low' never applies",
        ),
        (
            [sec("s", {**AI_SERVICES, "options": [opt("a", 1), {**opt("b", 0), "label": "x; y"}]})],
            "sections.0.questions.0.options.1.label",
            "cannot contain ';'",
        ),
    ],
)
def test_semantic_problems_name_the_path(
    sections: list[dict[str, Any]], where: str, message: str
) -> None:
    problems = semantic_problems(qn(*sections))
    assert any(
        ".".join(str(p) for p in path) == where and message in text for path, text in problems
    ), problems


@pytest.mark.parametrize(
    ("question", "message"),
    [
        (yn("a", accept_at=1.5), "less than or equal to 1"),
        ({"id": "d", "text": "When?", "type": "date", "accept_at": 0.5}, "accept_at applies"),
        (yn("a", scored=False, critical=True), "can be critical"),
        (yn("a", critical=True, allow_na=True), "cannot allow N/A"),
        (yn("a", allow_na=False, na_requires_comment=True), "needs a question that allows N/A"),
    ],
)
def test_field_rules(question: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        qn(sec("s", question))


def test_caiq_ids_with_ampersand() -> None:
    q = qn(
        sec("A&A", yn("A&A-01.1"), yn("A&A-01.2", show_if={"question": "A&A-01.1", "in": ["yes"]}))
    )
    assert visible_questions(q, {"A&A-01.1": "yes"}) == {"A&A-01.1", "A&A-01.2"}


def test_loader_names_file_line_and_path_for_new_fields(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "id: mine\n"
        "version: 1\n"
        "title: Mine\n"
        "sections:\n"
        "  - id: s\n"
        "    title: S\n"
        "    show_if: {not: {question: s1, in: ['yes']}}\n"
        "    questions:\n"
        "      - id: s1\n"
        "        text: Scoped?\n"
        "        type: choice\n"
        "        accept_at: 0.9\n"
        "        options:\n"
        "          - {value: a, label: A, score: 0.5, exclusive: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire_file(path)
    assert str(err.value).startswith("mine.yaml: line 7: ")
    text = "\n".join(str(p) for p in err.value.problems)
    assert "line 7: sections[0].show_if.not.question: show_if refers to 's1'" in text
    assert "sections[0].questions[0].options[0].exclusive: exclusive applies to multi" in text
    assert "sections[0].questions[0].accept_at: accept_at 0.9 is above the best possible" in text
