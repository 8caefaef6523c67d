"""The command line as a user runs it: load, stats, query, demo."""
from __future__ import annotations

import json


from support.cli import run
from support.files import copy_bundle, read_csv, write_csv


def test_load_then_stats_as_json(db, tiny_bundle):
    run("--db", db, "load", str(tiny_bundle))
    counts = json.loads(run("--db", db, "stats", "--format", "json").output)
    assert counts["nodes"]["Region"] == 5 and counts["relationships"]["PART_OF"] == 4
    assert set(counts) == {"nodes", "relationships"}


def test_a_bad_bundle_exits_non_zero_and_changes_nothing(db, tiny_bundle, tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    before = run("--db", db, "stats", "--format", "json").output
    bad = copy_bundle(tiny_bundle, tmp_path / "bad")
    rows = read_csv(bad / "nodes" / "Enterprise.csv")
    rows[1][5] = "3.5"
    write_csv(bad / "nodes" / "Enterprise.csv", rows)
    result = run("--db", db, "load", str(bad), ok=False)
    assert result.exit_code != 0
    assert "nodes/Enterprise.csv，第2行，F列（party_members）：'3.5' 不是整数" in result.output
    assert "未写入任何内容" in result.output
    assert run("--db", db, "stats", "--format", "json").output == before


def test_query_by_name_with_a_parameter(db, tiny_bundle):
    run("--db", db, "load", str(tiny_bundle))
    out = run("--db", db, "query", "graph/villages", "-p", "within=R-V2", "--format", "json").output
    assert [row["id"] for row in json.loads(out)] == ["R-V2"]
    csv_out = run("--db", db, "query", "graph/villages", "--format", "csv").output
    assert csv_out.splitlines()[0] == "编号,名称,所属乡镇（街道）,村党组织,星级,是否软弱涣散,纬度,经度"
    assert len(csv_out.splitlines()) == 3
    assert "R-V2,西坡村,青山镇,O-V2,2,是,30.2200,120.2200" in csv_out.splitlines()
    en = run("--db", db, "query", "graph/villages", "--format", "csv", "--lang", "en").output
    assert en.splitlines()[0] == "id,name,town,branch,stars,weak,lat,lon"
    assert "R-V2,西坡村,青山镇,O-V2,2,true,30.22,120.22" in en.splitlines()


def test_query_refuses_writes_without_the_flag(db, tiny_bundle, tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    file = tmp_path / "wipe.cypher"
    file.write_text("MATCH (n) DETACH DELETE n", encoding="utf-8")
    result = run("--db", db, "query", str(file), ok=False)
    assert result.exit_code != 0 and "--write" in result.output
    assert json.loads(run("--db", db, "stats", "--format", "json").output)["nodes"]["Region"] == 5
    run("--db", db, "query", str(file), "--write")
    assert json.loads(run("--db", db, "stats", "--format", "json").output)["nodes"]["Region"] == 0


def test_query_errors_are_messages_not_tracebacks(db):
    result = run("--db", db, "query", "no/such", ok=False)
    assert result.exit_code != 0 and "没有名为 no/such 的查询" in result.output
    result = run("--db", db, "query", "graph/villages", "-p", "nope=1", ok=False)
    assert "没有参数 nope" in result.output


def test_query_masks_person_names_unless_asked(db, tiny_bundle, tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    file = tmp_path / "people.cypher"
    file.write_text("MATCH (p:Person) RETURN p.id AS id, p.name AS who ORDER BY id", encoding="utf-8")
    masked = json.loads(run("--db", db, "query", str(file), "--format", "json").output)
    assert [row["who"] for row in masked] == ["张**", "李**"]
    shown = json.loads(run("--db", db, "query", str(file), "--format", "json", "--show-names").output)
    assert [row["who"] for row in shown] == ["张建国", "李秀英"]
    csv_text = run("--db", db, "query", str(file), "--format", "csv").output
    assert "张建国" not in csv_text and "李秀英" not in csv_text
