"""Reading a map's nodes and links from the store through the `cypher/maps/` queries."""
from __future__ import annotations

import networkx as nx

from .. import model, queries, vocabulary
from . import legend

# One query per label: what a map may show of a node of that label (a person: id and name only).
NODE_QUERIES = {"Region": "maps/regions_by_id", "OrgUnit": "maps/orgs_by_id",
                "Person": "maps/people_by_id", "Enterprise": "maps/enterprises_by_id",
                "IndustryChain": "maps/chains_by_id"}
# Columns that become node attributes rather than lines of the details panel.
_NODE_ATTRS = ("id", "name", "kind", "stars", "lat", "lon")
CHUNK = 5_000


def rows(store, name: str, **params) -> list[dict]:
    query = queries.library()[name]
    return store.query(query.text, query.bind(**params))


def rows_for(store, name: str, ids) -> list[dict]:
    """The rows of a query that takes `ids`, asked CHUNK ids at a time; None asks for all
    (the rows of `<name>_all`, which scans instead: in one query with the lookups by key,
    Neo4j scanned every organisation for the "no ids" branches even when ids were given)."""
    if ids is None:
        return rows(store, f"{name}_all")
    ids = sorted(ids)
    return [row for start in range(0, len(ids), CHUNK)
            for row in rows(store, name, ids=ids[start:start + CHUNK])]


def node_attrs(label: str, row: dict) -> dict:
    """A node's attributes from a row of its label's query."""
    attrs = {"label": label, "name": row.get("name"), "kind": row.get("kind"),
             "info": {k: v for k, v in row.items() if k not in _NODE_ATTRS and v is not None}}
    if label == "OrgUnit":
        attrs["stars"] = row.get("stars")
    if row.get("lat") is not None and row.get("lon") is not None:
        attrs["lat"], attrs["lon"] = row["lat"], row["lon"]
    if label == "OrgUnit" and row.get("stars") is not None:
        attrs["info"]["stars"] = legend.star_text(row["stars"])
    if "weak" in attrs["info"]:
        attrs["info"]["weak"] = "是" if attrs["info"]["weak"] else "否"
    if label == "OrgUnit" and "status" in attrs["info"]:
        # A proposed organisation (a plan's 联村党总支) says so in its name and its details.
        attrs["info"]["status"] = vocabulary.enum_zh("OrgUnit", "status", attrs["info"]["status"])
        if row.get("status") == "proposed":
            attrs["name"] = f"{attrs['name']}（{attrs['info']['status']}）"
            attrs["proposed"] = True
    return attrs


def add_nodes(store, graph: nx.Graph, ids_by_label: dict[str, set]) -> None:
    """Add (or complete) the nodes with these ids, reading each label's query."""
    for label in model.LABEL_BY_NAME:
        ids = sorted(ids_by_label.get(label, ()))
        for start in range(0, len(ids), CHUNK):
            for row in rows(store, NODE_QUERIES[label], ids=ids[start:start + CHUNK]):
                graph.add_node(row["id"], **node_attrs(label, row))


def add_edge(graph: nx.MultiDiGraph, source, target, rel: str, **attrs) -> None:
    """One edge per (source, target, type): reading a link twice does not draw it twice. An
    edge without a `color` takes its type's colour on the page (build.py), with a legend line."""
    if not graph.has_edge(source, target, key=rel):
        graph.add_edge(source, target, key=rel, type=rel, **attrs)
