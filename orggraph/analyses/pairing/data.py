"""What pairing reads from the graph: villages and the pairs that exist already."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ... import model, notions, queries
from ...store import Store


@dataclass(frozen=True)
class PairingVillage:
    id: str
    name: str = ""
    town: str | None = None
    town_name: str | None = None
    county: str | None = None
    branch: str | None = None
    stars: int | None = None
    weak: bool | None = None
    scores: tuple[float | None, ...] = (None,) * len(model.SCORE_PROPS)
    collective_income: float | None = None
    main_industry: str | None = None
    households: int | None = None
    population: int | None = None
    willing_to_join: bool | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.id})" if self.name else self.id


@dataclass
class Existing:
    """Pairs already in the graph: who supports whom, and which branches each pair joins."""
    partners: dict[str, set[str]] = field(default_factory=dict)   # centre village -> partners
    paired: set[str] = field(default_factory=set)                  # villages already supported
    proposals: list[tuple[str, str, str, str]] = field(default_factory=list)  # ignored proposed pairs:
    # (centre village, village, centre branch, village branch)
    joint_proposals: list[tuple[str, str]] = field(default_factory=list)  # ignored members of
    # proposed joint branches (a previous plan's 联村党总支): (centre village, member village)

    def add(self, centre: str | None, village: str) -> None:
        if centre == village:   # a centre's own branch may be a member of its joint branch
            return
        self.paired.add(village)
        if centre:
            self.partners.setdefault(centre, set()).add(village)


def read_villages(store: Store, within: str | None = None) -> list[PairingVillage]:
    query = queries.library()["pairing/villages"]
    villages: dict[str, PairingVillage] = {}
    for row in store.query(query.text, query.bind(within=within or "")):
        if row["id"] in villages:   # a second branch: the first by id is paired, and the
            first = villages[row["id"]]   # village is weak if any is (notions.branch_facts)
            flagged, stars = notions.branch_facts((first.weak, row["weak"]),
                                                  (first.stars, row["stars"]))
            villages[row["id"]] = dataclasses.replace(first, weak=flagged, stars=stars)
            continue
        scores = tuple(row[p] for p in model.SCORE_PROPS)
        rest = {k: v for k, v in row.items() if k not in model.SCORE_PROPS}
        villages[row["id"]] = PairingVillage(scores=scores, **rest)
    return list(villages.values())


def read_existing(store: Store, keep_proposed: bool = False) -> Existing:
    """CO_BUILDS between village branches (any mode; both ends count as paired, as in
    notions' "paired") and joint-village branch membership count as pairs; proposed strong-weak
    CO_BUILDS and proposed joint branches (a previous plan) count only with keep_proposed, else
    they are listed as proposals the next `apply` may replace."""
    existing = Existing()
    for row in store.query(queries.library()["pairing/co_builds"].text):
        if row["status"] == "proposed" and not keep_proposed and row["mode"] == "strong_weak":
            existing.proposals.append((row["centre"], row["village"], row["centre_branch"],
                                       row["village_branch"]))
            continue
        existing.add(row["centre"], row["village"])
        existing.paired.add(row["centre"])   # either end of a village pair is in co-building
    for row in store.query(queries.library()["pairing/joint_members"].text):
        if row["status"] == "proposed" and not keep_proposed:
            existing.joint_proposals.append((row["centre"], row["member"]))
            continue
        existing.add(row["centre"], row["member"])
    return existing
