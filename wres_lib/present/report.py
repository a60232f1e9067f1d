"""The WRES report, section by section, assembled from counts and metrics.

Notebooks call :func:`build_report` and display its sections; nothing here calculates an
indicator (that is :mod:`wres_lib.measure`) or decides what may be published (that is
:mod:`wres_lib.protect`). Every figure shown comes from the same metrics frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from wres_lib.inputs.params import load_params
from wres_lib.measure.window import gather
from wres_lib.present import render, sections
from wres_lib.present.chart_cache import use_chart_cache
from wres_lib.present.context import ReportContext
from wres_lib.present.indicator_sections import indicator_section
from wres_lib.present.model_employer_section import model_employer_section
from wres_lib.present.plan_section import action_plan_changes_section, action_plan_section
from wres_lib.protect.publications import default_published_before


class Report(ReportContext):
    """One organisation's WRES report for one year, in internal or public mode.

    In public mode every table, sentence and chart is drawn from the protected figures: counts
    hidden by disclosure control read as ``R`` and metrics built on them are absent. Each
    method returns one section, in the order the notebook shows them.
    """

    def front_sheet(self) -> render.Block:
        return sections.front_sheet(self)

    def summary(self) -> render.Block:
        """One statement per indicator, then the points the Board should take away."""
        return sections.summary(self)

    def about(self) -> render.Block:
        return sections.about(self)

    def benchmarking(self) -> render.Block:
        return sections.benchmarking(self)

    def indicator(self, number: int) -> render.Block:
        """One indicator: what it measures, where the data come from, words, tables, charts."""
        return indicator_section(self, number)

    def model_employer(self) -> render.Block:
        return model_employer_section(self)

    def action_plan(self) -> render.Block:
        return action_plan_section(self)

    def method_notes(self) -> render.Block:
        return sections.method_notes(self)

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

    ``published_before`` are the organisation's earlier public folders, which disclosure
    control takes as known to every reader; ``None`` finds them in the default outputs folder
    (``outputs/<org>/<year>/public`` beside the project), as ``wres report`` writes them.
    ``cache_dir`` is set by ``wres report`` only: its run's folder, where the internal and
    public kernels (and the years of ``--all-years``) share what each would otherwise compute
    again. Without it everything is computed here.
    """
    params = load_params(params_file)
    if not params.data_path.is_dir():  # only then is there a demo to check or generate
        from wres_lib.demo.trust import ensure_demo_data  # the simulation: not on the usual path

        ensure_demo_data(params)
    if published_before is None:
        published_before = default_published_before(params)
    cache = Path(cache_dir) if cache_dir else None
    if cache is not None:  # charts too: each distinct one drawn once per run
        use_chart_cache(cache / "charts")
    return Report(gather(params, cache), mode, [Path(p) for p in published_before])
