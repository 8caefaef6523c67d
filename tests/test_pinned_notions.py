"""Pinned by tests written against the survivors of mutation testing (scripts/mutation,
docs/TESTING.md): the shared notions (orggraph/notions.py): the reasons' words, the villages table,
dates."""
from __future__ import annotations

import datetime as dt

import pytest

from orggraph import notions
from orggraph.notions import VillageSettings

VILLAGES = VillageSettings()


# --- notions (orggraph/notions.py) ---------------------------------------------------------------

def _why(flagged=False, stars=4, income=50.0, households=800, willing=False, industry=None,
         settings=VILLAGES) -> list[str]:
    return notions.why_to_be_led(flagged, stars, income, households, willing, industry, settings)


def test_the_reasons_a_village_is_led_are_worded_as_terms_section_5():
    # TERMS.md §5 认定为弱村的原因: 软弱涣散村 ｜ {二}星级党组织（0星写“未评星”） ｜
    # 村集体经济收入{x}万元，低于{y}万元 ｜ 小村（{n}户），有联建意愿 ｜ 产业基础评分{x}分，低于{y}分
    assert _why(flagged=True) == ["软弱涣散村"]
    assert _why(stars=0) == ["未评星党组织"]
    assert _why(stars=1) == ["一星级党组织"]
    assert _why(stars=2) == ["二星级党组织"]
    assert _why(income=9.5) == ["村集体经济收入9.5万元，低于10万元"]
    assert _why(households=120, willing=True) == ["小村（120户），有联建意愿"]
    assert _why(industry=49.5, settings=VillageSettings(weak_industry_score=50.0)) == [
        "产业基础评分49.5分，低于50分"]
    # every reason, in this order
    assert _why(flagged=True, stars=1, income=3.0, households=80, willing=True, industry=10.0,
                settings=VillageSettings(weak_industry_score=20.0)) == [
        "软弱涣散村", "一星级党组织", "村集体经济收入3万元，低于10万元", "小村（80户），有联建意愿",
        "产业基础评分10分，低于20分"]


def test_the_villages_table_keeps_its_tags_as_a_tuple_and_rejects_bad_values():
    assert VillageSettings(first_secretary_tags=["脱贫村"]).first_secretary_tags == ("脱贫村",)
    assert VillageSettings(weak_max_stars=0).weak_max_stars == 0
    assert VillageSettings(weak_max_stars=5).weak_max_stars == 5
    assert VillageSettings(term_years=1).term_years == 1
    assert VillageSettings(small_households=0).small_households == 0
    bad = [({"first_secretary_tags": "脱贫村"}, "first_secretary_tags"),
           ({"first_secretary_tags": ["脱贫村", 3]}, "first_secretary_tags"),
           ({"weak_max_stars": True}, "weak_max_stars"), ({"weak_max_stars": 2.0}, "weak_max_stars"),
           ({"weak_max_stars": -1}, "weak_max_stars"), ({"weak_max_stars": 6}, "weak_max_stars"),
           ({"term_years": 0}, "term_years"), ({"term_years": 2.0}, "term_years"),
           ({"small_households": -1}, "small_households"),
           ({"small_households": 300.0}, "small_households")]
    for values, name in bad:
        with pytest.raises(ValueError) as error:
            VillageSettings(**values)
        assert str(error.value).startswith(f"{name} 应为"), values


def test_the_villages_table_errors_say_what_is_allowed():
    messages = {}
    for values in ({"first_secretary_tags": "x"}, {"weak_max_stars": 9}, {"term_years": 0},
                   {"small_households": -1}):
        with pytest.raises(ValueError) as error:
            VillageSettings(**values)
        messages[next(iter(values))] = str(error.value)
    assert messages == {
        "first_secretary_tags": "first_secretary_tags 应为文字列表",
        "weak_max_stars": "weak_max_stars 应为0至5的整数",
        "term_years": "term_years 应为1以上的整数",
        "small_households": "small_households 应为0以上的整数"}


def test_a_date_is_read_as_yyyy_mm_dd_and_a_bad_one_is_named():
    assert notions.parse_date(" 2025-06-30 ") == dt.date(2025, 6, 30)
    assert notions.parse_date(dt.date(2025, 1, 2)) == dt.date(2025, 1, 2)
    with pytest.raises(ValueError) as error:
        notions.parse_date("30/06/2025")
    assert str(error.value) == "as_of：'30/06/2025' 不是日期（应写作 年-月-日，如 2025-06-30）"
    with pytest.raises(ValueError) as error:
        notions.parse_date("2025-13-01", where="meta.csv row 2")
    assert str(error.value) == ("meta.csv row 2：'2025-13-01' 不是日期"
                                "（应写作 年-月-日，如 2025-06-30）")
    with pytest.raises(ValueError) as error:     # no place: the caller (--as-of) names it
        notions.parse_date("2025-13-01", where="")
    assert str(error.value) == "'2025-13-01' 不是日期（应写作 年-月-日，如 2025-06-30）"


class _MetaStore:
    """A store that answers the as-of query with `rows`, or fails like a database without Meta."""

    def __init__(self, rows=None, fails=False):
        self.rows, self.fails, self.asked = rows or [], fails, []

    def query(self, text, params=None):
        self.asked.append((text, params))
        if self.fails:
            raise RuntimeError("Binder exception: table Meta does not exist")
        return self.rows


def test_the_as_of_date_is_given_else_the_bundles_else_the_load_date_else_today():
    given = dt.date(2024, 12, 31)
    assert notions.as_of(_MetaStore(fails=True), given) == given
    store = _MetaStore([{"as_of": "2025-03-31", "loaded": "2025-04-02"}])
    assert notions.as_of(store) == dt.date(2025, 3, 31)
    assert store.asked == [(notions.READ_META, {"id": "bundle"})]
    assert notions.as_of(_MetaStore([{"as_of": None, "loaded": "2025-04-02"}])) == dt.date(2025, 4, 2)
    assert notions.as_of(_MetaStore([{"as_of": "", "loaded": None}])) == dt.date.today()
    assert notions.as_of(_MetaStore([])) == dt.date.today()
    assert notions.as_of(_MetaStore(fails=True)) == dt.date.today()


def test_must_have_first_secretary_gives_weak_before_the_tags_in_the_tables_order():
    settings = VillageSettings(first_secretary_tags=("易地扶贫搬迁村", "脱贫村"))
    assert notions.must_have_first_secretary(True, None, ["脱贫村", "易地扶贫搬迁村"], settings) == (
        "weak", "易地扶贫搬迁村", "脱贫村")
    assert notions.must_have_first_secretary(False, 3, [], VILLAGES) == ()
    assert notions.must_have_first_secretary(None, 2, ["脱贫村"], VILLAGES) == ("weak", "脱贫村")


def test_the_villages_table_defaults_are_the_documents_numbers():
    assert (VILLAGES.weak_max_stars, VILLAGES.term_years, VILLAGES.poor_income_below,
            VILLAGES.small_households, VILLAGES.weak_industry_score) == (2, 2, 10.0, 300, 0.0)
    assert VILLAGES.first_secretary_tags == ("脱贫村", "易地扶贫搬迁村")
    assert notions.SECTION == VillageSettings.SECTION == "villages"
    assert notions.META_ID == "bundle"


def test_a_station_with_an_end_is_in_office_every_year_from_its_start_to_its_end():
    assert notions.in_office(2020, 2025, 2022, 2) and notions.in_office(2020, 2025, 2020, 2)
    assert not notions.in_office(2020, 2025, 2019, 2)
    assert notions.in_office(None, 2025, 2025, 2) and not notions.in_office(None, 2025, 2024, 2)
