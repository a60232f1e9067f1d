"""Sentences generated from the metrics, never typed: statements, key points, narratives.

Every sentence is built from the metrics frame (the contract in ``docs/architecture.md``) and
the trend judgements of :mod:`wres_lib.present.trends`, so the words cannot drift from the
tables. Text is plain (no HTML); the report layer escapes it. Rows marked ``hidden`` (public
mode) are treated as not available, so words never reveal a suppressed value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from wres_lib.inputs.bands import band_rank, split_band_row
from wres_lib.present.style import PERCENT_DP, format_percent, format_ratio
from wres_lib.present.trends import (
    BOARD_MEASURES,
    DEFAULT_LEVEL,
    FINER_GROUPS,
    PP_TOLERANCE,
    RATIO_GROUP,
    RATIO_INDICATORS,
    SURVEY_INDICATORS,
    adverse_gap,
    as_number,
    board_trend,
    clear_difference,
    compare_years,
    indicator_trend,
    is_hidden,
    metric_row,
    prepare_metrics,
    previous_year,
    representation_by_band,
    representation_trend,
    row_value,
    survey_rows,
    survey_trend_in,
)

BME_IN_FULL = "Black, Asian and minority ethnic (BME)"

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


def _statement_1(frame: pd.DataFrame, year: str, level: float) -> str:
    prev = previous_year(year)
    overall = metric_row(frame, 1, year, "overall", "BME", "percent")
    if overall is None or math.isnan(row_value(overall)):
        return f"No figures for the BME share of the workforce are available for {year}."
    overall_trend = compare_years(overall, metric_row(frame, 1, prev, "overall", "BME", "percent"))
    text = (
        f"BME staff were {_pct(row_value(overall))} of the substantive workforce of known ethnicity"
    )
    if overall_trend.judgement != "not comparable":
        text += f", {overall_trend.described(_pct(overall_trend.previous))}"
    declared = row_value(metric_row(frame, 1, year, "overall", "Known", "declaration_rate"))
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
    trend, closer, further = representation_trend(frame, year, level)
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
    text = f"{first} {noun} were {format_ratio(row_value(row))} times as likely as {second} {noun}"
    text += f" {outcome}"
    low, high = as_number(row["ci_low"]), as_number(row["ci_high"])
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
    row = metric_row(frame, indicator, year, measure, group, "relative_likelihood")
    first, second, noun, outcome = _ratio_parts(indicator, measure)
    if row is None or math.isnan(row_value(row)):
        why = "" if row is None else str(row.get("note") or "").strip()
        if row is not None and is_hidden(row):
            why = "it rests on small numbers and is not published"
        return (
            f"The relative likelihood of {first} {noun} compared with {second} {noun} "
            f"{outcome} could not be given for {year}" + (f": {why}." if why else ".")
        )
    value = row_value(row)
    low, high = as_number(row["ci_low"]), as_number(row["ci_high"])
    inside = parity_band[0] <= value <= parity_band[1]
    text = _ratio_clause(row, indicator, measure, level)
    text += f", {'within' if inside else 'outside'} the {_band_text(parity_band)} range"
    if not (math.isnan(low) or math.isnan(high)) and low < parity_band[0] and high > parity_band[1]:
        text += (
            "; the numbers are too small to say whether the groups really differ, because the "
            "interval runs from below to above that range"
        )
    previous = metric_row(
        frame, indicator, previous_year(year), measure, group, "relative_likelihood"
    )
    trend = compare_years(row, previous, level=level)
    return text + f"; {trend.described(format_ratio(trend.previous))}."


def _statement_survey(
    frame: pd.DataFrame, indicator: int, year: str, measure: str, level: float
) -> str:
    bme, white = survey_rows(frame, indicator, year, measure)
    noun = "bank staff" if measure.startswith("bank") else "staff"
    outcome = _SURVEY_OUTCOMES.get(
        (indicator, measure.removeprefix("bank|").replace("bank", "all"))
    )
    if outcome is None:
        outcome = _SURVEY_OUTCOMES[(indicator, "all")]
    b, w = row_value(bme), row_value(white)
    if math.isnan(b) or math.isnan(w):
        return f"Staff Survey figures for indicator {indicator} are not available for {year}."
    text = f"{_pct(b)} of BME {noun} and {_pct(w)} of White {noun} {outcome}"
    clear = clear_difference(bme, white, level)
    gap = f"a difference of {_pp(b - w)} percentage points"
    if clear is True:
        text += f" ({gap}, beyond the margin of error)"
    elif clear is False:
        text += f" ({gap}, within the margin of error)"
    combined, bme_trend, gap_trend = survey_trend_in(frame, indicator, year, measure, level)
    if combined.judgement == "not comparable":
        return text + f"; {combined.phrase}."
    pbme, pwhite = survey_rows(frame, indicator, previous_year(year), measure)
    last = f"{_pct(row_value(pbme))} BME and {_pct(row_value(pwhite))} White last year"
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


def _statement_9(frame: pd.DataFrame, year: str, level: float) -> str:
    workforce = row_value(metric_row(frame, 9, year, "workforce", "BME", "percent"))
    if math.isnan(workforce):
        workforce = row_value(metric_row(frame, 1, year, "overall", "BME", "percent"))
    parts = []
    for measure, label in BOARD_MEASURES.items():
        value = row_value(metric_row(frame, 9, year, measure, "BME", "difference_pp"))
        if math.isnan(value):
            continue
        if abs(value) < PP_TOLERANCE:
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
    trend, previous = board_trend(frame, year, level)
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
    white = metric_row(frame, indicator, year, measure, "White", "percent")
    candidates = []
    for group in FINER_GROUPS:
        row = metric_row(frame, indicator, year, measure, group, "percent")
        if row is not None and not math.isnan(row_value(row)):
            candidates.append(row)
    white_value = row_value(white)
    if not candidates or math.isnan(white_value):
        return None  # nothing to compare with: no sentence rather than a misleading one
    lower_is_worse = indicator in (2, 4, 7)
    pick = min if lower_is_worse else max
    worst = pick(candidates, key=row_value)
    if (row_value(worst) >= white_value) if lower_is_worse else (row_value(worst) <= white_value):
        return None  # no finer group fares worse than White staff
    return AffectedGroup(
        group=str(worst["group"]),
        statistic="percent",
        value=row_value(worst),
        ci_low=as_number(worst["ci_low"]),
        ci_high=as_number(worst["ci_high"]),
        white_value=white_value,
        clear=clear_difference(worst, white, level),
        compared=len(candidates),
    )


def _ratio_key_point(
    frame: pd.DataFrame, year: str, parity_band: tuple[float, float], level: float
) -> str:
    outside = []
    for indicator in RATIO_INDICATORS:
        row = metric_row(
            frame, indicator, year, "all", RATIO_GROUP[indicator], "relative_likelihood"
        )
        value = row_value(row)
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
        bme, white = survey_rows(frame, indicator, year, "all")
        b, w = row_value(bme), row_value(white)
        if not (math.isnan(b) or math.isnan(w)):
            gaps.append((adverse_gap(indicator, b, w), indicator, b, w))
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
    board = row_value(metric_row(frame, 9, year, "all", "BME", "difference_pp"))
    if not under and not (board <= -PP_TOLERANCE):
        return None
    overall = row_value(metric_row(frame, 1, year, "overall", "BME", "percent"))
    parts = []
    if under:
        parts.append(
            f"BME staff ({_pct(overall)} of the workforce) were under-represented at "
            f"{_band_list(under)}"
        )
    if board <= -PP_TOLERANCE:
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
