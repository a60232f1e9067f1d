"""NHS England's *A Model Employer* (2019): target, trajectory and gap for senior BME staff.

What "senior" means here (and why):

* Senior = Agenda for Change band rows at or above ``senior_from_band`` (default ``Band 8a``)
  in the **non-clinical** and **clinical** workforces, **VSM included**. Medical and dental
  grades are **excluded**: they have their own grade structure (a consultant is not "Band 8a
  or above"), and their high BME share would hide the gap in management roles. Grouped rows
  (``grouped|…``), the overall row and bank rows are never added in, so nobody is counted
  twice.
* The share is BME headcount ÷ headcount of known ethnicity, summed over those band rows from
  indicator 1 **counts** (shares cannot be added, so a metrics frame without counts is refused).
* Years are placed on the calendar by their 31 March snapshot: ``2019-20`` is March 2020, so a
  target "by 2025" is the ``2024-25`` snapshot. The trajectory is a straight line from the
  baseline (a year and its share, fixed in the params, else the baseline year's published
  share to one decimal place) to the target at the target year, and is held at the target
  after it.
* No target given: the usual reading of the strategy is that senior bands should match the
  whole workforce, so the default target is the overall % BME (indicator 1 ``overall``) in the
  baseline year (for :func:`staff_gap_by_band`, in the year asked about).
* Staff gap: how many more BME staff a band would need for its BME share to reach the target
  **with its headcount unchanged**, i.e. as posts turn over, ``ceil(target × known − BME)``,
  never below zero.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from wres_lib.inputs.bands import afc_bands, band_rank, band_sort_key, split_band_row
from wres_lib.inputs.params import check_year, year_label, year_start

SENIOR_WORKFORCES = ("non-clinical", "clinical")
_EPSILON = 1e-9


def is_senior_band_row(measure: str, senior_from_band: str = "Band 8a") -> bool:
    """A non-clinical or clinical band row at or above ``senior_from_band`` (VSM included)."""
    threshold = band_rank(senior_from_band)
    if threshold is None:
        raise ValueError(f"unknown band {senior_from_band!r}; expected one of {afc_bands()}")
    workforce, band = split_band_row(measure)
    rank = band_rank(band)
    return workforce in SENIOR_WORKFORCES and rank is not None and rank >= threshold


def _require_counts(frame: pd.DataFrame) -> pd.DataFrame:
    missing = {"numerator", "denominator"} - set(frame.columns)
    if missing:
        raise ValueError(
            "Model Employer shares need indicator 1 counts (numerator and denominator): "
            "percentages cannot be added across bands"
        )
    return frame[frame["indicator"].astype(int) == 1]


def _bme_rows(counts: pd.DataFrame, year: str) -> pd.DataFrame:
    rows = counts[(counts["year"] == year) & (counts["group"] == "BME")]
    return rows.astype({"numerator": float, "denominator": float})


def overall_percent(counts: pd.DataFrame, year: str) -> float:
    """% BME of the whole substantive workforce of known ethnicity (indicator 1 overall)."""
    rows = _bme_rows(_require_counts(counts), year)
    rows = rows[rows["measure"] == "overall"]
    if rows.empty or rows["denominator"].sum() == 0:
        raise ValueError(f"no indicator 1 overall counts for {year}")
    return float(100 * rows["numerator"].sum() / rows["denominator"].sum())


def senior_counts(
    counts: pd.DataFrame, year: str, senior_from_band: str = "Band 8a"
) -> tuple[int, int]:
    """(BME headcount, headcount of known ethnicity) over the senior band rows of a year."""
    rows = _bme_rows(_require_counts(counts), year)
    rows = rows[rows["measure"].map(lambda m: is_senior_band_row(m, senior_from_band)).astype(bool)]
    return int(rows["numerator"].sum()), int(rows["denominator"].sum())


def _snapshot_year(year: str) -> int:
    return year_start(year) + 1


def baseline_share(
    counts: pd.DataFrame, year: str, senior_from_band: str = "Band 8a", places: int | None = 1
) -> float:
    """The senior-band % BME a trajectory starts from: the baseline year's share as published,
    to one decimal place (``places``; None: unrounded), so that the trajectory tells a reader
    nothing more about that year's staff than the published share does."""
    bme, known = senior_counts(counts, year, senior_from_band)
    if known == 0:
        raise ValueError(f"no staff of known ethnicity at {senior_from_band} and above in {year}")
    share = 100 * bme / known
    return share if places is None else round(share, places)


def trajectory(
    metrics_or_counts: pd.DataFrame,
    baseline_year: str | None,
    target_year: int,
    target_percent: float | None,
    senior_from_band: str = "Band 8a",
    baseline_percent: float | None = None,
) -> pd.DataFrame:
    """Actual % BME at senior bands against a straight-line path to the target, per year.

    The path starts at ``baseline_percent`` in ``baseline_year`` (default: the first year's
    share, :func:`baseline_share`); a trust fixes both in its params, so every year's report
    draws the same trajectory. Columns: ``year``, ``snapshot_year`` (March of), ``bme``,
    ``known``, ``actual_percent``, ``trajectory_percent``, ``gap_pp`` (actual − trajectory;
    negative = behind) and ``staff_gap`` (BME staff short of the trajectory at that year's
    senior headcount). ``attrs`` keep the target, target year, baseline and band so a chart can
    label them.
    """
    counts = _require_counts(metrics_or_counts)
    years = sorted(set(counts["year"]), key=year_start)
    if not years:
        raise ValueError("no indicator 1 counts")
    baseline = check_year(baseline_year) if baseline_year is not None else years[0]
    if baseline_percent is None and baseline not in years:
        raise ValueError(f"no indicator 1 counts for the baseline year {baseline}")
    base_snapshot = _snapshot_year(baseline)
    if target_year <= base_snapshot:
        raise ValueError(
            f"target year {target_year} must be after the baseline snapshot (March {base_snapshot})"
        )
    if target_percent is None:
        target_percent = overall_percent(counts, baseline if baseline in years else years[0])
    if baseline_percent is None:
        baseline_percent = baseline_share(counts, baseline, senior_from_band)
    base_percent = float(baseline_percent)

    all_years = set(years) | {year_label(s - 1) for s in range(base_snapshot, target_year + 1)}
    rows = []
    for year in sorted(all_years, key=year_start):
        snapshot = _snapshot_year(year)
        if year in years:
            bme, known = senior_counts(counts, year, senior_from_band)
        else:
            bme, known = 0, 0
        actual = 100 * bme / known if known else np.nan
        if snapshot < base_snapshot:
            path = np.nan
        else:
            fraction = min(1.0, (snapshot - base_snapshot) / (target_year - base_snapshot))
            path = base_percent + (target_percent - base_percent) * fraction
        gap = actual - path
        staff_gap = (
            max(0, math.ceil(path / 100 * known - bme - _EPSILON))
            if known and not np.isnan(path)
            else pd.NA
        )
        rows.append(
            {
                "year": year,
                "snapshot_year": snapshot,
                "bme": bme if known else pd.NA,
                "known": known if known else pd.NA,
                "actual_percent": actual,
                "trajectory_percent": path,
                "gap_pp": gap,
                "staff_gap": staff_gap,
            }
        )
    frame = pd.DataFrame(rows)
    frame = frame.astype({"bme": "Int64", "known": "Int64", "staff_gap": "Int64"})
    frame.attrs.update(
        target_percent=float(target_percent),
        target_year=int(target_year),
        baseline_year=baseline,
        baseline_percent=base_percent,
        senior_from_band=senior_from_band,
    )
    return frame


def staff_gap_by_band(
    counts: pd.DataFrame,
    year: str,
    target_percent: float | None,
    senior_from_band: str = "Band 8a",
) -> pd.DataFrame:
    """Per senior band row: BME staff, known headcount, % BME and BME staff needed for target.

    ``needed`` keeps the band's headcount as it is (posts turning over), rounded up.
    """
    counts = _require_counts(counts)
    if target_percent is None:
        target_percent = overall_percent(counts, year)
    rows = _bme_rows(counts, year)
    rows = rows[rows["measure"].map(lambda m: is_senior_band_row(m, senior_from_band)).astype(bool)]
    rows = rows.groupby("measure", as_index=False)[["numerator", "denominator"]].sum()
    rows = rows.iloc[sorted(range(len(rows)), key=lambda i: band_sort_key(rows["measure"].iat[i]))]
    out = pd.DataFrame(
        {
            "measure": rows["measure"].to_numpy(),
            "workforce": [split_band_row(m)[0] for m in rows["measure"]],
            "band": [split_band_row(m)[1] for m in rows["measure"]],
            "bme": rows["numerator"].astype(int).to_numpy(),
            "known": rows["denominator"].astype(int).to_numpy(),
        }
    )
    out["percent"] = 100 * out["bme"] / out["known"].replace(0, np.nan)
    out["target_percent"] = float(target_percent)
    out["needed"] = [
        max(0, math.ceil(target_percent / 100 * known - bme - _EPSILON))
        for bme, known in zip(out["bme"], out["known"], strict=True)
    ]
    return out.reset_index(drop=True)
