"""The system view: figures side by side with intervals, funnels, and disclosure control."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from wres_lib.cli import main
from wres_lib.inputs.comparator import typed_comparators, write_comparators
from wres_lib.inputs.params import Disclosure
from wres_lib.measure.statistics import katz_log_interval, wilson_interval
from wres_lib.present.system_view import build_system_view, system_view_html
from wres_lib.publish.self_contained import self_contained_problems

YEAR = "2022-23"
ORGS = {"rx1": "Alpha NHS Trust", "rx2": "Beta NHS Trust", "rx3": "Gamma NHS Trust"}


def _row(org: str, indicator: int, measure: str, group: str, k: int, n: int) -> dict:
    return {
        "org_code": org,
        "org_name": ORGS[org],
        "region": "London",
        "trust_type": "Acute",
        "year": YEAR,
        "indicator": indicator,
        "measure": measure,
        "group": group,
        "value": 100 * k / n,
        "numerator": k,
        "denominator": n,
    }


def _comparators() -> pd.DataFrame:
    rows = []
    # indicator 5: rx2's BME count is 4 (under the threshold of 10)
    for org, (white, bme) in {"rx1": ((50, 200), (30, 100)), "rx2": ((40, 180), (4, 30)),
                              "rx3": ((90, 400), (70, 250))}.items():  # fmt: skip
        rows += [_row(org, 5, "all", "White", *white), _row(org, 5, "all", "BME", *bme)]
    # indicator 1: rx3's White staff are 5 of 205 known, so its BME 200 would give them away
    for org, (white, bme) in {"rx1": (700, 300), "rx2": (600, 150), "rx3": (5, 200)}.items():
        known = white + bme
        rows += [_row(org, 1, "overall", "White", white, known)]
        rows += [_row(org, 1, "overall", "BME", bme, known)]
    # indicator 2: White 60 of 300 appointed, BME 20 of 200 (ratio 2.00)
    for org in ORGS:
        rows += [_row(org, 2, "all", "White", 60, 300), _row(org, 2, "all", "BME", 20, 200)]
        rows += [{**_row(org, 2, "all", "White/BME", 2, 1), "value": 2.0}]
        rows[-1].update(numerator=None, denominator=None)
    return typed_comparators(pd.DataFrame(rows).astype({"numerator": "Int64"}))


def test_figures_side_by_side_with_their_intervals() -> None:
    view = build_system_view(_comparators(), "Test group", YEAR)
    five = view.tables[5]
    alpha = "Alpha NHS Trust (rx1)"
    assert five.loc[alpha, "BME: n out of N"] == "30 out of 100"
    assert five.loc[alpha, "BME %"] == "30.0%"
    low, high = wilson_interval(30, 100)
    assert five.loc[alpha, "BME 95% range"] == f"{100 * low:.1f} to {100 * high:.1f}"
    two = view.tables[2]
    low, high = katz_log_interval(60, 300, 20, 200)
    assert two.loc[alpha, "Relative likelihood (White/BME)"] == "2.00"
    assert two.loc[alpha, "Ratio 95% range"] == f"{low:.2f} to {high:.2f}"
    assert 2 in view.charts and 5 in view.charts


def test_a_small_count_is_never_printed_nor_plotted() -> None:
    view = build_system_view(_comparators(), "Test group", YEAR)
    beta = "Beta NHS Trust (rx2)"
    five = view.tables[5]
    assert five.loc[beta, "BME: n out of N"] == "R out of 30"
    assert five.loc[beta, "BME %"] == "R%"
    assert five.loc[beta, "BME 95% range"] == "R"
    assert view.not_plotted[5] == ["rx2"]
    assert "rx2" in view.charts[5].alt_text  # "Not shown, to protect small numbers: rx2."
    assert "2 organisations" in view.charts[5].alt_text
    # indicator 1: White 5 is hidden, and so is BME 200 (known 205 - 200 = 5 otherwise)
    gamma = "Gamma NHS Trust (rx3)"
    one = view.tables[1]
    assert one.loc[gamma, "White: n out of N"] == "R out of 205"
    assert one.loc[gamma, "BME: n out of N"] == "R out of 205"
    html = system_view_html(view, "test.csv")
    assert "4 out of 30" not in html and "5 out of 205" not in html
    assert self_contained_problems(html) == []


def test_switched_off_the_small_counts_show() -> None:
    """The same view with a threshold of 1 prints the counts the default hides."""
    view = build_system_view(_comparators(), "Test group", YEAR, Disclosure(threshold=1))
    assert view.tables[5].loc["Beta NHS Trust (rx2)", "BME: n out of N"] == "4 out of 30"
    assert view.tables[1].loc["Gamma NHS Trust (rx3)", "White: n out of N"] == "5 out of 205"
    assert view.not_plotted[5] == []


def test_wres_system_writes_one_offline_page(tmp_path: Path, capsys) -> None:
    source = write_comparators(_comparators(), tmp_path / "comparators.csv")
    outputs = tmp_path / "outputs"
    argv = ["system", "--comparators", str(source), "--outputs", str(outputs)]
    assert main([*argv, "--region", "London"]) == 0
    page = outputs / "system" / "london" / YEAR / "public" / "system_view.html"
    assert f"system view: {page}" in capsys.readouterr().out
    html = page.read_text(encoding="utf-8")
    assert html.count("<img") == 3  # the funnels of indicators 1, 2 and 5
    assert 'Indicator 9: Board membership</h2><p class="note">' in html
    assert "No figures for this indicator in the comparator data." in html
    assert "Funnel plot of the relative likelihood (White/BME) for 3 organisations" in html
    assert self_contained_problems(html) == []

    assert main([*argv, "--region", "Narnia"]) == 2
    assert "--region: value 'Narnia'; expected one of" in capsys.readouterr().err
    assert main([*argv, "--orgs", "rx1,rx9", "--name", "Two"]) == 2
    assert not (outputs / "system" / "two").exists()


@pytest.mark.parametrize("year", ["2030-31"])
def test_a_year_not_in_the_file_is_bad_input(tmp_path: Path, year: str, capsys) -> None:
    source = write_comparators(_comparators(), tmp_path / "comparators.csv")
    argv = ["system", "--comparators", str(source), "--outputs", str(tmp_path / "o")]
    assert main([*argv, "--year", year]) == 2
    assert f"--year: value '{year}'" in capsys.readouterr().err
