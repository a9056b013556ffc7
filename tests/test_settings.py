"""Settings: the paper workbooks print on comes from the config file, the environment or,
by default, the locale (Letter where Letter is the usual paper, else A4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vendor_review.settings import SettingsError, load_settings, paper_for_locale


@pytest.mark.parametrize(
    ("env", "paper"),
    [
        ({"LANG": "en_US.UTF-8"}, "letter"),
        ({"LANG": "fr_CA.UTF-8"}, "letter"),
        ({"LANG": "de_DE.UTF-8"}, "a4"),
        ({"LANG": "en_GB"}, "a4"),
        ({"LANG": "en_US.UTF-8", "LC_PAPER": "sk_SK.UTF-8"}, "a4"),
        ({"LC_ALL": "es_MX.UTF-8", "LANG": "de_DE.UTF-8"}, "letter"),
        ({"LANG": "C.UTF-8"}, "a4"),
        ({}, "a4"),
    ],
)
def test_the_default_paper_follows_the_locale(env: dict[str, str], paper: str) -> None:
    assert paper_for_locale(env) == paper


def test_the_config_file_and_the_environment_choose_the_paper(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('paper = "letter"\n', encoding="utf-8")
    env = {"VENDOR_REVIEW_CONFIG": str(config), "LANG": "de_DE.UTF-8"}
    assert load_settings(env=env).paper == "letter"
    assert load_settings(env={**env, "VENDOR_REVIEW_PAPER": "A4"}).paper == "a4"
    assert load_settings(env={"VENDOR_REVIEW_CONFIG": str(tmp_path / "none.toml")}).paper == "a4"
    config.write_text('paper = "legal"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="setting paper: "):
        load_settings(env=env)


def test_a_wrong_setting_is_refused_naming_it(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    env = {"VENDOR_REVIEW_CONFIG": str(config)}
    config.write_text("colour = true\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="setting colour: Extra inputs are not permitted"):
        load_settings(env=env)
    config.write_text("evidence_max_bytes = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"setting evidence_max_bytes: .*greater than 0"):
        load_settings(env=env)
    config.write_text('questionnaires = "q"\nevidence_max_bytes = 10\n', encoding="utf-8")
    settings = load_settings(env={**env, "VENDOR_REVIEW_EVIDENCE_MAX_BYTES": "2048"})
    assert (settings.questionnaires, settings.evidence_max_bytes) == ([Path("q")], 2048)
