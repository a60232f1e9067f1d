"""The corpus of awkward inputs (tests/bad_inputs/cases.py) run through ``wres validate``.

Each case copies a small valid trust folder (the demo trust's 2022-23 extracts, trimmed),
mutates one extract, params or plan file, and runs ``wres validate`` in-process. A case
expected to be read must exit 0 and load the values it states; a case expected to be refused
must exit 2 with a message naming what the case lists, and no traceback. Nothing is written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bad_inputs.cases import CASES, DATA, ROWS, Case

from wres_lib.cli import main
from wres_lib.demo.trust import build_demo_tables
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import load_params
from wres_lib.inputs.tabular import write_csv

REPOSITORY = Path(__file__).resolve().parents[1]
PARAMS = """\
year: "2022-23"
snapshot_date: 2023-03-31
report_date: 2023-09-27
data_dir: {data}
sources:
  staff_record: {{path: staff_record.csv}}
  recruitment: {{path: recruitment.csv}}
  disciplinary: {{path: disciplinary.csv}}
  training: {{path: training.csv}}
  staff_survey: {{path: staff_survey.csv}}
  board: {{path: board.csv}}
survey:
  survey_year: 2022
  questions:
    5: {{all: q13a}}
    6: {{all: q13bc, managers: q13b, colleagues: q13c}}
    7: {{all: q15}}
    8: {{all: q16b}}
model_employer:
  target_percent: 25.6
governance:
  meeting: Trust Board, 26 September 2023
action_plans:
  current: plans/plan_2022-23.yaml
"""
DEFAULTS = """\
# Organisation defaults for the corpus trust.
org: trust
org_name: Test Valley NHS Trust
"""


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A trust folder set up as the README says, with the demo's 2022-23 extracts trimmed."""
    root = tmp_path_factory.mktemp("trust")
    for (year, name), frame in build_demo_tables().items():
        if year == "2022-23":
            write_csv(frame.head(ROWS[name]), root / DATA / f"{name}.csv")
    (root / "params").mkdir()
    (root / "params" / "2022-23.yaml").write_text(PARAMS.format(data=DATA), encoding="utf-8")
    (root / "params" / "defaults.yaml").write_text(DEFAULTS, encoding="utf-8")
    (root / "plans").mkdir()
    shutil.copy(
        REPOSITORY / "data" / "examples" / "demo_plan_2022-23.yaml",
        root / "plans" / "plan_2022-23.yaml",
    )
    return root


def test_the_untouched_trust_validates(trust: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["validate", str(trust / "params" / "2022-23.yaml")]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert f"staff_record: {ROWS['staff_record']} rows" in out
    assert "action plan (current): 14 actions" in out


def test_corpus_is_large_and_says_what_it_expects() -> None:
    assert len(CASES) >= 100
    assert len({case.id for case in CASES}) == len(CASES)
    for case in CASES:
        assert case.expect in ("read", "refused")
        assert (case.check is not None) == (case.expect == "read"), case.id
        assert case.says or case.expect == "read", case.id


def files_of(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*")}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_awkward_input(
    case: Case, trust: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    root = tmp_path / "trust"
    shutil.copytree(trust, root)
    case.mutate(root)
    params = root / "params" / "2022-23.yaml"
    before = files_of(root)
    code = main(["validate", str(params)])
    out, err = capsys.readouterr()
    assert files_of(root) == before  # validate writes nothing
    assert "Traceback" not in out + err
    if case.expect == "read":
        assert code == 0, err
        case.check(load_year(load_params(params)))
        return
    assert code == 2, f"exit {code}; stdout {out[-300:]!r}; stderr {err[-600:]!r}"
    assert err.startswith("wres validate: bad input:")
    missing = [text for text in case.says if text not in err]
    assert not missing, f"message lacks {missing}:\n{err[:2000]}"
