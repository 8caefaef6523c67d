"""What a view is: declared once (name, help, options, needs, builder, what the report draws),
so that `orggraph render`, `orggraph report` and their --help are derived from the declarations.

A leaf module: the view modules import it, the registry (views.py) imports them; no cycle.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..queries import QueryError


class ViewError(QueryError):
    """A map that cannot be drawn as asked; the message is for the user."""


@dataclass(frozen=True)
class Option:
    """An option a view takes; `render` turns it into a command-line option."""
    name: str
    help: str
    metavar: str | None = None
    type: type = str
    default: object = None
    min: int | None = None
    max: int | None = None

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


@dataclass(frozen=True)
class View:
    """One map. `build(store, analyses, **options)` returns (graph, MapMeta); `needs` names the
    analyses it reads from `analyses` (maps/inputs.py), computed once per command; `report`
    says which instances `orggraph report` draws: report(analyses, within) -> list of options."""
    name: str
    help: str
    build: Callable
    options: tuple[Option, ...] = ()
    needs: tuple[str, ...] = ()
    report: Callable | None = None


WITHIN = Option("within", "只画这一区域及其下各级", metavar="区域编号")


def region_row(store, within: str | None) -> dict | None:
    """The row of region `within` (None without it); a ViewError if there is no such region."""
    from .gather import rows

    if not within:
        return None
    # An id names one node of any label (the loader refuses an id used twice), so a Region row
    # found by this id is the node; no second look-up of its label.
    found = rows(store, "maps/regions_by_id", ids=[within])
    if not found:
        raise ViewError(f"没有编号为 {within} 的区域")
    return found[0]


def scope_name(store, place: dict | None) -> str:
    """What a map without ids in its title is about: the region asked for, else the top
    regions (the county, the city), named."""
    from .gather import rows

    if place is not None:
        return place["name"] or place["id"]
    return "、".join(r["name"] or r["id"] for r in rows(store, "maps/top_regions")) or "全部"
