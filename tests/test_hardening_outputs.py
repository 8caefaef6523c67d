"""What orggraph writes and runs for a user, hardened: file names from ids, control characters,
query without --write in the engine's read-only mode, exports that cannot be written."""
from __future__ import annotations

import json
import re

import openpyxl
import pytest
from click.testing import CliRunner

from orggraph import queries
from orggraph.cli import main
from orggraph.store import open_store
from support.files import copy_bundle, read_csv, snapshot, write_csv


def run(*args, ok=True):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result


def _renamed_chain(tiny_bundle, folder, new_id: str):
    bundle = copy_bundle(tiny_bundle, folder)
    for file in ("nodes/IndustryChain.csv", "rels/LEADS.csv", "rels/MEMBER_OF.csv"):
        rows = read_csv(bundle / file)
        write_csv(bundle / file, [[new_id if cell == "C-1" else cell for cell in row]
                                  for row in rows])
    return bundle


# -- 1. ids in file names -------------------------------------------------------------------

def test_a_chain_id_cannot_make_the_report_write_outside_its_folder(db, tiny_bundle, tmp_path):
    (tmp_path / "v").mkdir()
    victim = tmp_path / "v" / "victim"
    chain_id = "/.." * 12 + str(victim)
    run("--db", db, "load", str(_renamed_chain(tiny_bundle, tmp_path / "b", chain_id)))
    folder = tmp_path / "report"
    run("--db", db, "report", "-o", str(folder))
    assert not victim.with_suffix(".html").exists()
    assert list((tmp_path / "v").iterdir()) == []
    written = sorted(p.name for p in folder.iterdir())
    chain_pages = [name for name in written if name.startswith("chain-")]
    assert len(chain_pages) == 1 and re.fullmatch(r"chain-[\w-]+-[0-9a-f]{10}\.html",
                                                  chain_pages[0]), written
    links = re.findall(r'href="([^"]+)"', (folder / "index.html").read_text(encoding="utf-8"))
    assert chain_pages[0] in links


# -- 4. control characters ------------------------------------------------------------------

def test_a_control_character_is_refused_at_load_with_file_row_and_column(db, tiny_bundle,
                                                                         tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    with open_store(db) as store:
        before = snapshot(store)
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    rows = read_csv(bundle / "nodes" / "Enterprise.csv")
    rows[1][1] = "青山\x01茶业"
    # "\n" line ends, no quotes: the column by column path reads this file first
    (bundle / "nodes" / "Enterprise.csv").write_text(
        "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    result = run("--db", db, "load", str(bundle), ok=False)
    assert result.exit_code != 0
    assert ("nodes/Enterprise.csv，第2行，B列（name）：含控制字符 U+0001，电子表格无法保存，"
            "请删除") in result.output
    with open_store(db) as store:
        assert snapshot(store) == before


def test_xlsx_exports_survive_control_characters_already_in_the_graph(db, tiny_bundle,
                                                                      tmp_path):
    """A graph loaded before the check (or written by hand) may hold them: every xlsx export
    still writes its file, without the character."""
    run("--db", db, "load", str(tiny_bundle))
    with open_store(db) as store:
        store.query("MATCH (r:Region {id: 'R-V2'}) SET r.name = 'bad\x01name'", write=True)
        store.query("MATCH (c:IndustryChain {id: 'C-1'}) SET c.name = '茶\x02产业链'", write=True)
    for command in (["query", "graph/villages"], ["influence"], ["coverage"], ["cadres"],
                    ["pair"]):
        book = tmp_path / f"{command[0]}.xlsx"
        result = run("--db", db, *command, "--format", "xlsx", "-o", str(book))
        assert "Traceback" not in result.output
        cells = [str(c) for ws in openpyxl.load_workbook(book) for row in ws.iter_rows(
            values_only=True) for c in row if c is not None]
        assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", c) for c in cells), command
    cells = [c for ws in openpyxl.load_workbook(tmp_path / "query.xlsx")
             for row in ws.iter_rows(values_only=True) for c in row]
    assert "badname" in cells


# -- 6. query without --write: the engine refuses ------------------------------------------

SNEAKY = {"embedded": "COMMENT ON TABLE Region IS 'changed'",
          "neo4j": "MATCH (r:Region {id: 'R-V2'}) SET r.name = 'changed' RETURN r.id"}


def test_query_without_write_runs_read_only_in_the_engine(db, engine, tiny_bundle, tmp_path,
                                                          monkeypatch):
    """With the keyword check switched off, the write still fails: the engine refuses it
    (embedded: a read-only database; Neo4j: a READ access-mode transaction)."""
    run("--db", db, "load", str(tiny_bundle))
    with open_store(db) as store:
        before = snapshot(store)
    monkeypatch.setattr(queries, "writes", lambda cypher: False)
    for statement in (SNEAKY[engine], "MATCH (r:Region {id: 'R-V2'}) SET r.name = 'changed'"):
        file = tmp_path / "sneaky.cypher"
        file.write_text(statement, encoding="utf-8")
        result = run("--db", db, "query", str(file), ok=False)
        assert result.exit_code != 0
        assert "该查询会修改图数据，须加 --write 才能执行（orggraph query --write）" \
            in result.output
    with open_store(db) as store:
        assert snapshot(store) == before
        if engine == "embedded":
            assert all(t["comment"] != "changed"
                       for t in store.query("CALL show_tables() RETURN name, comment"))
    run("--db", db, "query", str(file), "--write")  # with --write it runs
    with open_store(db) as store:
        assert store.query("MATCH (r:Region {id: 'R-V2'}) RETURN r.name AS n")[0]["n"] == "changed"


def test_query_keeps_the_early_message_for_writes(db, tiny_bundle, tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    file = tmp_path / "wipe.cypher"
    file.write_text("MATCH (n) DETACH DELETE n", encoding="utf-8")
    result = run("--db", db, "query", str(file), ok=False)
    assert "会修改图数据，须加 --write 才能执行" in result.output


# -- 8. exports that cannot be written, sheet titles ----------------------------------------

@pytest.mark.parametrize("fmt", ["table", "json", "csv", "xlsx"])
def test_an_output_that_cannot_be_written_is_a_message(db, tiny_bundle, tmp_path, fmt):
    run("--db", db, "load", str(tiny_bundle))
    for target in ("/dev/full", str(tmp_path / "missing" / "out.x")):
        result = run("--db", db, "query", "graph/villages", "--format", fmt, "-o", target,
                     ok=False)
        assert result.exit_code == 1, result.output
        assert f"无法写入 {target}：" in result.output and "Traceback" not in result.output


def test_a_query_name_that_is_no_sheet_title_is_exported(db, tiny_bundle, tmp_path):
    run("--db", db, "load", str(tiny_bundle))
    file = tmp_path / "odd.cypher"
    file.write_text("// name: a:b[c]/d?e*f\\g and a name longer than thirty-one characters\n"
                    "MATCH (r:Region) RETURN r.id AS id", encoding="utf-8")
    book = tmp_path / "odd.xlsx"
    # The sheet is named by the query with --lang en (查询结果 in Chinese).
    run("--db", db, "query", str(file), "--format", "xlsx", "-o", str(book), "--lang", "en")
    titles = openpyxl.load_workbook(book).sheetnames
    assert len(titles) == 1 and len(titles[0]) <= 31
    assert not set(titles[0]) & set(":[]/?*\\")
    assert json.loads(run("--db", db, "query", str(file), "--format", "json").output)
