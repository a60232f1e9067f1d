"""``wres batch``: many organisations' reports, built by a pool of worker processes.

Each organisation and year is one job, run in a worker process (default: one per core), so a
region's or the nation's trusts are built in the time of ``jobs / workers`` reports. A job that
fails (bad extract, blocked disclosure audit, anything) fails alone: its earlier outputs stay
as they were, the others go on, and every failure is listed at the end with its message (exit
status 1). A progress bar (tqdm, on stderr) shows jobs done, skipped and failed and the time
left.

Resumable: after a good build the job writes a stamp, ``outputs/<org>/.batch-<year>.json``,
holding the product built and the SHA-256 of every input file (params, defaults, extracts,
supplied counts, action plans, wording templates) and of the code (every file of ``wres_lib``,
the report notebook, the installed versions of the packages the report runs on). A job whose
stamp matches and whose outputs are still there is skipped; a failed job leaves no stamp.

Products: ``report`` (the default) is exactly ``wres report`` for the year (both notebooks,
HTML, PDF, tables, manifest); ``metrics`` is the cheap product, the year's counts and metrics
(``internal/metrics.csv``), for a quick national run and for the tests. Either way each job
also writes ``internal/comparator.csv`` (the organisation's figures in the comparator
contract's shape) when the list gives its region and trust type; ``--comparators FILE``
gathers them into one comparator CSV of every organisation built or skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from wres_lib.errors import InputError, PublishingBlocked
from wres_lib.inputs.comparator import comparator_rows, typed_comparators, write_comparators
from wres_lib.inputs.organisations import Listed, org_list, require_comparator_fields
from wres_lib.inputs.params import SOURCE_NAMES, Params, check_year, load_params, year_start
from wres_lib.inputs.tabular import read_table, write_atomically
from wres_lib.publish.workers import worker_context

if TYPE_CHECKING:
    import argparse


COMPARATOR_NAME = "comparator.csv"
STAMP_VERSION = 1
_PACKAGE = Path(__file__).resolve().parents[1]  # wres_lib/
_CODE_SUFFIXES = {".py", ".j2", ".csv", ".html", ".css", ".tpl", ".json", ".yaml"}


@dataclass(frozen=True)
class Job:
    """One organisation and year to build, and what its comparator rows need."""

    org: str
    year: str
    params_file: Path
    org_name: str = ""
    region: str = ""
    trust_type: str = ""


@dataclass(frozen=True)
class Outcome:
    """What became of one job: ``built``, ``skipped`` (unchanged) or ``failed`` (why)."""

    org: str
    year: str
    status: str
    message: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Settings:
    """What every job of one batch shares (sent to each worker)."""

    outputs: Path
    product: str
    notebook: Path | None
    code_hash: str


@dataclass
class BatchResult:
    outcomes: list[Outcome]
    seconds: float

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


# --------------------------------------------------------------------------------------------
# Which jobs


def plan_jobs(
    listed: Iterable[Listed], year: str | None, all_years: bool
) -> tuple[list[Job], list[Outcome]]:
    """One job per organisation and year asked for; an organisation without that year's
    params is a failed outcome (listed at the end), not a reason to stop the others."""
    jobs: list[Job] = []
    missing: list[Outcome] = []
    for org in listed:
        years = org.year_files()
        if not years:
            missing.append(Outcome(org.org_code, year or "-", "failed", _no_params(org)))
            continue
        if all_years:
            wanted = sorted(years)
        elif year is not None:
            if year not in years:
                message = f"no params file for {year} in {org.params_dir} (has {', '.join(years)})"
                missing.append(Outcome(org.org_code, year, "failed", message))
                continue
            wanted = [year]
        else:
            wanted = [max(years)]
        for each in wanted:
            jobs.append(
                Job(org.org_code, each, years[each], org.org_name, org.region, org.trust_type)
            )
    return jobs, missing


def _no_params(org: Listed) -> str:
    return f"no params files for organisation {org.org_code!r} in {org.params_dir}"


# --------------------------------------------------------------------------------------------
# Stamps


def code_hash(notebook: Path | None) -> str:
    """The code's version: every file of ``wres_lib``, the notebook and the package versions."""
    from wres_lib.publish.manifest import package_versions

    digest = hashlib.sha256()
    files = sorted(
        p
        for p in _PACKAGE.rglob("*")
        if p.is_file() and p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts
    )
    if notebook is not None:
        files.append(notebook)
    for path in files:
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(json.dumps(package_versions(), sort_keys=True).encode())
    return digest.hexdigest()


def input_files(params: Params, outputs: Path) -> list[Path]:
    """Every file a year's build reads (:func:`~wres_lib.measure.window.report_inputs`), the
    trust's own wording templates, and the earlier years' public tables in ``outputs``, which
    disclosure control audits this year's report against."""
    from wres_lib.measure.window import report_inputs
    from wres_lib.protect.publications import earlier_public_folders

    found = list(report_inputs(params))
    templates = Path(params.source_file).resolve().parent / "templates"
    if templates.is_dir():
        found += [p for p in templates.rglob("*") if p.is_file()]
    for folder in earlier_public_folders(outputs, params.org, params.year):
        found += sorted((folder / "tables").glob("*.csv"))
    return sorted({p.resolve() for p in found if p.is_file()})


def make_stamp(job: Job, params: Params, settings: Settings) -> dict[str, object]:
    """What a good build was made from: product, inputs, code, comparator fields."""
    files = input_files(params, settings.outputs)
    inputs = {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    return {
        "version": STAMP_VERSION,
        "org": job.org,
        "year": job.year,
        "product": settings.product,
        "code": settings.code_hash,
        "inputs": inputs,
        "comparator": [job.org_name, job.region, job.trust_type],
    }


def stamp_path(outputs: Path, org: str, year: str) -> Path:
    return Path(outputs) / org / f".batch-{year}.json"


def _product_ready(outputs: Path, job: Job, product: str) -> bool:
    year_dir = Path(outputs) / job.org / job.year
    needed = [year_dir / ("manifest.json" if product == "report" else "internal/metrics.csv")]
    if job.region and job.trust_type:
        needed.append(year_dir / "internal" / COMPARATOR_NAME)
    return all(path.is_file() for path in needed)


def is_current(job: Job, stamp: dict[str, object], settings: Settings) -> bool:
    """True when the last good build's stamp matches and its outputs are still there."""
    path = stamp_path(settings.outputs, job.org, job.year)
    try:
        previous = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return previous == stamp and _product_ready(settings.outputs, job, settings.product)


# --------------------------------------------------------------------------------------------
# One job (in a worker process)


def run_job(job: Job, settings: Settings) -> Outcome:
    """Build one organisation's year unless unchanged; any failure is returned, not raised."""
    started = time.perf_counter()
    try:
        params = load_params(job.params_file)
        stamp = make_stamp(job, params, settings)
        if is_current(job, stamp, settings):
            return Outcome(job.org, job.year, "skipped", seconds=time.perf_counter() - started)
        stamp_path(settings.outputs, job.org, job.year).unlink(missing_ok=True)
        _build(job, params, settings)
        write_atomically(
            (json.dumps(stamp, indent=1, sort_keys=True) + "\n").encode(),
            stamp_path(settings.outputs, job.org, job.year),
        )
    except InputError as exc:
        return _failed(job, exc.message, started)
    except PublishingBlocked as exc:
        return _failed(job, f"publishing blocked: {exc}", started)
    except (Exception, SystemExit) as exc:  # isolated: one organisation's fault (even a
        # SystemExit from code it runs) must not stop the batch; a stop signal still does
        return _failed(job, f"{type(exc).__name__}: {exc}", started)
    return Outcome(job.org, job.year, "built", seconds=time.perf_counter() - started)


def _failed(job: Job, message: str, started: float) -> Outcome:
    return Outcome(job.org, job.year, "failed", message, time.perf_counter() - started)


def _build(job: Job, params: Params, settings: Settings) -> None:
    from wres_lib.demo.trust import check_demo_data_dir
    from wres_lib.measure.window import gather
    from wres_lib.publish.build import publish
    from wres_lib.publish.staging import lock_year

    check_demo_data_dir(params)
    lock = lock_year(Path(settings.outputs) / params.org, params.year)
    # The report product's shared work: its two kernels and the gather below count it once
    # (the metrics product gathers once anyway, so it has nothing to share).
    report = settings.product == "report"
    cache = tempfile.TemporaryDirectory(prefix="wres-job-") if report else None
    shared = Path(cache.name) if cache is not None else None
    try:
        if report:
            if settings.notebook is None:
                raise ValueError("the report product needs the report notebook")
            publish(
                [job.params_file],
                settings.outputs,
                notebook=settings.notebook,
                progress=lambda _message: None,  # the batch's bar is the progress
                parallel=False,  # the pool already uses every core
                cache_dir=shared,
            )
        data = gather(params, shared)
        internal = Path(settings.outputs) / params.org / params.year / "internal"
        if settings.product == "metrics":
            from wres_lib.measure.metrics import write_metrics

            this_year = data.metrics[data.metrics["year"] == params.year]
            write_metrics(this_year, internal / "metrics.csv")
        if job.region and job.trust_type:
            rows = comparator_rows(
                data.metrics[data.metrics["year"] == params.year],
                params.org,
                job.org_name or params.org_name,
                job.region,
                job.trust_type,
                counts=data.counts,
            )
            write_comparators(rows, internal / COMPARATOR_NAME)
    finally:
        if cache is not None:
            cache.cleanup()
        lock.release()


# --------------------------------------------------------------------------------------------
# The pool


def run_batch(
    jobs: list[Job],
    settings: Settings,
    workers: int,
    on_done: Callable[[Outcome], None] | None = None,
) -> BatchResult:
    """Run every job with ``workers`` processes (1: in this process); outcomes in job order."""
    started = time.perf_counter()
    outcomes: dict[int, Outcome] = {}

    def record(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if on_done:
            on_done(outcome)

    if workers <= 1 or len(jobs) <= 1:
        for index, job in enumerate(jobs):
            record(index, run_job(job, settings))
    else:
        # A worker that dies (killed for memory, a crash) breaks the whole pool: the jobs it
        # took down are run again in a fresh pool, and if that breaks too, each alone, so only
        # a job that kills its own process fails.
        broken = _pool_round(largest_first(jobs), jobs, settings, workers, record)
        broken = _pool_round(broken, jobs, settings, workers, record)
        for index in broken:
            if _pool_round([index], jobs, settings, 1, record):
                job = jobs[index]
                message = "its worker process died (killed or crashed): run it alone to see why"
                record(index, Outcome(job.org, job.year, "failed", message))
    return BatchResult([outcomes[i] for i in range(len(jobs))], time.perf_counter() - started)


def largest_first(jobs: list[Job]) -> list[int]:
    """Job indices, biggest inputs first: the pool then ends with small jobs filling the gaps,
    not one big organisation running alone while the other worker waits. The year's own
    extracts stand for the work (read without importing the build)."""

    def size(job: Job) -> int:
        try:
            params = load_params(job.params_file)
            files = [
                params.resolve_in_data(source.path, f"sources.{name}.path")
                for name in SOURCE_NAMES
                if (source := params.source_path(name)) is not None
            ]
            return sum(path.stat().st_size for path in files if path.is_file())
        except (InputError, OSError):
            return 0  # the job itself reports the problem

    sizes = [size(job) for job in jobs]
    return sorted(range(len(jobs)), key=lambda i: (-sizes[i], i))


def _pool_round(
    indices: list[int],
    jobs: list[Job],
    settings: Settings,
    workers: int,
    record: Callable[[int, Outcome], None],
) -> list[int]:
    """Run the jobs at ``indices`` in one pool; the indices a dead worker took down.

    An organisation's years go one after another, oldest first (with ``--all-years``): a
    year's disclosure audit reads the earlier years' public reports, so it must not start
    while one of them is still being built. Different organisations run side by side.
    """
    if not indices:
        return []
    broken: list[int] = []
    waiting = list(indices)  # in the order given (biggest first)
    running: dict = {}

    def ready(i: int) -> bool:
        job = jobs[i]
        earlier = [
            j
            for j in [*waiting, *running.values()]
            if j != i and jobs[j].org == job.org and year_start(jobs[j].year) < year_start(job.year)
        ]
        return not earlier

    with ProcessPoolExecutor(min(workers, len(indices)), mp_context=worker_context()) as pool:
        try:
            while waiting or running:
                for i in [i for i in waiting if ready(i)][: max(workers - len(running), 0)]:
                    waiting.remove(i)
                    running[pool.submit(run_job, jobs[i], settings)] = i
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    index = running.pop(future)
                    try:
                        record(index, future.result())
                    except BrokenProcessPool:
                        broken.append(index)
                if broken:  # the pool is gone: what has not run goes to the next round
                    broken += [*running.values(), *waiting]
                    break
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return sorted(broken)


def gather_comparators(outputs: Path, jobs: list[Job], outcomes: list[Outcome]) -> pd.DataFrame:
    """Every good job's comparator rows (built now or unchanged since), in job order."""
    frames = [
        typed_comparators(
            read_table(Path(outputs) / job.org / job.year / "internal" / COMPARATOR_NAME)
        )
        for job, outcome in zip(jobs, outcomes, strict=True)
        if outcome.status != "failed" and job.region and job.trust_type
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# --------------------------------------------------------------------------------------------
# The command


def run_batch_command(
    orgs: str,
    *,
    root: Path,
    outputs: Path,
    year: str | None = None,
    all_years: bool = False,
    workers: int | None = None,
    product: str = "report",
    comparators: Path | None = None,
    progress: bool = True,
) -> int:
    """``wres batch``: 0 when every job was built or skipped, 1 when any failed.

    Bad input in the list itself (or a missing region where comparators are asked for) is an
    :class:`InputError` for the CLI (exit 2, nothing built).
    """
    from tqdm import tqdm

    from wres_lib.publish.command import find_notebook

    listed = org_list(orgs, root)
    if comparators is not None:
        require_comparator_fields(listed, orgs)
    jobs, missing = plan_jobs(listed, year, all_years)
    notebook = find_notebook(root) if product == "report" else None
    settings = Settings(Path(outputs).resolve(), product, notebook, code_hash(notebook))
    workers = workers or os.cpu_count() or 1
    counts = {"built": 0, "skipped": 0, "failed": len(missing)}
    bar = tqdm(
        total=len(jobs),
        desc=f"wres batch ({product}, {min(workers, max(len(jobs), 1))} workers)",
        unit="job",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )
    bar.set_postfix(counts)

    def done(outcome: Outcome) -> None:
        counts[outcome.status] += 1
        bar.set_postfix(counts)
        bar.update()

    try:
        result = run_batch(jobs, settings, workers, done)
    finally:
        bar.close()
    if comparators is not None:
        rows = gather_comparators(settings.outputs, jobs, result.outcomes)
        if not rows.empty:
            write_comparators(rows, comparators)
            print(f"comparator rows of {rows['org_code'].nunique()} organisations: {comparators}")
    failed = missing + result.failed
    print(
        f"wres batch: {result.count('built')} built, {result.count('skipped')} unchanged "
        f"(skipped), {len(failed)} failed, in {result.seconds:.1f} s"
    )
    for outcome in failed:
        print(f"failed: {outcome.org} {outcome.year}: {outcome.message}", file=sys.stderr)
    return 1 if failed else 0


def run_batch_args(args: argparse.Namespace, project_root: Path) -> int:
    """``wres batch`` from parsed arguments (paths relative to ``project_root``)."""
    root = Path(project_root)
    if args.workers is not None and args.workers < 1:
        raise InputError.single("--workers", None, None, args.workers, "1 or more workers")
    if args.year is not None:
        try:
            check_year(args.year)
        except ValueError:
            raise InputError.single(
                "--year", None, None, args.year, "a year like 2022-23"
            ) from None
    return run_batch_command(
        args.orgs if args.orgs == "all" else str(root / args.orgs),
        root=root / args.root,
        outputs=root / args.outputs,
        year=args.year,
        all_years=args.all_years,
        workers=args.workers,
        product=args.product,
        comparators=root / args.comparators if args.comparators else None,
        progress=not args.no_progress,
    )
