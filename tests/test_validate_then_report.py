"""Whatever `wres validate` passes, `wres report` builds; whatever it refuses, `wres report`
refuses too, with exit 2 and a message naming the file (issue 23, item 5).

The inputs are the bad-input corpus (tests/bad_inputs/cases.py, on the trimmed trust of
tests/test_corpus.py) and trusts made of aggregate counts (params ``published_counts``, from
seed 003's published figures). ``wres validate`` runs on every case; the real ``wres report``
(the environment's entry point, in a process of its own) then runs

* once for each distinct set of inputs among the cases validate passes: two cases whose
  extracts load to the same counts, notes and params (a BOM, CRLF line ends, upper-case
  headers...) give the same report, so one build stands for them all;
* once for each file named first among the cases validate refuses (one per extract, params
  file and plan): the report reads a file with the very loaders validate uses, so one refusal
  per file shows the report refusing it, and naming it, as validate did.

A report takes 10 to 20 seconds, so the module is slow (about four minutes on two cores).
Reports are built without a PDF (``WRES_CHROMIUM`` names no browser): a PDF that cannot be
printed is said and skipped, never a change of exit status.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import test_corpus as corpus
from bad_inputs.cases import CASES, DATA, ROWS

from wres_lib.cli import main
from wres_lib.demo.trust import build_demo_tables
from wres_lib.inputs.params import load_params
from wres_lib.inputs.tabular import write_csv
from wres_lib.measure.window import gather

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
WRES = Path(sys.executable).with_name("wres")
SEED_COUNTS = ROOT / "tests" / "fixtures" / "seed003" / "counts.csv"
PARAMS_FILE = Path("params") / "2022-23.yaml"


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def validate(params: Path) -> Outcome:
    """``wres validate`` in-process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(params)])
    return Outcome(code, out.getvalue(), err.getvalue())


def report(params: Path) -> Outcome:
    """The real ``wres report --params``, in the trust's folder, as a user runs it."""
    env = {**os.environ, "WRES_CHROMIUM": str(params.parent / "no-chromium")}
    done = subprocess.run(
        [str(WRES), "report", "--params", str(params)],
        cwd=params.parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Outcome(done.returncode, done.stdout, done.stderr)


def reports(params: Sequence[Path]) -> list[Outcome]:
    """Several reports, two at a time (each is mostly waiting on its two kernels)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(report, params))


def first_file_named(message: str) -> str:
    """The file of a bad-input message's first problem (``  <file>, row ...; expected ...``)."""
    line = message.split("bad input:", 1)[1].strip().splitlines()[0]
    for mark in (", row ", ", column ", ": value ", "; expected "):
        line = line.split(mark, 1)[0]
    return line.strip()


def what_report_reads(params_file: Path) -> str:
    """A digest of everything a report is drawn from once its inputs are read: the window's
    counts, notes and exclusions, the Model Employer baseline, the params (not the sources'
    paths: the extracts are read into the counts) and the action plans."""
    params = load_params(params_file)
    data = gather(params)
    settings = params.model_dump(mode="json", exclude={"sources", "data_dir"})
    text = json.dumps(
        [data.years, data.data_notes, data.excluded, data.model_employer_baseline, settings],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(text.encode())
    digest.update(data.counts.to_csv().encode())
    for key, relative in params.action_plans:
        if relative is not None:
            digest.update(params.resolve_in_project(relative, key).read_bytes())
    return digest.hexdigest()


# -- the corpus ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/test_corpus.py's trust: the demo's 2022-23 extracts, trimmed, set up as the
    README says."""
    root = tmp_path_factory.mktemp("trust")
    for (year, name), frame in build_demo_tables().items():
        if year == "2022-23":
            write_csv(frame.head(ROWS[name]), root / DATA / f"{name}.csv")
    (root / "params").mkdir()
    (root / PARAMS_FILE).write_text(corpus.PARAMS.format(data=DATA), encoding="utf-8")
    (root / "params" / "defaults.yaml").write_text(corpus.DEFAULTS, encoding="utf-8")
    (root / "plans").mkdir()
    shutil.copy(
        corpus.REPOSITORY / "data" / "examples" / "demo_plan_2022-23.yaml",
        root / "plans" / "plan_2022-23.yaml",
    )
    return root


@dataclass
class Validated:
    """Each corpus case's folder and ``wres validate``'s outcome on it."""

    params: dict[str, Path]
    outcome: dict[str, Outcome]


@pytest.fixture(scope="module")
def validated(trust: Path, tmp_path_factory: pytest.TempPathFactory) -> Validated:
    cases = tmp_path_factory.mktemp("cases")
    result = Validated({}, {})
    for number, case in enumerate(CASES):
        root = cases / f"case{number:03d}"
        shutil.copytree(trust, root)
        case.mutate(root)
        result.params[case.id] = root / PARAMS_FILE
        result.outcome[case.id] = validate(root / PARAMS_FILE)
    return result


def test_every_case_is_validated_to_0_or_2(validated: Validated) -> None:
    codes = {case: outcome.code for case, outcome in validated.outcome.items()}
    assert set(codes.values()) <= {0, 2}, {c: n for c, n in codes.items() if n not in (0, 2)}
    assert 0 in codes.values() and 2 in codes.values()


def test_what_validate_passes_the_report_builds(validated: Validated) -> None:
    passed = [case for case, outcome in validated.outcome.items() if outcome.code == 0]
    alike: dict[str, list[str]] = {}
    for case in passed:
        alike.setdefault(what_report_reads(validated.params[case]), []).append(case)
    built = [cases[0] for cases in alike.values()]
    outcomes = reports([validated.params[case] for case in built])
    failed = {
        f"{case} (standing for {len(alike_cases)} cases)": f"exit {o.code}: {o.err[-1500:]}"
        for case, alike_cases, o in zip(built, alike.values(), outcomes, strict=True)
        if o.code != 0
    }
    assert not failed, json.dumps(failed, indent=1)
    for case, outcome in zip(built, outcomes, strict=True):
        public = validated.params[case].parent.parent / "outputs" / "trust" / "2022-23" / "public"
        assert (public / "wres_report.html").is_file(), (case, outcome.err[-500:])


def test_what_validate_refuses_the_report_refuses_naming_the_file(validated: Validated) -> None:
    refused = {case: o for case, o in validated.outcome.items() if o.code == 2}
    one_per_file: dict[str, str] = {}
    for case, outcome in refused.items():
        one_per_file.setdefault(Path(first_file_named(outcome.err)).name, case)
    cases = list(one_per_file.values())
    outcomes = reports([validated.params[case] for case in cases])
    wrong = {}
    for case, outcome in zip(cases, outcomes, strict=True):
        named = first_file_named(refused[case].err)
        if outcome.code != 2 or named not in outcome.err or "Traceback" in outcome.err:
            wrong[case] = f"validate named {named}; report: exit {outcome.code}: {outcome.err}"
    assert not wrong, json.dumps(wrong, indent=1)[:6000]
    assert len(cases) >= 8  # extracts, params, defaults and plan each refused at least once


# -- trusts made of aggregate counts ---------------------------------------------------------
def seed_counts(year: str, like: str | None = None) -> pd.DataFrame:
    """Seed 003's published counts of ``like`` (default ``year``), as ``year``'s."""
    frame = pd.read_csv(SEED_COUNTS, dtype=str, keep_default_na=False)
    frame = frame[frame["year"] == (like or year)].copy()
    frame["year"] = year
    return frame


def counts_trust(root: Path, years: dict[str, pd.DataFrame]) -> dict[str, Path]:
    """A trust whose every year is a counts file (``published_counts``), no extracts."""
    (root / "params").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "params" / "defaults.yaml").write_text(
        "org: lpt\norg_name: Aggregate Counts NHS Trust\n", encoding="utf-8"
    )
    params = {}
    for year, frame in years.items():
        frame.to_csv(root / "data" / f"counts_{year}.csv", index=False)
        path = root / "params" / f"{year}.yaml"
        path.write_text(
            f'year: "{year}"\nsnapshot_date: {int(year[:4]) + 1}-03-31\ndata_dir: data\n'
            f"published_counts: [counts_{year}.csv]\n",
            encoding="utf-8",
        )
        params[year] = path
    return params


FIVE_YEARS = {  # seed 003 publishes 2019-20 to 2021-22 in full; its neighbours are borrowed
    "2018-19": ("2019-20",),
    "2019-20": (),
    "2020-21": (),
    "2021-22": (),
    "2022-23": ("2021-22",),
}


def test_a_trust_of_published_counts_validates_and_reports(tmp_path: Path) -> None:
    """Five years of counts files: the 2022-23 report's trend window is 2019-20 on, and the
    Model Employer trajectory starts from the earliest year's published share (2018-19: a
    counts file, outside the window), so the public report prints the trajectory."""
    params = counts_trust(
        tmp_path, {year: seed_counts(year, *like) for year, like in FIVE_YEARS.items()}
    )
    data = gather(load_params(params["2022-23"]))
    assert data.years == ["2019-20", "2020-21", "2021-22", "2022-23"]
    baseline_year, share, fixed = data.model_employer_baseline
    assert (baseline_year, fixed) == ("2018-19", False) and share is not None
    checked = validate(params["2022-23"])
    assert checked.code == 0, checked.err
    assert f"Model Employer trajectory from 2018-19: {share}% BME" in checked.out
    done = report(params["2022-23"])
    assert done.code == 0, done.err[-2000:]
    tables = tmp_path / "outputs" / "lpt" / "2022-23" / "public" / "tables"
    assert list(tables.glob("*model_employer_trajectory*.csv")), sorted(tables.iterdir())


def test_a_year_of_published_counts_without_indicator_1(tmp_path: Path) -> None:
    """Seed 003's 2018-19 figures have no indicator 1 (so no one at senior bands): the report
    builds without a Model Employer trajectory, as validate said it would."""
    params = counts_trust(tmp_path, {"2018-19": seed_counts("2018-19")})
    checked = validate(params["2018-19"])
    assert checked.code == 0, checked.err
    assert "note: the report has no Model Employer trajectory" in checked.out
    done = report(params["2018-19"])
    assert done.code == 0, done.err[-2000:]


def test_published_counts_that_contradict_indicator_1_are_refused(tmp_path: Path) -> None:
    """939 BME staff on courses (indicator 4) but 900 BME staff in post (indicator 1): a
    reader takes indicator 4's denominator to be that headcount, so the figures cannot both
    be printed. Refused by validate and report alike, naming the counts file and its row."""
    frame = seed_counts("2021-22")
    overall_bme = (frame["indicator"] == "1") & (frame["measure"] == "overall")
    overall_bme &= frame["group"] == "BME"
    frame.loc[overall_bme, "numerator"] = "900"
    params = counts_trust(tmp_path, {"2021-22": frame})
    counts_file = str(tmp_path / "data" / "counts_2021-22.csv")
    checked = validate(params["2021-22"])
    assert checked.code == 2, checked.out
    trained_bme = (frame["indicator"] == "4") & (frame["group"] == "BME")
    row = 2 + list(trained_bme).index(True)  # the spreadsheet row: the header is row 1
    assert f"{counts_file}, row {row}, column 'numerator': value 939" in checked.err
    assert "at most 900, indicator 1's overall count of BME staff in 2021-22" in checked.err
    done = report(params["2021-22"])
    assert done.code == 2 and counts_file in done.err, done.err[-2000:]
    assert "Traceback" not in done.err
