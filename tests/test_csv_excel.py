"""CSV that Excel on a Chinese Windows PC opens correctly: files written with -o (and generated
bundles) start with a UTF-8 byte-order mark and end lines in CRLF; the terminal gets none unless
--bom; fields that need quoting read back unchanged; formula-like cells stay inert."""
from __future__ import annotations

import csv
import io
import json

import pytest
from support.cli import run


BOM = "\ufeff".encode("utf-8")

# Every command that writes CSV, as a user would ask for it.
CSV_COMMANDS = [
    ["coverage"],
    ["coverage", "--summary"],
    ["influence"],
    ["pair"],
    ["cadres", "--year", "2025"],
    ["query", "graph/villages"],
    ["stats"],
]


@pytest.fixture
def loaded(db, tiny_bundle):
    run("--db", db, "load", str(tiny_bundle))
    return db


@pytest.mark.parametrize("command", [c for c in CSV_COMMANDS if c[0] != "stats"],
                         ids=lambda c: " ".join(c))
def test_csv_files_have_a_bom_and_crlf_and_say_what_the_terminal_says(command, loaded, tmp_path):
    out = tmp_path / "out.csv"
    run("--db", loaded, *command, "--format", "csv", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(BOM) and not data.startswith(BOM + BOM)
    body = data[len(BOM):].decode("utf-8")
    assert body.count("\r\n") == body.count("\n") > 0, "every line ends in CRLF"
    printed = run("--db", loaded, *command, "--format", "csv").output
    assert not printed.encode("utf-8").startswith(BOM), "the terminal gets no BOM"
    assert list(csv.reader(io.StringIO(body))) == list(csv.reader(io.StringIO(printed)))
    with_bom = run("--db", loaded, *command, "--format", "csv", "--bom").output
    assert with_bom.encode("utf-8").startswith(BOM) and with_bom[1:] == printed


def test_cells_that_need_quoting_and_formulas_read_back_as_written(loaded, tmp_path):
    question = tmp_path / "cells.cypher"
    question.write_text(
        "RETURN 'a,b' AS comma, 'say \"hi\"' AS quote, 'line 1\nline 2' AS newline, "
        "'0101' AS code, '=HYPERLINK(\"http://x\")' AS formula, '张三' AS text",
        encoding="utf-8")
    out = tmp_path / "cells.csv"
    run("--db", loaded, "query", str(question), "--format", "csv", "-o", str(out))
    with open(out, encoding="utf-8-sig", newline="") as f:
        header, row = list(csv.reader(f))
    assert header == ["comma", "quote", "newline", "code", "formula", "text"]
    assert row == ["a,b", 'say "hi"', "line 1\nline 2", "0101", "'=HYPERLINK(\"http://x\")", "张三"]


def test_other_formats_have_no_bom(loaded, tmp_path):
    for fmt, name in (("json", "x.json"), ("table", "x.txt")):
        out = tmp_path / name
        run("--db", loaded, "query", "graph/villages", "--format", fmt, "-o", str(out))
        assert not out.read_bytes().startswith(BOM)
    json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))


def test_a_generated_bundle_has_bom_files_and_loads_back(db, tmp_path):
    """The round trip: what `generate` writes, `load` reads, on both stores."""
    folder = tmp_path / "town"
    printed = run("generate", "--scale", "town", "-o", str(folder)).output
    files = sorted(folder.glob("*/*.csv"))
    assert files and all(f.read_bytes().startswith(BOM) for f in [*files, *folder.glob("*.csv")])
    run("--db", db, "load", str(folder))
    counts = json.loads(run("--db", db, "stats", "--format", "json").output)
    rows = {f.stem: len(f.read_text(encoding="utf-8-sig").splitlines()) - 1 for f in files}
    nodes = sum(counts["nodes"].get(name, 0) for name in rows)
    rels = sum(counts["relationships"].get(name, 0) for name in rows)
    assert nodes + rels == sum(rows.values())
    assert f"节点{nodes:,}个、关系{rels:,}条" in printed
    again = run("--db", db, "load", str(folder))
    assert json.loads(run("--db", db, "stats", "--format", "json").output) == counts, again.output
