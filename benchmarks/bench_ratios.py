"""The three ratios of issue 14, each against a reference measured in the same run.

(a) ``wres report`` (one year, demo, cold) against the one-cell-notebook floor (papermill +
    nbconvert in one fresh process);
(b) counts + metrics of a generated national collection against a bare pandas read + group-by
    of the same files, with peak memory (``WRES_BENCH_FULL=1`` for all 220 organisations,
    about 1.47 M staff rows; by default 22 of them, a tenth, so ``make bench`` stays short);
(c) ``wres compute`` on 250 organisations x 5 years of counts against a vectorised
    numpy/pandas reference (``workloads.py reference``).

Every side is a fresh process; A and B alternate ``WRES_BENCH_ROUNDS`` times (default 3) and
the medians are compared. ``make bench`` prints the ratios at the end (``conftest.py``). One
ratio alone: ``pytest benchmarks/bench_ratios.py -k test_c --benchmark-only`` (``-k c`` would
match all three names).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
from pathlib import Path

import pytest
from bench_metrics import synthetic_counts
from paired import paired, python

from wres_lib.demo.national import NATIONAL_ORGS, generate_national

WORKLOADS = str(Path(__file__).resolve().parent / "workloads.py")
FULL = os.environ.get("WRES_BENCH_FULL") == "1"
NATIONAL_CACHE = Path(os.environ.get("WRES_BENCH_DATA", "/tmp/wres-bench-national"))


def test_a_report_against_one_cell_floor(benchmark, tmp_path: Path) -> None:
    outputs = tmp_path / "outputs"
    floor = tmp_path / "floor"

    def cold() -> None:
        shutil.rmtree(outputs, ignore_errors=True)
        shutil.rmtree(floor, ignore_errors=True)

    stages: list[dict[str, float]] = []

    def read_stages() -> None:
        """What remains in A: the stage timings its manifest records (wall seconds)."""
        (manifest,) = outputs.glob("*/*/manifest.json")
        timings = json.loads(manifest.read_text(encoding="utf-8"))["timings_seconds"]
        # Inside each kernel, from papermill's cell durations: build_report (imports, load,
        # count, measure and, in public mode, disclosure control), the sections (charts
        # included), and the export cell.
        for mode, name in (
            ("internal", "wres_report.ipynb"),
            ("public", "wres_report.public.ipynb"),
        ):
            cells = json.loads((manifest.parent / "internal" / name).read_text(encoding="utf-8"))
            for cell in cells["cells"]:
                source = "".join(cell["source"])
                seconds = cell["metadata"].get("papermill", {}).get("duration") or 0.0
                part = (
                    "build_report"
                    if "build_report(" in source
                    else "export"
                    if "export_report(" in source
                    else "sections"
                    if source.startswith("report.")
                    else None
                )
                if part:
                    key = f"{mode}_{part}"
                    timings[key] = timings.get(key, 0.0) + seconds
        stages.append(timings)

    result = benchmark.pedantic(
        paired,
        args=(
            "(a) wres report, one year, cold",
            "wres report --outputs (demo, latest year)",
            python("-m", "wres_lib.cli", "report", "--outputs", str(outputs)),
            "one-cell notebook, papermill + nbconvert",
            python(WORKLOADS, "floor", str(floor)),
        ),
        kwargs={"before_each": cold, "after_a": read_stages},
        rounds=1,
        iterations=1,
    )
    medians = {name: statistics.median(s[name] for s in stages) for name in stages[0]}
    result.notes.append(
        "A's stages (medians, wall s; the two notebooks run side by side, each followed by its"
        " HTML, the public one by the PDF): "
        + ", ".join(f"{name} {seconds:.1f}" for name, seconds in medians.items())
    )
    benchmark.extra_info["ratio_wall"] = result.ratio("wall")
    # Each side's folder is removed before every run (cold); a failed run raises in run_process.
    assert len(result.a) == len(result.b) >= 1


def test_b_national_counts_against_bare_pandas(benchmark, tmp_path: Path) -> None:
    orgs = NATIONAL_ORGS if FULL else NATIONAL_ORGS // 10
    generate_national(NATIONAL_CACHE, orgs)
    out = tmp_path / "metrics.csv"
    result = benchmark.pedantic(
        paired,
        args=(
            f"(b) counts + metrics, {orgs} organisations",
            "load + count + compute_metrics",
            python(WORKLOADS, "national", str(NATIONAL_CACHE), str(orgs), str(out)),
            "pandas read_csv + group-by, same files",
            python(WORKLOADS, "bare", str(NATIONAL_CACHE), str(orgs)),
        ),
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info["ratio_wall"] = result.ratio("wall")
    benchmark.extra_info["peak_mib"] = result.median("a", "peak_mib")
    assert out.stat().st_size > 0


@pytest.fixture(scope="module")
def region_counts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("compute") / "counts.csv"
    synthetic_counts(250, 5).to_csv(path, index=False)
    return path


def test_c_compute_against_vectorised_reference(
    benchmark, region_counts: Path, tmp_path: Path
) -> None:
    result = benchmark.pedantic(
        paired,
        args=(
            "(c) wres compute, 250 organisations x 5 years",
            "wres compute",
            python(
                "-m",
                "wres_lib.cli",
                "compute",
                "--counts",
                str(region_counts),
                "--out",
                str(tmp_path / "metrics.csv"),
            ),
            "vectorised numpy/pandas reference",
            python(WORKLOADS, "reference", str(region_counts), str(tmp_path / "ref.csv")),
        ),
        rounds=1,
        iterations=1,
    )
    benchmark.extra_info["ratio_wall"] = result.ratio("wall")
    assert (tmp_path / "metrics.csv").stat().st_size > 0
