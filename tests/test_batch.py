"""``wres batch``: 20 generated organisations, one with a broken extract; failures isolated and
listed, exit 1, the rest built; a second run skips everything unchanged.

The jobs build the ``metrics`` product (the year's counts and metrics and comparator rows),
the cheap product: the default ``report`` product is ``wres report`` for each organisation
(about a minute each), which ``test_publish.py`` covers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.cli import main
from wres_lib.demo.national import generate_national, organisations
from wres_lib.inputs.comparator import load_comparators
from wres_lib.inputs.organisations import load_org_list
from wres_lib.measure.metrics import read_metrics
from wres_lib.publish import batch
from wres_lib.publish.batch import stamp_path

YEAR = "2022-23"
BROKEN = "nat007"
ORGS = 20


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20 small generated trusts (at most 800 staff each), shared by this module's tests."""
    out = tmp_path_factory.mktemp("national")
    generate_national(out, orgs=ORGS, max_staff=800)
    return out


@pytest.fixture()
def fixed_code(monkeypatch: pytest.MonkeyPatch) -> str:
    """The code version worked out once: other work in this checkout must not look like a
    code change between two runs of one test."""
    version = batch.code_hash(None)
    monkeypatch.setattr(batch, "code_hash", lambda _notebook: version)
    return version


def _break(folder: Path) -> bytes:
    """A pay band no map knows, on the staff record's third data row (spreadsheet row 4)."""
    path = folder / BROKEN / YEAR / "staff_record.csv"
    original = path.read_bytes()
    lines = original.decode().splitlines(keepends=True)
    lines[3] = lines[3].replace(",Band ", ",Band 99 ", 1)
    assert lines[3] != original.decode().splitlines(keepends=True)[3]
    path.write_text("".join(lines), encoding="utf-8")
    return original


def _run(national: Path, outputs: Path, comparators: Path | None = None) -> int:
    return batch.run_batch_command(
        str(national / "organisations.csv"),
        root=national,
        outputs=outputs,
        year=YEAR,
        workers=2,
        product="metrics",
        comparators=comparators,
        progress=True,
    )


def test_a_broken_organisation_fails_alone_and_a_second_run_skips_the_rest(
    national: Path, tmp_path: Path, fixed_code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = tmp_path / "outputs"
    comparators = tmp_path / "comparators.csv"
    original = _break(national)
    try:
        assert _run(national, outputs, comparators) == 1
        out, err = capsys.readouterr()
        assert "19 built, 0 unchanged (skipped), 1 failed" in out
        failures = [line for line in err.splitlines() if line.startswith("failed:")]
        assert len(failures) == 1
        assert failures[0].startswith(f"failed: {BROKEN} {YEAR}: bad input:")
        assert "staff_record.csv" in err and "row 4" in err and "pay_band" in err
        assert "Band 99" in err
        assert "built=19" in err and "failed=1" in err  # the progress bar's counts
        codes = [org.code for org in organisations(ORGS)]
        for code in codes:
            built = (outputs / code / YEAR / "internal" / "metrics.csv").is_file()
            assert built == (code != BROKEN)
            assert stamp_path(outputs, code, YEAR).is_file() == (code != BROKEN)

        # the comparator CSV: the 19 built, in the contract's shape, the metrics' own values
        rows = load_comparators(comparators)
        assert sorted(set(rows["org_code"])) == [c for c in codes if c != BROKEN]
        metrics = read_metrics(outputs / "nat003" / YEAR / "internal" / "metrics.csv")
        ratio = metrics.query(
            "indicator == 2 and measure == 'all' and statistic == 'relative_likelihood' "
            "and group == 'White/BME'"
        )["value"].iloc[0]
        row = rows.query("org_code == 'nat003' and indicator == 2 and group == 'White/BME'")
        assert row["value"].iloc[0] == pytest.approx(ratio, rel=1e-12)
        listed = {org.org_code: org for org in load_org_list(national / "organisations.csv")}
        assert set(row["region"]) == {listed["nat003"].region}
        # ... and it is what wres system reads: the 19 side by side, with funnel plots
        argv = ["system", "--comparators", str(comparators), "--outputs", str(outputs)]
        assert main([*argv, "--name", "Batch"]) == 0
        page = outputs / "system" / "batch" / YEAR / "public" / "system_view.html"
        assert page.read_text(encoding="utf-8").count("(nat0") >= 19 * 8

        # second run: everything unchanged is skipped, the broken one fails again
        stamps = {c: stamp_path(outputs, c, YEAR).read_bytes() for c in codes if c != BROKEN}
        assert _run(national, outputs) == 1
        out, err = capsys.readouterr()
        assert "0 built, 19 unchanged (skipped), 1 failed" in out
        assert stamps == {c: stamp_path(outputs, c, YEAR).read_bytes() for c in stamps}
    finally:
        (national / BROKEN / YEAR / "staff_record.csv").write_bytes(original)

    # fixed: only the broken one is built
    assert _run(national, outputs) == 0
    out, _ = capsys.readouterr()
    assert "1 built, 19 unchanged (skipped), 0 failed" in out


def test_a_changed_input_or_code_rebuilds_only_what_it_touches(
    national: Path, tmp_path: Path, fixed_code: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    outputs = tmp_path / "outputs"
    listed = [org for org in load_org_list(national / "organisations.csv")][:3]
    jobs, missing = batch.plan_jobs(listed, YEAR, all_years=False)
    assert not missing and [j.org for j in jobs] == ["nat000", "nat001", "nat002"]
    settings = batch.Settings(outputs, "metrics", None, fixed_code)
    first = batch.run_batch(jobs, settings, workers=1)
    assert [o.status for o in first.outcomes] == ["built"] * 3

    # an input of one organisation changes (its params): only it is built again
    params_file = national / "nat001" / "params" / f"{YEAR}.yaml"
    original = params_file.read_text(encoding="utf-8")
    try:
        changed = original.replace("2023-09-05", "2023-09-06")  # the report date
        assert changed != original
        params_file.write_text(changed, encoding="utf-8")
        again = batch.run_batch(jobs, settings, workers=1)
        assert [o.status for o in again.outcomes] == ["skipped", "built", "skipped"]
    finally:
        params_file.write_text(original, encoding="utf-8")

    # a different code version rebuilds every organisation
    newer = batch.Settings(outputs, "metrics", None, "another version")
    assert [o.status for o in batch.run_batch(jobs, newer, 1).outcomes] == ["built"] * 3
    # outputs removed behind the stamp's back are rebuilt, not trusted
    (outputs / "nat002" / YEAR / "internal" / "metrics.csv").unlink()
    statuses = [o.status for o in batch.run_batch(jobs, newer, 1).outcomes]
    assert statuses == ["skipped", "skipped", "built"]
    # switched off (no stamp comparison), the same second run would build everything
    monkeypatch.setattr(batch, "is_current", lambda *args: False)
    assert [o.status for o in batch.run_batch(jobs, newer, 1).outcomes] == ["built"] * 3


def test_the_stamp_holds_every_input_hash_and_the_code_version(
    national: Path, tmp_path: Path, fixed_code: str
) -> None:
    outputs = tmp_path / "outputs"
    (job,), _ = batch.plan_jobs(load_org_list(national / "organisations.csv")[:1], YEAR, False)
    batch.run_batch([job], batch.Settings(outputs, "metrics", None, fixed_code), 1)
    stamp = json.loads(stamp_path(outputs, "nat000", YEAR).read_text(encoding="utf-8"))
    names = sorted(Path(p).name for p in stamp["inputs"])
    assert names == sorted(
        ["2022-23.yaml", "defaults.yaml"]
        + [f"{n}.csv" for n in ("board", "disciplinary", "recruitment")]
        + [f"{n}.csv" for n in ("staff_record", "staff_survey", "training")]
    )
    assert stamp["code"] == fixed_code and stamp["product"] == "metrics"


def test_code_version_changes_with_any_package_file(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "wres_lib"
    (package / "present").mkdir(parents=True)
    (package / "present" / "words.j2").write_text("one", encoding="utf-8")
    monkeypatch.setattr(batch, "_PACKAGE", package)
    before = batch.code_hash(None)
    (package / "present" / "words.j2").write_text("two", encoding="utf-8")
    assert batch.code_hash(None) != before


def test_bad_lists_are_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = tmp_path / "orgs.csv"
    listing.write_text(
        "org_code,params_dir,region\nrx1,missing,London\nrx1,.,Narnia\n", encoding="utf-8"
    )
    outputs = tmp_path / "outputs"
    status = main(["batch", "--orgs", str(listing), "--outputs", str(outputs), "--no-progress"])
    assert status == 2
    err = capsys.readouterr().err
    assert (
        "orgs.csv, row 2, column 'params_dir': value 'missing'; expected an existing folder" in err
    )
    assert "row 3, column 'region': value 'Narnia'" in err
    assert "each organisation on one row" in err
    assert not outputs.exists()


def test_comparators_need_each_region(national: Path, tmp_path: Path, capsys) -> None:
    frame = pd.read_csv(national / "organisations.csv", dtype=str).head(2)
    frame.loc[1, "region"] = ""
    frame["params_dir"] = [str(national / p) for p in frame["params_dir"]]
    listing = tmp_path / "orgs.csv"
    frame.to_csv(listing, index=False)
    argv = ["batch", "--orgs", str(listing), "--outputs", str(tmp_path / "o")]
    assert main([*argv, "--comparators", str(tmp_path / "c.csv"), "--no-progress"]) == 2
    assert "row 3, column 'region'" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_all_years_is_one_job_per_year_and_the_window_reaches_back(
    tmp_path: Path, fixed_code: str
) -> None:
    for year in ("2021-22", YEAR):
        generate_national(tmp_path / "national", orgs=1, year=year, max_staff=600)
    listed = load_org_list(tmp_path / "national" / "organisations.csv")
    jobs, missing = batch.plan_jobs(listed, None, all_years=True)
    assert not missing and [(j.org, j.year) for j in jobs] == [
        ("nat000", "2021-22"),
        ("nat000", YEAR),
    ]
    latest, _ = batch.plan_jobs(listed, None, all_years=False)
    assert [j.year for j in latest] == [YEAR]
    outputs = tmp_path / "outputs"
    result = batch.run_batch(jobs, batch.Settings(outputs, "metrics", None, fixed_code), 1)
    assert [o.status for o in result.outcomes] == ["built", "built"]
    stamp = json.loads(stamp_path(outputs, "nat000", YEAR).read_text(encoding="utf-8"))
    # the 2022-23 build read 2021-22's extracts too (its trend window)
    assert sum("2021-22" in path for path in stamp["inputs"]) == 7  # six extracts, params


@pytest.mark.slow
def test_the_default_product_is_the_whole_report(
    tmp_path: Path, fixed_code: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    """One small trust through ``wres batch`` as the default product: its public report,
    tables and manifest, published as ``wres report`` publishes them; then skipped."""
    generate_national(tmp_path / "national", orgs=1, max_staff=500)
    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # the notebook is found from here
    argv = ["batch", "--orgs", str(tmp_path / "national" / "organisations.csv")]
    argv += ["--outputs", str(tmp_path / "outputs"), "--workers", "1", "--no-progress"]
    assert main(argv) == 0
    year_dir = tmp_path / "outputs" / "nat000" / YEAR
    assert (year_dir / "public" / "wres_report.html").is_file()
    assert (year_dir / "internal" / "metrics.csv").is_file()
    manifest = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest  # written by the same publish step as wres report
    assert (year_dir / "internal" / batch.COMPARATOR_NAME).is_file()
    assert "1 built, 0 unchanged" in capsys.readouterr().out
    assert main(argv) == 0
    assert "0 built, 1 unchanged (skipped)" in capsys.readouterr().out


def test_a_killed_worker_takes_no_job_down_with_it(
    national: Path, tmp_path: Path, fixed_code: str
) -> None:
    """Killing the pool's workers mid-batch (as the kernel's out-of-memory killer would) breaks
    the pool; the jobs it took down run again in a fresh one and every organisation is built."""
    import psutil

    me = psutil.Process()
    killed: list[int] = []

    def kill_workers_once(_outcome: batch.Outcome) -> None:
        if killed:
            return
        workers = [p for p in me.children(recursive=True) if p.ppid() != me.pid]
        for worker in workers:  # the forkserver's children: the pool's workers
            worker.kill()
            killed.append(worker.pid)

    listed = load_org_list(national / "organisations.csv")[:6]
    jobs, _ = batch.plan_jobs(listed, YEAR, all_years=False)
    settings = batch.Settings(tmp_path / "outputs", "metrics", None, fixed_code)
    result = batch.run_batch(jobs, settings, workers=2, on_done=kill_workers_once)
    assert killed
    # a job that had finished its build when its worker was killed is found unchanged
    assert {o.status for o in result.outcomes} <= {"built", "skipped"}
    for job in jobs:
        assert (tmp_path / "outputs" / job.org / YEAR / "internal" / "metrics.csv").is_file()
