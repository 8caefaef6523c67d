"""The analyses maps are drawn from, each computed once per command and shared by every view
(and the report's tables) that needs it."""
from __future__ import annotations

from functools import cached_property

from ..settings import from_config


class Analyses:
    """Lazily computed analyses over one store with one configuration. `calls` counts how often
    each analysis really ran (the report's test checks each runs once)."""

    def __init__(self, store, cfg: tuple[dict, str | None] = ({}, None), as_of=None):
        self.store, self.cfg, self.as_of = store, cfg, as_of  # as_of: --as-of, or None
        self._cache: dict = {}
        self.calls: dict[str, int] = {}

    @cached_property
    def every(self):
        """The typed settings of the configuration."""
        return from_config(*self.cfg)

    @cached_property
    def date(self):
        """The date the analyses answer for (`as_of`, else the graph's): read once per command."""
        from ..notions import as_of
        return as_of(self.store, self.as_of)

    def _once(self, key, compute):
        if key not in self._cache:
            self.calls[key[0]] = self.calls.get(key[0], 0) + 1
            self._cache[key] = compute()
        return self._cache[key]

    def coverage_settings(self):
        return self.every.coverage

    def coverage(self, within: str | None = None) -> list[dict]:
        """The findings of every rule (at or below `within`)."""
        from ..analyses.coverage import find_gaps
        return self._once(("coverage", within), lambda: find_gaps(
            self.store, within=within, settings=self.every.coverage,
            villages=self.every.villages, as_of=self.date))

    def influence_settings(self):
        return self.every.influence

    def chains(self, chain: str | None = None) -> dict:
        """The chains' data (members, leader, supply edges): all, or one chain."""
        from ..analyses.influence import fetch
        if ("chains", None) in self._cache or chain is None:
            every = self._once(("chains", None), lambda: fetch(
                self.store, None, villages=self.every.villages, year=self._year()))
            return every if chain is None else {k: v for k, v in every.items() if k == chain}
        return self._once(("chains", chain), lambda: fetch(
            self.store, [chain], villages=self.every.villages, year=self._year()))

    def _year(self) -> int:
        return self.date.year

    def influence(self, chain: str | None = None) -> list[dict]:
        """The chains' influence results, best first (from the data of `chains`)."""
        from ..analyses.influence import analyse_chain, rank
        if chain is not None and ("influence", None) in self._cache:
            return [r for r in self._cache[("influence", None)] if r["chain"] == chain]
        data = self.chains(chain)
        return self._once(("influence", chain), lambda: rank(
            [analyse_chain(d, self.every.influence) for d in data.values()],
            self.date))

    def pairing_settings(self):
        return self.every.pairing

    def pairing(self, within: str | None = None):
        """The pairing plan (at or below `within`)."""
        from ..analyses.pairing import plan_pairs
        return self._once(("pairing", within), lambda: plan_pairs(
            self.store, self.every.pairing, within, villages=self.every.villages,
            as_of=self.date))
