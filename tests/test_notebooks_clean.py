"""Committed notebooks hold no outputs (executed notebooks carry personal data) and are ready
for papermill: a cell tagged ``parameters`` and the ``python3`` kernel."""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def notebook_paths() -> list[Path]:
    """Every notebook present in notebooks/ or tracked there by git."""
    found = {p.resolve() for p in NOTEBOOKS.glob("*.ipynb")}
    try:
        tracked = subprocess.run(
            ["git", "ls-files", "--", "notebooks/*.ipynb"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        tracked = []
    found |= {(ROOT / name).resolve() for name in tracked if (ROOT / name).is_file()}
    return sorted(found)


def test_the_report_notebook_exists() -> None:
    assert NOTEBOOKS / "wres_report.ipynb" in notebook_paths()


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_is_clean_and_parameterised(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    with_outputs = [
        i for i, cell in enumerate(nb.cells) if cell.cell_type == "code" and cell.get("outputs")
    ]
    assert with_outputs == [], f"{path.name}: cells {with_outputs} hold outputs; clear them"
    counted = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.get("execution_count") is not None
    ]
    assert counted == [], f"{path.name}: cells {counted} have execution counts; clear them"
    assert "papermill" not in nb.metadata, f"{path.name} is an executed papermill output"
    assert not any(
        "papermill" in cell.metadata or "execution" in cell.metadata for cell in nb.cells
    )
    tagged = [cell for cell in nb.cells if "parameters" in cell.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code", "one code cell tagged parameters"
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
