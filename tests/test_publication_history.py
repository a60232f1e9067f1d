"""Earlier publications, the Model Employer table and the hidden share (issue 22, items 2, 4, 5).

* A trust's earlier report made by hand, typed as published figures, is taken into the audit
  as supplied: counts it printed are known, counts it hid stay hidden; a bad file is refused by
  ``wres validate`` naming file, row, column and value; ``wres audit`` reads it beside folders.
* The Model Employer table is read by the audit: a hand-edited copy printing a small count
  fails it; the trajectory is the same in every year's report (fixed in the params), and one
  taken from a year whose share is hidden is hidden with it.
* The demo's latest public report hides at most 30 % of its figures.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import demo_project, write_csv_rows
from test_corpus import trust  # noqa: F401  (the corpus trust folder, a module fixture)
from test_reader_agreement import published

from wres_lib.cli import main
from wres_lib.protect.attack import attack
from wres_lib.protect.attack_tables import hidden_share
from wres_lib.protect.publications import history_plan
from wres_lib.protect.published_tables import read_published

FIGURES = [
    ["year", "indicator", "measure", "group", "numerator", "denominator", "percent", "ratio"],
    ["2021-22", 3, "all", "White", 10, 4041, "", ""],
    ["2021-22", 3, "all", "BME", "R", 1346, "R", ""],
    ["2021-22", 3, "all", "BME/White", "", "", "", "R"],
    ["2021-22", 2, "all", "White", 521, 3477, 15.0, ""],
]


def supply(root: Path, rows: list[list[object]]) -> Path:
    """The trust's hand-made 2021-22 report, typed, named in its params."""
    figures = write_csv_rows(root / "history" / "published_2021-22.csv", rows)
    defaults = root / "params" / "defaults.yaml"
    data = yaml.safe_load(defaults.read_text(encoding="utf-8"))
    data.setdefault("disclosure", {})["earlier_publications"] = {
        "2021-22": "history/published_2021-22.csv"
    }
    defaults.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return figures


@pytest.fixture(scope="module")
def supplied_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = demo_project(tmp_path_factory.mktemp("supplied"))
    supply(root, FIGURES)
    return root


@pytest.mark.slow
def test_a_hand_made_earlier_report_is_audited_as_supplied(supplied_project: Path) -> None:
    from wres_lib.inputs.params import load_params
    from wres_lib.present.report import build_report

    params = load_params(supplied_project / "params" / "2022-23.yaml")
    plan = history_plan(params)
    assert plan["2021-22"][0] == "supplied" and plan["2021-22"][1].endswith(".csv")
    assert {how for year, (how, _) in plan.items() if year != "2021-22"} == {"reconstructed"}
    report = build_report(supplied_project / "params" / "2022-23.yaml", "public")
    assert report.protection is not None
    summary = report.protection.summary
    assert summary["earlier_reports_supplied"] == ["2021-22"]
    problem = report.protection.result.problem
    # What the hand-made report printed is known; what it hid stays hidden here.
    assert "2021-22|3|all|White|numerator" in problem.known
    assert "2021-22|3|all|BME|numerator" in report.protection.result.hidden
    assert report.figures.is_hidden("2021-22", 3, "all", "BME", "numerator")
    notes = report.method_notes()._repr_html_()
    assert "2021/22 as the trust published it" in notes


def test_a_bad_typed_report_is_refused_by_validate(
    trust: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
) -> None:
    root = tmp_path / "trust"
    shutil.copytree(trust, root)
    rows = [list(row) for row in FIGURES]
    rows[2][4] = "seven"
    supply(root, rows)
    assert main(["validate", str(root / "params" / "2022-23.yaml")]) == 2
    err = capsys.readouterr().err
    assert "published_2021-22.csv" in err and "row 3" in err and "numerator" in err
    assert "'seven'" in err
    rows[2][4] = "R"
    supply(root, rows)
    assert main(["validate", str(root / "params" / "2022-23.yaml")]) == 0
    out = capsys.readouterr().out
    assert "earlier public report 2021-22: supplied" in out


def test_wres_audit_reads_a_typed_report_beside_published_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """The typed 2021-22 report prints White 10 and the two-year window 12 for 2022-23's
    table: a reader has 2 for the year before (printed nowhere)."""
    typed = write_csv_rows(tmp_path / "typed.csv", FIGURES)
    folder = tmp_path / "2022-23" / "public" / "tables"
    folder.mkdir(parents=True)
    (folder / "08_indicator_3_two-year.csv").write_text(
        ',2022/23\n"White (number out of total)",R out of 4030\n', encoding="utf-8"
    )
    assert main(["audit", str(typed), str(folder.parent)]) == 0, capsys.readouterr().out
    (folder / "08_indicator_3_two-year.csv").write_text(
        ',2021/22\n"White (number out of total)",12 out of 4041\n', encoding="utf-8"
    )
    assert main(["audit", str(typed), str(folder.parent)]) == 1
    assert "LEAK 2020-21/3/all/White/numerator: between 2 and 2" in capsys.readouterr().out


def test_the_model_employer_table_is_read_by_the_audit(
    trust: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    """A trust whose senior-band count is hidden: no baseline in its params, so the trajectory
    starts from that year's share and is hidden with it, R printed for every hidden figure; a
    hand-edited copy printing the count fails the audit."""
    _report, folder = published(trust, tmp_path / "out")
    name = next(p for p in (folder / "tables").glob("*model_employer_trajectory.csv"))
    table = read_published(name).set_index("Reporting year")
    assert table.loc["2022/23", "BME staff (Band 8a and above)"] == "R"
    trajectory = [c for c in table.columns if c.startswith("Trajectory")]
    assert trajectory == ["Trajectory % BME"]  # no baseline set in the plan
    assert set(table["Trajectory % BME"]) == {"R%"}  # every point: they all give its start
    assert table.loc["2022/23", "Staff of known ethnicity (Band 8a and above)"] != ""
    assert attack([folder]).ok
    text = name.read_text(encoding="utf-8-sig").splitlines()
    edited = [text[0]] + [
        line.replace(",R,", ",3,", 1) if line.startswith("2022/23") else line for line in text[1:]
    ]
    name.write_text("\n".join(edited) + "\n", encoding="utf-8")
    found = attack([folder])
    assert not found.ok
    assert any("senior|Band 8a/BME/numerator printed as 3" in s for s in found.small)


@pytest.mark.slow
def test_the_trajectory_is_the_same_in_every_demo_report(demo_outputs: Path) -> None:
    """Fixed in the demo's params (2018/19, 10.1 %): every year's table prints the same path."""
    paths = {}
    for year in sorted(p.name for p in demo_outputs.iterdir() if (p / "public").is_dir()):
        tables = demo_outputs / year / "public" / "tables"
        (name,) = tables.glob("*model_employer_trajectory.csv")
        table = read_published(name).set_index("Reporting year")
        (column,) = [c for c in table.columns if c.startswith("Trajectory")]
        assert column == "Trajectory % BME (baseline set in the plan)"
        paths[year] = table[column].to_dict()
    first = paths["2018-19"]
    assert first["2018/19"] == "10.1%" and first["2024/25"] == "25.6%"
    for path in paths.values():
        assert {year: path[year] for year in first if year in path} == {
            year: value for year, value in first.items() if year in path
        }


@pytest.mark.slow
def test_the_demo_hides_at_most_30_percent_of_its_latest_figures(demo_outputs: Path) -> None:
    """Issue 22's measure: cells of the public tables that print a number or R; it was 447 of
    1,110 (40.3 %) before the audit read the tables as printed."""
    latest = max(p.name for p in demo_outputs.iterdir() if (p / "public").is_dir())
    shares = hidden_share(demo_outputs / latest / "public")
    hidden = sum(h for h, _ in shares.values())
    cells = sum(n for _, n in shares.values())
    assert cells > 800 and hidden / cells <= 0.30, (hidden, cells)
    # The bands issue 22 found hidden in every year to protect others are published.
    band = read_published(next((demo_outputs / latest / "public" / "tables").glob("01_*.csv")))
    band = band.set_index("Pay band")
    for row in ("Non-clinical: Band 7", "Non-clinical: Band 8a"):
        assert "R" not in set(band.loc[row]), band.loc[row]
