"""How a result's cells read for people: the one place that says it, per column.

Tables, CSV and workbooks are for people and Chinese by default (`lang="zh"`): the header by
`vocabulary.column_zh(column, context)`, codes (enum values, analysis outputs) by their Chinese
name, booleans 是/否, lists joined with "、", numbers rounded to the decimals declared here
(shares shown as percentages, as their headers say, TERMS.md §0). `lang="en"` gives the keys and
values as the program has them (today's English output). JSON never passes through here.

`context` names the analysis a table belongs to (coverage, influence, pairing, cadres, stats,
query, …): one key can mean another thing in another analysis (`need` is a 0–1 part of the
pairing score, a village's need in cadres).
"""
from __future__ import annotations

import datetime as dt
import json
import re

from . import vocabulary

LANGS = ("zh", "en")


class Coded(str):
    """A code that carries the words people read for it: `str` is the code (JSON, --lang en),
    `.zh` the Chinese (tables and workbooks)."""

    zh: str

    def __new__(cls, code: str, zh: str):
        made = super().__new__(cls, code)
        made.zh = zh
        return made

DEFAULT_LANG = "zh"

# Shares (0–1) whose header says %: shown ×100 (TERMS.md §0).
PERCENT = frozenset({
    "reach_share", "share", "party_share", "party", "alliance_share", "alliance",
    "party_share_all", "alliance_share_all", "alliance_all", "mip_gap", "alliance_rate",
})
# Decimals shown, per column; any other float gets DEFAULT_DECIMALS. Scores, distances,
# money (万元) and percentages 1 decimal; 0–1 indices 2.
DECIMALS = {
    **dict.fromkeys(PERCENT, 1),
    **dict.fromkeys(("score", "influence", "index", "index_change", "total_score", "fit", "total_fit",
                     "distance_km", "km", "mean_km", "max_km", "distance", "collective_income",
                     "seconds", "score_leadership", "score_industry", "score_location",
                     "score_transport", "score_service", "lat", "lon"), 1),
    **dict.fromkeys(("closeness", "close", "ppr_mass", "ppr", "betweenness", "between",
                     "proximity", "strength", "need", "industry_fit"), 2),
}
DEFAULT_DECIMALS = 2
# Coordinates need more than one decimal to mean anything (0.1° is 11 km).
DECIMALS.update(lat=4, lon=4)
# Columns whose values are codes named in vocabulary.ENUM_ZH (model enums).
ENUM_COLUMNS = frozenset({"kind", "tier", "specialty", "mode", "role", "status"})
LIST_JOIN = "、"
_PARENTHESIS = re.compile(r"（[^）]*）")


def header(column: str, context: str | None = None, lang: str = DEFAULT_LANG) -> str:
    """The header a person reads for `column`."""
    return column if lang == "en" else vocabulary.column_zh(column, context)


def decimals(column: str) -> int:
    """How many decimals a float in `column` shows."""
    return DECIMALS.get(column, DEFAULT_DECIMALS)


def value(column: str, cell: object, context: str | None = None, lang: str = DEFAULT_LANG,
          row: dict | None = None) -> object:
    """A cell as a workbook holds it: numbers stay numbers (rounded), the rest becomes text."""
    if lang == "en":
        return program_value(cell)
    if cell is None:
        return None
    if isinstance(cell, bool):
        return vocabulary.BOOL_ZH[cell]
    if isinstance(cell, float):
        shown = cell * 100 if column in PERCENT else cell
        return round(shown, decimals(column))
    if isinstance(cell, int):
        return cell
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.isoformat()
    if isinstance(cell, (list, tuple, set)):
        return LIST_JOIN.join(str(text(column, item, context, lang, row)) for item in cell)
    if isinstance(cell, dict):
        return json.dumps(cell, ensure_ascii=False, default=str)
    if isinstance(cell, Coded):
        return cell.zh
    if isinstance(cell, str):
        return _code_zh(column, cell, context, row)
    return cell


def text(column: str, cell: object, context: str | None = None, lang: str = DEFAULT_LANG,
         row: dict | None = None) -> str:
    """A cell as a table or CSV shows it ("" for none)."""
    shown = value(column, cell, context, lang, row)
    if shown is None:
        return ""
    if lang != "en" and isinstance(shown, float):
        return f"{shown:.{decimals(column)}f}"
    return str(shown)


def items(row: dict, context: str | None = None) -> list[dict]:
    """One row of many fields as a two-column sheet for people: each field's header and its
    value as text (a summary reads down a page, not across)."""
    return [{"item": header(column, context), "value": text(column, value, context, row=row)}
            for column, value in row.items()]


def number_format(column: str) -> str | None:
    """The Excel number format of a float column (people see its declared decimals)."""
    places = decimals(column)
    return "0" if places == 0 else "0." + "0" * places


def program_value(cell: object) -> object:
    """A cell as the program has it (--lang en): the bundle's spelling of booleans, lists
    joined with ';', dates as ISO text."""
    if isinstance(cell, bool):
        return "true" if cell else "false"  # as the bundle format spells them
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.isoformat()
    if isinstance(cell, (list, tuple)):
        return ";".join(str(program_value(v)) for v in cell)
    if isinstance(cell, dict):
        return json.dumps(cell, ensure_ascii=False, default=str)
    return cell


def _code_zh(column: str, cell: str, context: str | None, row: dict | None) -> str:
    """The Chinese name of a code in `column`, or the cell as it is (names, ids, free text)."""
    names = _NAMED.get((context, column)) or vocabulary.value_zh_map(column, context)
    if names is None and column not in ENUM_COLUMNS:
        return cell
    if column == "label" and cell == "Region" and row and row.get("kind"):
        return _PARENTHESIS.sub("", vocabulary.ENUM_ZH.get(row["kind"], "区域"))
    parts = cell.split(";") if ";" in cell else [cell]
    shown = [(names or {}).get(part) or vocabulary.ENUM_ZH.get(part, part) for part in parts]
    return LIST_JOIN.join(shown)



# Codes named by the module that declares them (coverage's rule titles): name_codes(...).
_NAMED: dict[tuple[str | None, str], dict[str, str]] = {}


def name_codes(context: str, column: str, names: dict[str, str]) -> None:
    """Declare the Chinese names of the codes in `column` of `context`'s tables, where the
    codes are declared outside the vocabulary (a coverage rule id → its title)."""
    _NAMED[(context, column)] = dict(names)
