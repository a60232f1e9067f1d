"""Words and trend judgements generated from the metrics, never typed.

Every sentence here is built from the metrics frame (the contract in ``docs/architecture.md``),
so the words cannot drift from the tables. Text is plain (no HTML); the report layer escapes it.
Rows marked ``hidden`` (public mode) are treated as not available, so words never reveal a
suppressed value.

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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from scipy.stats import norm

from wres_lib.bands import band_rank, band_sort_key, split_band_row
from wres_lib.params import year_label, year_start
from wres_lib.style import PERCENT_DP, format_percent, format_ratio

DEFAULT_LEVEL = 0.95
BME_IN_FULL = "Black, Asian and minority ethnic (BME)"
FINER_GROUPS = ("Asian", "Black", "Mixed", "Other")
RATIO_GROUP = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
SURVEY_INDICATORS = (5, 6, 7, 8)
RATIO_INDICATORS = (2, 3, 4)
BOARD_MEASURES = {
    "all": "all Board members",
    "voting": "voting members",
    "executive": "executive members",
}

INDICATOR_NAMES = {
    1: "representation by pay band",
    2: "appointment from shortlisting",
    3: "formal disciplinary investigations",
    4: "non-mandatory training and CPD",
    5: "harassment, bullying or abuse from patients, relatives or the public",
    6: "harassment, bullying or abuse from staff",
    7: "equal opportunities for career progression or promotion",
    8: "discrimination at work from a manager or colleague",
    9: "Board representation",
}

_RATIO_OUTCOMES = {
    2: "to be appointed from shortlisting",
    3: "to enter a formal disciplinary investigation",
    4: "to access non-mandatory training and continuing professional development (CPD)",
}
_SURVEY_OUTCOMES = {
    (5, "all"): "experienced harassment, bullying or abuse from patients, relatives or the public "
    "in the last 12 months",
    (6, "all"): "experienced harassment, bullying or abuse from managers or other colleagues "
    "in the last 12 months",
    (
        6,
        "managers",
    ): "experienced harassment, bullying or abuse from managers in the last 12 months",
    (6, "colleagues"): "experienced harassment, bullying or abuse from other colleagues "
    "in the last 12 months",
    (7, "all"): "believed the trust provides equal opportunities for career progression or "
    "promotion",
    (8, "all"): "experienced discrimination at work from a manager, team leader or other "
    "colleagues in the last 12 months",
}
_PP_TOLERANCE = 0.5 * 10**-PERCENT_DP
_VALUE_COLUMNS = ("value", "ci_low", "ci_high")


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


def z_value(level: float = DEFAULT_LEVEL) -> float:
    """Two-sided normal quantile for a confidence level (1.96 for 0.95)."""
    return float(norm.ppf(0.5 + level / 2))


def _get(row: Mapping[str, Any] | pd.Series | None, key: str, default: Any = None) -> Any:
    if row is None:
        return default
    value = row.get(key, default)
    return default if value is None else value


def _num(value: Any) -> float:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return math.nan
    return result


def _is_hidden(row: Mapping[str, Any] | pd.Series) -> bool:
    hidden = _get(row, "hidden", False)
    return bool(hidden) if not pd.isna(hidden) else False


def _direction(indicator: int, statistic: str, group: str, has_reference: bool) -> str:
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
    value, low, high = (_num(_get(row, key)) for key in _VALUE_COLUMNS)
    if _is_hidden(row):
        return math.nan, math.nan
    if log:
        if not value > 0:
            return math.nan, math.nan
        if low > 0 and high > 0:
            return math.log(value), (math.log(high) - math.log(low)) / (2 * zc)
        return math.log(value), math.nan
    return value, (high - low) / (2 * zc)


def _judge(direction: str, x1: float, x0: float) -> str:
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
        return abs(x1 - x0) >= _PP_TOLERANCE - 1e-12, None
    se = math.hypot(s1, s0)
    if se == 0:
        return abs(x1 - x0) >= _PP_TOLERANCE - 1e-12, None
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
    current_value = _num(_get(current_row, "value"))
    previous_value = _num(_get(previous_row, "value"))
    if previous_row is None or _is_hidden(current_row) or _is_hidden(previous_row):
        return Trend("not comparable", False, current_value, None)
    statistic = str(_get(current_row, "statistic"))
    if str(_get(previous_row, "statistic")) != statistic:
        raise ValueError("compare_years needs two rows of the same statistic")
    indicator = int(_get(current_row, "indicator"))
    direction = _direction(indicator, statistic, str(_get(current_row, "group")), bool(reference))
    zc = z_value(level)
    log = statistic == "relative_likelihood"
    x1, s1 = _estimate(current_row, log, zc)
    x0, s0 = _estimate(previous_row, log, zc)
    if direction == "reference" and reference is not None:
        x1, x0 = x1 - reference[0], x0 - reference[1]
    tested = _test(x1, s1, x0, s0, exact_allowed=not log, zc=zc)
    if tested is None:
        return Trend("not comparable", False, current_value, previous_value)
    clear, z = tested
    word = _judge(direction, x1, x0)
    if clear:
        return Trend(word, True, current_value, previous_value, z, word)
    return Trend("similar", False, current_value, previous_value, z, word)


def _adverse_gap(indicator: int, bme: float, white: float) -> float:
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
    zc = z_value(level)
    gaps = []
    for bme, white in ((current_bme, current_white), (previous_bme, previous_white)):
        b, sb = _estimate(bme, False, zc)
        w, sw = _estimate(white, False, zc)
        gaps.append((_adverse_gap(indicator, b, w), math.hypot(sb, sw)))
    (g1, s1), (g0, s0) = gaps
    tested = _test(g1, s1, g0, s0, exact_allowed=True, zc=zc)
    if tested is None:
        return Trend("not comparable", False, g1, g0)
    clear, z = tested
    word = _judge("lower", g1, g0)
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
    """A copy with numeric values, int indicators and hidden rows blanked."""
    frame = metrics.copy()
    frame["indicator"] = frame["indicator"].astype(int)
    for column in _VALUE_COLUMNS:
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
    if "hidden" in frame.columns:
        hidden = frame["hidden"].fillna(False).astype(bool).to_numpy()
        frame.loc[hidden, list(_VALUE_COLUMNS)] = math.nan
    if "note" not in frame.columns:
        frame["note"] = ""
    return frame


def _row(
    frame: pd.DataFrame, indicator: int, year: str, measure: str, group: str, statistic: str
) -> pd.Series | None:
    rows = frame[
        (frame["indicator"] == indicator)
        & (frame["year"] == year)
        & (frame["measure"] == measure)
        & (frame["group"] == group)
        & (frame["statistic"] == statistic)
    ]
    return None if rows.empty else rows.iloc[0]


def _value(row: pd.Series | None) -> float:
    return math.nan if row is None else _num(row["value"])


def previous_year(year: str) -> str:
    """The reporting year before ``year`` (``2021-22`` -> ``2020-21``)."""
    return year_label(year_start(year) - 1)


def _pct(value: float) -> str:
    return format_percent(value) or "not available"


def _pp(value: float) -> str:
    return f"{abs(value):.{PERCENT_DP}f}"


def _signed_pp(value: float) -> str:
    return f"{value:+.{PERCENT_DP}f}"


def _band_text(parity_band: tuple[float, float]) -> str:
    return f"{format_ratio(parity_band[0])}–{format_ratio(parity_band[1])}"


def _level_text(level: float) -> str:
    return f"{level * 100:g}% CI"


def _spell_out(text: str, spell_out_bme: bool) -> str:
    return text.replace("BME", BME_IN_FULL, 1) if spell_out_bme else text


def _clear_difference(a: pd.Series | None, b: pd.Series | None, level: float) -> bool | None:
    """Is the difference between two groups' percentages this year beyond the margin of error?"""
    if a is None or b is None:
        return None
    zc = z_value(level)
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
    overall = _value(_row(frame, 1, year, "overall", "BME", "percent"))
    measures = [
        m
        for m in dict.fromkeys(frame["measure"])
        if "|" in m and split_band_row(m)[0] != "bank" and m != "bank"
    ]
    measures.sort(key=band_sort_key)
    rows = []
    for measure in measures:
        bme = _row(frame, 1, year, measure, "BME", "percent")
        white = _row(frame, 1, year, measure, "White", "percent")
        value, low, high = (_num(_get(bme, k)) for k in _VALUE_COLUMNS)
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
                "percent_white": _value(white),
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


def band_label(measure: str) -> str:
    """``"clinical|Band 8a"`` -> ``"clinical Band 8a"``; grouped rows keep their own name."""
    workforce, band = split_band_row(measure)
    if workforce in ("grouped", ""):
        return band
    return f"{workforce} {band}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _band_list(measures: list[str]) -> str:
    """``non-clinical Bands 2 and 3, clinical Band 2`` from band rows."""
    by_workforce: dict[str, list[str]] = {}
    for measure in measures:
        workforce, band = split_band_row(measure)
        by_workforce.setdefault(workforce, []).append(band)
    parts = []
    for workforce, bands in by_workforce.items():
        if len(bands) > 1 and all(b.startswith("Band ") for b in bands):
            names = "Bands " + _join([b.removeprefix("Band ") for b in bands])
        else:
            names = _join(bands)
        parts.append(f"{workforce} {names}".strip())
    return _join(parts)


def _representation_trend(
    frame: pd.DataFrame, year: str, level: float
) -> tuple[Trend, list[str], list[str]]:
    """Band rows (not grouped) moving clearly closer to / further from the overall share."""
    prev = previous_year(year)
    ref = (
        _value(_row(frame, 1, year, "overall", "BME", "percent")),
        _value(_row(frame, 1, prev, "overall", "BME", "percent")),
    )
    trends, closer, further = [], [], []
    rows = frame[(frame["indicator"] == 1) & (frame["year"] == year)]
    rows = rows[(rows["statistic"] == "percent") & (rows["group"] == "BME")]
    for measure in sorted(dict.fromkeys(rows["measure"]), key=band_sort_key):
        if split_band_row(measure)[0] not in ("non-clinical", "clinical", "medical"):
            continue
        current = _row(frame, 1, year, measure, "BME", "percent")
        previous = _row(frame, 1, prev, measure, "BME", "percent")
        trend = compare_years(current, previous, level=level, reference=ref)
        trends.append(trend)
        if trend.clear and trend.judgement == "better":
            closer.append(measure)
        elif trend.clear and trend.judgement == "worse":
            further.append(measure)
    return _combine(trends), closer, further


def _statement_1(frame: pd.DataFrame, year: str, level: float) -> str:
    prev = previous_year(year)
    overall = _row(frame, 1, year, "overall", "BME", "percent")
    if overall is None or math.isnan(_value(overall)):
        return f"No figures for the BME share of the workforce are available for {year}."
    overall_trend = compare_years(overall, _row(frame, 1, prev, "overall", "BME", "percent"))
    text = f"BME staff were {_pct(_value(overall))} of the substantive workforce of known ethnicity"
    if overall_trend.judgement != "not comparable":
        text += f", {overall_trend.described(_pct(overall_trend.previous))}"
    declared = _value(_row(frame, 1, year, "overall", "Known", "declaration_rate"))
    if not math.isnan(declared):
        text += f", and ethnicity was known for {_pct(declared)} of staff"
    text += "."
    table = representation_by_band(frame, year)
    table = table[table["workforce"] != "grouped"]
    under = table.loc[table["flag"] == "under", "measure"].tolist()
    over = table.loc[table["flag"] == "over", "measure"].tolist()
    if under or over:
        parts = []
        if under:
            parts.append(f"under-represented at {_band_list(under)}")
        if over:
            parts.append(f"over-represented at {_band_list(over)}")
        text += (
            f" Judged by each band's {level * 100:g}% confidence interval against that overall "
            f"share, BME staff were {' and '.join(parts)}."
        )
    elif not table.empty:
        text += " No band differed from the overall share by more than the margin of error."
    trend, closer, further = _representation_trend(frame, year, level)
    if trend.judgement != "not comparable":
        if closer or further:
            moves = []
            if closer:
                moves.append(f"closer to the overall share at {_band_list(closer)}")
            if further:
                moves.append(f"further from it at {_band_list(further)}")
            text += f" Compared with last year, representation moved {' and '.join(moves)}."
        else:
            text += (
                " Compared with last year, no band's share moved by more than the margin of error."
            )
    return text


# --------------------------------------------------------------------------- indicators 2 to 4


def _ratio_parts(indicator: int, measure: str) -> tuple[str, str, str, str]:
    first, second = RATIO_GROUP[indicator].split("/")
    noun = "applicants" if indicator == 2 else "staff"
    if measure == "bank":
        noun = "bank staff"
    outcome = _RATIO_OUTCOMES[indicator]
    if indicator == 3 and measure == "two-year":
        outcome += " over the two years to 31 March"
    return first, second, noun, outcome


def _ratio_clause(row: pd.Series, indicator: int, measure: str, level: float) -> str:
    first, second, noun, outcome = _ratio_parts(indicator, measure)
    text = f"{first} {noun} were {format_ratio(_value(row))} times as likely as {second} {noun}"
    text += f" {outcome}"
    low, high = _num(row["ci_low"]), _num(row["ci_high"])
    if not (math.isnan(low) or math.isnan(high)):
        text += f" ({_level_text(level)} {format_ratio(low)} to {format_ratio(high)})"
    return text


def _statement_ratio(
    frame: pd.DataFrame,
    indicator: int,
    year: str,
    measure: str,
    parity_band: tuple[float, float],
    level: float,
) -> str:
    group = RATIO_GROUP[indicator]
    row = _row(frame, indicator, year, measure, group, "relative_likelihood")
    first, second, noun, outcome = _ratio_parts(indicator, measure)
    if row is None or math.isnan(_value(row)):
        why = "" if row is None else str(row.get("note") or "").strip()
        if row is not None and _is_hidden(row):
            why = "it rests on small numbers and is not published"
        return (
            f"The relative likelihood of {first} {noun} compared with {second} {noun} "
            f"{outcome} could not be given for {year}" + (f": {why}." if why else ".")
        )
    value = _value(row)
    low, high = _num(row["ci_low"]), _num(row["ci_high"])
    inside = parity_band[0] <= value <= parity_band[1]
    text = _ratio_clause(row, indicator, measure, level)
    text += f", {'within' if inside else 'outside'} the {_band_text(parity_band)} range"
    if not (math.isnan(low) or math.isnan(high)) and low < parity_band[0] and high > parity_band[1]:
        text += (
            "; the numbers are too small to say whether the groups really differ, because the "
            "interval runs from below to above that range"
        )
    previous = _row(frame, indicator, previous_year(year), measure, group, "relative_likelihood")
    trend = compare_years(row, previous, level=level)
    return text + f"; {trend.described(format_ratio(trend.previous))}."


# --------------------------------------------------------------------------- indicators 5 to 8


def _survey_rows(
    frame: pd.DataFrame, indicator: int, year: str, measure: str
) -> tuple[pd.Series | None, pd.Series | None]:
    return (
        _row(frame, indicator, year, measure, "BME", "percent"),
        _row(frame, indicator, year, measure, "White", "percent"),
    )


def survey_trend(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    measure: str = "all",
    *,
    level: float = DEFAULT_LEVEL,
) -> tuple[Trend, Trend, Trend]:
    """(combined, BME figure, gap) judgements for a survey indicator."""
    frame = prepare_metrics(metrics)
    return _survey_trend(frame, indicator, year, measure, level)


def _survey_trend(
    frame: pd.DataFrame, indicator: int, year: str, measure: str, level: float
) -> tuple[Trend, Trend, Trend]:
    bme, white = _survey_rows(frame, indicator, year, measure)
    pbme, pwhite = _survey_rows(frame, indicator, previous_year(year), measure)
    if bme is None:
        blank = Trend("not comparable", False)
        return blank, blank, blank
    bme_trend = compare_years(bme, pbme, level=level)
    if white is None:
        return bme_trend, bme_trend, Trend("not comparable", False)
    gap_trend = compare_gap(bme, white, pbme, pwhite, level=level)
    return _combine([bme_trend, gap_trend]), bme_trend, gap_trend


def _statement_survey(
    frame: pd.DataFrame, indicator: int, year: str, measure: str, level: float
) -> str:
    bme, white = _survey_rows(frame, indicator, year, measure)
    noun = "bank staff" if measure.startswith("bank") else "staff"
    outcome = _SURVEY_OUTCOMES.get(
        (indicator, measure.removeprefix("bank|").replace("bank", "all"))
    )
    if outcome is None:
        outcome = _SURVEY_OUTCOMES[(indicator, "all")]
    b, w = _value(bme), _value(white)
    if math.isnan(b) or math.isnan(w):
        return f"Staff Survey figures for indicator {indicator} are not available for {year}."
    text = f"{_pct(b)} of BME {noun} and {_pct(w)} of White {noun} {outcome}"
    clear = _clear_difference(bme, white, level)
    gap = f"a difference of {_pp(b - w)} percentage points"
    if clear is True:
        text += f" ({gap}, beyond the margin of error)"
    elif clear is False:
        text += f" ({gap}, within the margin of error)"
    combined, bme_trend, gap_trend = _survey_trend(frame, indicator, year, measure, level)
    if combined.judgement == "not comparable":
        return text + f"; {combined.phrase}."
    pbme, pwhite = _survey_rows(frame, indicator, previous_year(year), measure)
    last = f"{_pct(_value(pbme))} BME and {_pct(_value(pwhite))} White last year"
    if combined.judgement == "mixed":
        bme_word = "better" if bme_trend.judgement == "better" else "worse"
        gap_word = "narrowed" if gap_trend.judgement == "better" else "widened"
        return (
            text + f"; {combined.phrase}: the BME figure was {bme_word} but the gap to White "
            f"{noun} {gap_word} ({last})."
        )
    detail = ""
    if combined.clear and not bme_trend.clear and gap_trend.clear:
        detail = ", because the gap to White staff " + (
            "narrowed" if gap_trend.judgement == "better" else "widened"
        )
    if detail:
        return text + f"; {combined.phrase}{detail} ({last})."
    return text + f"; {combined.described(last)}."


# --------------------------------------------------------------------------- indicator 9


def _board_trend(frame: pd.DataFrame, year: str, level: float) -> tuple[Trend, list[float]]:
    prev = previous_year(year)
    trends, previous = [], []
    for measure in BOARD_MEASURES:
        row = _row(frame, 9, year, measure, "BME", "difference_pp")
        before = _row(frame, 9, prev, measure, "BME", "difference_pp")
        if row is None:
            continue
        trends.append(compare_years(row, before, level=level))
        previous.append(_value(before))
    return _combine(trends), previous


def _statement_9(frame: pd.DataFrame, year: str, level: float) -> str:
    workforce = _value(_row(frame, 9, year, "workforce", "BME", "percent"))
    if math.isnan(workforce):
        workforce = _value(_row(frame, 1, year, "overall", "BME", "percent"))
    parts = []
    for measure, label in BOARD_MEASURES.items():
        value = _value(_row(frame, 9, year, measure, "BME", "difference_pp"))
        if math.isnan(value):
            continue
        if abs(value) < _PP_TOLERANCE:
            parts.append(f"proportionately represented among {label}")
        elif value < 0:
            parts.append(f"under-represented among {label} by {_pp(value)} percentage points")
        else:
            parts.append(f"over-represented among {label} by {_pp(value)} percentage points")
    if not parts:
        return f"Board representation figures are not available for {year}."
    start = "Compared with the workforce"
    if not math.isnan(workforce):
        start += f" ({_pct(workforce)} BME)"
    text = f"{start}, BME people were {_join(parts)}"
    trend, previous = _board_trend(frame, year, level)
    if trend.judgement == "not comparable":
        return text + f"; {trend.phrase}."
    shown = [_signed_pp(v) for v in previous if not math.isnan(v)]
    last = f"{_join(shown)} percentage points last year" if shown else ""
    return text + f"; {trend.described(last)}."


# --------------------------------------------------------------------------- public API


def indicator_statement(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    *,
    measure: str = "all",
    level: float = DEFAULT_LEVEL,
    spell_out_bme: bool = False,
) -> str:
    """One plain-English summary of an indicator: the figure and the change since last year.

    ``spell_out_bme`` writes "Black, Asian and minority ethnic (BME)" at the first use.
    """
    frame = prepare_metrics(metrics)
    if indicator == 1:
        text = _statement_1(frame, year, level)
    elif indicator in RATIO_INDICATORS:
        text = _statement_ratio(frame, indicator, year, measure, parity_band, level)
    elif indicator in SURVEY_INDICATORS:
        text = _statement_survey(frame, indicator, year, measure, level)
    elif indicator == 9:
        text = _statement_9(frame, year, level)
    else:
        raise ValueError(f"WRES indicators are 1 to 9, not {indicator}")
    return _spell_out(text, spell_out_bme)


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
        return _representation_trend(frame, year, level)[0]
    if indicator in RATIO_INDICATORS:
        group = RATIO_GROUP[indicator]
        row = _row(frame, indicator, year, measure, group, "relative_likelihood")
        prev = _row(frame, indicator, previous_year(year), measure, group, "relative_likelihood")
        if row is None:
            return Trend("not comparable", False)
        return compare_years(row, prev, level=level)
    if indicator in SURVEY_INDICATORS:
        return _survey_trend(frame, indicator, year, measure, level)[0]
    if indicator == 9:
        return _board_trend(frame, year, level)[0]
    raise ValueError(f"WRES indicators are 1 to 9, not {indicator}")


@dataclass(frozen=True)
class AffectedGroup:
    """The finer ethnic group faring worst on a measure, and whether that is beyond chance."""

    group: str
    statistic: str
    value: float
    ci_low: float
    ci_high: float
    white_value: float
    clear: bool | None
    compared: int = len(FINER_GROUPS)  # how many finer groups had a figure to compare


def most_affected_group(
    metrics: pd.DataFrame,
    indicator: int,
    measure: str,
    year: str,
    *,
    level: float = DEFAULT_LEVEL,
) -> AffectedGroup | None:
    """Among Asian, Black, Mixed and Other, the group with the worst figure.

    Worst = lowest rate for 2, 4 and 7; highest for 3, 5, 6 and 8. ``clear`` says whether its
    interval excludes the White figure. None when no finer figures are available.
    """
    if indicator not in RATIO_INDICATORS + SURVEY_INDICATORS:
        raise ValueError("the finer-group comparison applies to indicators 2 to 8")
    frame = prepare_metrics(metrics)
    white = _row(frame, indicator, year, measure, "White", "percent")
    candidates = []
    for group in FINER_GROUPS:
        row = _row(frame, indicator, year, measure, group, "percent")
        if row is not None and not math.isnan(_value(row)):
            candidates.append(row)
    white_value = _value(white)
    if not candidates or math.isnan(white_value):
        return None  # nothing to compare with: no sentence rather than a misleading one
    lower_is_worse = indicator in (2, 4, 7)
    pick = min if lower_is_worse else max
    worst = pick(candidates, key=_value)
    if (_value(worst) >= white_value) if lower_is_worse else (_value(worst) <= white_value):
        return None  # no finer group fares worse than White staff
    return AffectedGroup(
        group=str(worst["group"]),
        statistic="percent",
        value=_value(worst),
        ci_low=_num(worst["ci_low"]),
        ci_high=_num(worst["ci_high"]),
        white_value=white_value,
        clear=_clear_difference(worst, white, level),
        compared=len(candidates),
    )


def _ratio_key_point(
    frame: pd.DataFrame, year: str, parity_band: tuple[float, float], level: float
) -> str:
    outside = []
    for indicator in RATIO_INDICATORS:
        row = _row(frame, indicator, year, "all", RATIO_GROUP[indicator], "relative_likelihood")
        value = _value(row)
        if value > 0 and not parity_band[0] <= value <= parity_band[1]:
            outside.append((abs(math.log(value)), indicator, row))
    band = _band_text(parity_band)
    if not outside:
        return (
            "The relative likelihoods for recruitment, disciplinary investigations and training "
            f"(indicators 2 to 4) were all within the {band} range."
        )
    _, indicator, row = max(outside, key=lambda item: item[0])
    clause = _ratio_clause(row, indicator, "all", level)
    others = len(outside) - 1
    tail = ""
    if others:
        tail = f"; {others} other{'s were' if others > 1 else ' was'} also outside the range"
    return (
        f"{clause[0].upper()}{clause[1:]}: the furthest from equal of the relative likelihoods, "
        f"outside the {band} range{tail}."
    )


def _survey_key_point(frame: pd.DataFrame, year: str, level: float) -> str | None:
    gaps = []
    for indicator in SURVEY_INDICATORS:
        bme, white = _survey_rows(frame, indicator, year, "all")
        b, w = _value(bme), _value(white)
        if not (math.isnan(b) or math.isnan(w)):
            gaps.append((_adverse_gap(indicator, b, w), indicator, b, w))
    if not gaps:
        return None
    gap, indicator, b, w = max(gaps)
    if gap <= 0:
        return (
            "In every Staff Survey indicator, BME staff fared as well as or better than White "
            "staff."
        )
    text = (
        f"The widest Staff Survey gap was on {INDICATOR_NAMES[indicator]} (indicator {indicator}): "
        f"{_pct(b)} of BME staff against {_pct(w)} of White staff"
    )
    worst = most_affected_group(frame, indicator, "all", year, level=level)
    if worst is not None:
        text += f"; {worst.group} staff were the most affected ({_pct(worst.value)})"
    return text + "."


def _representation_key_point(frame: pd.DataFrame, year: str, senior_from_band: str) -> str | None:
    table = representation_by_band(frame, year)
    table = table[table["workforce"].isin(("non-clinical", "clinical"))]
    threshold = band_rank(senior_from_band) or 0
    senior = table[table["band"].map(lambda b: (band_rank(b) or -1) >= threshold).astype(bool)]
    under = senior.loc[senior["flag"] == "under", "measure"].tolist()
    board = _value(_row(frame, 9, year, "all", "BME", "difference_pp"))
    if not under and not (board <= -_PP_TOLERANCE):
        return None
    overall = _value(_row(frame, 1, year, "overall", "BME", "percent"))
    parts = []
    if under:
        parts.append(
            f"BME staff ({_pct(overall)} of the workforce) were under-represented at "
            f"{_band_list(under)}"
        )
    if board <= -_PP_TOLERANCE:
        parts.append(
            f"{'they' if under else 'BME people'} were under-represented on the Board by "
            f"{_pp(board)} percentage points"
        )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _trend_key_point(frame: pd.DataFrame, year: str, level: float) -> str | None:
    worse: list[str] = []
    better: list[str] = []
    mixed: list[str] = []
    for indicator in range(1, 10):
        try:
            trend = indicator_trend(frame, indicator, year, level=level)
        except ValueError:
            continue
        label = f"{INDICATOR_NAMES[indicator]} (indicator {indicator})"
        {"worse": worse, "better": better, "mixed": mixed}.get(trend.judgement, []).append(label)
    if not worse and not better and not mixed:
        if not any(frame["year"] == previous_year(year)):
            return None
        return "No indicator changed by more than the margin of error since last year."
    parts = []
    if worse:
        parts.append(f"clearly worse than last year on {_join(worse)}")
    if better:
        parts.append(f"clearly better{'' if worse else ' than last year'} on {_join(better)}")
    if mixed:
        parts.append(f"mixed (better on one measure, worse on another) on {_join(mixed)}")
    text = "Results were " + "; and ".join(parts)
    return text + "."


def key_points(
    metrics: pd.DataFrame,
    year: str,
    parity_band: tuple[float, float],
    *,
    level: float = DEFAULT_LEVEL,
    senior_from_band: str = "Band 8a",
) -> list[str]:
    """The three or four points the Board should take away, in a fixed order.

    1. the relative likelihood furthest from equal (or that all are within the range);
    2. the widest Staff Survey gap and the finer group most affected;
    3. under-representation at senior bands and on the Board;
    4. which indicators changed beyond the margin of error since last year.
    """
    frame = prepare_metrics(metrics)
    points = [
        _ratio_key_point(frame, year, parity_band, level),
        _survey_key_point(frame, year, level),
        _representation_key_point(frame, year, senior_from_band),
        _trend_key_point(frame, year, level),
    ]
    return [point for point in points if point]


def indicator_narrative(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    *,
    level: float = DEFAULT_LEVEL,
) -> list[str]:
    """Bullets for an indicator's section: the statement, finer groups, other measures, bank."""
    frame = prepare_metrics(metrics)
    present = set(frame.loc[(frame["indicator"] == indicator) & (frame["year"] == year), "measure"])
    bullets = [indicator_statement(frame, indicator, year, parity_band, level=level)]
    if indicator == 3 and "two-year" in present:
        bullets.append(
            indicator_statement(frame, 3, year, parity_band, measure="two-year", level=level)
        )
    if indicator == 6:
        for measure in ("managers", "colleagues"):
            if measure in present:
                bullets.append(
                    indicator_statement(frame, 6, year, parity_band, measure=measure, level=level)
                )
    if indicator in RATIO_INDICATORS + SURVEY_INDICATORS:
        worst = most_affected_group(frame, indicator, "all", year, level=level)
        if worst is not None:
            among = (
                "Of the ethnic groups within BME"
                if worst.compared == len(FINER_GROUPS)
                else "Of the ethnic groups within BME whose figures can be shown"
            )
            text = (
                f"{among}, {worst.group} staff had the least favourable "
                f"figure ({_pct(worst.value)}, against {_pct(worst.white_value)} for White staff)"
            )
            if worst.clear is False:
                text += "; the difference from White staff is within the margin of error"
            bullets.append(text + ".")
    if "bank" in present and indicator != 1:
        bullets.append(
            "Bank staff (not part of the WRES figures): "
            + indicator_statement(frame, indicator, year, parity_band, measure="bank", level=level)
        )
    return bullets
