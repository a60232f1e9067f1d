"""``wres report``: which params files to build, where the notebook is, and a clean stop."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from wres_lib.errors import InputError
from wres_lib.inputs.params import find_params
from wres_lib.publish.build import publish
from wres_lib.publish.notebooks import NOTEBOOK_NAME, NotebookFailed, PublishError
from wres_lib.publish.staging import display_path, path_under

if TYPE_CHECKING:
    import argparse

DEFAULT_ORG = "demo"


# --------------------------------------------------------------------------------------------
# Which years


def resolve_params_files(args: argparse.Namespace, project_root: Path) -> list[Path]:
    """The params files a ``wres report`` call asks for (no arguments: demo, latest year)."""
    root = Path(project_root)
    given = getattr(args, "params", None)
    if given:
        path = path_under(root, given)
        if not path.is_file():
            raise InputError.single(path, None, None, None, "a params YAML file that exists")
        return [path]
    params_dir = path_under(root, getattr(args, "params_dir", None) or "params")
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
    for base in (Path(project_root), Path(__file__).resolve().parents[2]):
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
                path_under(root, getattr(args, "outputs", None) or "outputs"),
                notebook=find_notebook(root),
            )
    except PublishError as exc:
        print(f"wres report: {exc}", file=sys.stderr)
        bad_input = isinstance(exc, NotebookFailed) and exc.ename == InputError.__name__
        return 2 if bad_input else 1
    for path in published:
        print(f"public report: {display_path(path, root)}")
    return 0


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
