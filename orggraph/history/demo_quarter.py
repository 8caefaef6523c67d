"""The demo county a quarter later (data as of 2025-09-30, the first quarter's 2025-06-30): the first quarter's bundle with a change set
applied, so `orggraph demo` can show a replace load, the history, `coverage --since` and the
ranking moving. Written from whatever `seeds/demo` holds, so the two quarters never drift apart.

What the towns report in the second quarter:
- 整改 (gaps closed): 向阳村 gets a first secretary; 青溪兰馨茶叶加工 sets up its own branch;
  东风桥村 and 银杏寨村 pair with 飞龙岭村 (跨村联建); 东风桥村第11网格 gets a grid branch;
  和平坪村党支部 gets a secretary.
- New gaps: 樱桃坡村党支部's secretary leaves; two in-service members of 云峰镇 no longer report
  to their community.
- 撤并: 金竹溪村 is merged into 何家寨村 (陈家镇): the village and its branch leave the 台账, its
  grids, enterprises and members go to 何家寨村 and its branch, its households are added there.
"""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

AS_OF_Q2 = "2025-09-30"
MERGED, INTO = "R-01T03V07", "R-01T03V10"          # 金竹溪村 → 何家寨村
MERGED_ORG, INTO_ORG = "O-01T03V07", "O-01T03V10"


def _read(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    seen, unique = set(), []
    for row in rows:  # one row per node id, or per (from, to) for relationships
        key = row["id"] if "id" in header else (row["from"], row["to"])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows({h: row.get(h, "") for h in header} for row in unique)


class _Bundle:
    def __init__(self, folder: Path):
        self.folder = folder
        self.files = {p.relative_to(folder).as_posix(): _read(p)
                      for p in sorted(folder.glob("*/*.csv"))}

    def rows(self, name: str) -> list[dict]:
        return self.files[name][1]

    def keep(self, name: str, test) -> None:
        header, rows = self.files[name]
        self.files[name] = (header, [r for r in rows if test(r)])

    def add(self, name: str, *rows: dict) -> None:
        self.files[name][1].extend(rows)

    def save(self) -> None:
        for name, (header, rows) in self.files.items():
            _write(self.folder / name, header, rows)


def _person(pid: str, name: str, gender: str, born: int, specialty: str = "",
            in_service: bool = True) -> dict:
    return {"id": pid, "name": name, "gender": gender, "birth_year": str(born),
            "party_member": "true", "in_service": str(in_service).lower(), "specialty": specialty}


def _merge_village(b: _Bundle) -> None:
    """金竹溪村 into 何家寨村: what pointed at the one points at the other; its branch goes."""
    regions = {r["id"]: r for r in b.rows("nodes/Region.csv")}
    for prop in ("households", "population"):
        if regions[MERGED].get(prop) and regions[INTO].get(prop):
            regions[INTO][prop] = str(int(regions[INTO][prop]) + int(regions[MERGED][prop]))
    b.keep("nodes/Region.csv", lambda r: r["id"] != MERGED)
    b.keep("nodes/OrgUnit.csv", lambda r: r["id"] != MERGED_ORG)
    b.keep("rels/PART_OF.csv", lambda r: r["from"] != MERGED)
    for name in ("rels/PART_OF.csv", "rels/LOCATED_IN.csv", "rels/BASED_IN.csv",
                 "rels/REPORTS_TO.csv", "rels/CONTACTS.csv"):
        for row in b.rows(name):
            if row["to"] == MERGED:
                row["to"] = INTO
    for row in b.rows("rels/MEMBER_OF.csv"):  # members and grid groups join the other branch
        if row["to"] == MERGED_ORG:
            row["to"] = INTO_ORG
    gone = {MERGED, MERGED_ORG}
    for name in ("rels/MEMBER_OF.csv", "rels/LEADS.csv", "rels/CO_BUILDS.csv",
                 "rels/BASED_IN.csv", "rels/STATIONED_IN.csv"):
        b.keep(name, lambda r: r["from"] not in gone and r["to"] not in gone)


def write_second_quarter(first: str | Path, target: str | Path) -> Path:
    """Write the second quarter's bundle into `target` (replaced if it exists) from the first
    quarter's bundle folder `first` (the demo county)."""
    first, target = Path(first), Path(target)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(first, target, ignore=shutil.ignore_patterns("meta*"))
    b = _Bundle(target)
    # Gaps closed (整改).
    b.add("nodes/Person.csv", _person("P-01-Q2001", "龙志远", "男", 1986, "agriculture"),
          _person("P-01-Q2002", "王晓燕", "女", 1984), _person("P-01-Q2003", "杨光明", "男", 1979, in_service=False),
          _person("P-01-Q2004", "陈德华", "男", 1975, in_service=False))
    # The two in-service newcomers report to a community where they live (双报到).
    b.add("rels/REPORTS_TO.csv", {"from": "P-01-Q2001", "to": "R-01T01C1"},
          {"from": "P-01-Q2002", "to": "R-01T01C1"})
    b.add("rels/STATIONED_IN.csv",
          {"from": "P-01-Q2001", "to": "R-01T08V04", "role": "first_secretary", "since": "2025"})
    b.add("nodes/OrgUnit.csv",
          {"id": "O-01E0003", "name": "青溪兰馨茶叶加工股份有限公司党支部",
           "kind": "enterprise_branch", "founded": "2025-08-12"},
          {"id": "O-01T02V01G11", "name": "东风桥村第11网格党小组", "kind": "grid_branch",
           "founded": "2025-07-20"})
    b.add("rels/BASED_IN.csv", {"from": "O-01E0003", "to": "E-01-0003"},
          {"from": "O-01T02V01G11", "to": "R-01T02V01G11"})
    b.add("rels/MEMBER_OF.csv", {"from": "O-01E0003", "to": "O-01T06"},
          {"from": "O-01T02V01G11", "to": "O-01T02V01"},
          {"from": "P-01-Q2002", "to": "O-01E0003"}, {"from": "P-01-Q2003", "to": "O-01T02V01G11"},
          {"from": "P-01-Q2004", "to": "O-01T09V05"})
    b.add("rels/LEADS.csv", {"from": "P-01-Q2002", "to": "O-01E0003", "role": "secretary"},
          {"from": "P-01-Q2003", "to": "O-01T02V01G11", "role": "secretary"},
          {"from": "P-01-Q2004", "to": "O-01T09V05", "role": "secretary"})
    b.add("rels/CO_BUILDS.csv",
          {"from": "O-01T02V04", "to": "O-01T02V01", "mode": "strong_weak", "since": "2025",
           "status": "active"},
          {"from": "O-01T02V04", "to": "O-01T02V02", "mode": "strong_weak", "since": "2025",
           "status": "active"})
    # New gaps.
    b.keep("rels/LEADS.csv", lambda r: not (r["to"] == "O-01T05V01" and r["role"] == "secretary"))
    b.keep("rels/REPORTS_TO.csv", lambda r: r["from"] not in ("P-01-03190", "P-01-03191"))
    # 撤并.
    _merge_village(b)
    b.save()
    if (first / "meta.csv").is_file():  # the first quarter declares its date: so does this one
        _write_meta(target, AS_OF_Q2)
    return target


def _write_meta(folder: Path, as_of: str) -> None:
    """The bundle's as-of date, where the bundle format has a place for it (meta.csv)."""
    (folder / "meta.csv").write_text(f"as_of\n{as_of}\n", encoding="utf-8")
