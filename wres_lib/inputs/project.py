"""Where a notebook's relative paths point: the project, not the kernel's working folder.

A kernel started by papermill from the repository root, by ``wres report`` (the notebook's own
folder) or by JupyterLab (wherever it was opened) has a different working folder each time. A
path such as ``params/2022-23.yaml`` means the same file in all three: it is taken from the
project root, the nearest folder at or above the working folder that holds a ``params/``
folder (a checkout of this repository, or a trust's own folder made by ``wres init``), else the
checkout this package was installed from.
"""

from __future__ import annotations

from pathlib import Path

PARAMS_FOLDER = "params"


def package_checkout() -> Path:
    """The folder holding ``wres_lib/`` (the repository, for an editable install)."""
    return Path(__file__).resolve().parents[2]


def project_root(start: str | Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: the working folder) with ``params/``;
    the package's checkout when there is none."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / PARAMS_FOLDER).is_dir():
            return folder
    return package_checkout()


def project_path(path: str | Path, start: str | Path | None = None) -> Path:
    """An absolute path: ``path`` itself if absolute, else taken from :func:`project_root`."""
    path = Path(path).expanduser()
    return path if path.is_absolute() else project_root(start) / path
