"""Turning spreadsheet cells into typed property values, as DATA_MODEL.md spells them."""
from __future__ import annotations

import datetime as dt
import math
import re

from . import model, vocabulary

TRUE_WORDS = {"true", "1", "yes", "是", "y", "t"}
FALSE_WORDS = {"false", "0", "no", "否", "n", "f"}
LIST_SEPARATOR = ";"
# Control characters that XML 1.0, and so every .xlsx file, cannot hold (tab, line feed and
# carriage return can): refused at load, so every export of the graph can write them.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
_CONTROL = re.compile(CONTROL_CHARACTERS)


def control_character(cell: object) -> str | None:
    """The first control character of a text cell, as U+XXXX, or None."""
    if isinstance(cell, str) and (found := _CONTROL.search(cell)):
        return f"U+{ord(found.group()):04X}"
    return None


def is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def cell_text(cell: object) -> str:
    """A cell as the text it shows: stripped; an Excel whole number without its ".0"."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # an Excel number like 330100 must not read as "330100.0"
    return str(cell).strip()


def _int(cell: object) -> int:
    if isinstance(cell, bool):
        raise ValueError
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise ValueError
    return int(str(cell).strip())


def _float(cell: object) -> float:
    if isinstance(cell, bool):
        raise ValueError
    value = float(cell if isinstance(cell, (int, float)) else str(cell).strip())
    if not math.isfinite(value):
        raise ValueError
    return value


def _bool(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    word = cell_text(cell).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError


def _date(cell: object) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    return dt.date.fromisoformat(cell_text(cell))


def _list(cell: object) -> list[str]:
    return [part.strip() for part in cell_text(cell).split(LIST_SEPARATOR) if part.strip()]


_PARSERS = {model.STR: cell_text, model.INT: _int, model.FLOAT: _float, model.BOOL: _bool,
            model.DATE: _date, model.LIST: _list}
_TYPE_WORDS = {model.STR: "文字", model.INT: "整数", model.FLOAT: "数值",
               model.BOOL: "是/否（也可写 true/false、1/0、yes/no）",
               model.DATE: "日期（年-月-日，如 2025-06-30）", model.LIST: "以 ; 分隔的列表"}


def parse(prop: model.Prop, cell: object) -> object:
    """Return the typed value of a non-empty cell, or raise ValueError with a readable reason."""
    try:
        value = _PARSERS[prop.type](cell)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{_shown(cell)} 不是{_TYPE_WORDS[prop.type]}") from None
    if prop.enum and value not in prop.enum:
        value = vocabulary.enum_value(prop, value)  # the template's Chinese dropdown labels
    if prop.enum and value is None:
        raise ValueError(f"{_shown(cell)} 不是可选值；可选：{'、'.join(prop.enum)}")
    if prop.min is not None and value < prop.min:
        raise ValueError(f"{_shown(cell)} 小于下限 {prop.min:g}")
    if prop.max is not None and value > prop.max:
        raise ValueError(f"{_shown(cell)} 大于上限 {prop.max:g}")
    return value


def _shown(cell: object) -> str:
    text = str(cell)
    return repr(text if len(text) <= 40 else text[:40] + "…")
