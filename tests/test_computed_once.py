"""Work shared by one run's processes: computed by the first, read by the rest (issue 14)."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import demo_project

from wres_lib.inputs.params import find_params, load_params
from wres_lib.measure import window
from wres_lib.measure.computed_once import computed_once, input_key


def test_without_a_folder_every_call_computes() -> None:
    calls = []
    for _ in range(2):
        assert computed_once(None, "k", lambda: calls.append(1) or 7) == 7
    assert len(calls) == 2


def test_the_second_call_reads_what_the_first_computed(tmp_path: Path) -> None:
    calls = []
    frame = pd.DataFrame({"count": [1, 2]}, index=["a", "b"])
    frame.attrs["notes"] = {"x": "y"}

    def compute() -> pd.DataFrame:
        calls.append(1)
        return frame

    first = computed_once(tmp_path, "counts", compute)
    second = computed_once(tmp_path, "counts", compute)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(second, first)
    assert second.attrs == {"notes": {"x": "y"}}  # the notes a report prints travel with it
    assert not list(tmp_path.glob("*.claim")) and not list(tmp_path.glob("*.partial"))


def test_a_claimed_key_is_waited_for_not_computed_again(tmp_path: Path) -> None:
    (tmp_path / "k.claim").touch()  # another process is computing it

    def finish_elsewhere() -> None:
        time.sleep(0.3)
        partial = tmp_path / "k.partial"
        partial.write_bytes(pickle.dumps("theirs"))
        os.replace(partial, tmp_path / "k.pickle")
        (tmp_path / "k.claim").unlink()

    other = threading.Thread(target=finish_elsewhere)
    other.start()
    assert computed_once(tmp_path, "k", lambda: "mine") == "theirs"
    other.join()


def test_a_claimant_that_fails_leaves_the_work_to_the_next(tmp_path: Path) -> None:
    def broken() -> str:
        raise ValueError("bad extract")

    with pytest.raises(ValueError, match="bad extract"):
        computed_once(tmp_path, "k", broken)
    assert not (tmp_path / "k.claim").exists()  # nobody waits for a result that never comes
    assert computed_once(tmp_path, "k", lambda: "computed") == "computed"


def test_a_claim_left_by_a_dead_process_is_not_waited_for(tmp_path: Path) -> None:
    """A kernel killed while computing leaves its claim: the other must not wait 10 minutes."""
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (tmp_path / "k.claim").write_text(str(dead.pid))
    started = time.monotonic()
    assert computed_once(tmp_path, "k", lambda: "computed here") == "computed here"
    assert time.monotonic() - started < 5


def test_a_result_that_cannot_be_stored_is_still_returned(tmp_path: Path) -> None:
    value = computed_once(tmp_path, "k", lambda: lambda: 1)  # a lambda does not pickle
    assert value() == 1
    assert not list(tmp_path.iterdir())  # no claim, no partial file, no result


def test_without_an_existing_folder_nothing_is_written(tmp_path: Path) -> None:
    gone = tmp_path / "run-folder-removed"
    assert computed_once(gone, "k", lambda: 3) == 3
    assert not gone.exists()


def test_the_key_changes_with_a_file_or_a_part(tmp_path: Path) -> None:
    extract = tmp_path / "staff_record.csv"
    extract.write_text("a\n1\n")
    key = input_key("year-counts", [extract], "2022-23")
    assert input_key("year-counts", [extract], "2022-23") == key
    assert input_key("year-counts", [extract], "2021-22") != key
    extract.write_text("a\n12\n")  # another size
    assert input_key("year-counts", [extract], "2022-23") != key


def test_all_years_load_each_year_once_and_give_the_same_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five report years share one run folder: each year's extracts are loaded once (not once
    per window that holds it), and every window's counts and metrics are as computed alone."""
    years = find_params(demo_project(tmp_path / "project") / "params")
    cache = tmp_path / "run"
    cache.mkdir()
    loaded: list[str] = []
    real_load = window.load_year

    def counting_load(params):  # noqa: ANN001, ANN202
        loaded.append(params.year)
        return real_load(params)

    alone = {year: window.gather(load_params(path)) for year, path in years.items()}
    monkeypatch.setattr(window, "load_year", counting_load)
    monkeypatch.setattr(window, "_YEAR_COUNTS", {})  # as in a fresh kernel: only the run folder
    for year, path in years.items():
        shared = window.gather(load_params(path), cache)
        pd.testing.assert_frame_equal(shared.counts, alone[year].counts)
        pd.testing.assert_frame_equal(shared.metrics, alone[year].metrics)
        assert shared.excluded == alone[year].excluded
    assert sorted(loaded) == sorted(years)  # 5 loads, where 14 windows-years were needed
    loaded.clear()
    window.gather(load_params(years[max(years)]), cache)  # the other kernel: all cached
    assert loaded == []
