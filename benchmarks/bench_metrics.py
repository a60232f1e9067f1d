"""Speed of compute_metrics on a region's worth of counts: 50 organisations x 5 years.

Run with ``make bench`` (``pytest benchmarks --benchmark-only``) or
``pytest benchmarks/bench_metrics.py --benchmark-only``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from wres_lib.measure.counts import COUNTS_COLUMNS
from wres_lib.measure.metrics import compute_metrics

GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")
BANDS = (
    [f"non-clinical|Band {b}" for b in ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d")]
    + [f"clinical|Band {b}" for b in ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d")]
    + ["medical|Consultant", "medical|Trainee grade", "medical|Non-consultant career grade"]
    + ["grouped|Non-clinical Bands 2 to 8a", "grouped|Clinical Bands 6 to VSM"]
)
MEASURES = (
    [(1, m) for m in ("overall", "bank", *BANDS)]
    + [(2, "all"), (3, "all"), (3, "two-year"), (3, "bank"), (4, "all")]
    + [(5, "all"), (5, "bank"), (6, "all"), (6, "managers"), (6, "colleagues"), (7, "all")]
    + [(8, "all"), (9, "all"), (9, "voting"), (9, "executive"), (9, "workforce")]
)


def synthetic_counts(orgs: int = 50, years: int = 5, seed: int = 1) -> pd.DataFrame:
    """Random but valid counts: every measure for every group, some zeros."""
    rng = np.random.default_rng(seed)
    rows = []
    for org in range(orgs):
        for start in range(2018, 2018 + years):
            year = f"{start}-{(start + 1) % 100:02d}"
            for indicator, measure in MEASURES:
                groups = ("BME",) if indicator == 9 else GROUPS
                for group in groups:
                    denominator = int(rng.integers(0, 3000))
                    numerator = int(rng.integers(0, denominator + 1)) if denominator else 0
                    rows.append(
                        (f"org{org:02d}", year, indicator, measure, group, numerator, denominator)
                    )
                if indicator == 1:
                    rows.append((f"org{org:02d}", year, 1, measure, "Unknown", 5, 100))
    return pd.DataFrame(rows, columns=list(COUNTS_COLUMNS))


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return synthetic_counts()


def test_compute_metrics_region(benchmark, counts: pd.DataFrame) -> None:
    metrics = benchmark.pedantic(compute_metrics, args=(counts,), rounds=3, iterations=1)
    assert len(counts) > 50_000
    assert set(metrics["org"]) == {f"org{i:02d}" for i in range(50)}
    assert metrics["value"].notna().sum() > len(counts)
