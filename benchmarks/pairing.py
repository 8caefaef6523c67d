"""Benchmark: the optimal pairing solver against the nearest-centre greedy baseline.

    python benchmarks/pairing.py                 # demo county and a generated province
    python benchmarks/pairing.py --write         # also record the results in BENCHMARKS.md

The demo county is read from an embedded store loaded with seeds/demo (as `orggraph pair`
does). The province (100 counties, ~20,000 villages, ~1,400 towns and streets) comes from
`orggraph.generate` and is turned into villages and existing pairs in memory, the way the
pairing queries read them, so the benchmark times the planning, not a load of millions of rows.
Both planners get the same pruned instance; times are wall-clock seconds on this machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path

import scipy

import hardware  # benchmarks/hardware.py (this folder is on the path when run as a script)

from orggraph import model, output
from orggraph.analyses.pairing import PairingSettings, candidates, plan_from, plan_pairs
from orggraph.analyses.pairing.data import Existing, PairingVillage, read_existing, read_villages
from orggraph.analyses.pairing.greedy import greedy
from orggraph.analyses.pairing.instance import Instance
from orggraph.analyses.pairing.solve import components, solve
from orggraph.generate import COLUMNS, generate
from orggraph.load.load import load_bundle
from orggraph.resources import demo_bundle
from orggraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
HEADING = "## Pairing"


def world_from_rows(batches) -> tuple[list[PairingVillage], Existing]:
    """Villages and existing pairs from generator rows, as pairing/*.cypher would return them."""
    regions, orgs, rels = {}, {}, {t: [] for t in ("PART_OF", "BASED_IN", "CO_BUILDS",
                                                    "MEMBER_OF", "LEADS")}
    for name, rows in batches:
        cols = COLUMNS[name]
        if name == "Region":
            regions.update((r[0], dict(zip(cols, r))) for r in rows)
        elif name == "OrgUnit":
            orgs.update((r[0], dict(zip(cols, r))) for r in rows if r[2] in
                        ("village_branch", "joint_village_branch"))
        elif name in rels:
            rels[name].extend(dict(zip(cols, r)) for r in rows)
    parent = {r["from"]: r["to"] for r in rels["PART_OF"]}
    branch_of, based = {}, {}
    for r in rels["BASED_IN"]:
        if r["from"] in orgs and r["to"] in regions:
            based[r["from"]] = r["to"]
            if orgs[r["from"]]["kind"] == "village_branch":
                branch_of.setdefault(r["to"], r["from"])
    villages = []
    for rid, r in sorted(regions.items()):
        if r["kind"] != "village":
            continue
        town = parent.get(rid)
        county = parent.get(town) if town else None
        branch = orgs.get(branch_of.get(rid)) or {}
        villages.append(PairingVillage(
            rid, r["name"], town, regions.get(town, {}).get("name"),
            county if regions.get(county, {}).get("kind") == "county" else None,
            branch.get("id"), branch.get("stars"), branch.get("weak"),
            tuple(r[p] for p in model.SCORE_PROPS), r["collective_income"], r["main_industry"],
            r["households"], r["population"], r["willing_to_join"], r["lat"], r["lon"]))
    existing = Existing()
    def village_branch(org_id):
        return org_id in based and orgs[org_id]["kind"] == "village_branch"

    for r in rels["CO_BUILDS"]:
        if village_branch(r["from"]) and village_branch(r["to"]) \
                and (r["status"] or "active") == "active":
            existing.add(based[r["from"]], based[r["to"]])
    leader = {r["to"]: based.get(r["from"]) for r in rels["LEADS"] if r["from"] in orgs}
    for r in rels["MEMBER_OF"]:
        joint = orgs.get(r["to"])
        if joint and joint["kind"] == "joint_village_branch" and r["from"] in based:
            existing.add(leader.get(r["to"]) or based.get(r["to"]), based[r["from"]])
    return villages, existing


def measure(name: str, villages, existing, settings: PairingSettings) -> dict:
    start = time.perf_counter()
    cand = candidates.build(villages, existing, settings)
    built = time.perf_counter() - start
    cpu = time.process_time()
    best = solve(cand.instance, settings.time_limit)
    cpu, flat_cpu = time.process_time() - cpu, time.process_time()
    inst = cand.instance   # the same instance without priority tiers: the plan before tiers
    flat = solve(Instance(inst.arcs, inst.lower, inst.upper), settings.time_limit)
    flat_cpu, greedy_cpu = time.process_time() - flat_cpu, time.process_time()
    base = greedy(cand.instance)
    greedy_cpu = time.process_time() - greedy_cpu
    parts = components(cand.instance)
    return {
        "instance": name, "clusters": "cross-town" if settings.cross_town else "same town",
        "max_km": settings.max_km, "villages": len(villages), "weak": len(cand.weak),
        "centres": len(cand.centres), "pairs_allowed": len(cand.instance.arcs),
        "subproblems": len(parts), "milps": best.milps,
        "candidates_s": round(built, 3),
        "solver_paired": best.paired, "solver_score": round(best.value / 100, 2),
        "solver_s": round(best.seconds, 3), "solver_cpu_s": round(cpu, 3),
        "status": "optimal" if best.optimal else f"gap {best.gap:.3%}",
        "untiered_paired": flat.paired, "untiered_s": round(flat.seconds, 3),
        "untiered_cpu_s": round(flat_cpu, 3),
        "tiered_vs_untiered_cpu": f"{cpu / flat_cpu:.2f}x" if flat_cpu else "",
        "greedy_paired": base.paired, "greedy_score": round(base.value / 100, 2),
        "greedy_s": round(base.seconds, 3), "greedy_cpu_s": round(greedy_cpu, 3),
    }


def demo_rows() -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "demo.lbug")) as store:
        load_bundle(store, demo_bundle())
        # The province is read in memory: check that reader against the store on the demo
        # county (seeds/demo is generate("county", 7)).
        from_store = plan_pairs(store).to_json()
        in_memory = plan_from(*world_from_rows(generate("county", 7)), PairingSettings()).to_json()
        if from_store["clusters"] != in_memory["clusters"]:
            raise SystemExit("the in-memory reader disagrees with the store on the demo county")
        rows = []
        for settings in (PairingSettings(), PairingSettings(cross_town=True)):
            start = time.perf_counter()
            villages, existing = read_villages(store), read_existing(store)
            row = measure("demo county", villages, existing, settings)
            row["read_s"] = round(time.perf_counter() - start - row["candidates_s"]
                                  - row["solver_s"] - row["greedy_s"], 3)
            rows.append(row)
        return rows


def province_rows() -> list[dict]:
    start = time.perf_counter()
    villages, existing = world_from_rows(generate("province", 7))
    made = round(time.perf_counter() - start, 1)
    towns = len({v.town for v in villages})
    print(f"province generated in {made} s: {len(villages)} villages in {towns} towns",
          file=sys.stderr)
    rows = []
    for settings in (PairingSettings(), PairingSettings(cross_town=True),
                     PairingSettings(cross_town=True, max_km=25.0)):
        rows.append(measure(f"province ({towns} towns)", villages, existing, settings))
    return rows


def machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{hardware.cpu()} (load average {load} when measured); {hardware.system()}; Python "
            f"{platform.python_version()}; scipy {scipy.__version__} (HiGHS via "
            f"scipy.optimize.milp)")


COLUMNS_SHOWN = ("instance", "clusters", "max_km", "villages", "weak", "centres", "pairs_allowed",
                 "subproblems", "milps", "solver_paired", "greedy_paired", "solver_score",
                 "greedy_score", "solver_s", "solver_cpu_s", "greedy_s", "greedy_cpu_s",
                 "candidates_s", "status", "untiered_paired", "untiered_s", "untiered_cpu_s",
                 "tiered_vs_untiered_cpu")


def markdown(rows: list[dict]) -> str:
    head = "| " + " | ".join(COLUMNS_SHOWN) + " |\n|" + "---|" * len(COLUMNS_SHOWN) + "\n"
    return head + "".join("| " + " | ".join(str(r.get(c, "")) for c in COLUMNS_SHOWN) + " |\n"
                          for r in rows)


def findings(rows: list[dict]) -> str:
    """What the table shows, in words, from the rows themselves."""
    lines = []
    for r in rows:
        lost = r["solver_paired"] - r["greedy_paired"]
        score = 1 - r["greedy_score"] / r["solver_score"] if r["solver_score"] else 0.0
        lines.append(f"- {r['instance']}, {r['clusters']}, {r['max_km']:g} km: greedy pairs "
                     f"{lost} fewer weak village(s) ({r['greedy_paired']} vs "
                     f"{r['solver_paired']}) and its total score is {score:.1%} lower; the "
                     f"solver proves its plan {r['status']} in {r['solver_cpu_s']} CPU s.")
    return "\n".join(lines) + "\n"


def record(rows: list[dict], path: Path) -> None:
    """Replace (or add) this benchmark's section of BENCHMARKS.md, leaving the others alone."""
    section = (f"{HEADING}\n\n`python benchmarks/pairing.py --write` — the optimal solver "
               "(solve.py, lexicographic over the priority tiers: 软弱涣散 first, then 0–1 stars, "
               "2 stars, poor, small and willing; `solver_*`), the same solver without tiers "
               "(`untiered_*`: most weak villages in all, then the score; "
               "`tiered_vs_untiered_cpu` is the ratio of their CPU seconds) and "
               "the nearest-centre greedy (greedy.py) on the same pruned "
               "instance. `weak`: weak villages to plan (not already paired); `pairs_allowed`: "
               "centre–village pairs left after pruning; `milps`: subproblems that needed the "
               "MILP (the rest have one centre and are solved by sorting); `_s` columns are "
               "wall-clock seconds, `_cpu_s` the process's CPU seconds (steadier on a shared "
               "machine); `candidates_s` is building the instance.\n\n"
               f"Machine: {machine()}.\n\n{markdown(rows)}\n{findings(rows)}")
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-province", action="store_true")
    parser.add_argument("--write", action="store_true", help="record results in BENCHMARKS.md")
    args = parser.parse_args()
    rows = demo_rows() + ([] if args.skip_province else province_rows())
    print(output.to_table(rows, COLUMNS_SHOWN, title="Pairing: optimal solver vs nearest-centre "
                                                     "greedy", width=250))
    print(machine())
    if args.write:
        record(rows, ROOT / "BENCHMARKS.md")


if __name__ == "__main__":
    main()
