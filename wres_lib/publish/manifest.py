"""The run's manifest: every input file with its hash, the parameters, package versions, timings."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import importlib.util
import platform
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from wres_lib.inputs.params import DEFAULTS_FILE, Params
from wres_lib.publish.notebooks import KERNEL_NAME
from wres_lib.publish.staging import display_path

MANIFEST_PACKAGES = (
    "wres-lib",
    "pandas",
    "numpy",
    "scipy",
    "highspy",  # solves which cells are suppressed
    "pyarrow",  # reads the extracts
    "pandera",
    "pydantic",
    "PyYAML",
    "openpyxl",
    "matplotlib",
    "pillow",  # encodes the charts
    "jinja2",
    "papermill",
    "nbconvert",
    "nbclient",
    "nbformat",
    "ipykernel",
    "jupyter_client",
)


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
        "params_file": display_path(Path(params.source_file).resolve(), root),
        "parameters": params.model_dump(mode="json"),
        "notebook": {
            "path": display_path(notebook.resolve(), root),
            "sha256": sha256_file(notebook),
            "kernel": KERNEL_NAME,
            "runs": [{"mode": "internal"}, {"mode": "public"}],
        },
        "inputs": [
            {
                "path": display_path(path, root),
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
