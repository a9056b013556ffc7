"""The questionnaire loader: every bad file gets one clear line naming file, path and line."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from vendor_review.domain.builtin_files import _builtin_dir_for
from vendor_review.domain.loader import (
    MAX_YAML_BYTES,
    LoadedQuestionnaire,
    QuestionnaireError,
    YamlFileError,
    builtin_questionnaire_dir,
    load_catalog,
    load_questionnaire_file,
    read_yaml,
)

REPO = Path(__file__).resolve().parents[2]

# Line numbers matter below: q1 starts on line 8, its weight is on line 11.
GOOD = """\
id: hosting
version: 1
title: Hosting and data centres
sections:
  - id: dc
    title: Data centre
    questions:
      - id: dc.tier
        text: Is the data centre Uptime Tier III or better?
        type: yes_no
        weight: 2
      - id: dc.power
        text: Which power redundancy is in place?
        type: choice
        options:
          - {value: ups_gen, label: UPS and generators, score: 1}
          - {value: ups, label: UPS only, score: 0.5}
        show_if: {question: dc.tier, in: ["yes"]}
"""


def write(tmp_path: Path, text: str, name: str = "hosting.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str, name: str = "hosting.yaml") -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire_file(write(tmp_path, text, name))
    return info.value


def good_with(questionnaire_id: str) -> str:
    return GOOD.replace("id: hosting", f"id: {questionnaire_id}", 1)


# --- a good file -------------------------------------------------------------------------


def test_good_file_loads_with_sha256_of_its_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    loaded = load_questionnaire_file(path, builtin=True)
    assert isinstance(loaded, LoadedQuestionnaire)
    assert loaded.questionnaire.id == "hosting"
    assert loaded.path == path
    assert loaded.builtin is True
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [q.id for _, q in loaded.questionnaire.questions()] == ["dc.tier", "dc.power"]


def test_error_is_a_value_error_with_location_line_and_problems(tmp_path: Path) -> None:
    err = error_for(tmp_path, GOOD.replace("weight: 2", "weight: 0"))
    assert isinstance(err, ValueError)
    assert err.path == tmp_path / "hosting.yaml"
    assert err.location == "sections[0].questions[0].weight"
    assert err.line == 11
    assert len(err.problems) == 1


# --- YAML safety -------------------------------------------------------------------------


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    err = error_for(tmp_path, "id: x\ntitle: [a, b\nversion: 1\n")
    assert str(err) == (
        "hosting.yaml: line 3: invalid YAML: expected ',' or ']', but got ':' "
        "(while parsing a flow sequence on line 2)"
    )
    assert err.line == 3


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    text = GOOD.replace("        weight: 2\n", "        weight: 2\n        weight: 3\n")
    err = error_for(tmp_path, text)
    assert str(err) == (
        "hosting.yaml: line 12: sections[0].questions[0].weight: "
        "duplicate key 'weight' (line 12, first on line 11)"
    )


def test_python_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    err = error_for(tmp_path, f"id: !!python/object/apply:os.system ['touch {marker}']\n")
    assert str(err) == (
        "hosting.yaml: line 1: id: tag '!!python/object/apply:os.system' is not allowed"
    )
    assert not marker.exists()


def test_custom_tag_is_refused(tmp_path: Path) -> None:
    err = error_for(tmp_path, "id: x\ntitle: !secret abc\n")
    assert str(err) == "hosting.yaml: line 2: title: tag '!secret' is not allowed"


def test_alias_bomb_is_refused_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    started = time.perf_counter()
    err = error_for(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1.0
    assert str(err) == "hosting.yaml: line 2: YAML aliases (*name) are not allowed"


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    err = error_for(tmp_path, "id: " + "[" * 200 + "]" * 200 + "\n")
    assert str(err) == "hosting.yaml: line 1: nested more than 32 levels deep"


def test_oversized_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(300_000)  # sparse: nothing to read

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire_file(path)
    assert str(info.value) == (
        f"big.yaml: file is 300000 bytes, over the {MAX_YAML_BYTES}-byte limit"
    )
    assert MAX_YAML_BYTES == 262144


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: Café\n".encode("latin-1"))
    with pytest.raises(QuestionnaireError) as info:
        load_questionnaire_file(path)
    assert str(info.value) == "latin1.yaml: line 2: not UTF-8 text (byte 0xe9 cannot be decoded)"


def test_top_level_list_is_refused(tmp_path: Path) -> None:
    err = error_for(tmp_path, "- id: x\n- id: y\n")
    assert str(err) == (
        "hosting.yaml: line 1: the top level must be a mapping (key: value lines), not a list"
    )


def test_unclosed_bracket_at_the_end_names_the_last_line(tmp_path: Path) -> None:
    err = error_for(tmp_path, "id: broken\ntitle: [\n")
    assert str(err) == (
        "hosting.yaml: line 2: invalid YAML: expected the node content, but found "
        "'<stream end>' (while parsing a flow node on line 2)"
    )


def test_empty_file_is_refused(tmp_path: Path) -> None:
    assert str(error_for(tmp_path, "# nothing\n")) == "hosting.yaml: the file is empty"


def test_unquoted_yes_as_key_is_refused(tmp_path: Path) -> None:
    err = error_for(tmp_path, "id: x\nyes: 1\n")
    assert str(err) == "hosting.yaml: line 2: key 'yes' must be text: quote it"


def test_impossible_date_is_a_message_not_a_crash(tmp_path: Path) -> None:
    err = error_for(tmp_path, "id: x\ntitle: 2024-13-45\n")
    assert str(err) == "hosting.yaml: line 2: cannot read this value: month must be in 1..12"


# --- pydantic validation -----------------------------------------------------------------


def test_unknown_field_names_path_and_line(tmp_path: Path) -> None:
    err = error_for(
        tmp_path, GOOD.replace("        weight: 2\n", "        weight: 2\n        colour: red\n")
    )
    assert str(err) == (
        "hosting.yaml: line 12: sections[0].questions[0].colour: Extra inputs are not permitted"
    )


def test_unquoted_no_is_a_bool_and_not_text(tmp_path: Path) -> None:
    err = error_for(
        tmp_path, GOOD.replace("text: Is the data centre Uptime Tier III or better?", "text: NO")
    )
    assert str(err) == (
        "hosting.yaml: line 9: sections[0].questions[0].text: Input should be a valid string"
    )


def test_missing_field_points_at_its_mapping(tmp_path: Path) -> None:
    err = error_for(tmp_path, GOOD.replace("title: Hosting and data centres\n", ""))
    assert str(err) == "hosting.yaml: line 1: title: Field required"


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        ("1.5", "Input should be less than or equal to 1"),
        ("-0.1", "Input should be greater than or equal to 0"),
    ],
)
def test_option_score_outside_0_1(tmp_path: Path, score: str, expected: str) -> None:
    err = error_for(tmp_path, GOOD.replace("score: 0.5", f"score: {score}"))
    assert str(err) == (
        f"hosting.yaml: line 17: sections[0].questions[1].options[1].score: {expected}"
    )


@pytest.mark.parametrize("weight", ["0", "-2"])
def test_weight_must_be_positive(tmp_path: Path, weight: str) -> None:
    err = error_for(tmp_path, GOOD.replace("weight: 2", f"weight: {weight}"))
    assert str(err) == (
        "hosting.yaml: line 11: sections[0].questions[0].weight: Input should be greater than 0"
    )


def test_critical_question_cannot_allow_na(tmp_path: Path) -> None:
    text = GOOD.replace(
        "        weight: 2\n", "        weight: 2\n        critical: true\n        allow_na: true\n"
    )
    err = error_for(tmp_path, text)
    assert str(err) == (
        "hosting.yaml: line 8: sections[0].questions[0]: "
        "Value error, a critical question cannot allow N/A (set allow_na: false)"
    )


def test_several_problems_show_the_first_and_count_the_rest(tmp_path: Path) -> None:
    text = GOOD.replace("weight: 2", "weight: 0").replace("score: 0.5", "score: 7")
    err = error_for(tmp_path, text)
    assert str(err) == (
        "hosting.yaml: line 11: sections[0].questions[0].weight: "
        "Input should be greater than 0 (and 1 more)"
    )
    assert [(p.line, p.location) for p in err.problems] == [
        (11, "sections[0].questions[0].weight"),
        (17, "sections[0].questions[1].options[1].score"),
    ]


# --- semantic rules ----------------------------------------------------------------------


def test_duplicate_question_id_names_both_paths(tmp_path: Path) -> None:
    text = GOOD.replace("id: dc.power", "id: dc.tier").replace(
        '        show_if: {question: dc.tier, in: ["yes"]}\n', ""
    )
    err = error_for(tmp_path, text)
    assert str(err) == (
        "hosting.yaml: line 12: sections[0].questions[1].id: "
        "duplicate question id 'dc.tier' (first at sections[0].questions[0])"
    )


def test_show_if_unknown_question(tmp_path: Path) -> None:
    err = error_for(tmp_path, GOOD.replace("question: dc.tier", "question: dc.nothing"))
    assert str(err) == (
        "hosting.yaml: line 18: sections[0].questions[1].show_if.question: "
        "show_if refers to an unknown question 'dc.nothing'"
    )


def test_show_if_later_question(tmp_path: Path) -> None:
    text = GOOD.replace(
        "        weight: 2\n",
        "        weight: 2\n        show_if: {question: dc.power, in: [ups]}\n",
    )
    err = error_for(tmp_path, text)
    assert str(err) == (
        "hosting.yaml: line 12: sections[0].questions[0].show_if.question: "
        "show_if refers to 'dc.power', asked later: a condition may only look at earlier "
        "questions (so conditions cannot form a cycle)"
    )


# --- the generic reader ------------------------------------------------------------------


def test_read_yaml_maps_paths_to_lines(tmp_path: Path) -> None:
    doc = read_yaml(write(tmp_path, GOOD), max_bytes=10_000)
    assert doc.data["id"] == "hosting"
    assert doc.line_of(("sections", 0, "questions", 1, "options", 1, "score")) == 17
    assert doc.line_of(("sections", 0, "questions", 1, "nothing")) == 12
    assert doc.line_of(()) == 1


def test_read_yaml_errors_are_not_questionnaire_errors(tmp_path: Path) -> None:
    with pytest.raises(YamlFileError) as info:
        read_yaml(write(tmp_path, "a: 1\na: 2\n", "policy.yaml"), max_bytes=10_000)
    assert not isinstance(info.value, QuestionnaireError)
    assert str(info.value) == "policy.yaml: line 2: a: duplicate key 'a' (line 2, first on line 1)"


# --- the catalog -------------------------------------------------------------------------


def test_catalog_reports_a_bad_user_file_and_loads_the_rest(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    user = tmp_path / "user"
    builtin.mkdir()
    user.mkdir()
    write(builtin, good_with("hosting"), "hosting.yaml")
    write(builtin, "bands: []\n", "policy.yaml")  # not a questionnaire: skipped
    write(user, "id: broken\n  title: x\n", "a-broken.yaml")
    write(user, good_with("mine"), "b-mine.yml")
    write(user, "not yaml at all", "notes.txt")

    result = load_catalog(builtin, [user])

    assert sorted(result.questionnaires) == ["hosting", "mine"]
    assert result.questionnaires["hosting"].builtin is True
    assert result.questionnaires["mine"].builtin is False
    assert [str(p) for p in result.problems] == [
        "a-broken.yaml: line 2: invalid YAML: mapping values are not allowed here"
    ]
    assert result.problems[0].path == user / "a-broken.yaml"


def test_catalog_duplicate_questionnaire_id_names_both_files(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    write(builtin, good_with("dpa-safeguards"), "a.yaml")
    write(builtin, good_with("dpa-safeguards").replace("title: Hosting", "title: Other"), "b.yaml")

    result = load_catalog(builtin, [])

    assert result.questionnaires["dpa-safeguards"].path == builtin / "a.yaml"
    assert [str(p) for p in result.problems] == [
        "b.yaml: line 1: id: duplicate questionnaire id 'dpa-safeguards' in b.yaml "
        "(already defined in a.yaml)"
    ]


def test_catalog_missing_user_dir_is_a_problem(tmp_path: Path) -> None:
    builtin = tmp_path / "builtin"
    builtin.mkdir()
    write(builtin, GOOD)
    missing = tmp_path / "nowhere"

    result = load_catalog(builtin, [missing])

    assert list(result.questionnaires) == ["hosting"]
    assert [str(p) for p in result.problems] == [f"{missing}: questionnaire folder does not exist"]


def test_builtin_dir_is_the_repo_folder_in_a_checkout() -> None:
    assert builtin_questionnaire_dir() == REPO / "questionnaires"


def test_builtin_dir_is_inside_the_package_when_installed(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "vendor_review"
    (package / "domain").mkdir(parents=True)
    (package / "questionnaires").mkdir()
    assert _builtin_dir_for(package / "domain" / "loader.py") == package / "questionnaires"


def test_every_builtin_questionnaire_loads() -> None:
    folder = REPO / "questionnaires"
    files = [p for p in sorted(folder.glob("*.y*ml")) if p.name != "policy.yaml"]
    if not files:
        pytest.skip("questionnaires/ holds no questionnaire files yet")
    result = load_catalog(folder, [])
    assert [str(p) for p in result.problems] == []
    assert len(result.questionnaires) == len(files)
