"""What the analysis notebook shows between loading and the report: data notes, headline figures,
the effect of a method change, and what disclosure control hides and why.

The notebook's cells stay a call and a display; every table here is built from the same
counts and metrics the report uses (``measure.window.gather``), so trying a method out in the
notebook and publishing with it give the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from wres_lib.demo.trust import ensure_demo_data
from wres_lib.inputs.params import Params, load_params
from wres_lib.inputs.project import project_path
from wres_lib.measure.metrics import compute_metrics
from wres_lib.measure.window import ReportData, gather
from wres_lib.present.trends import RATIO_GROUP, indicator_trend

HEADLINE_COLUMNS = ["indicator", "figure", "value", "ci_low", "ci_high", "judgement", "trend"]


def analysis_params(
    params_file: str | Path,
    *,
    parity_band: tuple[float, float] | None = None,
    confidence_level: float | None = None,
    trend_years: int | None = None,
    threshold: int | None = None,
) -> Params:
    """A year's params (relative paths from the project root) with the notebook's method
    choices laid over them and checked as the YAML would be (``None`` keeps the file's)."""
    params = load_params(project_path(params_file))
    method = {
        key: value
        for key, value in (
            ("parity_band", parity_band),
            ("confidence_level", confidence_level),
            ("trend_years", trend_years),
        )
        if value is not None
    }
    disclosure = {"threshold": threshold} if threshold is not None else {}
    data: dict[str, Any] = params.model_dump()
    data["method"] = {**data["method"], **method}
    data["disclosure"] = {**data["disclosure"], **disclosure}
    checked = Params.model_validate(data)
    return checked.model_copy(
        update={"source_file": params.source_file, "project_root": params.project_root}
    )


def load_window(params: Params) -> ReportData:
    """Load and validate every year in the trend window, count and measure (as the report)."""
    ensure_demo_data(params)
    return gather(params)


def data_notes(data: ReportData) -> pd.DataFrame:
    """Records the counting rules left out, per year, with the sentence the report prints."""
    rows = [
        {
            "year": year,
            "reason": reason,
            "records": data.excluded.get(year, {}).get(reason),
            "note": data.data_notes.get(year, {}).get(reason, ""),
        }
        for year in data.years
        for reason in sorted({*data.excluded.get(year, {}), *data.data_notes.get(year, {})})
    ]
    return pd.DataFrame(rows, columns=["year", "reason", "records", "note"])


def _row(metrics: pd.DataFrame, **where: Any) -> pd.Series | None:
    mask = pd.Series(True, index=metrics.index)
    for column, value in where.items():
        mask &= metrics[column] == value
    found = metrics[mask]
    return found.iloc[0] if len(found) else None


def headline_figures(
    metrics: pd.DataFrame, year: str, level: float, parity_band: tuple[float, float]
) -> pd.DataFrame:
    """One headline figure per indicator for ``year``: value, interval, what it means against
    the parity band (indicators 2 to 4) and the trend word against the year before."""
    rows = []
    for indicator in range(1, 10):
        if indicator == 1:
            where = {"measure": "overall", "group": "BME", "statistic": "percent"}
            figure = "% BME in the workforce"
        elif indicator in RATIO_GROUP:
            where = {"measure": "all", "group": RATIO_GROUP[indicator]}
            where["statistic"] = "relative_likelihood"
            figure = f"relative likelihood {RATIO_GROUP[indicator]}"
        elif indicator == 9:
            where = {"measure": "all", "group": "BME", "statistic": "difference_pp"}
            figure = "Board % BME minus workforce % BME"
        else:
            where = {"measure": "all", "group": "BME", "statistic": "percent"}
            figure = "% of BME staff answering yes"
        row = _row(metrics, year=year, indicator=indicator, **where)
        value = row["value"] if row is not None else float("nan")
        judgement = ""
        if indicator in RATIO_GROUP and value == value:
            inside = parity_band[0] <= value <= parity_band[1]
            judgement = "inside the parity band" if inside else "outside the parity band"
        trend = indicator_trend(metrics, indicator, year, level=level).judgement
        rows.append(
            {
                "indicator": indicator,
                "figure": figure,
                "value": value,
                "ci_low": row["ci_low"] if row is not None else float("nan"),
                "ci_high": row["ci_high"] if row is not None else float("nan"),
                "judgement": judgement,
                "trend": trend,
            }
        )
    return pd.DataFrame(rows, columns=HEADLINE_COLUMNS)


def method_effect(
    data: ReportData,
    *,
    parity_band: tuple[float, float] | None = None,
    confidence_level: float | None = None,
) -> pd.DataFrame:
    """The headline figures under the params' method and under a changed one, side by side
    (columns suffixed ``as set`` and ``changed``); ``differs`` marks an indicator whose
    judgement or trend word the change alters."""
    method = data.params.method
    settings = {
        "as set": (method.parity_band, method.confidence_level),
        "changed": (parity_band or method.parity_band, confidence_level or method.confidence_level),
    }
    frames = []
    for label, (band, level) in settings.items():
        metrics = compute_metrics(data.counts, parity_band=band, level=level)
        frame = headline_figures(metrics, data.year, level, band).set_index(["indicator", "figure"])
        frames.append(frame.add_suffix(f" ({label})"))
    both = pd.concat(frames, axis=1)
    both["differs"] = (both["judgement (as set)"] != both["judgement (changed)"]) | (
        both["trend (as set)"] != both["trend (changed)"]
    )
    return both.reset_index()


def hidden_counts(
    data: ReportData,
    params: Params | None = None,
    published_before: Sequence[Path] | None = None,
) -> pd.DataFrame:
    """Every count the public report hides at the params' threshold, its value and why:
    ``primary`` (a count from 1, or 0 with ``hide_zero``, up to the threshold) or ``secondary``
    (hidden so that a primary count cannot be worked out from totals beside it); a count with
    no row (the year before the trend window, which a reader can derive) has no value."""
    from dataclasses import replace

    from wres_lib.present.context import ReportContext
    from wres_lib.present.publication_history import publication_history

    params = params or data.params
    disclosure = params.disclosure
    built = None if published_before is None else list(published_before)
    history = publication_history(params, built)
    protection = ReportContext(replace(data, params=params), "public", history).protection
    assert protection is not None
    counts = data.counts.set_index(["year", "indicator", "measure", "group"])
    low = 0 if disclosure.hide_zero else 1
    rows = []
    for year, indicator, measure, group, part in sorted(protection.hidden):
        key = (year, indicator, measure, group)
        value = int(counts.loc[key, part]) if key in counts.index else None
        primary = value is not None and low <= value < disclosure.threshold
        rows.append(
            {
                "year": year,
                "indicator": indicator,
                "measure": measure,
                "group": group,
                "part": part,
                "value": value,
                "why": "primary: below the threshold"
                if primary
                else "secondary: protects another count",
            }
        )
    frame = pd.DataFrame(
        rows, columns=["year", "indicator", "measure", "group", "part", "value", "why"]
    )
    return frame.astype({"value": "Int64"})
