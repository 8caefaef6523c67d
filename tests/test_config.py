from dataclasses import dataclass

import pytest

from orggraph import config


@dataclass(frozen=True)
class Limits:
    min_members: int = 3
    max_km: float = 15.0


def test_defaults_then_file_then_options(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config.settings(Limits, {}, "x") == Limits()
    (tmp_path / "orggraph.toml").write_text("[x]\nmin_members = 4\nmax_km = 10\n", encoding="utf-8")
    loaded, source = config.load()
    assert source == "orggraph.toml"
    assert config.settings(Limits, loaded, "x", source) == Limits(4, 10.0)
    assert config.settings(Limits, loaded, "x", source, max_km=2.5, min_members=None) == Limits(4, 2.5)


def test_unknown_keys_and_missing_named_files_are_errors(tmp_path):
    with pytest.raises(config.ConfigError, match="不认识的设置项.*colour"):
        config.settings(Limits, {"x": {"colour": 1}}, "x", "my.toml")
    with pytest.raises(config.ConfigError, match="找不到设置文件"):
        config.load(tmp_path / "nope.toml")
