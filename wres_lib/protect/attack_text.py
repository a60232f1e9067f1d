"""Numbers a published report prints outside its tables, checked against its tables.

Disclosure control audits the counts the tables print and every relation between them. A
number in a sentence, a caption or a chart's alt text skips that audit unless it is one of the
audited figures, so a reader's check of the public HTML is: every number in the words is a
number the tables publish (a count, a percentage, a ratio, an interval bound, or the share a
printed "n out of N" gives), or plainly not
a figure about staff (a year, a date, a table, figure, indicator or pay-band label, the
disclosure threshold). Anything else is listed as unexplained; ``wres audit`` fails on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from wres_lib.protect.published_tables import read_published

# A number as printed: 4,015 / 39.2 / 2.40 / 12% (a leading minus or sign is not part of it).
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Text that holds numbers which are not figures about staff, removed before the scan.
_NOT_FIGURES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\b\d{4}\s*[/–-]\s*\d{2,4}\b",  # reporting years 2022/23, 2022-23
        rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}\b",  # 31 March 2023
        rf"\b(?:{_MONTHS})\.?\s+\d{{4}}\b",  # March 2023
        r"\b\d{4}-\d{2}-\d{2}\b",  # 2023-03-31
        r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",  # 31/03/2023
        r"\b(?:19|20)\d{2}\b",  # a calendar year
        r"\b(?:table|figure|chart|section|page|appendix|action|item)s?\s+\d+(?:\s*(?:,|and|to|–|-)\s*\d+)*\b",
        r"\bindicators?\s+\d(?:\s*(?:,|and|to|–|-|or)\s*\d)*\b",
        r"\bbands?\s+\d[a-d]?(?:\s*(?:,|and|to|–|-)\s*(?:band\s+)?\d?[a-d]?)*\b",  # Band 8a to 9
        r"\bq\d+[a-z]?\b",  # survey question numbers
        r"\b\d+(?:\.\d+)?\s*(?:pp|percentage points?)\b",  # differences: checked by the tables
        # Figures about other trusts (benchmarking against NHS England's published data):
        r"\b\d+%\s+of\s+(?:[\w-]+\s+){0,6}?trusts\b",  # percentile ranks
        r"\bother\s+\d+\s+trusts\b",
        r"\bmedian of other trusts[^.;]*?\bis\s+-?\d+(?:\.\d+)?",
        r"\btop\s+\d+%",
        # Figures about the method and the report itself, not about staff:
        r"\b[1-9](?:\s*,\s*[1-9])*\s+and\s+[1-9]\b",  # a list of indicators: 5, 6, 7 and 8
        r"(?:parity band|fair range|non-adverse range|range treated as fair|likelihood from)"
        r"\)?:?\s*\(?"
        r"\d\.\d+\s*(?:to|–|-)\s*\d\.\d+",
        r"\b\d+%\s+(?:Wilson|Katz|confidence|likely range)",
        r"\bwres-lib\s+\d+(?:\.\d+)*",
        r"\bcounts? from \d+ to \d+\b",
        r"\b(?:below|under|fewer than|less than)\s+\d+\b",
        r"\b\d+\s+(?:more\s+)?(?:counts|percentages|cells|bands'?|rows|values)\b",
        r"\b\d+ more not shown\b",
        r"\b\d+ earlier public reports?\b",
        r"\brisk register\s+\d+",
        # The declaration rate: 100% less the published share of unknown ethnicity.
        r"\bethnicity (?:was|is) known for \d+(?:\.\d+)?%",
    )
]


@dataclass(frozen=True)
class TextNumber:
    """A number printed outside the tables, where it is, and the passage around it."""

    folder: str
    where: str  # "text" or "alt text", with the section heading
    number: str
    passage: str

    def __str__(self) -> str:
        return f"{self.folder}: {self.where}: {self.number!r} in “{self.passage}”"


class _Words(HTMLParser):
    """The visible words outside tables, and every image's alt text, by section heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.passages: list[tuple[str, str]] = []
        self.heading = ""
        self._skip = 0
        self._in_table = 0
        self._in_heading = False
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._buffer.append(" ")  # "Report date</dt><dd>27 September": two words, not one
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag == "table":
            self._flush()
            self._in_table += 1
        elif tag in ("h1", "h2", "h3", "h4"):
            self._flush()
            self._in_heading = True
        elif tag in ("p", "li", "div", "figcaption", "br", "section"):
            self._flush()
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt.strip():
                self.passages.append((f"alt text under “{self.heading}”", alt))

    def handle_endtag(self, tag: str) -> None:
        self._buffer.append(" ")
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag == "table":
            self._in_table = max(0, self._in_table - 1)
        elif tag in ("h1", "h2", "h3", "h4"):
            self.heading = " ".join("".join(self._buffer).split())
            self._in_heading = False
            self._flush()
        elif tag in ("p", "li", "div", "figcaption"):
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._in_table:
            self._buffer.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text and not self._in_heading:
            self.passages.append((f"text under “{self.heading}”", text))

    def close(self) -> None:
        super().close()
        self._flush()


def printed_words(html: str) -> list[tuple[str, str]]:
    """(where, passage) for the report's words outside tables and its alt texts."""
    reader = _Words()
    reader.feed(html)
    reader.close()
    return reader.passages


def table_numbers(tables: Path) -> set[str]:
    """Every number the published CSV tables print, normalised (``4,015`` -> ``4015``)."""
    found: set[str] = set()
    for path in sorted(Path(tables).glob("*.csv")):
        frame = read_published(path)
        cells = [*map(str, frame.columns), *frame.astype(str).to_numpy().ravel()]
        for text in cells:
            found.update(_normal(m) for m in _NUMBER.finditer(_figures_only(text)))
            # A printed "n out of N" also gives its share (13.5% for 722 out of 5334).
            found.update(_shares_of_fractions(text))
    return found


def _figures_only(text: str) -> str:
    """The text with years, dates and labels (table, indicator, band numbers) blanked."""
    for pattern in _NOT_FIGURES:
        text = pattern.sub(" ", text)
    return text


def _normal(match: re.Match[str]) -> str:
    whole = match.group(1).replace(",", "")
    return str(int(whole)) + (match.group(2) or "")


def unexplained_numbers(
    folder: Path,
    allowed: set[str] = frozenset(),  # type: ignore[assignment]
) -> list[TextNumber]:
    """Numbers in a public folder's HTML words that its tables do not print (see module)."""
    root = Path(folder)
    public = root / "public" if (root / "public" / "tables").is_dir() else root
    published = table_numbers(public / "tables") | set(allowed)
    found = []
    for html_path in sorted(public.glob("*.html")):
        for where, passage in printed_words(html_path.read_text(encoding="utf-8")):
            text = _figures_only(passage)
            own = published | _shares_of_fractions(text)
            for match in _NUMBER.finditer(text):
                number = _normal(match)
                percent = text[match.end() :].lstrip().startswith(("%", "per cent"))
                if number in own or (percent and _rounds_to(number, own)):
                    continue
                found.append(TextNumber(str(public), where, match.group(0), passage[:160]))
    return found


def _shares_of_fractions(text: str) -> set[str]:
    """Percentages a passage derives from its own "n out of N" (n/N and its complement)."""
    shares = set()
    for n, total in re.findall(r"(\d[\d,]*) out of (\d[\d,]*)", text):
        n_, total_ = int(n.replace(",", "")), int(total.replace(",", ""))
        if total_:
            for share in (100 * n_ / total_, 100 * (total_ - n_) / total_):
                shares.add(f"{share:.1f}")
    return shares


def _rounds_to(number: str, published: set[str]) -> bool:
    """A percentage printed with fewer decimals in the words than in a table (39% for 39.2)."""
    decimals = len(number.split(".")[1]) if "." in number else 0
    value = float(number)
    return any(
        "." in p and len(p.split(".")[1]) > decimals and round(float(p), decimals) == value
        for p in published
    )
