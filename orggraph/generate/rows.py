"""The columns the generator fills, per label and relationship type, and a per-county row buffer.

Columns are a subset of orggraph.model, checked at import; a row is a tuple in column order, so a
province streams as plain tuples with no per-row objects.
"""
from __future__ import annotations

from .. import model

COLUMNS: dict[str, tuple[str, ...]] = {
    "Region": ("id", "name", "kind", "code", "households", "population", "lat", "lon",
               "collective_income", "main_industry", *model.SCORE_PROPS, "willing_to_join", "tags"),
    "OrgUnit": ("id", "name", "kind", "stars", "weak", "founded"),
    "Person": ("id", "name", "gender", "birth_year", "party_member", "in_service", "specialty"),
    "Enterprise": ("id", "name", "kind", "sector", "employees", "party_members"),
    "IndustryChain": ("id", "name", "sector"),
    "PART_OF": ("from", "to"),
    "MEMBER_OF": ("from", "to", "tier"),
    "LEADS": ("from", "to", "role"),
    "CO_BUILDS": ("from", "to", "mode", "since", "status"),
    "BASED_IN": ("from", "to"),
    "LOCATED_IN": ("from", "to"),
    "SUPPLIES": ("from", "to", "weight"),
    "STATIONED_IN": ("from", "to", "role", "since"),
    "REPORTS_TO": ("from", "to"),
    "CONTACTS": ("from", "to", "households"),
    "WORKS_AT": ("from", "to"),
}


def _check_columns() -> None:
    for name, cols in COLUMNS.items():
        if name in model.LABEL_BY_NAME:
            known, lead = model.LABEL_BY_NAME[name].prop_names, ("id",)
        else:
            known, lead = model.REL_BY_NAME[name].prop_names, ("from", "to")
        assert cols[:len(lead)] == lead, name
        unknown = [c for c in cols[len(lead):] if c not in known]
        assert not unknown, f"{name}: {unknown} not in orggraph.model"


_check_columns()


class Rows:
    """Rows of one county, per file name, in the order they were added."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[tuple]] = {name: [] for name in COLUMNS}
        self._index = {name: {c: i for i, c in enumerate(cols)} for name, cols in COLUMNS.items()}

    def add(self, file: str, /, *lead: object, **props: object) -> None:
        """add("Region", id, name=..., kind=...) or add("LEADS", from, to, role=...)."""
        index = self._index[file]
        row = [None] * len(index)
        row[:len(lead)] = lead
        for key, value in props.items():
            row[index[key]] = value
        self.by_name[file].append(tuple(row))

    def rel(self, name: str, frm: str, to: str) -> None:
        """A relationship without properties, the commonest row (fast path)."""
        rows = self.by_name[name]
        width = len(COLUMNS[name])
        rows.append((frm, to) if width == 2 else (frm, to) + (None,) * (width - 2))
