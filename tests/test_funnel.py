"""Funnel limits pinned against values worked out by hand, and the chart's words."""

from __future__ import annotations

import math

import pytest

from wres_lib.present.funnel import (
    Funnel,
    FunnelPoint,
    binomial_limit,
    funnel_chart,
    percent_funnel,
    percent_limits,
    ratio_funnel,
    ratio_limits,
)


def _cdf(r: int, n: int, p: float) -> float:
    """P(X <= r) for X ~ Binomial(n, p), summed term by term (no scipy)."""
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(r + 1))


def test_binomial_limit_by_hand_n10_p30() -> None:
    # F(5) = 0.95265, F(6) = 0.98941: the 97.5% quantile is r = 6, and Spiegelhalter's
    # interpolation moves it down by alpha = (F(6) - 0.975) / (F(6) - F(5)) = 0.3920.
    f5, f6 = _cdf(5, 10, 0.3), _cdf(6, 10, 0.3)
    assert (round(f5, 5), round(f6, 5)) == (0.95265, 0.98941)
    alpha = (f6 - 0.975) / (f6 - f5)
    assert alpha == pytest.approx(0.3920, abs=5e-5)
    assert binomial_limit(0.3, 10, 0.975) == pytest.approx((6 - alpha) / 10, rel=1e-12)
    assert 100 * binomial_limit(0.3, 10, 0.975) == pytest.approx(56.08, abs=0.005)
    # the lower 2.5% point: F(0) = 0.7^10 = 0.02825 is already above 0.025, so r = 0 and the
    # interpolated limit (0 - 0.115) / 10 is below zero: clipped to 0
    assert binomial_limit(0.3, 10, 0.025) == 0.0


def test_binomial_limit_by_hand_n40_p20_998() -> None:
    # 99.9% quantile of Binomial(40, 0.2): F(15) = 0.99738 < 0.999 <= F(16) = 0.99911
    f15, f16 = _cdf(15, 40, 0.2), _cdf(16, 40, 0.2)
    assert f15 < 0.999 <= f16
    alpha = (f16 - 0.999) / (f16 - f15)
    expected = (16 - alpha) / 40
    assert binomial_limit(0.2, 40, 0.999) == pytest.approx(expected, rel=1e-12)
    assert percent_limits(0.2, 40, 0.998)[1] == pytest.approx(100 * expected, rel=1e-12)
    # and the lower 0.1% point: F(1) = 0.00146 >= 0.001 > F(0) = 0.00013
    f0, f1 = _cdf(0, 40, 0.2), _cdf(1, 40, 0.2)
    assert f0 < 0.001 <= f1
    lower = (1 - (f1 - 0.001) / (f1 - f0)) / 40
    assert percent_limits(0.2, 40, 0.998)[0] == pytest.approx(100 * lower, rel=1e-12)


def test_large_sizes_meet_the_normal_approximation() -> None:
    p, n = 0.25, 100_000
    half = 1.959963984540054 * math.sqrt(p * (1 - p) / n)
    low, high = percent_limits(p, n, 0.95)
    assert low == pytest.approx(100 * (p - half), abs=0.002)
    assert high == pytest.approx(100 * (p + half), abs=0.002)


def test_ratio_limits_by_hand() -> None:
    # pooled rates 0.2 and 0.1 (target 2.0), half of the size in each group, n = 1000:
    # var = 0.8 / (0.2 * 500) + 0.9 / (0.1 * 500) = 0.008 + 0.018 = 0.026
    sd = math.sqrt(0.026)
    low, high = ratio_limits(2.0, (0.2, 0.1), 0.5, 1000, 0.95)
    assert high == pytest.approx(2.0 * math.exp(1.959963984540054 * sd), rel=1e-12)
    # sd = 0.161245, z * sd = 0.316036: 2 * exp(-0.316036) = 1.45806, 2 * exp(0.316036) = 2.74337
    assert (round(low, 4), round(high, 4)) == (1.4581, 2.7434)
    low, high = ratio_limits(2.0, (0.2, 0.1), 0.5, 1000, 0.998)
    assert high == pytest.approx(2.0 * math.exp(3.090232306167813 * sd), rel=1e-12)


def test_ratio_funnel_pools_counts_and_leaves_out_undefined_ratios() -> None:
    funnel = ratio_funnel([("a", 20, 100, 10, 100), ("b", 40, 200, 20, 200), ("c", 5, 50, 0, 50)])
    # pooled: 65/350 against 30/350; share of the first group 350/700
    assert funnel.target == pytest.approx((65 / 350) / (30 / 350))
    assert funnel.share == 0.5
    assert [p.org for p in funnel.points] == ["a", "b"]  # c's ratio has a zero rate
    assert funnel.points[0] == FunnelPoint("a", 200, 2.0)


def test_points_outside_the_limits_are_named_in_the_alt_text() -> None:
    rows = [(f"t{i:02d}", 30, 100) for i in range(10)]  # ten organisations at 30%
    rows += [("high", 60, 100), ("low", 18, 100)]
    funnel = percent_funnel(rows)
    assert funnel.target == pytest.approx((300 + 78) / 1200)
    high = next(p for p in funnel.points if p.org == "high")
    low = next(p for p in funnel.points if p.org == "low")
    assert funnel.outside(high, 0.998) == "above"
    assert funnel.outside(low, 0.95) == "below" and funnel.outside(low, 0.998) == ""
    chart = funnel_chart(funnel, "BME staff harassed", "the BME rate", "Percent", "Respondents")
    assert "Above the 99.8% limit: high." in chart.alt_text
    assert "Below the 95% limit only: low." in chart.alt_text
    assert "12 organisations" in chart.alt_text and "(31.5%)" in chart.alt_text
    assert chart.png().startswith(b"\x89PNG")


def test_switched_off_interpolation_would_move_the_limit() -> None:
    """Without the interpolation the limit is the whole count r / n (0.60, not 0.5608)."""
    assert binomial_limit(0.3, 10, 0.975) != pytest.approx(0.6, abs=0.01)
    assert Funnel("percent", (), 0.3).limits(10, 0.95)[1] == pytest.approx(56.08, abs=0.005)
