"""The usual Chinese column names of 台账 for every property and relationship (TERMS.md §4).

`COLUMNS[owner]` lists, for a sheet holding that label or relationship type, what a column can be
and the headers it is usually written as. A header `父/子` (a flattened two-level header) is
matched whole, then by its parts. `SHEET_WORDS` are words in a sheet's name or title that say
what the sheet holds.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Target:
    kind: str                                  # "property", "reference", "town" or "skip"
    prop: str | None = None
    rel: str | None = None
    end: str | None = None                     # the end the named node takes
    labels: tuple[str, ...] = ()
    rel_props: tuple[tuple[str, str], ...] = ()
    split: bool = False
    of: str | None = None                      # a property of the relationship `of` names

    @property
    def repeatable(self) -> bool:
        return self.kind == "skip"


def P(prop: str, *, of: str | None = None) -> Target:
    return Target("property", prop, of=of)


def R(rel: str, end: str, *labels: str, split: bool = False, **props: str) -> Target:
    return Target("reference", rel=rel, end=end, labels=labels, split=split,
                  rel_props=tuple(props.items()))


SKIP = Target("skip")
TOWN = Target("town")
_TOWN_WORDS = ["所属乡镇", "所属乡镇（街道）", "乡镇（街道）", "乡镇", "所在乡镇", "所在乡镇（街道）",
               "乡镇名称", "街道"]

COMMON: list[tuple[Target, list[str]]] = [
    (SKIP, ["序号", "编号序号", "联系电话", "手机号码", "电话", "身份证号", "身份证号码"]),
]

COLUMNS: dict[str, list[tuple[Target, list[str]]]] = {
    "Region": [
        (P("id"), ["编号", "系统编号", "区域编号", "统一编号"]),
        (P("name"), ["村名", "村名称", "行政村", "村（社区）名称", "村委会名称", "社区名称",
                     "网格名称", "小区名称", "楼栋", "楼栋名称", "名称", "区域名称", "乡镇名称",
                     "乡镇（街道）名称", "村（社区）", "村居名称"]),
        (P("kind"), ["类别", "区域类别", "层级", "区域层级", "类型", "区域类型"]),
        (P("code"), ["区划代码", "统计用区划代码", "行政区划代码", "代码"]),
        (P("households"), ["户数", "总户数", "户籍户数", "农户数", "住户数"]),
        (P("population"), ["人口", "总人口", "户籍人口", "常住人口", "人口数"]),
        (P("lat"), ["纬度"]),
        (P("lon"), ["经度"]),
        (P("collective_income"), ["村集体经济收入（万元）", "村集体经济收入", "集体经济收入",
                                  "村级集体经济收入", "集体经营性收入"]),
        (P("main_industry"), ["主导产业", "支柱产业", "特色产业", "主要产业"]),
        (P("score_leadership"), ["班子建设", "班子建设得分"]),
        (P("score_industry"), ["产业基础", "产业基础得分"]),
        (P("score_location"), ["区位优势", "区位优势得分"]),
        (P("score_transport"), ["交通条件", "交通条件得分"]),
        (P("score_service"), ["为民服务", "为民服务得分"]),
        (P("willing_to_join"), ["联建意愿", "是否愿意联建", "有无联村共建意愿"]),
        (P("tags"), ["村类别", "重点村类型", "村情类型", "标识", "备注"]),
        (R("PART_OF", "to", "Region"), ["上级区域", "所属村（社区）", "所属社区", "所属村",
                                        "所属小区", "所属区域", "上级", "所属县（市、区）",
                                        *_TOWN_WORDS]),
    ],
    "OrgUnit": [
        (P("id"), ["编号", "系统编号", "组织编号", "党组织编号", "统一编号"]),
        (P("name"), ["党组织名称", "党组织全称", "支部名称", "组织名称", "名称"]),
        (P("kind"), ["党组织类别", "组织类别", "组织形式", "类别", "党组织类型"]),
        (P("stars"), ["星级", "星级评定", "星级评定结果", "评星定级", "五星评定", "五星评定结果"]),
        (P("weak"), ["软弱涣散", "是否软弱涣散", "软弱涣散党组织", "整顿对象",
                     "是否软弱涣散党组织", "是否为软弱涣散村级党组织"]),
        (P("founded"), ["成立时间", "成立日期", "建立时间", "组建时间"]),
        (P("status"), ["组建状态"]),
        (R("LEADS", "from", "Person", role="secretary"),
         ["党组织书记", "书记姓名", "支部书记", "书记", "党组织负责人"]),
        (R("LEADS", "from", "Person", split=True, role="deputy_secretary"), ["副书记"]),
        (R("LEADS", "from", "Person", split=True, role="part_time_member"),
         ["兼职委员", "兼职委员姓名", "兼职委员姓名及单位"]),
        (R("LEADS", "from", "OrgUnit"), ["牵头党组织", "牵头单位"]),
        (R("MEMBER_OF", "to", "OrgUnit", split=True),
         ["上级党组织", "隶属党组织", "所属党组织", "上级党委"]),
        (R("BASED_IN", "to", "Region", "Enterprise", "IndustryChain", split=True),
         ["依托单位", "所在单位", "所在村（社区）", "依托村（社区）", "建立单位", "依托"]),
        (TOWN, _TOWN_WORDS),
    ],
    "Person": [
        (P("id"), ["编号", "系统编号", "人员编号", "党员编号", "统一编号"]),
        (P("name"), ["姓名", "党员姓名", "干部姓名"]),
        (P("gender"), ["性别"]),
        (P("birth_year"), ["出生年月", "出生日期", "出生年份"]),
        (P("party_member"), ["政治面貌", "是否党员"]),
        (P("in_service"), ["是否在职党员", "党员类别", "人员类别", "在职情况"]),
        (P("specialty"), ["干部类别", "专业特长", "专业领域"]),
        (R("MEMBER_OF", "to", "OrgUnit"), ["所在党组织", "所在党支部", "组织关系所在党组织"]),
        (R("WORKS_AT", "to", "Enterprise"), ["工作单位", "单位", "工作单位及职务"]),
        (R("REPORTS_TO", "to", "Region"), ["报到社区", "报到小区", "报到社区（小区）"]),
        (TOWN, _TOWN_WORDS),
    ],
    "Enterprise": [
        (P("id"), ["编号", "系统编号", "企业编号", "统一编号"]),
        (P("name"), ["企业名称", "单位名称", "企业全称", "名称"]),
        (P("kind"), ["企业类型", "经济类型", "登记注册类型", "单位性质"]),
        (P("sector"), ["所属行业", "行业", "行业类别", "主营业务"]),
        (P("employees"), ["职工人数", "从业人员数", "员工数", "职工总数", "在岗职工数", "从业人员"]),
        (P("party_members"), ["党员数", "党员人数", "正式党员数", "党员总数"]),
        (R("LOCATED_IN", "to", "Region"), ["所在地", "注册地址", "地址", "所在村（社区）",
                                           *_TOWN_WORDS]),
        (R("MEMBER_OF", "to", "IndustryChain"), ["所属产业链", "产业链"]),
        (P("tier", of="MEMBER_OF"), ["链上位置", "上下游", "环节"]),
    ],
    "IndustryChain": [
        (P("id"), ["编号", "系统编号", "产业链编号", "统一编号"]),
        (P("name"), ["产业链名称", "链名", "名称"]),
        (P("sector"), ["行业", "所属行业", "产业"]),
        (R("LEADS", "from", "Enterprise"), ["链主企业", "链主"]),
    ],
    "MEMBER_OF": [
        (R("MEMBER_OF", "from", "Enterprise"), ["企业名称", "链上企业", "企业"]),
        (R("MEMBER_OF", "to", "IndustryChain"), ["产业链", "产业链名称", "所属产业链"]),
        (P("tier"), ["链上位置", "上下游", "环节"]),
        (R("MEMBER_OF", "from", "Person"), ["姓名", "党员姓名"]),
        (R("MEMBER_OF", "to", "OrgUnit"), ["所在党组织", "所在党支部"]),
    ],
    "CO_BUILDS": [
        (R("CO_BUILDS", "from", "OrgUnit"), ["牵头党组织", "强村党组织", "帮带党组织", "牵头村",
                                             "强村", "牵头方"]),
        (R("CO_BUILDS", "to", "OrgUnit"), ["结对党组织", "弱村党组织", "被帮带党组织", "结对村",
                                           "弱村", "结对方"]),
        (P("mode"), ["共建类型", "联建模式", "结对方式", "联建类型"]),
        (P("since"), ["共建时间", "结对时间", "联建时间", "共建年份", "起始年份"]),
        (P("status"), ["状态", "共建状态", "联建状态"]),
        (TOWN, _TOWN_WORDS),
    ],
    "STATIONED_IN": [
        (R("STATIONED_IN", "from", "Person"), ["姓名", "干部姓名", "选派干部"]),
        (R("STATIONED_IN", "to", "Region", "Enterprise"),
         ["驻村（社区）", "派驻单位", "驻村（驻企）单位", "驻点单位", "所驻村", "驻村"]),
        (P("role"), ["选派类别", "驻村身份", "身份", "派驻身份"]),
        (P("since"), ["选派时间", "派驻时间", "到村时间", "选派年份", "开始时间"]),
        (P("until"), ["离任时间", "结束时间", "期满时间", "到期时间", "离任年份"]),
        (P("status"), ["状态", "在岗状态"]),
        (TOWN, _TOWN_WORDS),
    ],
    "CONTACTS": [
        (R("CONTACTS", "from", "Person"), ["党员姓名", "姓名"]),
        (R("CONTACTS", "to", "Region"), ["联系网格", "联系户所在网格", "网格", "联系区域"]),
        (P("households"), ["联系户数", "联系农户数", "包联户数"]),
        (TOWN, _TOWN_WORDS),
    ],
    "SUPPLIES": [
        (R("SUPPLIES", "from", "Enterprise"), ["供应企业", "上游企业", "供货企业"]),
        (R("SUPPLIES", "to", "Enterprise"), ["配套企业", "下游企业", "采购企业"]),
        (P("weight"), ["配套权重", "权重", "供应占比", "配套占比"]),
    ],
    "REPORTS_TO": [
        (R("REPORTS_TO", "from", "Person"), ["姓名", "党员姓名"]),
        (R("REPORTS_TO", "to", "Region"), ["报到社区", "报到小区", "社区名称"]),
    ],
    "WORKS_AT": [
        (R("WORKS_AT", "from", "Person"), ["姓名", "党员姓名"]),
        (R("WORKS_AT", "to", "Enterprise"), ["工作单位", "单位", "企业名称"]),
    ],
    "LEADS": [
        (R("LEADS", "from", "Person"), ["姓名", "干部姓名"]),
        (R("LEADS", "to", "OrgUnit"), ["党组织", "党组织名称", "任职党组织"]),
        (P("role"), ["职务", "任职"]),
    ],
}

SHEET_WORDS: dict[str, tuple[str, ...]] = {
    "Region": ("村（社区）", "行政村", "区划", "乡镇", "网格", "小区", "楼栋", "村居"),
    "OrgUnit": ("党组织", "支部"),
    "Person": ("花名册", "党员名册", "人员", "党员信息"),
    "Enterprise": ("企业", "非公", "两新"),
    "IndustryChain": ("产业链",),
    "MEMBER_OF": ("链上企业",),
    "CO_BUILDS": ("联建", "共建", "结对"),
    "STATIONED_IN": ("驻村", "第一书记", "选派", "工作队"),
    "CONTACTS": ("联系户",),
    "SUPPLIES": ("供应", "配套"),
}
