"""Writing an accepted plan back: proposed pairs, and with `with_branch` a proposed 联村党总支
(joint-village branch) over each cluster, in one transaction (all or nothing).

Seed 000's 跨村联建 sets up 乡镇党委—联村党总支—村党组织: per cluster a joint branch based in the
centre village and led (牵头) by its branch, under the centre branch's committee, with the
partner villages' branches as members and the centre's secretary as its secretary (the demo's
台账 keep their existing 联村党总支 the same way). Its id is derived from the centre branch's, so
applying the same plan twice writes the same graph: the earlier proposal is deleted and set up
again in the same transaction. A centre that leads an existing (active) joint branch already
gets no second one; its new partners are written as proposed pairs only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ... import queries
from ...errors import OrggraphError
from ...store import Store
from .plan import Cluster, PairingPlan

JOINT_SUFFIX = "-JVB"       # joint branch id = centre branch id + this
JOINT_NAME = "{centre}联村党总支"   # TERMS.md §1.3: ××村联村党总支


class ApplyError(OrggraphError):
    """A plan that cannot be written as asked; the message is for the user."""


@dataclass
class Applied:
    written: int = 0            # proposed pairs written
    withdrawn: int = 0          # earlier proposed pairs withdrawn
    joints: list[str] = field(default_factory=list)          # proposed joint branches set up
    joints_withdrawn: int = 0   # earlier proposed joint branches deleted (not set up again)
    kept_joints: list[tuple[str, str]] = field(default_factory=list)  # (centre, active joint)
    no_secretary: list[str] = field(default_factory=list)    # joint branches without one

    def message(self, year: int) -> str:
        """What was written, in words (TERMS.md: proposed 写“拟”)."""
        parts = [f"已写入{year}年拟联建关系{self.written}对"]
        if self.withdrawn:
            parts.append(f"撤回此前拟联建关系{self.withdrawn}对")
        if self.joints:
            parts.append(f"拟组建联村党总支{len(self.joints)}个")
        if self.joints_withdrawn:
            parts.append(f"撤回此前拟组建的联村党总支{self.joints_withdrawn}个")
        if self.kept_joints:
            parts.append("中心村已有联村党总支的，新纳入村只写拟联建关系（"
                         + "、".join(j for _, j in self.kept_joints) + "）")
        if self.no_secretary:
            parts.append("中心村党组织书记空缺，未配书记的联村党总支：" + "、".join(self.no_secretary))
        return "；".join(parts) + "。"


def joint_id(centre_branch: str) -> str:
    return centre_branch + JOINT_SUFFIX


def _rows(store: Store, query_name: str, **params) -> list[dict]:
    query = queries.library()[query_name]
    return store.query(query.text, query.bind(**params))


def _statement(query_name: str, **params) -> tuple[str, dict]:
    query = queries.library()[query_name]
    return query.text, query.bind(**params)


def apply_plan(store: Store, plan: PairingPlan, *, with_branch: bool = False) -> Applied:
    """Write the plan's pairs as CO_BUILDS {mode: strong_weak, status: proposed, since: year}
    from the centre's branch to the weak village's branch, after withdrawing the earlier
    proposals it replaces (pairs, and the proposed joint branches of the centres in scope);
    with `with_branch`, also a proposed joint branch per cluster. One transaction; running it
    twice changes nothing."""
    applied = Applied()
    statements: list[tuple[str, dict]] = []
    for centre_branch, village_branch in plan.withdraw:
        statements.append(_statement("pairing/withdraw", centre_branch=centre_branch,
                                     village_branch=village_branch))
    pairs_from = len(statements)
    for centre_branch, village_branch in plan.proposals:
        statements.append(_statement("pairing/propose", centre_branch=centre_branch,
                                     village_branch=village_branch, since=plan.year))
    joints_from = len(statements)
    statements += _joint_statements(store, plan, with_branch, applied)
    results = store.write_all(statements) if statements else []
    applied.withdrawn = sum(r[0]["withdrawn"] if r else 0 for r in results[:pairs_from])
    applied.written = sum(len(r) for r in results[pairs_from:joints_from])
    return applied


def _joint_statements(store: Store, plan: PairingPlan, with_branch: bool,
                      applied: Applied) -> list[tuple[str, dict]]:
    """The statements that withdraw the earlier proposed joint branches of the centres in scope
    and (with_branch) set up one per cluster."""
    villages = plan.cand.villages
    joints = _rows(store, "pairing/joints")
    active = {r["centre"]: r["joint"] for r in joints if r["status"] == "active" and r["centre"]}
    proposed = {r["joint"]: r["centre"] for r in joints if r["status"] == "proposed"}
    clusters: list[Cluster] = []
    if with_branch:
        for c in plan.clusters:
            if c.centre in active:
                applied.kept_joints.append((c.centre, active[c.centre]))
            else:
                clusters.append(c)
    branches = {c.centre: villages[c.centre].branch for c in clusters}
    new_ids = {joint_id(b) for b in branches.values()}
    taken = store.labels_of(sorted(new_ids - set(proposed)))
    if taken:
        raise ApplyError("无法设立拟组建的联村党总支：编号 "
                         + "、".join(sorted(taken)) + " 已被其他节点使用；未写入任何内容")
    # An earlier proposal goes when its centre is in scope (unless proposals are kept) or when
    # this plan sets it up again.
    gone = sorted(j for j, centre in proposed.items()
                  if j in new_ids or (centre in villages and not plan.settings.keep_proposed))
    applied.joints_withdrawn = sum(1 for j in gone if j not in new_ids)
    statements = [_statement("pairing/joint_withdraw", joints=gone)] if gone else []
    facts = {r["branch"]: r for r in _rows(store, "pairing/centre_branches",
                                           ids=sorted(branches.values()))}
    member_branch = _branches(store, plan) if clusters else {}
    for c in clusters:
        branch = branches[c.centre]
        joint = joint_id(branch)
        statements.append(_statement("pairing/joint_propose", joint=joint,
                                name=JOINT_NAME.format(centre=villages[c.centre].name or c.centre),
                                centre_branch=branch, centre=c.centre))
        parents = sorted(facts[branch]["parents"] or [])
        members = sorted({member_branch[v] for v in c.members if member_branch.get(v)})
        if parents:
            statements.append(_statement("pairing/joint_under", joint=joint, parents=parents))
        if members:
            statements.append(_statement("pairing/joint_join", joint=joint, members=members))
        secretary = facts[branch]["secretary"]
        if secretary:
            statements.append(_statement("pairing/joint_secretary", joint=joint, secretary=secretary))
        else:
            applied.no_secretary.append(joint)
        applied.joints.append(joint)
    return statements


def _branches(store: Store, plan: PairingPlan) -> dict[str, str]:
    """The branch of each village a cluster may hold: those in scope, and a partner outside it
    (a cross-town pair, or member, of a wider plan that a town's plan keeps) by its pair."""
    found = {r["village"]: r["village_branch"] for r in _rows(store, "pairing/co_builds")}
    found |= {r["member"]: r["member_branch"] for r in _rows(store, "pairing/joint_members")}
    return found | {v: village.branch for v, village in plan.cand.villages.items() if village.branch}
