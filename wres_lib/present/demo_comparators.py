"""The demo's comparator file, made on demand beside its generated extracts.

Like the demo trust's extracts, the comparator set is generated, not committed. It holds the
demo trust's own figures for the lagged years, so they are computed here from its extracts
(loaded, counted and measured as every report does) and written with the synthetic trusts of
:mod:`wres_lib.demo.comparator`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from wres_lib.demo.shape import DEMO_ORG, REPOSITORY
from wres_lib.inputs.comparator import comparator_rows, write_comparators
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import Params, find_params, load_params, year_start
from wres_lib.measure.counts import counts_from_records, merge_counts
from wres_lib.measure.metrics import compute_metrics


def comparators_path(params: Params) -> Path | None:
    """The comparator file the params name (inside the project), or None."""
    relative = params.benchmarking.comparators
    if relative is None:
        return None
    return params.resolve_in_project(relative, "benchmarking.comparators")


def ensure_demo_comparators(params: Params) -> None:
    """Write the demo's comparator file if the demo params name one that does not exist yet.

    Only for ``org: demo`` params whose comparator file sits beside the demo's year folders
    (``data/demo/comparators.csv``): anything else missing is the user's to supply.
    """
    path = comparators_path(params)
    if params.org != DEMO_ORG or path is None or path.exists():
        return
    if path.parent != params.data_path.resolve().parent:
        return
    print(f"generating the demo's comparator set in {path}", file=sys.stderr)
    write_demo_comparators(params, path)


def write_demo_comparators(params: Params, path: Path) -> Path:
    """The demo trust's own figures for the comparator years, then the synthetic trusts'."""
    # The simulation is imported only here: a report whose comparator file exists never needs it.
    from wres_lib.demo.comparator import (
        COMPARATOR_YEARS,
        DEMO_REGION,
        DEMO_TRUST_TYPE,
        demo_comparators,
    )

    years = find_params(Path(params.source_file).parent, params.org)
    frames, labels = [], []
    for year in COMPARATOR_YEARS:
        if year in years:
            year_params = load_params(years[year], params.project_root)
            frames.append(counts_from_records(year_params, load_year(year_params)))
            labels.append(f"records {year}")
    counts = merge_counts(*frames, sources=labels)
    metrics = compute_metrics(
        counts, parity_band=params.method.parity_band, level=params.method.confidence_level
    )
    own = comparator_rows(
        metrics,
        params.benchmarking.org_code or params.org,
        params.org_name,
        params.benchmarking.region or DEMO_REGION,
        params.benchmarking.trust_type or DEMO_TRUST_TYPE,
        counts=counts,
    )
    return write_comparators(demo_comparators(own), path)


def refresh_demo_comparators(data_root: Path) -> Path | None:
    """After ``wres demo-data``: rewrite the comparator file if the project's demo reads it.

    The file holds the demo trust's own figures, so new extracts (another seed) need a new one.
    """
    years = find_params(REPOSITORY / "params", DEMO_ORG)
    if not years:
        return None
    params = load_params(years[max(years, key=year_start)])
    path = comparators_path(params)
    if path is None or path.parent != Path(data_root).resolve():
        return None
    return write_demo_comparators(params, path)
