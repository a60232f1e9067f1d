"""Public tables as numbers: every display format split into its own columns, read back the
same by the audit, and the workbook laid out as the spreadsheet guidance asks."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from wres_lib.protect.published_tables import (
    displayed,
    numeric_table,
    read_cell,
    read_published,
    write_numbers_csv,
)
from wres_lib.publish.workbook import write_workbook


@pytest.mark.parametrize(
    ("shown", "kind", "parts"),
    [
        ("1,234 out of 5,678", "fraction", ("1234", "5678")),
        ("R out of 5,678", "fraction", ("R", "5678")),
        ("26.1% (24.0–28.3)", "percent", ("26.1", "24.0", "28.3")),
        ("26.1%", "percent", ("26.1", "", "")),
        ("R%", "percent", ("R", "", "")),
        ("1.69 (1.38–2.06)", "estimate", ("1.69", "1.38", "2.06")),
        ("1.50", "number", ("1.50",)),
        ("+4.7", "number", ("4.7",)),
        ("-16.3", "number", ("-16.3",)),
        ("1,424", "number", ("1424",)),
        ("< 0.001", "number", ("<0.001",)),
        ("R", "hidden", ()),
        ("Yes", "text", ("Yes",)),
        ("–", "empty", ()),
        ("", "empty", ()),
        ("a <ins>new</ins> <del>old</del>", "text", ("a [added: new] [removed: old]",)),
    ],
)
def test_every_display_format(shown: str, kind: str, parts: tuple[str, ...]) -> None:
    cell = read_cell(shown)
    assert (cell.kind, cell.parts) == (kind, parts)


RATES = pd.DataFrame(
    {
        "": ["Relative likelihood (BME/White), 95% CI", "Outside the parity band", "n. BME"],
        "2021/22": ["1.13 (0.22–5.80)", "No", "R out of 1,424"],
        "2022/23": ["R", "Yes", "12 out of 1,450"],
    }
)


def test_a_table_of_years_is_turned_a_row_a_year() -> None:
    numbers = numeric_table(RATES)
    assert list(numbers.columns) == [
        "Year",
        "Relative likelihood (BME/White), 95% CI: ratio",
        "Relative likelihood (BME/White), 95% CI: low",
        "Relative likelihood (BME/White), 95% CI: high",
        "Outside the parity band",
        "n. BME: count",
        "n. BME: denominator",
    ]
    assert numbers.values.tolist() == [
        ["2021/22", "1.13", "0.22", "5.80", "No", "R", "1424"],
        ["2022/23", "R", "", "", "Yes", "12", "1450"],
    ]
    # The audit reads back exactly the cells the report showed.
    back = displayed(numbers)
    assert back.values.tolist() == [
        ["Relative likelihood (BME/White), 95% CI", "1.13 (0.22–5.80)", "R"],
        ["Outside the parity band", "No", "Yes"],
        ["n. BME", "R out of 1424", "12 out of 1450"],
    ]


def test_a_table_of_groups_is_split_by_column(tmp_path: Path) -> None:
    band = pd.DataFrame(
        {
            "Pay band": ["All substantive staff", "Band 2"],
            "% BME 2022/23": ["26.1%", "R%"],
            "BME 2022/23": ["1,424 out of 5,454", "R"],
        }
    )
    path = write_numbers_csv(numeric_table(band), tmp_path / "t.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfPay band,% BME 2022/23: percent,")
    assert path.read_text(encoding="utf-8-sig").splitlines()[1:] == [
        "All substantive staff,26.1,1424,5454",
        "Band 2,R,R,R",
    ]
    assert read_published(path).values.tolist() == [
        ["All substantive staff", "26.1%", "1424 out of 5454"],
        ["Band 2", "R%", "R"],
    ]


def test_workbook_sheets_numbers_and_notes(tmp_path: Path) -> None:
    path = write_workbook({"07_indicator_3_all": RATES}, tmp_path / "w.xlsx", "public")
    book = load_workbook(path)
    assert book.sheetnames == ["Contents", "Notes", "Table_1"]
    sheet = book["Table_1"]
    assert sheet["A1"].value == "Table 7: indicator 3, all"
    assert "hidden cells, shown as R" in sheet["A2"].value
    assert sheet["B5"].value == 1.13 and sheet["B5"].number_format == "0.00"
    assert sheet["D5"].value == 5.8 and sheet["D5"].number_format == "0.00"
    assert sheet["B6"].value == "R" and sheet["G6"].value == 1450
    assert list(sheet.tables) == ["Table_1_data"] and sheet.tables["Table_1_data"].ref == "A4:G6"
    assert not any(s.merged_cells.ranges for s in book.worksheets)
    contents = book["Contents"]
    assert contents["A5"].value == "Table_1" and contents["C5"].value == "Yes"
    assert contents["A5"].hyperlink.location == "'Table_1'!A1" or contents["A5"].hyperlink
    notes = [row[1] for row in book["Notes"].iter_rows(min_row=3, values_only=True)]
    assert notes[0] == "Hidden cells"
    internal = load_workbook(write_workbook({"x_y": RATES}, tmp_path / "i.xlsx", "internal"))
    assert internal["Notes"]["B3"].value == "Internal use only"


@pytest.mark.slow
def test_the_numbers_are_the_reports_metrics() -> None:
    """Indicator 2 of the demo's 2022/23 report: the CSV's ratio, interval, percentages and
    counts equal the metrics and counts behind the report, to the digits shown."""
    from wres_lib.present.report import build_report

    root = Path(__file__).resolve().parent.parent
    report = build_report(root / "params" / "2022-23.yaml", "internal")
    report.indicator(2)
    name = next(n for n in report.public_tables if n.endswith("indicator_2_all"))
    numbers = numeric_table(report.public_tables[name]).set_index("Year")
    latest = numbers.loc["2022/23"]
    metrics = report.metrics[
        (report.metrics["year"] == "2022-23")
        & (report.metrics["indicator"].astype(int) == 2)
        & (report.metrics["measure"] == "all")
    ]
    ratio = (
        metrics[metrics["statistic"] == "relative_likelihood"].set_index("group").loc["White/BME"]
    )
    columns = [c for c in numbers.columns if c.startswith("Relative likelihood (White/BME)")]
    assert [float(latest[c]) for c in columns] == [
        round(ratio[k], 2) for k in ("value", "ci_low", "ci_high")
    ]
    percents = metrics[metrics["statistic"] == "percent"].set_index("group")
    for group in ("White", "BME", "Asian"):
        column = next(c for c in numbers.columns if c.startswith(f"% {group} ") and "percent" in c)
        assert float(latest[column]) == round(percents.loc[group, "value"], 1)
    counts = report.counts[
        (report.counts["year"] == "2022-23")
        & (report.counts["indicator"].astype(int) == 2)
        & (report.counts["group"] == "BME")
    ].iloc[0]
    bme = [
        c for c in numbers.columns if c.startswith("BME ") and c.endswith(("count", "denominator"))
    ]
    assert [int(latest[c]) for c in bme] == [counts["numerator"], counts["denominator"]]
