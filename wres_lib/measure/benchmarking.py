"""Where one trust stands among others: percentile, quartile and peer median per indicator.

Each indicator is compared on its headline figure (:data:`HEADLINES`), nationally, within the
trust's region and among trusts of its type, using the latest comparator year not after the
report's year (NHS England's figures lag a year, as seed 003's comparison did).

Which way is better is not decided here: the caller passes each indicator's judgement (the
report uses the rule its year-on-year comparisons use, ``wres_lib.present.trends``), so a
trust's standing and its trend cannot use two different ideas of "better".

Counting, for ``n`` peers (the trust itself left out):

* ``better_than``: peers the trust is better than (or, with no better direction, higher than);
* ``behind``: peers better than the trust; the rest are level with it;
* ``percentile`` = 100 x better_than / n ("better than 41% of trusts");
* ``quartile`` 1 (best quarter) to 4, by the share of peers ahead: under 25% ahead is 1,
  under 50% is 2, under 75% is 3, else 4 (for no better direction: 1 is the highest quarter);
* ``median``: the peers' median value.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from wres_lib.inputs.comparator import RATIO_GROUPS
from wres_lib.inputs.params import year_start

# Each indicator's headline figure: (measure, group, statistic), as the metrics contract names it.
HEADLINES: dict[int, tuple[str, str, str]] = {
    1: ("overall", "BME", "percent"),
    **{i: ("all", g, "relative_likelihood") for i, g in RATIO_GROUPS.items()},
    **{i: ("all", "BME", "percent") for i in (5, 6, 7, 8)},
    9: ("all", "BME", "difference_pp"),
}
# A judgement of the trust's value against a peer's: "better", "worse" or "similar" (or
# "higher"/"lower" when the indicator has no better direction).
Judge = Callable[[float, float], str]
AHEAD = ("better", "higher")
BEHIND = ("worse", "lower")


@dataclass(frozen=True)
class Standing:
    """The trust among one set of peers."""

    scope: str  # "national", "region" or "type"
    name: str  # "England", the region, or the trust type
    peers: int
    better_than: int
    behind: int
    median: float

    @property
    def percentile(self) -> float:
        return 100 * self.better_than / self.peers

    @property
    def quartile(self) -> int:
        ahead = self.behind / self.peers
        return 1 if ahead < 0.25 else 2 if ahead < 0.5 else 3 if ahead < 0.75 else 4


@dataclass(frozen=True)
class Benchmark:
    """One indicator's headline figure against the peers (``standings`` empty: no figure)."""

    indicator: int
    year: str
    value: float | None
    ranked: bool  # whether the indicator has a better direction
    standings: tuple[Standing, ...]

    def standing(self, scope: str) -> Standing | None:
        return next((s for s in self.standings if s.scope == scope), None)


def comparison_year(comparators: pd.DataFrame, year: str) -> str | None:
    """The latest comparator year not after ``year`` (None when every year is later)."""
    years = [y for y in set(comparators["year"]) if year_start(y) <= year_start(year)]
    return max(years, key=year_start) if years else None


def standing(scope: str, name: str, value: float, peers: list[float], judge: Judge) -> Standing:
    """Count the peers the trust is ahead of and behind, by ``judge``."""
    words = [judge(value, peer) for peer in peers]
    return Standing(
        scope,
        name,
        len(peers),
        sum(w in AHEAD for w in words),
        sum(w in BEHIND for w in words),
        float(statistics.median(peers)),
    )


def headline_rows(comparators: pd.DataFrame, year: str, indicator: int) -> pd.DataFrame:
    """Every organisation's headline figure for one indicator and year."""
    measure, group, statistic = HEADLINES[indicator]
    chosen = (
        (comparators["year"] == year)
        & (comparators["indicator"] == indicator)
        & (comparators["measure"] == measure)
        & (comparators["group"] == group)
        & (comparators["statistic"] == statistic)
    )
    return comparators[chosen & comparators["value"].notna()]


def benchmark(
    comparators: pd.DataFrame,
    year: str,
    org_code: str,
    region: str,
    trust_type: str,
    values: Mapping[int, float | None],
    judges: Mapping[int, tuple[Judge, bool]],
) -> list[Benchmark]:
    """Each indicator's standing nationally, in ``region`` and among ``trust_type`` trusts.

    ``values``: the trust's own headline figure per indicator (None when it is not shown);
    ``judges``: per indicator, the judgement of one value against another and whether the
    indicator has a better direction. The trust's own rows (``org_code``) are not its peers.
    """
    results = []
    for indicator, (judge, ranked) in judges.items():
        value = values.get(indicator)
        rows = headline_rows(comparators, year, indicator)
        rows = rows[rows["org_code"] != org_code]
        scopes = [
            ("national", "England", rows),
            ("region", region, rows[rows["region"] == region]),
            ("type", trust_type, rows[rows["trust_type"] == trust_type]),
        ]
        standings = tuple(
            standing(scope, name, value, peers["value"].tolist(), judge)
            for scope, name, peers in scopes
            if value is not None and len(peers) > 0
        )
        results.append(Benchmark(indicator, year, value, ranked, standings))
    return results
