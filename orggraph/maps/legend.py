"""Colours, shapes and legend entries, derived from the model's labels and kinds.

A map colours its nodes by one of several schemes (kind, stars, cluster, a view's own); each node
carries its colour under every scheme, and the page switches between them.
"""
from __future__ import annotations

import colorsys

from .. import model

# vis-network shapes with the label below them; one per label so that shape says what a node is.
SHAPES = {"Region": "square", "OrgUnit": "dot", "Person": "triangle", "Enterprise": "diamond",
          "IndustryChain": "star"}
# The symbol the legend shows for each shape.
SYMBOLS = {"square": "■", "dot": "●", "triangle": "▲", "diamond": "◆", "star": "★",
           "triangleDown": "▼", "hexagon": "⬢"}

# Chinese names of the model's kinds, for legends that leaders read. Every enum value of every
# `kind` must have one (tests/test_maps.py checks this against the model).
KIND_ZH = {
    "province": "省", "city": "市", "county": "县", "town": "乡镇", "street": "街道",
    "village": "村", "community": "社区", "grid": "网格", "compound": "小区", "building": "楼栋",
    "county_committee": "县委", "town_committee": "乡镇党委", "street_committee": "街道党工委",
    "park_committee": "园区党委", "joint_village_branch": "联村党总支",
    "village_branch": "村党组织", "community_committee": "社区大党委", "grid_branch": "网格党支部",
    "building_group": "楼栋党小组", "enterprise_branch": "企业党组织", "joint_branch": "联合党支部",
    "chain_committee": "产业链党委", "agency_branch": "机关党组织",
    "social_org_branch": "社会组织党组织", "temporary_branch": "临时党组织",
    "private": "民营企业", "state_owned": "国有企业", "foreign": "外资企业", "collective": "集体企业",
    "cooperative": "合作社", "property_management": "物业企业", "social_organization": "社会组织",
}
STAR_COLOURS = ("#9e9e9e", "#d73027", "#fc8d59", "#fee08b", "#91cf60", "#1a9850")  # 0..5 stars
NO_VALUE = "#cfd8dc"
PERSON_COLOUR = "#78909c"
CHAIN_COLOUR = "#6a1b9a"


def kinds_of(label: str) -> tuple[str, ...]:
    prop = model.label(label).prop("kind")
    return prop.enum if prop else ()


def _hex(hue: float, saturation: float = 0.62, value: float = 0.86) -> str:
    r, g, b = colorsys.hsv_to_rgb(hue % 1.0, saturation, value)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def _kind_colours() -> dict[tuple[str, str], str]:
    # Golden-angle hues over every (label, kind) of the model: distinct and stable across maps.
    pairs = [(lab.name, kind) for lab in model.LABELS for kind in kinds_of(lab.name)]
    return {pair: _hex(i * 0.618034, 0.55 + 0.3 * (i % 2), 0.92 - 0.12 * (i % 3))
            for i, pair in enumerate(pairs)}


KIND_COLOURS = _kind_colours()


def label_text(label: str) -> str:
    zh = model.label(label).zh
    return f"{zh} {label}" if zh else label


def kind_text(label: str, kind: str | None) -> str:
    if not kind:
        return label_text(label)
    return f"{model.label(label).zh}·{KIND_ZH.get(kind, kind)}"


def kind_colour(label: str, kind: str | None) -> str:
    if label == "Person":
        return PERSON_COLOUR
    if label == "IndustryChain":
        return CHAIN_COLOUR
    return KIND_COLOURS.get((label, kind or ""), NO_VALUE)


def star_colour(stars: int | None) -> str:
    return STAR_COLOURS[stars] if isinstance(stars, int) and 0 <= stars <= 5 else NO_VALUE


def star_text(stars: int | None) -> str:
    return f"{stars}星" if isinstance(stars, int) else "无星级"


def category_colour(index: int) -> str:
    """The colour of the index-th category (a cluster, a rule, a tier)."""
    return _hex(0.07 + index * 0.618034, 0.7, 0.88)


def entry(key: str, text: str, colour: str, shape: str = "dot") -> dict:
    return {"key": key, "text": text, "color": colour, "symbol": SYMBOLS.get(shape, "●")}


def shape_entries(labels: set[str]) -> list[dict]:
    """What each shape means: one entry per label present in the map."""
    return [entry(lab.name, label_text(lab.name), "#455a64", SHAPES[lab.name])
            for lab in model.LABELS if lab.name in labels]


# Relationship colours: muted, one per type of the model.
REL_COLOURS = {rel.name: _hex(0.58 + i * 0.618034, 0.45, 0.7) for i, rel in enumerate(model.REL_TYPES)}


def rel_colour(rel_name: str) -> str:
    return REL_COLOURS.get(rel_name, "#9e9e9e")


def rel_text(rel_name: str) -> str:
    rel = model.REL_BY_NAME.get(rel_name)
    return f"{rel.zh} {rel.name}" if rel and rel.zh else rel_name


def edge_entries(types: set[str]) -> list[dict]:
    """One legend line per relationship type present, in the model's order."""
    return [{"text": rel_text(rel.name), "color": rel_colour(rel.name), "dashes": False}
            for rel in model.REL_TYPES if rel.name in types]
