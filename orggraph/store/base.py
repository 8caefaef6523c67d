"""The store interface: what analyses, loaders and the CLI may ask of either engine."""
from __future__ import annotations

import abc
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from .. import model
from ..errors import OrggraphError
from . import statements
from .batches import NodeBatch, RelBatch
from .changes import Changes, ReplaceScope

# Progress callback: (what, rows) after each batch written, e.g. ("Region", 10000).
Progress = Callable[[str, int], None]
ID_LOOKUP_CHUNK = 10_000


class StoreError(OrggraphError):
    """A store that cannot be reached or used; the message is meant for the user."""


class NoDatabase(StoreError):
    """An embedded database file that does not exist, where one is needed."""

    def __init__(self, path: str):
        self.path = path
        shown = path if Path(path).is_absolute() or path.startswith(".") else f"./{path}"
        super().__init__(f"{shown} 没有数据库：请先用 orggraph load 台账包 导入，"
                         "或运行 orggraph demo 看示范县")


class ReadOnly(StoreError):
    """A write asked of a store opened for reading only."""

    def __init__(self, location: str):
        super().__init__(f"{location} 以只读方式打开，这一操作要写入数据库"
                         "（用 orggraph query --write，或会写入的命令）")


def only_among(rows: list[dict], ids) -> list[dict]:
    """The rows of links whose both ends are among `ids`."""
    wanted = set(ids)
    return [r for r in rows if r["source"] in wanted and r["target"] in wanted]


class Store(abc.ABC):
    engine: str  # "embedded" or "neo4j": for messages; ask a capability (takes_arrow), not this
    location: str  # what the user named: a path or a URI without credentials
    takes_arrow: bool = False  # load() writes batches whose rows are ArrowRows without dicts
    read_only: bool = False  # opened for reading: every write is refused
    # Up to this many ids, a query may test `n.id IN $ids`; more are read by key (`UNWIND $ids
    # … {id: …}`). On Neo4j reading by key is an index seek per id, faster from the first id
    # (an `IN` on either end of a relationship scans every relationship); LadybugDB tests `IN`
    # row by row but joins a long list by hash over whole tables, so a few ids go faster with
    # `IN` (BENCHMARKS.md, "Maps on Neo4j").
    in_list_max: int = 0
    # Whether relationships followed from ids read by key (`UNWIND $ids … {id: …})-[…]-`) cost
    # in proportion to those ids. On Neo4j they do (an index seek, then each node's own
    # relationships); LadybugDB joins them by hash over the whole relationship table, so a scan
    # with a filter is as fast there. The coverage of one region reads the persons of its
    # organisations by key only where this holds (benchmarks/run_notes.md, "coverage map").
    follows_keys: bool = True

    @abc.abstractmethod
    def ensure_schema(self) -> None:
        """Create the tables / constraints of the model where missing."""

    @abc.abstractmethod
    def query(self, cypher: str, params: dict | None = None, *, write: bool = False) -> list[dict]:
        """Run one parameterised statement and return its rows as dicts of plain Python values."""

    @abc.abstractmethod
    def write_all(self, statements: list[tuple[str, dict]]) -> list[list[dict]]:
        """Run these parameterised statements, in order, in one write transaction: all of them
        or none (a failing one rolls back those before it). Returns each statement's rows."""

    @abc.abstractmethod
    def load(self, batches: Iterable[NodeBatch | RelBatch], progress: Progress | None = None, *,
             replace: ReplaceScope | None = None,
             before_commit: Callable[[Changes], None] | None = None) -> Changes:
        """Apply every batch or none of them, and say what changed. With `replace`, also remove
        the nodes of its labels and relationships of its types that the batches do not hold
        (proposals excepted, see changes.missing_rels). `before_commit` runs once the graph is
        in its new state, where the engine allows inside the same transaction (its `query`
        calls see the loaded graph and its writes commit or roll back with the load)."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def labels_of(self, ids: list[str]) -> dict[str, str]:
        """{id: label} for those of `ids` that are nodes in the store."""
        found: dict[str, str] = {}
        for start in range(0, len(ids), ID_LOOKUP_CHUNK):
            chunk = ids[start:start + ID_LOOKUP_CHUNK]
            for label in model.LABEL_BY_NAME:
                for row in self.query(statements.ids_of_label(label), {"ids": chunk}):
                    found[row["id"]] = label
        return found

    def has_node(self, label: str, node_id: str) -> bool:
        """Whether a node of `label` has this id (read by key; ids are unique across labels)."""
        return bool(self.query(statements.ids_of_label(label), {"ids": [node_id]}))

    def links_touching(self, ids_by_label: dict[str, list[str]], *,
                       among: bool = False) -> list[dict]:
        """Every relationship with an end among these nodes (their ids by label), as the rows
        of `maps/links_touching`: source, source_label, target, target_label, type, mode, role,
        status, tier (a relationship between two of them may come twice); with `among`, only
        those with both ends among them (a neighbourhood's outer ring: links to nodes further
        out are not drawn). Read by the library queries: a few ids tested with `IN`, more
        joined by key (`in_list_max`); a store may answer the same rows its own faster way
        (Neo4jStore, EmbeddedStore)."""
        from .. import queries
        ids = [i for label_ids in ids_by_label.values() for i in label_ids]
        name = "maps/links_touching" if len(ids) <= self.in_list_max else "maps/links_touching_many"
        query = queries.find(name)
        rows = [row for start in range(0, len(ids), ID_LOOKUP_CHUNK)
                for row in self.query(query.text, query.bind(ids=ids[start:start + ID_LOOKUP_CHUNK]))]
        return only_among(rows, ids) if among else rows

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            "nodes": {label: self.query(statements.count_nodes(label))[0]["count"]
                      for label in model.LABEL_BY_NAME},
            "relationships": {rel: self.query(statements.count_rels(rel))[0]["count"]
                              for rel in model.REL_BY_NAME},
        }

    def project(self, labels: Iterable[str] | None = None,
                rel_types: Iterable[str] | None = None) -> nx.MultiDiGraph:
        """The subgraph of these labels and types as networkx: node attributes are the
        properties plus `label`; edge keys are the relationship types."""
        labels = set(labels or model.LABEL_BY_NAME)
        graph = nx.MultiDiGraph()
        for label in labels:
            for row in self.query(statements.node_rows(label)):
                graph.add_node(row["id"], label=label,
                               **{k: v for k, v in row.items() if v is not None and k != "id"})
        for rel_name in rel_types or model.REL_BY_NAME:
            for a, b in model.rel_type(rel_name).endpoints:
                if a in labels and b in labels:
                    for row in self.query(statements.rel_rows(rel_name, a, b)):
                        attrs = {k: v for k, v in row.items()
                                 if v is not None and k not in ("source", "target")}
                        graph.add_edge(row["source"], row["target"], key=rel_name,
                                       type=rel_name, **attrs)
        return graph

    def delete_all(self) -> None:
        self.query("MATCH (n) DETACH DELETE n", write=True)
