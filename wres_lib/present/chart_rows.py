"""The rows an indicator chart draws, picked from the metrics before anything is drawn.

A chart is drawn from these rows alone, so its cache key (:mod:`wres_lib.present.chart_cache`)
covers exactly what it shows: a chart that is the same in the internal and public reports has
the same rows here, and one whose rows differ in a single cell has a different key.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd

from wres_lib.present.trends import prepare_metrics

Hidden = Collection[tuple[str, str]] | None


def chart_rows(
    metrics: pd.DataFrame,
    indicator: int,
    statistic: str,
    hidden: Hidden,
    year: str | None = None,
    measure: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows shown, rows withheld) for one indicator and statistic.

    A row is withheld when the metrics' ``hidden`` column says so or ``(measure, group)`` is
    in ``hidden`` (charts leave it out and say so; in public mode disclosure control has
    already blanked its values). The split is the only thing the ``hidden`` columns
    and the frame's ``attrs`` tell a chart, so both are dropped, and the rows are numbered
    afresh: what is left is what the chart draws.
    """
    frame = metrics.copy()
    frame["indicator"] = frame["indicator"].astype(int)
    frame = frame[(frame["indicator"] == indicator) & (frame["statistic"] == statistic)]
    if year is not None:
        frame = frame[frame["year"] == year]
    if measure is not None:
        frame = frame[frame["measure"] == measure]
    withheld = np.zeros(len(frame), dtype=bool)
    if "hidden" in frame.columns:
        withheld |= frame["hidden"].fillna(False).astype(bool).to_numpy()
    if hidden:
        pairs = {(str(m), str(g)) for m, g in hidden}
        withheld |= np.array(
            [(m, g) in pairs for m, g in zip(frame["measure"], frame["group"], strict=True)],
            dtype=bool,
        )
    frame = prepare_metrics(frame).drop(columns=["hidden", "hidden_reason"], errors="ignore")
    parts = frame[~withheld].reset_index(drop=True), frame[withheld].reset_index(drop=True)
    for part in parts:
        part.attrs = {}
    return parts


def value_of(frame: pd.DataFrame, **where: str) -> float:
    """The first matching row's value, NaN if there is none."""
    rows = frame
    for key, value in where.items():
        rows = rows[rows[key] == value]
    return math.nan if rows.empty else float(rows["value"].iloc[0])


def share(visible: pd.DataFrame, measure: str, group: str) -> float:
    """An indicator 1 share; % White is 100 − % BME when only BME was published (both are
    shares of staff of known ethnicity)."""
    value = value_of(visible, measure=measure, group=group)
    if math.isnan(value) and group == "White":
        value = 100.0 - value_of(visible, measure=measure, group="BME")
    return value


def chart_years(frame: pd.DataFrame, years: Sequence[str] | None) -> list[str]:
    """The years in ``frame``, in order, limited to ``years`` when given."""
    found = sorted(set(frame["year"]))
    return [y for y in found if y in years] if years is not None else found
