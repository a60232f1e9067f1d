"""Interval estimates and tests on plain numbers (no frames).

WRES counts are often small (a handful of disciplinary cases, tiny Board), so every estimate
carries an interval: Wilson for a proportion, Katz log for a ratio of two proportions, Newcombe's
hybrid score interval for a difference, and Fisher's exact test where counts are tiny.
Distributions come from scipy; nothing here is hand-rolled.

Arguments are counts (whole numbers >= 0, successes <= trials). Proportions are returned as
proportions (0-1); callers scale to percentages.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

from wres_lib.measure.distributions import (
    hypergeom_cdf,
    hypergeom_pmf,
    hypergeom_sf,
    normal_quantile,
)


@lru_cache(maxsize=16)
def z_for_level(level: float) -> float:
    """Two-sided standard-normal quantile for a confidence level (0.95 -> 1.959964)."""
    if not 0 < level < 1:
        raise ValueError(f"a confidence level between 0 and 1, not {level!r}")
    return normal_quantile(0.5 + level / 2)


def _check(k: int, n: int) -> None:
    if n <= 0:
        raise ValueError(f"a positive number of trials, not {n!r}")
    if not 0 <= k <= n:
        raise ValueError(f"successes between 0 and {n}, not {k!r}")


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for k successes in n trials, as proportions.

    Chosen over the Wald interval because it stays inside 0-1 and keeps its coverage when k is
    0, n or small, which WRES counts often are. No continuity correction (same as
    ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``).
    """
    _check(k, n)
    low, high = wilson_interval_many(np.array([k]), np.array([n]), level)
    return float(low[0]), float(high[0])


def wilson_interval_many(
    k: np.ndarray, n: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`wilson_interval` for many proportions at once (elementwise; every n > 0).

    One formula for both, so ``wres compute`` on a region's counts takes whole columns while
    a single figure gives the same value to the last bit.
    """
    k, n = np.asarray(k, dtype=np.int64), np.asarray(n, dtype=np.int64)
    if ((n <= 0) | (k < 0) | (k > n)).any():
        raise ValueError("successes between 0 and a positive number of trials in every row")
    z = z_for_level(level)
    kf, nf = k.astype(float), n.astype(float)
    p = kf / nf
    z2n = z * z / nf
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * np.sqrt(p * (1 - p) / nf + z2n / (4 * nf)) / (1 + z2n)
    # Exact ends: the interval for k = 0 starts at 0 and for k = n ends at 1.
    low = np.where(k == 0, 0.0, np.maximum(0.0, centre - half))
    high = np.where(k == n, 1.0, np.minimum(1.0, centre + half))
    return low, high


def rate_ratio(a: int, n1: int, c: int, n2: int) -> float | None:
    """(a/n1) / (c/n2); None when undefined (a zero denominator or c = 0)."""
    if n1 <= 0 or n2 <= 0 or c == 0:
        return None
    return (a / n1) / (c / n2)


def katz_log_interval(
    a: int, n1: int, c: int, n2: int, level: float = 0.95
) -> tuple[float, float] | None:
    """Katz log interval for the ratio (a/n1)/(c/n2).

    SE(log ratio) = sqrt(1/a - 1/n1 + 1/c - 1/n2). Undefined (None) when a or c is 0, because
    the log of a zero rate has no standard error; the caller says so in a note.
    """
    _check(a, n1)
    _check(c, n2)
    if a == 0 or c == 0:
        return None
    low, high = katz_log_interval_many(*(np.array([x]) for x in (a, n1, c, n2)), level=level)
    return float(low[0]), float(high[0])


def katz_log_interval_many(
    a: np.ndarray, n1: np.ndarray, c: np.ndarray, n2: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`katz_log_interval` for many ratios at once; NaN where a or c is 0 (undefined)."""
    a, n1, c, n2 = (np.asarray(x, dtype=np.int64) for x in (a, n1, c, n2))
    if ((n1 <= 0) | (n2 <= 0) | (a < 0) | (a > n1) | (c < 0) | (c > n2)).any():
        raise ValueError("successes between 0 and a positive number of trials in every row")
    defined = (a > 0) & (c > 0)
    # Undefined rows get harmless stand-ins (1 of 1), then NaN.
    af, n1f, cf, n2f = (np.where(defined, x, 1).astype(float) for x in (a, n1, c, n2))
    log_ratio = np.log((af / n1f) / (cf / n2f))
    se = np.sqrt(np.maximum(0.0, 1 / af - 1 / n1f + 1 / cf - 1 / n2f))
    z = z_for_level(level)
    low = np.where(defined, np.exp(log_ratio - z * se), np.nan)
    high = np.where(defined, np.exp(log_ratio + z * se), np.nan)
    return low, high


@lru_cache(maxsize=4096)
def fisher_exact_p(a: int, n1: int, c: int, n2: int) -> float:
    """Two-sided Fisher exact p for successes a of n1 against c of n2.

    Exact, so it is valid for the tiny counts (Board, bank disciplinary) where the interval's
    normal approximation is weakest. The reference the tests hold ``fisher_exact_p_many`` (what
    compute_metrics uses) to; cached, as a table recurs year after year.
    """
    from scipy import stats  # the reference test; the vectorised one below needs no scipy.stats

    _check(a, n1)
    _check(c, n2)
    result = stats.fisher_exact([[a, n1 - a], [c, n2 - c]], alternative="two-sided")
    return float(min(1.0, result.pvalue))


def fisher_exact_p_many(a: np.ndarray, n1: np.ndarray, c: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-sided Fisher exact p for many tables at once (a of n1 against c of n2, elementwise).

    The same algorithm as ``scipy.stats.fisher_exact`` (two-sided: the observed table's tail plus
    the other tail found by binary search on the hypergeometric pmf, relative tolerance 1e-14),
    run on whole arrays, so it returns the scalar test's values bit for bit while ``wres
    compute`` on a region's counts calls scipy's distribution functions a few dozen times
    instead of a few times per ratio.
    """
    a, n1, c, n2 = (np.asarray(x, dtype=np.int64).ravel() for x in (a, n1, c, n2))
    if not a.size == n1.size == c.size == n2.size:
        raise ValueError("a, n1, c and n2 of the same length")
    if a.size and ((n1 <= 0).any() or (n2 <= 0).any()):
        raise ValueError("a positive number of trials in every table")
    if ((a < 0) | (a > n1) | (c < 0) | (c > n2)).any():
        raise ValueError("successes between 0 and the number of trials in every table")
    p = np.ones(a.size)
    # scipy's table [[a, n1 - a], [c, n2 - c]]: total M, first row n1, first column n.
    total, n = n1 + n2, a + c
    live = (n > 0) & (n < total)  # an empty column: p = 1
    idx = np.flatnonzero(live)
    if idx.size == 0:
        return p
    x, M, r, n = a[idx], total[idx], n1[idx], n[idx]
    mode = ((n + 1) * (r + 1) / (r + (M - r) + 2)).astype(np.int64)
    pexact = hypergeom_pmf(x, M, r, n)
    pmode = hypergeom_pmf(mode, M, r, n)
    gamma = 1 + 1e-14
    with np.errstate(invalid="ignore", divide="ignore"):
        at_mode = np.abs(pexact - pmode) / np.maximum(pexact, pmode) <= 1e-14
    out = np.ones(idx.size)
    lower = ~at_mode & (x < mode)
    upper = ~at_mode & ~lower
    if lower.any():
        out[lower] = _other_tail(x, M, r, n, mode, pexact, gamma, lower, below=True)
    if upper.any():
        out[upper] = _other_tail(x, M, r, n, mode, pexact, gamma, upper, below=False)
    p[idx] = np.minimum(out, 1.0)
    return p


def _other_tail(x, M, r, n, mode, pexact, gamma, mask, below: bool) -> np.ndarray:
    """The observed tail plus the far tail beyond the mode, for the tables in ``mask``."""
    x, M, r, n, mode, pexact = x[mask], M[mask], r[mask], n[mask], mode[mask], pexact[mask]
    if below:
        near = hypergeom_cdf(x, M, r, n)
        end = hypergeom_pmf(n, M, r, n)
        lo, hi, sign = mode.copy(), n.copy(), -1.0
    else:
        near = hypergeom_sf(x - 1, M, r, n)
        end = hypergeom_pmf(np.zeros_like(n), M, r, n)
        lo, hi, sign = np.zeros_like(mode), mode.copy(), 1.0
    result = near.copy()
    search = ~(end > pexact * gamma)
    if search.any():
        j = np.flatnonzero(search)
        guess = _binary_search(
            lambda k, s: sign * hypergeom_pmf(k, M[j][s], r[j][s], n[j][s]),
            sign * pexact[j] * gamma,
            lo[j],
            hi[j],
        )
        tail = hypergeom_sf if below else hypergeom_cdf
        far = tail(guess, M[j], r[j], n[j])
        result[j] = near[j] + far
    return result


def _binary_search(f, d: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """scipy's ``_binary_search_for_binom_tst`` on arrays: i in [lo, hi] with f(i) <= d < f(i+1).

    ``f(k, s)`` evaluates the function of the tables selected by boolean mask ``s`` at ``k``.
    """
    lo, hi = lo.copy(), hi.copy()
    found = np.zeros(lo.size, dtype=bool)
    answer = np.zeros(lo.size, dtype=np.int64)
    while True:
        active = ~found & (lo < hi)
        if not active.any():
            break
        mid = lo[active] + (hi[active] - lo[active]) // 2
        value = f(mid, active)
        target = d[active]
        where = np.flatnonzero(active)
        less, more = value < target, value > target
        lo[where[less]] = mid[less] + 1
        hi[where[more]] = mid[more] - 1
        hit = ~less & ~more
        found[where[hit]] = True
        answer[where[hit]] = mid[hit]
    rest = ~found
    if rest.any():
        ends = lo[rest]
        answer[rest] = np.where(f(ends, rest) <= d[rest], ends, ends - 1)
    return answer


def newcombe_difference_interval(
    k1: int, n1: int, k2: int, n2: int, level: float = 0.95
) -> tuple[float, float]:
    """Newcombe's hybrid score interval for p1 - p2 (method 10 of Newcombe, 1998).

    Built from the two Wilson intervals, so it behaves at 0 and n as they do; used for the
    Board-minus-workforce difference (indicator 9), where the Board count is tiny. It treats the
    two proportions as independent, which slightly overstates the width when Board members are
    also in the workforce.
    """
    l1, u1 = wilson_interval(k1, n1, level)
    l2, u2 = wilson_interval(k2, n2, level)
    p1, p2 = k1 / n1, k2 / n2
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return low, high


def shortfall_to_parity(white_k: int, white_n: int, bme_k: int, bme_n: int) -> int:
    """How many more BME successes (of the same bme_n) would bring White/BME to 1.00.

    ceil(white_k / white_n * bme_n - bme_k), floor 0; computed with exact fractions so a
    whole-number target is not pushed up by floating-point error.
    """
    _check(white_k, white_n)
    _check(bme_k, bme_n)
    needed = Fraction(white_k * bme_n, white_n) - bme_k
    return max(0, math.ceil(needed))


def shortfall_to_parity_many(
    white_k: np.ndarray, white_n: np.ndarray, bme_k: np.ndarray, bme_n: np.ndarray
) -> np.ndarray:
    """:func:`shortfall_to_parity` for many rows, in exact integer arithmetic (int64).

    ceil((white_k * bme_n - bme_k * white_n) / white_n) as a floor division of negatives, so a
    whole-number target stays whole; counts up to a few hundred million cannot overflow.
    """
    wk, wn, bk, bn = (np.asarray(x, dtype=np.int64) for x in (white_k, white_n, bme_k, bme_n))
    if ((wn <= 0) | (bn <= 0) | (wk < 0) | (wk > wn) | (bk < 0) | (bk > bn)).any():
        raise ValueError("successes between 0 and a positive number of trials in every row")
    return np.maximum(0, -((bk * wn - wk * bn) // wn))
