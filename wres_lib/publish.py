"""Publishing: run the report notebook with papermill, convert it with nbconvert, and move the
result into ``outputs/<org>/<year>/`` only when every step has succeeded.

Why one process: each command-line call of papermill or nbconvert pays about two seconds of
imports and a kernel start, so every year (or organisation) is driven from here. Why a staging
folder: a failed run must write nothing and leave earlier outputs as they were. Why two
notebook runs: the public report is built by the report in ``public`` mode (redacted tables,
audit passed), not by hiding parts of the internal one.

Layout written for each year::

    outputs/<org>/<year>/
        internal/wres_report.ipynb, wres_report.public.ipynb, wres_report.html   (everything)
        internal/inputs.internal.json, inputs.public.json          (files each run read)
        public/wres_report.html, public/tables/<name>.csv                         (redacted)
        metrics.csv                                      (this year's, unredacted)
        manifest.json

``metrics.csv`` and ``public/tables/`` are written by the notebook's last cell
(:func:`export_report`, given ``export_dir``), so they hold the figures the HTML shows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import secrets
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wres_lib.demo import ensure_demo_data
from wres_lib.errors import InputError, PublishingBlocked
from wres_lib.params import DEFAULTS_FILE, Params, find_params, load_params

if TYPE_CHECKING:
    import argparse

    import pandas as pd
    from nbformat import NotebookNode

KERNEL_NAME = "python3"
DEFAULT_ORG = "demo"
NOTEBOOK_NAME = "wres_report.ipynb"
REPORT_NAME = "wres_report"
TEMPLATES = Path(__file__).parent / "templates"
PUBLIC_TEMPLATE = "wres_public.html.j2"
# Cells that never reach the public file, whatever their outputs.
PUBLIC_REMOVE_TAGS = frozenset(
    {"parameters", "injected-parameters", "remove-cell", "internal-only"}
)
MANIFEST_PACKAGES = (
    "wres-lib",
    "pandas",
    "numpy",
    "scipy",
    "pandera",
    "pydantic",
    "PyYAML",
    "openpyxl",
    "matplotlib",
    "seaborn",
    "jinja2",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "jupyter_client",
)

Progress = Callable[[str], None]


class PublishError(Exception):
    """A report could not be built; the message says which notebook or file and why."""


class NotebookFailed(PublishError):
    """A notebook cell raised. Names the notebook and the failing cell's first line."""

    def __init__(
        self,
        notebook: str,
        first_line: str,
        ename: str,
        evalue: str,
        execution_count: int | None = None,
    ):
        self.notebook = notebook
        self.first_line = first_line
        self.ename = ename
        self.evalue = evalue
        self.execution_count = execution_count
        where = f"cell [{execution_count}]" if execution_count is not None else "a cell"
        super().__init__(
            f"notebook {notebook} failed in {where} starting `{first_line}`: {ename}: {evalue}"
        )


class NotSelfContained(PublishError):
    """The public HTML would run a script or fetch something from the internet."""


@dataclass
class Computed:
    """What the publishing process computes itself, outside the notebook kernels."""

    metrics: pd.DataFrame | None = None
    public_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    input_files: list[Path] = field(default_factory=list)


ComputeFn = Callable[[Params], Computed]


@dataclass
class StagedYear:
    """A year built in full in its staging folder, waiting to be moved into place."""

    params: Params
    staging: Path
    final: Path

    @property
    def public_html(self) -> Path:
        return self.final / "public" / f"{REPORT_NAME}.html"


# --------------------------------------------------------------------------------------------
# Which years


def resolve_params_files(args: argparse.Namespace, project_root: Path) -> list[Path]:
    """The params files a ``wres report`` call asks for (no arguments: demo, latest year)."""
    root = Path(project_root)
    given = getattr(args, "params", None)
    if given:
        path = _under(root, given)
        if not path.is_file():
            raise InputError.single(path, None, None, None, "a params YAML file that exists")
        return [path]
    params_dir = _under(root, getattr(args, "params_dir", None) or "params")
    org = getattr(args, "org", None) or DEFAULT_ORG
    if not params_dir.is_dir():
        raise InputError.single(params_dir, None, None, None, "a folder of params YAML files")
    years = find_params(params_dir, org)
    if not years:
        raise InputError.single(
            params_dir, None, "org", org, "at least one year's params file for this organisation"
        )
    if getattr(args, "all_years", False):
        return [years[year] for year in sorted(years)]
    year = getattr(args, "year", None)
    if year:
        if year not in years:
            raise InputError.single(
                params_dir, None, "year", year, f"one of the years with params: {', '.join(years)}"
            )
        return [years[year]]
    return [years[max(years)]]


def find_notebook(project_root: Path) -> Path:
    """The report notebook: the checkout's ``notebooks/``, else the one beside the package."""
    for base in (Path(project_root), Path(__file__).resolve().parent.parent):
        candidate = base / "notebooks" / NOTEBOOK_NAME
        if candidate.is_file():
            return candidate
    raise PublishError(f"cannot find notebooks/{NOTEBOOK_NAME} under {project_root}")


# --------------------------------------------------------------------------------------------
# The command


def run_report_command(args: argparse.Namespace, project_root: Path) -> int:
    """``wres report``: build, publish, print each public report's path; 1 if a step failed.

    Bad input (:class:`InputError`) and a failed disclosure audit (:class:`PublishingBlocked`)
    are left to the CLI, which maps them to exit 2 and 1; bad input found inside the notebook
    also exits 2.
    """
    root = Path(project_root)
    try:
        with _terminate_cleanly():
            params_files = resolve_params_files(args, root)
            published = publish(
                params_files,
                _under(root, getattr(args, "outputs", None) or "outputs"),
                notebook=find_notebook(root),
            )
    except PublishError as exc:
        print(f"wres report: {exc}", file=sys.stderr)
        bad_input = isinstance(exc, NotebookFailed) and exc.ename == InputError.__name__
        return 2 if bad_input else 1
    for path in published:
        print(f"public report: {_display(path, root)}")
    return 0


def publish(
    params_files: Sequence[Path],
    outputs_dir: Path,
    *,
    notebook: Path,
    compute: ComputeFn | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> list[Path]:
    """Build every year in staging, then move them all into place; return the public HTMLs.

    If any year fails, every staging folder is removed and no earlier output is touched.
    ``parallel`` runs a year's internal and public notebooks at once (default: when this
    machine has two or more CPUs).
    """
    say = progress or _stderr
    staged: list[StagedYear] = []
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
) -> StagedYear:
    """Build one year in full in ``outputs/<org>/.staging-<year>-*``; nothing final is touched."""
    say = progress or _stderr
    params_file = Path(params_file).resolve()
    params = load_params(params_file)
    ensure_demo_data(params, say)
    org_dir = Path(outputs_dir) / params.org
    org_dir.mkdir(parents=True, exist_ok=True)
    staging = _fresh_folder(org_dir, f".staging-{params.year}-")
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

        computed = Computed()
        if compute is not None:
            with _timer(timings, "compute"):
                say(f"{label}: computing")
                computed = compute(params)

        with _timer(timings, "notebooks"):
            runs = run_both_modes(
                notebook,
                internal,
                {"params_file": str(params_file), "export_dir": str(staging)},
                timings,
                lambda mode: say(f"{label}: running {notebook.name} ({mode})"),
                parallel=parallel,
            )
        with _timer(timings, "tables"):
            if computed.metrics is not None:
                _write_metrics(computed.metrics, staging / "metrics.csv")
            write_public_tables(computed.public_tables, public / "tables")

        title = f"{params.org_name}: Workforce Race Equality Standard report {params.year}"
        with _timer(timings, "html_internal"):
            say(f"{label}: writing HTML")
            html = export_html(runs["internal"], title=title, public=False)
            (internal / f"{REPORT_NAME}.html").write_text(html, encoding="utf-8")
        with _timer(timings, "html_public"):
            html = export_html(runs["public"], title=title, public=True)
            problems = self_contained_problems(html)
            if problems:
                raise NotSelfContained(
                    f"{notebook.name} ({params.year}): the public HTML is not self-contained: "
                    + "; ".join(problems[:5])
                )
            (public / f"{REPORT_NAME}.html").write_text(html, encoding="utf-8")

        timings["total"] = time.perf_counter() - started
        manifest = build_manifest(
            params,
            notebook=notebook,
            input_files=collect_input_files(
                params, [*computed.input_files, *_exported_inputs(internal)]
            ),
            outputs=staging,
            timings=timings,
        )
        (staging / "manifest.json").write_text(
            json.dumps(manifest, indent=2, default=str) + "\n", encoding="utf-8"
        )
    except BaseException:
        discard(staged)
        raise
    say(f"{label}: built in {timings['total']:.1f} s")
    return staged


def export_report(report: Any, export_dir: str | Path) -> list[Path]:
    """Write a run's machine-readable outputs; called by the report notebook's last cell.

    The notebook's own report object writes them, so the figures in ``metrics.csv`` and
    ``public/tables/`` are the very ones in the HTML and no report is built twice (the public
    build's disclosure audit is the slow part). Internal run: this year's unredacted
    ``metrics.csv``; public run: the redacted tables as shown. Both list the files they read.
    """
    folder = Path(export_dir)
    written = []
    if report.mode == "public":
        written += write_public_tables(dict(report.public_tables), folder / "public" / "tables")
        written += _export_action_plan(report, folder / "public" / "action_plan.xlsx")
    else:
        metrics = report.metrics
        if "year" in metrics.columns:
            metrics = metrics[metrics["year"].astype(str) == report.params.year]
        written.append(_write_metrics(metrics.reset_index(drop=True), folder / "metrics.csv"))
    inputs = folder / "internal" / f"inputs.{report.mode}.json"
    inputs.parent.mkdir(parents=True, exist_ok=True)
    inputs.write_text(
        json.dumps([str(Path(path).resolve()) for path in report.input_files], indent=1) + "\n",
        encoding="utf-8",
    )
    return [*written, inputs]


def _export_action_plan(report: Any, path: Path) -> list[Path]:
    """The current action plan as Excel, RAG colours with their words, for the website."""
    from wres_lib.action_plan import export_plan_xlsx
    from wres_lib.plan_section import load_plans

    if getattr(report.params, "action_plans", None) is None:
        return []
    current, _previous = load_plans(report)
    return [] if current is None else [export_plan_xlsx(current, path)]


def _exported_inputs(internal: Path) -> list[Path]:
    paths: list[Path] = []
    for listing in sorted(internal.glob("inputs.*.json")):
        paths += [Path(p) for p in json.loads(listing.read_text(encoding="utf-8"))]
    return paths


def _write_metrics(metrics: pd.DataFrame, path: Path) -> Path:
    """The metrics contract's writer (column order, full-precision numbers)."""
    from wres_lib.metrics import write_metrics

    return write_metrics(metrics, path)


def write_public_tables(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """The redacted tables as shown, one CSV each, safe to open in a spreadsheet."""
    from wres_lib.tabular import write_csv

    written = []
    for name, frame in tables.items():
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name)).strip("._") or "table"
        written.append(write_csv(frame, folder / f"{safe}.csv"))
    return written


# --------------------------------------------------------------------------------------------
# papermill and nbconvert


def run_both_modes(
    notebook: Path,
    folder: Path,
    parameters: dict[str, Any],
    timings: dict[str, float],
    announce: Callable[[str], None],
    *,
    parallel: bool | None = None,
) -> dict[str, NotebookNode]:
    """Run the notebook in internal and in public mode, each with its own single kernel.

    The two runs are independent processes, so on two or more CPUs they run side by side
    (the public run's disclosure audit and the internal run's charts take about as long).
    """
    if parallel is None:
        parallel = (os.cpu_count() or 1) > 1

    def run(mode: str) -> NotebookNode:
        announce(mode)
        name = f"{REPORT_NAME}.ipynb" if mode == "internal" else f"{REPORT_NAME}.{mode}.ipynb"
        with _timer(timings, f"notebook_{mode}"):
            return execute_notebook(notebook, folder / name, {**parameters, "mode": mode})

    modes = ("internal", "public")
    if not parallel:
        return {mode: run(mode) for mode in modes}
    with ThreadPoolExecutor(max_workers=len(modes), thread_name_prefix="wres-notebook") as pool:
        futures = {mode: pool.submit(run, mode) for mode in modes}
        return {mode: future.result() for mode, future in futures.items()}


def execute_notebook(notebook: Path, output: Path, parameters: dict[str, Any]) -> NotebookNode:
    """Run a notebook with papermill (kernel ``python3``, working folder the notebook's own).

    A failing cell becomes :class:`NotebookFailed`; a disclosure audit failure inside the
    kernel becomes :class:`PublishingBlocked`, as if it had been raised here.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            # The kernel starts in the notebook's folder. Not papermill's ``cwd``: that
            # changes this process's folder, which two runs at once must not do.
            resources={"metadata": {"path": str(notebook.parent)}},
            progress_bar=False,
            log_output=False,
            # ipykernel 7 warns on every start that its local TCP link is unencrypted; the
            # warning would bury the command's own output. User-code warnings are unaffected.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except PapermillExecutionError as exc:
        if exc.ename == PublishingBlocked.__name__:
            raise PublishingBlocked(f"{notebook.name}: {exc.evalue}") from None
        lines = [line for line in (exc.source or "").splitlines() if line.strip()]
        raise NotebookFailed(
            notebook.name, lines[0].strip() if lines else "", exc.ename, exc.evalue, exc.exec_count
        ) from None


def export_html(nb: NotebookNode, *, title: str, public: bool) -> str:
    """Convert an executed notebook to one offline HTML file.

    Public: no code, prompts, parameters, stderr, warnings or error outputs; images embedded.
    Internal: everything, with the same offline template.
    """
    import copy

    from nbconvert import HTMLExporter

    options: dict[str, Any] = {
        "template_name": "lab",
        "template_file": PUBLIC_TEMPLATE,
        "extra_template_paths": [str(TEMPLATES)],
        "embed_images": True,
        "theme": "light",
    }
    if public:
        options.update(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter = HTMLExporter(**options)
    if public:
        exporter.register_preprocessor(strip_for_public, enabled=True)
        nb = copy.deepcopy(nb)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return _strip_css_comments(body) if public else body


def strip_for_public(nb: NotebookNode, resources: dict[str, Any]) -> tuple[NotebookNode, dict]:
    """Drop what the public must not see, before the template runs (belt to exclude_input's braces).

    Removes cells tagged parameters/injected-parameters/remove-cell/internal-only, every
    stderr stream (warnings and logging go there) and error output, code cell sources and
    papermill's metadata (it holds local paths).
    """
    kept = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & PUBLIC_REMOVE_TAGS:
            continue
        if cell.cell_type == "code":
            cell.source = ""
            cell.outputs = [
                output
                for output in cell.get("outputs", [])
                if output.output_type != "error"
                and not (output.output_type == "stream" and output.get("name") == "stderr")
            ]
            cell.metadata.pop("papermill", None)
        kept.append(cell)
    nb.cells = kept
    nb.metadata.pop("papermill", None)
    return nb, resources


_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S | re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _strip_css_comments(html: str) -> str:
    """Inlined CSS carries licence comments with web addresses; a public file needs none."""
    return _STYLE_BLOCK.sub(
        lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), html
    )


_FORBIDDEN_TAGS = frozenset({"script", "iframe", "object", "embed", "link", "base", "frame"})
_FETCHING_ATTRS = frozenset(
    {"src", "srcset", "poster", "data", "action", "formaction", "background"}
)
_CSS_EXTERNAL = re.compile(r"""(url\(\s*["']?\s*(?:https?:)?//|@import)""", re.I)


class _ResourceScan(HTMLParser):
    """Parses HTML as a browser would and notes what could run or fetch.

    Text is only text: an escaped ``&lt;script&gt;`` in a progress note is not a script, and
    ``url(http://...)`` typed into a plan is not CSS, so only real elements, attributes and
    ``<style>`` contents count.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _FORBIDDEN_TAGS:
            self.problems.append(f"a <{tag}> element")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.problems.append(f"an event handler {name}= on <{tag}>")
            elif name in _FETCHING_ATTRS and value and not value.startswith(("data:", "#")):
                self.problems.append(f"{name}={value[:80]}")
            elif name == "href" and value.lower().startswith("javascript:"):
                self.problems.append(f"a javascript: link on <{tag}>")
            elif name == "style" and _CSS_EXTERNAL.search(value):
                self.problems.append(f"CSS in a style attribute: {value[:40]}")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            for match in _CSS_EXTERNAL.finditer(data):
                self.problems.append(f"CSS {match.group(0)[:40]}")


def self_contained_problems(html: str) -> list[str]:
    """Everything in an HTML file that would run a script or load a resource from elsewhere.

    Hyperlinks (``<a href>``) are allowed: a reader may follow them, nothing is fetched.
    """
    scan = _ResourceScan()
    scan.feed(html)
    scan.close()
    return scan.problems


# --------------------------------------------------------------------------------------------
# Manifest


def collect_input_files(params: Params, extra: Iterable[Path] = ()) -> list[Path]:
    """Every file the year's report read, for the manifest's hashes.

    The report itself lists what it read (every year's params, extracts, supplied counts and
    action plans: ``Report.input_files``, exported by the notebook); this adds the params file
    and ``defaults.yaml`` so a run that failed before the notebook is still described.
    """
    source_file = Path(params.source_file)
    candidates = [source_file, source_file.parent / DEFAULTS_FILE, *(Path(p) for p in extra)]
    found: dict[Path, None] = {}
    for path in candidates:
        resolved = path.resolve()
        if resolved.is_file():
            found[resolved] = None
    return list(found)


def build_manifest(
    params: Params,
    *,
    notebook: Path,
    input_files: Sequence[Path],
    outputs: Path,
    timings: dict[str, float],
) -> dict[str, Any]:
    """What is needed to reproduce and audit a year's report (input hashes, versions, times)."""
    root = Path(params.project_root).resolve()
    return {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "org": params.org,
        "year": params.year,
        "params_file": _display(Path(params.source_file).resolve(), root),
        "parameters": params.model_dump(mode="json"),
        "notebook": {
            "path": _display(notebook.resolve(), root),
            "sha256": sha256_file(notebook),
            "kernel": KERNEL_NAME,
            "runs": [{"mode": "internal"}, {"mode": "public"}],
        },
        "inputs": [
            {
                "path": _display(path, root),
                "sha256": sha256_file(path),
                "bytes": path.stat().st_size,
            }
            for path in input_files
        ],
        "outputs": {
            path.relative_to(outputs).as_posix(): sha256_file(path)
            for path in sorted(outputs.rglob("*"))
            if path.is_file() and path.name != "manifest.json"
        },
        "packages": package_versions(),
        "python": {
            "version": platform.python_version(),
            "implementation": platform.python_implementation(),
            "platform": platform.platform(),
        },
        "timings_seconds": {name: round(value, 3) for name, value in timings.items()},
    }


def package_versions(names: Iterable[str] = MANIFEST_PACKAGES) -> dict[str, str | None]:
    """Installed versions (None when a package is absent), for reproducing a report."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Moving into place


def commit(staged: StagedYear) -> None:
    """Swap the staging folder in: old output to a backup name, staging to final, drop backup."""
    final = staged.final
    backup = None
    if final.exists():
        backup = _fresh_folder(final.parent, f".backup-{staged.params.year}-")
        os.replace(final, backup)
    try:
        os.replace(staged.staging, final)
    except BaseException:
        if backup is not None:
            os.replace(backup, final)
        discard(staged)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


def discard(staged: StagedYear) -> None:
    """Remove a failed year's staging folder, and its org folder if the run created it empty."""
    shutil.rmtree(staged.staging, ignore_errors=True)
    with contextlib.suppress(OSError):
        staged.staging.parent.rmdir()  # only succeeds when nothing else is there


# --------------------------------------------------------------------------------------------
# Small helpers


@contextlib.contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """Turn SIGTERM into SystemExit, so staging folders are removed and kernels shut down."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _timer:
    """Record a stage's wall time in ``timings`` (kept even if the stage fails)."""

    def __init__(self, timings: dict[str, float], name: str):
        self.timings, self.name = timings, name

    def __enter__(self) -> None:
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timings[self.name] = time.perf_counter() - self.start


def _fresh_folder(parent: Path, prefix: str) -> Path:
    """An unused name beside the final folder (same file system, so renames are atomic).

    Not ``mkdtemp``: its 0700 mode would follow the folder into place and hide the public
    report from whoever serves it.
    """
    while True:
        candidate = parent / f"{prefix}{secrets.token_hex(4)}"
        if not candidate.exists():
            return candidate


def _under(root: Path, path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_absolute() else root / path


def _display(path: Path, root: Path) -> str:
    """A path as the user would type it: relative to the project when inside it."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


def _stderr(message: str) -> None:
    """One write per line, so the two notebook threads' messages never interleave."""
    sys.stderr.write(f"wres report: {message}\n")
    sys.stderr.flush()
