"""The WRES report, section by section, assembled from counts and metrics.

Notebooks call :func:`build_report` and display its sections; nothing here calculates an
indicator (that is :mod:`wres_lib.measure`) or decides what may be published (that is
:mod:`wres_lib.protect`). Every figure shown comes from the same metrics frame.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from wres_lib.inputs.params import load_params
from wres_lib.measure.window import gather
from wres_lib.present import render, sections
from wres_lib.present.chart_cache import use_chart_cache
from wres_lib.present.context import ReportContext
from wres_lib.present.indicator_sections import indicator_section
from wres_lib.present.model_employer_section import model_employer_section
from wres_lib.present.plan_section import action_plan_changes_section, action_plan_section
from wres_lib.present.publication_history import publication_history


def _section(method: Callable[..., render.Block]) -> Callable[..., render.Block]:
    """A section drawn with the report's run folder as the chart cache, when it has one: the
    setting lasts as long as the section, so it never outlives the report or reaches another
    built in the same process."""

    @functools.wraps(method)
    def section(self: Report, *args: int) -> render.Block:
        if self.chart_cache is None:
            return method(self, *args)
        with use_chart_cache(self.chart_cache):
            return method(self, *args)

    return section


class Report(ReportContext):
    """One organisation's WRES report for one year, in internal or public mode.

    In public mode every table, sentence and chart is drawn from the protected figures: counts
    hidden by disclosure control read as ``R`` and metrics built on them are absent. Each
    method returns one section, in the order the notebook shows them.
    """

    # The run's chart folder (see build_report's cache_dir); None: charts drawn here.
    chart_cache: Path | None = None

    @_section
    def front_sheet(self) -> render.Block:
        return sections.front_sheet(self)

    @_section
    def summary(self) -> render.Block:
        """One statement per indicator, then the points the Board should take away."""
        return sections.summary(self)

    @_section
    def about(self) -> render.Block:
        return sections.about(self)

    @_section
    def benchmarking(self) -> render.Block:
        return sections.benchmarking(self)

    @_section
    def indicator(self, number: int) -> render.Block:
        """One indicator: what it measures, where the data come from, words, tables, charts."""
        return indicator_section(self, number)

    @_section
    def model_employer(self) -> render.Block:
        return model_employer_section(self)

    @_section
    def action_plan(self) -> render.Block:
        return action_plan_section(self)

    @_section
    def method_notes(self) -> render.Block:
        return sections.method_notes(self)

    @_section
    def action_plan_changes(self) -> render.Block:
        """Appendix of the public report: the plan reprinted with last year's changes marked."""
        return action_plan_changes_section(self)


def build_report(
    params_file: str | Path,
    mode: str = "internal",
    published_before: Sequence[str | Path] | None = None,
    cache_dir: str | Path | None = None,
) -> Report:
    """Load, count, measure (and in public mode, protect) one year's report.

    ``published_before`` are the organisation's earlier public folders this suite built, which
    disclosure control takes as known to every reader; ``None`` finds them in the default
    outputs folder (``outputs/<org>/<year>/public`` beside the project), as ``wres report``
    writes them. Earlier years with params but no folder are reconstructed, and the trust's
    own earlier reports (``disclosure.earlier_publications``) are read as supplied.
    ``cache_dir`` is set by ``wres report`` and ``wres batch`` only: the run's own fresh
    folder, where the internal and public kernels (and the years of ``--all-years``) share
    what each would otherwise compute again. Without it everything is computed here.
    """
    params = load_params(params_file)
    if not params.data_path.is_dir():  # only then is there a demo to check or generate
        from wres_lib.demo.trust import ensure_demo_data  # the simulation: not on the usual path

        ensure_demo_data(params)
    # A run's folder is gone once the run ends: an executed notebook run again computes all.
    cache = Path(cache_dir) if cache_dir and Path(cache_dir).is_dir() else None
    built = None if published_before is None else [Path(p) for p in published_before]
    history = publication_history(params, built) if mode == "public" else None
    report = Report(gather(params, cache), mode, history)
    if cache is not None:  # charts too: each distinct one drawn once per run
        report.chart_cache = cache / "charts"
    return report
