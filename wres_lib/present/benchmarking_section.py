"""The benchmarking section: the trust among other trusts, nationally, in its region and type.

The comparator file is named in the params (``benchmarking.comparators``); without one the
public report has no such section and the internal one says why. The trust's own figures are
the report's (in public mode the protected ones: a figure the report hides is not compared),
and which way is "better" is the rule the report's year-on-year judgements use
(:mod:`wres_lib.present.trends`), so a standing and a trend never disagree about direction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import pandas as pd

from wres_lib.errors import InputError
from wres_lib.inputs.comparator import REGIONS, TRUST_TYPES, load_comparators
from wres_lib.inputs.params import Params, year_start
from wres_lib.measure.benchmarking import (
    HEADLINES,
    Benchmark,
    Judge,
    benchmark,
    comparison_year,
    headline_rows,
)
from wres_lib.present import render
from wres_lib.present.benchmarking_charts import benchmark_chart
from wres_lib.present.context import ReportContext
from wres_lib.present.demo_comparators import comparators_path, ensure_demo_comparators
from wres_lib.present.trends import (
    better_direction,
    is_hidden,
    judge_change,
    metric_row,
    prepare_metrics,
    row_value,
)

WORDS = "benchmarking.j2"
# Where the groups are equal, drawn as a dashed line on the charts.
EQUAL = {"relative_likelihood": 1.0, "difference_pp": 0.0}


def judge_rule(indicator: int) -> tuple[Judge, bool]:
    """The trend rule's direction for an indicator's headline figure, applied between trusts.

    Ratios are compared on the log scale, as the trend rule compares them (closer to 1.00 is
    better either side). Returns the judgement and whether the indicator has a direction.
    """
    _, group, statistic = HEADLINES[indicator]
    direction = better_direction(indicator, statistic, group, False)
    log = statistic == "relative_likelihood"

    def scale(value: float) -> float:
        if not log:
            return value
        return math.log(value) if value > 0 else -math.inf

    def judge(value: float, other: float) -> str:
        return judge_change(direction, scale(value), scale(other))

    return judge, direction != "neutral"


@dataclass(frozen=True)
class Comparison:
    """What the section shows: the comparison year, the trust's place and each standing."""

    year: str
    org_code: str
    region: str
    trust_type: str
    results: list[Benchmark]
    hidden: frozenset[int]
    comparators: pd.DataFrame


def _identity(params: Params, comparators: pd.DataFrame, org_code: str) -> tuple[str, str]:
    """Region and trust type: from the params, else from the trust's own rows in the file."""
    own = comparators[comparators["org_code"] == org_code]
    found = []
    for key, choices in (("region", REGIONS), ("trust_type", TRUST_TYPES)):
        value = getattr(params.benchmarking, key)
        if value is None and not own.empty:
            value = str(own[key].iloc[-1])
        if value not in choices:
            expected = f"one of {', '.join(choices)}"
            if value is None:
                expected += f" (organisation {org_code!r} has no rows in the comparator file)"
            raise InputError.single(
                params.source_file or "params", None, f"benchmarking.{key}", value, expected
            )
        found.append(value)
    return found[0], found[1]


def load_for(params: Params) -> Comparison | None:
    """The comparator file the params name, checked, and the trust's place in it (no year
    chosen yet); None when no file is named."""
    path = comparators_path(params)
    if path is None:
        return None
    ensure_demo_comparators(params)
    comparators = load_comparators(path)
    org_code = params.benchmarking.org_code or params.org
    region, trust_type = _identity(params, comparators, org_code)
    return Comparison("", org_code, region, trust_type, [], frozenset(), comparators)


def describe_comparators(params: Params) -> str | None:
    """For ``wres validate``: load and check the comparator file and the trust's place in it."""
    loaded = load_for(params)
    if loaded is None:
        return None
    frame = loaded.comparators
    years = sorted(set(frame["year"]), key=year_start)
    return (
        f"comparators: {frame['org_code'].nunique()} organisations, {years[0]} to "
        f"{years[-1]}; {loaded.org_code} compared in {loaded.region} and among "
        f"{loaded.trust_type} trusts"
    )


def compare(report: ReportContext) -> Comparison | None:
    """The trust's standing on each indicator, or None when no comparator file is named.

    The trust's own figures are the report's (protected, in public mode): a hidden one is
    not compared, and is listed in ``hidden``."""
    loaded = load_for(report.params)
    if loaded is None:
        return None
    year = comparison_year(loaded.comparators, report.year)
    if year is None:
        return loaded
    frame = prepare_metrics(report.metrics)
    values: dict[int, float | None] = {}
    hidden = set()
    for indicator, (measure, group, statistic) in HEADLINES.items():
        row = metric_row(frame, indicator, year, measure, group, statistic)
        if row is not None and is_hidden(row):
            hidden.add(indicator)
        value = row_value(row)
        values[indicator] = None if math.isnan(value) else value
    judges = {i: judge_rule(i) for i in HEADLINES}
    results = benchmark(
        loaded.comparators, year, loaded.org_code, loaded.region, loaded.trust_type, values, judges
    )
    return replace(loaded, year=year, results=results, hidden=frozenset(hidden))


def benchmarking_section(report: ReportContext) -> render.Block:
    """The section; empty in the public report when there is nothing to compare with."""
    words = report.wording
    comparison = compare(report)
    public = report.mode == "public"
    if (comparison is None or not comparison.year) and public:
        return render.Block()
    block = report.section(words.say("notes.j2", "heading", "benchmarking"), "benchmarking")
    if comparison is None:
        return block.add(render.paragraph(words.say(WORDS, "missing"), "note"))
    if not comparison.year:
        first = min(comparison.comparators["year"])
        return block.add(render.paragraph(words.say(WORDS, "no_year", report.year, first), "note"))
    year, results = comparison.year, comparison.results
    peers = _peers(comparison)
    behind = year_start(report.year) - year_start(year)
    block.add(render.paragraph(words.say(WORDS, "intro", year, report.year, behind, peers)))
    block.add(render.paragraph(_overview(report, comparison)))
    block.add(render.bullets(_lines(report, comparison)))
    for result in results:
        if result.standings:
            block.add(_chart(report, comparison, result))
    return block


def _quarter(results: list[Benchmark], scope: str, quartile: int) -> list[int]:
    return [
        r.indicator
        for r in results
        if r.ranked and (s := r.standing(scope)) is not None and s.quartile == quartile
    ]


def _overview(report: ReportContext, comparison: Comparison) -> str:
    results = comparison.results
    return report.wording.say(
        WORDS,
        "overview",
        _quarter(results, "national", 1),
        _quarter(results, "national", 4),
        comparison.region,
        _quarter(results, "region", 1),
        _quarter(results, "region", 4),
    )


def standing_headline(report: ReportContext) -> str:
    """The summary's one line on national standing (empty when nothing is compared)."""
    comparison = compare(report)
    if comparison is None or not comparison.year or not comparison.results:
        return ""
    return report.wording.say(
        WORDS,
        "summary_line",
        comparison.year,
        _peers(comparison),
        _quarter(comparison.results, "national", 1),
        _quarter(comparison.results, "national", 4),
    )


def _peers(comparison: Comparison) -> int:
    """How many other trusts the comparison year's data hold (the trust itself not counted)."""
    frame = comparison.comparators
    others = frame.loc[frame["year"] == comparison.year, "org_code"]
    return int(others[others != comparison.org_code].nunique())


def _title(report: ReportContext, indicator: int) -> str:
    return report.wording.say("catalogue.j2", "title", indicator)


def _standings(result: Benchmark) -> list[tuple[str, str, float, int]]:
    return [(s.scope, s.name, s.percentile, s.quartile) for s in result.standings]


def _lines(report: ReportContext, comparison: Comparison) -> list[str]:
    words, lines = report.wording, []
    for result in comparison.results:
        n = result.indicator
        if not result.standings:
            lines.append(words.say(WORDS, "not_shown", n, n in comparison.hidden))
            continue
        national = result.standing("national")
        lines.append(
            words.say(
                WORDS,
                "indicator_line",
                n,
                result.value,
                HEADLINES[n][2],
                result.ranked,
                _standings(result),
                national.median if national else math.nan,
            )
        )
    return lines


def _chart(report: ReportContext, comparison: Comparison, result: Benchmark):
    words, n = report.wording, result.indicator
    rows = headline_rows(comparison.comparators, comparison.year, n)
    rows = rows[rows["org_code"] != comparison.org_code]
    peers = {
        "national": rows["value"].tolist(),
        "region": rows.loc[rows["region"] == comparison.region, "value"].tolist(),
        "type": rows.loc[rows["trust_type"] == comparison.trust_type, "value"].tolist(),
    }
    labels = {s.scope: words.say(WORDS, "row_label", s.scope, s.name) for s in result.standings}
    labels |= {
        "self": words.say(WORDS, "this_trust"),
        "other": words.say(WORDS, "other_trusts"),
        "median": words.say(WORDS, "median_label"),
    }
    national = result.standing("national")
    alt = words.say(
        WORDS,
        "chart_alt",
        n,
        result.value,
        HEADLINES[n][2],
        result.ranked,
        _standings(result),
        national.median if national else math.nan,
        len(rows),
        comparison.year,
    )
    return benchmark_chart(
        result,
        peers,
        labels,
        words.say(WORDS, "chart_title", n, _title(report, n), comparison.year),
        words.say(WORDS, "chart_axis", n),
        alt,
        EQUAL.get(HEADLINES[n][2]),
    )
