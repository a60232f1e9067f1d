"""Publishing: run the report notebook with papermill, convert it with nbconvert, and move the
result into ``outputs/<org>/<year>/`` only when every step has succeeded.

Why one process: each command-line call of papermill or nbconvert pays about two seconds of
imports and a kernel start, so every year (or organisation) is driven from here. Why a staging
folder: a failed run must write nothing and leave earlier outputs as they were. Why two
notebook runs: the public report is built by the report in ``public`` mode (redacted tables,
audit passed), not by hiding parts of the internal one.

Layout written for each year::

    outputs/<org>/<year>/
        internal/   everything unredacted: wres_report.ipynb, wres_report.public.ipynb,
                    wres_report.html, metrics.csv (this year's), wres_collection.csv,
                    inputs.internal.json, inputs.public.json (files each run read)
        public/     redacted: wres_report.html, wres_report.pdf, tables/<name>.csv, ...
        manifest.json

Nothing else sits at the year's top level, so whatever is not under ``public/`` is internal.
``internal/metrics.csv`` and ``public/tables/`` are written by the notebook's last cell
(:func:`export_report`, given ``export_dir``), so they hold the figures the HTML shows.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from wres_lib.inputs.params import Params, load_params, year_start
from wres_lib.present.style import short_year
from wres_lib.protect.publications import earlier_public_folders, history_plan
from wres_lib.publish.contents import add_contents
from wres_lib.publish.exports import (
    METRICS_NAME,
    exported_inputs,
    write_metrics_csv,
    write_public_tables,
)
from wres_lib.publish.manifest import build_manifest, collect_input_files
from wres_lib.publish.notebooks import REPORT_NAME, export_html, run_both_modes, stage_timer
from wres_lib.publish.self_contained import NotSelfContained, self_contained_problems
from wres_lib.publish.staging import StagedYear, commit, discard, fresh_folder

if TYPE_CHECKING:
    import pandas as pd
    from nbformat import NotebookNode

Progress = Callable[[str], None]


@dataclass
class Computed:
    """What the publishing process computes itself, outside the notebook kernels."""

    metrics: pd.DataFrame | None = None
    public_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    input_files: list[Path] = field(default_factory=list)


ComputeFn = Callable[[Params], Computed]


def publish(
    params_files: Sequence[Path],
    outputs_dir: Path,
    *,
    notebook: Path,
    compute: ComputeFn | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
    cache_dir: Path | None = None,
) -> list[Path]:
    """Build every year in staging, then move them all into place; return the public HTMLs.

    If any year fails, every staging folder is removed and no earlier output is touched.
    ``parallel`` runs a year's internal and public notebooks at once (default: when this
    machine has two or more CPUs). ``cache_dir``: the caller's folder for the run's shared
    work (see :mod:`wres_lib.measure.computed_once`), fresh for this run (nothing in it is
    checked against the code that wrote it); by default a private one, removed when the run
    ends, so the next run starts cold.
    """
    say = progress or _stderr
    staged: list[StagedYear] = []
    own = tempfile.TemporaryDirectory(prefix="wres-run-") if cache_dir is None else nullcontext()
    with own as own_cache:
        run_cache = cache_dir or own_cache
        try:
            for params_file in params_files:
                staged.append(
                    build_year(
                        params_file,
                        outputs_dir,
                        notebook=notebook,
                        compute=compute,
                        progress=say,
                        parallel=parallel,
                        earlier=staged,
                        cache_dir=Path(run_cache),
                    )
                )
        except BaseException:
            for year in staged:
                discard(year)
            raise
    for year in staged:
        commit(year)
    return [year.public_html for year in staged]


# --------------------------------------------------------------------------------------------
# One year


def build_year(
    params_file: Path,
    outputs_dir: Path,
    *,
    notebook: Path,
    compute: ComputeFn | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
    earlier: Sequence[StagedYear] = (),
    cache_dir: Path | None = None,
) -> StagedYear:
    """Build one year in full in ``outputs/<org>/.staging-<year>-*``; nothing final is touched.

    ``earlier`` are years already built in this run: their public folders, with the earlier
    years already in ``outputs_dir``, are the publication history disclosure control audits
    this year's report against. ``cache_dir`` is the run's folder for work the notebooks
    share (both modes, and every year of the run); ``None``: each kernel computes its own.
    """
    say = progress or _stderr
    params_file = Path(params_file).resolve()
    params = load_params(params_file)
    if not params.data_path.is_dir():  # only then is there a demo to check or generate
        from wres_lib.demo.trust import ensure_demo_data  # pandas: not on the usual path

        ensure_demo_data(params, say)
    org_dir = Path(outputs_dir) / params.org
    org_dir.mkdir(parents=True, exist_ok=True)
    staging = fresh_folder(org_dir, f".staging-{params.year}-")
    staging.mkdir()
    staged = StagedYear(params=params, staging=staging, final=org_dir / params.year)
    label = f"{params.org} {params.year}"
    timings: dict[str, float] = {}
    started = time.perf_counter()
    try:
        internal = staging / "internal"
        public = staging / "public"
        internal.mkdir()
        public.mkdir()

        # Earlier public reports: disclosure control audits this one together with them.
        history = published_before(outputs_dir, params, earlier)
        computed = Computed()
        if compute is not None:
            with stage_timer(timings, "compute"):
                say(f"{label}: computing")
                computed = compute(params)

        title = (
            f"{params.org_name}: Workforce Race Equality Standard report {short_year(params.year)}"
        )

        def publish_html(mode: str, nb: NotebookNode) -> None:
            """Each mode's HTML as soon as its notebook is done; the public one then its PDF."""
            if mode == "internal":
                with stage_timer(timings, "html_internal"):
                    say(f"{label}: writing the internal HTML")
                    html = add_contents(export_html(nb, title=title, public=False))
                    (internal / f"{REPORT_NAME}.html").write_text(html, encoding="utf-8")
                return
            with stage_timer(timings, "html_public"):
                say(f"{label}: writing the public HTML")
                html = add_contents(export_html(nb, title=title, public=True))
                problems = self_contained_problems(html)
                if problems:
                    raise NotSelfContained(
                        f"{notebook.name} ({params.year}): the public HTML is not "
                        "self-contained: " + "; ".join(problems[:5])
                    )
                (public / f"{REPORT_NAME}.html").write_text(html, encoding="utf-8")
            with stage_timer(timings, "pdf"):
                say(f"{label}: printing the PDF")
                write_pdf(public / f"{REPORT_NAME}.html", say, params)

        # "notebooks" spans both runs and what follows each (its HTML; the public PDF), which
        # overlap: the stages inside it are timed separately and do not add up to it.
        with stage_timer(timings, "notebooks"):
            run_both_modes(
                notebook,
                internal,
                {
                    "params_file": str(params_file),
                    "export_dir": str(staging),
                    "published_dirs": list(history.values()),
                    "cache_dir": str(cache_dir) if cache_dir is not None else "",
                },
                timings,
                lambda mode: say(f"{label}: running {notebook.name} ({mode})"),
                parallel=parallel,
                then=publish_html,
            )
        with stage_timer(timings, "tables"):
            if computed.metrics is not None:
                write_metrics_csv(computed.metrics, internal / METRICS_NAME)
            write_public_tables(computed.public_tables, public / "tables")

        timings["total"] = time.perf_counter() - started
        manifest = build_manifest(
            params,
            notebook=notebook,
            input_files=collect_input_files(
                params, [*computed.input_files, *exported_inputs(internal)]
            ),
            outputs=staging,
            timings=timings,
        )
        # The earlier public reports the disclosure audit took in, and where each came from
        # (built by this suite, reconstructed from that year's params, or supplied by the trust).
        plan = history_plan(params, {year: Path(folder) for year, folder in history.items()})
        manifest["published_before"] = list(plan)
        manifest["history"] = plan
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8"
        )
    except BaseException:
        discard(staged)
        raise
    say(f"{label}: built in {timings['total']:.1f} s")
    return staged


def published_before(
    outputs_dir: Path, params: Params, earlier: Sequence[StagedYear]
) -> dict[str, str]:
    """The organisation's public folders for years before ``params.year``, by year, oldest
    first: those built earlier in this run (still in staging) over those in ``outputs_dir``."""
    on_disk = earlier_public_folders(outputs_dir, params.org, params.year)
    folders = {folder.parent.name: folder for folder in on_disk}
    for built in earlier:
        same_org = built.params.org == params.org
        if same_org and year_start(built.params.year) < year_start(params.year):
            folders[built.params.year] = built.staging / "public"
    return {year: str(folders[year]) for year in sorted(folders, key=year_start)}


def write_pdf(html: Path, say: Progress, params: Params) -> Path | None:
    """The public report as an A4 PDF for Board packs, printed by headless Chromium beside
    ``html`` (same name, ``.pdf``).

    The PDF is dated the report's date (``report_date``, else ``snapshot_date``), not the
    clock's, so building the same report again gives the same bytes. Without a Chromium the
    report is still published (HTML and tables) and the reason is said: the PDF is a
    convenience copy, not the record.
    """
    from wres_lib.publish.browser import BrowserError, find_browser, print_pdf

    pdf = html.with_suffix(".pdf")
    if find_browser() is None:
        say(f"no PDF: Chromium is not installed (install the chromium package for {pdf.name})")
        return None
    try:
        return print_pdf(html, pdf, dated=params.report_date or params.snapshot_date)
    except BrowserError as exc:
        say(f"no PDF: {exc}")
        return None


def _stderr(message: str) -> None:
    """One write per line, so the two notebook threads' messages never interleave."""
    sys.stderr.write(f"wres report: {message}\n")
    sys.stderr.flush()
