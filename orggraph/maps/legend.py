"""Colours, shapes and legend entries, derived from the model's labels and kinds.

One palette for every map: the Okabe–Ito colours first, then ColorBrewer qualitative colours
(Paired, Dark2, Set3), kept only where they differ from every earlier one, from the no-value grey
and from the white background by CIEDE2000 ≥ 12 (tests/test_maps.py measures it). A map hands out
its categories (kinds, rules, tiers, clusters) in order, so a page uses the first colours, the
most distinct. Sequential values (stars, problem rate) use ColorBrewer's ordered schemes.

A map colours its nodes by one of several schemes (kind, stars, cluster, a view's own); each node
carries its colour under every scheme, and the page switches between them.
"""
from __future__ import annotations

from .. import model, vocabulary

# vis-network shapes with the label below them; one per label so that shape says what a node is.
SHAPES = {"Region": "square", "OrgUnit": "dot", "Person": "triangle", "Enterprise": "diamond",
          "IndustryChain": "star"}
# The symbol the legend shows for each shape.
SYMBOLS = {"square": "■", "dot": "●", "triangle": "▲", "diamond": "◆", "star": "★",
           "triangleDown": "▼", "hexagon": "⬢"}

# The Chinese names of kinds and relationships are vocabulary.py's (TERMS.md §1), in their short
# forms where a legend is narrow.

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
# Okabe–Ito, then ColorBrewer Paired/Dark2/Set3 colours at CIEDE2000 ≥ 12 from all before them
# (selected greedily in that order; the test recomputes the distances).
PALETTE = OKABE_ITO + ("#b2df8a", "#33a02c", "#fb9a99", "#e31a1c", "#cab2d6", "#6a3d9a",
                       "#7570b3", "#e7298a", "#a6761d", "#8dd3c7")
NO_VALUE = "#cfd8dc"   # no value / not concerned: a light grey
EDGE_GREY = "#8a8a8a"  # links that only hold the map together
FLAG_COLOUR = "#d50000"  # the border of a flagged node (a problem, the focus, an unassigned village)
# ColorBrewer RdYlGn (5 classes) for 1..5 stars, a dark grey for 0 stars.
STAR_COLOURS = ("#636363", "#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641")
# No problem: the no-value grey; then ColorBrewer YlOrRd's four darkest of five classes for
# rising shares of units with a problem.
RATE_COLOURS = (NO_VALUE, "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
RATE_BREAKS = (0.0, 0.02, 0.05, 0.10)  # upper bounds of the first four classes


def kinds_of(label: str) -> tuple[str, ...]:
    prop = model.label(label).prop("kind")
    return prop.enum if prop else ()


def palette(index: int) -> str:
    """The colour of the index-th category on a page (repeats past the palette's end)."""
    return PALETTE[index % len(PALETTE)]


category_colour = palette


def label_text(label: str) -> str:
    return model.label(label).zh or label


def kind_text(label: str, kind: str | None) -> str:
    if not kind:
        return label_text(label)
    return vocabulary.enum_short_zh(label, "kind", kind)


def kind_colours(pairs) -> dict[tuple[str, str], str]:
    """Colours of the (label, kind) pairs shown on one page: the palette handed out in the
    model's order of labels and kinds (past the palette's end, colours repeat on another shape)."""
    out: dict[tuple[str, str], str] = {}
    for lab in model.LABELS:
        present = [p for p in pairs if p[0] == lab.name]
        order = {k: i for i, k in enumerate(kinds_of(lab.name))}
        for pair in sorted(present, key=lambda p: order.get(p[1] or "", -1)):
            out[pair] = palette(len(out))
    return out


def star_colour(stars: int | None) -> str:
    return STAR_COLOURS[stars] if isinstance(stars, int) and 0 <= stars <= 5 else NO_VALUE


def star_text(stars: int | None) -> str:
    """TERMS.md §0: star ratings in Chinese numerals."""
    numerals = "零一二三四五"
    return f"{numerals[stars]}星级" if isinstance(stars, int) and 0 <= stars <= 5 else "未评星"


def rate_class(rate: float) -> int:
    return next((i for i, top in enumerate(RATE_BREAKS) if rate <= top), len(RATE_BREAKS))


def rate_text(index: int) -> str:
    if index == 0:
        return "无问题"
    low = RATE_BREAKS[index - 1]
    if index == len(RATE_BREAKS):
        return f"{low * 100:g}%以上"
    return f"{low * 100:g}%–{RATE_BREAKS[index] * 100:g}%"


def entry(key: str, text: str, colour: str, shape: str = "dot") -> dict:
    return {"key": key, "text": text, "color": colour, "symbol": SYMBOLS.get(shape, "●")}


def shape_entries(labels: set[str]) -> list[dict]:
    """What each shape means: one entry per label present in the map."""
    return [entry(lab.name, label_text(lab.name), "#455a64", SHAPES[lab.name])
            for lab in model.LABELS if lab.name in labels]


def rel_text(rel_name: str, source: str | None = None, target: str | None = None) -> str:
    return vocabulary.rel_zh(rel_name, source, target)


def rel_colours(types) -> dict[str, str]:
    """Edge colours of the relationship types drawn on one page, in the model's order."""
    drawn = [rel.name for rel in model.REL_TYPES if rel.name in set(types)]
    return {name: palette(i) for i, name in enumerate(drawn)}


def edge_entries(drawn: dict[str, set], colours: dict[str, str]) -> list[dict]:
    """One legend line per relationship type drawn (type -> {(source label, target label)})."""
    lines = []
    for rel in model.REL_TYPES:
        if rel.name in drawn:
            texts = dict.fromkeys(rel_text(rel.name, a, b) for a, b in sorted(drawn[rel.name]))
            lines.append({"text": " / ".join(texts), "color": colours[rel.name], "dashes": False})
    return lines
