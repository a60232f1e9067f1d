"""Work shared by the processes of one ``wres report`` run: computed by the first that needs it,
read by the others.

A run builds each year twice (internal and public kernels, side by side) and, with
``--all-years``, every year sits in up to ``trend_years`` windows. Loading and counting a year,
and gathering a window, give the same answer every time within a run, so the first process
to need one computes it and leaves a pickle in the run's cache folder; the others wait for it
rather than repeat it.

The folder is made by ``wres report`` for that run only (``wres batch``: for each report
job) and removed when it ends, so nothing here can go stale between runs (a later run is
always cold) and only this run's own processes write the pickles they read. The chart cache
(:mod:`wres_lib.present.chart_cache`) shares each distinct chart the same way. Without a
folder (an analyst running the notebook) everything is computed in place, as before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# How long a process waits for another's result before computing it itself.
WAIT_SECONDS = 600.0
POLL_SECONDS = 0.02


def input_key(kind: str, files: Iterable[Path], *parts: str) -> str:
    """A name for a result from its kind, the files it reads (path, size, modification time)
    and any other text it depends on; equal inputs give the same name."""
    digest = hashlib.sha256(kind.encode())
    for path in sorted(Path(f).resolve() for f in files):
        stat = path.stat() if path.exists() else None
        seen = f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "missing"
        digest.update(f"\0{path}\0{seen}".encode())
    for part in parts:
        digest.update(f"\0{part}".encode())
    return f"{kind}-{digest.hexdigest()[:32]}"


def computed_once(
    folder: Path | None, key: str, compute: Callable[[], T], wait_seconds: float = WAIT_SECONDS
) -> T:
    """``compute()``, or the result another process of this run already computed for ``key``.

    The first process claims the key (an exclusive claim file holding its process id) and
    writes its result atomically; one that finds the claim taken waits for the result. If the
    claimant fails, its claim is removed and the waiting process computes the result itself,
    so an error is raised where it happens, with its own message. A claim whose process has
    died, or that is still held after ``wait_seconds``, is ignored: the result is computed
    here, and not stored. Without an existing folder nothing is shared.
    """
    if folder is None or not folder.is_dir():
        return compute()
    result, claim = folder / f"{key}.pickle", folder / f"{key}.claim"
    if result.exists():
        return _read(result)
    try:
        handle = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        deadline = time.monotonic() + wait_seconds
        while claim.exists() and not result.exists() and time.monotonic() < deadline:
            if not _claimant_alive(claim):
                break
            time.sleep(POLL_SECONDS)
        return _read(result) if result.exists() else compute()
    try:
        os.write(handle, str(os.getpid()).encode())
        os.close(handle)
        if result.exists():  # finished by another between the first look and the claim
            return _read(result)
        value = compute()
        _store(result, value)
        return value
    finally:
        claim.unlink(missing_ok=True)


def _store(result: Path, value: object) -> None:
    """Write ``value`` for the other processes; if it cannot be (a value pickle refuses, a full
    disk), they compute it themselves: sharing is a saving, never a new way to fail."""
    partial = result.with_name(f"{result.stem}.{os.getpid()}.partial")
    try:
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, result)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        partial.unlink(missing_ok=True)


def _claimant_alive(claim: Path) -> bool:
    """Whether the process named in a claim still runs (a killed kernel leaves its claim)."""
    try:
        pid = int(claim.read_text(encoding="ascii") or "0")
    except (OSError, ValueError):
        return True  # being written, or gone: keep waiting (the loop looks again)
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read(path: Path) -> object:
    # Only this run's processes write into its folder (see the module docstring).
    return pickle.loads(path.read_bytes())  # noqa: S301
