"""Each indicator's facts and judgements, worked out once, for every sentence that speaks of it.

The summary, the indicator's own section, the points for the Board and the action plan's
movement view all take their figures and their trend word from here, so they cannot disagree.
Python decides; the wording templates (:mod:`wres_lib.present.wording`) say it.

Judgements:

* ``meaning`` of a relative likelihood: "similar" inside the parity band; outside it,
  "bme_worse" or "bme_better" when the interval excludes 1.00, "unsure" when it does not (too
  few cases to tell a difference from chance);
* ``meaning`` of a Staff Survey indicator: "similar" when the BME and White intervals overlap
  enough for chance to explain the gap, else "bme_worse" or "bme_better";
* ``trend``: :func:`wres_lib.present.trends.indicator_trend`, the one rule for "better", "worse",
  "similar", "mixed" or "not comparable" against last year.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from wres_lib.inputs.bands import band_rank, split_band_row
from wres_lib.present.trends import (
    BOARD_MEASURES,
    DEFAULT_LEVEL,
    FINER_GROUPS,
    PP_TOLERANCE,
    RATIO_GROUP,
    RATIO_INDICATORS,
    SURVEY_INDICATORS,
    as_number,
    board_trend,
    clear_difference,
    hidden_reason,
    indicator_trend,
    is_hidden,
    metric_row,
    prepare_metrics,
    previous_year,
    representation_by_band,
    representation_trend,
    row_value,
    survey_rows,
    survey_trend,
)
from wres_lib.present.wording import and_list
from wres_lib.protect.public_report import COARSE_RATIOS

# Lower is worse for these indicators' group rates (appointment, training, fair progression).
LOWER_IS_WORSE = (2, 4, 7)


def _value(number: float) -> float | None:
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class BandList:
    """Band rows named as a reader says them: ``clinical Bands 3, 4 and 8a``."""

    measures: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.measures)

    def __len__(self) -> int:
        return len(self.measures)

    def __str__(self) -> str:
        by_workforce: dict[str, list[str]] = {}
        for measure in self.measures:
            workforce, band = split_band_row(measure)
            by_workforce.setdefault(workforce, []).append(band)
        parts = []
        for workforce, bands in by_workforce.items():
            if len(bands) > 1 and all(b.startswith("Band ") for b in bands):
                names = "Bands " + and_list([b.removeprefix("Band ") for b in bands])
            else:
                names = and_list(bands)
            parts.append(f"{'' if workforce == 'grouped' else workforce} {names}".strip())
        return and_list(parts)


@dataclass(frozen=True)
class Representation:
    """Indicator 1: the BME share overall and how each pay band compares with it."""

    year: str
    shown: bool
    overall: float | None
    previous: float | None
    declared: float | None
    under: BandList
    over: BandList
    senior_under: BandList
    not_shown: BandList
    closer: BandList
    further: BandList
    trend: str
    # The bands not shown, by why: counts below the threshold, or hidden to protect those.
    small: BandList = BandList()
    protecting: BandList = BandList()


@dataclass(frozen=True)
class Likelihood:
    """Indicators 2 to 4: one relative likelihood, its meaning and its trend."""

    indicator: int
    measure: str
    year: str
    shown: bool
    hidden: bool
    note: str
    first: str
    second: str
    value: float | None
    low: float | None
    high: float | None
    previous: float | None
    parity_low: float
    parity_high: float
    meaning: str
    trend: str
    first_rate: float | None = None
    second_rate: float | None = None
    # Published only to fewer decimal places ("2.4"): disclosure control allowed no more.
    approx: str | None = None
    why_hidden: str = ""  # see trends.HIDDEN_REASONS


@dataclass(frozen=True)
class SurveyResult:
    """Indicators 5 to 8: BME and White percentages, their meaning and the trend."""

    indicator: int
    measure: str
    year: str
    shown: bool
    hidden: bool
    bme: float | None
    white: float | None
    previous_bme: float | None
    previous_white: float | None
    meaning: str
    trend: str
    gap_change: str | None  # "narrowed" / "widened" when the gap drove the judgement
    why_hidden: str = ""  # see trends.HIDDEN_REASONS


@dataclass(frozen=True)
class BoardSeat:
    label: str
    difference: float | None
    status: str  # "under", "over", "proportionate", "not known"
    bme: int | None = None
    members: int | None = None


@dataclass(frozen=True)
class Board:
    """Indicator 9: BME share of the Board against the workforce (a census, not a sample)."""

    year: str
    shown: bool
    workforce: float | None
    seats: tuple[BoardSeat, ...]
    trend: str
    previous: tuple[float | None, ...] = field(default=())
    # True when every seat had the same BME members out of the same size last year, so a
    # change in the differences comes from the workforce's share; None when not known.
    same_members: bool | None = None
    previous_workforce: float | None = None

    @property
    def all_members(self) -> BoardSeat | None:
        return next((s for s in self.seats if s.label == BOARD_MEASURES["all"]), None)


@dataclass(frozen=True)
class AffectedGroup:
    """The finer ethnic group faring worst on a measure, against White staff."""

    group: str
    value: float
    white: float
    clear: bool | None
    compared: int


def representation(
    metrics: pd.DataFrame,
    year: str,
    senior_from_band: str = "Band 8a",
    level: float = DEFAULT_LEVEL,
) -> Representation:
    """Indicator 1: the overall share, which bands are under or over it, which are hidden."""
    frame = prepare_metrics(metrics)
    overall_row = metric_row(frame, 1, year, "overall", "BME", "percent")
    overall = _value(row_value(overall_row))
    previous = _value(
        row_value(metric_row(frame, 1, previous_year(year), "overall", "BME", "percent"))
    )
    declared = _value(row_value(metric_row(frame, 1, year, "overall", "Known", "declaration_rate")))
    table = representation_by_band(frame, year)
    table = table[table["workforce"].isin(("non-clinical", "clinical", "medical"))]
    threshold = band_rank(senior_from_band) or 0

    def rows(flag: str, senior: bool = False) -> BandList:
        chosen = table[table["flag"] == flag]
        if senior:
            chosen = chosen[
                chosen["workforce"].isin(("non-clinical", "clinical"))
                & chosen["band"].map(lambda b: (band_rank(b) or -1) >= threshold).astype(bool)
            ]
        return BandList(tuple(chosen["measure"]))

    trend, closer, further = representation_trend(frame, year, level)
    hidden = rows("not known")
    reasons = {
        m: hidden_reason(metric_row(frame, 1, year, m, "BME", "percent")) for m in hidden.measures
    }
    return Representation(
        year=year,
        shown=overall is not None,
        overall=overall,
        previous=previous,
        declared=declared,
        under=rows("under"),
        over=rows("over"),
        senior_under=rows("under", senior=True),
        not_shown=hidden,
        closer=BandList(tuple(closer)),
        further=BandList(tuple(further)),
        trend=trend.judgement,
        small=BandList(tuple(m for m, why in reasons.items() if why == "small")),
        protecting=BandList(tuple(m for m, why in reasons.items() if why == "protects")),
    )


def likelihood(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    measure: str = "all",
    level: float = DEFAULT_LEVEL,
) -> Likelihood:
    """Indicators 2 to 4: one relative likelihood (``measure`` all, two-year or bank)."""
    frame = prepare_metrics(metrics)
    name = RATIO_GROUP[indicator]
    first, second = name.split("/")
    row = metric_row(frame, indicator, year, measure, name, "relative_likelihood")
    prev = metric_row(frame, indicator, previous_year(year), measure, name, "relative_likelihood")
    value = _value(row_value(row))
    low = _value(as_number(row["ci_low"])) if row is not None else None
    high = _value(as_number(row["ci_high"])) if row is not None else None
    if value is None:
        meaning = "not known"
    elif parity_band[0] <= value <= parity_band[1]:
        meaning = "similar"
    elif low is None or high is None or low <= 1.0 <= high:
        meaning = "unsure"
    else:
        # White/BME above 1 (2, 4) and BME/White above 1 (3) are both BME staff's disadvantage.
        meaning = "bme_worse" if value > 1 else "bme_better"
    trend = (
        indicator_trend(frame, indicator, year, measure=measure, level=level).judgement
        if value is not None
        else "not comparable"
    )
    return Likelihood(
        indicator=indicator,
        measure=measure,
        year=year,
        shown=value is not None,
        hidden=row is not None and is_hidden(row),
        note=str(row.get("note") or "").strip() if row is not None else "",
        first=first,
        second=second,
        value=value,
        low=low,
        high=high,
        previous=_value(row_value(prev)),
        parity_low=parity_band[0],
        parity_high=parity_band[1],
        meaning=meaning,
        trend=trend,
        first_rate=_value(row_value(metric_row(frame, indicator, year, measure, first, "percent"))),
        second_rate=_value(
            row_value(metric_row(frame, indicator, year, measure, second, "percent"))
        ),
        approx=(frame.attrs.get(COARSE_RATIOS) or {}).get((year, indicator, measure, name)),
        why_hidden=hidden_reason(row),
    )


def survey_result(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    measure: str = "all",
    level: float = DEFAULT_LEVEL,
) -> SurveyResult:
    """Indicators 5 to 8: BME and White percentages (``measure`` all, a component, or bank)."""
    frame = prepare_metrics(metrics)
    bme_row, white_row = survey_rows(frame, indicator, year, measure)
    prev_bme, prev_white = survey_rows(frame, indicator, previous_year(year), measure)
    bme, white = _value(row_value(bme_row)), _value(row_value(white_row))
    if bme is None or white is None:
        meaning = "not known"
    else:
        clear = clear_difference(bme_row, white_row, level)
        worse = bme < white if indicator in LOWER_IS_WORSE else bme > white
        meaning = "similar" if not clear else ("bme_worse" if worse else "bme_better")
    combined, bme_trend, gap_trend = survey_trend(frame, indicator, year, measure, level)
    gap_change = None
    if combined.clear and not bme_trend.clear and gap_trend.clear:
        gap_change = "narrowed" if gap_trend.judgement == "better" else "widened"
    hidden = any(r is not None and is_hidden(r) for r in (bme_row, white_row))
    return SurveyResult(
        indicator=indicator,
        measure=measure,
        year=year,
        shown=bme is not None and white is not None,
        hidden=hidden,
        bme=bme,
        white=white,
        previous_bme=_value(row_value(prev_bme)),
        previous_white=_value(row_value(prev_white)),
        meaning=meaning,
        trend=combined.judgement,
        gap_change=gap_change,
        why_hidden=hidden_reason(bme_row, white_row),
    )


def board(metrics: pd.DataFrame, counts: dict, year: str) -> Board:
    """``counts`` maps (year, indicator, measure, group) to (numerator, denominator)."""
    frame = prepare_metrics(metrics)
    workforce = _value(row_value(metric_row(frame, 9, year, "workforce", "BME", "percent")))
    if workforce is None:
        workforce = _value(row_value(metric_row(frame, 1, year, "overall", "BME", "percent")))
    seats = []
    for measure, label in BOARD_MEASURES.items():
        diff = _value(row_value(metric_row(frame, 9, year, measure, "BME", "difference_pp")))
        if diff is None:
            status = "not known"
        elif abs(diff) < PP_TOLERANCE:
            status = "proportionate"
        else:
            status = "under" if diff < 0 else "over"
        found = counts.get((year, 9, measure, "BME"))
        seats.append(
            BoardSeat(
                label=label,
                difference=diff,
                status=status,
                bme=found[0] if found else None,
                members=found[1] if found else None,
            )
        )
    trend, previous = board_trend(frame, year, DEFAULT_LEVEL)
    shown = any(seat.difference is not None for seat in seats)
    before = previous_year(year)
    now_then = [
        (counts.get((year, 9, m, "BME")), counts.get((before, 9, m, "BME"))) for m in BOARD_MEASURES
    ]
    known = all(now is not None and then is not None for now, then in now_then)
    return Board(
        year=year,
        shown=shown,
        workforce=workforce,
        seats=tuple(seats),
        trend=trend.judgement,
        previous=tuple(_value(v) for v in previous),
        same_members=all(tuple(n) == tuple(t) for n, t in now_then) if known else None,
        previous_workforce=_value(
            row_value(metric_row(frame, 9, before, "workforce", "BME", "percent"))
        ),
    )


def most_affected_group(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    measure: str = "all",
    level: float = DEFAULT_LEVEL,
) -> AffectedGroup | None:
    """Among Asian, Black, Mixed and Other, the group with the least favourable rate (2 to 8).

    None when no finer figure can be compared, or when no finer group fares worse than White.
    """
    if indicator not in RATIO_INDICATORS + SURVEY_INDICATORS:
        raise ValueError("the finer-group comparison applies to indicators 2 to 8")
    frame = prepare_metrics(metrics)
    white = metric_row(frame, indicator, year, measure, "White", "percent")
    candidates = [
        row
        for group in FINER_GROUPS
        if (row := metric_row(frame, indicator, year, measure, group, "percent")) is not None
        and not math.isnan(row_value(row))
    ]
    white_value = row_value(white)
    if not candidates or math.isnan(white_value):
        return None
    lower_is_worse = indicator in LOWER_IS_WORSE
    worst = (min if lower_is_worse else max)(candidates, key=row_value)
    if (row_value(worst) >= white_value) if lower_is_worse else (row_value(worst) <= white_value):
        return None
    return AffectedGroup(
        group=str(worst["group"]),
        value=row_value(worst),
        white=white_value,
        clear=clear_difference(worst, white, level),
        compared=len(candidates),
    )


def finer_hidden(metrics: pd.DataFrame, indicator: int, year: str, measure: str = "all") -> str:
    """Why some finer groups' figures exist but are hidden ("" if none is; public report)."""
    frame = prepare_metrics(metrics)
    rows = [metric_row(frame, indicator, year, measure, g, "percent") for g in FINER_GROUPS]
    return hidden_reason(*rows)
