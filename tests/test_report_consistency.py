"""The report never contradicts itself, and reads as plain house style (issue 11).

Every demo year is built once (internal and public, session fixture) and read back from its HTML
as a reader sees it. Each summary statement's figures and trend word must match the indicator's
own table, its section's sentences and the action plan's movement view; sentences about bank
staff must match the bank tables; and the public text keeps the house style.
"""

from __future__ import annotations

import re

import pytest
from report_html import DEMO_MODES, DEMO_YEARS, Section

pytestmark = pytest.mark.slow

YEARS, MODES = DEMO_YEARS, DEMO_MODES
TREND = re.compile(r"; (better|worse|similar|mixed) (?:than|to|compared with) last year")
SECTION_TREND = {
    "similar this year": "similar",
    "better this year": "better",
    "worse this year": "worse",
    "mixed this year": "mixed",
}


def short(year: str) -> str:
    return year.replace("-", "/")


def previous(year: str) -> str:
    start = int(year[:4]) - 1
    return f"{start}/{(start + 1) % 100:02d}"


def statement(report: dict[str, Section], indicator: int) -> str:
    prefix = f"Indicator {indicator}. "
    found = [item for item in report["summary"].items if item.startswith(prefix)]
    assert len(found) == 1, (indicator, report["summary"].items)
    return found[0][len(prefix) :]


def first(cell: str) -> str:
    """``"1.69 (1.38–2.06)"`` -> ``"1.69"``; ``"26.1% (24.0–28.3)"`` -> ``"26.1%"``."""
    return cell.split(" (")[0]


def trend_word(text: str) -> str | None:
    match = TREND.search(text)
    return match.group(1) if match else None


def movement_words(report: dict[str, Section]) -> dict[int, str]:
    """Indicator -> first word of "Compared with last year" in the plan's movement table."""
    plan = report.get("action-plan")
    if plan is None:
        return {}
    tables = [t for t in plan.tables if "Compared with last year" in t.header]
    words = {}
    for table in tables:
        column = table.header.index("Compared with last year")
        for row in table.rows:
            number = int(row[0].split(".")[0])
            words[number] = row[column].split(";")[0].strip().lower()
    return words


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("year", YEARS)
def test_statements_match_tables_sections_and_movement(demo_reports, year, mode):
    report = demo_reports[(year, mode)]
    latest, last = short(year), previous(year)
    movement = movement_words(report)
    checked = 0
    for indicator in range(1, 10):
        text = statement(report, indicator)
        section = report[f"indicator-{indicator}"]
        word = trend_word(text)
        if indicator in movement and word is not None:
            assert movement[indicator] == word, (indicator, text, movement[indicator])
        if indicator in (2, 3, 4):
            table = section.tables[0]
            shown = first(table.row("Relative likelihood")[table.header[1:].index(latest)])
            match = re.search(r"were (\d+\.\d\d) times as likely", text)
            if match:
                assert match.group(1) == shown, (indicator, text, shown)
                was = re.search(r"last year \((\d+\.\d\d)\)", text)
                if was:
                    assert was.group(1) == first(table.cell("Relative likelihood", last))
                for sentence in section.items[:1]:
                    assert f"were {shown} times as likely" in sentence
                    for phrase, expected in SECTION_TREND.items():
                        if phrase in sentence and word is not None:
                            assert expected == word, (indicator, sentence, text)
                checked += 1
            elif approx := re.search(r"were about (\d+\.\d) times as likely", text):
                # Published coarser (disclosure control): the same figure in the table, and
                # the section says so in the same words.
                assert approx.group(1) == shown, (indicator, text, shown)
                assert f"were about {shown} times as likely" in section.items[0]
                checked += 1
            else:
                assert shown in ("R", "undefined", ""), (indicator, text, shown)
        elif indicator in (5, 6, 7, 8):
            match = re.search(r"\((\d+\.\d%) BME, (\d+\.\d%) White\)", text)
            table = section.tables[0]
            if match:
                assert match.group(1) == first(table.cell("% BME", latest))
                assert match.group(2) == first(table.cell("% White", latest))
                sentence = section.items[0]
                assert sentence.startswith(f"{match.group(1)} of BME staff and {match.group(2)}")
                for phrase, expected in SECTION_TREND.items():
                    if phrase in sentence.split("Last year")[-1] and word is not None:
                        assert expected == word, (indicator, sentence, text)
                checked += 1
            else:
                assert "R" in table.cell("% BME", latest) + table.cell("% White", latest)
        elif indicator == 1:
            table = section.tables[0]
            overall = first(table.cell("All substantive staff", f"% BME {latest}"))
            assert text.startswith(f"BME staff were {overall} of the workforce"), (text, overall)
            if f"% BME {last}" in table.header:
                was = first(table.cell("All substantive staff", f"% BME {last}"))
                assert f"({was} last year)" in text
            checked += 1
        else:
            table = section.tables[0]
            match = re.search(r"\((\d+) of (\d+); workforce (\d+\.\d%)\)", text)
            assert match, text
            assert table.cell("BME, all Board members", latest) == (
                f"{match.group(1)} out of {match.group(2)}"
            )
            assert first(table.cell("% BME in the substantive workforce", latest)) == (
                match.group(3)
            )
            checked += 1
    assert checked >= 8  # at most one headline (indicator 3) may be hidden in public


@pytest.mark.parametrize("year", YEARS)
def test_bank_sentences_match_bank_tables(demo_reports, year):
    report = demo_reports[(year, "public")]
    latest = short(year)
    for indicator in (5, 6, 7, 8):
        section = report[f"indicator-{indicator}"]
        bank = [s for s in section.items if s.startswith("Bank staff")]
        tables = [t for t in section.tables if t.caption and "bank staff" in t.caption.lower()]
        if not tables or latest not in tables[0].header:
            assert not bank or "not shown" in bank[0]
            continue
        table = tables[0]
        bme, white = first(table.cell("% BME", latest)), first(table.cell("% White", latest))
        assert bank, (indicator, section.items)
        sentence = bank[0]
        for value, group in ((bme, "BME"), (white, "White")):
            if "R" in value:
                assert value not in sentence
            else:
                assert f"{value} of {group}" in sentence, (sentence, value)


@pytest.mark.parametrize("mode", MODES)
def test_house_style_in_the_latest_report(demo_reports, mode):
    report = demo_reports[("2022-23", mode)]
    text = " ".join(
        " ".join(s.items + s.paragraphs + [t.caption for t in s.tables] + [s.title])
        for anchor, s in report.items()
        if anchor != "method"
    )
    if mode == "public":
        for word in ("CI", "Fisher", "Katz", "Wilson", "manifest", "margin of error"):
            assert not re.search(rf"\b{word}\b", text), word
    assert not re.search(r"\b20\d\d-\d\d\b", text)  # one year format: 2022/23
    for number in re.findall(r"(?<![\d.,/])\d{4,}(?![\d/])", text):
        assert 1900 < int(number) < 2100, number  # counts carry thousands separators
    cells = [cell for s in report.values() for t in s.tables for row in t.rows for cell in row]
    assert not [c for c in cells if re.search(r"\b20\d\d-\d\d\b", c)]
    numbers = [n for c in cells for n in re.findall(r"(?<![\d.,/])\d{4,}(?![\d/])", c)]
    assert all(1900 < int(n) < 2100 for n in numbers), numbers
    summary = report["summary"]
    words = len(" ".join(summary.items).split())
    # Nine indicators, the Model Employer line and national standing; internal names hidden bands.
    assert words <= (350 if mode == "public" else 380), words
    assert len([item for item in summary.items if item.startswith("Indicator ")]) == 9


def test_internal_report_says_what_it_is(demo_reports):
    internal, public = demo_reports[("2022-23", "internal")], demo_reports[("2022-23", "public")]
    assert internal["front"].title.endswith("2022/23: internal version")
    assert internal["front"].paragraphs[0].startswith("Internal: unredacted, not for publication.")
    assert not any("Internal" in p for p in public["front"].paragraphs)
    assert public["front"].title == "Workforce Race Equality Standard report 2022/23"
    # the demo trust is made up, and every report built on it says so on its front page
    for report in (internal, public):
        assert any("is not a real trust" in p for p in report["front"].paragraphs)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("year", YEARS)
def test_model_employer_headline_is_the_trajectory_tables_row(demo_reports, year, mode):
    """The summary's and the section's Model Employer sentences say what the trajectory table
    prints for the year (and nothing it hides)."""
    report = demo_reports[(year, mode)]
    [table] = [t for t in report["model-employer"].tables if "trajectory" in t.caption]
    cells = dict(zip(table.header[1:], table.row(short(year)), strict=True))
    actual = cells["Actual % BME"]
    path = next(v for k, v in cells.items() if k.startswith("Trajectory % BME"))
    gap, staff = cells["Gap (percentage points)"], cells["BME staff short of trajectory"]
    [line] = [i for i in report["summary"].items if i.startswith("Model Employer. ")]
    [sentence] = [p for p in report["model-employer"].paragraphs if "trajectory" in p]
    if "R" in (actual, path):
        assert line == "Model Employer. Not published this year (small numbers)."
        assert "is not published" in sentence and "%" not in sentence
    elif gap.startswith("-"):
        assert f"{actual} BME at Band 8a and above, behind the trajectory's {path}" in line
        assert f"by {gap[1:]} percentage points, {staff} BME staff short." in sentence
    else:
        assert f"on or above the trajectory's {path}" in line and actual in sentence


METRICS_PART = ["about", "benchmarking", *(f"indicator-{n}" for n in range(1, 10))]
METRICS_PART.append("model-employer")


def section_words(section: Section) -> int:
    """Words a reader reads in a section: heading, sentences, captions and table cells."""
    words = len(section.title.split())
    words += sum(len(text.split()) for text in section.paragraphs + section.items)
    for table in section.tables:
        cells = [table.caption, *table.header, *(cell for row in table.rows for cell in row)]
        words += sum(len(cell.split()) for cell in cells)
    return words


def test_the_public_metrics_part_is_no_longer_than_seed_003s(demo_reports):
    """Seed 003's metrics part (About to Model Employer, tables included) is about 5,900 words;
    ours keeps every table and headline within a few per cent of it (6,211 before this change)."""
    report = demo_reports[("2022-23", "public")]
    words = sum(section_words(report[anchor]) for anchor in METRICS_PART if anchor in report)
    assert 5_000 < words <= 6_100, words
