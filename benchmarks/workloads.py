"""The workloads ``bench_ratios.py`` times, each run as a fresh process (A sides and references).

python benchmarks/workloads.py floor FOLDER              one-cell notebook: papermill + HTML
python benchmarks/workloads.py national DATA ORGS OUT    load + count + metrics, every org
python benchmarks/workloads.py bare DATA ORGS            pandas read + group-by, same files
python benchmarks/workloads.py reference COUNTS OUT      vectorised metrics of a counts CSV
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def floor(folder: str) -> None:
    """The floor of any notebook report: import papermill and nbconvert, run one cell, convert."""
    from bench_publish import papermill_plus_nbconvert

    Path(folder).mkdir(parents=True, exist_ok=True)
    papermill_plus_nbconvert(Path(folder))


def national(data: str, orgs: str, out: str) -> None:
    """What the suite does with a national collection: every org loaded, counted, measured."""
    from wres_lib.demo.national import national_params, org_name
    from wres_lib.inputs.loaders import load_year
    from wres_lib.inputs.params import load_params
    from wres_lib.measure.counts import counts_from_records, merge_counts
    from wres_lib.measure.metrics import compute_metrics, write_metrics

    template = load_params(ROOT / "params" / "2022-23.yaml")
    frames = []
    for number in range(int(orgs)):
        params = national_params(template, Path(data) / org_name(number) / template.year)
        frames.append(counts_from_records(params, load_year(params)))
    counts = merge_counts(*frames, sources=[f"org {i}" for i in range(len(frames))])
    write_metrics(compute_metrics(counts), out)


def bare(data: str, orgs: str) -> None:
    """The reference: each extract read by pandas and grouped by the columns the counts use."""
    import pandas as pd

    from wres_lib.demo.national import LATEST_YEAR, org_name

    keys = {
        "staff_record": ["assignment_category", "ethnic_origin", "pay_band", "staff_group"],
        "recruitment": ["ethnic_origin", "appointed", "offer_declined"],
        "disciplinary": ["ethnic_origin", "assignment_category"],
        "training": ["staff_id"],
        "staff_survey": ["staff_type", "question", "group"],
        "board": ["ethnic_origin", "voting", "executive"],
    }
    sizes = []
    for number in range(int(orgs)):
        folder = Path(data) / org_name(number) / LATEST_YEAR
        for name, columns in keys.items():
            frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
            sizes.append(frame.groupby(columns).size())
    assert sum(int(s.sum()) for s in sizes) > 0


def reference(counts_file: str, out: str) -> None:
    """``wres compute`` done with whole columns: percents with Wilson, ratios with Katz and
    the exact test (the same vectorised ``fisher_exact_p_many``), shortfalls, one CSV."""
    import numpy as np
    import pandas as pd

    from wres_lib.measure.statistics import fisher_exact_p_many

    np.seterr(all="ignore")  # undefined values are NaN, as in the metrics contract
    c = pd.read_csv(counts_file, dtype={"org": str, "year": str, "measure": str, "group": str})
    z = 1.959963984540054
    k, n = c["numerator"].to_numpy(float), c["denominator"].to_numpy(float)
    p = k / n
    z2n = z * z / n
    centre = (p + z2n / 2) / (1 + z2n)
    half = z * np.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n)
    percent = c[["org", "year", "indicator", "measure", "group"]].assign(
        statistic="percent",
        value=100 * p,
        ci_low=100 * np.where(k == 0, 0, np.maximum(0, centre - half)),
        ci_high=100 * np.where(k == n, 1, np.minimum(1, centre + half)),
    )
    head = ["org", "year", "indicator", "measure"]
    wide = c[c["indicator"].isin([2, 3, 4])].pivot_table(
        index=head, columns="group", values=["numerator", "denominator"], aggfunc="sum"
    )
    parts = [percent]
    for top, bottom in [("White", g) for g in ("BME", "Asian", "Black", "Mixed", "Other")]:
        both = wide[[("numerator", top), ("denominator", top)]].join(
            wide[[("numerator", bottom), ("denominator", bottom)]]
        )
        both = both.dropna()
        both = both[(both.iloc[:, 1] > 0) & (both.iloc[:, 3] > 0)]
        a, n1, cc, n2 = (both.iloc[:, i].to_numpy(np.int64) for i in range(4))
        ratio = (a / n1) / (cc / n2)
        se = np.sqrt(1 / a - 1 / n1 + 1 / cc - 1 / n2)
        fisher = fisher_exact_p_many(a, n1, cc, n2)
        frame = both.index.to_frame(index=False).assign(group=f"{top}/{bottom}")
        for statistic, value, low, high in (
            ("relative_likelihood", ratio, ratio * np.exp(-z * se), ratio * np.exp(z * se)),
            ("fisher_p", fisher, np.nan, np.nan),
            ("outside_parity_band", ((ratio < 0.8) | (ratio > 1.25)) * 1.0, np.nan, np.nan),
            ("shortfall", np.maximum(0, np.ceil(a / n1 * n2 - cc)), np.nan, np.nan),
        ):
            parts.append(frame.assign(statistic=statistic, value=value, ci_low=low, ci_high=high))
    metrics = pd.concat(parts, ignore_index=True).assign(note="")
    metrics.sort_values(["org", "year", "indicator", "measure", "statistic", "group"]).to_csv(
        out, index=False
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    command, *args = sys.argv[1:]
    {"floor": floor, "national": national, "bare": bare, "reference": reference}[command](*args)
