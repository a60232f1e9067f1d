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
