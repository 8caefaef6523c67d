"""Thresholds and weights: defaults in code, overridden by a TOML file, overridden by options.

The file is `orggraph.toml` in the working folder, or the one named by `--config` /
`ORGGRAPH_CONFIG`. Each analysis reads its own table, e.g.

    [coverage]
    min_members_for_branch = 3

    [pairing]
    max_km = 15.0
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Any, TypeVar

from .errors import OrggraphError

DEFAULT_FILE = "orggraph.toml"
T = TypeVar("T")


class ConfigError(OrggraphError):
    """A config file that cannot be used; the message names the file and the key."""


def load(path: str | Path | None = None) -> tuple[dict[str, Any], str | None]:
    """The parsed file and its name; an explicitly named file must exist."""
    named = path or os.environ.get("ORGGRAPH_CONFIG")
    file = Path(named) if named else Path(DEFAULT_FILE)
    if not file.is_file():
        if named:
            raise ConfigError(f"找不到设置文件：{file}")
        return {}, None
    try:
        return tomllib.loads(file.read_text(encoding="utf-8")), str(file)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}：不是有效的 TOML 文件：{exc}") from None


def settings(kind: type[T], config: dict[str, Any], section: str, source: str | None = None,
             **options: Any) -> T:
    """An instance of the dataclass `kind`: its defaults, then `config[section]`, then the
    options that are not None (what the user typed on the command line)."""
    fields = {f.name: f for f in dataclasses.fields(kind)}
    table = config.get(section, {})
    unknown = sorted(set(table) - set(fields))
    if unknown:
        raise ConfigError(f"{source or '设置'}：[{section}] 中有不认识的设置项 {'、'.join(unknown)}；"
                          f"可用设置项：{'、'.join(fields)}")
    values = dict(table)
    values.update({k: v for k, v in options.items() if v is not None})
    for name, value in values.items():
        expected = fields[name].type
        if expected in ("float", float) and isinstance(value, int) and not isinstance(value, bool):
            values[name] = float(value)
    try:
        return kind(**values)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{source or '设置'}：[{section}]：{exc}") from None
