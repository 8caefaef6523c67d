"""How cells and headers read for people (orggraph/display.py): Chinese by default, rounded to
the declared decimals, shares as percentages; --lang en keeps the program's keys and values."""
from __future__ import annotations

import csv
import io

from orggraph import display, output
from orggraph.analyses import coverage  # noqa: F401  (names its rules for display)
from orggraph.display import Coded


def test_headers_are_chinese_by_context_and_english_on_request():
    assert display.header("reach_share", "influence") == "带动覆盖率（占链上企业，%）"
    assert display.header("reason", "pairing") == "未纳入联建的原因"
    assert display.header("reason", "cadres") == "未匹配原因"
    assert display.header("need", "cadres") == "对应类型"
    assert display.header("reach_share", "influence", "en") == "reach_share"


def test_numbers_are_rounded_to_the_declared_decimals_and_shares_are_percentages():
    assert display.text("score", 55.75999999999999, "pairing") == "55.8"
    assert display.value("score", 55.75999999999999, "pairing") == 55.8
    assert display.text("reach_share", 0.954545, "influence") == "95.5"
    assert display.text("closeness", 0.785714, "influence") == "0.79"
    assert display.text("distance_km", 9.6712, "pairing") == "9.7"
    assert display.text("anything_else", 1 / 3) == "0.33"
    assert display.text("members", 23) == "23"           # whole numbers stay whole
    assert display.text("score", 55.75999999999999, "pairing", "en") == "55.75999999999999"


def test_codes_booleans_and_lists_read_in_chinese():
    assert display.text("weak", True) == "是" and display.text("weak", False) == "否"
    assert display.text("specialty", "party_affairs", "cadres") == "党群干部"
    assert display.text("needs", "weak;poor", "cadres") == "弱村、穷村"
    assert display.text("need", "industry", "cadres") == "产业村"
    assert display.text("role", "proposed", "pairing") == "拟联建（本方案）"
    assert display.text("status", "optimal", "pairing") == "最优方案"
    assert display.text("kind", "village_branch", "coverage") == "村党组织"
    assert display.text("tier", "midstream", "coverage") == "中游"
    assert display.text("section", "unmatched_cadre", "cadres") == "未安排干部"
    assert display.text("rule", "grid_without_branch", "coverage") == "网格（小区）未建党组织"
    assert display.text("label", "Region", "coverage", row={"kind": "grid"}) == "网格"
    assert display.text("label", "Person", "coverage") == "党员"
    assert display.text("regions", ["R-1", "R-2"]) == "R-1、R-2"
    # Free text and names are left as they are, even when they look like a code.
    assert display.text("name", "village") == "village"
    assert display.text("specialty", "party_affairs", "cadres", "en") == "party_affairs"
    assert display.text("regions", ["R-1", "R-2"], lang="en") == "R-1;R-2"
    assert display.text("weak", True, lang="en") == "true"


def test_a_coded_value_is_its_code_for_programs_and_its_words_for_people():
    item = Coded("E-1:join_alliance", "E-1（纳入党建联盟）")
    assert display.text("recommend", [item], "influence") == "E-1（纳入党建联盟）"
    assert display.text("recommend", [item], "influence", "en") == "E-1:join_alliance"
    assert output.to_json([item]) == '[\n  "E-1:join_alliance"\n]'


def test_csv_and_table_use_the_rules_and_json_keeps_everything():
    rows = [{"village": "R-1", "role": "proposed", "score": 55.75999999999999,
             "weak_because": None, "fallback_centre": False}]
    text = output.to_csv(rows, context="pairing")
    assert list(csv.reader(io.StringIO(text))) == [
        ["村编号", "联建状态", "联建匹配评分（0–100分）", "认定为弱村的原因", "是否备选中心村（四星级等）"],
        ["R-1", "拟联建（本方案）", "55.8", "", "否"]]
    english = output.to_csv(rows, context="pairing", lang="en")
    assert english.splitlines() == ["village,role,score,weak_because,fallback_centre",
                                    "R-1,proposed,55.75999999999999,,false"]
    table = output.to_table(rows, context="pairing")
    assert "拟联建（本方案）" in table and "55.8" in table and "55.76" not in table
    assert '"score": 55.75999999999999' in output.to_json(rows)
