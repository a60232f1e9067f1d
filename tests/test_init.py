"""``wres init`` → fill in → ``wres validate`` → ``wres report``: a trust's own folder never
publishes the demo's governance text, and an unfilled placeholder is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from wres_lib.cli import main
from wres_lib.demo.trust import generate_demo_trust
from wres_lib.errors import InputError
from wres_lib.inputs.params import PLACEHOLDER, load_params
from wres_lib.inputs.schemas import COLUMNS
from wres_lib.plan.model import load_plan

REPOSITORY = Path(__file__).resolve().parents[1]
YEAR = "2022-23"  # the demo's latest year: its extracts fill the initialised folder
DEMO_SPONSOR = "Director of People and Organisational Development"
DEMO_RISK = "73. Failure to deliver"
# The trust's own values, filled in where init left placeholders.
OWN = {
    ("report_date",): "2023-10-04",
    ("model_employer", "target_percent"): 31.5,
    ("model_employer", "target_year"): 2028,
    ("governance", "meeting"): "Public Board, 5 October 2023",
    ("governance", "sponsor"): "Chief People Officer (Example)",
    ("governance", "authors"): ["Workforce Analyst (Example)"],
    ("governance", "meeting_date"): "2023-10-05",
    ("governance", "submitted"): "2023-09-28",
    ("governance", "considered"): [
        {"forum": "People Committee (Example)", "date": "2023-07-11", "assurance": "assured"}
    ],
    ("governance", "nhs_england_submitted"): "2023-08-30",
    ("governance", "ask"): ["approve"],
    ("governance", "strategic_aims"): ["Great place to work (Example)"],
    ("governance", "risk_register"): "12. Example workforce equality risk",
    ("governance", "purpose"): "Approve the Example trust's WRES report for publication.",
}


def _init(tmp_path: Path) -> Path:
    folder = tmp_path / "trust"
    assert (
        main(["init", str(folder), "--org", "rxy", "--name", "Example NHS Trust", "--year", YEAR])
        == 0
    )
    return folder


def _fill(folder: Path) -> None:
    """Replace every placeholder: own values, and the demo survey's question numbers."""
    demo_year = yaml.safe_load((REPOSITORY / "params" / f"{YEAR}.yaml").read_text())
    for name in ("defaults.yaml", f"{YEAR}.yaml"):
        path = folder / "params" / name
        data = yaml.safe_load(path.read_text())
        for (*parents, key), value in OWN.items():
            node = data
            for part in parents:
                node = node.get(part, {})
            if key in node:
                node[key] = value
        if "survey" in data:
            data["survey"]["questions"] = demo_year["survey"]["questions"]
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    for name in ("defaults.yaml", f"{YEAR}.yaml"):
        assert PLACEHOLDER not in (folder / "params" / name).read_text()


def _copy_demo_extracts(tmp_path: Path, folder: Path) -> None:
    demo = tmp_path / "demo"
    generate_demo_trust(demo)
    for source in COLUMNS:
        shutil.copy(demo / YEAR / f"{source}.csv", folder / "data" / YEAR / f"{source}.csv")


def test_init_writes_templates_and_refuses_a_used_folder(tmp_path, capsys):
    folder = _init(tmp_path)
    for source, columns in COLUMNS.items():
        assert (folder / "data" / YEAR / f"{source}.csv").read_text() == ",".join(columns) + "\n"
    params_text = (folder / "params" / "defaults.yaml").read_text()
    assert DEMO_SPONSOR not in params_text and "73." not in params_text
    year = yaml.safe_load((folder / "params" / f"{YEAR}.yaml").read_text())
    assert (year["year"], year["data_dir"]) == (YEAR, f"data/{YEAR}")
    assert "action_plans" not in year  # the starter plan is referenced once filled in
    starter = folder / "plans" / f"action_plan_{YEAR}.yaml"
    with pytest.raises(InputError) as raised:  # refused until its placeholders are filled in
        load_plan(starter)
    assert {p.column for p in raised.value.problems} >= {"title", "approval.by"}
    filled = starter.read_text().replace(PLACEHOLDER, "Our")
    starter.write_text(filled)
    assert load_plan(starter).organisation == "Example NHS Trust"
    assert "wres validate" in (folder / "README.md").read_text()
    package_maps = REPOSITORY / "wres_lib" / "inputs" / "data"
    for name in ("pay_band_map.csv", "staff_group_map.csv", "ethnicity_map.csv"):
        assert (folder / "maps" / name).read_bytes() == (package_maps / name).read_bytes()
    assert "maps/" in (folder / "README.md").read_text()
    capsys.readouterr()
    assert main(["init", str(folder), "--org", "rxy", "--name", "X", "--year", YEAR]) == 2
    assert "a new or empty folder" in capsys.readouterr().err


def test_validate_refuses_placeholders_naming_file_line_and_key(tmp_path, capsys):
    folder = _init(tmp_path)
    params = folder / "params" / f"{YEAR}.yaml"
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    line = next(
        n for n, text in enumerate(params.read_text().splitlines(), 1) if "report_date" in text
    )
    assert f"{params}, row {line}, column 'report_date'" in err
    assert f"{folder / 'params' / 'defaults.yaml'}" in err and "'governance.sponsor'" in err


def test_validate_refuses_a_file_name_year_that_differs_from_year(tmp_path, capsys):
    folder = _init(tmp_path)
    _fill(folder)
    renamed = folder / "params" / "2023-24.yaml"
    shutil.copy(folder / "params" / f"{YEAR}.yaml", renamed)
    assert main(["validate", str(renamed)]) == 2
    err = capsys.readouterr().err
    assert str(renamed) in err and "'year'" in err and YEAR in err and "2023-24" in err


def test_filled_folder_validates(tmp_path, capsys):
    folder = _init(tmp_path)
    _fill(folder)
    _copy_demo_extracts(tmp_path, folder)
    assert main(["validate", str(folder / "params" / f"{YEAR}.yaml")]) == 0, capsys.readouterr()
    out = capsys.readouterr().out
    assert "your own maps, used before the package's: pay_band_map.csv (75 labels)" in out
    params = load_params(folder / "params" / f"{YEAR}.yaml")
    assert params.governance.sponsor == OWN[("governance", "sponsor")]
    assert Path(params.project_root) == folder.resolve()


@pytest.mark.slow
def test_report_from_initialised_folder_has_none_of_the_demo_governance(tmp_path, capsys):
    folder = _init(tmp_path)
    _fill(folder)
    _copy_demo_extracts(tmp_path, folder)
    assert main(["report", "--params", str(folder / "params" / f"{YEAR}.yaml")]) == 0, (
        capsys.readouterr().err
    )
    public = folder / "outputs" / "rxy" / YEAR / "public" / "wres_report.html"  # beside params/
    html = public.read_text(encoding="utf-8")
    assert DEMO_SPONSOR not in html and DEMO_RISK not in html
    assert "Demo Valley" not in html
    for value in ("Chief People Officer (Example)", "12. Example workforce equality risk"):
        assert value in html
    assert "Example NHS Trust" in html
