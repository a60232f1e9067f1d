"""Benchmarking (issue 17): a trust's percentile, quartile and peer median, pinned on a small
comparator input that can be checked by hand, and the section's rules (absent without a file,
the lag said, a hidden figure never compared).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pandas as pd
import pytest
from report_html import read_report

from tests.conftest import write_csv_rows
from wres_lib.demo.comparator import synthetic_comparators
from wres_lib.errors import InputError
from wres_lib.inputs.comparator import COMPARATOR_COLUMNS, REGIONS, TRUST_TYPES, load_comparators
from wres_lib.inputs.params import Benchmarking, Params
from wres_lib.measure.benchmarking import HEADLINES, benchmark, comparison_year
from wres_lib.measure.metrics import METRICS_COLUMNS, read_metrics
from wres_lib.present.benchmarking_section import (
    benchmarking_section,
    describe_comparators,
    judge_rule,
    standing_headline,
)
from wres_lib.present.chart_findings import ALT_LIMIT
from wres_lib.present.context import ReportContext
from wres_lib.present.wording import Wording
from wres_lib.protect.attack_text import unexplained_numbers

MID, LON = "Midlands", "London"
ACUTE, MH = "Acute", "Mental health and learning disability"
# Five other trusts and the trust itself (RX1, whose own row is not a peer).
TRUSTS = [
    ("AAA", LON, ACUTE),
    ("BBB", LON, ACUTE),
    ("CCC", MID, ACUTE),
    ("DDD", MID, MH),
    ("EEE", MID, MH),
    ("RX1", MID, MH),
]
VALUES = {  # indicator -> (measure, group, value per trust in TRUSTS order)
    2: ("all", "White/BME", (1.0, 1.2, 1.5, 2.0, 0.5, 1.3)),
    7: ("all", "BME", (40.0, 50.0, 45.0, 60.0, 55.0, 52.0)),
    9: ("all", "BME", (-10.0, 5.0, 0.0, -20.0, 3.0, 2.0)),
}
# The trust's own figures, as its report has them for 2021-22.
OWN = {2: ("all", "White/BME", "relative_likelihood", 1.3), 7: ("all", "BME", "percent", 52.0)}
OWN |= {
    9: ("all", "BME", "difference_pp", 2.0),
    3: ("all", "BME/White", "relative_likelihood", 1.8),
}


def comparator_file(tmp_path: Path) -> Path:
    rows = [list(COMPARATOR_COLUMNS)]
    for indicator, (measure, group, values) in VALUES.items():
        for (code, region, kind), value in zip(TRUSTS, values, strict=True):
            rows.append(
                [code, f"Trust {code}", region, kind, "2021-22", indicator, measure, group, value]
                + ["", ""]
            )
    rows.append(["AAA", "Trust AAA", LON, ACUTE, "2020-21", 2, "all", "White/BME", 3.0, "", ""])
    rows.append(["AAA", "Trust AAA", LON, ACUTE, "2023-24", 2, "all", "White/BME", 3.0, "", ""])
    return write_csv_rows(tmp_path / "comparators.csv", rows)


def standings(results, indicator):
    (result,) = [r for r in results if r.indicator == indicator]
    return {
        s.scope: (s.peers, s.better_than, s.behind, round(s.percentile, 1), s.quartile, s.median)
        for s in result.standings
    }


def test_percentiles_quartiles_and_medians_pinned(tmp_path: Path) -> None:
    comparators = load_comparators(comparator_file(tmp_path))
    values = {i: v for i, (*_, v) in OWN.items()}
    judges = {i: judge_rule(i) for i in (2, 7, 9)}
    results = benchmark(comparators, "2021-22", "RX1", MID, MH, values, judges)
    # Indicator 2, closer to 1.00 is better (log scale): 1.3 is better than 1.5, 2.0 and 0.5,
    # worse than 1.0 and 1.2: better than 3 of 5, 2 of 5 ahead (second quarter).
    assert standings(results, 2) == {
        "national": (5, 3, 2, 60.0, 2, 1.2),
        "region": (3, 3, 0, 100.0, 1, 1.5),
        "type": (2, 2, 0, 100.0, 1, 1.25),
    }
    # Indicator 7, higher is better: 52 beats 40, 50 and 45; in the Midlands only 45.
    assert standings(results, 7) == {
        "national": (5, 3, 2, 60.0, 2, 50.0),
        "region": (3, 1, 2, 33.3, 3, 55.0),
        "type": (2, 0, 2, 0.0, 4, 57.5),
    }
    # Indicator 9, a Board at or above its workforce's share is as good as any other: +2 ties
    # with +5, 0 and +3 and beats -10 and -20, with nobody ahead (best quarter).
    assert standings(results, 9)["national"] == (5, 2, 0, 40.0, 1, 0.0)


def test_the_trusts_own_row_is_not_its_own_peer(tmp_path: Path) -> None:
    comparators = load_comparators(comparator_file(tmp_path))
    judges = {2: judge_rule(2)}
    own = benchmark(comparators, "2021-22", "RX1", MID, MH, {2: 1.3}, judges)
    assert standings(own, 2)["national"][0] == 5
    # Switched off (an org code not in the file), the trust is compared with itself too.
    counted = benchmark(comparators, "2021-22", "nobody", MID, MH, {2: 1.3}, judges)
    assert standings(counted, 2)["national"][:3] == (6, 3, 2)


def test_direction_comes_from_the_trend_rule() -> None:
    ratio, ranked = judge_rule(3)
    assert ranked and ratio(1.1, 0.8) == "better" and ratio(0.5, 1.5) == "worse"
    lower, _ = judge_rule(5)
    assert lower(20.0, 25.0) == "better"
    share, ranked = judge_rule(1)  # the BME share of a workforce has no better direction
    assert not ranked and share(30.0, 20.0) == "higher"


def test_comparison_year_is_the_latest_not_after_the_report(tmp_path: Path) -> None:
    comparators = load_comparators(comparator_file(tmp_path))
    assert comparison_year(comparators, "2022-23") == "2021-22"
    assert comparison_year(comparators, "2021-22") == "2021-22"
    assert comparison_year(comparators, "2019-20") is None


# --- the section ----------------------------------------------------------------------------


class Stub(ReportContext):
    """Just what the section reads: params, mode, metrics and the wording (no data loaded)."""

    def __init__(self, params: Params, metrics: pd.DataFrame, mode: str):
        self.params, self.metrics, self.mode = params, metrics, mode
        self.wording = Wording()


def metrics(hidden: tuple[int, ...] = ()) -> pd.DataFrame:
    rows = [
        ("rx1", "2021-22", i, measure, group, statistic, value, None, None, "")
        for i, (measure, group, statistic, value) in OWN.items()
    ]
    frame = pd.DataFrame(rows, columns=list(METRICS_COLUMNS))
    frame["hidden"] = frame["indicator"].isin(hidden)
    frame.loc[frame["hidden"], "value"] = None  # as protect_report blanks them
    return frame


def params(tmp_path: Path, comparators: str | None, year: str = "2022-23", **where: str) -> Params:
    start = int(year[:4])
    return Params(
        org="rx1",
        org_name="Example Trust",
        year=year,
        snapshot_date=dt.date(start + 1, 3, 31),
        data_dir="data",
        benchmarking=Benchmarking(comparators=comparators, org_code="RX1", **where),
        project_root=str(tmp_path),
        source_file=str(tmp_path / "params" / f"{year}.yaml"),
    )


def text(block) -> str:
    html = re.sub(r"<figure.*?</figure>", "", str(block.html()))
    return re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'")


def test_no_comparator_file_no_public_section_and_a_note_inside(tmp_path: Path) -> None:
    assert benchmarking_section(Stub(params(tmp_path, None), metrics(), "public")).parts == []
    internal = text(benchmarking_section(Stub(params(tmp_path, None), metrics(), "internal")))
    assert "No comparator data were supplied" in internal


def test_section_says_the_lag_and_pins_the_standings(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    report = Stub(params(tmp_path, "comparators.csv"), metrics(), "public")
    block = benchmarking_section(report)
    words = " ".join(text(block).split())
    assert "for 2021/22, the latest published (a year behind this report), using the" in words
    assert (
        "Indicator 2, relative likelihood (White/BME) of appointment from shortlisting: 1.30, "
        "better than 60% of trusts nationally (median of other trusts 1.20), 100% of trusts in "
        "the Midlands and 100% of mental health and learning disability trusts." in words
    )
    assert "better than 60% of trusts nationally (median of other trusts" in words
    assert "), 33% of trusts in the Midlands and 0% of" in words
    assert "best quarter of trusts nationally for indicator 9." in words
    assert "Within the Midlands: best quarter for indicators 2 and 9." in words
    assert "Indicator 5, BME staff experiencing harassment" in words
    assert "not compared: the trust has no figure for that year" in words
    assert sum('class="wres-chart"' in str(p) for p in block.parts) == 3  # 2, 7 and 9


def test_a_figure_the_public_report_hides_is_never_compared(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    rows = [list(COMPARATOR_COLUMNS)]
    for code, region, kind in TRUSTS[:5]:
        rows.append([code, "T", region, kind, "2021-22", 3, "all", "BME/White", 1.1, "", ""])
    write_csv_rows(tmp_path / "three.csv", rows)
    three = params(tmp_path, "three.csv", region=MID, trust_type=MH)
    shown = text(benchmarking_section(Stub(three, metrics(), "public")))
    assert "1.80, better than 0% of trusts nationally" in " ".join(shown.split())
    hidden = benchmarking_section(Stub(three, metrics((3,)), "public"))
    words = " ".join(text(hidden).split())
    assert "1.80" not in words and "% of trusts nationally" not in words
    assert "not compared, because the trust's figure is not shown" in words
    assert 'class="wres-chart"' not in str(hidden.html())


def test_no_comparator_year_early_enough(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    early = params(tmp_path, "comparators.csv", year="2019-20")
    assert benchmarking_section(Stub(early, metrics(), "public")).parts == []
    internal = text(benchmarking_section(Stub(early, metrics(), "internal")))
    assert "start in 2020/21, after this report's 2019/20" in internal


def test_a_trust_not_in_the_file_must_give_its_region(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    stranger = params(tmp_path, "comparators.csv").model_copy(
        update={"benchmarking": Benchmarking(comparators="comparators.csv", org_code="ZZZ")}
    )
    with pytest.raises(InputError) as caught:
        benchmarking_section(Stub(stranger, metrics(), "public"))
    problem = caught.value.problems[0]
    assert (problem.file, problem.column) == (stranger.source_file, "benchmarking.region")
    assert "'ZZZ' has no rows in the comparator file" in problem.expected


# --- the demo -------------------------------------------------------------------------------


def test_demo_comparator_set_is_national_sized_seeded_and_lagged() -> None:
    first, again = synthetic_comparators(), synthetic_comparators()
    pd.testing.assert_frame_equal(first, again)
    trusts = first.drop_duplicates("org_code")
    assert len(trusts) == 219  # with the demo trust, the 220 of the national data
    assert set(trusts["region"]) == set(REGIONS)
    assert set(trusts["trust_type"]) == set(TRUST_TYPES)
    assert trusts["trust_type"].value_counts().index[0] == "Acute"
    # The demo's years up to the one before its latest (2022-23): the comparison lags a year.
    assert sorted(set(first["year"])) == ["2018-19", "2019-20", "2020-21", "2021-22"]
    ratios = first[(first["indicator"] == 2) & (first["group"] == "White/BME")]["value"]
    assert 1.4 < ratios.median() < 1.8  # White applicants about 1.6 times as likely
    board = first[first["indicator"] == 9]["value"]
    assert board.median() < 0  # Boards less diverse than their workforces


def section_items(path: Path) -> list[str]:
    return read_report(path)["benchmarking"].items


@pytest.mark.slow
def test_demo_report_benchmarks_against_the_comparator_set(demo_outputs: Path) -> None:
    """The built demo's own figures are in the comparator file; its internal section prints the
    percentiles the comparator set gives (recomputed here from the file), and its public
    section the same, except where the public report hides the trust's figure."""
    root = demo_outputs.parent.parent
    comparators = load_comparators(root / "data" / "demo" / "comparators.csv")
    metrics = read_metrics(demo_outputs / "2021-22" / "internal" / "metrics.csv")
    own = comparators[(comparators["org_code"] == "demo") & (comparators["year"] == "2021-22")]
    values = {}
    for indicator, (measure, group, statistic) in HEADLINES.items():
        mine = own[(own["indicator"] == indicator) & (own["measure"] == measure)]
        (values[indicator],) = mine.loc[mine["group"] == group, "value"]
        chosen = metrics[
            (metrics["indicator"] == indicator)
            & (metrics["measure"] == measure)
            & (metrics["group"] == group)
            & (metrics["statistic"] == statistic)
        ]
        assert values[indicator] == chosen["value"].item()  # the demo's computed figure
    judges = {i: judge_rule(i) for i in HEADLINES}
    results = benchmark(comparators, "2021-22", "demo", MID, MH, values, judges)
    internal = section_items(demo_outputs / "2022-23" / "internal" / "wres_report.html")
    assert len(internal) == 9
    for result, item in zip(results, internal, strict=True):
        national = result.standing("national")
        assert national is not None and national.peers == 219
        word = "better" if result.ranked else "higher"
        assert f"{word} than {round(national.percentile)}% of trusts nationally" in item, item
    public = demo_outputs / "2022-23" / "public" / "wres_report.html"
    page = public.read_text(encoding="utf-8")
    section = page[page.index('id="benchmarking"') : page.index('id="indicator-1"')]
    shown = 0
    for inside, outside in zip(internal, section_items(public), strict=True):
        if outside == inside:
            shown += 1
            continue
        assert "not compared, because the trust's figure is not shown" in outside
        figure = inside.split(": ")[1].split(",")[0]  # "2.40"
        assert f"{figure}," not in html.unescape(section), figure
    alts = [html.unescape(a) for a in re.findall(r'<img [^>]*alt="([^"]*)"', section)]
    assert len(alts) == shown and all(len(alt) <= ALT_LIMIT for alt in alts), alts
    assert shown >= 7
    # Every number in the section is either about other trusts or printed in a table.
    unexplained = unexplained_numbers(public.parent)
    assert not [n for n in unexplained if "Benchmarking" in n.where], unexplained


def test_a_longer_lag_is_counted(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    now = params(tmp_path, "comparators.csv", year="2023-24")
    words = " ".join(text(benchmarking_section(Stub(now, metrics(), "public"))).split())
    assert "with the one other trust in the comparator data for 2023/24. Each line" in words
    later = params(tmp_path, "comparators.csv", year="2025-26")
    words = " ".join(text(benchmarking_section(Stub(later, metrics(), "public"))).split())
    assert "for 2023/24, the latest published (2 years behind this report)" in words


def test_validate_reads_the_comparator_file(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    assert describe_comparators(params(tmp_path, "comparators.csv")) == (
        "comparators: 6 organisations, 2020-21 to 2023-24; RX1 compared in Midlands and among "
        "Mental health and learning disability trusts"
    )
    assert describe_comparators(params(tmp_path, None)) is None
    path = tmp_path / "comparators.csv"
    path.write_text(path.read_text().replace("Trust AAA,London", "Trust AAA,Londres", 1))
    with pytest.raises(InputError) as caught:
        describe_comparators(params(tmp_path, "comparators.csv"))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        str(path),
        2,
        "region",
        "Londres",
    )


def test_the_summary_line_counts_the_same_other_trusts_as_the_section(tmp_path: Path) -> None:
    comparator_file(tmp_path)
    report = Stub(params(tmp_path, "comparators.csv"), metrics(), "public")
    words = " ".join(text(benchmarking_section(report)).split())
    others = re.search(r"with the other (\d+) trusts in the comparator data", words)
    assert others, words
    line = standing_headline(report)
    assert line.startswith(f"Against {others.group(1)} other trusts in England in 2021/22"), line
    assert "best quarter for indicator 9; worst quarter for" in line
