"""Every command, with every option that takes a value given a bad one (and bad arguments, a
missing database, a workbook without -o, an output that cannot be written), on both stores:
each is a one-line `错误：…` or click's usage message, never a traceback.

The grid is built from the commands' own parameters, so a new option is covered as soon as it
exists; the bad values depend only on the option's type."""
from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from orggraph.cli import main
from orggraph.store import open_store
from support.files import snapshot

TINY = Path(__file__).resolve().parent / "bundles" / "tiny"

# What each command needs to get as far as its options are used.
BASE_ARGS = {
    "load": lambda ctx: [str(ctx["bundle"])],
    "query": lambda ctx: ["graph/villages"],
    "render": lambda ctx: ["hierarchy", "-o", str(ctx["tmp"] / "map.html")],
    "report": lambda ctx: ["-o", str(ctx["tmp"] / "report")],
    "generate": lambda ctx: ["-o", str(ctx["tmp"] / "bundle")],
    "demo": lambda ctx: [],
}
# A view that uses the option (render ignores --chain outside the chain view, and so on).
VIEW_FOR = {"chain_id": "chain", "focus": "neighbourhood", "depth": "neighbourhood"}
# Options whose every value is fine (free text): checked for tracebacks only.
FREE_TEXT = {("coverage", "tags")}


def _bad_values(command: str, param: click.Option, ctx: dict) -> list[str]:
    """Values that `param` must refuse, by its type."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return ["nope"]
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        below = [str(kind.min - 1)] if kind.min is not None and not kind.min_open else []
        return ["abc", *below, *([str(kind.min)] if kind.min_open else [])]
    if kind in (click.INT, click.FLOAT):
        return ["abc"]
    if isinstance(kind, click.Path):
        if param.name == "out":
            if kind.file_okay:   # a file: a folder there, or a place nobody may write
                return [str(ctx["tmp"]), "/proc/nonexistent/out.csv"]
            existing = ctx["tmp"] / "a-file"
            existing.write_text("x", encoding="utf-8")
            return [str(existing), "/proc/nonexistent/out"]
        return ["/nonexistent-folder/file"]
    if param.name == "params":
        return ["nokey", "bogus=1", "within=NOPE"]
    if param.name == "demo_db":
        return [str(ctx["tmp"]), str(ctx["bundle"] / "nodes" / "Region.csv")]
    return ["NOPE"]   # an id of a region, chain or node


def _grid():
    cases = []
    for name, command in sorted(main.commands.items()):
        for param in command.params:
            if isinstance(param, click.Option) and not param.is_flag and param.name != "help":
                cases.append((name, param.name))
        if any(p.name == "fmt" and "xlsx" in getattr(p.type, "choices", ()) for p in command.params):
            cases.append((name, "xlsx-without-o"))
    cases += [("query", "name"), ("render", "view"), ("load", "bundle")]
    return cases


@pytest.fixture(scope="module", params=("embedded", "neo4j"))
def engine(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def loaded(engine, tmp_path_factory, request):
    """The tiny bundle loaded once per store for the whole grid (loading it for each of the
    ~170 cases was most of this file's time): every case is refused before it writes, and the
    graph is checked to be the one loaded when the grid is done."""
    tmp = tmp_path_factory.mktemp("bad-options")
    db = str(tmp / "test.lbug") if engine == "embedded" else request.getfixturevalue("neo4j_uri")
    if engine == "neo4j":
        with open_store(db) as store:
            store.delete_all()
    result = CliRunner().invoke(main, ["--db", db, "load", str(TINY)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        loaded_graph = snapshot(store)
    yield {"db": db, "bundle": TINY, "tmp": tmp}
    with open_store(db) as store:
        assert snapshot(store) == loaded_graph, "a refused command changed the graph"


def _run(args: list[str]):
    result = CliRunner().invoke(main, args)
    shown = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"{args}: {result.exception!r}\n{shown}"
    assert "Traceback" not in shown, f"{args}\n{shown}"
    return result


@pytest.mark.parametrize("command,option", _grid())
def test_a_bad_value_is_an_error_not_a_traceback(command, option, loaded):
    cmd = main.commands[command]
    base = BASE_ARGS.get(command, lambda ctx: [])(loaded)
    if command == "render" and option in VIEW_FOR:
        base[0] = VIEW_FOR[option]
    if option == "xlsx-without-o":
        runs = [_drop_output(base) + ["--format", "xlsx"]]
        expect = "须用 -o 指定文件名"
    elif option in ("name", "view", "bundle"):
        bad = {"name": ["graph/vilages"], "view": ["nope"], "bundle": ["/nonexistent/bundle"]}
        runs = [bad[option] + base[1:]]
        expect = None
    else:
        param = next(p for p in cmd.params if p.name == option)
        flag = max(param.opts, key=len)
        runs = []
        for value in _bad_values(command, param, loaded):
            args = _drop_output(base) if param.name == "out" else list(base)
            runs.append(args + [flag, value])
        expect = None
    for args in runs:
        result = _run(["--db", loaded["db"], command, *args])
        if (command, option) not in FREE_TEXT:
            assert result.exit_code != 0, f"{command} {args} was accepted:\n{result.output}"
            assert result.output.strip(), args
        if expect:
            assert expect in result.output, result.output


def _drop_output(args: list[str]) -> list[str]:
    out = list(args)
    if "-o" in out:
        i = out.index("-o")
        del out[i:i + 2]
    return out


GROUP_CASES = [
    ["--db", "/nonexistent-folder/x.lbug", "stats"],
    ["--db", "bolt://", "stats"],
    ["--db", "neo4j://[::1", "stats"],
    ["--config", "/nonexistent/orggraph.toml", "coverage"],
    ["--neo4j-commit-every", "0", "stats"],
]


@pytest.mark.parametrize("args", GROUP_CASES, ids=lambda a: " ".join(a))
def test_bad_group_options_are_errors(args):
    result = _run(args)
    assert result.exit_code != 0 and result.output.strip()


def test_a_bad_config_file_is_an_error(loaded, tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("".join(f"[{section}]\nnope = 1\n" for section in
                              ("coverage", "influence", "pairing", "cadres")), encoding="utf-8")
    for command in ("coverage", "influence", "pair", "cadres"):
        result = _run(["--db", loaded["db"], "--config", str(config), command])
        assert result.exit_code != 0 and "bad.toml" in result.output
