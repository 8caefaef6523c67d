"""A newcomer's path (issue 15): each trap a first-time user fell into, reproduced and closed."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph.cli import main
from orggraph.demo import fresh_embedded, next_steps
from orggraph.output import EMPTY

READING = [["stats"], ["coverage", "--summary"], ["influence"], ["pair"], ["cadres"],
           ["query", "graph/villages"], ["render", "hierarchy"], ["report", "-o", "rep"]]


def run(*args, ok=True):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def loaded(db, tiny_bundle):
    run("--db", db, "load", str(tiny_bundle))
    return db


# 1. Reading commands never create a database.

@pytest.mark.parametrize("command", READING, ids=lambda c: c[0])
def test_a_reading_command_on_a_missing_database_says_what_to_do(command, tmp_path,
                                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "orggraph-dmeo.lbug"
    result = run("--db", str(typo), *command, ok=False)
    assert result.exit_code != 0
    assert f"{typo} 没有数据库" in result.output and "orggraph demo" in result.output
    assert "orggraph load" in result.output
    assert list(tmp_path.iterdir()) == [], "nothing is left behind"


def test_load_creates_the_database(tmp_path, tiny_bundle):
    db = tmp_path / "new.lbug"
    run("--db", str(db), "load", str(tiny_bundle))
    assert db.exists()


# 2. The demo says how to point later commands at its database; it replaces only a database.

def test_the_demo_says_how_to_use_its_database():
    said = next_steps("orggraph-demo.lbug")
    assert "export ORGGRAPH_DB=orggraph-demo.lbug" in said
    assert "orggraph --db orggraph-demo.lbug coverage --summary" in said


def test_the_demo_refuses_to_replace_what_is_not_a_database(tmp_path):
    document = tmp_path / "notes.txt"
    document.write_text("mine", encoding="utf-8")
    for target in (document, tmp_path):
        result = run("demo", "--db", str(target), ok=False)
        assert result.exit_code != 0 and "不是 orggraph 数据库" in result.output
    assert document.read_text(encoding="utf-8") == "mine"
    with fresh_embedded(tmp_path / "demo.lbug"):
        pass
    with fresh_embedded(tmp_path / "demo.lbug"):   # an earlier demo database is replaced
        pass


# 3. Empty results say so; unknown ids are errors.

def test_an_empty_result_prints_its_header_and_says_0_rows(loaded):
    args = ["--db", loaded, "query", "graph/villages", "-p", "within=R-G1"]
    table = run(*args).output
    assert "编号" in table and "所属乡镇（街道）" in table and EMPTY in table
    assert run(*args, "--format", "csv").output == (
        "编号,名称,所属乡镇（街道）,村党组织,星级,是否软弱涣散,纬度,经度\n")
    assert run(*args, "--format", "csv", "--lang", "en").output == (
        "id,name,town,branch,stars,weak,lat,lon\n")
    assert json.loads(run(*args, "--format", "json").output) == []


def test_an_unknown_id_in_a_query_parameter_is_an_error(loaded):
    result = run("--db", loaded, "query", "graph/villages", "-p", "within=R-T01", ok=False)
    assert result.exit_code != 0 and "没有编号为 R-T01 的区域" in result.output
    result = run("--db", loaded, "query", "influence/chains", "-p", "chains=C-1;NOPE", ok=False)
    assert result.exit_code != 0 and "没有编号为 NOPE 的产业链" in result.output


@pytest.mark.parametrize("command", [["coverage", "--within"], ["pair", "--within"],
                                     ["cadres", "--within"], ["influence", "--chain"],
                                     ["render", "chain", "--chain"],
                                     ["render", "neighbourhood", "--focus"],
                                     ["render", "hierarchy", "--within"],
                                     ["report", "-o", "rep", "--within"]],
                         ids=lambda c: " ".join(c))
def test_an_unknown_id_is_an_error_on_every_command(command, loaded, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("--db", loaded, *command, "R-T01", ok=False)
    assert result.exit_code != 0 and "R-T01" in result.output
    assert result.output.count("\n") <= 2, result.output


# 4. The query library: people's queries by default, with groups; suggestions for typos.

def test_query_lists_the_queries_for_people_and_the_rest_with_all():
    listed = run("query").output
    assert "graph/villages" in listed and "coverage/grid_without_branch" in listed
    for internal in ("maps/regions_within", "places/regions", "pairing/propose",
                     "pairing/withdraw"):
        assert internal not in listed
    assert "coverage：" in listed and "orggraph query --all" in listed
    assert "未建立党组织的网格（小区）" in listed   # what a query returns, in Chinese
    assert "coverage: " in run("query", "--lang", "en").output
    everything = run("query", "--all").output
    assert "maps/regions_within" in everything and "pairing/withdraw" in everything


def test_a_misspelt_query_name_gets_a_suggestion():
    result = run("query", "graph/vilages", ok=False)
    assert result.exit_code != 0 and "是否要用 graph/villages、" in result.output
    assert result.output.count("/") < 10, "not the whole library"


def test_refusing_a_write_names_the_file(loaded, tmp_path):
    file = tmp_path / "w.cypher"
    file.write_text("MATCH (n) DETACH DELETE n", encoding="utf-8")
    result = run("--db", loaded, "query", str(file), ok=False)
    assert f"错误：{file} 会修改图数据，须加 --write" in result.output


# 5. A workbook needs a file: an error, not a traceback.

@pytest.mark.parametrize("command", [["query", "graph/villages"], ["coverage"],
                                     ["coverage", "--summary"], ["influence"], ["pair"],
                                     ["cadres"]], ids=lambda c: " ".join(c))
def test_xlsx_without_a_file_is_an_error(command, loaded):
    result = run("--db", loaded, *command, "--format", "xlsx", ok=False)
    assert result.exit_code == 1
    assert result.output.strip() == ("错误：--format xlsx 生成 Excel 工作簿，须用 -o 指定文件名"
                                     "（如 -o 结果.xlsx）")


def test_an_output_that_cannot_be_written_names_the_file(loaded, tmp_path):
    target = tmp_path / "no" / "such" / "folder" / "x.csv"
    result = run("--db", loaded, "query", "graph/villages", "--format", "csv", "-o", str(target),
                 ok=False)
    assert result.exit_code == 1 and f"无法写入 {target}" in result.output


# 6. A small bundle for a quick try.

def test_generate_a_town(tmp_path):
    out = tmp_path / "town"
    said = run("generate", "--scale", "town", "-o", str(out)).output
    regions = (out / "nodes" / "Region.csv").read_text(encoding="utf-8-sig").splitlines()
    kinds = [line.split(",")[2] for line in regions[1:]]
    assert kinds.count("town") == 1 and kinds.count("street") == 0 and kinds.count("village") > 10
    assert said.startswith(f"已生成一个乡镇规模的模拟台账包（随机种子 7），写入 {out}")
    db = str(tmp_path / "town.lbug")
    run("--db", db, "load", str(out))
    summary = run("--db", db, "coverage", "--format", "json").output
    assert len(json.loads(summary)) > 0, "the planted gaps are there to find"


def test_a_database_in_a_folder_that_does_not_exist(tmp_path):
    result = run("--db", str(tmp_path / "no" / "x.lbug"), "stats", ok=False)
    assert result.exit_code != 0 and not (tmp_path / "no").exists()


def test_the_version_and_help_need_no_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert "版本" in run("--version").output
    assert "命令：" in run("--help").output
    assert list(Path(tmp_path).iterdir()) == []
