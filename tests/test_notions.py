"""One definition of each domain notion (orggraph/notions.py), and the analyses agreeing on it.

On the demo county, on both stores: coverage's village_without_first_secretary and the cadre plan
name the same villages (also with settings changed away from their defaults and at another
as-of date); after `pair --apply` the plan's unpaired villages are exactly what
weak_village_unpaired reports; influence uses coverage's notion of the chain's alliance and
puts the leader's own party work first.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from orggraph import notions, settings
from orggraph.analyses import coverage, influence
from orggraph.analyses.cadres import CadreSettings, apply_plan as apply_cadres, plan_cadres
from orggraph.analyses.pairing import PairingSettings, apply_plan, plan_pairs
from orggraph.cli import main
from orggraph.config import ConfigError
from orggraph.load.bundle import BundleError
from orggraph.load.load import load_bundle
from orggraph.notions import VillageSettings
from orggraph.store import open_store

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "seeds" / "demo"
AS_OF = dt.date(2025, 6, 30)   # the demo's meta.csv


@pytest.fixture
def demo(store):
    load_bundle(store, DEMO)
    return store


def vacant_by_coverage(store, villages: VillageSettings, as_of=None) -> set[str]:
    found = coverage.find_gaps(store, ["village_without_first_secretary"], villages=villages,
                               as_of=as_of)
    return {f["id"] for f in found}


def vacant_by_cadres(store, villages: VillageSettings, as_of=None) -> set[str]:
    """The villages the cadre plan says must have a first secretary and have none in office."""
    plan = plan_cadres(store, CadreSettings(), villages=villages, as_of=as_of)
    wanting = [p.village for p in plan.matches] + [a for a, _ in plan.unmatched_villages]
    return {a.id for a in wanting if a.must}


CHANGED = VillageSettings(weak_max_stars=3, first_secretary_tags=("脱贫村",), term_years=3)


def test_the_demo_declares_its_date(demo):
    assert notions.as_of(demo) == AS_OF


@pytest.mark.parametrize("villages", [VillageSettings(), CHANGED], ids=["default", "changed"])
def test_coverage_and_cadres_name_the_same_vacant_villages(demo, villages):
    by_coverage = vacant_by_coverage(demo, villages)
    assert by_coverage == vacant_by_cadres(demo, villages)
    assert len(by_coverage) > 10
    earlier = dt.date(2024, 6, 30)
    assert vacant_by_coverage(demo, villages, earlier) == vacant_by_cadres(demo, villages, earlier)


def test_the_settings_move_both_alike(demo):
    default, changed = vacant_by_coverage(demo, VillageSettings()), vacant_by_coverage(demo, CHANGED)
    assert default != changed   # the change matters on the demo, and both analyses follow it


def test_as_of_changes_who_is_in_office(demo):
    now = {f["id"]: f for f in coverage.find_gaps(demo, ["village_without_first_secretary"])}
    before = {f["id"]: f for f in coverage.find_gaps(demo, ["village_without_first_secretary"],
                                                    as_of=dt.date(2024, 6, 30))}
    assert set(now) != set(before)
    assert {f["as_of"] for f in now.values()} == {"2025-06-30"}
    assert {f["as_of"] for f in before.values()} == {"2024-06-30"}
    ended = [f for f in now.values() if f["reason"] == "term_ended"]
    assert ended and all(f["last_until"] < 2025 for f in ended)


def test_a_proposed_station_counts_as_the_plan_made(demo):
    plan = plan_cadres(demo, CadreSettings())
    apply_cadres(demo, plan)
    covered = {p.village.id for p in plan.matches}
    assert covered and not covered & vacant_by_coverage(demo, VillageSettings())


@pytest.mark.parametrize("villages", [
    VillageSettings(),
    VillageSettings(weak_max_stars=1, poor_income_below=12.0, small_households=400)],
    ids=["default", "changed"])
def test_pairing_plan_and_rule_agree_after_apply(demo, villages):
    plan = plan_pairs(demo, PairingSettings(), villages=villages)
    apply_plan(demo, plan)
    left = {v for v, _ in plan.unassigned}
    reported = {f["id"] for f in coverage.find_gaps(demo, ["weak_village_unpaired"],
                                                   villages=villages)}
    assert left and reported == left


def test_a_village_enterprise_link_is_no_cross_village_pairing(demo):
    # 碧水园村 and 金鸡坝村 have only a 村企共建 link: still to be paired.
    reported = {f["id"] for f in coverage.find_gaps(demo, ["weak_village_unpaired"])}
    assert {"R-01T02V05", "R-01T08V10"} <= reported
    plan = plan_pairs(demo, PairingSettings())
    considered = set(plan.cand.weak) | set(plan.cand.skipped)
    assert {"R-01T02V05", "R-01T08V10"} <= considered


def test_influence_uses_the_alliance_of_coverage(demo):
    # Join E-01-0141's branch to the chain's leader's branch, i.e. deeper inside the alliance.
    demo.query("MATCH (a:OrgUnit {id: 'O-01E0141'}), (b:OrgUnit {id: 'O-01E0131'}) "
               "CREATE (a)-[:MEMBER_OF]->(b)", write=True)
    outside = {f["id"] for f in coverage.find_gaps(demo, ["chain_member_outside_alliance"])}
    chains = {r["chain"]: r for r in influence.analyse_chains(demo)}
    recommended = {item["id"] for r in chains.values() for item in r["recommend"]
                   if item["action"] == "join_alliance"}
    assert "E-01-0141" not in outside and "E-01-0141" not in recommended
    pairs = {(f["id"], f["chain"])
             for f in coverage.find_gaps(demo, ["chain_member_outside_alliance"])}
    by_influence = {(e, c.id) for c in influence.fetch(demo).values()
                    for e, m in c.members.items() if e != c.leader and not m["in_alliance"]}
    assert by_influence == pairs


def test_influence_puts_the_leaders_own_party_work_first(demo):
    chains = {r["chain"]: r for r in influence.analyse_chains(demo)}
    c3 = chains["C-01-3"]
    assert c3["leader"] == "E-01-0169" and c3["leader_organised"] is False
    assert c3["recommend"][0]["id"] == "E-01-0169" and c3["recommend"][0]["action"] == "organise"
    c2 = chains["C-01-2"]
    # Every reached member is inside; over all members, E-01-0157 is not.
    assert c2["alliance_share"] == 1.0 and c2["alliance_share_all"] < 1.0
    assert "E-01-0157" in [item["id"] for item in c2["recommend"]]


# --- the one definition ----------------------------------------------------------------------

def _sources(*folders: str):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".py", ".cypher"):
                yield path, path.read_text(encoding="utf-8")


def test_no_notion_is_written_twice():
    for path, text in _sources("orggraph", "cypher"):
        if path.name == "notions.py":
            continue
        assert not re.search(r"stars\s*<=\s*2", text), f"{path}: a weak village of its own"
        assert not re.search(r"PART_OF\*\d*\.\.\d", text), f"{path}: a bounded region walk"
        assert not re.search(r"MEMBER_OF\*\d*\.\.\d", text), f"{path}: a bounded alliance walk"
    for path, text in _sources("cypher"):
        assert not re.search(r"stars\s*<=?\s*\d", text), f"{path}: a star threshold of its own"
    in_office = notions.IN_OFFICE.format(s="s")
    for path, text in _sources("cypher"):
        if "STATIONED_IN" in text and "$term_years" in text:
            assert in_office in text, f"{path}: 'in office' written another way"
        if "weak_max_stars" in text:
            assert "coalesce(b.stars, 99) <= $weak_max_stars" in text or \
                "coalesce(stars, 99) <= $weak_max_stars" in text, path


def test_in_office_in_python_and_cypher_agree(engine, store):
    cases = [(since, until, year) for since in (None, 2020, 2023) for until in (None, 2021, 2024)
             for year in (2019, 2020, 2021, 2022, 2024, 2025)]
    expr = notions.IN_OFFICE.format(s="r")
    rows = store.query(f"UNWIND $cases AS r RETURN r.since AS since, r.until AS until, "
                       f"r.year AS year, {expr.replace('$year', 'r.year')} AS in_office",
                       {"cases": [{"since": s, "until": u, "year": y} for s, u, y in cases],
                        "term_years": 2})
    assert len(rows) == len(cases)
    for row in rows:
        assert row["in_office"] == notions.in_office(row["since"], row["until"], row["year"], 2), row


# --- settings: one object, [villages] shared --------------------------------------------------

def test_settings_are_one_object_with_a_villages_table():
    s = settings.from_config({"villages": {"weak_max_stars": 1, "term_years": 3},
                              "coverage": {"max_contact_households": 12}}, "x.toml")
    assert s.villages.weak_max_stars == 1 and s.villages.term_years == 3
    assert s.coverage.max_contact_households == 12 and s.source == "x.toml"
    with pytest.raises(ConfigError, match=r"x.toml：有不认识的设置表 \[village\]"):
        settings.from_config({"village": {}}, "x.toml")
    with pytest.raises(ConfigError, match=r"\[villages\] 中有不认识的设置项 stars"):
        settings.from_config({"villages": {"stars": 2}}, "x.toml")
    with pytest.raises(ConfigError, match=r"\[cadres\] term_years 已改为 \[villages\] term_years"):
        settings.from_config({"cadres": {"term_years": 3}}, "x.toml")
    with pytest.raises(ConfigError, match="weak_max_stars"):
        settings.from_config({"villages": {"weak_max_stars": 6}}, "x.toml")


def run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def demo_db(db):
    with open_store(db) as store:
        load_bundle(store, DEMO)
    return db


def test_cli_as_of_and_villages_table_reach_every_analysis(demo_db, tmp_path):
    toml = tmp_path / "o.toml"
    toml.write_text("[villages]\nweak_max_stars = 3\nterm_years = 3\n", encoding="utf-8")
    base = ["--db", demo_db, "--config", str(toml)]
    findings = json.loads(run(*base, "coverage", "--rule", "village_without_first_secretary",
                              "--as-of", "2024-06-30", "--format", "json"))
    assert {f["as_of"] for f in findings} == {"2024-06-30"}
    plan = json.loads(run(*base, "cadres", "--as-of", "2024-06-30", "--format", "json"))
    assert plan["summary"]["as_of"] == "2024-06-30" and plan["summary"]["year"] == 2024
    must = {m["village"] for m in plan["matches"] if m["must"]} | {
        v["village"] for v in plan["unmatched_villages"] if v["must"]}
    assert must == {f["id"] for f in findings}
    pairs = json.loads(run(*base, "pair", "--as-of", "2024-06-30", "--format", "json"))
    assert pairs["as_of"] == "2024-06-30" and pairs["objective"]["limits"]["year"] == 2025
    chains = json.loads(run(*base, "influence", "--as-of", "2024-06-30", "--format", "json"))
    assert {c["as_of"] for c in chains} == {"2024-06-30"}
    every = json.loads(run("--db", demo_db, "coverage", "--format", "json"))
    assert {f["rule"] for f in every} == set(coverage.RULE_IDS) and len(coverage.RULE_IDS) == 17
    assert "数据截至2025-06-30" in run("--db", demo_db, "coverage", "--summary")
    assert "as of 2025-06-30" in run("--db", demo_db, "coverage", "--summary", "--lang", "en")
    bad = CliRunner().invoke(main, ["--db", demo_db, "coverage", "--as-of", "2024-13-01"])
    assert bad.exit_code != 0 and "--as-of 的值有误：'2024-13-01' 不是日期" in bad.output


# --- the bundle's date -----------------------------------------------------------------------

def test_bundle_meta_gives_the_as_of_date(store, tmp_path, tiny_bundle):
    import shutil

    bundle = tmp_path / "b"
    shutil.copytree(tiny_bundle, bundle)
    load_bundle(store, bundle)
    assert notions.as_of(store) == dt.date.today()     # no meta: the load date
    (bundle / "meta.csv").write_text("as_of\n2023-12-31\n", encoding="utf-8")
    load_bundle(store, bundle)
    load_bundle(store, bundle)                          # twice: the same
    assert notions.as_of(store) == dt.date(2023, 12, 31)
    assert notions.as_of(store, dt.date(2020, 1, 1)) == dt.date(2020, 1, 1)
    (bundle / "meta.csv").write_text("as_of\n2023-02-30\n", encoding="utf-8")
    with pytest.raises(BundleError, match=r"meta.csv，第2行，A列：as_of：'2023-02-30' 不是日期"):
        load_bundle(store, bundle)
    (bundle / "meta.csv").write_text("as_of,when\n2023-01-01,x\n", encoding="utf-8")
    with pytest.raises(BundleError, match=r"meta.csv，第1行，B列：不认识的列 when"):
        load_bundle(store, bundle)


def test_rules_cite_the_documents_by_title():
    for rule in coverage.RULES:
        assert "《" in rule.source and "seed" not in rule.source.lower(), rule.id
    by_id = coverage.RULE_BY_ID
    assert coverage.S004 in by_id["village_without_first_secretary"].source   # 全覆盖, 期满调整
    assert coverage.S003 in by_id["org_without_parent"].source                 # 断头路
    assert coverage.S000 in by_id["weak_village_unpaired"].source
    assert coverage.S001 in by_id["street_committee_short_of_members"].source
    assert coverage.S002 in by_id["member_contact_overload"].source


def test_readme_rule_table_is_the_catalogue():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `") and line.count(" | ") >= 4:
            rule_id = line.split("`")[1]
            if rule_id in coverage.RULE_BY_ID:
                cells = [c.strip() for c in line.strip("|").split(" | ")]
                rows[rule_id] = cells
    assert list(rows) == list(coverage.RULE_IDS)
    for rule_id, cells in rows.items():
        rule = coverage.RULE_BY_ID[rule_id]
        assert cells[1] == rule.title and cells[2] == rule.label and cells[-1] == rule.source


def test_maps_state_the_as_of_date(demo_db, tmp_path):
    page = tmp_path / "c.html"
    run("--db", demo_db, "render", "coverage", "--within", "R-01T09", "--as-of", "2024-06-30",
        "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert 'id="data-date">2024-06-30' in html and "--as-of 2024-06-30" in html
    run("--db", demo_db, "render", "chain", "--chain", "C-01-3", "-o", str(page))
    assert 'id="data-date">2025-06-30' in page.read_text(encoding="utf-8")
