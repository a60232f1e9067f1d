"""Counts in, metrics out: percentages, relative likelihoods, differences, intervals and flags.

The metrics frame (docs/architecture.md, Metrics) is what tables, charts, words and the
disclosure audit read. Values are unrounded; presentation rounds. A value that cannot be
computed (a zero count, no respondents) is empty, never ``inf``, and its ``note`` says why.

Each figure is computed from one or two count rows looked up by key, never by a group-by over
the frame, so the result cannot depend on the order of the counts' rows; the output is sorted.

Method choices the reference leaves open:

* percentages: Wilson score interval; relative likelihoods: Katz log interval (undefined when
  either numerator is 0); beside each ratio the two-sided Fisher exact p, which is defined
  even then.
* ``outside_parity_band`` is 1 when the ratio is strictly outside ``parity_band`` (the band's
  ends count as inside), 0 inside, empty when the ratio is undefined.
* ``difference_pp`` (indicator 9) carries Newcombe's hybrid score interval (built from the two
  Wilson intervals). Its workforce share is indicator 9 ``workforce`` BME; when that row is
  absent, indicator 1 ``overall`` BME (the same definition) is used and the note says so.
* ``declaration_rate`` comes from indicator 1 ``overall`` ``Unknown`` (known = all - unknown).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.tabular import read_table, write_csv
from wres_lib.measure.counts import FINE_GROUPS, GROUP_RANK, check_counts
from wres_lib.measure.statistics import (
    fisher_exact_p_many,
    katz_log_interval,
    newcombe_difference_interval,
    shortfall_to_parity,
    wilson_interval,
)

METRICS_COLUMNS = (
    "org",
    "year",
    "indicator",
    "measure",
    "group",
    "statistic",
    "value",
    "ci_low",
    "ci_high",
    "note",
)
STATISTICS = (
    "percent",
    "relative_likelihood",
    "fisher_p",
    "outside_parity_band",
    "shortfall",
    "difference_pp",
    "declaration_rate",
)
STATISTIC_RANK = {name: rank for rank, name in enumerate(STATISTICS)}

# Which group is on top of each indicator's ratio: White for 2 and 4 (the advantaged outcome),
# the minority group for 3 (the adverse outcome), as the national definitions put them.
RATIO_PAIRS: dict[int, tuple[tuple[str, str], ...]] = {
    2: tuple(("White", g) for g in ("BME", *FINE_GROUPS)),
    3: tuple((g, "White") for g in ("BME", *FINE_GROUPS)),
    4: tuple(("White", g) for g in ("BME", *FINE_GROUPS)),
}
RATIO_NAMES = [f"{a}/{b}" for pairs in RATIO_PAIRS.values() for a, b in pairs]
OUTPUT_GROUP_RANK = {
    **GROUP_RANK,
    **{name: 10 + rank for rank, name in enumerate(dict.fromkeys(RATIO_NAMES))},
    "Known": 30,
}
OUTCOME = {
    2: "appointments",
    3: "staff entering a formal disciplinary investigation",
    4: "staff accessing non-mandatory training",
}
POPULATION = {
    1: "staff of known ethnicity",
    2: "shortlisted applicants",
    3: "staff",
    4: "staff",
    5: "respondents",
    6: "respondents",
    7: "respondents",
    8: "respondents",
    9: "members",
}
BOARD_MEASURES = ("all", "voting", "executive")

Key = tuple[str, str, int, str, str]
Row = tuple[str, str, int, str, str, str, float, float, float, str]
NAN = math.nan


def _percent_rows(key: Key, k: int, n: int, level: float) -> Iterator[Row]:
    org, year, indicator, measure, group = key
    if n == 0:
        who = "people" if indicator == 1 and group == "Unknown" else POPULATION[indicator]
        note = f"no {who}: percentage undefined"
        yield (org, year, indicator, measure, group, "percent", NAN, NAN, NAN, note)
        return
    low, high = wilson_interval(k, n, level)
    yield (org, year, indicator, measure, group, "percent", 100 * k / n, 100 * low, 100 * high, "")


def _ratio_rows(
    org: str,
    year: str,
    indicator: int,
    measure: str,
    top: tuple[str, int, int],
    bottom: tuple[str, int, int],
    parity_band: tuple[float, float],
    level: float,
    fisher_p: dict[tuple[int, int, int, int], float],
) -> Iterator[Row]:
    """relative_likelihood, fisher_p and outside_parity_band for top-rate / bottom-rate.

    ``fisher_p`` holds the exact test's p for every table, computed beforehand in one batch.
    """
    (top_group, a, n1), (bottom_group, c, n2) = top, bottom
    name = f"{top_group}/{bottom_group}"
    head = (org, year, indicator, measure, name)
    if n1 == 0 or n2 == 0:
        empty = top_group if n1 == 0 else bottom_group
        note = f"no {empty} {POPULATION[indicator]}: ratio undefined"
        for statistic in ("relative_likelihood", "fisher_p", "outside_parity_band"):
            yield (*head, statistic, NAN, NAN, NAN, note)
        return
    p = fisher_p[(a, n1, c, n2)]
    if c == 0:
        note = (
            f"no {OUTCOME[indicator]} in either group: ratio undefined"
            if a == 0
            else f"no {bottom_group} {OUTCOME[indicator]}: ratio undefined"
        )
        yield (*head, "relative_likelihood", NAN, NAN, NAN, note)
        yield (*head, "fisher_p", p, NAN, NAN, "")
        yield (*head, "outside_parity_band", NAN, NAN, NAN, note)
        return
    ratio = (a / n1) / (c / n2)
    interval = katz_log_interval(a, n1, c, n2, level)
    if interval is None:
        low, high = NAN, NAN
        note = f"no {top_group} {OUTCOME[indicator]}: ratio is 0, interval undefined"
    else:
        (low, high), note = interval, ""
    outside = 0.0 if parity_band[0] <= ratio <= parity_band[1] else 1.0
    yield (*head, "relative_likelihood", ratio, low, high, note)
    yield (*head, "fisher_p", p, NAN, NAN, "")
    yield (*head, "outside_parity_band", outside, NAN, NAN, "")


def _shortfall_row(
    org: str, year: str, indicator: int, measure: str, white: tuple[int, int], bme: tuple[int, int]
) -> Row:
    head = (org, year, indicator, measure, "BME", "shortfall")
    if white[1] == 0 or bme[1] == 0:
        empty = "White" if white[1] == 0 else "BME"
        return (*head, NAN, NAN, NAN, f"no {empty} {POPULATION[indicator]}: shortfall undefined")
    return (*head, float(shortfall_to_parity(*white, *bme)), NAN, NAN, "")


def _difference_row(
    org: str,
    year: str,
    measure: str,
    board: tuple[int, int],
    workforce: tuple[int, int] | None,
    from_indicator1: bool,
    level: float,
) -> Row:
    head = (org, year, 9, measure, "BME", "difference_pp")
    if workforce is None or workforce[1] == 0:
        return (*head, NAN, NAN, NAN, "no workforce count: difference undefined")
    if board[1] == 0:
        return (*head, NAN, NAN, NAN, "no Board members: difference undefined")
    value = 100 * (board[0] / board[1] - workforce[0] / workforce[1])
    low, high = newcombe_difference_interval(*board, *workforce, level)
    note = "workforce share from indicator 1 overall" if from_indicator1 else ""
    return (*head, value, 100 * low, 100 * high, note)


def _declaration_row(org: str, year: str, unknown: tuple[int, int], level: float) -> Row:
    head = (org, year, 1, "overall", "Known", "declaration_rate")
    k, n = unknown
    if n == 0:
        return (*head, NAN, NAN, NAN, "no staff: declaration rate undefined")
    low, high = wilson_interval(n - k, n, level)
    return (*head, 100 * (n - k) / n, 100 * low, 100 * high, "")


def compute_metrics(
    counts: pd.DataFrame,
    parity_band: tuple[float, float] = (0.8, 1.25),
    level: float = 0.95,
) -> pd.DataFrame:
    """Every statistic in the metrics contract that the counts support, sorted.

    ``parity_band`` is the non-adverse range for relative likelihoods (default the four-fifths
    band 0.80-1.25); ``level`` the confidence level of every interval.
    """
    low_band, high_band = (float(x) for x in parity_band)
    if not 0 < low_band <= 1 <= high_band:
        raise ValueError(f"a parity band (low, high) with 0 < low <= 1 <= high, not {parity_band}")
    if not 0 < level < 1:
        raise ValueError(f"a confidence level between 0 and 1, not {level}")
    typed = check_counts(counts, str(counts.attrs.get("source_file", "counts")))
    table: dict[Key, tuple[int, int]] = {
        (org, year, int(indicator), measure, group): (int(num), int(den))
        for org, year, indicator, measure, group, num, den in zip(
            typed["org"].to_numpy(),
            typed["year"].to_numpy(),
            typed["indicator"].to_numpy(),
            typed["measure"].to_numpy(),
            typed["group"].to_numpy(),
            typed["numerator"].to_numpy(),
            typed["denominator"].to_numpy(),
            strict=True,
        )
    }
    rows: list[Row] = []
    measures: set[tuple[str, str, int, str]] = set()
    for key in sorted(table, key=lambda k: (*k[:4], GROUP_RANK[k[4]])):
        rows.extend(_percent_rows(key, *table[key], level))
        measures.add(key[:4])
    ratios = [
        (org, year, indicator, measure, top, bottom)
        for org, year, indicator, measure in sorted(measures)
        if indicator in RATIO_PAIRS
        for top, bottom in RATIO_PAIRS[indicator]
        if (org, year, indicator, measure, top) in table
        and (org, year, indicator, measure, bottom) in table
    ]
    fisher_p = _fisher_p(table, ratios)
    for org, year, indicator, measure, top, bottom in ratios:
        rows.extend(
            _ratio_rows(
                org,
                year,
                indicator,
                measure,
                (top, *table[(org, year, indicator, measure, top)]),
                (bottom, *table[(org, year, indicator, measure, bottom)]),
                (low_band, high_band),
                level,
                fisher_p,
            )
        )
    for org, year, indicator, measure in sorted(measures):
        if indicator in RATIO_PAIRS:
            white = table.get((org, year, indicator, measure, "White"))
            bme = table.get((org, year, indicator, measure, "BME"))
            if indicator in (2, 4) and white is not None and bme is not None:
                rows.append(_shortfall_row(org, year, indicator, measure, white, bme))
        if indicator == 9 and measure in BOARD_MEASURES:
            board = table.get((org, year, 9, measure, "BME"))
            if board is not None:
                workforce = table.get((org, year, 9, "workforce", "BME"))
                fallback = workforce is None
                if fallback:
                    workforce = table.get((org, year, 1, "overall", "BME"))
                rows.append(_difference_row(org, year, measure, board, workforce, fallback, level))
        if indicator == 1 and measure == "overall":
            unknown = table.get((org, year, 1, "overall", "Unknown"))
            if unknown is not None:
                rows.append(_declaration_row(org, year, unknown, level))
    return _frame(rows)


def _fisher_p(
    table: dict[Key, tuple[int, int]], ratios: list[tuple[str, str, int, str, str, str]]
) -> dict[tuple[int, int, int, int], float]:
    """The exact test's p for every distinct 2x2 table among the ratios, in one vectorised call."""
    tables = sorted(
        {
            (*table[(*head, top)], *table[(*head, bottom)])
            for *head, top, bottom in ratios
            if table[(*head, top)][1] > 0 and table[(*head, bottom)][1] > 0
        }
    )
    if not tables:
        return {}
    a, n1, c, n2 = np.array(tables, dtype=np.int64).T
    return dict(zip(tables, fisher_exact_p_many(a, n1, c, n2).tolist(), strict=True))


def _frame(rows: list[Row]) -> pd.DataFrame:
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3], STATISTIC_RANK[r[5]], OUTPUT_GROUP_RANK[r[4]]))
    frame = pd.DataFrame(rows, columns=list(METRICS_COLUMNS))
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(
        {
            "org": "str",
            "year": "str",
            "indicator": "int64",
            "measure": "str",
            "group": "str",
            "statistic": "str",
            "value": "float64",
            "ci_low": "float64",
            "ci_high": "float64",
            "note": "str",
        }
    ).reset_index(drop=True)


def write_metrics(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write the metrics CSV atomically, floats at full precision (they read back exactly)."""
    return write_csv(_typed(frame[list(METRICS_COLUMNS)]), path)


def read_metrics(path: str | Path) -> pd.DataFrame:
    """Read a metrics CSV written by :func:`write_metrics`, with the contract's types."""
    raw = read_table(path)
    file = str(path)
    missing = [c for c in METRICS_COLUMNS if c not in raw.columns]
    if missing:
        raise InputError([Problem(file, 1, c, None, f"a column named '{c}'") for c in missing])
    frame = raw[list(METRICS_COLUMNS)].copy()
    problems: list[Problem] = []
    for column in ("value", "ci_low", "ci_high"):
        parsed = pd.to_numeric(frame[column].str.strip().replace("", np.nan), errors="coerce")
        bad = parsed.isna() & (frame[column].str.strip() != "")
        for row in frame.index[bad]:
            problems.append(Problem(file, int(row), column, frame.at[row, column], "a number"))
        frame[column] = parsed
    bad_indicator = ~frame["indicator"].str.fullmatch(r"[1-9]").astype(bool)
    for row in frame.index[bad_indicator]:
        problems.append(Problem(file, int(row), "indicator", frame.at[row, "indicator"], "1 to 9"))
    if problems:
        raise InputError(problems)
    return _typed(frame)
