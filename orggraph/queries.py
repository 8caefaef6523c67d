"""The query library: one `.cypher` file per query under `cypher/`, each with a header.

Header lines at the top of a file, each `// key: value`:
    // name: coverage/grid_without_branch      (the path below cypher/, without .cypher)
    // description: what the rows are
    // param: min_members int = 3 -- what it means   (one line per parameter; `= default` optional)
    // returns: id, name, town
    // personal: secretary_name                (optional: columns holding persons' names)
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import model, values
from .errors import OrggraphError, UnknownIdError
from .resources import resource_dir

PARAM_TYPES = {"str": model.STR, "int": model.INT, "float": model.FLOAT, "bool": model.BOOL,
               "list": model.LIST}
_HEADER = re.compile(r"^//\s*(\w+)\s*:\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(str|int|float|bool|list)(?:\s*=\s*(\S+))?(?:\s+--\s*(.*))?$")
REQUIRED_KEYS = ("name", "description", "returns")
# The folders of queries that the analyses and maps run for themselves: listed only with --all.
INTERNAL_GROUPS = ("maps", "places")
# What each group of the library is for, as `orggraph query` lists it.
GROUPS = {
    "graph": "the graph as loaded: villages, chains, the organisation tree",
    "coverage": "one query per coverage rule (orggraph coverage runs them all)",
    "influence": "the rows the chain-leader analysis reads (orggraph influence)",
    "pairing": "the rows the cross-village pairing reads (orggraph pair)",
    "cadres": "the rows the first-secretary plan reads (orggraph cadres)",
    "maps": "what the maps draw (orggraph render, report)",
    "places": "where nodes lie (coverage's towns, the maps' places)",
}
# Parameters that name nodes: a value that names none is an error, not an empty result.
REFERENCES = {"within": ("Region", "region"), "chains": ("IndustryChain", "industry chain"),
              "village_branch": ("OrgUnit", "organisation"),
              "centre_branch": ("OrgUnit", "organisation")}


class QueryError(OrggraphError):
    """A query that cannot be found, bound or run as asked; the message is for the user."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: object = None
    description: str = ""

    def convert(self, text: str) -> object:
        try:
            return values.parse(model.Prop(self.name, PARAM_TYPES[self.type]), text)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}: {exc}") from None


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    description: str
    returns: str
    params: tuple[Param, ...] = ()
    text: str = field(repr=False, default="")
    personal: tuple[str, ...] = ()  # columns that hold persons' names, masked on output

    @property
    def group(self) -> str:
        return self.name.split("/")[0] if "/" in self.name else ""

    @property
    def columns(self) -> list[str]:
        """The columns its `returns:` header promises."""
        return [c.strip() for c in self.returns.split(",") if c.strip()]

    @property
    def internal(self) -> bool:
        """Run by the analyses and maps for themselves, or writing: not listed by default."""
        return self.group in INTERNAL_GROUPS or writes(self.text)

    def bind(self, given: dict[str, str] | None = None, **typed) -> dict:
        """Parameters for a run: typed values, then `given` texts converted, then defaults."""
        given = dict(given or {})
        declared = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(declared))
        if unknown:
            raise QueryError(f"{self.name} has no parameter {', '.join(unknown)}; "
                             f"it takes: {', '.join(declared) or 'none'}")
        bound = {}
        for name, param in declared.items():
            if name in typed:
                bound[name] = typed[name]
            elif name in given:
                bound[name] = param.convert(given[name])
            else:
                bound[name] = param.default
        return bound


def parse_file(path: Path, strict: bool = True) -> Query:
    """A query file; `strict` (the library) demands the full header, a user's file may omit it."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params = []
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if not match:
            if line.strip() and not line.strip().startswith("//"):
                break
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            params.append(_parse_param(path, value))
        else:
            header[key] = value
    missing = [k for k in REQUIRED_KEYS if k not in header]
    if not strict:
        header = {"name": path.stem, "description": "", "returns": ""} | header
    elif missing:
        raise QueryError(f"{path}: the header lacks {', '.join(missing)}")
    personal = tuple(c.strip() for c in header.get("personal", "").split(",") if c.strip())
    return Query(header["name"], path, header["description"], header["returns"], tuple(params),
                 text, personal)


def _parse_param(path: Path, spec: str) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"{path}: cannot read the parameter line {spec!r}")
    name, kind, default, description = match.groups()
    param = Param(name, kind, None, description or "")
    return Param(name, kind, param.convert(default) if default is not None else None,
                 description or "")


@cache
def library() -> dict[str, Query]:
    root = resource_dir("cypher")
    return {q.name: q for q in (parse_file(p) for p in sorted(root.rglob("*.cypher")))}


def find(name_or_file: str) -> Query:
    if name_or_file.endswith(".cypher"):
        path = Path(name_or_file)
        if not path.is_file():
            raise QueryError(f"no such query file: {name_or_file}")
        return parse_file(path, strict=False)
    queries = library()
    if name_or_file in queries:
        return queries[name_or_file]
    close = difflib.get_close_matches(name_or_file, list(queries), n=3, cutoff=0.6)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise QueryError(f"no query named {name_or_file!r}; {hint}'orggraph query' lists them")


def check_references(query: Query, bound: dict, store) -> None:
    """Raise `UnknownIdError` when a parameter that names nodes (REFERENCES) names none."""
    for name, (label, what) in REFERENCES.items():
        value = bound.get(name)
        wanted = [v for v in (value if isinstance(value, list) else [value]) if v]
        if not wanted:
            continue
        found = store.labels_of(wanted)
        missing = [v for v in wanted if found.get(v) != label]
        if missing:
            raise UnknownIdError(f"no {what} with id {', '.join(map(repr, missing))} "
                                 f"(parameter {name} of {query.name})")


# Clauses that change data or the schema in either dialect. `CALL` is included because
# procedures can write; read-only procedures need --write too, which errs on the safe side.
_WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|ALTER|FOREACH|LOAD|COPY|CALL|INSTALL|"
    r"ATTACH|IMPORT|EXPORT|CHECKPOINT|BEGIN|COMMIT|ROLLBACK|USE)\b", re.IGNORECASE)
_NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL)


def writes(cypher: str) -> bool:
    """True if the statement may write: comments, strings and quoted names are ignored."""
    return bool(_WRITE_CLAUSES.search(_NOT_CODE.sub(" ", cypher)))
