"""Cypher derived from the model, the same text for both engines.

Labels, relationship types and property names are taken from the model only and are checked
against it here, so no user-supplied text is ever spliced into a statement; values travel as
parameters.
"""
from __future__ import annotations

from .. import model


def _checked_label(name: str) -> str:
    if name not in model.LABEL_BY_NAME:
        raise ValueError(f"not a label of the model: {name!r}")
    return name


def _checked_type(name: str) -> str:
    if name not in model.REL_BY_NAME:
        raise ValueError(f"not a relationship type of the model: {name!r}")
    return name


def merge_nodes(label: str, columns: tuple[str, ...]) -> str:
    known = model.label(_checked_label(label)).prop_names
    props = [c for c in columns if c != "id"]
    if any(c not in known for c in props):
        raise ValueError(f"unknown property for {label}: {props}")
    sets = ", ".join(f"n.{c} = r.{c}" for c in props)
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}})" + (f" SET {sets}" if sets else "")


def create_nodes(label: str, columns: tuple[str, ...]) -> str:
    """merge_nodes for ids known to be new: no lookup, no lock on an existing node."""
    return merge_nodes(label, columns).replace(" MERGE (n:", " CREATE (n:", 1)


def existing_ids(label: str) -> str:
    """Which of `$ids` are stored under `label` (looked up by key, see ids_of_label)."""
    return ids_of_label(label)


def merge_rels(rel_type: str, from_label: str, to_label: str, columns: tuple[str, ...]) -> str:
    rel = model.rel_type(_checked_type(rel_type))
    if (from_label, to_label) not in rel.endpoints:
        raise ValueError(f"{rel_type} does not go from {from_label} to {to_label}")
    props = [c for c in columns if c not in ("from", "to")]
    if any(c not in rel.prop_names for c in props):
        raise ValueError(f"unknown property for {rel_type}: {props}")
    sets = ", ".join(f"e.{c} = r.{c}" for c in props)
    return (f"UNWIND $rows AS r MATCH (a:{from_label} {{id: r.from}}), (b:{to_label} {{id: r.to}}) "
            f"MERGE (a)-[e:{rel_type}]->(b)" + (f" SET {sets}" if sets else ""))


def create_rels(rel_type: str, from_label: str, to_label: str, columns: tuple[str, ...]) -> str:
    """merge_rels for relationships known to be new (an end was created by the same load)."""
    return merge_rels(rel_type, from_label, to_label, columns).replace(" MERGE (a)-", " CREATE (a)-", 1)


def ids_of_label(label: str) -> str:
    # Looked up by key one id at a time: `n.id IN $ids` tests every node against the whole
    # list on LadybugDB (5,000 ids among a million people: 12 s instead of 0.03 s).
    return f"UNWIND $ids AS wanted MATCH (n:{_checked_label(label)} {{id: wanted}}) RETURN n.id AS id"


def count_nodes(label: str) -> str:
    return f"MATCH (n:{_checked_label(label)}) RETURN count(n) AS count"


def count_rels(rel_type: str) -> str:
    return f"MATCH ()-[r:{_checked_type(rel_type)}]->() RETURN count(r) AS count"


def node_rows(label: str) -> str:
    props = ", ".join(f"n.{p} AS {p}" for p in model.label(_checked_label(label)).prop_names)
    return f"MATCH (n:{label}) RETURN {props}"


def rel_rows(rel_type: str, from_label: str, to_label: str) -> str:
    rel = model.rel_type(_checked_type(rel_type))
    props = "".join(f", r.{p} AS {p}" for p in rel.prop_names)
    return (f"MATCH (a:{_checked_label(from_label)})-[r:{rel_type}]->(b:{_checked_label(to_label)}) "
            f"RETURN a.id AS source, b.id AS target{props}")


def _same(stored: str, given: str) -> str:
    """Cypher that is true when the two values are equal, null equal to null."""
    return f"(coalesce({stored} = {given}, false) OR ({stored} IS NULL AND {given} IS NULL))"


def _what(props: list[str], old: str) -> str:
    same = " AND ".join(_same(f"{old}.{c}", f"r.{c}") for c in props) or "true"
    return (f"CASE WHEN {old} IS NULL THEN 'created' WHEN {same} THEN 'unchanged' "
            f"ELSE 'changed' END AS what")


def merge_nodes_counted(label: str, columns: tuple[str, ...]) -> str:
    """merge_nodes, returning rows per `what` (created, changed, unchanged), as compared with
    what was stored before the batch."""
    props = [c for c in columns if c != "id"]
    merge = merge_nodes(label, columns).removeprefix("UNWIND $rows AS r ")
    return (f"UNWIND $rows AS r OPTIONAL MATCH (old:{label} {{id: r.id}}) "
            f"WITH r, {_what(props, 'old')} {merge} RETURN what, count(*) AS rows")


def merge_rels_counted(rel_type: str, from_label: str, to_label: str,
                       columns: tuple[str, ...]) -> str:
    """merge_rels, returning rows per `what` (created, changed, unchanged)."""
    props = [c for c in columns if c not in ("from", "to")]
    merge = merge_rels(rel_type, from_label, to_label, columns)
    merge = merge[merge.index("MERGE "):]
    return (f"UNWIND $rows AS r MATCH (a:{from_label} {{id: r.from}}), (b:{to_label} {{id: r.to}}) "
            f"WITH a, b, r, head([(a)-[o:{rel_type}]->(b) | o]) AS old "
            f"WITH a, b, r, {_what(props, 'old')} {merge} RETURN what, count(*) AS rows")


def node_ids(label: str) -> str:
    return f"MATCH (n:{_checked_label(label)}) RETURN n.id AS id"


def rel_ends(rel_type: str, from_label: str, to_label: str) -> str:
    rel = model.rel_type(_checked_type(rel_type))
    status = ", e.status AS status" if "status" in rel.prop_names else ""
    return (f"MATCH (a:{_checked_label(from_label)})-[e:{rel_type}]->(b:{_checked_label(to_label)}) "
            f"RETURN a.id AS `from`, b.id AS `to`{status}")


def delete_nodes(label: str) -> str:
    return f"UNWIND $ids AS i MATCH (n:{_checked_label(label)} {{id: i}}) DETACH DELETE n"


def delete_rels(rel_type: str, from_label: str, to_label: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{_checked_label(from_label)} {{id: r.from}})"
            f"-[e:{_checked_type(rel_type)}]->(b:{_checked_label(to_label)} {{id: r.to}}) DELETE e")
