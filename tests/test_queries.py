"""The query library: headers are complete and every query runs on a seeded graph."""
from __future__ import annotations

import pytest

from orggraph import queries
from orggraph.load.load import load_bundle


def test_every_library_file_has_a_header_naming_its_path():
    root = queries.resource_dir("cypher")
    library = queries.library()
    assert library, "the library is empty"
    for name, query in library.items():
        assert query.path.relative_to(root).with_suffix("").as_posix() == name
        assert query.description and query.returns


@pytest.mark.parametrize("name", sorted(queries.library()))
def test_every_query_runs_on_the_tiny_bundle(store, tiny_bundle, name):
    load_bundle(store, tiny_bundle)
    query = queries.library()[name]
    rows = store.query(query.text, query.bind(), write=queries.writes(query.text))
    assert isinstance(rows, list)


@pytest.mark.parametrize("text, expected", [
    ("MATCH (n) RETURN n", False),
    ("MATCH (n) RETURN n.created AS created_at // CREATE nothing", False),
    ("MATCH (n) WHERE n.name = 'DELETE' RETURN n", False),
    ("match (n) detach delete n", True),
    ("MATCH (n) SET n.x = 1", True),
    ("CALL db.labels()", True),
    ("MERGE (n:Region {id: 'x'})", True),
])
def test_write_detection(text, expected):
    assert queries.writes(text) is expected
