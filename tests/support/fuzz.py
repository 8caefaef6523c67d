"""Generated bundles for property tests: files of raw bytes, {"nodes/Region.csv": b"...", ...}.

`bundles()` draws half its examples from `clean_bundles()` — bundles the model accepts, built
from its declarations (labels, types, enums, bounds, endpoint pairs) — and half from
`raw_bundles()` — sampled headers and cells, garbage prefixes, bad encodings — which the loader
nearly always refuses. So a test on `bundles()` reaches both its "clean" and its "refused" branch;
tests count the share and assert it (CLEAN_SHARE).
"""
from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

from hypothesis import strategies as st

from orggraph import model, values

CLEAN_SHARE = 0.3  # the least share of examples a test must see take its "clean bundle" branch

NAMES = [*model.LABEL_BY_NAME, *model.REL_BY_NAME]
CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "是", "否", "true", "1", "3.5", "-1", "1e309", "nan", "2024-02-30",
                     "R-1", "R-2", "village", "=1+1", '"', '""', "\x00", "a;b;", "\ufeff"]),
)
COLUMNS = st.lists(st.sampled_from(["id", "from", "to", "name", "kind", "stars", "tags",
                                    "households", "lat", "weak", "founded", "tier", "x"]),
                   min_size=0, max_size=6)
# Text a user types: letters, digits, Chinese, inner spaces and punctuation (no control
# characters, no leading '=' — those are refused, and belong to raw_bundles).
WORD = st.text(alphabet=string.ascii_letters + string.digits + "青山镇村党支部茶叶 -_,\"'", min_size=1,
               max_size=8).filter(lambda s: s.strip() and not s.lstrip().startswith("="))


def csv_line(cells: list[str]) -> str:
    return ",".join('"' + c.replace('"', '""') + '"' if any(ch in c for ch in ',"\n') else c
                    for c in cells)


def write_files(root: Path, files: dict[str, bytes]) -> Path:
    for relative, raw in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(raw)
    return root


@st.composite
def raw_bundles(draw):
    files = {}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(NAMES))
        folder = "nodes" if name in model.LABEL_BY_NAME else "rels"
        header = draw(COLUMNS)
        rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)),
                             max_size=5))
        text = "\n".join(csv_line(r) for r in [header, *rows])
        raw = text.encode("utf-8")
        if draw(st.booleans()):
            raw = draw(st.binary(max_size=40)) + raw  # garbage, BOMs, bad encodings
        files[f"{folder}/{name}.csv"] = raw
    return files


def _value(prop: model.Prop) -> st.SearchStrategy[str]:
    """A cell the model accepts for `prop`, in the spellings a user may type."""
    if prop.enum:
        return st.sampled_from(prop.enum)
    low = prop.min if prop.min is not None else -1e6
    high = prop.max if prop.max is not None else 1e6
    if prop.type == model.INT:
        return st.integers(int(low), int(high)).map(str)
    if prop.type == model.FLOAT:
        return st.floats(low, high, allow_nan=False, allow_infinity=False).map(repr)
    if prop.type == model.BOOL:
        return st.sampled_from(sorted(values.TRUE_WORDS | values.FALSE_WORDS))
    if prop.type == model.DATE:
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.isoformat())
    if prop.type == model.LIST:
        return st.lists(WORD.filter(lambda s: ";" not in s), min_size=1, max_size=3).map(";".join)
    return WORD


def _cells(draw, props: list[model.Prop]) -> list[str]:
    return [draw(_value(p)) if p.required or draw(st.booleans()) else "" for p in props]


@st.composite
def clean_bundles(draw):
    """A bundle `check` accepts: unique ids, valid cells, relationships between the bundle's
    own nodes of pairs their type allows."""
    files: dict[str, bytes] = {}
    labels = draw(st.lists(st.sampled_from(model.LABELS), min_size=1, max_size=4,
                           unique_by=lambda label: label.name))
    ids: dict[str, list[str]] = {}
    for label in labels:
        optional = [p for p in label.props if p.name != "id" and not p.required]
        props = [p for p in label.props if p.required and p.name != "id"] + draw(
            st.lists(st.sampled_from(optional), unique_by=lambda p: p.name, max_size=4))
        ids[label.name] = [f"{label.name[0]}-{i}" for i in range(draw(st.integers(1, 4)))]
        rows = [["id", *(p.name for p in props)]]
        rows += [[node_id, *_cells(draw, props)] for node_id in ids[label.name]]
        files[f"nodes/{label.name}.csv"] = "\n".join(csv_line(r) for r in rows).encode("utf-8")
    for rel in model.REL_TYPES:
        pairs = [(a, b) for a, b in rel.endpoints if a in ids and b in ids]
        if not pairs or not draw(st.booleans()):
            continue
        a, b = draw(st.sampled_from(pairs))
        props = [p for p in rel.props if not p.only_on or (a, b) in p.only_on]
        props = draw(st.lists(st.sampled_from(props), unique_by=lambda p: p.name,
                              max_size=len(props))) if props else []
        ends = [(f, t) for f in ids[a] for t in ids[b] if f != t or rel.allow_self]
        if not ends:
            continue
        chosen = draw(st.lists(st.sampled_from(ends), min_size=1, max_size=4))
        rows = [["from", "to", *(p.name for p in props)]]
        rows += [[f, t, *_cells(draw, props)] for f, t in chosen]
        files[f"rels/{rel.name}.csv"] = "\n".join(csv_line(r) for r in rows).encode("utf-8")
    return files


def bundles() -> st.SearchStrategy[dict[str, bytes]]:
    return st.one_of(clean_bundles(), raw_bundles())
