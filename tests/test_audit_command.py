"""`wres audit`: the attack on published folders finds each leak class, and passes the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wres_lib.cli import main
from wres_lib.protect.attack import attack

ROOT = Path(__file__).resolve().parent.parent
ONE_YEAR = "07_indicator_3_all.csv"
TWO_YEAR = "08_indicator_3_two-year.csv"


def publish(folder: Path, tables: dict[str, str]) -> Path:
    """A published folder with the given public tables (CSV text)."""
    (folder / "public" / "tables").mkdir(parents=True)
    for name, text in tables.items():
        (folder / "public" / "tables" / name).write_text(text, encoding="utf-8")
    return folder / "public"


def disciplinary(years: list[str], rows: dict[str, list[str]]) -> str:
    head = "," + ",".join(years)
    return "\n".join([head, *(f'"{r}",' + ",".join(v) for r, v in rows.items())]) + "\n"


def leaks(folders: list[Path]) -> list[tuple]:
    return [f.key for f in attack(folders).leaks]


def test_year_before_the_window_is_found(tmp_path: Path) -> None:
    """Two-year 12 and one-year 10 printed for the first year: the year before had 2."""
    shown = {
        ONE_YEAR: disciplinary(["2019/20"], {"n. White": ["10 out of 4000"]}),
        TWO_YEAR: disciplinary(["2019/20"], {"n. White": ["12 out of 4000"]}),
    }
    found = leaks([publish(tmp_path / "on", shown)])
    assert ("2018-19", 3, "all", "White", "numerator") in found
    # Protection on: the two-year window hidden, nothing derivable.
    shown[TWO_YEAR] = disciplinary(["2019/20"], {"n. White": ["R out of 4000"]})
    assert leaks([publish(tmp_path / "off", shown)]) == []


def test_publication_history_is_found(tmp_path: Path) -> None:
    """Each report alone is safe; read together they pin a one-year count to 5."""
    earlier = publish(
        tmp_path / "2020-21",
        {
            ONE_YEAR: disciplinary(
                ["2019/20", "2020/21"], {"n. BME": ["12 out of 1270", "R out of 1289"]}
            ),
            TWO_YEAR: disciplinary(["2019/20", "2020/21"], {"n. BME": ["R out of 1270", "R"]}),
        },
    )
    later = publish(
        tmp_path / "2021-22",
        {
            ONE_YEAR: disciplinary(
                ["2019/20", "2020/21"], {"n. BME": ["R out of 1270", "R out of 1289"]}
            ),
            TWO_YEAR: disciplinary(
                ["2019/20", "2020/21"], {"n. BME": ["R out of 1270", "17 out of 1289"]}
            ),
        },
    )
    key = ("2020-21", 3, "all", "BME", "numerator")
    assert key not in leaks([earlier]) and key not in leaks([later])
    together = attack([earlier, later])
    pinned = {f.key: (f.lower, f.upper) for f in together.findings}
    assert pinned[key] == (5.0, 5.0)
    assert key in [f.key for f in together.leaks]


def test_undeclared_finer_group_rows_are_bounded_not_dropped(tmp_path: Path) -> None:
    """Mixed by group of bands: every row but one printed, overall printed: the last is known.

    The band rows are never printed by ethnic group, yet the grouped rows still add up to the
    overall row through them (each band row is in exactly one grouped row)."""
    from wres_lib.inputs.bands import band_row_labels

    grouped = [t for m, t in band_row_labels().items() if m.startswith("grouped|")]
    value = 5
    overall = value + 12 * (len(grouped) - 1)
    rows = ["Pay band,Mixed", f"All substantive staff,{overall} out of 5000"]
    rows += [f"{label},{'R' if n == 0 else '12 out of 500'}" for n, label in enumerate(grouped)]
    shown = {"03_indicator_1_ethnic_groups.csv": "\n".join(rows) + "\n"}
    # The year is the latest one printed anywhere in the folder.
    shown["05_indicator_2_all.csv"] = disciplinary(["2022/23"], {"n. White": ["50 out of 900"]})
    found = attack([publish(tmp_path / "on", shown)])
    key = ("2022-23", 1, grouped_measure(grouped[0]), "Mixed", "numerator")
    assert {f.key: (f.lower, f.upper) for f in found.findings}[key] == (value, value)
    # Protection on: a second row hidden with it.
    rows[3] = rows[3].rsplit(",", 1)[0] + ",R"
    shown["03_indicator_1_ethnic_groups.csv"] = "\n".join(rows) + "\n"
    assert key not in leaks([publish(tmp_path / "off", shown)])


def grouped_measure(label: str) -> str:
    from wres_lib.inputs.bands import band_row_labels

    return next(m for m, t in band_row_labels().items() if t == label)


def test_a_ratio_over_hidden_counts_is_a_constraint(tmp_path: Path) -> None:
    """The ratio to 2 dp, denominators printed: with White at 5 it pins BME at 2."""
    table = disciplinary(
        ["2022/23"],
        {
            "Relative likelihood (BME/White), 95% CI": ["1.13"],
            "n. White": ["5 out of 4030"],
            "n. BME": ["R out of 1424"],
        },
    )
    key = ("2022-23", 3, "all", "BME", "numerator")
    found = attack([publish(tmp_path / "ratio", {ONE_YEAR: table})])
    assert {f.key: (f.lower, f.upper) for f in found.findings}[key] == (2.0, 2.0)
    assert key in [f.key for f in found.leaks]
    without = table.replace("1.13", "R")
    found = attack([publish(tmp_path / "no_ratio", {ONE_YEAR: without})])
    assert {f.key: (f.lower, f.upper) for f in found.findings}[key] == (0.0, 1424.0)
    interval = table.replace("1.13", "1.13 (0.22–5.80)")
    exposed = attack([publish(tmp_path / "interval", {ONE_YEAR: interval})]).exposed
    assert exposed and "hidden" in exposed[0]


def test_audit_command_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    shown = {
        ONE_YEAR: disciplinary(["2019/20"], {"n. White": ["10 out of 4000"]}),
        TWO_YEAR: disciplinary(["2019/20"], {"n. White": ["12 out of 4000"]}),
    }
    assert main(["audit", str(publish(tmp_path / "leaky", shown))]) == 1
    assert "LEAK 2018-19/3/all/White/numerator" in capsys.readouterr().out
    assert main(["audit", str(tmp_path / "nothing")]) == 2


@pytest.fixture(scope="session")
def demo_public_folders(demo_outputs: Path) -> list[Path]:
    """Every demo year's public folder (built once per session, see conftest)."""
    folders = sorted(demo_outputs.glob("*/public"))
    assert len(folders) == 5
    return folders


def test_a_number_in_the_words_that_no_table_prints_fails_the_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Numbers in sentences skip the table attack: `wres audit` lists any that no table prints."""
    shown = {ONE_YEAR: disciplinary(["2022/23"], {"n. White": ["R out of 4000"]})}
    leaky = publish(tmp_path / "leaky", shown)
    note = "disciplinary cases of staff of unknown ethnicity were left out."
    (leaky / "wres_report.html").write_text(
        f"<h2>Notes on the data</h2><p>2 {note}</p><img src='x.png' alt='Chart, 2022/23'>",
        encoding="utf-8",
    )
    assert main(["audit", str(leaky)]) == 1
    out = capsys.readouterr().out
    assert "UNAUDITED NUMBER" in out and "'2' in “2 disciplinary cases" in out
    # Protection on: the reason without the number.
    safe = publish(tmp_path / "safe", shown)
    (safe / "wres_report.html").write_text(
        f"<h2>Notes on the data</h2><p>Some {note}</p>", encoding="utf-8"
    )
    assert main(["audit", str(safe)]) == 0
    # A number the tables print (4000) is explained wherever it appears.
    (safe / "wres_report.html").write_text(
        "<p>The trust had 4,000 White staff in 2022/23.</p>", encoding="utf-8"
    )
    assert main(["audit", str(safe)]) == 0


@pytest.mark.slow
def test_wres_audit_passes_every_demo_year_together(
    demo_public_folders, capsys: pytest.CaptureFixture
) -> None:
    """Every year audited with the years before it (issue 12): the five public reports read
    together leave no hidden count narrower than 10, and no number in their words unaudited."""
    assert main(["audit", *map(str, demo_public_folders)]) == 0, capsys.readouterr().out
    together = attack(demo_public_folders)
    assert together.ok and together.narrowest.width >= 10
    # Each report says its audit took the earlier reports in (the first has none).
    first, *_, latest = (f / "wres_report.html" for f in demo_public_folders)
    assert "No earlier public report of the trust was available" in first.read_text(
        encoding="utf-8"
    )
    assert (
        "the trust's 4 earlier public reports (2018/19, 2019/20, 2020/21 and 2021/22) published"
        in latest.read_text(encoding="utf-8")
    )
    manifest = json.loads((demo_public_folders[-1].parent / "manifest.json").read_text())
    assert manifest["published_before"] == ["2018-19", "2019-20", "2020-21", "2021-22"]


@pytest.mark.slow
def test_a_generated_trust_passes_when_no_table_prints_its_fixed_wording(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """Fixed wording is not a figure (issue 22, item 6): a made-up trust whose tables print no
    12 still passes, though its report says "in the last 12 months"."""
    from test_publish import report_args

    from wres_lib.demo.national import generate_national
    from wres_lib.protect.attack_text import table_numbers
    from wres_lib.publish.command import run_report_command

    root = tmp_path / "national"
    (folder,) = generate_national(root, orgs=1, max_staff=900)
    params = folder.parent / "params" / "2022-23.yaml"
    outputs = tmp_path / "outputs"
    args = report_args(params=str(params), outputs=str(outputs))
    assert run_report_command(args, root) == 0
    public = outputs / folder.parent.name / "2022-23" / "public"
    assert "12" not in table_numbers(public / "tables")  # no table helps
    assert "in the last 12 months" in (public / "wres_report.html").read_text(encoding="utf-8")
    assert main(["audit", str(public)]) == 0, capsys.readouterr().out
