"""``wres report`` under faults: one run per organisation and year, a disk that cannot be
written, leftovers of a killed run, made-up data, and prompt, clean stops on SIGTERM/SIGINT."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from test_publish import make_project, report_args

from wres_lib.cli import main
from wres_lib.publish import staging
from wres_lib.publish.command import run_report_command

ROOT = Path(__file__).resolve().parents[1]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith((".staging", ".backup")))


def test_a_second_run_on_the_same_org_and_year_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path)
    held = staging.lock_year(root / "outputs" / "testorg", "2022-23")
    try:
        assert run_report_command(report_args(params="params/2022-23.yaml"), root) == 1
    finally:
        held.release()
    err = capsys.readouterr().err
    assert "another wres report is building testorg 2022-23" in err
    assert "Traceback" not in err
    assert not (root / "outputs" / "testorg").exists()  # the lock file went with the lock


def test_a_killed_runs_leftovers_are_tidied_and_a_half_swap_undone(tmp_path: Path) -> None:
    org_dir = tmp_path / "outputs" / "testorg"
    (org_dir / ".staging-2022-23-dead" / "public").mkdir(parents=True)
    (org_dir / ".backup-2022-23-beef").mkdir()
    (org_dir / ".backup-2022-23-beef" / "metrics.csv").write_text("old\n", encoding="utf-8")
    (org_dir / ".staging-2021-22-other").mkdir()  # another year's run: not ours to touch
    lock = staging.lock_year(org_dir, "2022-23")
    lock.release()
    assert (org_dir / "2022-23" / "metrics.csv").read_text(encoding="utf-8") == "old\n"
    assert leftovers(tmp_path) == [".staging-2021-22-other"]


def test_an_outputs_folder_that_cannot_be_written_is_one_line_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path)
    (root / "outputs").write_text("a file where the folder should be", encoding="utf-8")
    assert run_report_command(report_args(params="params/2022-23.yaml"), root) == 1
    err = capsys.readouterr().err
    assert err.startswith("wres report: cannot write to the outputs folder") and err[-1] == "\n"
    assert err.count("\n") == 1


def test_too_little_free_space_is_found_before_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import papermill

    root = make_project(tmp_path)
    monkeypatch.setattr(staging, "FREE_SPACE_NEEDED", 2**60)
    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: pytest.fail("built"))
    assert run_report_command(report_args(params="params/2022-23.yaml"), root) == 1
    assert "not enough free space" in capsys.readouterr().err
    assert not (root / "outputs" / "testorg").exists()


def test_a_full_disk_during_the_build_is_one_line_and_earlier_outputs_stay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import papermill

    root = make_project(tmp_path)
    old = root / "outputs" / "testorg" / "2022-23"
    old.mkdir(parents=True)
    (old / "metrics.csv").write_text("old\n", encoding="utf-8")

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(root / "outputs" / "x"))

    monkeypatch.setattr(papermill, "execute_notebook", full)
    assert run_report_command(report_args(params="params/2022-23.yaml"), root) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    assert (old / "metrics.csv").read_text(encoding="utf-8") == "old\n"
    assert leftovers(root / "outputs") == []


def test_copied_demo_params_with_a_mistyped_data_dir_make_no_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A trust's copy of the demo params (org: demo) must never get the synthetic trust."""
    (tmp_path / "params").mkdir()
    for name in ("defaults.yaml", "2022-23.yaml"):
        text = (ROOT / "params" / name).read_text(encoding="utf-8")
        text = text.replace("data_dir: data/demo/2022-23", "data_dir: data/ourtrust/2022-3")
        (tmp_path / "params" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in ("validate", "report"):
        args = (
            ["params/2022-23.yaml"]
            if command == "validate"
            else ["--params", "params/2022-23.yaml"]
        )
        assert main([command, *args]) == 2
        err = capsys.readouterr().err
        assert "2022-23.yaml, row 4, column 'data_dir'" in err and "data/ourtrust/2022-3" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["params"]  # no data, no outputs


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_report_within_seconds(tmp_path: Path, signum: int) -> None:
    """The real demo report, stopped while its kernels run: exit 128+signal in a few seconds,
    kernels gone, no staging folder, earlier outputs untouched."""
    outputs = tmp_path / "outputs"
    old = outputs / "demo" / "2022-23"
    old.mkdir(parents=True)
    (old / "metrics.csv").write_text("old\n", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "wres_lib.cli", "report", "--outputs", str(outputs)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    while len(parent.children(recursive=True)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)  # wait for both kernels
    kernels = parent.children(recursive=True)
    assert len(kernels) >= 2
    time.sleep(3)
    sent = time.monotonic()
    process.send_signal(signum)
    process.wait(timeout=30)
    took = time.monotonic() - sent
    err = process.stderr.read()
    assert process.returncode == 128 + signum, err
    assert took < 8, took
    assert f"stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert not [k for k in kernels if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    assert leftovers(outputs) == []
    assert sorted(p.name for p in (outputs / "demo").iterdir()) == ["2022-23"]
    assert (old / "metrics.csv").read_text(encoding="utf-8") == "old\n"


def test_a_bad_action_plan_stops_the_report_before_any_notebook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import papermill

    root = make_project(tmp_path)
    (root / "plans").mkdir()
    (root / "plans" / "plan.yaml").write_text("title: Plan\nstatus_date: 2023-08-32\n")
    params = root / "params" / "2022-23.yaml"
    params.write_text(params.read_text() + "action_plans: {current: plans/plan.yaml}\n")
    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: pytest.fail("ran"))
    monkeypatch.chdir(root)
    assert main(["report", "--params", "params/2022-23.yaml"]) == 2
    err = capsys.readouterr().err
    assert "plan.yaml, row 2, column 'status_date': value '2023-08-32'" in err
    assert not (root / "outputs").exists()
