"""``wres report``: which params files to build, where the notebook is, and a clean stop."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from wres_lib.errors import InputError
from wres_lib.inputs.params import Params, find_params, load_params
from wres_lib.publish.build import publish
from wres_lib.publish.notebooks import NOTEBOOK_NAME, NotebookFailed, PublishError
from wres_lib.publish.staging import (
    OutputsNotWritable,
    YearBusy,
    YearLock,
    check_free_space,
    display_path,
    lock_year,
    path_under,
    remove_leftovers,
)

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
    also exits 2. One run at a time per organisation and year (a lock); a disk fault is one
    line, exit 1; SIGTERM or Ctrl-C stops the kernels and exits within seconds, 128 + signal.
    """
    root = Path(project_root)
    given_outputs = getattr(args, "outputs", None)
    outputs = path_under(root, given_outputs or "outputs")
    locks: list[YearLock] = []
    stop = _Stop()
    try:
        with stop:
            params_files = resolve_params_files(args, root)
            loaded = [load_params(path) for path in params_files]
            if not given_outputs:  # beside the params folder: a trust's folder keeps its own
                outputs = Path(loaded[0].project_root) / "outputs"
            for params in loaded:
                _preflight(params)
            years = sorted({(p.org, p.year) for p in loaded})
            for org, year in years:
                locks.append(lock_year(outputs / org, year))
            check_free_space(outputs, len(years))
            published = publish(params_files, outputs, notebook=find_notebook(root))
    except _Stopped as exc:
        _stop_children()
        for org, year in (_org_year(lock) for lock in locks):
            remove_leftovers(outputs / org, year)
        print(f"wres report: stopped by {exc.name}; earlier outputs are unchanged", file=sys.stderr)
        return 128 + exc.signum
    except (YearBusy, OutputsNotWritable) as exc:
        print(f"wres report: {exc}", file=sys.stderr)
        return 1
    except PublishError as exc:
        print(f"wres report: {exc}", file=sys.stderr)
        bad_input = isinstance(exc, NotebookFailed) and exc.ename == InputError.__name__
        return 2 if bad_input else 1
    except OSError as exc:  # a full disk or a folder made read-only during the build
        where = f" {exc.filename}" if exc.filename else ""
        print(
            f"wres report: cannot write{where}: {exc.strerror or exc}; nothing was published "
            "and earlier outputs are unchanged",
            file=sys.stderr,
        )
        return 1
    finally:
        for lock in locks:
            lock.release()
    for path in published:
        print(f"public report: {display_path(path, root)}")
    return 0


def _preflight(params: Params) -> None:
    """Cheap checks before a minute of notebooks: no made-up data for a trust's copy of the
    demo params, the action plans and the wording templates read (``wres validate`` checks
    everything)."""
    from wres_lib.plan.model import load_plan
    from wres_lib.present.wording import Wording

    if not params.data_path.is_dir():  # an existing folder passes the demo check as it is
        from wres_lib.demo.trust import check_demo_data_dir  # pandas: not on the usual path

        check_demo_data_dir(params)
    for key, relative in params.action_plans:
        if relative is not None:
            load_plan(params.resolve_in_project(relative, f"action_plans.{key}"))
    Wording.for_params(params.source_file).check()


# --------------------------------------------------------------------------------------------
# Clean stops


# After a stop signal the run has this long to tidy up before the process ends regardless.
STOP_GRACE_SECONDS = 5.0


class _Stopped(BaseException):
    """SIGTERM or SIGINT arrived; not an Exception, so no ``except Exception`` swallows it."""

    def __init__(self, signum: int):
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(self.name)


class _Stop:
    """SIGTERM and SIGINT stop the kernels at once, then unwind as :class:`_Stopped`.

    Killing the kernels first is what makes the stop prompt: the notebook threads see a dead
    kernel within a second, so the staging folders are removed by the normal failure path
    instead of after the notebooks finish. A watchdog ends the process if tidying hangs.
    """

    def __enter__(self) -> _Stop:
        self.previous: dict[int, object] = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, _frame: object) -> None:
        for other in self.previous:  # a second signal must not interrupt the tidying
            signal.signal(other, signal.SIG_IGN)
        watchdog = threading.Timer(STOP_GRACE_SECONDS, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        _stop_children()
        raise _Stopped(signum)


def _stop_children() -> None:
    """Terminate this process's children (the notebook kernels), then kill any that linger."""
    import psutil  # ipykernel's own dependency

    children = psutil.Process().children(recursive=True)
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=1.0)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()


def _org_year(lock: YearLock) -> tuple[str, str]:
    return lock.path.parent.name, lock.path.name.removeprefix(".lock-")
