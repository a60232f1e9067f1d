"""Tables with years as columns: an indicator's rates, ratios and counts as printed."""

from __future__ import annotations

import pandas as pd

from wres_lib.present import render
from wres_lib.present.catalogue import FINER, GROUPS, SHORTFALL_WORDS
from wres_lib.present.figures import Figures
from wres_lib.present.style import format_whole, short_year


def year_columns(years: list[str]) -> list[str]:
    return [short_year(y) for y in years]


def rates_table(
    fig: Figures,
    years: list[str],
    indicator: int,
    measure: str,
    groups: tuple[str, ...] = GROUPS,
    ratio: str | None = None,
    *,
    public: bool = False,
) -> pd.DataFrame:
    """Years as columns: the ratio (if any), each group's percentage, then each group's n/N
    (the counts every printed percentage and ratio rests on, so a reader can check them).

    The public report leaves out the Fisher exact p-value (the method notes explain the likely
    range, which is enough for a lay reader); the internal one keeps it.
    """
    rows: dict[str, list[str]] = {}
    if ratio:
        rows[f"Relative likelihood ({ratio}) and likely range"] = [
            fig.ratio(y, indicator, measure, ratio) for y in years
        ]
        rows["Outside the fair range"] = [
            _flag_text(fig.value(y, indicator, measure, ratio, "outside_parity_band"))
            for y in years
        ]
        if not public:
            rows["Fisher exact test, p"] = [
                _p_text(fig.value(y, indicator, measure, ratio, "fisher_p")) for y in years
            ]
        if indicator in SHORTFALL_WORDS:
            rows[SHORTFALL_WORDS[indicator]] = [
                format_whole(fig.value(y, indicator, measure, "BME", "shortfall")) for y in years
            ]
    for group in groups:
        rows[f"% {group} (likely range)"] = [
            fig.percent(y, indicator, measure, group, interval=True) for y in years
        ]
    for group in groups:
        rows[f"{group} (number out of total)"] = [
            fig.n_of_n(y, indicator, measure, group) for y in years
        ]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
    frame.index.name = ""
    return drop_empty_rows(frame)


def difference_text(value: float | None, present: bool) -> str:
    if value is None:
        return render.HIDDEN if present else ""
    return f"{value:+.1f}"


def _p_text(value: float | None) -> str:
    if value is None:
        return ""
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _flag_text(value: float | None) -> str:
    if value is None:
        return ""
    return "Yes" if value >= 0.5 else "No"


def drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    keep = [any(str(v) not in ("", "nan") for v in row) for row in frame.itertuples(index=False)]
    return frame[keep]


def _hidden(text: object) -> bool:
    value = str(text).strip()
    return value in ("", "R", "R%", "–") or value.startswith("R out of")


def without_hidden_groups(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """A public table with the rows of each ethnic group within BME whose every figure is
    hidden left out, and those groups: a row of R in every year tells a reader nothing (seed
    003 leaves such a breakdown out and says why). White and BME rows always stay."""
    dropped = []
    for group in FINER:
        rows = [
            row
            for row in frame.index
            if str(row).startswith((f"% {group} ", f"{group} (number"))
            or str(row) in (f"White/{group}", f"{group}/White")
        ]
        if rows and all(_hidden(v) for row in rows for v in frame.loc[row]):
            frame = frame.drop(index=rows)
            dropped.append(group)
    return frame, dropped
