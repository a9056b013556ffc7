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


# A file that is not YAML a questionnaire may use: the one line it gets.
REFUSED_YAML = {
    "top-level list": (
        "- id: x\n- id: y\n",
        "line 1: the top level must be a mapping (key: value lines), not a list",
    ),
    "unclosed bracket at the end names the last line": (
        "id: broken\ntitle: [\n",
        "line 2: invalid YAML: expected the node content, but found '<stream end>' "
        "(while parsing a flow node on line 2)",
    ),
    "empty file": ("# nothing\n", "the file is empty"),
    "unquoted yes as a key": ("id: x\nyes: 1\n", "line 2: key 'yes' must be text: quote it"),
    "impossible date: a message, not a crash": (
        "id: x\ntitle: 2024-13-45\n",
        "line 2: cannot read this value: month must be in 1..12",
    ),
}


@pytest.mark.parametrize(("text", "message"), REFUSED_YAML.values(), ids=REFUSED_YAML.keys())
def test_refused_yaml_gets_one_line(tmp_path: Path, text: str, message: str) -> None:
    assert str(error_for(tmp_path, text)) == f"hosting.yaml: {message}"


# --- pydantic validation and the questionnaire's own rules ---------------------------------


Q1 = "sections[0].questions[0]"
Q2 = "sections[0].questions[1]"
AFTER_WEIGHT = "        weight: 2\n"
# GOOD with (old, new) replaced: the one line the loader says.
INVALID = {
    "duplicate key names both lines": (
        [(AFTER_WEIGHT, AFTER_WEIGHT + "        weight: 3\n")],
        f"line 12: {Q1}.weight: duplicate key 'weight' (line 12, first on line 11)",
    ),
    "unknown field names path and line": (
        [(AFTER_WEIGHT, AFTER_WEIGHT + "        colour: red\n")],
        f"line 12: {Q1}.colour: Extra inputs are not permitted",
    ),
    "unquoted no is a bool, not text": (
        [("text: Is the data centre Uptime Tier III or better?", "text: NO")],
        f"line 9: {Q1}.text: Input should be a valid string",
    ),
    "missing field points at its mapping": (
        [("title: Hosting and data centres\n", "")],
        "line 1: title: Field required",
    ),
    "a critical question cannot allow N/A": (
        [(AFTER_WEIGHT, AFTER_WEIGHT + "        critical: true\n        allow_na: true\n")],
        f"line 8: {Q1}: Value error, a critical question cannot allow N/A (set allow_na: false)",
    ),
    "several problems: the first, and a count of the rest": (
        [("weight: 2", "weight: 0"), ("score: 0.5", "score: 7")],
        f"line 11: {Q1}.weight: Input should be greater than 0 (and 1 more)",
    ),
    "duplicate question id names both paths": (
        [
            ("id: dc.power", "id: dc.tier"),
            ('        show_if: {question: dc.tier, in: ["yes"]}\n', ""),
        ],
        f"line 12: {Q2}.id: duplicate question id 'dc.tier' (first at {Q1})",
    ),
    "show_if on an unknown question": (
        [("question: dc.tier", "question: dc.nothing")],
        f"line 18: {Q2}.show_if.question: show_if refers to an unknown question 'dc.nothing'",
    ),
    "show_if on a later question": (
        [(AFTER_WEIGHT, AFTER_WEIGHT + "        show_if: {question: dc.power, in: [ups]}\n")],
        f"line 12: {Q1}.show_if.question: show_if refers to 'dc.power', asked later: a "
        "condition may only look at earlier questions (so conditions cannot form a cycle)",
    ),
}
# A number out of its range: (old, new, line, path, what pydantic says it should be).
OUT_OF_RANGE = [
    ("score: 0.5", "score: 1.5", 17, f"{Q2}.options[1].score", "less than or equal to 1"),
    ("score: 0.5", "score: -0.1", 17, f"{Q2}.options[1].score", "greater than or equal to 0"),
    ("weight: 2", "weight: 0", 11, f"{Q1}.weight", "greater than 0"),
    ("weight: 2", "weight: -2", 11, f"{Q1}.weight", "greater than 0"),
]
INVALID |= {
    f"{new} out of range": ([(old, new)], f"line {line}: {path}: Input should be {rule}")
    for old, new, line, path, rule in OUT_OF_RANGE
}


@pytest.mark.parametrize(("edits", "message"), INVALID.values(), ids=INVALID.keys())
def test_an_invalid_questionnaire_gets_one_line(
    tmp_path: Path, edits: list[tuple[str, str]], message: str
) -> None:
    text = GOOD
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    assert str(error_for(tmp_path, text)) == f"hosting.yaml: {message}"


def test_several_problems_are_all_listed(tmp_path: Path) -> None:
    text = GOOD.replace("weight: 2", "weight: 0").replace("score: 0.5", "score: 7")
    assert [(p.line, p.location) for p in error_for(tmp_path, text).problems] == [
        (11, f"{Q1}.weight"),
        (17, f"{Q2}.options[1].score"),
    ]


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
