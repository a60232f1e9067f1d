"""The distribution values the statistics need, as ``scipy.stats`` gives them, without importing
``scipy.stats``: the hypergeometric pmf, cdf and sf, and the normal quantile.

Importing ``scipy.stats`` takes most of a second (it builds every distribution's docstring and
pulls in scipy.spatial, scipy.optimize, ...), which was the largest single cost of a national
counts run's start-up. Its ``hypergeom`` is a thin wrapper around Boost's functions, kept in
``scipy.special``'s ufuncs; these functions take that wrapper's steps for whole-number
arguments (parameter check, support, the ufunc, clipped to 0-1), so every value is
``scipy.stats``' to the last bit. ``tests/test_distributions.py`` checks that against
``scipy.stats`` over a grid (and the Fisher p values against ``scipy.stats.fisher_exact``), so
a scipy upgrade that changes either side fails there.

Arguments are as ``scipy.stats.hypergeom``'s: ``k`` successes in ``N`` draws from ``M`` items
of which ``n`` are successes; arrays of whole numbers, broadcast together.
"""

from __future__ import annotations

import numpy as np
from scipy.special import _ufuncs, ndtri


def _prepared(k, M, n, N) -> tuple[np.ndarray, ...]:
    k, M, n, N = np.broadcast_arrays(*(np.asarray(x, dtype=np.int64) for x in (k, M, n, N)))
    low, high = np.maximum(N - (M - n), 0), np.minimum(n, N)
    valid = (M > 0) & (n >= 0) & (N >= 0) & (n <= M) & (N <= M)
    return k, M, n, N, low, high, valid


def _evaluate(ufunc, inside, outside_value, k, M, n, N, valid) -> np.ndarray:
    """scipy's ``place(output, cond, clip(ufunc(goodargs), 0, 1))`` on a zeroed output."""
    out = np.zeros(k.shape)
    out[outside_value[0]] = outside_value[1]
    out[~valid] = np.nan
    cond = valid & inside
    if cond.any():
        out[cond] = np.clip(ufunc(k[cond], n[cond], N[cond], M[cond]), 0, 1)
    return out


def hypergeom_pmf(k, M, n, N) -> np.ndarray:
    """``scipy.stats.hypergeom.pmf(k, M, n, N)``."""
    k, M, n, N, low, high, valid = _prepared(k, M, n, N)
    nothing = np.zeros(k.shape, dtype=bool)
    inside = (k >= low) & (k <= high)
    return _evaluate(_ufuncs._hypergeom_pmf, inside, (nothing, 0.0), k, M, n, N, valid)


def hypergeom_cdf(k, M, n, N) -> np.ndarray:
    """``scipy.stats.hypergeom.cdf(k, M, n, N)``: 1 at and above the support's top."""
    k, M, n, N, low, high, valid = _prepared(k, M, n, N)
    inside = (k >= low) & (k < high)
    return _evaluate(_ufuncs._hypergeom_cdf, inside, (k >= high, 1.0), k, M, n, N, valid)


def hypergeom_sf(k, M, n, N) -> np.ndarray:
    """``scipy.stats.hypergeom.sf(k, M, n, N)``: 1 below the support's bottom."""
    k, M, n, N, low, high, valid = _prepared(k, M, n, N)
    inside = (k >= low) & (k < high)
    return _evaluate(_ufuncs._hypergeom_sf, inside, (k < low, 1.0), k, M, n, N, valid)


def normal_quantile(q: float) -> float:
    """``scipy.stats.norm.ppf(q)`` for 0 < q < 1 (its ``_ppf`` is ``scipy.special.ndtri``)."""
    return float(ndtri(q))
