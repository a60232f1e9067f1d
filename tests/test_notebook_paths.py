"""Notebook paths work from anywhere: a relative ``params_file`` is taken from the project root
(the nearest folder with ``params/``), not the kernel's working folder, so papermill runs the
report notebook from the repository root, from ``notebooks/`` or by an absolute path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from wres_lib.inputs.project import package_checkout, project_path, project_root

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_relative_paths_are_taken_from_the_folder_with_params(tmp_path: Path) -> None:
    trust = tmp_path / "trust"
    (trust / "params").mkdir(parents=True)
    (trust / "notebooks" / "deep").mkdir(parents=True)
    for start in (trust, trust / "notebooks", trust / "notebooks" / "deep"):
        assert project_root(start) == trust.resolve()
        assert project_path("params/2023-24.yaml", start) == trust.resolve() / "params/2023-24.yaml"
    assert project_path(trust / "x.yaml", tmp_path / "elsewhere") == trust / "x.yaml"


def test_without_a_params_folder_the_checkout_is_the_project(tmp_path: Path) -> None:
    assert project_root(tmp_path) == package_checkout() == ROOT
    assert project_path("params/2021-22.yaml", tmp_path) == ROOT / "params" / "2021-22.yaml"


def test_the_repository_and_its_notebooks_folder_are_one_project() -> None:
    assert project_root(ROOT / "notebooks") == project_root(ROOT) == ROOT


def test_report_notebook_default_is_relative_to_the_project_not_notebooks() -> None:
    nb = nbformat.read(ROOT / "notebooks" / "wres_report.ipynb", as_version=4)
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    (default,) = re.findall(r'params_file = "([^"]+)"', parameters.source)
    assert not default.startswith(".."), default
    assert project_path(default, ROOT / "notebooks").is_file()
    assert "build_report(project_path(params_file), mode, published_dirs, cache_dir)" in "".join(
        c.source for c in nb.cells if c.cell_type == "code"
    )


def _text(cell: nbformat.NotebookNode) -> str:
    """A cell's HTML output as plain text."""
    html = "".join(o.get("data", {}).get("text/html", "") for o in cell.get("outputs", []))
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _papermill(arguments: list[str], cwd: Path, out: Path) -> nbformat.NotebookNode:
    """Run the papermill CLI of the project's environment; the executed notebook, no errors."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(
        [str(BIN / "papermill"), *arguments, str(out), "--kernel", "python3", "--no-progress-bar"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    nb = nbformat.read(out, as_version=4)
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    return nb


def _table_numbers(nb: nbformat.NotebookNode) -> list[int]:
    return [
        int(n)
        for c in nb.cells
        for n in dict.fromkeys(re.findall(r"Table (\d+):", _text(c)))
        if c.cell_type == "code" and c.source.startswith("report.")
    ]


@pytest.mark.slow
def test_papermill_cli_from_the_repository_root(tmp_path: Path) -> None:
    """The issue's command: ``papermill notebooks/wres_report.ipynb out.ipynb -p params_file
    params/2021-22.yaml -p mode public`` run in the repository root."""
    nb = _papermill(
        ["notebooks/wres_report.ipynb", "-p", "params_file", "params/2021-22.yaml"]
        + ["-p", "mode", "public"],
        ROOT,
        tmp_path / "out.ipynb",
    )
    front = _text(next(c for c in nb.cells if c.source == "report.front_sheet()"))
    assert "Reporting year 2021/22 (snapshot 31 March 2022)" in front
    assert "This is the public version of the report." in front
    # Every section ran and numbered its tables once each, in the notebook's order.
    numbers = _table_numbers(nb)
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20


@pytest.mark.slow
def test_report_notebook_runs_with_its_defaults_from_the_notebooks_folder(tmp_path: Path) -> None:
    """As an analyst opening it in JupyterLab would: no parameters, kernel in ``notebooks/``."""
    nb = _papermill(
        [(ROOT / "notebooks" / "wres_report.ipynb").name],
        ROOT / "notebooks",
        tmp_path / "out.ipynb",
    )
    front = _text(next(c for c in nb.cells if c.source == "report.front_sheet()"))
    assert "Reporting year 2022/23 (snapshot 31 March 2023)" in front
    assert "Internal: unredacted, not for publication." in front
    numbers = _table_numbers(nb)
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) > 20
