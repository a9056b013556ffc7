"""The catalog and policy cache: a hit equals a parse, edits and corruption are misses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from vendor_review.domain.loader import builtin_questionnaire_dir, load_catalog
from vendor_review.service import catalog_cache
from vendor_review.service.catalog_cache import (
    load_catalog_cached,
    load_catalog_summary_cached,
    load_policy_cached,
    summary_of,
)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv(catalog_cache.CACHE_ENV, str(directory))
    return directory


def _own_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(builtin_questionnaire_dir() / "dpa-safeguards.yaml", folder / "mine.yaml")
    text = (folder / "mine.yaml").read_text(encoding="utf-8")
    (folder / "mine.yaml").write_text(
        text.replace("id: dpa-safeguards", "id: mine", 1), encoding="utf-8"
    )
    return folder


def test_a_hit_is_the_parsed_catalog(cache: Path, tmp_path: Path) -> None:
    folder = _own_folder(tmp_path)
    parsed = load_catalog(builtin_questionnaire_dir(), [folder])
    first = load_catalog_cached(builtin_questionnaire_dir(), [folder])
    assert len(list(cache.glob("catalog-*.json"))) == 1
    second = load_catalog_cached(builtin_questionnaire_dir(), [folder])
    for result in (first, second):
        assert result.problems == []
        assert {
            k: (v.questionnaire, v.sha256, v.builtin, v.path)
            for k, v in result.questionnaires.items()
        } == {
            k: (v.questionnaire, v.sha256, v.builtin, v.path)
            for k, v in parsed.questionnaires.items()
        }


def test_an_edited_file_is_a_miss(cache: Path, tmp_path: Path) -> None:
    folder = _own_folder(tmp_path)
    load_catalog_cached(builtin_questionnaire_dir(), [folder])
    path = folder / "mine.yaml"
    path.write_text(
        re.sub(r"(?m)^version: \d+", "version: 7", path.read_text(encoding="utf-8"), count=1),
        encoding="utf-8",
    )
    result = load_catalog_cached(builtin_questionnaire_dir(), [folder])
    assert result.questionnaires["mine"].questionnaire.version == 7


def test_a_corrupt_or_forged_cache_is_ignored(cache: Path, tmp_path: Path) -> None:
    folder = _own_folder(tmp_path)
    load_catalog_cached(builtin_questionnaire_dir(), [folder])
    (entry,) = cache.glob("catalog-*.json")
    for content in ("{not json", '{"files": [], "questionnaires": []}', "null"):
        entry.write_text(content, encoding="utf-8")
        result = load_catalog_cached(builtin_questionnaire_dir(), [folder])
        assert "mine" in result.questionnaires and result.problems == []


def test_a_catalog_with_problems_is_not_cached(cache: Path, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    builtin = sorted(load_catalog(builtin_questionnaire_dir(), []).questionnaires)
    for _ in range(2):
        result = load_catalog_cached(builtin_questionnaire_dir(), [folder])
        assert len(result.problems) == 1
        listed = load_catalog_summary_cached(builtin_questionnaire_dir(), [folder])
        assert [str(p) for p in listed.problems] == [str(result.problems[0])]
        assert [x.id for x in listed.questionnaires] == builtin
    assert list(cache.glob("catalog-*.json")) == []


def test_the_list_from_the_cache_is_the_parsed_catalogs(cache: Path, tmp_path: Path) -> None:
    """What ``questionnaires list`` reads without the models: the same as parsing, on a
    miss, on a hit, and after the cache is forged (a miss: parsed again)."""
    folder = _own_folder(tmp_path)
    parsed = load_catalog(builtin_questionnaire_dir(), [folder])
    expected = sorted((summary_of(x) for x in parsed.questionnaires.values()), key=lambda x: x.id)
    assert [x.id for x in expected] == sorted(parsed.questionnaires)
    mine = next(x for x in expected if x.id == "mine")
    assert (mine.builtin, mine.path, mine.questions) == (False, folder / "mine.yaml", 36)
    assert load_catalog_summary_cached(builtin_questionnaire_dir(), [folder]).questionnaires == (
        expected
    )
    (entry,) = cache.glob("catalog-*.json")
    hit = load_catalog_summary_cached(builtin_questionnaire_dir(), [folder])
    assert (hit.questionnaires, hit.problems) == (expected, [])
    record = json.loads(entry.read_text(encoding="utf-8"))
    for field, forged in (("questions", 0), ("applies_to", ["everyone"]), ("title", None)):
        changed = json.loads(json.dumps(record))
        changed["questionnaires"][0]["summary"][field] = forged
        entry.write_text(json.dumps(changed), encoding="utf-8")
        again = load_catalog_summary_cached(builtin_questionnaire_dir(), [folder])
        assert again.questionnaires == expected, field


def test_policy_from_cache_equals_policy_parsed(cache: Path) -> None:
    from vendor_review.domain.policy_document import load_policy

    path = builtin_questionnaire_dir() / "policy.yaml"
    assert load_policy_cached(path) == load_policy(path)
    assert load_policy_cached(path) == load_policy(path)  # the hit
    (entry,) = cache.glob("policy-*.json")
    entry.write_text('{"bands": "broken"}', encoding="utf-8")
    assert load_policy_cached(path) == load_policy(path)
    forged = load_policy(path).to_plain()  # well-formed, but a value out of range
    forged["review_interval_months"]["low"] = 0
    entry.write_text(json.dumps(forged), encoding="utf-8")
    assert load_policy_cached(path) == load_policy(path)
