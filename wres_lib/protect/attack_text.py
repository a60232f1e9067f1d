"""Numbers a published report prints outside its tables, checked against its tables.

Disclosure control audits the counts the tables print and every relation between them. A
number in a sentence, a caption or a chart's alt text skips that audit unless it is one of the
audited figures, so a reader's check of the public HTML is: every number in the words is a
number the tables publish (a count, a percentage, a ratio, an interval bound, or the share a
printed "n out of N" gives), a number the wording templates write themselves (see
:func:`fixed_phrases`), or plainly not a figure about staff (a year, a date, a table, figure,
indicator or pay-band label, the disclosure threshold). Anything else is listed as
unexplained; ``wres audit`` fails on it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from wres_lib.inputs.wording_templates import PACKAGE_TEMPLATES, template_environment
from wres_lib.protect.published_tables import read_published

# A number as printed: 4,015 / 39.2 / 2.40 / 12% (a leading minus or sign is not part of it).
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w])")
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# Text that holds numbers which are not figures about staff, removed before the scan: what
# Python or the data write (dates, labels, a template's {{ }} that is not about staff).
# Numbers the wording templates write themselves are recognised from the templates.
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
        r"\bquestions?\s+\d+[a-z]*(?:\s*(?:,|and|to|–|-)\s*\d+[a-z]*)*",  # question 13b and 13c
        r"\b\d+(?:\.\d+)?\s*(?:pp|(?:percentage )?points?)\b",  # differences: the tables check them
        # Figures about other trusts (benchmarking against NHS England's published data):
        r"\b\d+%\s+of\s+(?:[\w-]+\s+){0,6}?trusts\b",  # percentile ranks
        r"\bother\s+\d+\s+trusts\b",
        r"\b\d+\s+other\s+trusts\b",
        r"\bmedian of other trusts(?:[^.;]*?\b(?:is|was))?\s+-?\d+(?:\.\d+)?",
        # Figures about the method and the report itself, not about staff:
        r"(?:parity band|fair range|non-adverse range|range treated as fair|likelihood from)"
        r"\)?[:,]?\s*\(?"
        r"\d\.\d+\s*(?:to|–|-)\s*\d\.\d+",
        r"\b\d+%\s+(?:Wilson|Katz|confidence|likely range)",
        r"\bwres-lib\s+\d+(?:\.\d+)*",
        r"\bcounts? from \d+ to \d+\b",
        r"\b(?:below|under|fewer than|less than)\s+\d+\b",
        r"\b\d+\s+(?:more\s+)?(?:counts|percentages|cells|bands?'?|rows|values)\b",
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


# How many literal words either side of a template's number make its fixed phrase.
_CONTEXT_WORDS = 3
_ITEM = re.compile(r"(?m)^\s*\*\s")  # a list item's start, where Wording.lines splits
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class FixedPhrase:
    """A number a wording template writes literally, with the literal words around it."""

    text: str  # as printed: white space collapsed
    start: int  # the number's place in text
    end: int
    source: str  # template file and line

    @property
    def before(self) -> str:
        return self.text[: self.start]

    @property
    def after(self) -> str:
        return self.text[self.end :]


@dataclass(frozen=True)
class _Slot:
    """A template's ``{{ }}`` output and the literal text right before and after it."""

    before: str
    after: str


def fixed_phrases(templates: Sequence[str | Path] = ()) -> tuple[FixedPhrase, ...]:
    """The numbers the wording templates write themselves, each with up to three literal
    words either side: "in the last 12 months.", "Model Employer strategy (2019) asks each
    trust". The package's templates, and a trust's own folders (``templates``) as well.

    Why this lets no figure about staff through: a phrase comes only from literal text
    (Jinja2's data tokens, outside ``{{ }}``, ``{% %}`` and ``{# #}``), so its number is typed
    by whoever wrote the template and is the same in every report whatever the data. It
    explains a printed number only at its own place in an exact printing of the phrase, the
    phrase not glued to a letter or digit either side, so "12 staff" is not explained by "the
    last 12 months", nor is "the last 120 months". A figure could print in that place only if
    a template put a ``{{ }}`` between the same words: a phrase whose words on one side a
    template writes next to a ``{{ }}``, the other side agreeing as far as its literal text
    goes, is dropped, and its number is checked like any other.
    """
    return _phrases_for(tuple(sorted({str(Path(f).resolve()) for f in templates})))


@functools.cache
def _phrases_for(extra: tuple[str, ...]) -> tuple[FixedPhrase, ...]:
    folders = (_package_templates(), *extra)
    phrases = [p for f in folders for p in _read_templates(f)[0]]
    slots = [s for f in folders for s in _read_templates(f)[1]]
    unique = {(p.text, p.start): p for p in phrases if not any(_fits(p, s) for s in slots)}
    return tuple(unique.values())


def _package_templates() -> str:
    """The package's wording folder, where the report finds it."""
    return str(PACKAGE_TEMPLATES)


@functools.cache
def _read_templates(folder: str) -> tuple[tuple[FixedPhrase, ...], tuple[_Slot, ...]]:
    """A folder's literal phrases and ``{{ }}`` slots, lexed once per process by Jinja2 with
    the report's own settings (so literal text is exactly what the renderer prints)."""
    env = template_environment()
    phrases: list[FixedPhrase] = []
    slots: list[_Slot] = []
    for path in sorted(Path(folder).glob("*.j2")):
        tokens = list(env.lex(path.read_text(encoding="utf-8"), path.name, str(path)))
        for i, (line, kind, value) in enumerate(tokens):
            if kind == "data":
                glued = (
                    i > 0 and tokens[i - 1][1] == "variable_end" and not value[:1].isspace(),
                    i + 1 < len(tokens)
                    and tokens[i + 1][1] == "variable_begin"
                    and not value[-1:].isspace(),
                )
                phrases += _phrases_in(value, path.name, line, glued)
            elif kind == "variable_begin":
                end = next(j for j in range(i, len(tokens)) if tokens[j][1] == "variable_end")
                before = _ITEM.split(_literal(tokens, i - 1))[-1]
                after = _ITEM.split(_literal(tokens, end + 1))[0]
                slots.append(_Slot(_spaced(before), _spaced(after)))
    return tuple(phrases), tuple(slots)


def _literal(tokens: list[tuple[int, str, str]], i: int) -> str:
    """Token i's text if it is literal text (a tag's output is not known: nothing)."""
    return tokens[i][2] if 0 <= i < len(tokens) and tokens[i][1] == "data" else ""


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _phrases_in(data: str, file: str, line: int, glued: tuple[bool, bool]) -> list[FixedPhrase]:
    """Each number in a literal stretch, with up to three words either side in its list item.

    A word glued to a tag (``{{ group }}s in``) is not a word the report prints on its own, so
    it is left out; a number with no word around it makes no phrase (it stays checked)."""
    out = []
    starts = [0, *(m.end() for m in _ITEM.finditer(data))]
    ends = [*(m.start() for m in _ITEM.finditer(data)), len(data)]
    for k, (begin, stop) in enumerate(zip(starts, ends, strict=True)):
        words = list(re.finditer(r"\S+", data[begin:stop]))
        first = int(glued[0] and k == 0)
        last = len(words) - 1 - int(glued[1] and k == len(starts) - 1)
        for i, word in enumerate(words):
            for number in _NUMBER.finditer(word.group()):
                lo = min(i, max(first, i - _CONTEXT_WORDS))
                hi = max(i, min(last, i + _CONTEXT_WORDS))
                around = [w.group() for w in words[lo : hi + 1]]
                if not any(_LETTER.search(w) for n, w in enumerate(around) if n != i - lo):
                    continue
                at = len(" ".join(around[: i - lo])) + (i > lo) + number.start()
                where = line + data[: begin + word.start()].count("\n")
                out.append(
                    FixedPhrase(" ".join(around), at, at + len(number.group()), f"{file}:{where}")
                )
    return out


def _fits(phrase: FixedPhrase, slot: _Slot) -> bool:
    """Whether a ``{{ }}`` output could print in the phrase's number's place: the template's
    literal text around it holds all the phrase's words on one side, and on the other side
    agrees with them as far as it goes (up to a tag, whose output is not known)."""
    left = slot.before.endswith(phrase.before) or phrase.before.endswith(slot.before)
    right = slot.after.startswith(phrase.after) or phrase.after.startswith(slot.after)
    held = (slot.before.endswith(phrase.before) and _LETTER.search(phrase.before)) or (
        slot.after.startswith(phrase.after) and _LETTER.search(phrase.after)
    )
    return left and right and bool(held)


def _figures_only(text: str) -> str:
    """The text with years, dates and labels (table, indicator, band numbers) blanked, each
    character by a space so that what is left keeps its place in the passage."""
    for pattern in _NOT_FIGURES:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _fixed_places(passage: str, phrases: Sequence[FixedPhrase]) -> set[tuple[int, int]]:
    """Where the passage prints a template's fixed phrase, the place of the phrase's number.

    The phrase must stand on its own: not glued to a letter or digit either side."""
    places = set()
    for phrase in phrases:
        at = passage.find(phrase.text)
        while at >= 0:
            end = at + len(phrase.text)
            if not _glued(passage[at - 1 : at] + phrase.text[:1]) and not _glued(
                phrase.text[-1:] + passage[end : end + 1]
            ):
                places.add((at + phrase.start, at + phrase.end))
            at = passage.find(phrase.text, at + 1)
    return places


def _glued(pair: str) -> bool:
    return len(pair) == 2 and pair.isalnum()


def _normal(match: re.Match[str]) -> str:
    whole = match.group(1).replace(",", "")
    return str(int(whole)) + (match.group(2) or "")


def unexplained_numbers(
    folder: Path,
    allowed: set[str] = frozenset(),  # type: ignore[assignment]
    templates: Sequence[str | Path] = (),
) -> list[TextNumber]:
    """Numbers in a public folder's HTML words that its tables do not print (see module).

    ``templates``: a trust's own wording folders, whose fixed phrases are recognised as well as
    the package's."""
    root = Path(folder)
    public = root / "public" if (root / "public" / "tables").is_dir() else root
    published = table_numbers(public / "tables") | set(allowed)
    phrases = fixed_phrases(templates)
    found = []
    for html_path in sorted(public.glob("*.html")):
        for where, passage in printed_words(html_path.read_text(encoding="utf-8")):
            text = _figures_only(passage)
            fixed = _fixed_places(passage, phrases)
            own = published | _shares_of_fractions(text)
            for match in _NUMBER.finditer(text):
                if match.span() in fixed:
                    continue
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
