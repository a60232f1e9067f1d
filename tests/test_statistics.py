"""Interval estimates and tests against published or independently computed values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from wres_lib.measure.statistics import (
    fisher_exact_p,
    fisher_exact_p_many,
    katz_log_interval,
    katz_log_interval_many,
    newcombe_difference_interval,
    rate_ratio,
    shortfall_to_parity,
    shortfall_to_parity_many,
    wilson_interval,
    wilson_interval_many,
)


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17:857, Table I, method 3 (Wilson score, no correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # Symmetric case and the ends.
        (5, 10, 0.2366, 0.7634),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_published_values(k: int, n: int, low: float, high: float) -> None:
    got = wilson_interval(k, n)
    assert got == pytest.approx((low, high), abs=5e-5)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 6), (596, 3842), (3, 3), (45, 103)])
@pytest.mark.parametrize("level", [0.9, 0.95, 0.99])
def test_wilson_matches_scipy(k: int, n: int, level: float) -> None:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    assert wilson_interval(k, n, level) == pytest.approx((ci.low, ci.high), abs=1e-12)


def test_wilson_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        wilson_interval(1, 0)
    with pytest.raises(ValueError):
        wilson_interval(5, 4)
    with pytest.raises(ValueError):
        wilson_interval(1, 4, level=1.0)


def test_katz_seed003_table3() -> None:
    """2021/22: White 596/3842, BME 207/2386 -> 1.79 (1.54 to 2.08)."""
    assert rate_ratio(596, 3842, 207, 2386) == pytest.approx(1.7880884301905962, rel=1e-12)
    low, high = katz_log_interval(596, 3842, 207, 2386)
    se = math.sqrt(1 / 596 - 1 / 3842 + 1 / 207 - 1 / 2386)
    centre = math.log((596 / 3842) / (207 / 2386))
    assert (low, high) == pytest.approx(
        (math.exp(centre - 1.959963984540054 * se), math.exp(centre + 1.959963984540054 * se))
    )
    assert (round(low, 4), round(high, 4)) == (1.5396, 2.0767)


def test_katz_undefined_at_zero() -> None:
    assert katz_log_interval(0, 10, 3, 10) is None
    assert katz_log_interval(3, 10, 0, 10) is None
    assert rate_ratio(3, 10, 0, 10) is None
    assert rate_ratio(0, 10, 3, 10) == 0.0


def test_katz_wider_at_higher_level() -> None:
    narrow = katz_log_interval(20, 100, 10, 100, 0.9)
    wide = katz_log_interval(20, 100, 10, 100, 0.99)
    assert wide[0] < narrow[0] < 2.0 < narrow[1] < wide[1]


def test_katz_everyone_in_both_groups() -> None:
    """a = n1 and c = n2: SE is 0, the interval is the point 1.0."""
    assert katz_log_interval(5, 5, 7, 7) == pytest.approx((1.0, 1.0))


def test_fisher_matches_textbook() -> None:
    # Fisher's tea-tasting table [[3, 1], [1, 3]]: two-sided p = 0.4857.
    assert fisher_exact_p(3, 4, 1, 4) == pytest.approx(0.4857142857, abs=1e-9)
    # Both groups zero: nothing to tell apart.
    assert fisher_exact_p(0, 10, 0, 10) == 1.0
    # Seed 003 Table 3, 2021/22: overwhelming evidence.
    assert fisher_exact_p(596, 3842, 207, 2386) < 1e-12


def test_newcombe_published_example() -> None:
    """Newcombe (1998), Stat Med 17:873, example (a): 56/70 - 48/80, method 10."""
    low, high = newcombe_difference_interval(56, 70, 48, 80)
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_newcombe_zero_board_members() -> None:
    low, high = newcombe_difference_interval(0, 6, 1221, 5203)
    assert low < -0.2347 < high
    assert high < 0.3


@pytest.mark.parametrize(
    ("white_k", "white_n", "bme_k", "bme_n", "expected"),
    [
        (596, 3842, 207, 2386, 164),  # 596/3842 * 2386 = 370.13 -> 371 - 207
        (1, 2, 1, 4, 1),  # exactly 2 needed: no floating-point push to 2
        (1, 3, 1, 3, 0),  # already at parity
        (1, 10, 5, 10, 0),  # BME ahead: floor 0
        (1, 3, 0, 9, 3),  # 1/3 * 9 = 3 exactly
        (2936, 4102, 939, 1409, 70),
    ],
)
def test_shortfall(white_k: int, white_n: int, bme_k: int, bme_n: int, expected: int) -> None:
    result = shortfall_to_parity(white_k, white_n, bme_k, bme_n)
    assert result == expected
    if expected:
        after = rate_ratio(white_k, white_n, bme_k + result, bme_n)
        before = rate_ratio(white_k, white_n, bme_k + result - 1, bme_n)
        assert after <= 1.0 < before


def test_fisher_many_is_scipys_test_bit_for_bit() -> None:
    """Every table with up to 6 per group, and random large ones, as scipy's scalar test gives."""
    small = [
        (a, n1, c, n2)
        for n1 in range(1, 7)
        for n2 in range(1, 7)
        for a in range(n1 + 1)
        for c in range(n2 + 1)
    ]
    rng = np.random.default_rng(3)
    n1 = rng.integers(1, 4000, 300)
    n2 = rng.integers(1, 4000, 300)
    large = list(zip(rng.integers(0, n1 + 1), n1, rng.integers(0, n2 + 1), n2, strict=True))
    tables = np.array(small + large, dtype=np.int64)
    got = fisher_exact_p_many(*tables.T)
    want = [
        min(1.0, float(stats.fisher_exact([[a, n1 - a], [c, n2 - c]]).pvalue))
        for a, n1, c, n2 in tables.tolist()
    ]
    assert got.tolist() == want


def test_fisher_many_rejects_impossible_tables() -> None:
    with pytest.raises(ValueError, match="successes"):
        fisher_exact_p_many([5], [4], [1], [4])
    with pytest.raises(ValueError, match="trials"):
        fisher_exact_p_many([0], [0], [1], [4])
    assert fisher_exact_p_many([], [], [], []).size == 0


def test_wilson_many_matches_scipy_row_by_row() -> None:
    """The array form gives scipy's Wilson interval for every proportion, ends included."""
    rng = np.random.default_rng(14)
    n = np.concatenate([[1, 1, 6, 3842, 3], rng.integers(1, 5000, 200)])
    k = np.concatenate([[0, 1, 1, 596, 3], rng.integers(0, n[5:] + 1)])
    for level in (0.9, 0.95, 0.99):
        low, high = wilson_interval_many(k, n, level)
        for i in range(n.size):
            ci = stats.binomtest(int(k[i]), int(n[i])).proportion_ci(
                confidence_level=level, method="wilson"
            )
            assert (low[i], high[i]) == pytest.approx((ci.low, ci.high), abs=1e-12)
            assert (low[i], high[i]) == wilson_interval(int(k[i]), int(n[i]), level)
    assert low[0] == 0.0 and high[1] == 1.0


def test_katz_many_matches_the_formula_and_is_empty_at_zero() -> None:
    a = np.array([596, 0, 3, 5, 20])
    n1 = np.array([3842, 10, 10, 5, 100])
    c = np.array([207, 3, 0, 7, 10])
    n2 = np.array([2386, 10, 10, 7, 100])
    low, high = katz_log_interval_many(a, n1, c, n2)
    assert (round(low[0], 4), round(high[0], 4)) == (1.5396, 2.0767)
    assert np.isnan(low[1:3]).all() and np.isnan(high[1:3]).all()
    assert (low[3], high[3]) == pytest.approx((1.0, 1.0))
    se = math.sqrt(1 / 20 - 1 / 100 + 1 / 10 - 1 / 100)
    assert (low[4], high[4]) == pytest.approx(
        (2 * math.exp(-1.959963984540054 * se), 2 * math.exp(1.959963984540054 * se)), rel=1e-14
    )
    with pytest.raises(ValueError):
        katz_log_interval_many([5], [4], [1], [4])


def test_shortfall_many_is_exact() -> None:
    """Integer arithmetic: 7/25 of 25 is 7 exactly, where 7 / 25 * 25 in floats is
    7.000000000000001 and its ceiling would ask for one appointment too many."""
    cases = np.array(
        [
            (596, 3842, 207, 2386),
            (1, 2, 1, 4),
            (1, 3, 1, 3),
            (1, 10, 5, 10),
            (1, 3, 0, 9),
            (2936, 4102, 939, 1409),
            (7, 25, 0, 25),
        ]
    )
    got = shortfall_to_parity_many(*cases.T).tolist()
    assert got == [164, 1, 0, 0, 3, 70, 7]
    assert got == [shortfall_to_parity(*map(int, row)) for row in cases]
    floats = np.maximum(0, np.ceil(cases[:, 0] / cases[:, 1] * cases[:, 3] - cases[:, 2]))
    assert floats.tolist() != got  # the float formula the exact one replaces is wrong here
    rng = np.random.default_rng(5)
    wn, bn = rng.integers(1, 3000, 500), rng.integers(1, 3000, 500)
    wk, bk = rng.integers(0, wn + 1), rng.integers(0, bn + 1)
    want = [shortfall_to_parity(*map(int, r)) for r in zip(wk, wn, bk, bn, strict=True)]
    assert shortfall_to_parity_many(wk, wn, bk, bn).tolist() == want
