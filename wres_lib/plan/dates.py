"""'By when' as plans write it: free text read into a date range.

Plans say "March 2023", "Q3 2022/23", "Autumn 2022" or "ongoing"; each becomes the first
and last day it can mean, so overdue actions are found without guessing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from wres_lib.inputs.labels import MONTHS

# --------------------------------------------------------------------------------------------
# Dates as trusts write them
# --------------------------------------------------------------------------------------------

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_SEASON_WORD = r"(?:spring|summer|autumn|fall|winter)"
# First and last month of each season; winter runs December to February of the next year.
_SEASONS = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 14),
}
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "day",
        re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<year>\d{{4}})\b", re.I),
    ),
    ("quarter", re.compile(r"\bQ(?P<q>[1-4])\s*(?P<fy>(?:19|20)\d{2})\s*/\s*\d+", re.I)),
    (
        "season",
        re.compile(
            rf"\b(?P<seasons>{_SEASON_WORD}(?:\s*/\s*{_SEASON_WORD})*)\s+(?P<year>\d{{4}})\b", re.I
        ),
    ),
    ("month", re.compile(rf"\b{_MONTH}\s+'?(?P<year>\d{{4}}|\d{{2}})(?!\d)", re.I)),
    ("financial_year", re.compile(r"\b(?P<y1>(?:19|20)\d{2})\s*/\s*(?P<y2>\d{4}|\d{2})(?!\d)")),
    ("year", re.compile(r"\b(?P<year>(?:19|20)\d{2})\b")),
)
_ONWARDS = re.compile(r"\bonwards?\b|\bongoing\b|\band beyond\b", re.I)
_ONGOING = re.compile(r"\bongoing\b|\bcurrent\b|\bcontinuous\b|\bthroughout\b", re.I)


class ByWhen(NamedTuple):
    """A by-when as a date range: ``end`` None means open-ended; kind says how it was read."""

    start: dt.date | None
    end: dt.date | None
    kind: str


def _month_end(year: int, month: int) -> dt.date:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _four_digit(year: str) -> int:
    return int(year) if len(year) == 4 else 2000 + int(year)


def _range_of(kind: str, match: re.Match[str]) -> tuple[dt.date, dt.date] | None:
    groups = match.groupdict()
    try:
        if kind == "day":
            day = dt.date(int(groups["year"]), MONTHS[groups["month"].lower()], int(groups["day"]))
            return day, day
        if kind == "month":
            year, month = _four_digit(groups["year"]), MONTHS[groups["month"].lower()]
            return _month_start(year, month), _month_end(year, month)
        if kind == "quarter":
            # NHS financial-year quarters: Q1 is April to June of the first year.
            first = 4 + 3 * (int(groups["q"]) - 1)
            fy = int(groups["fy"])
            return _month_start(fy, first), _month_end(fy, first + 2)
        if kind == "season":
            year = int(groups["year"])
            names = [s.strip().lower() for s in groups["seasons"].split("/")]
            return (
                _month_start(year, _SEASONS[names[0]][0]),
                _month_end(year, _SEASONS[names[-1]][1]),
            )
        if kind == "financial_year":
            y1, y2 = int(groups["y1"]), groups["y2"]
            if (_four_digit(y2) if len(y2) == 4 else y1 // 100 * 100 + int(y2)) != y1 + 1:
                return None
            return dt.date(y1, 4, 1), dt.date(y1 + 1, 3, 31)
        if kind == "year":
            year = int(groups["year"])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except (ValueError, KeyError):
        return None
    return None


def _date_matches(text: str) -> list[tuple[int, int, str, dt.date, dt.date]]:
    """Every date phrase in ``text``, most specific first, without overlaps, in text order."""
    found: list[tuple[int, int, str, dt.date, dt.date]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end, *_ in found):
                continue
            span = _range_of(kind, match)
            if span is not None:
                found.append((match.start(), match.end(), kind, span[0], span[1]))
    return sorted(found)


def parse_by_when(text: str | None) -> ByWhen:
    """Read a by-when as a date range, so overdue actions can be found.

    "March 2022" is the whole month; "Q3 2020/2021" is October to December 2020; "Summer 2023"
    is June to August; "2021/22" is April 2021 to March 2022; "December 2020 onwards" has no end.
    Text with no date in it is "ongoing" if it says so, otherwise "unparsed" (never an error:
    the words are the trust's).
    """
    text = (text or "").strip()
    matches = _date_matches(text)
    if not matches:
        if _ONGOING.search(text):
            return ByWhen(None, None, "ongoing")
        return ByWhen(None, None, "unparsed")
    start = min(m[3] for m in matches)
    end = max(m[4] for m in matches)
    if _ONWARDS.search(text):
        return ByWhen(start, None, "onwards")
    return ByWhen(start, end, matches[0][2] if len(matches) == 1 else "range")


def find_date_phrase(text: str) -> str | None:
    """The date words inside a longer text ("Commencement of review September 2021")."""
    matches = _date_matches(text)
    if not matches:
        return None
    return text[matches[0][0] : matches[-1][1]]
