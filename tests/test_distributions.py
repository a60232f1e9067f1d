"""measure.distributions gives scipy.stats' values to the last bit, without importing it."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from scipy import stats

from wres_lib.measure import distributions
from wres_lib.measure.statistics import fisher_exact_p, fisher_exact_p_many


def _grid() -> tuple[np.ndarray, ...]:
    """Every k (and one either side of the support) for many small and a few large tables."""
    rows = []
    for M in [1, 2, 3, 5, 8, 13, 40, 97]:
        for n in range(M + 1):
            for N in range(M + 1):
                for k in range(-1, min(n, N) + 2):
                    rows.append((k, M, n, N))
    rows += [(k, 3842 + 2386, 803, 2386 + k // 3) for k in range(0, 800, 37)]
    rows += [(5, 10, 11, 3), (1, 0, 0, 0), (2, 10, -1, 3)]  # invalid parameters: NaN
    return tuple(np.array(column, dtype=np.int64) for column in zip(*rows, strict=True))


@pytest.mark.parametrize("name", ["pmf", "cdf", "sf"])
def test_hypergeom_is_scipy_stats_bit_for_bit(name: str) -> None:
    k, M, n, N = _grid()
    ours = getattr(distributions, f"hypergeom_{name}")(k, M, n, N)
    theirs = getattr(stats.hypergeom, name)(k, M, n, N)
    np.testing.assert_array_equal(ours, theirs)  # equal, NaN where scipy's is NaN
    assert np.isnan(ours[-3:]).all()


def test_normal_quantile_is_norm_ppf() -> None:
    for q in (0.5, 0.8, 0.9, 0.95, 0.975, 0.995, 0.999, 1e-9):
        assert distributions.normal_quantile(q) == float(stats.norm.ppf(q))


def test_fisher_p_many_matches_scipy_fisher_exact() -> None:
    rng = np.random.default_rng(14)
    n1, n2 = rng.integers(1, 60, 400), rng.integers(1, 60, 400)
    a, c = rng.integers(0, n1 + 1), rng.integers(0, n2 + 1)
    n1, n2 = np.append(n1, [3842, 5]), np.append(n2, [2386, 5])
    a, c = np.append(a, [596, 0]), np.append(c, [207, 5])
    expected = [fisher_exact_p(*map(int, t)) for t in zip(a, n1, c, n2, strict=True)]
    np.testing.assert_array_equal(fisher_exact_p_many(a, n1, c, n2), expected)


def test_computing_metrics_does_not_import_scipy_stats() -> None:
    code = (
        "import sys, pandas as pd; from wres_lib.measure.metrics import compute_metrics; "
        "rows = [('o', '2022-23', 2, 'all', g, k, n) for g, k, n in "
        "(('White', 30, 100), ('BME', 10, 80))]; "
        "c = pd.DataFrame(rows, columns=['org', 'year', 'indicator', 'measure', 'group', "
        "'numerator', 'denominator']); m = compute_metrics(c); "
        "assert (m['statistic'] == 'fisher_p').any(); print('scipy.stats' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
