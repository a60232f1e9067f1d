"""Textbook formulas, written out independently of wres_lib, for building expected metrics in
tests (the library's own implementation is tested against scipy and published values)."""

from __future__ import annotations

import math

Z = 1.959963984540054  # the normal quantile for a 95% interval
BAND = (0.80, 1.25)


def wilson(k: int, n: int) -> tuple[float, float, float]:
    """Percentage and its 95% Wilson interval."""
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return 100 * p, 100 * (centre - half), 100 * (centre + half)


def katz(a: int, n1: int, c: int, n2: int) -> tuple[float, float, float]:
    """Ratio of two rates and its 95% Katz log interval."""
    ratio = (a / n1) / (c / n2)
    se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    return ratio, ratio * math.exp(-Z * se), ratio * math.exp(Z * se)
