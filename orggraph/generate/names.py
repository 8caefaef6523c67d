"""Chinese name pools and the functions that draw names from them.

Pools are tuples, so a draw depends only on the random generator: same seed, same names.
Person names follow the real surname frequencies roughly (王李张刘陈 make about 30 %).
"""
from __future__ import annotations

import itertools
import random

# (surname, weight per mille), the commonest ~100 surnames.
_SURNAMES = (
    ("王", 72), ("李", 72), ("张", 68), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 23), ("赵", 22),
    ("吴", 20), ("周", 19), ("徐", 16), ("孙", 15), ("马", 15), ("朱", 14), ("胡", 13), ("郭", 12),
    ("何", 12), ("高", 11), ("林", 11), ("罗", 11), ("郑", 10), ("梁", 10), ("谢", 8), ("宋", 8),
    ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7), ("彭", 6), ("曾", 6), ("肖", 6),
    ("田", 6), ("董", 6), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5), ("余", 5), ("杜", 5),
    ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4), ("姚", 4),
    ("卢", 4), ("姜", 4), ("崔", 4), ("钟", 4), ("谭", 4), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3),
    ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3),
    ("孟", 3), ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2), ("段", 2),
    ("雷", 2), ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2),
    ("郝", 2), ("龚", 2), ("邵", 2), ("万", 2), ("钱", 2), ("严", 2), ("覃", 2), ("武", 2), ("戴", 2),
    ("莫", 1), ("孔", 1), ("向", 2), ("汤", 1), ("令狐", 1), ("欧阳", 1),
)
SURNAMES = tuple(s for s, _ in _SURNAMES)
SURNAME_CUM = tuple(itertools.accumulate(w for _, w in _SURNAMES))

MALE_CHARS = tuple("伟强军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳磊洋文志国建兵成东"
                   "海峰春德江福贵荣祥生发光金山松永忠学晓卫新胜兴泽远祖富顺昌义进友坤德茂万")
FEMALE_CHARS = tuple("芳娜敏静丽艳娟霞燕玲桂英华兰萍红梅琴云莲秀珍凤洁慧婷雪琳倩颖佳丹莉欣悦瑶"
                     "春菊琼翠芬群素惠月美彩霞玉香")


def person_name(rng: random.Random, female: bool) -> str:
    chars = FEMALE_CHARS if female else MALE_CHARS
    surname = rng.choices(SURNAMES, cum_weights=SURNAME_CUM)[0]
    if rng.random() < 0.28:
        return surname + rng.choice(chars)
    return surname + rng.choice(chars) + rng.choice(chars)


# Place names: a two-character stem and a landform.
PLACE_STEMS = tuple(
    "青杠 核桃 金花 龙凤 桃源 新华 永兴 茅坪 石莲 回龙 黄家 李家 大坪 官堰 落花 杨柳 双河 高台 "
    "红星 团结 光明 新民 兴隆 复兴 金星 太平 长田 枫香 银杏 金竹 麻湾 狮子 天星 云峰 凉风 鱼泉 "
    "白果 竹林 柏林 马鞍 凤凰 龙潭 龙井 桂花 茶园 观音 铁厂 沙坝 何家 刘家 王家 周家 陈家 罗家 "
    "水井 松林 仙人 飞龙 七星 五龙 九龙 三合 四方 万家 百花 千秋 中坝 上坝 下坝 岩脚 坪上 "
    "新场 老街 清江 碧水 翠屏 兰花 金鸡 白云 黑石 红岩 青山 绿水 杉树 柿子 梨树 樱桃 橘子 "
    "新建 和平 联合 胜利 先锋 红旗 东风 向阳 前进 丰收 幸福 民主 建设 新联 共和".split())
PLACE_FORMS = tuple("坝坪湾沟岭山河塘寨堡坡田庄岗场桥溪垭冲园林")

COUNTY_STEMS = tuple("青云凤龙金玉清安永宁平兴德华新秀仁丹枫盘")
COUNTY_FORMS = tuple("溪岭台江山阳水源川泉河城")

STREET_NAMES = ("城关", "东城", "西城", "南湖", "北山", "新城", "江北", "河西")
COMMUNITY_STEMS = tuple(
    "桂花 文化 新城 和平 东门 西门 南门 北门 府前 学府 滨江 湖滨 金桥 锦绣 阳光 建设 "
    "人民 解放 中山 光华 朝阳 团结 红旗 新华 育才 兴华 康乐 幸福".split())
COMPOUND_STEMS = tuple(
    "金域 碧桂 锦绣 翠湖 香樟 御景 龙湖 华府 名都 盛世 阳光 幸福 滨江 书香 紫荆 丹桂 "
    "天骄 凯旋 江南 东方 银河 星辉 未来 雅居 欣园 梧桐 清华 世纪 怡景 和谐".split())
COMPOUND_FORMS = ("小区", "花园", "苑", "家园", "城", "雅居", "公寓")

FIRM_STEMS = tuple(
    "兰馨 鑫源 恒达 华宇 金鼎 富民 绿源 天和 宏盛 瑞丰 盛世 永和 佳禾 新盛 远航 众鑫 "
    "润泽 康达 腾飞 博远 正大 信诚 汇通 弘毅 嘉禾 金诚 隆鑫 丰泰 景泰 中兴 顺达 鸿运 "
    "聚源 天成 益民 德茂 宏图 永盛 安泰 同创 华瑞 兴旺 昌盛 富源 万通 凯瑞 鼎新 精工 "
    "卓越 源丰 茗香 云雾 翠芽 山泉 黔北 乌江 凤岗 银河 星光 春晖 锐驰 迅驰 宏达 联创".split())

# Agencies of a county: (name, specialty of the cadres it sends out).
AGENCIES = (
    ("县委办公室", "party_affairs"), ("县委组织部", "party_affairs"), ("县委宣传部", "party_affairs"),
    ("县纪委监委", "law"), ("县政府办公室", "economy"), ("县发展和改革局", "economy"),
    ("县财政局", "economy"), ("县农业农村局", "agriculture"), ("县林业局", "agriculture"),
    ("县水务局", "agriculture"), ("县科技局", "technology"), ("县工业和信息化局", "technology"),
    ("县商务局", "economy"), ("县公安局", "law"), ("县司法局", "law"), ("县教育局", "party_affairs"),
    ("县卫生健康局", "party_affairs"), ("县自然资源局", "economy"), ("县住房和城乡建设局", "technology"),
    ("县交通运输局", "economy"), ("县市场监督管理局", "law"), ("县人力资源和社会保障局", "economy"),
    ("县乡村振兴局", "agriculture"), ("县统计局", "economy"), ("县供销合作社", "agriculture"),
)

FIRM_SUFFIXES = ("有限公司", "有限责任公司", "有限公司", "有限公司", "股份有限公司")


def unique(rng: random.Random, make, taken: set[str], tries: int = 40) -> str:
    """Draw names with make(rng) until one is not in taken; fall back to a numbered variant."""
    for _ in range(tries):
        name = make(rng)
        if name not in taken:
            taken.add(name)
            return name
    base = make(rng)
    for n in itertools.count(2):
        name = f"{base}{n}"
        if name not in taken:
            taken.add(name)
            return name
    raise AssertionError("unreachable")


def place_name(rng: random.Random) -> str:
    stem = rng.choice(PLACE_STEMS)
    return stem if rng.random() < 0.35 else stem + rng.choice(PLACE_FORMS)


def firm_name(rng: random.Random, county_short: str, business: str) -> str:
    return f"{county_short}{rng.choice(FIRM_STEMS)}{business}{rng.choice(FIRM_SUFFIXES)}"


def compound_name(rng: random.Random) -> str:
    return rng.choice(COMPOUND_STEMS) + rng.choice(COMPOUND_FORMS)
