"""The report's contents list: every section (h2) and sub-section (h3), each a working link.

Done on the finished HTML rather than in the notebook, because only the whole document knows
every heading and can make each id unique (several sections have a "What the figures show").
Sections keep the ids the report gave them (``indicator-2``); sub-sections get
``<section id>-<words>``.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from dataclasses import dataclass, field

from markupsafe import Markup, escape

CONTENTS_ID = "contents"
APPENDIX_ID = "action-plan-changes"
LEADING_ID = "summary"  # the section read before the contents list
_HEADING = re.compile(r"<h([23])((?:\s[^>]*)?)>(.*?)</h\1>", re.S | re.I)
_ID = re.compile(r"""\sid\s*=\s*(["'])(.*?)\1""", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR_LINK = re.compile(r"<a\s[^>]*class=\"anchor-link\"[^>]*>.*?</a>", re.S | re.I)
# Deleted words of tracked changes are not part of a heading's text.
_NOT_READ = re.compile(r"<del\b[^>]*>.*?</del>", re.S | re.I)


@dataclass
class Entry:
    level: int
    ident: str
    text: str
    children: list[Entry] = field(default_factory=list)


def slug(text: str) -> str:
    """``"Indicator 2. Appointment"`` -> ``"indicator-2-appointment"`` (at most eight words)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words[:8]) or "section"


def add_contents(document: str) -> str:
    """Give every h2/h3 an id and put a linked contents list before the first h2.

    A document without h2 headings is returned unchanged; running twice adds one list only.
    """
    if 'class="wres-contents"' in document:
        return document
    used = set(re.findall(r"""\sid\s*=\s*["']([^"']+)["']""", document))
    entries: list[Entry] = []
    section = ""

    def identify(match: re.Match[str]) -> str:
        nonlocal section
        level, attrs, inner = int(match.group(1)), match.group(2) or "", match.group(3)
        shown = _NOT_READ.sub("", _ANCHOR_LINK.sub("", inner))
        text = " ".join(html_lib.unescape(_TAG.sub("", shown)).split())
        if not text:
            return match.group(0)
        found = _ID.search(attrs)
        if found:
            ident = found.group(2)
        else:
            base = slug(text) if level == 2 else f"{section or 'section'}-{slug(text)}"
            ident, n = base, 2
            while ident in used:
                ident, n = f"{base}-{n}", n + 1
            used.add(ident)
            attrs = f' id="{escape(ident)}"{attrs}'
        entry = Entry(level, ident, text)
        if level == 2:
            section = ident
            entries.append(entry)
        elif entries:
            entries[-1].children.append(entry)
        else:
            entries.append(entry)
        return f"<h{level}{attrs}>{inner}</h{level}>"

    document = _HEADING.sub(identify, document)
    if not entries:
        return document
    _keep_distinct_subsections(entries)
    at = _contents_place(document)
    return document[:at] + str(contents_nav(entries)) + document[at:]


def _contents_place(document: str) -> int:
    """Where the list goes: after the summary when the report leads with one (a Board member
    reads the decision and the headlines first), else before the first section."""
    sections = [m for m in _HEADING.finditer(document) if m.group(1) == "2"]
    for here, after in zip(sections, sections[1:], strict=False):
        found = _ID.search(here.group(2) or "")
        if found and found.group(2) == LEADING_ID:
            return after.start()
    return sections[0].start() if sections else _HEADING.search(document).start()  # type: ignore[union-attr]


def _keep_distinct_subsections(entries: list[Entry]) -> None:
    """A contents list a reader can scan: a sub-section heading that recurs ("What the figures
    show" under every indicator) is left out of the list, and so are the appendix's reprinted
    objectives; every heading keeps its id."""
    for entry in entries:
        if entry.ident == APPENDIX_ID:
            entry.children = []
    texts = Counter(child.text for entry in entries for child in entry.children)
    for entry in entries:
        entry.children = [child for child in entry.children if texts[child.text] == 1]


def contents_nav(entries: list[Entry]) -> Markup:
    """The list itself: a ``<nav>`` landmark, sections numbered by the list, sub-sections nested."""

    def items(level_entries: list[Entry]) -> Markup:
        parts = []
        for entry in level_entries:
            link = Markup('<a href="#{}">{}</a>').format(entry.ident, entry.text)
            inner = Markup("<ul>{}</ul>").format(items(entry.children)) if entry.children else ""
            parts.append(Markup("<li>{}{}</li>").format(link, inner))
        return Markup("").join(parts)

    return Markup(
        '<nav class="wres-contents" aria-labelledby="{id}-title">'
        '<h2 id="{id}-title" class="contents-title">Contents</h2><ul>{items}</ul></nav>'
    ).format(id=CONTENTS_ID, items=items(entries))
