from pathlib import Path

import pytest

from recoupe.config import Config, load_config, parse_override
from recoupe.errors import ConfigError


def test_defaults_without_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_config() == Config()


def test_file_then_overrides(tmp_path: Path) -> None:
    path = tmp_path / "recoupe.toml"
    path.write_text('[dedup]\nthreshold = 0.6\n[read]\njsonl_text = ["heading", "article"]\n')
    config = load_config(path, ["dedup.threshold=0.7", "stories.window_days=3"])
    assert config.dedup.threshold == 0.7
    assert config.read.jsonl_text == ("heading", "article")
    assert config.stories.window_days == 3
    assert config.nlp.model == "fr_core_news_md"


def test_unknown_key_and_section_fail(tmp_path: Path) -> None:
    path = tmp_path / "recoupe.toml"
    path.write_text("[dedup]\ntreshold = 0.6\n")
    with pytest.raises(ConfigError, match=r"unknown key dedup\.treshold"):
        load_config(path)
    with pytest.raises(ConfigError, match="unknown section"):
        load_config(None, ["nope.x=1"])


def test_wrong_type_fails() -> None:
    with pytest.raises(ConfigError, match="expected int"):
        load_config(None, ["stories.window_days=soon"])


def test_override_values_read_as_toml_or_string() -> None:
    assert parse_override("nlp.model=fr_core_news_sm") == {"nlp": {"model": "fr_core_news_sm"}}
    assert parse_override("read.max_bytes=5") == {"read": {"max_bytes": 5}}
    with pytest.raises(ConfigError):
        parse_override("no-dot=1")


def test_bad_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[dedup\n")
    with pytest.raises(ConfigError, match=r"bad\.toml"):
        load_config(path)
