"""Trend judgements from the metrics' intervals ("better", "worse", "similar"), never eyeballed.

Every judgement is made from the metrics frame (the contract in ``docs/architecture.md``), so the
words built on it (:mod:`wres_lib.present.narrative`) cannot drift from the tables. Rows marked
``hidden`` (public mode) are treated as not available, so a judgement never reveals a suppressed
value.

The trend rule ("better", "worse", "similar")
---------------------------------------------
Each estimate's standard error is recovered from its published interval, assuming the interval
is roughly symmetric on the scale it was built on:

* ratios (``relative_likelihood``, Katz log interval): ``SE = (ln high − ln low) / (2 z)`` on the
  log scale, where ``z`` is the normal quantile of the confidence level (1.96 for 95 %);
* percentages (Wilson interval) and percentage-point differences: ``SE = (high − low) / (2 z)``.

Two years are compared with a z-test on the difference (of logs, for ratios):
``Z = (x₁ − x₀) / √(SE₁² + SE₀²)``. The change is *statistically clear* when ``|Z| ≥ z``
(two-sided, same level as the intervals). A clear change is then judged by the indicator's
direction; a change that is not clear is reported as "similar to last year (the change is within
the margin of error)", never as "slightly better/worse". The years are treated as independent
(the two-year disciplinary window overlaps, which makes the test conservative).

Direction (what counts as better):

* indicators 2, 3, 4 ratios: closer to 1.00 (smaller ``|ln ratio|``) is better;
* indicator 2 and 4 group rates: higher is better; indicator 3 rates: lower is better;
* indicators 5, 6, 8: a lower percentage is better, and a smaller BME − White gap is better;
  indicator 7: a higher percentage is better, and a smaller White − BME gap is better
  (:func:`compare_gap`; an indicator is "mixed" when the BME figure and the gap disagree);
* indicator 9 (Board % BME − workforce % BME): moving up towards zero is better; at or above
  zero (proportionate or over-represented) further changes are "similar";
* indicator 1 band rows, given the overall share as ``reference``: closer to it is better;
  without a reference the judgement is only "higher"/"lower"; the declaration rate: higher is
  better.

Values without an interval: a ratio without one (too few cases) is "not comparable"; a
percentage or Board difference without one is a count of a whole population (the Board is
not a sample), so any change of at least 0.05 (what one decimal place can show) is real.

Representation (indicator 1): a band row is "under" (or "over") represented when its whole
interval for % BME lies below (or above) the overall share, which is a fixed reference because
it is the whole workforce.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from wres_lib.inputs.bands import band_sort_key, split_band_row
from wres_lib.inputs.params import year_label, year_start
from wres_lib.measure.statistics import z_for_level
from wres_lib.present.catalogue import FINER
from wres_lib.present.style import PERCENT_DP

DEFAULT_LEVEL = 0.95
FINER_GROUPS = FINER
RATIO_GROUP = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
SURVEY_INDICATORS = (5, 6, 7, 8)
RATIO_INDICATORS = (2, 3, 4)
BOARD_MEASURES = {
    "all": "all Board members",
    "voting": "voting members",
    "executive": "executive members",
}
PP_TOLERANCE = 0.5 * 10**-PERCENT_DP
_VALUE_COLUMNS = ("value", "ci_low", "ci_high")
_PREPARED = "wres_prepared_metrics"  # frame.attrs marker: values numeric, hidden blanked


# --------------------------------------------------------------------------- trend judgement


@dataclass(frozen=True)
class Trend:
    """A year-on-year judgement.

    ``judgement`` is one of "better", "worse", "similar", "mixed", "higher", "lower" (for rows
    with no better direction) or "not comparable"; ``clear`` says whether the change is beyond
    the margin of error; ``lean`` is the direction of the point estimates when it is not.
    """

    judgement: str
    clear: bool
    current: float | None = None
    previous: float | None = None
    z: float | None = None
    lean: str | None = None

    @property
    def phrase(self) -> str:
        """Words for the judgement, e.g. "worse than last year"."""
        if self.judgement == "not comparable":
            return "no comparison with last year is possible"
        if self.judgement == "mixed":
            return "mixed compared with last year"
        if self.judgement == "similar":
            if not self.clear and self.lean not in (None, "similar"):
                return "similar to last year (the change is within the margin of error)"
            return "similar to last year"
        return f"{self.judgement} than last year"

    def described(self, last_year: str) -> str:
        """The phrase with last year's figure: "worse than last year (1.46)"."""
        if self.judgement == "not comparable" or not last_year:
            return self.phrase
        if self.judgement == "similar" and self.phrase != "similar to last year":
            return f"similar to last year ({last_year}; the change is within the margin of error)"
        return f"{self.phrase} ({last_year})"


def _get(row: Mapping[str, Any] | pd.Series | None, key: str, default: Any = None) -> Any:
    if row is None:
        return default
    value = row.get(key, default)
    return default if value is None else value


def as_number(value: Any) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return math.nan
    return result


def is_hidden(row: Mapping[str, Any] | pd.Series) -> bool:
    hidden = _get(row, "hidden", False)
    return bool(hidden) if not pd.isna(hidden) else False


# Why disclosure control hid a figure, most telling first: one of its counts is small; it
# was hidden so that a small count elsewhere cannot be worked out; no table prints it.
HIDDEN_REASONS = ("small", "protects", "not published")


def hidden_reason(*rows: Mapping[str, Any] | pd.Series | None) -> str:
    """Why the figures of ``rows`` are hidden ("" if none is), the most telling reason."""
    found = {
        str(_get(row, "hidden_reason", "") or "small")
        for row in rows
        if row is not None and is_hidden(row)
    }
    return next((r for r in HIDDEN_REASONS if r in found), "")


def better_direction(indicator: int, statistic: str, group: str, has_reference: bool) -> str:
    """Which way is better for a figure: "parity" (a ratio towards 1), "board" (the Board gap
    towards 0 or above), "higher", "lower" or "reference" (towards a reference value)."""
    if statistic == "relative_likelihood":
        return "parity"
    if statistic == "difference_pp":
        return "board"
    if statistic == "declaration_rate":
        return "higher"
    if statistic != "percent":
        raise ValueError(f"no trend rule for statistic {statistic!r}")
    if group == "Unknown":
        return "neutral"
    if indicator == 1:
        return "reference" if has_reference else "neutral"
    if indicator in (2, 4, 7):
        return "higher"
    if indicator in (3, 5, 6, 8):
        return "lower"
    return "neutral"


def _estimate(row: Mapping[str, Any] | pd.Series, log: bool, zc: float) -> tuple[float, float]:
    """(estimate, SE) on the comparison scale; SE is NaN when there is no interval."""
    value, low, high = (as_number(_get(row, key)) for key in _VALUE_COLUMNS)
    if is_hidden(row):
        return math.nan, math.nan
    if log:
        if not value > 0:
            return math.nan, math.nan
        if low > 0 and high > 0:
            return math.log(value), (math.log(high) - math.log(low)) / (2 * zc)
        return math.log(value), math.nan
    return value, (high - low) / (2 * zc)


def judge_change(direction: str, x1: float, x0: float) -> str:
    """ "better", "worse" or "similar" for ``x1`` against ``x0`` in ``direction`` (the trend
    rule, and benchmarking's comparison with other trusts)."""
    if direction in ("parity", "reference"):
        a1, a0 = abs(x1), abs(x0)
        return "better" if a1 < a0 else "worse" if a1 > a0 else "similar"
    if direction == "board":
        s1, s0 = min(x1, 0.0), min(x0, 0.0)
        return "better" if s1 > s0 else "worse" if s1 < s0 else "similar"
    if x1 == x0:
        return "similar"
    up = x1 > x0
    if direction == "higher":
        return "better" if up else "worse"
    if direction == "lower":
        return "worse" if up else "better"
    return "higher" if up else "lower"


def _test(
    x1: float, s1: float, x0: float, s0: float, exact_allowed: bool, zc: float
) -> tuple[bool, float | None] | None:
    """(clear, z) for a change, or None when it cannot be judged."""
    if math.isnan(x1) or math.isnan(x0):
        return None
    if math.isnan(s1) or math.isnan(s0):
        if not exact_allowed:
            return None
        return abs(x1 - x0) >= PP_TOLERANCE - 1e-12, None
    se = math.hypot(s1, s0)
    if se == 0:
        return abs(x1 - x0) >= PP_TOLERANCE - 1e-12, None
    z = (x1 - x0) / se
    return abs(z) >= zc, z


def compare_years(
    current_row: Mapping[str, Any] | pd.Series,
    previous_row: Mapping[str, Any] | pd.Series | None,
    *,
    level: float = DEFAULT_LEVEL,
    reference: tuple[float, float] | None = None,
) -> Trend:
    """Judge this year's row against last year's (same indicator, measure, group, statistic).

    ``reference`` = (this year's, last year's) overall % BME, for indicator 1 band rows.
    """
    current_value = as_number(_get(current_row, "value"))
    previous_value = as_number(_get(previous_row, "value"))
    if previous_row is None or is_hidden(current_row) or is_hidden(previous_row):
        return Trend("not comparable", False, current_value, None)
    statistic = str(_get(current_row, "statistic"))
    if str(_get(previous_row, "statistic")) != statistic:
        raise ValueError("compare_years needs two rows of the same statistic")
    indicator = int(_get(current_row, "indicator"))
    direction = better_direction(
        indicator, statistic, str(_get(current_row, "group")), bool(reference)
    )
    zc = z_for_level(level)
    log = statistic == "relative_likelihood"
    x1, s1 = _estimate(current_row, log, zc)
    x0, s0 = _estimate(previous_row, log, zc)
    if direction == "reference" and reference is not None:
        x1, x0 = x1 - reference[0], x0 - reference[1]
    tested = _test(x1, s1, x0, s0, exact_allowed=not log, zc=zc)
    if tested is None:
        return Trend("not comparable", False, current_value, previous_value)
    clear, z = tested
    word = judge_change(direction, x1, x0)
    if clear:
        return Trend(word, True, current_value, previous_value, z, word)
    return Trend("similar", False, current_value, previous_value, z, word)


def adverse_gap(indicator: int, bme: float, white: float) -> float:
    """BME − White where a higher figure is worse (5, 6, 8); White − BME for 7."""
    return white - bme if indicator == 7 else bme - white


def compare_gap(
    current_bme: Mapping[str, Any] | pd.Series,
    current_white: Mapping[str, Any] | pd.Series,
    previous_bme: Mapping[str, Any] | pd.Series | None,
    previous_white: Mapping[str, Any] | pd.Series | None,
    *,
    level: float = DEFAULT_LEVEL,
) -> Trend:
    """Judge the change in the adverse BME–White gap of a survey indicator (smaller is better)."""
    if previous_bme is None or previous_white is None:
        return Trend("not comparable", False)
    indicator = int(_get(current_bme, "indicator"))
    zc = z_for_level(level)
    gaps = []
    for bme, white in ((current_bme, current_white), (previous_bme, previous_white)):
        b, sb = _estimate(bme, False, zc)
        w, sw = _estimate(white, False, zc)
        gaps.append((adverse_gap(indicator, b, w), math.hypot(sb, sw)))
    (g1, s1), (g0, s0) = gaps
    tested = _test(g1, s1, g0, s0, exact_allowed=True, zc=zc)
    if tested is None:
        return Trend("not comparable", False, g1, g0)
    clear, z = tested
    word = judge_change("lower", g1, g0)
    if clear:
        return Trend(word, True, g1, g0, z, word)
    return Trend("similar", False, g1, g0, z, word)


def _combine(trends: Iterable[Trend]) -> Trend:
    """One judgement from several: all similar -> similar; both directions -> mixed."""
    trends = list(trends)
    comparable = [t for t in trends if t.judgement != "not comparable"]
    if not comparable:
        return Trend("not comparable", False)
    words = {t.judgement for t in comparable if t.clear and t.judgement in ("better", "worse")}
    if words == {"better", "worse"}:
        return Trend("mixed", True)
    if words:
        word = words.pop()
        return Trend(word, True, lean=word)
    unclear = any(not t.clear and t.lean not in (None, "similar") for t in comparable)
    return Trend("similar", not unclear, lean="changed" if unclear else None)


# --------------------------------------------------------------------------- selecting rows


def prepare_metrics(metrics: pd.DataFrame) -> pd.DataFrame:
    """A copy with numeric values, int indicators and hidden rows blanked.

    A frame this made is returned as it is: the narrative prepares once and hands the frame
    to the headline and trend functions, which would otherwise each copy it again.
    """
    if metrics.attrs.get(_PREPARED):
        return metrics
    frame = metrics.copy()
    frame["indicator"] = frame["indicator"].astype(int)
    for column in _VALUE_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if "hidden" in frame.columns:
        hidden = frame["hidden"].fillna(False).astype(bool).to_numpy()
        frame.loc[hidden, list(_VALUE_COLUMNS)] = math.nan
    if "note" not in frame.columns:
        frame["note"] = ""
    frame.attrs[_PREPARED] = True
    return frame


def metric_row(
    frame: pd.DataFrame, indicator: int, year: str, measure: str, group: str, statistic: str
) -> pd.Series | None:
    """The first row with this key, found through a dict built once per frame (the narrative
    asks about a thousand times per report; filtering the whole frame each time was slow)."""
    position = _row_index(frame).get((indicator, year, measure, group, statistic))
    return None if position is None else frame.iloc[position]


_ROW_INDEXES: dict[int, tuple[weakref.ref, dict[tuple, int], int]] = {}


def _row_index(frame: pd.DataFrame) -> dict[tuple, int]:
    """Key -> first position in ``frame``, kept while the frame lives and keeps its rows."""
    cached = _ROW_INDEXES.get(id(frame))
    if cached is not None and cached[0]() is frame and len(frame) == cached[2]:
        return cached[1]
    index: dict[tuple, int] = {}
    columns = ("indicator", "year", "measure", "group", "statistic")
    keys = zip(*(frame[c].tolist() for c in columns), strict=True)
    for position, key in enumerate(keys):
        index.setdefault(key, position)
    frame_id = id(frame)
    forget = lambda _: _ROW_INDEXES.pop(frame_id, None)  # noqa: E731
    _ROW_INDEXES[frame_id] = (weakref.ref(frame, forget), index, len(frame))
    return index


def row_value(row: pd.Series | None) -> float:
    return math.nan if row is None else as_number(row["value"])


def previous_year(year: str) -> str:
    """The reporting year before ``year`` (``2021-22`` -> ``2020-21``)."""
    return year_label(year_start(year) - 1)


def clear_difference(a: pd.Series | None, b: pd.Series | None, level: float) -> bool | None:
    """Is the difference between two groups' percentages this year beyond the margin of error?"""
    if a is None or b is None:
        return None
    zc = z_for_level(level)
    xa, sa = _estimate(a, False, zc)
    xb, sb = _estimate(b, False, zc)
    tested = _test(xa, sa, xb, sb, exact_allowed=True, zc=zc)
    return None if tested is None else tested[0]


# --------------------------------------------------------------------------- indicator 1


def representation_by_band(
    metrics: pd.DataFrame, year: str, *, level: float = DEFAULT_LEVEL
) -> pd.DataFrame:
    """Indicator 1 band and grouped rows: % BME with interval, % White, overall % BME, flag.

    ``flag`` is "under"/"over" when the whole interval is below/above the overall share,
    "similar" when it contains it, "not known" when the value is missing or hidden.
    """
    del level  # the intervals in the metrics already carry the level
    frame = prepare_metrics(metrics)
    frame = frame[(frame["indicator"] == 1) & (frame["year"] == year)]
    frame = frame[frame["statistic"] == "percent"]
    overall = row_value(metric_row(frame, 1, year, "overall", "BME", "percent"))
    measures = [
        m
        for m in dict.fromkeys(frame["measure"])
        if "|" in m and split_band_row(m)[0] != "bank" and m != "bank"
    ]
    measures.sort(key=band_sort_key)
    rows = []
    for measure in measures:
        bme = metric_row(frame, 1, year, measure, "BME", "percent")
        white = metric_row(frame, 1, year, measure, "White", "percent")
        value, low, high = (as_number(_get(bme, k)) for k in _VALUE_COLUMNS)
        if math.isnan(value) or math.isnan(overall):
            flag = "not known"
        elif not math.isnan(high) and high < overall:
            flag = "under"
        elif not math.isnan(low) and low > overall:
            flag = "over"
        else:
            flag = "similar"
        workforce, band = split_band_row(measure)
        rows.append(
            {
                "measure": measure,
                "workforce": workforce,
                "band": band,
                "percent_bme": value,
                "ci_low": low,
                "ci_high": high,
                "percent_white": row_value(white),
                "overall_percent": overall,
                "difference_pp": value - overall,
                "flag": flag,
            }
        )
    columns = [
        "measure",
        "workforce",
        "band",
        "percent_bme",
        "ci_low",
        "ci_high",
        "percent_white",
        "overall_percent",
        "difference_pp",
        "flag",
    ]
    return pd.DataFrame(rows, columns=columns)


def representation_trend(
    frame: pd.DataFrame, year: str, level: float
) -> tuple[Trend, list[str], list[str]]:
    """Band rows (not grouped) moving clearly closer to / further from the overall share."""
    prev = previous_year(year)
    ref = (
        row_value(metric_row(frame, 1, year, "overall", "BME", "percent")),
        row_value(metric_row(frame, 1, prev, "overall", "BME", "percent")),
    )
    trends, closer, further = [], [], []
    rows = frame[(frame["indicator"] == 1) & (frame["year"] == year)]
    rows = rows[(rows["statistic"] == "percent") & (rows["group"] == "BME")]
    for measure in sorted(dict.fromkeys(rows["measure"]), key=band_sort_key):
        if split_band_row(measure)[0] not in ("non-clinical", "clinical", "medical"):
            continue
        current = metric_row(frame, 1, year, measure, "BME", "percent")
        previous = metric_row(frame, 1, prev, measure, "BME", "percent")
        trend = compare_years(current, previous, level=level, reference=ref)
        trends.append(trend)
        if trend.clear and trend.judgement == "better":
            closer.append(measure)
        elif trend.clear and trend.judgement == "worse":
            further.append(measure)
    return _combine(trends), closer, further


# --------------------------------------------------------------------------- indicators 5 to 8


def survey_rows(
    frame: pd.DataFrame, indicator: int, year: str, measure: str
) -> tuple[pd.Series | None, pd.Series | None]:
    return (
        metric_row(frame, indicator, year, measure, "BME", "percent"),
        metric_row(frame, indicator, year, measure, "White", "percent"),
    )


def survey_trend(
    frame: pd.DataFrame, indicator: int, year: str, measure: str, level: float
) -> tuple[Trend, Trend, Trend]:
    bme, white = survey_rows(frame, indicator, year, measure)
    pbme, pwhite = survey_rows(frame, indicator, previous_year(year), measure)
    if bme is None:
        blank = Trend("not comparable", False)
        return blank, blank, blank
    bme_trend = compare_years(bme, pbme, level=level)
    if white is None:
        return bme_trend, bme_trend, Trend("not comparable", False)
    gap_trend = compare_gap(bme, white, pbme, pwhite, level=level)
    return _combine([bme_trend, gap_trend]), bme_trend, gap_trend


# --------------------------------------------------------------------------- indicator 9


def board_trend(frame: pd.DataFrame, year: str, level: float) -> tuple[Trend, list[float]]:
    """The Board is counted in full (a census, not a sample): its differences are compared as
    exact figures, without the intervals the metrics carry for the workforce share."""
    prev = previous_year(year)
    trends, previous = [], []
    for measure in BOARD_MEASURES:
        row = _exact(metric_row(frame, 9, year, measure, "BME", "difference_pp"))
        before = _exact(metric_row(frame, 9, prev, measure, "BME", "difference_pp"))
        if row is None:
            continue
        trends.append(compare_years(row, before, level=level))
        previous.append(row_value(before))
    return _combine(trends), previous


def _exact(row: pd.Series | None) -> pd.Series | None:
    if row is None:
        return None
    row = row.copy()
    row["ci_low"] = row["ci_high"] = math.nan
    return row


def indicator_trend(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    *,
    measure: str = "all",
    level: float = DEFAULT_LEVEL,
) -> Trend:
    """The indicator's overall judgement against last year (as its statement words it)."""
    frame = prepare_metrics(metrics)
    if indicator == 1:
        return representation_trend(frame, year, level)[0]
    if indicator in RATIO_INDICATORS:
        group = RATIO_GROUP[indicator]
        row = metric_row(frame, indicator, year, measure, group, "relative_likelihood")
        prev = metric_row(
            frame, indicator, previous_year(year), measure, group, "relative_likelihood"
        )
        if row is None:
            return Trend("not comparable", False)
        return compare_years(row, prev, level=level)
    if indicator in SURVEY_INDICATORS:
        return survey_trend(frame, indicator, year, measure, level)[0]
    if indicator == 9:
        return board_trend(frame, year, level)[0]
    raise ValueError(f"WRES indicators are 1 to 9, not {indicator}")
