"""What publishing costs: papermill + nbconvert on a one-cell notebook in one process, beside
the wall time of ``wres report`` for one year, measured in the same run.

The one-cell figure is the floor any notebook report pays (imports, one kernel start, one
conversion); the difference is the report's own work.

    .venv/bin/python benchmarks/bench_publish.py [--year 2022-23]
    .venv/bin/python -m pytest benchmarks/bench_publish.py --benchmark-only
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]


def one_cell_notebook(folder: Path) -> Path:
    """A notebook with a parameters cell and one cell, like the smallest possible report."""
    parameters = new_code_cell('mode = "public"')
    parameters.metadata["tags"] = ["parameters"]
    nb = new_notebook(
        cells=[parameters, new_code_cell("1 + 1")],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
    )
    path = folder / "one_cell.ipynb"
    nbformat.write(nb, path)
    return path


def papermill_plus_nbconvert(folder: Path) -> float:
    """Seconds to execute the one-cell notebook and convert it to the public HTML, in-process."""
    from wres_lib.publish.notebooks import execute_notebook, export_html

    notebook = one_cell_notebook(folder)
    start = time.perf_counter()
    nb = execute_notebook(notebook, folder / "one_cell.out.ipynb", {"mode": "public"})
    html = export_html(nb, title="one cell", public=True)
    (folder / "one_cell.html").write_text(html, encoding="utf-8")
    return time.perf_counter() - start


def wres_report_wall_time(year: str | None, outputs: Path) -> float:
    """Wall seconds of ``wres report`` (a fresh process, as a user runs it) for one year."""
    command = [sys.executable, "-m", "wres_lib.cli", "report", "--outputs", str(outputs)]
    if year:
        command += ["--year", year]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", default=None, help="reporting year (default: latest demo)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        start = time.perf_counter()
        import nbconvert  # noqa: F401  (timed: the import is part of the one-process cost)
        import papermill  # noqa: F401

        imports = time.perf_counter() - start
        cold = papermill_plus_nbconvert(folder)
        warm = papermill_plus_nbconvert(folder)
        report = wres_report_wall_time(args.year, folder / "outputs")
    print(f"papermill + nbconvert imports:                  {imports:6.2f} s")
    print(f"one-cell notebook, first run (execute + HTML):  {cold:6.2f} s")
    print(f"one-cell notebook, second run (execute + HTML): {warm:6.2f} s")
    print(f"one-cell total in one process (imports + first): {imports + cold:5.2f} s")
    print(f"wres report, one year (wall, fresh process):     {report:5.2f} s")
    return 0


def test_one_cell_notebook_papermill_nbconvert(benchmark, tmp_path: Path) -> None:
    benchmark.pedantic(papermill_plus_nbconvert, args=(tmp_path,), rounds=3, iterations=1)


def test_wres_report_one_year(benchmark, tmp_path: Path) -> None:
    benchmark.pedantic(
        wres_report_wall_time, args=(None, tmp_path / "outputs"), rounds=1, iterations=1
    )


if __name__ == "__main__":
    sys.exit(main())
