"""One report's data: its year and the earlier years of its trend window, counted and measured.

Earlier years are found beside the report year's params file; each is loaded and counted from
its extracts, and aggregate counts supplied in the params (earlier years' published figures,
Staff Survey results) are merged in, so a year without staff-level records is still a full year.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wres_lib.errors import InputError
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import (
    DEFAULTS_FILE,
    SOURCE_NAMES,
    Params,
    find_params,
    load_params,
    year_start,
)
from wres_lib.measure.computed_once import computed_once, input_key
from wres_lib.measure.counts import counts_from_records, merge_counts, read_counts
from wres_lib.measure.headcounts import RECORDS, shared_headcount_problems
from wres_lib.measure.metrics import compute_metrics


@dataclass
class ReportData:
    """Everything a report is drawn from: one year's params and its trend window."""

    params: Params
    years: list[str]
    counts: pd.DataFrame
    metrics: pd.DataFrame
    input_files: list[Path]
    data_notes: dict[str, dict[str, str]] = field(default_factory=dict)
    # reason -> number of records the counting rules left out, per year (for the notes)
    excluded: dict[str, dict[str, int]] = field(default_factory=dict)
    # The Model Employer trajectory's start: (year, senior-band % BME, whether the params fix it).
    model_employer_baseline: tuple[str, float | None, bool] = ("", None, False)

    @property
    def year(self) -> str:
        return self.params.year

    @property
    def previous_year(self) -> str | None:
        index = self.years.index(self.year)
        return self.years[index - 1] if index > 0 else None

    def model_employer_trajectory(self) -> pd.DataFrame:
        """The senior-band figures against the trajectory from the params' baseline; a
        ValueError says why there is none (no one of known ethnicity at the senior bands in
        the baseline year)."""
        from wres_lib.measure.model_employer import trajectory

        me = self.params.model_employer
        year, share, fixed = self.model_employer_baseline
        frame = trajectory(
            self.counts,
            baseline_year=year,
            target_year=me.target_year,
            target_percent=me.target_percent,
            senior_from_band=me.senior_from_band,
            baseline_percent=share,
        )
        frame.attrs["baseline_fixed"] = fixed
        return frame


def trend_window(params: Params) -> dict[str, Params]:
    """Params for the report year and up to ``trend_years - 1`` earlier years of the same org.

    Earlier years are found beside the report year's params file.
    """
    params_dir = Path(params.source_file).parent
    found = {}
    for year, path in find_params(params_dir).items():
        if year_start(year) > year_start(params.year):
            continue
        other = (
            params
            if Path(path).resolve() == Path(params.source_file).resolve()
            else load_params(path, params.project_root)
        )
        if other.org == params.org:
            found[year] = other
    found[params.year] = params
    years = sorted(found, key=year_start)[-params.method.trend_years :]
    return {year: found[year] for year in years}


def year_inputs(year_params: Params) -> list[Path]:
    """The files one year's own figures are read from: its params, the defaults beside them,
    its extracts and its supplied counts."""
    params_file = Path(year_params.source_file)
    inputs = [p for p in (params_file, params_file.parent / DEFAULTS_FILE) if p.is_file()]
    for name in SOURCE_NAMES:
        source = year_params.source_path(name)
        if source is not None:
            inputs.append(year_params.resolve_in_data(source.path, f"sources.{name}.path"))
    inputs += [
        year_params.resolve_in_data(relative, "published_counts")
        for relative in year_params.published_counts
    ]
    return inputs


def report_inputs(params: Params, window: dict[str, Params] | None = None) -> list[Path]:
    """Every file one year's report reads: each trend year's params, defaults, extracts and
    supplied counts, the action plans and the comparator file (for the manifest's hashes and
    ``wres batch``'s resume stamps; the one list of them). ``window`` is
    :func:`trend_window`'s result when the caller has it already."""
    inputs: list[Path] = []
    for year_params in (window or trend_window(params)).values():
        inputs += year_inputs(year_params)
    for key, relative in params.action_plans:
        if relative is not None:
            inputs.append(params.resolve_in_project(relative, f"action_plans.{key}"))
    if params.benchmarking.comparators is not None:  # read by the benchmarking section
        comparators = params.benchmarking.comparators
        inputs.append(params.resolve_in_project(comparators, "benchmarking.comparators"))
    return sorted({path.resolve() for path in inputs})


def gather(params: Params, cache_dir: Path | None = None) -> ReportData:
    """Load every year in the window, count, merge supplied aggregates and compute metrics.

    With ``cache_dir`` (one ``wres report`` run's folder, see :mod:`computed_once`) the window
    and each year's counts are computed once per run and shared by its processes: the internal
    and public kernels, and every window a year belongs to.
    """
    window = trend_window(params)
    inputs = report_inputs(params, window)
    key = input_key("report-data", inputs, str(Path(params.source_file).resolve()))
    return computed_once(cache_dir, key, lambda: _gather(params, window, inputs, cache_dir))


def _gather(
    params: Params, window: dict[str, Params], inputs: list[Path], cache_dir: Path | None
) -> ReportData:
    frames, labels, notes, excluded = [], [], {}, {}
    for year, year_params in window.items():
        year_frames, year_labels = _year_sources(year_params, cache_dir)
        notes[year] = dict(year_frames[0].attrs.get("notes", {}))
        excluded[year] = dict(year_frames[0].attrs.get("excluded", {}))
        frames += year_frames
        labels += year_labels
    counts = _merged(frames, labels)
    metrics = compute_metrics(
        counts, parity_band=params.method.parity_band, level=params.method.confidence_level
    )
    years = sorted(set(counts["year"]), key=year_start)
    baseline = model_employer_baseline(params, counts, cache_dir)
    return ReportData(params, years, counts, metrics, inputs, notes, excluded, baseline)


def model_employer_baseline(
    params: Params, counts: pd.DataFrame, cache_dir: Path | None = None
) -> tuple[str, float | None, bool]:
    """Where the Model Employer trajectory starts: the params' baseline year (else the
    earliest year with params), its share (else that year's published share, from the
    window's counts or that year's own; None where no one is in senior bands), and whether the
    params fix it (a share the trust published in its plan, printed in every report).

    A fixed share is a published figure about that year's staff, so it must be that year's
    share where the data say it (to its decimals): bad input otherwise, naming the params line.
    """
    from wres_lib.measure.model_employer import baseline_share

    me = params.model_employer
    found = dict(find_params(Path(params.source_file).parent, params.org))
    year = me.baseline_year or min([params.year, *found], key=year_start)
    if year not in set(counts["year"]) and year in found:
        # Outside the trend window: that year's own counts, its supplied ones too (a year
        # given as aggregate counts has no records to count).
        other = load_params(found[year], params.project_root)
        counts = _merged(*_year_sources(other, cache_dir))
    try:
        share = baseline_share(counts, year, me.senior_from_band)
    except ValueError:
        share = None
    if me.baseline_percent is None:
        return year, share, False
    if share is not None:
        exact = baseline_share(counts, year, me.senior_from_band, places=None)
        if abs(exact - me.baseline_percent) > 0.5 * 10.0 ** -_decimals(me.baseline_percent):
            raise InputError.single(
                params.source_file,
                None,
                "model_employer.baseline_percent",
                me.baseline_percent,
                f"the {year} share at {me.senior_from_band} and above the report publishes "
                f"({share}%), or no baseline_percent (the report then uses that share)",
            )
    return year, me.baseline_percent, True


def _decimals(number: float) -> int:
    text = repr(float(number))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _year_sources(
    year_params: Params, cache_dir: Path | None
) -> tuple[list[pd.DataFrame], list[str]]:
    """One year's counts as merged, with their sources' labels: the counts of its extracts
    (first: they carry the year's notes), then each counts file its params supply."""
    frames = [year_counts(year_params, cache_dir)]
    labels = [f"{RECORDS}{year_params.year}"]
    for relative in year_params.published_counts:
        path = year_params.resolve_in_data(relative, "published_counts")
        frames.append(read_counts(path))
        labels.append(str(path))
    return frames, labels


def _merged(frames: list[pd.DataFrame], labels: list[str]) -> pd.DataFrame:
    """Counts merged from their sources; a supplied figure greater than the headcount the
    report prints it against is bad input naming its file and row (:mod:`headcounts`)."""
    counts = merge_counts(*frames, sources=labels)
    problems = shared_headcount_problems(counts, frames, labels)
    if problems:
        raise InputError(problems)
    return counts


def year_counts(year_params: Params, cache_dir: Path | None = None) -> pd.DataFrame:
    """One year's extracts loaded and counted: once per process (a report reads its earlier
    years again for their own reports, reconstructed for disclosure control), and once per run
    when given the run's folder."""
    key = input_key("year-counts", year_inputs(year_params), str(year_params.source_file))
    if key not in _YEAR_COUNTS:
        _YEAR_COUNTS[key] = computed_once(
            cache_dir, key, lambda: counts_from_records(year_params, load_year(year_params))
        )
    counts = _YEAR_COUNTS[key]
    fresh = counts.copy()
    fresh.attrs = copy.deepcopy(counts.attrs)  # the caller's to change
    return fresh


# Each year's counts by its inputs (paths, sizes, modification times) and params file.
_YEAR_COUNTS: dict[str, pd.DataFrame] = {}
