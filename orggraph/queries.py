"""The query library: one `.cypher` file per query under `cypher/`, each with a header.

Header lines at the top of a file, each `// key: value`:
    // name: coverage/grid_without_branch      (the path below cypher/, without .cypher)
    // description: what the rows are
    // 说明: the same in Chinese, for `orggraph query`'s listing (optional)
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
_HEADER = re.compile(r"^//\s*(\w+)\s*[:：]\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(str|int|float|bool|list)(?:\s*=\s*(\S+))?(?:\s+--\s*(.*))?$")
REQUIRED_KEYS = ("name", "description", "returns")
# The folders of queries that the analyses and maps run for themselves: listed only with --all.
INTERNAL_GROUPS = ("maps", "places", "within")
# What each group of the library is for, as `orggraph query` lists it.
GROUPS = {
    "graph": "the graph as loaded: villages, chains, the organisation tree",
    "coverage": "one query per coverage rule (orggraph coverage runs them all)",
    "influence": "the rows the chain-leader analysis reads (orggraph influence)",
    "pairing": "the rows the cross-village pairing reads (orggraph pair)",
    "cadres": "the rows the first-secretary plan reads (orggraph cadres)",
    "maps": "what the maps draw (orggraph render, report)",
    "places": "where nodes lie (coverage's towns, the maps' places)",
    "within": "the coverage rules on persons, among the persons of one region (coverage --within)",
}
GROUPS_ZH = {
    "graph": "导入的图：村、产业链、组织体系",
    "coverage": "每类覆盖问题一个查询（orggraph coverage 一并运行）",
    "influence": "链主带动分析读取的数据（orggraph influence）",
    "pairing": "跨村联建读取的数据（orggraph pair）",
    "cadres": "驻村第一书记选派读取的数据（orggraph cadres）",
    "maps": "地图绘制的内容（orggraph render、report）",
    "places": "节点所在位置（覆盖问题的乡镇、地图的位置）",
    "within": "一个区域内人员的覆盖问题（coverage --within）",
}
# Parameters that name nodes: a value that names none is an error, not an empty result.
REFERENCES = {"within": ("Region", "区域"), "chains": ("IndustryChain", "产业链"),
              "village_branch": ("OrgUnit", "党组织"),
              "centre_branch": ("OrgUnit", "党组织")}
# A query that writes, run without --write (both stores say so in these words).
WRITE_NEEDED = "该查询会修改图数据，须加 --write 才能执行（orggraph query --write）"


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
            raise QueryError(f"参数 {self.name}：{exc}") from None


@dataclass(frozen=True)
class Query:
    name: str
    path: Path
    description: str
    returns: str
    params: tuple[Param, ...] = ()
    text: str = field(repr=False, default="")
    personal: tuple[str, ...] = ()  # columns that hold persons' names, masked on output
    description_zh: str = ""        # what the rows are, in Chinese (`// 说明:` in the header)

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
            raise QueryError(f"{self.name} 没有参数 {'、'.join(unknown)}；"
                             f"可用参数：{'、'.join(declared) or '无'}")
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
        raise QueryError(f"{path}：文件头缺少 {'、'.join(missing)}")
    personal = tuple(c.strip() for c in header.get("personal", "").split(",") if c.strip())
    return Query(header["name"], path, header["description"], header["returns"], tuple(params),
                 text, personal, header.get("说明", ""))


def _parse_param(path: Path, spec: str) -> Param:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"{path}：无法识别参数行 {spec!r}")
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
            raise QueryError(f"没有这个查询文件：{name_or_file}")
        return parse_file(path, strict=False)
    queries = library()
    if name_or_file in queries:
        return queries[name_or_file]
    close = difflib.get_close_matches(name_or_file, list(queries), n=3, cutoff=0.6)
    hint = f"是否要用 {'、'.join(close)}？" if close else ""
    raise QueryError(f"没有名为 {name_or_file} 的查询；{hint}orggraph query 可列出全部查询")


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
            raise UnknownIdError(f"没有编号为 {'、'.join(missing)} 的{what}"
                                 f"（{query.name} 的参数 {name}）")


# Clauses that change data or the schema in either dialect. `CALL` is included because
# procedures can write; read-only procedures need --write too, which errs on the safe side.
_WRITE_CLAUSES = re.compile(
    r"\b(CREATE|MERGE|SET|DELETE|DETACH|REMOVE|DROP|ALTER|FOREACH|LOAD|COPY|CALL|INSTALL|"
    r"ATTACH|IMPORT|EXPORT|CHECKPOINT|BEGIN|COMMIT|ROLLBACK|USE)\b", re.IGNORECASE)
_NOT_CODE = re.compile(r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`", re.DOTALL)


def writes(cypher: str) -> bool:
    """True if the statement may write: comments, strings and quoted names are ignored."""
    return bool(_WRITE_CLAUSES.search(_NOT_CODE.sub(" ", cypher)))
