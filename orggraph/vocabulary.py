"""The Chinese names of the model, in one catalogue (wording by TERMS.md §1).

`orggraph/model.py` declares what exists; this module says what people call it: the Chinese
name of every label, relationship type, column and enum value, what a column holds and an
example. The bundle template, the data dictionary and the loader's Chinese headers all read it,
so a Chinese header that the template writes is one the loader accepts.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import model


@dataclass(frozen=True)
class Term:
    zh: str            # the column header / name people use
    note: str = ""     # what the column holds, in a sentence (Chinese)
    example: str = ""  # an example cell, as written in a bundle


# Labels and relationship types: (name people use, sheet title in a workbook).
LABEL_ZH = {
    "Region": "区域", "OrgUnit": "党组织", "Person": "人员", "Enterprise": "企业",
    "IndustryChain": "产业链",
}
# Each relationship type needs a sheet title of its own (several share a short name).
REL_ZH = {
    "PART_OF": "区域所属", "MEMBER_OF": "隶属与成员", "LEADS": "任职与牵头",
    "CO_BUILDS": "结对共建", "BASED_IN": "依托建立", "LOCATED_IN": "企业所在地",
    "SUPPLIES": "供应配套", "STATIONED_IN": "选派", "REPORTS_TO": "到社区报到",
    "CONTACTS": "党员联系户", "WORKS_AT": "工作单位",
}
REL_NOTE = {
    "PART_OF": "下级区域 → 上级区域（村 → 乡镇，网格 → 社区）",
    "MEMBER_OF": "党员 → 所在党组织；党组织 → 上级党组织（隶属）或产业链党委；企业 → 产业链（链上企业）",
    "LEADS": "人员 → 党组织（任职：书记、副书记、兼职委员）；企业 → 产业链（链主企业）；"
             "党组织 → 党组织（中心村党组织牵头联村党总支）",
    "CO_BUILDS": "帮带方党组织 → 受帮带方党组织",
    "BASED_IN": "党组织 → 其依托建立的区域、企业或产业链（联合党支部依托每家成员企业）",
    "LOCATED_IN": "企业 → 所在区域",
    "SUPPLIES": "供应方企业 → 采购方企业（上游 → 下游）",
    "STATIONED_IN": "干部 → 选派到的村（社区）或企业",
    "REPORTS_TO": "在职党员 → 报到的社区（小区）",
    "CONTACTS": "党员 → 其联系户所在的网格（村、小区）",
    "WORKS_AT": "人员 → 工作单位（企业）",
}

# Example ends of each relationship type, matching its example properties.
REL_EXAMPLE_ENDS = {
    "PART_OF": ("R-01T01V01", "R-01T01"), "MEMBER_OF": ("E-01-0001", "C-01-1"),
    "LEADS": ("P-000123", "O-01T01V01"), "CO_BUILDS": ("O-01T01V02", "O-01T01V05"),
    "BASED_IN": ("O-01T01V01", "R-01T01V01"), "LOCATED_IN": ("E-01-0001", "R-01T01"),
    "SUPPLIES": ("E-01-0001", "E-01-0002"), "STATIONED_IN": ("P-000123", "R-01T01V05"),
    "REPORTS_TO": ("P-000123", "R-01S01C01"), "CONTACTS": ("P-000123", "R-01T01V01G01"),
    "WORKS_AT": ("P-000123", "E-01-0001"),
}

_ID = Term("编号", "全库唯一的编号，由填报单位自定，建议带区划前缀", "R-01T01V01")
_NAME = Term("名称", "全称或通用简称", "和平村")
_FROM = Term("起点编号", "关系起点的编号（须已在本表册或库中）", "P-000123")
_TO = Term("终点编号", "关系终点的编号（须已在本表册或库中）", "O-01T01V01")

# Column headers per label (and "*" for columns shared by every relationship type).
PROPS: dict[str, dict[str, Term]] = {
    "Region": {
        "id": _ID, "name": Term("名称", "区域名称", "和平村"),
        "kind": Term("区域类别", "省、市、县、乡镇、街道、村、社区、网格、小区或楼栋", "村（行政村）"),
        "code": Term("区划代码", "统计用区划代码，按文本填写，保留前导0", "330102001001"),
        "households": Term("户数", "户籍户数（户）", "412"),
        "population": Term("人口", "户籍人口（人）", "1530"),
        "lat": Term("纬度", "WGS84 纬度（度）", "27.766"),
        "lon": Term("经度", "WGS84 经度（度）", "107.465"),
        "collective_income": Term("村集体经济收入（万元）", "上年度村级集体经济收入，单位万元", "12.5"),
        "main_industry": Term("主导产业", "一个主导产业", "茶叶"),
        "score_leadership": Term("班子建设（得分）", "中心村评估：班子建设，0–100分", "82"),
        "score_industry": Term("产业基础（得分）", "中心村评估：产业基础，0–100分", "75"),
        "score_location": Term("区位优势（得分）", "中心村评估：区位优势，0–100分", "68"),
        "score_transport": Term("交通条件（得分）", "中心村评估：交通条件，0–100分", "70"),
        "score_service": Term("为民服务（得分）", "中心村评估：为民服务，0–100分", "80"),
        "willing_to_join": Term("联建意愿", "小散村是否愿意纳入联建：是/否", "是"),
        "tags": Term("村类别标识", "用分号分隔：脱贫村;易地扶贫搬迁村;信访重点村 等", "脱贫村;信访重点村"),
    },
    "OrgUnit": {
        "id": _ID, "name": Term("党组织名称", "党组织全称或通用简称", "和平村党支部"),
        "kind": Term("党组织类别", "见下拉选项", "村党组织"),
        "stars": Term("星级", "评星定级结果，0–5（未评星留空）", "4"),
        "weak": Term("是否软弱涣散", "经排查认定为软弱涣散党组织：是/否", "否"),
        "founded": Term("成立时间", "日期，年-月-日", "2019-07-01"),
        "status": Term("组建状态", "已组建/拟组建（如跨村联建方案拟设的联村党总支）；留空为已组建", "已组建"),
    },
    "Person": {
        "id": _ID, "name": Term("姓名", "姓名（输出时一律脱敏）", "张三"),
        "gender": Term("性别", "男/女", "女"),
        "birth_year": Term("出生年份", "四位年份", "1978"),
        "party_member": Term("是否党员", "中共党员：是/否", "是"),
        "in_service": Term("是否在职党员", "在职党员（须到社区报到）：是/否", "是"),
        "specialty": Term("干部类别", "可选派干部的类别：党群、经济、政法、农牧、科技", "政法干部"),
    },
    "Enterprise": {
        "id": _ID, "name": Term("企业名称", "企业（单位）全称", "青溪茶业有限公司"),
        "kind": Term("企业类型", "见下拉选项", "民营企业（非公有制企业）"),
        "sector": Term("所属行业", "行业或产业", "茶叶加工"),
        "employees": Term("职工人数", "在岗职工（人）", "86"),
        "party_members": Term("党员数", "正式党员人数（名）；留空则按工作单位统计", "3"),
    },
    "IndustryChain": {
        "id": _ID, "name": Term("产业链名称", "产业链名称", "茶产业链"),
        "sector": Term("所属产业", "产业门类", "农业"),
    },
    "*": {"from": _FROM, "to": _TO},
    "MEMBER_OF": {"tier": Term("链上位置", "企业 → 产业链时填写：上游、中游、下游", "上游")},
    "LEADS": {"role": Term("职务", "人员 → 党组织时填写：书记、副书记、兼职委员", "书记")},
    "CO_BUILDS": {
        "mode": Term("共建类型", "强村带弱村、村企联建、机关社区结对共建、党建联盟", "强村带弱村（跨村联建）"),
        "since": Term("共建起始年份", "四位年份", "2024"),
        "status": Term("共建状态", "已共建/拟联建；留空为已共建", "已共建"),
    },
    "SUPPLIES": {"weight": Term("供应权重", "供应量或金额的相对大小（≥ 0）", "1.5")},
    "STATIONED_IN": {
        "role": Term("选派类别", "驻村第一书记、驻村工作队员、党建工作指导员", "驻村第一书记"),
        "since": Term("选派年份", "到岗的年份", "2024"),
        "until": Term("任期届满年份", "任期结束的年份；留空则按默认任期（2年）推算", "2026"),
        "status": Term("选派状态", "在岗/拟选派；留空为在岗", "在岗"),
    },
    "CONTACTS": {"households": Term("联系户数", "该党员联系的户数（户）", "12")},
    "Meta": {
        "id": Term("编号", "固定写 bundle", "bundle"),
        "as_of": Term("截至日期", "台账数据截至的日期（年-月-日）", "2025-06-30"),
        "loaded": Term("导入日期", "由 orggraph 写入", "2025-07-02"),
    },
}

# Enum values → Chinese (TERMS.md §1.2–1.6). Keyed by the enum value: no value means two things.
ENUM_ZH = {
    # Region.kind
    "province": "省（区、市）", "city": "市（州）", "county": "县（市、区）", "town": "乡镇",
    "street": "街道", "village": "村（行政村）", "community": "社区", "grid": "网格",
    "compound": "小区", "building": "楼栋",
    # OrgUnit.kind
    "county_committee": "县委", "town_committee": "乡镇党委", "street_committee": "街道党工委",
    "park_committee": "园区党工委", "joint_village_branch": "联村党总支",
    "village_branch": "村党组织", "community_committee": "社区党委（大党委）",
    "grid_branch": "网格（小区）党支部", "building_group": "楼栋党小组",
    "enterprise_branch": "企业党组织", "joint_branch": "联合党支部",
    "chain_committee": "产业链党委", "agency_branch": "机关党组织",
    "social_org_branch": "社会组织党组织", "temporary_branch": "临时党支部",
    # Enterprise.kind
    "private": "民营企业（非公有制企业）", "state_owned": "国有企业", "foreign": "外资企业",
    "collective": "集体企业", "cooperative": "农民专业合作社",
    "property_management": "物业服务企业", "social_organization": "社会组织",
    # Person.specialty
    "party_affairs": "党群干部", "economy": "经济干部", "law": "政法干部",
    "agriculture": "农牧干部", "technology": "科技干部",
    # relationship properties
    "upstream": "上游", "midstream": "中游", "downstream": "下游",
    "secretary": "书记", "deputy_secretary": "副书记", "part_time_member": "兼职委员",
    "strong_weak": "强村带弱村（跨村联建）", "village_enterprise": "村企联建",
    "agency_community": "机关社区结对共建", "alliance": "党建联盟",
    "active": "已共建", "proposed": "拟联建",
    "first_secretary": "驻村第一书记", "work_team": "驻村工作队员", "instructor": "党建工作指导员",
}
# `status` reads 在岗/拟选派 on a station, 已共建/拟联建 on a co-building (TERMS.md §1.6),
# 已组建/拟组建 on an organisation (TERMS.md §0: proposed 一律写“拟”).
ENUM_ZH_BY_PROP = {
    ("STATIONED_IN", "status"): {"active": "在岗", "proposed": "拟选派"},
    ("OrgUnit", "status"): {"active": "已组建", "proposed": "拟组建"},
}
# Shorter names where the full one crowds a map's legend (the full one is the rule elsewhere).
ENUM_SHORT_ZH = {"province": "省", "city": "市", "county": "县", "village": "村",
                 "private": "民营企业"}
# A relationship's name where it depends on what it joins (TERMS.md §1.1); others: model's zh.
REL_BY_ENDS_ZH = {
    ("MEMBER_OF", "Person", "OrgUnit"): "所在党组织", ("MEMBER_OF", "OrgUnit", "OrgUnit"): "隶属",
    ("MEMBER_OF", "Enterprise", "IndustryChain"): "链上企业",
    ("LEADS", "Person", "OrgUnit"): "任职", ("LEADS", "Enterprise", "IndustryChain"): "链主企业",
    ("LEADS", "OrgUnit", "OrgUnit"): "牵头",
}
# Codes the analyses return in a column (JSON keeps them) → what people read (TERMS.md §5).
CODE_ZH = {
    # coverage, village_without_first_secretary
    "reason": {"no_first_secretary": "未选派驻村第一书记",
               "term_ended": "第一书记任期届满，未调整更换"},
    # influence, recommend
    "action": {"organise": "链主企业建立党组织", "join": "链主企业党组织纳入党建联盟",
               "instructor": "向链主企业选派党建工作指导员", "join_alliance": "纳入党建联盟"},
    # influence, what the leader itself lacks (short, for a table cell)
    "lacks": {"organise": "党组织", "join": "入盟", "instructor": "党建指导员"},
}
BOOL_ZH = {True: "是", False: "否"}
# The template's first sheet: instructions for people, skipped by the loader.
README_SHEET = "说明"


def schema_of(name: str) -> model.Label | model.RelType:
    return model.LABEL_BY_NAME.get(name) or model.REL_BY_NAME[name]


def table_zh(name: str) -> str:
    """The Chinese name of a label or relationship type (also its sheet title in a template)."""
    return LABEL_ZH.get(name) or REL_ZH.get(name) or name


def term(table: str, column: str) -> Term:
    """What a column of a label's or relationship type's file is called in Chinese."""
    for key in (table, "*"):
        found = PROPS.get(key, {}).get(column)
        if found:
            return found
    raise KeyError(f"{table}.{column} has no Chinese name in orggraph/vocabulary.py")


def enum_zh(table: str, prop: str, value: str) -> str:
    return ENUM_ZH_BY_PROP.get((table, prop), {}).get(value) or ENUM_ZH.get(value, value)


def enum_short_zh(table: str, prop: str, value: str) -> str:
    """The enum value's name where space is short (a map's legend and details)."""
    return ENUM_SHORT_ZH.get(value) or enum_zh(table, prop, value)


def rel_zh(rel: str, source: str | None = None, target: str | None = None) -> str:
    """What a relationship is called between nodes of these labels (TERMS.md §1.1)."""
    named = REL_BY_ENDS_ZH.get((rel, source, target))
    if named:
        return named
    found = model.REL_BY_NAME.get(rel)
    return found.zh if found and found.zh else rel


def code_zh(column: str, value):
    """What people read for a code an analysis puts in `column` (the code itself if none)."""
    return CODE_ZH.get(column, {}).get(value, value) if isinstance(value, str) else value


def enum_choices_zh(table: str, prop: model.Prop) -> list[str]:
    return [enum_zh(table, prop.name, value) for value in prop.enum]


def columns(name: str) -> list[str]:
    """The column ids of a label's or type's file, in bundle order (keys first)."""
    schema = schema_of(name)
    keys = ["id"] if isinstance(schema, model.Label) else ["from", "to"]
    return keys + [p for p in schema.prop_names if p not in keys]


def _header_ids(name: str) -> dict[str, str]:
    return {term(name, column).zh: column for column in columns(name)}


_HEADER_IDS = {name: _header_ids(name) for name in (*LABEL_ZH, *REL_ZH)}
_TABLE_IDS = {zh: name for name, zh in (*LABEL_ZH.items(), *REL_ZH.items())}


def header_id(table: str, header: str) -> str:
    """The column id for a header cell: its id as is, or the Chinese header the template writes."""
    return _HEADER_IDS.get(table, {}).get(header, header)


def table_id(title: str) -> str | None:
    """The label or type a sheet title names, in English or in Chinese; None if neither."""
    if title in model.LABEL_BY_NAME or title in model.REL_BY_NAME:
        return title
    return _TABLE_IDS.get(title)


def _zh_spellings() -> dict[str, set[str]]:
    spellings: dict[str, set[str]] = {}
    for value, zh in ENUM_ZH.items():
        spellings.setdefault(value, set()).add(zh)
    for by_value in ENUM_ZH_BY_PROP.values():
        for value, zh in by_value.items():
            spellings.setdefault(value, set()).add(zh)
    return spellings


_ZH_SPELLINGS = _zh_spellings()


def enum_value(prop: model.Prop, cell: str) -> str | None:
    """The enum id that a cell names, by id or by a Chinese label of it; None if neither."""
    if cell in prop.enum:
        return cell
    return next((value for value in prop.enum if cell in _ZH_SPELLINGS.get(value, ())), None)
