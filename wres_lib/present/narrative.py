"""The report's sentences: each indicator's statement, its section's findings, the Board's points.

The facts and judgements come from :mod:`wres_lib.present.headlines` (so a summary, a section and
the action plan's movement view say the same thing); the words come from the wording templates
(``summary.j2``, ``indicators.j2``). Text is plain; the report layer escapes it. Rows hidden by
disclosure control are not available here, so words never reveal a suppressed value, and where a
finding rests on hidden figures the sentence says they are not shown.
"""

from __future__ import annotations

import math

import pandas as pd

from wres_lib.inputs.bands import split_band_row
from wres_lib.present import headlines
from wres_lib.present.trends import (
    DEFAULT_LEVEL,
    RATIO_GROUP,
    RATIO_INDICATORS,
    SURVEY_INDICATORS,
    adverse_gap,
    indicator_trend,
    metric_row,
    prepare_metrics,
    previous_year,
    row_value,
)
from wres_lib.present.wording import Wording

INDICATOR_TOPICS = {
    1: "representation by pay band",
    2: "appointment from shortlisting",
    3: "disciplinary investigations",
    4: "non-mandatory training",
    5: "abuse from patients or the public",
    6: "abuse from other staff",
    7: "equal opportunities for career progression",
    8: "discrimination at work",
    9: "Board representation",
}
BoardCounts = dict[tuple[str, int, str, str], tuple[int, int]]


def band_label(measure: str) -> str:
    """``"clinical|Band 8a"`` -> ``"clinical Band 8a"``; grouped rows keep their own name."""
    workforce, band = split_band_row(measure)
    if workforce in ("grouped", ""):
        return band
    return f"{workforce} {band}"


def _wording(wording: Wording | None) -> Wording:
    return wording or Wording()


def headline(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    *,
    measure: str = "all",
    board_counts: BoardCounts | None = None,
    senior_from_band: str = "Band 8a",
    level: float = DEFAULT_LEVEL,
):
    """The facts of one indicator's headline (see :mod:`wres_lib.present.headlines`)."""
    if indicator == 1:
        return headlines.representation(metrics, year, senior_from_band, level)
    if indicator in RATIO_INDICATORS:
        return headlines.likelihood(metrics, indicator, year, parity_band, measure, level)
    if indicator in SURVEY_INDICATORS:
        return headlines.survey_result(metrics, indicator, year, measure, level)
    if indicator == 9:
        return headlines.board(metrics, board_counts or {}, year)
    raise ValueError(f"WRES indicators are 1 to 9, not {indicator}")


def indicator_statement(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    *,
    wording: Wording | None = None,
    board_counts: BoardCounts | None = None,
    senior_from_band: str = "Band 8a",
    level: float = DEFAULT_LEVEL,
) -> str:
    """The summary's statement of one indicator: the figure, what it means, the trend."""
    facts = headline(
        metrics,
        indicator,
        year,
        parity_band,
        board_counts=board_counts,
        senior_from_band=senior_from_band,
        level=level,
    )
    macro = {1: "indicator_1", 9: "board"}.get(
        indicator, "likelihood" if indicator in RATIO_INDICATORS else "survey"
    )
    return _wording(wording).say("summary.j2", macro, facts)


def indicator_narrative(
    metrics: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    *,
    wording: Wording | None = None,
    board_counts: BoardCounts | None = None,
    senior_from_band: str = "Band 8a",
    level: float = DEFAULT_LEVEL,
) -> list[str]:
    """The findings of an indicator's section: groups, bands, other measures, bank staff."""
    words = _wording(wording)
    frame = prepare_metrics(metrics)
    measures = set(
        frame.loc[(frame["indicator"] == indicator) & (frame["year"] == year), "measure"]
    )
    if indicator == 1:
        return words.lines(
            "indicators.j2",
            "representation",
            headlines.representation(frame, year, senior_from_band, level),
        )
    if indicator == 9:
        return words.lines(
            "indicators.j2", "board", headlines.board(frame, board_counts or {}, year)
        )
    bullets: list[str] = []
    if indicator in RATIO_INDICATORS:
        for measure in ("all", "two-year"):
            if measure in measures:
                facts = headlines.likelihood(frame, indicator, year, parity_band, measure, level)
                bullets += words.lines("indicators.j2", "likelihood", facts)
    else:
        for measure in ("all", "managers", "colleagues"):
            if measure in measures:
                facts = headlines.survey_result(frame, indicator, year, measure, level)
                bullets += words.lines("indicators.j2", "survey", facts)
    worst = headlines.most_affected_group(frame, indicator, year, level=level)
    bullets += words.lines(
        "indicators.j2",
        "affected",
        worst,
        indicator,
        headlines.finer_hidden(frame, indicator, year),
    )
    bullets += _bank(frame, indicator, year, parity_band, words, measures, level)
    return bullets


def _bank(
    frame: pd.DataFrame,
    indicator: int,
    year: str,
    parity_band: tuple[float, float],
    words: Wording,
    measures: set[str],
    level: float,
) -> list[str]:
    """Bank staff beside the WRES figures: the same sentence, labelled; or why it is missing."""
    if "bank" not in measures:
        return []
    label = "Bank staff (not part of the WRES figures): "
    if indicator in RATIO_INDICATORS:
        facts = headlines.likelihood(frame, indicator, year, parity_band, "bank", level)
        lines = words.lines("indicators.j2", "likelihood", facts, label)
    else:
        facts = headlines.survey_result(frame, indicator, year, "bank", level)
        lines = words.lines("indicators.j2", "survey", facts, label)
    return lines or words.lines("indicators.j2", "bank_not_shown")


def key_points(
    metrics: pd.DataFrame,
    year: str,
    parity_band: tuple[float, float],
    *,
    wording: Wording | None = None,
    senior_from_band: str = "Band 8a",
    level: float = DEFAULT_LEVEL,
) -> list[str]:
    """The three or four points the Board should take away, in a fixed order.

    1. the relative likelihood furthest from equal (or that all are within the fair range);
    2. the widest Staff Survey gap and the finer group most affected;
    3. under-representation at senior bands and on the Board;
    4. which indicators changed beyond chance since last year.
    """
    words = _wording(wording)
    frame = prepare_metrics(metrics)
    points = [
        _likelihood_point(frame, year, parity_band, words, level),
        _survey_point(frame, year, words, level),
    ]
    senior = headlines.representation(frame, year, senior_from_band, level).senior_under
    board_diff = row_value(metric_row(frame, 9, year, "all", "BME", "difference_pp"))
    board_under = not math.isnan(board_diff) and board_diff < -headlines.PP_TOLERANCE
    if senior or board_under:
        points.append(words.say("summary.j2", "point_senior", senior, board_under))
    if any(frame["year"] == previous_year(year)):
        worse, better = [], []
        for indicator in range(1, 10):
            judgement = indicator_trend(frame, indicator, year, level=level).judgement
            topic = INDICATOR_TOPICS[indicator]
            {"worse": worse, "better": better}.get(judgement, []).append(topic)
        points.append(words.say("summary.j2", "point_changes", worse, better))
    return [point for point in points if point]


def _likelihood_point(
    frame: pd.DataFrame,
    year: str,
    parity_band: tuple[float, float],
    words: Wording,
    level: float,
) -> str:
    outside = []
    for indicator in RATIO_INDICATORS:
        value = row_value(
            metric_row(frame, indicator, year, "all", RATIO_GROUP[indicator], "relative_likelihood")
        )
        if value > 0 and not parity_band[0] <= value <= parity_band[1]:
            outside.append((abs(math.log(value)), indicator))
    if not outside:
        return words.say("summary.j2", "point_likelihood", None, 0)
    _, indicator = max(outside)
    facts = headlines.likelihood(frame, indicator, year, parity_band, level=level)
    return words.say("summary.j2", "point_likelihood", facts, len(outside) - 1)


def _survey_point(frame: pd.DataFrame, year: str, words: Wording, level: float) -> str | None:
    gaps = []
    for indicator in SURVEY_INDICATORS:
        facts = headlines.survey_result(frame, indicator, year, level=level)
        if facts.shown:
            gaps.append((adverse_gap(indicator, facts.bme, facts.white), indicator, facts))
    if not gaps:
        return None
    gap, indicator, facts = max(gaps, key=lambda item: (item[0], item[1]))
    if gap <= 0:
        return words.say("summary.j2", "point_survey_fair")
    worst = headlines.most_affected_group(frame, indicator, year, level=level)
    return words.say("summary.j2", "point_survey", facts, worst)
