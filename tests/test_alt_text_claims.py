"""Every chart's alt text says only what its section's tables show (issue 24).

Each demo year's internal and public report is read back from its HTML. Every alt text that
claims a highest, lowest, most, largest, above or below is parsed and checked against the
tables printed in the same section, over every row the table shows, with ties: a claim that
names one band where two share the printed value fails, and so does an alt text with such a
word that no rule below understands (so a new kind of claim cannot go unchecked).
"""

from __future__ import annotations

import re

import pytest
from report_html import DEMO_MODES, DEMO_YEARS, Section, Table

pytestmark = pytest.mark.slow

YEARS, MODES = DEMO_YEARS, DEMO_MODES
CLAIM_WORDS = re.compile(r"\b(highest|lowest|most|largest|above|below|same for)\b", re.I)
NUMBER = re.compile(r"-?\d[\d,]*\.?\d*")
TABLE_1_ROWS = {
    "non-clinical": "Non-clinical: ",
    "clinical": "Clinical: ",
    "medical": "Medical and dental: ",
}
FINER = ("Asian", "Black", "Mixed", "Other")


def names(text: str) -> set[str]:
    """``"Band 2, Band 3 and VSM"`` -> the three names."""
    return {part.strip() for part in re.split(r", | and ", text) if part.strip()}


def printed(cell: str) -> str | None:
    """A cell's first figure as printed (``"39.8% (37.1–42.6)"`` -> ``"39.8"``), None if hidden."""
    head = cell.split(" (")[0].replace("%", "").strip()
    return head if head and "R" not in head and NUMBER.fullmatch(head) else None


def extremes(values: dict[str, str]) -> tuple[tuple[set[str], str], tuple[set[str], str]]:
    """The names at the highest and the lowest printed value."""
    numbers = {name: float(value) for name, value in values.items()}
    top, bottom = max(numbers.values()), min(numbers.values())
    return (
        ({n for n, v in numbers.items() if v == top}, values[max(numbers, key=numbers.get)]),
        ({n for n, v in numbers.items() if v == bottom}, values[min(numbers, key=numbers.get)]),
    )


def column(table: Table, year: str, prefix: str = "") -> str:
    wanted = [
        h for h in table.header if h.endswith(year.replace("-", "/")) and h.startswith(prefix)
    ]
    assert wanted, (table.caption, table.header, year)
    return wanted[0]


def check_extremes(alt: str, claim: re.Match, values: dict[str, str]) -> None:
    (high_names, high), (low_names, low) = extremes(values)
    assert names(claim["high"]) == high_names and claim["high_value"] == high, (alt, values)
    assert names(claim["low"]) == low_names and claim["low_value"] == low, (alt, values)


def check_highest_and_lowest(alt: str, where: str, values: dict[str, str]) -> None:
    """The alt text's "highest at/in A (x%) and lowest at/in B (y%)" against ``values``."""
    claim = re.search(
        rf"highest {where} (?P<high>.+?) \((?P<high_value>[\d.]+)%\) and lowest {where} "
        r"(?P<low>.+?) \((?P<low_value>[\d.]+)%\)\.",
        alt,
    )
    assert claim, alt
    check_extremes(alt, claim, values)


def representation(alt: str, year: str, section: Section) -> bool:
    head = re.match(
        r"In \d{4}/\d\d BME staff are (?:under-represented at "
        r"(?P<w1>non-clinical|clinical|medical) .+? compared with their (?P<o1>[\d.]+)% share"
        r"|at or above their (?P<o2>[\d.]+)% share "
        r"of the workforce at every (?P<w2>non-clinical|clinical|medical) band shown)",
        alt,
    )
    if not head:
        return False
    workforce, overall = head["w1"] or head["w2"], head["o1"] or head["o2"]
    table = section.table("by pay band")
    at = table.header.index(column(table, year, "% BME"))
    assert printed(table.row("All substantive staff")[at - 1]) == overall, alt
    prefix = TABLE_1_ROWS[workforce]
    values = {
        row[0].removeprefix(prefix): printed(row[at])
        for row in table.rows
        if row[0].startswith(prefix) and printed(row[at]) is not None
    }
    if head["o2"]:  # "at or above at every band shown"
        assert all(float(v) >= float(overall) for v in values.values()), (alt, values)
    check_highest_and_lowest(alt, "at", values)
    return True


def group_profile(alt: str, year: str, section: Section) -> bool:
    head = re.match(
        r"In \d{4}/\d\d BME staff are (?P<share>[\d.]+)% of staff of known ethnicity", alt
    )
    if not head:
        return False
    table = section.table("by groups of pay bands")
    at = table.header.index(column(table, year, "% BME"))
    assert printed(table.row("All substantive staff")[at - 1]) == head["share"], alt
    largest = re.search(r"the largest group being (?P<group>.+?) \((?P<value>[\d.]+)%\)", alt)
    if largest:  # shares of all substantive staff of known ethnicity, from Table 3's counts
        counts = section.table("by ethnic group and ")
        shares = {}
        for group in FINER:
            number, total = counts.cell("All substantive staff", group).split(" out of ")
            shares[group] = (
                f"{100 * int(number.replace(',', '')) / int(total.replace(',', '')):.1f}"
            )
        (top, value), _ = extremes(shares)
        assert names(largest["group"]) == top and largest["value"] == value, (alt, shares)
    values = {
        row[0]: printed(row[at])
        for row in table.rows
        if row[0] != "All substantive staff" and printed(row[at]) is not None
    }
    check_highest_and_lowest(alt, "in", values)
    return True


def group_comparison(alt: str, year: str, section: Section) -> bool:
    head = re.match(r".+?, \d{4}/\d\d: BME (?P<bme>[\d.]+)% against White (?P<white>[\d.]+)%", alt)
    if not head:
        return False
    table = next(t for t in section.tables if any(r[0].startswith("% BME") for r in t.rows))
    at = table.header.index(column(table, year))
    assert printed(table.row("% BME")[at - 1]) == head["bme"], alt
    assert printed(table.row("% White")[at - 1]) == head["white"], alt
    values = {
        group: printed(table.row(f"% {group}")[at - 1])
        for group in FINER
        if any(r[0].startswith(f"% {group}") for r in table.rows)
    }
    values = {group: value for group, value in values.items() if value is not None}
    among = re.search(
        r"Among (?P<which>BME groups|the BME groups shown) it is (?:highest for (?P<high>.+?) "
        r"\((?P<high_value>[\d.]+)%\) and lowest for (?P<low>.+?) \((?P<low_value>[\d.]+)%\)|"
        r"the same for (?P<same>.+?) \((?P<same_value>[\d.]+)%\))\.",
        alt,
    )
    if len(values) < 2:
        assert not among, (alt, values)
        return True
    if among is None:  # dropped to keep the alt text short: nothing claimed
        return True
    assert (among["which"] == "BME groups") == (len(values) == 4), (alt, values)
    if among["same"]:
        assert len(set(values.values())) == 1 and names(among["same"]) == set(values), alt
    else:
        check_extremes(alt, among, values)
    return True


def ratio_trend(alt: str, year: str, section: Section) -> bool:
    claim = re.match(
        r".+?: (?P<value>[\d.]+) in \d{4}/\d\d, (?P<where>inside|outside) the fair range, "
        r"(?P<low>\d+\.\d+)–(?P<high>\d+\.\d+)",
        alt,
    )
    if not claim:
        return False
    table = next(t for t in section.tables if t.rows and t.rows[0][0].startswith("Relative"))
    at = table.header.index(column(table, year))
    assert printed(table.rows[0][at]) == claim["value"], alt
    inside = float(claim["low"]) <= float(claim["value"]) <= float(claim["high"])
    assert (claim["where"] == "inside") == inside, alt
    return True


def board(alt: str, year: str, section: Section) -> bool:
    claim = re.match(
        r"In \d{4}/\d\d the Board's % BME is (?:(?P<value>[\d.]+) percentage points "
        r"(?P<side>below|above)|the same as) the workforce's",
        alt,
    )
    if not claim:
        return False
    table = section.table("on the Board")
    at = table.header.index(column(table, year))
    cell = float(table.row("Difference, all Board members")[at - 1])
    if claim["value"] is None:
        assert round(cell, 1) == 0, alt
    else:
        signed = float(claim["value"]) * (-1 if claim["side"] == "below" else 1)
        assert signed == cell, (alt, cell)
    return True


def rag(alt: str, year: str, section: Section) -> bool:
    claim = re.match(r"Of (?P<total>\d+) actions in (?P<objectives>\d+) objectives: ", alt)
    if not claim:
        return False
    table = section.table("actions by status and objective")
    assert table.row("All")[-1] == claim["total"], alt
    most = re.search(r"Most (?P<word>\w+): (?P<which>.+?) \((?P<n>\d+)(?: each)?\)\.", alt)
    if most:
        word = next(h for h in table.header if h.lower() == most["word"])
        counts = {r[0]: int(r[table.header.index(word)]) for r in table.rows if r[0] != "All"}
        top = max(counts.values())
        assert names(most["which"]) == {o for o, n in counts.items() if n == top}, (alt, counts)
        assert int(most["n"]) == top, alt
        assert (" each)" in alt) == (len(names(most["which"])) > 1), alt
    return True


RULES = (representation, group_profile, group_comparison, ratio_trend, board, rag)
SECTIONS = [f"indicator-{n}" for n in range(1, 10)] + ["action-plan"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("year", YEARS)
def test_every_alt_text_claim_matches_its_sections_tables(demo_reports, year, mode):
    report = demo_reports[(year, mode)]
    checked = 0
    for anchor in SECTIONS:
        section = report.get(anchor)
        if section is None:
            continue
        for alt in section.alts:
            if any(rule(alt, year, section) for rule in RULES):
                checked += 1
            else:
                assert not CLAIM_WORDS.search(alt), f"unchecked claim in {anchor}: {alt}"
    assert checked >= 10, checked


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("year", YEARS)
def test_board_sentences_agree_in_number(demo_reports, year, mode):
    items = demo_reports[(year, mode)]["indicator-9"].items
    counted = [item for item in items if re.match(r"\d+ of \d+ ", item)]
    assert counted or mode == "public", items
    for item in counted:
        assert not re.match(r"1 of \d+ [\w ]+ were\b", item), item
        assert not re.match(r"(?:0|[2-9]|\d\d+) of \d+ [\w ]+ was\b", item), item
