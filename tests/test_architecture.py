"""The package's layers, read from its imports: each layer may import only the layers below it.

    cli, demo, __main__                 the command line
    report                              the offline report (maps of every analysis)
    maps | generate | ledger            maps; the generator; importing a 台账
    settings                            every analysis's settings (and the maps'), read once
    analyses | load | privacy           independent of each other
    store                               LadybugDB and Neo4j behind one interface; owns its batches
    queries | config | output | pdf     the query library, settings files, writing tables, PDF
    values | resources | geo | notions | datadict       cells, shipped folders, distances, notions,
                                                        the data dictionary
    vocabulary                          the Chinese names of the model
    model | errors                      the schema, declared once; the error base class

A new top-level module must be placed in LAYERS (the test says so); a name in LAYERS that does
not exist yet is ignored. An import that breaks a layer fails with the chain of imports.
"""
from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "orggraph"
LAYERS = [
    grimp.Layer("__main__", "cli", "demo", independent=False),
    grimp.Layer("report"),
    grimp.Layer("history"),  # loads with snapshots, --since, the report's trend section
    grimp.Layer("maps", "generate", "ledger"),
    grimp.Layer("settings"),
    grimp.Layer("analyses", "load"),
    grimp.Layer("store"),
    grimp.Layer("queries", "config", "output", "privacy", "pdf"),
    grimp.Layer("values", "resources", "geo", "notions", "datadict"),
    grimp.Layer("vocabulary"),
    grimp.Layer("model", "errors"),
]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("orggraph", cache_dir=None, exclude_type_checking_imports=True)


def _chains(dependency) -> str:
    return "\n".join(" -> ".join([" | ".join(sorted(route.heads)), *route.middle,
                                  " | ".join(sorted(route.tails))])
                      for route in dependency.routes)


def test_every_top_level_module_has_a_layer(graph):
    placed = {tail for layer in LAYERS for tail in layer.module_tails}
    top = {m.split(".")[1] for m in graph.modules if m.count(".") >= 1}
    assert top - placed == set(), "add these to LAYERS in tests/test_architecture.py"


def test_each_layer_imports_only_the_layers_below_it(graph):
    illegal = graph.find_illegal_dependencies_for_layers(layers=LAYERS, containers={"orggraph"})
    assert not illegal, "\n\n".join(f"{d.importer} must not import {d.imported}:\n{_chains(d)}"
                                    for d in sorted(illegal, key=str))


def _packages(graph) -> list[str]:
    return sorted(m for m in graph.modules if graph.find_children(m))


def test_no_two_modules_or_packages_import_each_other(graph):
    """No import cycle among the modules of a package, nor among its subpackages taken whole (a
    late import inside a function counts: it is a cycle all the same)."""
    cycles = {package: breakers for package in _packages(graph)
              if (breakers := graph.nominate_cycle_breakers(package))}
    assert cycles == {}, "\n".join(f"{package}: cut one of {sorted(breakers)}"
                                    for package, breakers in cycles.items())


def test_the_store_does_not_reach_the_loader_or_the_analyses(graph):
    for lower in ("load", "analyses", "maps", "cli"):
        chain = graph.find_shortest_chain("orggraph.store", f"orggraph.{lower}", as_packages=True)
        assert chain is None, " -> ".join(chain)


def _engine_tests(tree: ast.AST) -> list[int]:
    """Lines that compare a store's engine name, or read it with getattr."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in (node.left, *node.comparators):
                if (isinstance(side, ast.Attribute) and side.attr == "engine") or (
                        isinstance(side, ast.Call) and getattr(side.func, "id", "") == "getattr"
                        and any(isinstance(a, ast.Constant) and a.value == "engine"
                                for a in side.args)):
                    found.append(node.lineno)
    return found


def test_only_the_store_tests_which_engine_it_is():
    """Outside store/, ask the store what it can do (takes_arrow, data_date), not which it is."""
    offenders = [f"{path.relative_to(PACKAGE.parent)}:{line}"
                 for path in sorted(PACKAGE.rglob("*.py"))
                 if path.relative_to(PACKAGE).parts[0] != "store"
                 for line in _engine_tests(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == []


def test_the_engine_check_finds_a_comparison():
    """The check above can fail: it sees both spellings the package used."""
    assert _engine_tests(ast.parse('as_arrow = store.engine == "embedded"')) == [1]
    assert _engine_tests(ast.parse('if getattr(store, "engine", "") == "embedded": pass')) == [1]
    assert _engine_tests(ast.parse("takes = store.takes_arrow")) == []


def test_no_test_module_imports_another():
    """What tests share lives in tests/support/; a test module imported by another would run
    its tests twice and tie the two together."""
    here = Path(__file__).resolve().parent
    modules = {path.stem for path in here.glob("*.py")}
    offenders = []
    for path in sorted(here.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level
                     else [])
            offenders += [f"{path.name} imports {n}" for n in names if n.split(".")[0] in modules]
    assert offenders == []
