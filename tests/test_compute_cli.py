"""``wres compute``: counts CSV in, metrics CSV out; bad input exits 2 and writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wres_lib.cli import main
from wres_lib.measure.metrics import read_metrics

HEADER = "org,year,indicator,measure,group,numerator,denominator\n"
# Seed 003 Table 3: appointed / shortlisted, White and BME, 2018/19 to 2021/22.
TABLE3 = (
    "lpt,2018-19,2,all,White,371,3844\n"
    "lpt,2018-19,2,all,BME,124,2525\n"
    "lpt,2019-20,2,all,White,341,3005\n"
    "lpt,2019-20,2,all,BME,186,1861\n"
    "lpt,2020-21,2,all,White,400,3327\n"
    "lpt,2020-21,2,all,BME,171,2082\n"
    "lpt,2021-22,2,all,White,596,3842\n"
    "lpt,2021-22,2,all,BME,207,2386\n"
)


def test_compute_seed003_table3(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(HEADER + TABLE3, encoding="utf-8")
    out = tmp_path / "metrics.csv"
    assert main(["compute", "--counts", str(counts), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    found = re.findall(
        r"lpt (\d{4}-\d{2}) indicator 2 all White/BME: (\d\.\d\d) \(95% CI (\d\.\d\d) to "
        r"(\d\.\d\d)\)",
        printed,
    )
    assert [(year, ratio) for year, ratio, _, _ in found] == [
        ("2018-19", "1.97"),
        ("2019-20", "1.14"),
        ("2020-21", "1.46"),
        ("2021-22", "1.79"),
    ]
    for _, ratio, low, high in found:
        assert float(low) < float(ratio) < float(high)
    assert ("2021-22", "1.79", "1.54", "2.08") in found
    metrics = read_metrics(out)
    ratios = metrics[metrics["statistic"] == "relative_likelihood"]
    assert [round(v, 2) for v in ratios["value"]] == [1.97, 1.14, 1.46, 1.79]
    assert f"({len(metrics)} rows)" in printed


def test_compute_parity_band_option(tmp_path: Path) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(HEADER + TABLE3, encoding="utf-8")
    out = tmp_path / "metrics.csv"
    args = ["compute", "--counts", str(counts), "--out", str(out), "--parity-band", "0.5", "2"]
    assert main(args) == 0
    metrics = read_metrics(out)
    flags = metrics[metrics["statistic"] == "outside_parity_band"]["value"].tolist()
    assert flags == [0.0, 0.0, 0.0, 0.0]


BAD = {
    "text": ("lpt,2021-22,2,all,White,many,40\n", "row 3", "numerator"),
    "negative": ("lpt,2021-22,2,all,White,-4,40\n", "row 3", "numerator"),
    "decimal": ("lpt,2021-22,2,all,White,4.0,40\n", "row 3", "numerator"),
    "numerator above denominator": ("lpt,2021-22,2,all,White,41,40\n", "row 3", "numerator"),
    "unknown group": ("lpt,2021-22,2,all,Purple,4,40\n", "row 3", "group"),
    "unknown indicator": ("lpt,2021-22,12,all,White,4,40\n", "row 3", "indicator"),
    "unknown measure": ("lpt,2021-22,2,bank,White,4,40\n", "row 3", "measure"),
    "malformed year": ("lpt,2021/22,2,all,White,4,40\n", "row 3", "year"),
    "conflicting duplicate": ("lpt,2021-22,2,all,BME,5,40\n", "row 3", "row 2"),
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("existing", [False, True])
def test_bad_counts_exit_2_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, existing: bool
) -> None:
    body, row, column = BAD[case]
    counts = tmp_path / "counts.csv"
    counts.write_text(HEADER + "lpt,2021-22,2,all,BME,4,40\n" + body, encoding="utf-8")
    out = tmp_path / "metrics.csv"
    if existing:
        out.write_text("earlier metrics\n", encoding="utf-8")
    assert main(["compute", "--counts", str(counts), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(counts) in err and row in err and column in err
    if existing:
        assert out.read_text(encoding="utf-8") == "earlier metrics\n"
    else:
        assert not out.exists()
    assert list(tmp_path.iterdir()) == sorted({counts, out} if existing else {counts})


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("", "empty"),
        (HEADER, "at least one data row"),
        ("org,year,indicator,measure,group,numerator\nlpt,2021-22,2,all,BME,4\n", "denominator"),
    ],
    ids=["empty file", "header only", "missing column"],
)
def test_unusable_files_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_text(content, encoding="utf-8")
    out = tmp_path / "metrics.csv"
    assert main(["compute", "--counts", str(counts), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert str(counts) in err and needle in err
    assert not out.exists()


def test_missing_counts_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "metrics.csv"
    assert main(["compute", "--counts", str(tmp_path / "nope.csv"), "--out", str(out)]) == 2
    assert "a file that exists" in capsys.readouterr().err
    assert not out.exists()
