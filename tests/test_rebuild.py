"""One publication whatever the build order, byte for byte (issue 22, items 1 and 7).

The session's build of every demo year (``wres report --all-years``, conftest) is the reference.
The latest year built alone in a fresh copy of the project, with no earlier public folders on
disk, reconstructs what this suite published for the earlier years and must publish the same
bytes, the PDF included (its dates come from the data, not the clock); so must ``--all-years``
run afterwards in that copy, and the latest year built again on top of it (a rebuild: the
earlier years now built on disk). The manifest says where each year's history came from.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import demo_project
from test_publish import latest_demo_year, report_args

from wres_lib.protect.attack import attack
from wres_lib.publish.command import run_report_command

pytestmark = pytest.mark.slow


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def different(first: Path, second: Path) -> list[str]:
    before, after = files(first), files(second)
    assert sorted(before) == sorted(after)
    return [name for name in before if before[name] != after[name]]


def history(year_folder: Path) -> dict[str, str]:
    manifest = json.loads((year_folder / "manifest.json").read_text(encoding="utf-8"))
    return {year: how for year, (how, _where) in manifest["history"].items()}


def test_the_latest_year_is_the_same_alone_after_and_before_all_years(
    demo_outputs: Path, tmp_path: Path
) -> None:
    year = latest_demo_year()
    reference = demo_outputs / year
    root = demo_project(tmp_path)
    built = root / "outputs" / "demo"

    # Alone, first: nothing earlier on disk, so the earlier years are reconstructed.
    assert run_report_command(report_args(year=year), root) == 0
    assert [p.name for p in built.iterdir() if not p.name.startswith(".")] == [year]
    assert different(reference / "public", built / year / "public") == []
    assert set(history(built / year).values()) == {"reconstructed"}
    assert set(history(reference).values()) == {"built"}
    assert history(built / year).keys() == history(reference).keys()
    metrics = "internal/metrics.csv"
    assert (reference / metrics).read_bytes() == (built / year / metrics).read_bytes()

    # Then every year in order, in the same folder: the latest year's bytes do not move.
    assert run_report_command(report_args(all_years=True), root) == 0
    for earlier in demo_outputs.iterdir():
        if (earlier / "public").is_dir():
            assert different(earlier / "public", built / earlier.name / "public") == []
    # And the latest year again, its history now built on disk.
    shutil.rmtree(built / year)
    assert run_report_command(report_args(year=year), root) == 0
    assert different(reference / "public", built / year / "public") == []
    assert set(history(built / year).values()) == {"built"}
    # The five reports, read together by an attacker, give nothing away.
    together = attack(sorted(built.glob("*/public")))
    assert together.ok and together.narrowest is not None and together.narrowest.width >= 10
