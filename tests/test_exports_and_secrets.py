"""Exports never carry a live spreadsheet formula; credentials never reach the terminal."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from orggraph.cli import main
from orggraph.output import neutralise
from support.files import copy_bundle, read_csv, write_csv

ROOT = Path(__file__).resolve().parent.parent
# Cells a spreadsheet would run: the bundle refuses a leading '=', but these are legal names.
FORMULAS = ["+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("cell", FORMULAS + ["=1+1"])
def test_neutralise_makes_formula_cells_text(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("青山茶业") == "青山茶业" and neutralise(3) == 3


def _bundle_with_formula_names(tiny_bundle, tmp_path):
    bundle = copy_bundle(tiny_bundle, tmp_path / "b")
    rows = read_csv(bundle / "nodes" / "Enterprise.csv")
    for number, name in enumerate(FORMULAS[:3]):
        # 3 party members and no branch: each is a coverage finding named by its formula
        rows.append([f"E-f{number}", name, "private", "茶叶", "10", "3"])
    write_csv(bundle / "nodes" / "Enterprise.csv", rows)
    return bundle


def test_csv_and_xlsx_exports_neutralise_formulas(db, tiny_bundle, tmp_path):
    runner = CliRunner()
    bundle = _bundle_with_formula_names(tiny_bundle, tmp_path)
    assert runner.invoke(main, ["--db", db, "load", str(bundle)]).exit_code == 0
    rule = ["coverage", "--rule", "enterprise_without_branch"]
    text = runner.invoke(main, ["--db", db, *rule, "--format", "csv"]).output
    names = {row["name"] for row in csv.DictReader(io.StringIO(text))}
    assert {"'" + f for f in FORMULAS[:3]} <= names
    assert not any(n.startswith(("+", "-", "@")) for n in names)
    book = tmp_path / "gaps.xlsx"
    result = runner.invoke(main, ["--db", db, *rule, "--format", "xlsx", "-o", str(book)])
    assert result.exit_code == 0, result.output
    cells = {c.value for sheet in openpyxl.load_workbook(book) for row in sheet.iter_rows()
             for c in row if isinstance(c.value, str)}
    assert {"'" + f for f in FORMULAS[:3]} <= cells
    assert not any(c.startswith(("+", "-", "@", "=")) for c in cells)


def test_verbose_output_and_errors_never_show_the_password(neo4j_uri, tiny_bundle):
    secret = "hunter2-Very-Secret"
    env = {**os.environ, "NEO4J_USERNAME": "neo4j", "NEO4J_PASSWORD": secret}
    host = neo4j_uri.split("://", 1)[1]
    runs = [
        ["--db", neo4j_uri, "--verbose", "load", str(tiny_bundle)],
        ["--db", neo4j_uri, "--verbose", "stats"],
        ["--db", f"bolt://neo4j:{secret}@{host}", "--verbose", "stats"],
        ["--db", f"bolt://neo4j:{secret}@127.0.0.1:1", "--verbose", "stats"],  # unreachable
        ["--db", neo4j_uri, "--verbose", "query", "no/such/query"],
    ]
    for args in runs:
        done = subprocess.run([sys.executable, "-m", "orggraph", *args], capture_output=True,
                              text=True, timeout=300, cwd=ROOT, env=env)
        assert secret not in done.stdout + done.stderr, args
        assert "Traceback" not in done.stderr, (args, done.stderr)
