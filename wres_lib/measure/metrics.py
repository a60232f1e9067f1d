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
from pathlib import Path

import numpy as np
import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.tabular import read_table, write_csv
from wres_lib.measure.counts import COUNTS_COLUMNS, FINE_GROUPS, GROUP_RANK, check_counts
from wres_lib.measure.statistics import (
    fisher_exact_p_many,
    katz_log_interval_many,
    newcombe_difference_interval,
    shortfall_to_parity_many,
    wilson_interval,
    wilson_interval_many,
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
HEAD = ["org", "year", "indicator", "measure"]


def _percents(typed: pd.DataFrame, level: float) -> pd.DataFrame:
    """``percent`` for every count row: Wilson over whole columns; n = 0 is empty with a note."""
    k, n = typed["numerator"].to_numpy(np.int64), typed["denominator"].to_numpy(np.int64)
    defined = n > 0
    low, high = np.full(len(n), NAN), np.full(len(n), NAN)
    if defined.any():
        low[defined], high[defined] = wilson_interval_many(k[defined], n[defined], level)
    indicator, group = typed["indicator"].to_numpy(), typed["group"].to_numpy()
    who = np.where(
        (indicator == 1) & (group == "Unknown"),
        "people",
        pd.Series(indicator).map(POPULATION).to_numpy(object),
    )
    note = np.where(defined, "", "no " + who.astype(object) + ": percentage undefined")
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(defined, 100 * k / np.where(defined, n, 1), NAN)
    return typed[[*HEAD, "group"]].assign(
        statistic="percent", value=value, ci_low=100 * low, ci_high=100 * high, note=note
    )


def _pairs(typed: pd.DataFrame) -> pd.DataFrame:
    """One row per ratio the counts support: both groups' counts side by side (a, n1, c, n2)."""
    parts = []
    by_group = {
        group: rows.set_index(HEAD)[["numerator", "denominator"]]
        for group, rows in typed[typed["indicator"].isin(list(RATIO_PAIRS))].groupby(
            "group", sort=False
        )
    }
    for indicator, pairs in RATIO_PAIRS.items():
        for top, bottom in pairs:
            if top not in by_group or bottom not in by_group:
                continue
            upper, lower = by_group[top], by_group[bottom]
            upper = upper[upper.index.get_level_values("indicator") == indicator]
            both = upper.merge(
                lower, left_index=True, right_index=True, suffixes=("_top", "_bottom")
            )
            if len(both):
                parts.append(both.reset_index().assign(top=top, bottom=bottom))
    if not parts:
        return pd.DataFrame(columns=[*HEAD, "top", "bottom", "a", "n1", "c", "n2"])
    joined = pd.concat(parts, ignore_index=True)
    return joined.rename(
        columns={
            "numerator_top": "a",
            "denominator_top": "n1",
            "numerator_bottom": "c",
            "denominator_bottom": "n2",
        }
    )


def _ratios(pairs: pd.DataFrame, parity_band: tuple[float, float], level: float) -> pd.DataFrame:
    """relative_likelihood, fisher_p and outside_parity_band for every top-rate / bottom-rate.

    Whole columns: Katz intervals and the exact test (one call for every distinct 2x2 table);
    the notes say why a value is empty, as the metrics contract asks.
    """
    a, n1, c, n2 = (pairs[x].to_numpy(np.int64) for x in ("a", "n1", "c", "n2"))
    top, bottom = pairs["top"].to_numpy(object), pairs["bottom"].to_numpy(object)
    indicator = pairs["indicator"].to_numpy()
    population = pd.Series(indicator).map(POPULATION).to_numpy(object)
    outcome = pd.Series(indicator).map(OUTCOME).to_numpy(object)
    tested = (n1 > 0) & (n2 > 0)
    fisher = np.full(len(a), NAN)
    if tested.any():
        fisher[tested] = _fisher_p(a[tested], n1[tested], c[tested], n2[tested])
    defined = tested & (c > 0)
    safe = [np.where(defined, x, 1) for x in (a, n1, c, n2)]
    ratio = np.where(defined, (safe[0] / safe[1]) / (safe[2] / safe[3]), NAN)
    low, high = np.full(len(a), NAN), np.full(len(a), NAN)
    if defined.any():
        low[defined], high[defined] = katz_log_interval_many(
            a[defined], n1[defined], c[defined], n2[defined], level
        )
    empty_group = np.where(n1 == 0, top, bottom)
    untested = "no " + empty_group + " " + population + ": ratio undefined"
    no_outcome = np.where(
        a == 0,
        "no " + outcome + " in either group: ratio undefined",
        "no " + bottom + " " + outcome + ": ratio undefined",
    )
    zero_top = "no " + top + " " + outcome + ": ratio is 0, interval undefined"
    ratio_note = np.select([~tested, c == 0, a == 0], [untested, no_outcome, zero_top], default="")
    band_note = np.select([~tested, c == 0], [untested, no_outcome], default="")
    inside = (parity_band[0] <= ratio) & (ratio <= parity_band[1])
    outside = np.where(defined, np.where(inside, 0.0, 1.0), NAN)
    head = pairs[HEAD].assign(group=top + "/" + bottom)
    return pd.concat(
        [
            head.assign(
                statistic="relative_likelihood",
                value=ratio,
                ci_low=low,
                ci_high=high,
                note=ratio_note,
            ),
            head.assign(
                statistic="fisher_p",
                value=fisher,
                ci_low=NAN,
                ci_high=NAN,
                note=np.where(tested, "", untested),
            ),
            head.assign(
                statistic="outside_parity_band",
                value=outside,
                ci_low=NAN,
                ci_high=NAN,
                note=band_note,
            ),
        ],
        ignore_index=True,
    )


def _shortfalls(pairs: pd.DataFrame) -> pd.DataFrame:
    """``shortfall`` for indicators 2 and 4 (White/BME), in exact integer arithmetic."""
    pairs = pairs[pairs["indicator"].isin([2, 4]) & (pairs["bottom"] == "BME")]
    a, n1, c, n2 = (pairs[x].to_numpy(np.int64) for x in ("a", "n1", "c", "n2"))
    defined = (n1 > 0) & (n2 > 0)
    value = np.full(len(a), NAN)
    if defined.any():
        value[defined] = shortfall_to_parity_many(a[defined], n1[defined], c[defined], n2[defined])
    population = pairs["indicator"].map(POPULATION).to_numpy(object)
    empty = np.where(n1 == 0, "White", "BME").astype(object)
    note = np.where(defined, "", "no " + empty + " " + population + ": shortfall undefined")
    return pairs[HEAD].assign(
        group="BME", statistic="shortfall", value=value, ci_low=NAN, ci_high=NAN, note=note
    )


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


def _board_and_declaration(typed: pd.DataFrame, level: float) -> list[Row]:
    """difference_pp (indicator 9) and declaration_rate (indicator 1 overall): a few rows a
    year, looked up by key in a dict of the rows they read."""
    wanted = ((typed["indicator"] == 9) & (typed["group"] == "BME")) | (
        (typed["indicator"] == 1)
        & (typed["measure"] == "overall")
        & typed["group"].isin(["BME", "Unknown"])
    )
    few = typed[wanted]
    table: dict[Key, tuple[int, int]] = {
        (org, year, int(indicator), measure, group): (int(num), int(den))
        for org, year, indicator, measure, group, num, den in few[list(COUNTS_COLUMNS)].itertuples(
            index=False, name=None
        )
    }
    rows: list[Row] = []
    for org, year, indicator, measure, group in sorted(table):
        if indicator == 9 and measure in BOARD_MEASURES:
            workforce = table.get((org, year, 9, "workforce", "BME"))
            fallback = workforce is None
            if fallback:
                workforce = table.get((org, year, 1, "overall", "BME"))
            board = table[(org, year, 9, measure, group)]
            rows.append(_difference_row(org, year, measure, board, workforce, fallback, level))
        elif indicator == 1 and group == "Unknown":
            rows.append(_declaration_row(org, year, table[(org, year, 1, measure, group)], level))
    return rows


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
    typed = typed[list(COUNTS_COLUMNS)].reset_index(drop=True)
    pairs = _pairs(typed)
    parts = [
        _percents(typed, level),
        _ratios(pairs, (low_band, high_band), level),
        _shortfalls(pairs),
        pd.DataFrame(_board_and_declaration(typed, level), columns=list(METRICS_COLUMNS)),
    ]
    return _frame([part for part in parts if len(part)])


def _fisher_p(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """The exact test's p for every table, each distinct 2x2 table computed once."""
    tables = np.stack([a, n1, c, n2], axis=1)
    distinct, inverse = np.unique(tables, axis=0, return_inverse=True)
    return fisher_exact_p_many(*distinct.T)[inverse.ravel()]


def _frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """One frame in the contract's order: org, year, indicator, measure, statistic, group."""
    if not parts:
        return _typed(pd.DataFrame({c: [] for c in METRICS_COLUMNS}))
    frame = pd.concat([p[list(METRICS_COLUMNS)] for p in parts], ignore_index=True)
    frame = _typed(frame)
    order = frame.assign(
        _statistic=frame["statistic"].map(STATISTIC_RANK),
        _group=frame["group"].map(OUTPUT_GROUP_RANK),
    ).sort_values([*HEAD, "_statistic", "_group"], kind="stable")
    return frame.loc[order.index].reset_index(drop=True)


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
