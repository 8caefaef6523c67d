"""Every table and workbook a person reads is Chinese, with numbers rounded as declared.

Each command's terminal table and its workbook are rendered on a bundle and scanned: no English
word may appear except what the allow-list below names, and no number may show more decimals than
its column declares (orggraph/display.py). Allowed:
- tokens with a digit in them: ids and codes (R-01T01V01, E-1, 2025-06-30); paths and the
  library's query names (with a "/");
- words that occur in the bundle's own cells (ids such as O-C, names of places and units);
- what a person types: `orggraph <command>` hints, `--options`, the library's query names and
  parameter names (as `orggraph query` lists them);
- the proper names in ALLOWED.
The tiny bundle runs on both stores; the demo county (every rule finds something there) on the
embedded store.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from orggraph import display, queries, vocabulary
from orggraph.cli import main
from orggraph.resources import demo_bundle
from support.broken_bundles import CORPUS
from support.files import copy_bundle

ALLOWED = {"PageRank", "Excel", "WPS", "CSV", "JSON", "XLSX", "HTML", "PDF", "UTC"}
# What a person types, cut out before the scan: a command hint and its options.
TYPED = re.compile(r"orggraph(?: [a-z][\w-]*)?|--?[a-z][\w-]*|\bxlsx\b|\bcsv\b|\bjson\b")
TOKEN = re.compile(r"[A-Za-z0-9_\-./:]+")
DECIMAL = re.compile(r"(?<![\w.])\d+\.(\d+)(?![\w.])")
# Most decimals any table may show on the terminal (coordinates have 4: see display.DECIMALS).
MOST_DECIMALS = 2

# (name, arguments, most decimals on the terminal, marks)
COMMANDS = [
    ("stats", ["stats"], MOST_DECIMALS, ()),
    ("query listing", ["query"], MOST_DECIMALS, ()),
    ("query villages", ["query", "graph/villages"], display.DECIMALS["lat"], ()),
    ("query chains", ["query", "graph/chains"], MOST_DECIMALS, ()),
    ("query org tree", ["query", "graph/org_tree"], MOST_DECIMALS, ()),
    ("coverage", ["coverage"], MOST_DECIMALS, ()),
    ("coverage summary", ["coverage", "--summary"], MOST_DECIMALS, ()),
    ("influence", ["influence"], MOST_DECIMALS, ()),
    ("pair", ["pair"], MOST_DECIMALS, ()),
    ("cadres", ["cadres"], MOST_DECIMALS, ()),
    ("rates", ["rates"], MOST_DECIMALS, ()),
    ("history", ["history"], MOST_DECIMALS, ()),
]
WORKBOOKS = [(name, args, marks) for name, args, _, marks in COMMANDS
             if name not in ("stats", "query listing", "history")]


def _typed_words() -> set[str]:
    library = queries.library().values()
    words = {q.name for q in library} | {p.name for q in library for p in q.params}
    return words | {q.group for q in library}


def _bundle_words(bundle: Path) -> set[str]:
    words: set[str] = set()
    for file in (bundle / "nodes").glob("*.csv"):
        with open(file, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    words.update(TOKEN.findall(cell))
    return words


def english_words(text: str, allowed: set[str]) -> set[str]:
    """The words of `text` that are English and not allowed."""
    text = TYPED.sub(" ", text)
    found = set()
    for token in TOKEN.findall(text):
        token = token.strip("-./:_")
        if not re.search("[A-Za-z]", token) or re.search(r"\d", token) or "/" in token:
            continue   # no letters, or an id, a code, a path or a query's name
        if token in allowed or token in ALLOWED:
            continue
        found.add(token)
    return found


def too_precise(text: str, most: int) -> set[str]:
    """Numbers in `text` with more than `most` decimals."""
    return {m.group(0) for m in DECIMAL.finditer(text) if len(m.group(1)) > most}


def _decimals_by_header() -> dict[str, int]:
    """The declared decimals of a column, by the Chinese header a workbook shows for it."""
    contexts = [None, *vocabulary.COLUMN_ZH_BY_CONTEXT]
    found: dict[str, int] = {}
    for column in set(vocabulary.COLUMN_ZH) | set(display.DECIMALS) | {
            c for names in vocabulary.COLUMN_ZH_BY_CONTEXT.values() for c in names}:
        for context in contexts:
            header = display.header(column, context)
            found[header] = max(found.get(header, 0), display.decimals(column))
    return found


def run(db: str, args: list[str]) -> str:
    result = CliRunner().invoke(main, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def check_table(db: str, args: list[str], most: int, allowed: set[str]) -> None:
    text = run(db, args)
    assert text.strip()
    assert not english_words(text, allowed), (args, sorted(english_words(text, allowed)))
    assert not too_precise(text, most), (args, sorted(too_precise(text, most)))


def check_workbook(db: str, args: list[str], allowed: set[str], path: Path) -> None:
    run(db, [*args, "--format", "xlsx", "-o", str(path)])
    decimals = _decimals_by_header()
    book = openpyxl.load_workbook(path)
    english, precise = set(), set()
    for sheet in book.worksheets:
        english |= english_words(sheet.title, allowed)
        header = sheet[sheet.freeze_panes].row - 1 if sheet.freeze_panes else 1
        titles = [c.value for c in sheet[header]]
        for row in sheet.iter_rows(values_only=True):
            for title, value in zip(titles, row):
                if isinstance(value, str):
                    english |= english_words(value, allowed)
                    precise |= too_precise(value, MOST_DECIMALS)
                elif isinstance(value, float):
                    most = decimals.get(title, display.DEFAULT_DECIMALS)
                    if round(value, most) != value:
                        precise.add(f"{title}: {value}")
    assert not english, (args, sorted(english))
    assert not precise, (args, sorted(precise))


@pytest.fixture
def tiny_db(db, tiny_bundle):
    CliRunner().invoke(main, ["--db", db, "load", str(tiny_bundle)])
    return db, _bundle_words(tiny_bundle) | _typed_words()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    bundle = demo_bundle()
    if not (bundle / "nodes").is_dir():
        pytest.skip("seeds/demo has not been generated")
    db = str(tmp_path_factory.mktemp("demo") / "demo.lbug")
    result = CliRunner().invoke(main, ["--db", db, "load", str(bundle)])
    assert result.exit_code == 0, result.output
    return db, _bundle_words(bundle) | _typed_words()


def _cases(with_decimals: bool):
    rows = COMMANDS if with_decimals else WORKBOOKS
    return [pytest.param(*case[1:-1], marks=case[-1], id=case[0]) for case in rows]


@pytest.mark.parametrize("args, most", _cases(True))
def test_tables_are_chinese_on_the_tiny_bundle(tiny_db, args, most):
    check_table(tiny_db[0], args, most, tiny_db[1])


@pytest.mark.parametrize("args", _cases(False))
def test_workbooks_are_chinese_on_the_tiny_bundle(tiny_db, args, tmp_path):
    check_workbook(tiny_db[0], args, tiny_db[1], tmp_path / "book.xlsx")


@pytest.mark.slow
@pytest.mark.parametrize("args, most", _cases(True))
def test_tables_are_chinese_on_the_demo_county(demo_db, args, most):
    check_table(demo_db[0], args, most, demo_db[1])


@pytest.mark.slow
@pytest.mark.parametrize("args", _cases(False))
def test_workbooks_are_chinese_on_the_demo_county(demo_db, args, tmp_path):
    check_workbook(demo_db[0], args, demo_db[1], tmp_path / "book.xlsx")


def test_the_scan_finds_english_and_long_decimals():
    """The scan itself: it would catch what it is for."""
    assert english_words("问题类型 weak_because R-01T01V01 orggraph coverage --summary PageRank",
                         set()) == {"weak_because"}
    assert english_words("all centres in reach are full", set()) == {
        "all", "centres", "in", "reach", "are", "full"}
    assert too_precise("评分 55.75999999999999 与 55.8", 2) == {"55.75999999999999"}


# -- what else a person reads: error lines, the demo's closing words --------------------------

def _said(args: list[str]) -> str:
    """Everything a failing command prints (standard error and output)."""
    result = CliRunner().invoke(main, args, prog_name="orggraph")
    assert result.exit_code != 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def _typed_in(args: list[str]) -> set[str]:
    """What the person typed: quoted back in an error, it is no English of ours."""
    return {t.strip("-./:_") for a in args for t in TOKEN.findall(a)}


def choice_words() -> set[str]:
    """The command names, and the values an option or argument offers to type (table,
    hierarchy, town, …)."""
    import click

    commands = [main, *main.commands.values()]
    return set(main.commands) | {str(choice) for command in commands for param in command.params
                                 if isinstance(param.type, click.Choice)
                                 for choice in param.type.choices}


def error_cases(db: str, tmp: Path) -> list[list[str]]:
    """Command lines that fail, one per kind of mistake: the database, ids, options, files."""
    write = tmp / "w.cypher"
    write.write_text("MATCH (n) DETACH DELETE n", encoding="utf-8")
    return [
        ["--db", str(tmp / "none.lbug"), "stats"],                       # no database
        ["--db", db, "coverage", "--within", "R-NOPE"],                   # unknown ids
        ["--db", db, "influence", "--chain", "C-NOPE"],
        ["--db", db, "pair", "--within", "R-NOPE"],
        ["--db", db, "query", "graph/villages", "-p", "within=R-NOPE"],
        ["--db", db, "query", "graph/vilages"],                           # a misspelt query
        ["--db", db, "query", "graph/villages", "-p", "nope=1"],
        ["--db", db, "query", str(write)],                                # a write without --write
        ["--db", db, "render", "neighbourhood", "-o", str(tmp / "m.html")],
        ["--db", db, "coverage", "--format", "xlsx"],                     # options
        ["--db", db, "coverage", "--format", "nope"],
        ["--db", db, "coverage", "--min-members", "0"],
        ["--db", db, "coverage", "--min-members", "abc"],
        ["--db", db, "coverage", "--as-of", "2024-13-01"],
        ["--db", db, "coverage", "--nope"],
        ["--db", db, "nope"],
        ["--db", db, "load"],
        ["--db", db, "load", str(tmp / "no-bundle")],
        ["--db", db, "coverage", "-o", str(tmp)],                         # files
        ["--db", db, "coverage", "--format", "csv", "-o", str(tmp / "no" / "x.csv")],
        ["--db", db, "--config", str(tmp / "none.toml"), "coverage"],
    ]


def test_error_messages_are_chinese(tiny_db, tmp_path):
    db, allowed = tiny_db
    for args in error_cases(db, tmp_path):
        text = _said(args)
        assert "错误：" in text, (args, text)
        english = english_words(text, allowed | _typed_in(args) | choice_words())
        assert not english, (args, sorted(english), text)


def test_the_demo_closing_words_are_chinese():
    from orggraph.demo import next_steps

    text = next_steps("orggraph-demo.lbug")
    typed = {"export", "set", "ORGGRAPH_DB", "Windows", "lbug"} | choice_words()
    assert not english_words(text, typed), text


# Words of `--help` that are code a person types or reads back as it is: file names, settings
# tables and keys of orggraph.toml, relationship types and enum codes written to the graph,
# environment variables.
def help_words() -> set[str]:
    from orggraph import model, settings

    words = {"index", "html", "report", "pdf", "md", "toml", "lbug", "cypher", "file", "docs",
             "DATA_MODEL", "bundle", "nodes", "rels", "xdg-open", "as_of", "seeds", "demo-ledger",
             "town", "Markdown", "Chromium", "Chrome", "Edge", "Neo4j", "PNG", "TOML", "BOM",
             "neo4j", "bolt", "s", "town.lbug", "index.html", "report.pdf", "xdg"}
    for section, kind in settings.SECTIONS.items():
        words |= {section} | {f.name for f in __import__("dataclasses").fields(kind)}
    for label in model.LABELS:
        words |= {label.name} | {p.name for p in label.props}
    for rel in model.REL_TYPES:
        words |= {rel.name} | {p.name for p in rel.props}
        for prop in rel.props:
            words |= set(prop.enum or ())
    from orggraph.analyses import coverage
    return words | set(coverage.RULE_IDS)


def help_pages() -> list[tuple[str, list[str]]]:
    return [("orggraph", ["--help"])] + [(name, [name, "--help"]) for name in sorted(main.commands)]


@pytest.mark.parametrize("args", [a for _, a in help_pages()], ids=[n for n, _ in help_pages()])
def test_help_is_chinese(args):
    result = CliRunner().invoke(main, args, prog_name="orggraph")
    assert result.exit_code == 0, result.output
    allowed = choice_words() | help_words() | _typed_words() | {
        env for env in re.findall(r"\b[A-Z][A-Z0-9_]+\b", result.output) if "_" in env}
    english = english_words(result.output, allowed)
    assert not english, (args, sorted(english), result.output)


def _all_cells(bundle: Path) -> set[str]:
    """Every token of every file of a (broken) bundle, and its file names: quoted back in a
    problem, they are the bundle's words, not ours."""
    words: set[str] = set()
    for file in bundle.rglob("*"):
        if file.is_file() and file.stat().st_size < 1 << 20:
            words.update(TOKEN.findall(file.name))
            words.update(TOKEN.findall(file.read_bytes().decode("utf-8", "replace")))
    return {w.strip("-./:_") for w in words}


@pytest.mark.parametrize("case", sorted(set(CORPUS) - {"100 MB line"}))
def test_problems_of_a_bad_bundle_are_chinese(case, tiny_bundle, tmp_path):
    """Each broken bundle of the corpus, loaded: every problem line and the error line are
    Chinese (file, row and column stay as the files name them)."""
    bundle = CORPUS[case][0](copy_bundle(tiny_bundle, tmp_path / "b"))
    text = _said(["--db", str(tmp_path / "x.lbug"), "load", str(bundle)])
    assert "错误：台账包未导入" in text, text
    columns = set(re.findall(r"\b[A-Z]{1,3}(?=列)", text))   # column letters: A列, AB列
    allowed = _all_cells(bundle) | help_words() | _typed_in([str(bundle)]) | columns
    english = english_words(text, allowed)
    assert not english, (case, sorted(english), text)


def test_ctrl_c_is_said_in_chinese(tiny_db, monkeypatch):
    """Ctrl+C in the middle of a command: the 错误： line in Chinese, not click's "Aborted!"."""
    from orggraph.store import embedded, neo4j

    def interrupted(self):
        raise KeyboardInterrupt

    for store in (embedded.EmbeddedStore, neo4j.Neo4jStore):
        monkeypatch.setattr(store, "counts", interrupted)
    result = CliRunner().invoke(main, ["--db", tiny_db[0], "stats"], prog_name="orggraph")
    assert result.exit_code == 1
    assert "错误：已中止" in result.output
    assert "Aborted" not in result.output
