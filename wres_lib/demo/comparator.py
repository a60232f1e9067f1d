"""A synthetic national comparator set for the demo: about 220 trusts in NHS England's shape.

The demo trust's report benchmarks it against other trusts as seed 003 did. Real per-trust
WRES data would do; the demo ships made-up figures instead, drawn (seeded, deterministic)
from distributions near the national picture: BME shares of the workforce that differ by
region, appointment ratios around 1.6, disciplinary ratios around 1.1, survey percentages a
few points apart for BME and White staff, Boards less diverse than their workforces. Each
trust keeps its own level from year to year, with small yearly changes.

The comparison lags, as NHS England's publication does: the set covers the demo's years up
to the year before its latest. The demo trust appears in it for those years with its own
computed figures (added by the caller, who can compute them), so its percentile is honest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wres_lib.demo.shape import DEMO_SEED, YEAR_STARTS
from wres_lib.demo.simulation import random_stream
from wres_lib.inputs.comparator import COMPARATOR_COLUMNS, REGIONS, typed_comparators
from wres_lib.inputs.params import year_label

COMPARATOR_FILE = "comparators.csv"  # beside the demo trust's year folders in data/demo
COMPARATOR_YEARS = tuple(year_label(start) for start in YEAR_STARTS[:-1])
OTHER_TRUSTS = 219  # with the demo trust, about the 220 trusts of the national data
# Where the demo trust would sit (a partnership trust in the Midlands, as seed 003's was).
DEMO_REGION = "Midlands"
DEMO_TRUST_TYPE = "Mental health and learning disability"

# Trusts per region, near the national spread (they sum to OTHER_TRUSTS).
REGION_TRUSTS = dict(zip(REGIONS, (38, 34, 37, 20, 36, 30, 24), strict=True))
# Trust types and their shares; ambulance trusts are few and large, specialist ones small.
TYPE_SHARES = {
    "Acute": 0.56,
    "Mental health and learning disability": 0.23,
    "Community": 0.07,
    "Ambulance": 0.05,
    "Specialist": 0.09,
}
TYPE_SIZE = {
    "Acute": 6500,
    "Mental health and learning disability": 3500,
    "Community": 2500,
    "Ambulance": 4000,
    "Specialist": 2500,
}
# Median BME share of a region's trusts' workforces, percent.
REGION_BME = dict(zip(REGIONS, (12.0, 16.0, 25.0, 20.0, 45.0, 18.0, 11.0), strict=True))
# Survey indicators: the White percentage (mean, spread between trusts) and the BME gap
# (mean, spread); 5 rises sharply for ambulance trusts (harassment from the public).
SURVEY = {
    5: ((26.0, 4.0), (2.0, 2.5)),
    6: ((21.0, 3.0), (6.0, 2.0)),
    7: ((59.0, 4.0), (-14.0, 4.0)),
    8: ((6.5, 1.5), (9.0, 2.5)),
}
# Relative likelihoods: median and spread (log scale) between trusts, and yearly wobble.
RATIOS = {
    2: ("White/BME", 1.6, 0.25, 0.10),
    3: ("BME/White", 1.15, 0.35, 0.20),
    4: ("White/BME", 1.05, 0.12, 0.05),
}


def _trusts(rng: np.random.Generator) -> pd.DataFrame:
    """Who the other trusts are: code, name, region, type, size and lasting traits."""
    regions = [region for region, number in REGION_TRUSTS.items() for _ in range(number)]
    types = rng.choice(list(TYPE_SHARES), size=len(regions), p=list(TYPE_SHARES.values()))
    size = np.array([TYPE_SIZE[t] for t in types]) * rng.lognormal(0.0, 0.45, len(regions))
    trusts = pd.DataFrame(
        {
            "org_code": [f"cmp{n:03d}" for n in range(1, len(regions) + 1)],
            "org_name": [f"Comparator Trust {n:03d}" for n in range(1, len(regions) + 1)],
            "region": regions,
            "trust_type": types,
            "staff": np.clip(size, 500, 20000).round().astype(int),
        }
    )
    ambulance = trusts["trust_type"] == "Ambulance"
    base = np.array([REGION_BME[r] for r in regions]) * np.where(ambulance, 0.5, 1.0)
    trusts["bme_share"] = np.clip(base * rng.lognormal(0.0, 0.35, len(regions)), 2.0, 75.0)
    trusts["board_factor"] = rng.lognormal(-0.45, 0.5, len(regions))
    trusts["board_size"] = rng.integers(11, 18, len(regions))
    for indicator, (_, median, spread, _) in RATIOS.items():
        trusts[f"ratio{indicator}"] = np.log(median) + rng.normal(0.0, spread, len(regions))
    for indicator, ((white, white_sd), (gap, gap_sd)) in SURVEY.items():
        extra = np.where(ambulance, 15.0, 0.0) if indicator == 5 else 0.0
        trusts[f"white{indicator}"] = white + extra + rng.normal(0.0, white_sd, len(regions))
        trusts[f"gap{indicator}"] = gap + rng.normal(0.0, gap_sd, len(regions))
    return trusts


def _year_rows(trust: pd.Series, year: str, step: int, rng: np.random.Generator) -> list[dict]:
    """One trust's published figures for one year (counts where NHS England gives them)."""
    head = {c: trust[c] for c in ("org_code", "org_name", "region", "trust_type")}
    rows = []

    def add(indicator: int, measure: str, group: str, value: float, k=None, n=None) -> None:
        rows.append(
            {**head, "year": year, "indicator": indicator, "measure": measure, "group": group}
            | {"value": value, "numerator": k, "denominator": n}
        )

    staff = int(trust["staff"] * 1.012**step)
    share = min(trust["bme_share"] + 0.8 * step + rng.normal(0.0, 0.4), 90.0) / 100
    bme = int(round(staff * share))
    add(1, "overall", "BME", 100 * bme / staff, bme, staff)
    for indicator, (group, _, _, wobble) in RATIOS.items():
        add(
            indicator,
            "all",
            group,
            float(np.exp(trust[f"ratio{indicator}"] + rng.normal(0, wobble))),
        )
    respondents = staff * rng.uniform(0.35, 0.55)
    for indicator in SURVEY:
        white_rate = np.clip(trust[f"white{indicator}"] + rng.normal(0.0, 1.0), 1.0, 95.0)
        bme_rate = np.clip(white_rate + trust[f"gap{indicator}"] + rng.normal(0.0, 1.5), 1.0, 95.0)
        for group, rate, weight in (("White", white_rate, 1 - share), ("BME", bme_rate, share)):
            n = max(int(round(respondents * weight)), 1)
            k = int(round(n * rate / 100))
            add(indicator, "all", group, 100 * k / n, k, n)
    seats = int(trust["board_size"])
    board_bme = rng.binomial(seats, min(share * trust["board_factor"], 1.0))
    add(9, "all", "BME", 100 * (board_bme / seats - bme / staff))
    return rows


def synthetic_comparators(seed: int = DEMO_SEED, trusts: int = OTHER_TRUSTS) -> pd.DataFrame:
    """The other trusts' figures for the comparator years, typed as the loader types them."""
    rng = random_stream(seed, "comparators")
    table = _trusts(rng).head(trusts)
    rows = [
        row
        for step, year in enumerate(COMPARATOR_YEARS)
        for _, trust in table.iterrows()
        for row in _year_rows(trust, year, step, rng)
    ]
    return typed_comparators(pd.DataFrame(rows, columns=list(COMPARATOR_COLUMNS)))


def demo_comparators(own: pd.DataFrame, seed: int = DEMO_SEED) -> pd.DataFrame:
    """The demo trust's own rows for the comparator years, then every other trust's."""
    own = own[own["year"].isin(COMPARATOR_YEARS)]
    return pd.concat([own, synthetic_comparators(seed)], ignore_index=True)
