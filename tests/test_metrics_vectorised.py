"""compute_metrics works on whole columns; here every figure is checked row by row against the
scalar functions and scipy's own exact test, on random counts with zeros in every place."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from wres_lib.measure.counts import COUNTS_COLUMNS
from wres_lib.measure.metrics import RATIO_PAIRS, compute_metrics
from wres_lib.measure.statistics import katz_log_interval, shortfall_to_parity, wilson_interval

GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")


def random_counts(seed: int = 14) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for org in ("a", "b"):
        for year in ("2021-22", "2022-23"):
            for indicator, measure in [(2, "all"), (3, "all"), (3, "bank"), (4, "all"), (5, "all")]:
                for group in GROUPS:
                    n = int(rng.choice([0, 1, 3, 40, 900]))
                    k = int(rng.choice([0, n, rng.integers(0, n + 1)])) if n else 0
                    rows.append((org, year, indicator, measure, group, k, n))
    return pd.DataFrame(rows, columns=list(COUNTS_COLUMNS))


def test_every_figure_matches_the_scalar_functions() -> None:
    counts = random_counts()
    metrics = {
        (r.org, r.year, r.indicator, r.measure, r.group, r.statistic): r
        for r in compute_metrics(counts).itertuples(index=False)
    }
    table = {tuple(r[:5]): (r[5], r[6]) for r in counts.itertuples(index=False, name=None)}
    checked = 0
    for key, (k, n) in table.items():
        percent = metrics[(*key, "percent")]
        if n == 0:
            assert math.isnan(percent.value) and percent.note.endswith("percentage undefined")
        else:
            assert percent.value == 100 * k / n
            low, high = wilson_interval(k, n)
            assert (percent.ci_low, percent.ci_high) == (100 * low, 100 * high)
        org, year, indicator, measure, _ = key
        for top, bottom in RATIO_PAIRS.get(indicator, ()) if key[4] == "White" else ():
            (a, n1), (c, n2) = table[(*key[:4], top)], table[(*key[:4], bottom)]
            head = (org, year, indicator, measure, f"{top}/{bottom}")
            got = {s: metrics[(*head, s)] for s in ("relative_likelihood", "fisher_p")}
            got["outside"] = metrics[(*head, "outside_parity_band")]
            if n1 == 0 or n2 == 0:
                assert all(
                    math.isnan(r.value) and r.note.endswith("undefined") for r in got.values()
                )
                continue
            want_p = min(1.0, float(stats.fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue))
            assert got["fisher_p"].value == want_p
            if c == 0:
                assert math.isnan(got["relative_likelihood"].value)
                continue
            assert got["relative_likelihood"].value == (a / n1) / (c / n2)
            interval = katz_log_interval(a, n1, c, n2)
            if interval is None:
                assert "interval undefined" in got["relative_likelihood"].note
            else:
                assert (
                    got["relative_likelihood"].ci_low,
                    got["relative_likelihood"].ci_high,
                ) == interval
            outside = not 0.8 <= (a / n1) / (c / n2) <= 1.25
            assert got["outside"].value == float(outside)
            checked += 1
            if indicator in (2, 4) and bottom == "BME":
                value = metrics[(org, year, indicator, measure, "BME", "shortfall")].value
                assert value == shortfall_to_parity(a, n1, c, n2)
    assert checked >= 15  # ratios with every figure defined; the rest are checked as empty


@pytest.mark.parametrize("seed", [1, 2])
def test_same_result_whatever_the_row_order(seed: int) -> None:
    counts = random_counts(seed)
    shuffled = counts.sample(frac=1, random_state=seed).reset_index(drop=True)
    pd.testing.assert_frame_equal(compute_metrics(counts), compute_metrics(shuffled))
