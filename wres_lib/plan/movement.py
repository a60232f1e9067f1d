"""How the indicators a plan aims at have moved: one row per indicator, with the actions that
aim at it, the figure that stands for it in two years, and the report's judgement.

The judgement ("better", "worse", "similar", "mixed", "not comparable") is not made here: the
report layer passes in the very judgement its statements use, so the plan and the summary
never disagree. This module only knows which figure stands for each indicator and which rows
a Board needs to see: those that moved, and those the report calls adverse.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from wres_lib.plan.model import ActionPlan


@dataclass(frozen=True)
class Headline:
    """The figure that stands for an indicator in the movement view."""

    measure: str
    group: str
    statistic: str


# Indicators 5 to 8 are judged on the BME figure and the gap to White staff, so both are shown.
HEADLINES: dict[int, tuple[Headline, ...]] = {
    1: (Headline("overall", "BME", "percent"),),
    2: (Headline("all", "White/BME", "relative_likelihood"),),
    3: (Headline("all", "BME/White", "relative_likelihood"),),
    4: (Headline("all", "White/BME", "relative_likelihood"),),
    5: (Headline("all", "BME", "percent"), Headline("all", "White", "percent")),
    6: (Headline("all", "BME", "percent"), Headline("all", "White", "percent")),
    7: (Headline("all", "BME", "percent"), Headline("all", "White", "percent")),
    8: (Headline("all", "BME", "percent"), Headline("all", "White", "percent")),
    9: (Headline("all", "BME", "difference_pp"),),
}
MOVED = ("better", "worse", "mixed")


def action_number(objective_number: int | None, action_number: int | None, i: int, j: int) -> str:
    """How the movement view names an action: "2.1" (objective 2, action 1), else positions."""
    first = objective_number if objective_number is not None else i + 1
    second = action_number if action_number is not None else j + 1
    return f"{first}.{second}"


def actions_by_indicator(plan: ActionPlan) -> dict[int, list[str]]:
    """Each indicator the plan aims at -> the actions aiming at it ("2.1"), in plan order."""
    aimed: dict[int, list[str]] = {}
    for i, j, objective, action in plan.actions():
        for indicator in objective.indicators_of(action):
            aimed.setdefault(indicator, []).append(
                action_number(objective.number, action.number, i, j)
            )
    return dict(sorted(aimed.items()))


def indicator_movement(
    plan: ActionPlan,
    metrics: pd.DataFrame,
    start_year: str,
    latest_year: str,
    judgements: Mapping[int, str],
    adverse: set[int] = frozenset(),  # type: ignore[assignment]
) -> pd.DataFrame:
    """One row per indicator the plan aims at: its headline figures in both years, the
    judgement passed in, the actions aiming at it, and whether the Board needs the row
    (``shown``: it moved, or the report calls it adverse).

    Figures missing or hidden (public report) are NaN, never a guess; ``start_value`` and
    ``latest_value`` hold one value per headline figure (BME and White for 5 to 8).
    """
    values = pd.to_numeric(metrics["value"], errors="coerce")
    if "hidden" in metrics.columns:
        values = values.where(~metrics["hidden"].fillna(False).astype(bool))
    lookup: dict[tuple[str, int, str, str, str], float] = {}
    for year, indicator, measure, group, statistic, value in zip(
        metrics["year"].astype(str),
        metrics["indicator"].astype(str),
        metrics["measure"].astype(str),
        metrics["group"].astype(str),
        metrics["statistic"].astype(str),
        values,
        strict=True,
    ):
        if indicator.isdigit():
            lookup[(year, int(indicator), measure, group, statistic)] = float(value)
    rows = []
    for indicator, actions in actions_by_indicator(plan).items():
        judgement = judgements.get(indicator, "not comparable")
        figures = HEADLINES[indicator]
        rows.append(
            {
                "indicator": indicator,
                "actions": actions,
                "headlines": figures,
                "start_year": start_year,
                "start_value": tuple(_look(lookup, start_year, indicator, h) for h in figures),
                "latest_year": latest_year,
                "latest_value": tuple(_look(lookup, latest_year, indicator, h) for h in figures),
                "judgement": judgement,
                "adverse": indicator in adverse,
                "shown": judgement in MOVED or indicator in adverse,
            }
        )
    columns = [
        "indicator",
        "actions",
        "headlines",
        "start_year",
        "start_value",
        "latest_year",
        "latest_value",
        "judgement",
        "adverse",
        "shown",
    ]
    return pd.DataFrame(rows, columns=columns)


def _look(
    lookup: Mapping[tuple[str, int, str, str, str], float], year: str, indicator: int, h: Headline
) -> float:
    return lookup.get((year, indicator, h.measure, h.group, h.statistic), math.nan)
