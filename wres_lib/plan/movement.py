"""How the indicators an action aims at have moved since the plan began."""

from __future__ import annotations

import math
import re

import pandas as pd

from wres_lib.plan.model import ActionPlan, action_label

# (indicator, measure, group, statistic, label, which way is better)
# better: "parity" = ratio nearer 1, "lower"/"higher", "zero" = nearer 0, "" = no judgement.
HEADLINES: dict[int, tuple[tuple[str, str, str, str, str], ...]] = {
    1: (("overall", "BME", "percent", "BME % of workforce", ""),),
    2: (
        (
            "all",
            "White/BME",
            "relative_likelihood",
            "White/BME likelihood of appointment",
            "parity",
        ),
    ),
    3: (
        (
            "all",
            "BME/White",
            "relative_likelihood",
            "BME/White likelihood of disciplinary",
            "parity",
        ),
    ),
    4: (("all", "White/BME", "relative_likelihood", "White/BME likelihood of training", "parity"),),
    5: (("all", "BME", "percent", "BME %", "lower"), ("all", "White", "percent", "White %", "")),
    6: (("all", "BME", "percent", "BME %", "lower"), ("all", "White", "percent", "White %", "")),
    7: (("all", "BME", "percent", "BME %", "higher"), ("all", "White", "percent", "White %", "")),
    8: (("all", "BME", "percent", "BME %", "lower"), ("all", "White", "percent", "White %", "")),
    9: (("all", "BME", "difference_pp", "Board minus workforce % BME (points)", "zero"),),
}
# Indicator 1's senior-band figure, if the metrics carry one (e.g. "grouped|Band 8a and above").
SENIOR_MEASURE = re.compile(r"8a\s*(?:\+|and above|or above)", re.I)


def _direction(better: str, start: float, latest: float) -> str:
    if better == "" or math.isnan(start) or math.isnan(latest):
        return ""
    if better == "parity":
        if start <= 0 or latest <= 0:
            return ""
        a, b = abs(math.log(start)), abs(math.log(latest))
    elif better == "zero":
        a, b = abs(start), abs(latest)
    elif better == "lower":
        a, b = start, latest
    else:
        a, b = -start, -latest
    if math.isclose(a, b, abs_tol=1e-9):
        return "no change"
    return "better" if b < a else "worse"


def indicator_movement(
    plan: ActionPlan,
    metrics: pd.DataFrame,
    start_year: str,
    latest_year: str,
    org: str | None = None,
) -> pd.DataFrame:
    """Beside each action, how the indicators it aims at moved since the plan began.

    One row per action, indicator and headline figure (see ``HEADLINES``), with its value in
    ``start_year`` and ``latest_year`` and whether that is better or worse. Missing figures are
    NaN, never a guess.
    """
    frame = metrics if org is None else metrics[metrics["org"] == org]
    values = pd.to_numeric(frame["value"], errors="coerce")
    lookup: dict[tuple[str, int, str, str, str], float] = {}
    for year, indicator, measure, group, statistic, value in zip(
        frame["year"].astype(str),
        frame["indicator"].astype(str),
        frame["measure"].astype(str),
        frame["group"].astype(str),
        frame["statistic"].astype(str),
        values,
        strict=True,
    ):
        if indicator.isdigit():
            lookup[(year, int(indicator), measure, group, statistic)] = float(value)
    senior = sorted({m for (_, ind, m, _, _) in lookup if ind == 1 and SENIOR_MEASURE.search(m)})
    headlines = dict(HEADLINES)
    if senior:
        headlines[1] = (
            *HEADLINES[1],
            (senior[0], "BME", "percent", "BME % at Band 8a and above", "higher"),
        )
    rows = []
    for i, j, objective, action in plan.actions():
        for indicator in objective.indicators_of(action):
            for measure, group, statistic, label, better in headlines[indicator]:
                start = lookup.get((start_year, indicator, measure, group, statistic), math.nan)
                latest = lookup.get((latest_year, indicator, measure, group, statistic), math.nan)
                rows.append(
                    {
                        "objective": objective.number,
                        "number": action.number,
                        "where": action_label(objective, action, i, j),
                        "action": action.text,
                        "indicator": indicator,
                        "measure": measure,
                        "group": group,
                        "statistic": statistic,
                        "figure": label,
                        "start_year": start_year,
                        "start_value": start,
                        "latest_year": latest_year,
                        "latest_value": latest,
                        "change": latest - start,
                        "direction": _direction(better, start, latest),
                    }
                )
    columns = [
        "objective",
        "number",
        "where",
        "action",
        "indicator",
        "measure",
        "group",
        "statistic",
        "figure",
        "start_year",
        "start_value",
        "latest_year",
        "latest_value",
        "change",
        "direction",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["objective"] = out["objective"].astype("Int64")
    out["number"] = out["number"].astype("Int64")
    return out
