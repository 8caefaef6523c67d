"""Turning the names in relationship columns into ids, within the town of the row they stand in.

A name is looked up among the nodes of the column's label(s) in the whole workbook. One match is
taken. Several matches are narrowed down: for a person named in an organisation's row, to the
organisation's own members; then to the row's town (its `town` column, else the town the row's
node lies in by the relationships resolved so far). What stays ambiguous or is not found is a
problem with sheet, row and column — never a guess. A cell may name the node by id, alone or
after the name: `王珍（P-01-00012）`.

Relationships are resolved in an order that makes towns known before they are needed: regions'
parents, enterprises' places, organisations' bases and parents, members, then the rest.
"""
from __future__ import annotations

import re
from collections import defaultdict

from .. import model
from .build import Built, Link, Node, Ref, strip_annotation
from .problems import LedgerProblem

LABEL_ZH = {"Region": "区域", "OrgUnit": "党组织", "Person": "人员", "Enterprise": "企业",
            "IndustryChain": "产业链"}
TOWN_KINDS = ("town", "street")


def _phase(link: Link) -> int:
    labels = {lab for end in link.ends.values()
              for lab in ((end.label,) if isinstance(end, Node) else end.labels)}
    order = {"PART_OF": 0, "LOCATED_IN": 1, "BASED_IN": 2}
    if link.rel in order:
        return order[link.rel]
    if link.rel == "MEMBER_OF":
        return 4 if "Person" in labels else 3
    return 5 if link.rel == "WORKS_AT" else 6


def org_key(name: str) -> str:
    """中共××镇委员会 and ××镇党委 are one name (TERMS.md §4)."""
    key = re.sub(r"^中共", "", name)
    for long, short in (("总支部委员会", "总支"), ("支部委员会", "支部"), ("工作委员会", "工委"),
                        ("委员会", "委"), ("党总支", "总支"), ("党支部", "支部"), ("党工委", "工委"),
                        ("党委", "委")):
        if key.endswith(long):
            return key[:-len(long)] + short
    return key


class Resolver:
    def __init__(self, built: Built):
        self.built = built
        self.by_id: dict[str, Node] = {}
        self.by_name: dict[tuple[str, str], list[Node]] = defaultdict(list)
        self.by_org_key: dict[str, list[Node]] = defaultdict(list)
        self.out: dict[tuple[str, str], list[str]] = defaultdict(list)  # (rel, from) → to ids
        self.members: set[tuple[str, str]] = set()
        self.rels: dict[tuple[str, str, str], tuple[dict, Link]] = {}
        self._towns: dict[str, str | None] = {}
        for node in built.nodes:
            if node.id in self.by_id:
                first = self.by_id[node.id]
                built.problems.append(LedgerProblem(
                    node.sheet, node.row, None,
                    f"编号 {node.id} 重复（另见工作表“{first.sheet}”第{first.row}行）"))
                continue
            self.by_id[node.id] = node
            self.by_name[(node.label, node.name)].append(node)
            if node.label == "OrgUnit":
                self.by_org_key[org_key(node.name)].append(node)

    # ------------------------------------------------------------- towns
    def town_named(self, text: str, where: tuple) -> str | None:
        found = [n for n in self.by_name.get(("Region", text), ()) if n.props["kind"] in TOWN_KINDS]
        if len(found) == 1:
            return found[0].id
        message = (f"乡镇（街道）“{text}”不在台账的区域中" if not found else
                   f"乡镇（街道）“{text}”有{len(found)}个同名")
        self.built.problems.append(LedgerProblem(*where, message))
        return None

    def town(self, node: Node, seen: frozenset = frozenset()) -> str | None:
        if node.id in self._towns:
            return self._towns[node.id]
        if node.id in seen:
            return None
        seen = seen | {node.id}
        found = None
        if node.label == "Region" and node.props.get("kind") in TOWN_KINDS:
            found = node.id
        else:
            steps = {"Region": ("PART_OF",), "Enterprise": ("LOCATED_IN",),
                     "OrgUnit": ("BASED_IN", "MEMBER_OF"), "Person": ("MEMBER_OF", "WORKS_AT"),
                     "IndustryChain": ()}[node.label]
            for rel in steps:
                for target in self.out.get((rel, node.id), ()):
                    found = self.town(self.by_id[target], seen)
                    if found:
                        break
                if found:
                    break
        if found:  # a town not found yet may be found once more relationships are resolved
            self._towns[node.id] = found
        return found

    def town_name(self, node: Node) -> str:
        town = self.town(node)
        return self.by_id[town].name if town else "所在乡镇不详"

    # ------------------------------------------------------------- names
    def find(self, ref: Ref, scope: str | None, row_node: Node | None) -> Node | None:
        where = (ref.sheet, ref.row, ref.column)
        what = "、".join(LABEL_ZH[lab] for lab in ref.labels)
        if ref.by == "id":
            node = self.by_id.get(ref.text)
            if node is None or node.label not in ref.labels:
                self._problem(where, f"找不到编号为“{ref.text}”的{what}")
                return None
            return node
        candidates = self._named(ref.text, ref.labels)
        if not candidates:
            name, note = strip_annotation(ref.text)
            node = self.by_id.get(note) if note else None
            if node is not None and node.label in ref.labels:
                if node.name != name:
                    self._problem(where, f"编号 {note} 的名称是“{node.name}”，与“{name}”不符")
                    return None
                return node
            candidates = self._named(name, ref.labels) if note else []
        if not candidates:
            node = self.by_id.get(ref.text)
            if node is not None and node.label in ref.labels:
                return node
            self._problem(where, f"找不到名为“{ref.text}”的{what}")
            return None
        if len(candidates) > 1 and row_node is not None and row_node.label == "OrgUnit":
            members = [c for c in candidates if (c.id, row_node.id) in self.members]
            candidates = members if len(members) == 1 else candidates
        if len(candidates) > 1 and scope:
            local = [c for c in candidates if self.town(c) == scope]
            candidates = local if local else candidates
        if len(candidates) == 1:
            return candidates[0]
        shown = "；".join(f"{c.id}（{self.town_name(c)}）" for c in candidates[:6])
        self._problem(where, f"“{ref.text}”对应{len(candidates)}个同名{what}：{shown}，无法确定是哪一个。"
                             f"请写成“{ref.text}（{candidates[0].id}）”这样的名称加编号")
        return None

    def _named(self, name: str, labels: tuple[str, ...]) -> list[Node]:
        found = [n for lab in labels for n in self.by_name.get((lab, name), ())]
        if not found and "OrgUnit" in labels:
            found = list(self.by_org_key.get(org_key(name), ()))
        return found

    def _problem(self, where: tuple, message: str) -> None:
        self.built.problems.append(LedgerProblem(*where, message))

    # ------------------------------------------------------------- links
    def resolve(self) -> dict[str, dict[tuple[str, str], dict]]:
        links = sorted(self.built.links, key=_phase)
        phase = None
        for link in links:
            if _phase(link) != phase:
                phase, self._towns = _phase(link), {}
            self._link(link)
        result: dict[str, dict[tuple[str, str], dict]] = defaultdict(dict)
        for (rel, source, target), (props, _) in self.rels.items():
            result[rel][(source, target)] = props
        return result

    def _link(self, link: Link) -> None:
        where_row = (link.sheet, link.row, None)
        scope = self.town_named(link.town_text, where_row) if link.town_text else None
        row_node = next((e for e in link.ends.values() if isinstance(e, Node)), None)
        if scope is None and row_node is not None:
            scope = self.town(row_node)
        ends: dict[str, Node] = {}
        # named ends of people last: their town narrows the search by the other end's town
        for end in sorted(link.ends, key=lambda e: "Person" in getattr(link.ends[e], "labels", ())):
            value = link.ends[end]
            if isinstance(value, Node):
                ends[end] = value
                continue
            node = self.find(value, scope, row_node)
            if node is None:
                return
            ends[end] = node
            if scope is None:
                scope = self.town(node)
        source, target = ends["from"], ends["to"]
        rel = model.REL_BY_NAME[link.rel]
        ref = next((e for e in link.ends.values() if isinstance(e, Ref)), None)
        where = (ref.sheet, ref.row, ref.column) if ref else where_row
        if (source.label, target.label) not in rel.endpoints:
            self._problem(where, f"{LABEL_ZH[source.label]}“{source.name}”与{LABEL_ZH[target.label]}"
                                 f"“{target.name}”之间不能有 {link.rel} 关系")
            return
        if source.id == target.id and not rel.allow_self:
            self._problem(where, f"“{source.name}”不能与自身有 {link.rel} 关系")
            return
        props = {k: v for k, v in link.props.items()
                 if not (p := rel.prop(k)).only_on or (source.label, target.label) in p.only_on}
        key = (link.rel, source.id, target.id)
        if key in self.rels:
            earlier, first = self.rels[key]
            if earlier != props:
                self._problem(where, f"与工作表“{first.sheet}”第{first.row}行的同一关系属性不一致")
            return
        self.rels[key] = (props, link)
        self.out[(link.rel, source.id)].append(target.id)
        if link.rel == "MEMBER_OF" and source.label == "Person":
            self.members.add((source.id, target.id))
