"""Staging and atomic commit: a year's outputs are built beside the old ones and swapped in
only when every step succeeded, so a failed run leaves earlier outputs as they were.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from wres_lib.inputs.params import Params
from wres_lib.publish.notebooks import REPORT_NAME


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
# Moving into place


def commit(staged: StagedYear) -> None:
    """Swap the staging folder in: old output to a backup name, staging to final, drop backup."""
    final = staged.final
    backup = None
    if final.exists():
        backup = fresh_folder(final.parent, f".backup-{staged.params.year}-")
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


def fresh_folder(parent: Path, prefix: str) -> Path:
    """An unused name beside the final folder (same file system, so renames are atomic).

    Not ``mkdtemp``: its 0700 mode would follow the folder into place and hide the public
    report from whoever serves it.
    """
    while True:
        candidate = parent / f"{prefix}{secrets.token_hex(4)}"
        if not candidate.exists():
            return candidate


def path_under(root: Path, path: str | Path) -> Path:
    path = Path(path)
    return path if path.is_absolute() else root / path


def display_path(path: Path, root: Path) -> str:
    """A path as the user would type it: relative to the project when inside it."""
    try:
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------------------------
# One run per organisation and year


# What a year's outputs take, with room to spare (the demo year is about 10 MB).
FREE_SPACE_NEEDED = 100 * 1024 * 1024


class YearBusy(Exception):
    """Another ``wres report`` is building the same organisation and year."""


class OutputsNotWritable(Exception):
    """The outputs folder cannot be written, or has too little free space; nothing was built."""


@dataclass
class YearLock:
    """An exclusive lock on ``outputs/<org>/.lock-<year>``, released on close or process death."""

    path: Path
    handle: int
    created: tuple[Path, ...] = ()  # folders the lock made, deepest first

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self.handle)
        with contextlib.suppress(OSError):
            self.path.parent.rmdir()  # only when the run left the org folder empty
            for folder in self.created:
                folder.rmdir()  # a failed run leaves no empty outputs folder behind


def lock_year(org_dir: Path, year: str) -> YearLock:
    """Take the lock for one organisation and year, or raise :class:`YearBusy` at once.

    Then tidy what a killed run (SIGKILL, power cut) left: its staging folders go, and an old
    output moved aside but never replaced is put back.
    """
    import fcntl

    path = org_dir / f".lock-{year}"
    created = tuple(p for p in (org_dir, *org_dir.parents) if not p.exists())
    try:
        org_dir.mkdir(parents=True, exist_ok=True)
        while True:
            handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(handle)
                raise YearBusy(
                    f"another wres report is building {org_dir.name} {year} in {org_dir}; "
                    "wait for it to finish, then run again"
                ) from None
            try:  # the holder before us may have unlinked the file while we opened it
                same = os.stat(path).st_ino == os.fstat(handle).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(handle)
    except OSError as exc:
        raise OutputsNotWritable(
            f"cannot write to the outputs folder {org_dir}: {exc.strerror}"
        ) from None
    remove_leftovers(org_dir, year)
    return YearLock(path, handle, created[1:])


def remove_leftovers(org_dir: Path, year: str) -> None:
    """Staging folders of a run that was killed; a backup whose swap never finished goes back."""
    for staging in org_dir.glob(f".staging-{year}-*"):
        shutil.rmtree(staging, ignore_errors=True)
    final = org_dir / year
    for backup in sorted(org_dir.glob(f".backup-{year}-*")):
        if not final.exists():
            os.replace(backup, final)
        else:
            shutil.rmtree(backup, ignore_errors=True)


def check_free_space(folder: Path, years: int) -> None:
    """Refuse before building when the disk could not hold the outputs."""
    free = shutil.disk_usage(folder).free
    if free < FREE_SPACE_NEEDED * years:
        raise OutputsNotWritable(
            f"not enough free space in {folder}: {free / 2**20:.0f} MB free, about "
            f"{FREE_SPACE_NEEDED * years / 2**20:.0f} MB needed"
        )
