"""Two runs on the same inputs publish the same bytes (issue 15, item 8).

The session's build of every demo year (conftest) is compared with a second build of the
latest year from a fresh copy of the project: every public file and ``internal/metrics.csv``
must be byte-identical. The PDF is the one exception: the browser stamps its creation time and
document id, so its pages' text is compared instead; the manifest holds timings by design.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import demo_project
from test_publish import latest_demo_year, report_args

from wres_lib.publish.command import run_report_command

pytestmark = pytest.mark.slow


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def pdf_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def test_a_rebuild_publishes_identical_files(demo_outputs: Path, tmp_path: Path):
    root = demo_project(tmp_path)
    year = latest_demo_year()
    # The earlier years' public reports are an input too (disclosure control takes them as
    # known to every reader), so the second build starts from the same ones as the first.
    years = [p for p in demo_outputs.iterdir() if (p / "public").is_dir() and p.name < year]
    for earlier in sorted(years):
        shutil.copytree(earlier / "public", root / "outputs" / "demo" / earlier.name / "public")
    assert run_report_command(report_args(year=year), root) == 0
    first, second = demo_outputs / year, root / "outputs" / "demo" / year
    before, after = files(first / "public"), files(second / "public")
    assert sorted(before) == sorted(after)
    assert "wres_report.html" in before and "wres_tables.xlsx" in before
    different = [name for name in before if before[name] != after[name]]
    pdfs = [name for name in different if name.endswith(".pdf")]
    assert different == pdfs, different
    for name in pdfs:
        assert pdf_text(first / "public" / name) == pdf_text(second / "public" / name)
    metrics = "internal/metrics.csv"
    assert (first / metrics).read_bytes() == (second / metrics).read_bytes()
