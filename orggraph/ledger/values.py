"""Turning 台账 cells into property values: 四星/★★★★ → 4, 是/√ → true, 2024年/2024.6 → 2024.

Each converter takes a non-empty cell and returns the value, or raises ValueError with a reason
in Chinese. A converter may also return a `Noted` value: accepted, with a remark for the report
(a date written only to the month is read as the 1st of that month).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .. import model, vocabulary

# Cells that mean "not filled in" (LEDGERS.md: 无, —, null); for yes/no columns 无 means 否.
PLACEHOLDERS = {"", "—", "——", "-", "--", "/", "／", "null", "none", "无", "暂无", "空"}
TRUE_WORDS = {"是", "√", "✓", "✔", "☑", "有", "已", "y", "yes", "true", "t", "1", "愿意", "已报到",
              "在职", "在职党员", "中共党员", "中共预备党员", "预备党员", "党员", "正式党员"}
FALSE_WORDS = {"否", "×", "✗", "✘", "x", "无", "未", "n", "no", "false", "f", "0", "不愿意",
               "未报到", "已整顿转化", "已销号", "离退休", "离退休党员", "退休", "农村", "农村党员",
               "流动", "流动党员", "群众", "共青团员", "民主党派", "非党员", "非在职"}
LIST_SEPARATORS = re.compile(r"[、，,；;]")
CHINESE_DIGITS = {"零": 0, "〇": 0, "无": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
YEAR_PROPS = ("since", "until", "birth_year")
EXCEL_EPOCH = dt.date(1899, 12, 30)

# 中文写法 → 枚举值（TERMS.md §4）: the spellings 台账 use besides the official names, which
# vocabulary.py declares and `_with_official_names` adds; the enum value itself is accepted too.
ENUM_WORDS: dict[str, dict[str, str]] = {
    "Region.kind": {
        "区县": "county", "镇": "town", "乡": "town", "街道办事处": "street", "行政村": "village",
        "居委会": "community", "楼宇": "building"},
    "OrgUnit.kind": {
        "镇党委": "town_committee", "乡党委": "town_committee",
        "联合党委": "joint_village_branch", "联建村党组织": "joint_village_branch",
        "村党支部": "village_branch", "村党总支": "village_branch", "村党委": "village_branch",
        "社区党委": "community_committee", "社区党总支": "community_committee",
        "网格党支部": "grid_branch", "小区党支部": "grid_branch", "楼宇党小组": "building_group",
        "企业党支部": "enterprise_branch", "机关党支部": "agency_branch",
        "社会组织党支部": "social_org_branch", "临时党组织": "temporary_branch"},
    "Enterprise.kind": {
        "民营": "private", "私营": "private", "非公": "private", "私营企业": "private",
        "非公有制企业": "private", "国有": "state_owned", "国有控股": "state_owned",
        "外资": "foreign", "中外合资": "foreign", "外商投资企业": "foreign",
        "集体": "collective", "股份经济合作社": "collective", "村股份经济合作社": "collective",
        "专业合作社": "cooperative", "合作社": "cooperative", "物业": "property_management",
        "物业企业": "property_management", "民办非企业": "social_organization",
        "民办非企业单位": "social_organization", "社会团体": "social_organization"},
    "Person.specialty": {
        "党群": "party_affairs", "党建": "party_affairs", "经济": "economy", "政法": "law",
        "农牧": "agriculture", "农业农村": "agriculture", "农业农村干部": "agriculture",
        "科技": "technology"},
    "MEMBER_OF.tier": {},
    "LEADS.role": {},
    "CO_BUILDS.mode": {
        "强村带弱村": "strong_weak", "跨村联建": "strong_weak", "强带弱": "strong_weak",
        "一对一": "strong_weak", "一对多": "strong_weak", "村企共建": "village_enterprise",
        "结对共建": "agency_community"},
    "CO_BUILDS.status": {"已联建": "active", "拟共建": "proposed"},
    "STATIONED_IN.role": {
        "第一书记": "first_secretary", "工作队员": "work_team", "指导员": "instructor",
        "党建指导员": "instructor"},
    "STATIONED_IN.status": {},
}


def _with_official_names(words: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Each enum's official names (full and short, vocabulary.py) first, then the synonyms."""
    out = {}
    for key, synonyms in words.items():
        owner, name = key.split(".")
        prop = vocabulary.schema_of(owner).prop(name)
        official = {}
        for value in prop.enum:
            official[vocabulary.enum_zh(owner, name, value)] = value
            official.setdefault(vocabulary.enum_short_zh(owner, name, value), value)
        out[key] = official | {w: v for w, v in synonyms.items() if w not in official}
    return out


ENUM_WORDS = _with_official_names(ENUM_WORDS)


@dataclass(frozen=True)
class Noted:
    """A value accepted with a remark for the report."""
    value: object
    remark: str


def text(cell: object) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    return re.sub(r"\s+", " ", str(cell)).strip()


def is_empty(cell: object, prop: model.Prop | None = None) -> bool:
    if cell is None:
        return True
    if isinstance(cell, str):
        word = cell.strip().lower()
        if prop is not None and prop.type == model.BOOL and word == "无":
            return False
        if prop is not None and prop.name == "stars" and word in ("未评星", "未评"):
            return True
        return word in PLACEHOLDERS
    return False


def convert(owner: str, prop: model.Prop, cell: object,
            words: dict[str, object] | None = None) -> object:
    """The value of a non-empty `cell` for `prop` of `owner` (a label or relationship type)."""
    if words:
        key = text(cell)
        if key in words:
            return words[key]
    if prop.name == "stars":
        value = _stars(cell)
    elif prop.type == model.INT and prop.name in YEAR_PROPS:
        value = _year(cell)
    elif prop.type == model.INT:
        value = _int(cell)
    elif prop.type == model.FLOAT:
        value = _float(cell, prop.name == "collective_income")
    elif prop.type == model.BOOL:
        value = _bool(cell)
    elif prop.type == model.DATE:
        value = _date(cell)
    elif prop.type == model.LIST:
        value = [part.strip() for part in LIST_SEPARATORS.split(text(cell)) if part.strip()]
    elif prop.enum:
        value = _enum(owner, prop, cell)
    else:
        value = text(cell)
    plain = value.value if isinstance(value, Noted) else value
    if prop.min is not None and plain < prop.min:
        raise ValueError(f"“{text(cell)}”小于下限{prop.min:g}")
    if prop.max is not None and plain > prop.max:
        raise ValueError(f"“{text(cell)}”大于上限{prop.max:g}")
    return value


def _number_text(cell: object, units: str) -> str:
    word = text(cell).replace(",", "").replace("，", "")
    return re.sub(f"({units})$", "", word).strip()


def _int(cell: object) -> int:
    if isinstance(cell, bool):
        raise ValueError(f"“{text(cell)}”不是整数")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    word = _number_text(cell, "户|人|名|个|家|位")
    if re.fullmatch(r"[+-]?\d+", word):
        return int(word)
    if re.fullmatch(r"[+-]?\d+\.0+", word):
        return int(float(word))
    raise ValueError(f"“{text(cell)}”不是整数")


def _float(cell: object, in_wan: bool) -> float:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    word = text(cell).replace(",", "").replace("，", "")
    scale = 1.0
    if in_wan:
        if word.endswith("万元"):
            word = word[:-2]
        elif word.endswith("万"):
            word = word[:-1]
        elif word.endswith("元"):
            word, scale = word[:-1], 1e-4
    try:
        return round(float(word) * scale, 6) if scale != 1.0 else float(word)
    except ValueError:
        raise ValueError(f"“{text(cell)}”不是数值") from None


def _stars(cell: object) -> int:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return _int(cell)
    word = text(cell).replace(" ", "")
    if word in ("无星", "无星级", "零星"):
        return 0
    if word and set(word) <= {"★"}:
        return len(word)
    match = re.fullmatch(r"([0-5一二两三四五])(?:星级?|颗星)?(?:党组织|党支部)?", word)
    if match:
        digit = match.group(1)
        return int(digit) if digit.isdigit() else CHINESE_DIGITS[digit]
    raise ValueError(f"“{text(cell)}”不是星级（可写四星、四星级、★★★★、4）")


def _bool(cell: object) -> bool:
    if isinstance(cell, bool):
        return cell
    word = text(cell).lower()
    # yes-plus-reason in one cell (LEDGERS.md §1): 是（书记出缺超过3个月）
    word = re.sub(r"^(是|否)\s*[（(：:，,].*$", r"\1", word)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"“{text(cell)}”不是是/否（可写是/否、√/×、有/无、1/0）")


def _serial(number: float) -> dt.date:
    if not 1 <= number < 2958466:
        raise ValueError
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


_FULL = re.compile(r"(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?")
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?")
_YEAR = re.compile(r"(\d{4})\s*年?(?:度)?")


def _date(cell: object) -> dt.date | Noted:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    word = text(cell)
    try:
        if isinstance(cell, (int, float)) and not isinstance(cell, bool) and not \
                re.fullmatch(r"\d{6}|\d{8}|\d{4}(\.\d{1,2})?", word):
            return _serial(float(cell))
        if match := _FULL.fullmatch(word):
            return dt.date(*(int(g) for g in match.groups()))
        if re.fullmatch(r"\d{8}", word):
            return dt.date(int(word[:4]), int(word[4:6]), int(word[6:]))
        if (match := _MONTH.fullmatch(word)) or (match := re.fullmatch(r"(\d{4})(\d{2})", word)):
            year, month = int(match.group(1)), int(match.group(2))
            return Noted(dt.date(year, month, 1), f"“{word}”只写到月，按当月1日计")
        if match := _YEAR.fullmatch(word):
            return Noted(dt.date(int(match.group(1)), 1, 1), f"“{word}”只写到年，按1月1日计")
    except ValueError:
        pass
    raise ValueError(f"“{word}”不是日期（可写2024-06-01、2024年6月1日、2024.6、20240601）")


def _year(cell: object) -> int:
    if isinstance(cell, (dt.date, dt.datetime)):
        return cell.year
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 1900 <= cell < 2101:
            return int(cell)  # 2024 or 2024.6 (a year.month typed as a number)
        if 190001 <= cell <= 210012 and float(cell).is_integer():
            return int(cell) // 100
        if 19000101 <= cell <= 21001231 and float(cell).is_integer():
            return int(cell) // 10000
        try:
            return _serial(float(cell)).year
        except ValueError:
            pass
    word = text(cell)
    match = re.fullmatch(r"(\d{4})(?:\s*(?:[-/.年])\s*\d{1,2}(?:\s*(?:[-/.月])\s*\d{1,2}\s*日?|\s*月)?"
                         r"|\s*年度?|\d{2}|\d{4})?", word)
    if match:
        return int(match.group(1))
    raise ValueError(f"“{word}”不是年份（可写2024、2024年、2024.6、2024年6月）")


def _enum(owner: str, prop: model.Prop, cell: object) -> str:
    word = text(cell)
    if word in prop.enum:
        return word
    chosen = ENUM_WORDS.get(f"{owner}.{prop.name}", {}).get(word.replace(" ", ""))
    if chosen is None:
        known = "、".join(ENUM_WORDS.get(f"{owner}.{prop.name}", {})) or "、".join(prop.enum)
        raise ValueError(f"“{word}”不是可识别的取值（可写：{known}）")
    return chosen
