"""Export the demo county (seeds/demo/) as the messy 台账 workbook a department keeps.

    python scripts/make_demo_ledger.py            # writes seeds/demo-ledger/青溪县党建台账.xlsx

Every sheet opens with a title merged across the table and a unit/date line; headers are in
Chinese, some two-level and merged (`坐标/经度`, `班子成员/书记`); towns are written once and merged
down over their villages; 小计 rows close each town, a 合计 row and 注： lines close each table;
blank rows separate the towns; a 填表说明 sheet carries only text. Values are written the way
台账 write them, varied row by row: 四星 / ★★★★ / 4星级, 是 / √ / 否, 2021年 / 2021.7 / an Excel
date, 1,234户, 44人, 5名, 村 / 社区, 经济干部, 强村带弱村. A person whose name another person in
the county shares is written with their id, `王珍（P-01-00012）`, as a department does to tell
namesakes apart. Relationships are named, never given as ids: 所属乡镇, 上级党组织, 依托单位,
班子成员, 所在党组织, 工作单位, 报到社区, and sheets of 链上企业, 联建, 驻村干部, 联系户, 供应配套.

`orggraph import` with the mapping that `orggraph import --suggest` writes for this workbook
turns it back into seeds/demo exactly (tests/test_ledger_demo.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "seeds" / "demo"
OUT = ROOT / "seeds" / "demo-ledger" / "青溪县党建台账.xlsx"
UNIT = "填报单位：中共青溪县委组织部　　　　截至{:%Y年%-m月%-d日}"

AS_OF = [dt.date(2026, 6, 30)]  # the demo's meta as_of, set in main()
REGION_KIND = {"county": "县", "town": "乡镇", "street": "街道", "village": "村", "community": "社区",
               "grid": "网格", "compound": "小区", "building": "楼栋"}
ORG_KIND = {"county_committee": "县委", "town_committee": "乡镇党委", "street_committee": "街道党工委",
            "joint_village_branch": "联村党总支", "village_branch": "村党组织",
            "community_committee": "社区党委", "grid_branch": "网格党支部",
            "building_group": "楼栋党小组", "enterprise_branch": "企业党组织",
            "joint_branch": "联合党支部", "chain_committee": "产业链党委",
            "agency_branch": "机关党组织", "park_committee": "园区党工委",
            "social_org_branch": "社会组织党组织", "temporary_branch": "临时党支部"}
ENTERPRISE_KIND = {"private": "民营企业", "state_owned": "国有企业", "foreign": "外资企业",
                   "collective": "集体企业", "cooperative": "农民专业合作社",
                   "property_management": "物业服务企业", "social_organization": "社会组织"}
SPECIALTY = {"party_affairs": "党群干部", "economy": "经济干部", "law": "政法干部",
             "agriculture": "农牧干部", "technology": "科技干部"}
TIER = {"upstream": "上游", "midstream": "中游", "downstream": "下游"}
MODE = {"strong_weak": "强村带弱村", "village_enterprise": "村企联建",
        "agency_community": "机关社区结对共建", "alliance": "党建联盟"}
STATUS = {"active": "已共建", "proposed": "拟联建"}
STATION = {"first_secretary": "第一书记", "work_team": "工作队员", "instructor": "党建工作指导员"}
STARS = ["无星", "一星", "二星", "三星", "四星", "五星"]
STARS_LEVEL = ["无星", "一星级", "二星级", "三星级", "四星级", "五星级"]


def read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


class Demo:
    def __init__(self, root: Path):
        self.regions = read(root / "nodes" / "Region.csv")
        self.orgs = read(root / "nodes" / "OrgUnit.csv")
        self.people = read(root / "nodes" / "Person.csv")
        self.enterprises = read(root / "nodes" / "Enterprise.csv")
        self.chains = read(root / "nodes" / "IndustryChain.csv")
        self.rels = {p.stem: read(p) for p in sorted((root / "rels").glob("*.csv"))}
        self.name = {r["id"]: r["name"] for table in (self.regions, self.orgs, self.people,
                                                      self.enterprises, self.chains) for r in table}
        shared = Counter(p["name"] for p in self.people)
        self.namesake = {p["id"] for p in self.people if shared[p["name"]] > 1}
        self.parent = {r["from"]: r["to"] for r in self.rels["PART_OF"]}
        self.kind = {r["id"]: r["kind"] for r in self.regions}

    def person(self, pid: str) -> str:
        """A person as a 台账 names them: the name, and the id where a namesake exists."""
        name = self.name[pid]
        return f"{name}（{pid}）" if pid in self.namesake else name

    def town_of(self, rid: str) -> str | None:
        while rid and self.kind.get(rid) not in ("town", "street"):
            rid = self.parent.get(rid)
        return rid

    def out(self, rel: str, key: str = "from") -> dict[str, list[dict]]:
        found = defaultdict(list)
        for row in self.rels[rel]:
            found[row[key]].append(row)
        return found


class Sheet:
    """One 台账 sheet: title, unit line, a (two-level) header, then rows, totals and notes."""

    def __init__(self, book, name: str, title: str, columns: list[tuple[str, str | None]]):
        from openpyxl.styles import Alignment, Font

        self.ws = book.create_sheet(name)
        self.columns = columns  # (header, parent header or None)
        width = len(columns)
        self.ws.append([title])
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
        self.ws["A1"].font = Font(bold=True, size=14)
        self.ws["A1"].alignment = Alignment(horizontal="center")
        self.ws.append([UNIT.format(AS_OF[0])])
        self.ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        two_levels = any(parent for _, parent in columns)
        top = [parent or header for header, parent in columns]
        self.ws.append(top)
        if two_levels:
            self.ws.append([header if parent else None for header, parent in columns])
            col = 1
            while col <= width:
                parent = columns[col - 1][1]
                if parent is None:
                    self.ws.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
                    col += 1
                    continue
                end = col
                while end < width and columns[end][1] == parent:
                    end += 1
                if end > col:
                    self.ws.merge_cells(start_row=3, start_column=col, end_row=3, end_column=end)
                col = end + 1
        self.serial = 0

    def row(self, values: list) -> int:
        self.serial += 1
        self.ws.append([self.serial] + values)
        return self.ws.max_row

    def blank(self) -> None:
        self.ws.append([])

    def total(self, label: str, sums: dict[int, int]) -> None:
        cells = [None] * len(self.columns)
        cells[0] = label
        for index, value in sums.items():
            cells[index] = value
        self.ws.append(cells)

    def notes(self, *lines: str) -> None:
        self.ws.append([])
        for line in lines:
            self.ws.append([line])
            self.ws.merge_cells(start_row=self.ws.max_row, start_column=1,
                                end_row=self.ws.max_row, end_column=len(self.columns))

    def merge_down(self, column: int, first: int, last: int) -> None:
        if last > first:
            self.ws.merge_cells(start_row=first, start_column=column, end_row=last,
                                end_column=column)


def number(value: str) -> int | float | None:
    if value == "":
        return None
    as_float = float(value)
    return int(value) if as_float.is_integer() and "." not in value else as_float


def messy_count(rng: random.Random, value: str, unit: str):
    if value == "":
        return None
    n = int(value)
    choice = rng.random()
    if choice < 0.2:
        return f"{n:,}{unit}"
    if choice < 0.4:
        return f"{n}{unit}"
    return n


def yes_no(rng: random.Random, value: str, yes=("是", "√"), no=("否",)):
    if value == "":
        return None
    return rng.choice(yes) if value == "true" else rng.choice(no)


def messy_date(rng: random.Random, value: str):
    if value == "":
        return None
    day = dt.date.fromisoformat(value)
    return rng.choice([dt.datetime(day.year, day.month, day.day),
                       f"{day.year}年{day.month}月{day.day}日", f"{day.year}.{day.month:02d}.{day.day:02d}",
                       value, f"{day.year}/{day.month}/{day.day}"])


def messy_year(rng: random.Random, value: str):
    if value == "":
        return None
    year = int(value)
    month = rng.randint(1, 12)
    return rng.choice([f"{year}年", f"{year}.{month}", f"{year}年{month}月",
                       dt.datetime(year, month, 1), year, f"{year}{month:02d}"])


def messy_stars(rng: random.Random, value: str):
    if value == "":
        return None
    n = int(value)
    return rng.choice([STARS[n], STARS_LEVEL[n], "★" * n if n else "无星", n])


REGION_PROPS = [("code", "区划代码", None), ("households", "户数", None),
                ("population", "人口", None), ("lon", "经度", "坐标"), ("lat", "纬度", "坐标"),
                ("collective_income", "村集体经济收入（万元）", None), ("main_industry", "主导产业", None),
                ("score_leadership", "班子建设", "评分"), ("score_industry", "产业基础", "评分"),
                ("score_location", "区位优势", "评分"), ("score_transport", "交通条件", "评分"),
                ("score_service", "为民服务", "评分"), ("willing_to_join", "联建意愿", None),
                ("tags", "村类别", None)]


def region_cells(rng, demo: Demo, region: dict, props: list) -> list:
    cells = []
    for prop, _, _ in props:
        value = region[prop]
        if prop == "code":
            cells.append(value or None)
        elif prop == "households":
            cells.append(messy_count(rng, value, "户"))
        elif prop == "willing_to_join":
            cells.append(yes_no(rng, value, ("是", "愿意", "√"), ("否", "不愿意")))
        elif prop == "tags":
            cells.append("、".join(value.split(";")) if value else None)
        elif prop == "main_industry":
            cells.append(value or None)
        elif prop == "collective_income" and value and rng.random() < 0.3:
            cells.append(f"{value}万元")
        else:
            cells.append(number(value))
    return cells


def used(rows: list[dict], props: list) -> list:
    return [p for p in props if any(r[p[0]] for r in rows)]


def region_sheets(book, rng, demo: Demo) -> None:
    top = [r for r in demo.regions if r["kind"] in ("county", "town", "street")]
    props = used(top, REGION_PROPS)
    sheet = Sheet(book, "县乡镇", "青溪县乡镇（街道）基本情况表",
                  [("序号", None), ("编号", None), ("名称", None), ("类别", None), ("上级区域", None)]
                  + [(h, parent) for _, h, parent in props])
    for region in top:
        kind = REGION_KIND[region["kind"]]
        sheet.row([region["id"], region["name"], kind, demo.name.get(demo.parent.get(region["id"]))]
                  + region_cells(rng, demo, region, props))
    sheet.notes("注：1.类别填县、乡镇、街道；2.坐标为十进制度。")

    villages = [r for r in demo.regions if r["kind"] in ("village", "community")]
    props = used(villages, REGION_PROPS)
    sheet = Sheet(book, "村（社区）", "青溪县村（社区）基本情况统计表",
                  [("序号", None), ("编号", None), ("所属乡镇（街道）", None), ("村（社区）名称", None),
                   ("类别", None)] + [(h, parent) for _, h, parent in props])
    by_town = defaultdict(list)
    for region in villages:
        by_town[demo.parent[region["id"]]].append(region)
    households = 5 + [p[0] for p in props].index("households")
    grand = 0
    for town, members in by_town.items():
        first = None
        subtotal = 0
        for region in members:
            row = sheet.row([region["id"], demo.name[town], region["name"],
                             REGION_KIND[region["kind"]]] + region_cells(rng, demo, region, props))
            first = first or row
            sheet.ws.cell(row=row, column=3).value = demo.name[town] if row == first else None
            subtotal += int(region["households"] or 0)
        sheet.merge_down(3, first, sheet.ws.max_row)
        sheet.total(f"{demo.name[town]}小计", {households: subtotal})
        grand += subtotal
        sheet.blank()
    sheet.total("合计", {households: grand})
    sheet.notes("注：1.村集体经济收入单位为万元；2.村类别可填多项，用顿号分隔；",
                "3.联建意愿填是/否。")

    small = [r for r in demo.regions if r["kind"] in ("grid", "compound", "building")]
    props = used(small, REGION_PROPS)
    sheet = Sheet(book, "网格小区楼栋", "青溪县网格、小区、楼栋登记表",
                  [("序号", None), ("编号", None), ("名称", None), ("类别", None),
                   ("所属乡镇（街道）", None), ("上级区域", None)]
                  + [(h, parent) for _, h, parent in props])
    for region in small:
        sheet.row([region["id"], region["name"], REGION_KIND[region["kind"]],
                   demo.name[demo.town_of(region["id"])], demo.name[demo.parent[region["id"]]]]
                  + region_cells(rng, demo, region, props))
    sheet.notes("注：上级区域填所属村（社区）或小区。")


def org_sheet(book, rng, demo: Demo) -> None:
    parents = demo.out("MEMBER_OF")
    bases = demo.out("BASED_IN")
    leaders = demo.out("LEADS", key="to")
    sheet = Sheet(book, "党组织", "青溪县基层党组织基本情况表",
                  [("序号", None), ("组织编号", None), ("党组织名称", None), ("党组织类别", None),
                   ("上级党组织", None), ("依托单位", None), ("牵头党组织", None), ("星级评定", None),
                   ("是否软弱涣散", None), ("成立时间", None), ("书记", "班子成员"),
                   ("副书记", "班子成员"), ("兼职委员", "班子成员")])
    for org in demo.orgs:
        oid = org["id"]
        up = [alias(rng, demo.name[r["to"]]) for r in parents.get(oid, ()) if r["to"].startswith("O-")]
        leads = leaders.get(oid, ())
        by_role = defaultdict(list)
        for row in leads:
            by_role[row["role"] or "org"].append(row["from"])
        sheet.row([oid, org["name"], ORG_KIND[org["kind"]], "、".join(up) or None,
                   "、".join(demo.name[r["to"]] for r in bases.get(oid, ())) or None,
                   "、".join(demo.name[o] for o in by_role["org"]) or None,
                   messy_stars(rng, org["stars"]), yes_no(rng, org["weak"]),
                   messy_date(rng, org["founded"]),
                   "、".join(demo.person(p) for p in by_role["secretary"]) or None,
                   "、".join(demo.person(p) for p in by_role["deputy_secretary"]) or None,
                   "、".join(demo.person(p) for p in by_role["part_time_member"]) or None])
    sheet.total("合计", {})
    sheet.notes("注：1.星级按年度评定结果填写；2.软弱涣散党组织填是；",
                "3.班子成员有同名的，姓名后注明编号。", "填表人：李**　　审核人：王**")


def alias(rng: random.Random, name: str) -> str:
    """How a 台账 may write a committee: 中共云峰镇委员会 or 云峰镇党委."""
    if not (name.startswith("中共") and name.endswith("委员会")) or rng.random() < 0.5:
        return name
    if name.endswith("县委员会"):
        return name[2:-2]                    # 青溪县委
    if name.endswith("工作委员会"):
        return name[2:-5] + "党工委"          # 城关街道党工委
    return name[2:-3] + "党委"               # 云峰镇党委


def person_sheet(book, rng, demo: Demo) -> None:
    orgs = demo.out("MEMBER_OF")
    work = {r["from"]: r["to"] for r in demo.rels["WORKS_AT"]}
    report = {r["from"]: r["to"] for r in demo.rels["REPORTS_TO"]}
    sheet = Sheet(book, "党员花名册", "青溪县党员花名册",
                  [("序号", None), ("人员编号", None), ("姓名", None), ("性别", None),
                   ("出生年月", None), ("政治面貌", None), ("是否在职党员", None), ("干部类别", None),
                   ("所在党组织", None), ("工作单位", None), ("报到社区", None)])
    for person in demo.people:
        pid = person["id"]
        org = [r["to"] for r in orgs.get(pid, ()) if r["to"].startswith("O-")]
        sheet.row([pid, person["name"], person["gender"] or None,
                   messy_year(rng, person["birth_year"]),
                   None if person["party_member"] == "" else
                   ("中共党员" if person["party_member"] == "true" else "群众"),
                   yes_no(rng, person["in_service"], ("是", "√"), ("否",)),
                   SPECIALTY.get(person["specialty"]),
                   demo.name[org[0]] if org else None,
                   demo.name[work[pid]] if pid in work else None,
                   demo.name[report[pid]] if pid in report else None])
    sheet.total("合计", {})
    sheet.notes("注：出生年月按身份证填写。")


def enterprise_sheets(book, rng, demo: Demo) -> None:
    place = {r["from"]: r["to"] for r in demo.rels["LOCATED_IN"]}
    sheet = Sheet(book, "企业", "青溪县非公有制企业和社会组织党建工作台账",
                  [("序号", None), ("企业编号", None), ("企业名称", None), ("企业类型", None),
                   ("所属行业", None), ("职工人数", None), ("党员人数", None), ("所在地", None)])
    for firm in demo.enterprises:
        sheet.row([firm["id"], firm["name"], ENTERPRISE_KIND[firm["kind"]], firm["sector"] or None,
                   messy_count(rng, firm["employees"], "人"),
                   messy_count(rng, firm["party_members"], "名"),
                   demo.name[place[firm["id"]]] if firm["id"] in place else None])
    sheet.total("合计", {})
    sheet.notes("注：党员人数含预备党员。")

    leaders = defaultdict(list)
    for row in demo.rels["LEADS"]:
        if row["to"].startswith("C-"):
            leaders[row["to"]].append(demo.name[row["from"]])
    sheet = Sheet(book, "产业链", "青溪县重点产业链链长制工作台账",
                  [("序号", None), ("编号", None), ("产业链名称", None), ("行业", None),
                   ("链主企业", None)])
    for chain in demo.chains:
        sheet.row([chain["id"], chain["name"], chain["sector"] or None,
                   "、".join(leaders[chain["id"]]) or None])

    sheet = Sheet(book, "链上企业", "青溪县产业链链上企业名单",
                  [("序号", None), ("产业链", None), ("企业名称", None), ("链上位置", None)])
    for row in demo.rels["MEMBER_OF"]:
        if row["to"].startswith("C-"):
            sheet.row([demo.name[row["to"]], demo.name[row["from"]], TIER.get(row["tier"])])

    sheet = Sheet(book, "供应配套", "链上企业供应配套关系表",
                  [("序号", None), ("供应企业", None), ("配套企业", None), ("配套权重", None)])
    for row in demo.rels["SUPPLIES"]:
        sheet.row([demo.name[row["from"]], demo.name[row["to"]], number(row["weight"])])


def relation_sheets(book, rng, demo: Demo) -> None:
    sheet = Sheet(book, "联建台账", "青溪县跨村联建（结对共建）工作台账",
                  [("序号", None), ("牵头党组织", None), ("结对党组织", None), ("共建类型", None),
                   ("共建时间", None), ("状态", None)])
    for row in demo.rels["CO_BUILDS"]:
        sheet.row([demo.name[row["from"]], demo.name[row["to"]], MODE.get(row["mode"]),
                   f"{row['since']}年" if row["since"] else None, STATUS.get(row["status"])])
    sheet.notes("注：共建类型填强村带弱村、村企联建、机关社区结对共建、党建联盟。")

    stations = demo.rels["STATIONED_IN"]
    until = any(row.get("until") for row in stations)
    sheet = Sheet(book, "驻村干部", "青溪县驻村第一书记和工作队员花名册",
                  [("序号", None), ("姓名", None), ("驻村（驻企）单位", None), ("选派类别", None),
                   ("选派时间", None)] + ([("离任时间", None)] if until else []))
    for row in stations:
        sheet.row([demo.person(row["from"]), demo.name[row["to"]], STATION.get(row["role"]),
                   messy_year(rng, row["since"])]
                  + ([messy_year(rng, row.get("until", ""))] if until else []))

    sheet = Sheet(book, "党员联系户", "党员联系户登记表",
                  [("序号", None), ("党员姓名", None), ("联系网格", None), ("联系户数", None)])
    for row in demo.rels["CONTACTS"]:
        sheet.row([demo.person(row["from"]), demo.name[row["to"]],
                   messy_count(rng, row["households"], "户")])


def main(argv: list[str] | None = None) -> int:
    import openpyxl

    out = Path(argv[0]) if argv else OUT
    demo = Demo(DEMO)
    meta = read(DEMO / "meta.csv") if (DEMO / "meta.csv").exists() else []
    if meta:
        AS_OF[0] = dt.date.fromisoformat(meta[0]["as_of"])
    rng = random.Random(23)
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "填表说明"
    for line in ("青溪县党建工作台账（2026年第二季度）", "",
                 "一、本台账由各乡镇（街道）党（工）委填报，县委组织部汇总。",
                 "二、姓名有重复的，在姓名后用括号注明人员编号。",
                 "三、请勿改动表头。"):
        notes.append([line or None])
    region_sheets(book, rng, demo)
    org_sheet(book, rng, demo)
    person_sheet(book, rng, demo)
    enterprise_sheets(book, rng, demo)
    relation_sheets(book, rng, demo)
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    print(f"Wrote {out} ({', '.join(book.sheetnames)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
