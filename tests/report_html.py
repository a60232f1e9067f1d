"""A built report's HTML read back as a reader sees it: sections, their sentences and tables.

Used by tests that check what the report says against what it shows, independently of the code
that wrote it (only the HTML is read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

_SPACES = re.compile(r"\s+")


@dataclass
class Table:
    caption: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def row(self, label: str) -> list[str]:
        """The cells (after the label) of the first row whose label starts with ``label``."""
        for row in self.rows:
            if row and row[0].startswith(label):
                return row[1:]
        raise KeyError(f"no row {label!r} in {self.caption!r}: {[r[0] for r in self.rows]}")

    def cell(self, label: str, column: str) -> str:
        return self.row(label)[self.header[1:].index(column)]


@dataclass
class Section:
    anchor: str
    title: str = ""
    items: list[str] = field(default_factory=list)  # list items (sentences, bullets)
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)  # each chart's alt text, in order

    def table(self, caption_part: str) -> Table:
        found = [t for t in self.tables if caption_part in t.caption]
        if not found:
            raise KeyError(f"no table {caption_part!r}: {[t.caption for t in self.tables]}")
        return found[0]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, Section] = {}
        self.current: Section | None = None
        self.stack: list[str] = []
        self.text: list[str] = []
        self.table: Table | None = None
        self.row: list[str] | None = None
        self.in_head = False
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in ("style", "script", "title"):
            self.skip += 1
        if tag in ("h1", "h2") and attributes.get("id"):
            self.current = Section(str(attributes["id"]))
            self.sections[self.current.anchor] = self.current
        if tag in ("h1", "h2", "li", "p", "caption", "td", "th"):
            self.text = []
        if tag == "img" and self.current is not None and attributes.get("alt"):
            self.current.alts.append(_SPACES.sub(" ", str(attributes["alt"])).strip())
        if tag == "table":
            self.table = Table()
        if tag == "thead":
            self.in_head = True
        if tag == "tr":
            self.row = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self.skip = max(0, self.skip - 1)
        text = _SPACES.sub(" ", "".join(self.text)).strip()
        if tag in ("h1", "h2") and self.current is not None:
            self.current.title = text
        elif tag == "li" and self.current is not None and self.table is None:
            self.current.items.append(text)
        elif tag == "p" and self.current is not None and self.table is None:
            self.current.paragraphs.append(text)
        elif tag == "caption" and self.table is not None:
            self.table.caption = text
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(text)
        elif tag == "tr" and self.table is not None and self.row is not None:
            if self.in_head and not self.table.header:
                self.table.header = self.row
            elif not self.in_head:
                self.table.rows.append(self.row)
            self.row = None
        elif tag == "thead":
            self.in_head = False
        elif tag == "table" and self.table is not None:
            if self.current is not None:
                self.current.tables.append(self.table)
            self.table = None

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


def read_report(path: Path) -> dict[str, Section]:
    """Sections of a report by their anchor (``front``, ``summary``, ``indicator-3``…)."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.sections


DEMO_YEARS = ("2018-19", "2019-20", "2020-21", "2021-22", "2022-23")
DEMO_MODES = ("internal", "public")


def read_demo_reports(outputs: Path) -> dict[tuple[str, str], dict[str, Section]]:
    """Every demo year's internal and public report under ``outputs/<year>/<mode>/``."""
    return {
        (year, mode): read_report(outputs / year / mode / "wres_report.html")
        for year in DEMO_YEARS
        for mode in DEMO_MODES
    }
