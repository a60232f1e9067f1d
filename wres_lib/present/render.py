"""The one place report HTML is made.

Every piece of text that reaches HTML passes through :func:`markupsafe.escape` here: action
plans, leads, progress notes, organisation names and table cells are typed by many people and
must show as typed, never run as markup or script.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup, escape

from wres_lib.present.style import RAG_COLOURS
from wres_lib.protect.problem import REDACTED

# A hidden count prints as the mark disclosure control uses for it.
HIDDEN = REDACTED
# What a screen reader says for ``R`` (its ``<abbr>`` title); the method notes say more.
HIDDEN_MEANING = "not shown, to protect small numbers"

REPORT_CSS = """
.wres { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4;
        color: #1a1a1a; max-width: 60em; }
.wres h1 { font-size: 20pt; margin: 0.6em 0 0.3em; }
.wres h2 { font-size: 16pt; margin: 1.2em 0 0.3em; border-bottom: 2px solid #0072B2; }
.wres h3 { font-size: 13pt; margin: 1em 0 0.3em; }
.wres table { border-collapse: collapse; margin: 0.6em 0 1em; font-size: 10pt; }
.wres caption { caption-side: top; text-align: left; font-weight: bold; padding: 0.3em 0; }
.wres th, .wres td { border: 1px solid #bbb; padding: 0.25em 0.5em; vertical-align: top; }
.wres th { background: #eef3f8; text-align: left; }
.wres th, .wres td { text-align: left !important; }
.wres td.num { text-align: right !important; white-space: nowrap; }
.wres td.hidden { text-align: center; font-weight: bold; }
.wres .flag { font-weight: bold; }
.wres .note { font-size: 9.5pt; color: #444; }
.wres .rag { display: inline-block; min-width: 6.5em; padding: 0.1em 0.4em;
             border-radius: 3px; font-weight: bold; text-align: center; }
.wres ins { background: #d9f2e6; text-decoration: underline; }
.wres del { background: #fbe3d6; text-decoration: line-through; }
.wres ins::before, .wres ins::after, .wres del::before, .wres del::after {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(100%);
  white-space: nowrap; }
.wres ins::before { content: " [added: "; }
.wres del::before { content: " [removed: "; }
.wres ins::after, .wres del::after { content: "] "; }
.wres abbr[title] { text-decoration: none; cursor: help; }
.wres figure { margin: 0.8em 0 1.2em; }
.wres figure img, figure.wres-chart img { max-width: 100%; height: auto; }
.wres figcaption { font-size: 9.5pt; color: #333; }
.wres dl.front { display: grid; grid-template-columns: 14em auto; gap: 0.2em 1em; }
.wres dl.front dt { font-weight: bold; white-space: nowrap; width: auto; float: none; }
"""


@dataclass(repr=False)
class Block:
    """A displayable piece of the report: notebooks show it, nbconvert keeps its HTML.

    Its plain-text form is one short line: a notebook stores every output as HTML and as
    text, and a report-sized text copy of the HTML doubled each saved notebook for nothing.
    """

    parts: list[Markup] = field(default_factory=list)

    def add(self, *parts: Markup | Block | str) -> Block:
        for part in parts:
            if isinstance(part, Block):
                self.parts.extend(part.parts)
            elif hasattr(part, "_repr_html_") and not isinstance(part, Markup):
                self.parts.append(Markup(part._repr_html_()))
            else:
                self.parts.append(part if isinstance(part, Markup) else Markup(escape(part)))
        return self

    def html(self) -> Markup:
        return Markup('<div class="wres">') + Markup("").join(self.parts) + Markup("</div>")

    def _repr_html_(self) -> str:
        return str(self.html())

    def __repr__(self) -> str:
        return f"<report block: {len(self.parts)} parts, shown as HTML>"


def style_block() -> Markup:
    """The report's CSS, inline (the public file fetches nothing)."""
    return Markup("<style>") + Markup(REPORT_CSS) + Markup("</style>")


def heading(text: str, level: int = 2, anchor: str | None = None) -> Markup:
    ident = Markup(' id="{}"').format(anchor) if anchor else Markup("")
    return Markup("<h{level}{ident}>{text}</h{level}>").format(level=level, ident=ident, text=text)


def paragraph(text: str, css: str | None = None) -> Markup:
    cls = Markup(' class="{}"').format(css) if css else Markup("")
    return Markup("<p{cls}>{text}</p>").format(cls=cls, text=text)


def bullets(items: Iterable[str | Markup]) -> Markup:
    inner = Markup("").join(Markup("<li>{}</li>").format(item) for item in items)
    return Markup("<ul>{}</ul>").format(inner)


def definition_list(
    pairs: Sequence[tuple[str, str]], css: str = "front", wide: Collection[str] = ()
) -> Markup:
    """Terms and answers; on a wide screen short answers sit two to a row, ``wide`` ones span."""

    def pair(term: str, answer: str) -> Markup:
        if term in wide:
            return Markup('<dt class="wide">{}</dt><dd class="wide">{}</dd>').format(term, answer)
        return Markup("<dt>{}</dt><dd>{}</dd>").format(term, answer)

    inner = Markup("").join(pair(k, v) for k, v in pairs)
    return Markup('<dl class="{}">{}</dl>').format(css, inner)


def rag_badge(letter: str, word: str) -> Markup:
    """A RAG status: its colour and, always, its word (never colour alone)."""
    colour = RAG_COLOURS.get(letter)
    if colour is None:
        return Markup('<span class="rag">{}</span>').format(word)
    return Markup('<span class="rag" style="background:{fill};color:{text}">{word}</span>').format(
        fill=colour.fill, text=colour.text, word=word
    )


def table(
    frame: pd.DataFrame,
    caption: str,
    *,
    index: bool = True,
    numeric: Iterable[str] | None = None,
    raw_html_columns: Iterable[str] = (),
    stack: bool = False,
) -> Markup:
    """An HTML table with every cell escaped; cells equal to ``R`` are marked as hidden.

    ``raw_html_columns`` name columns whose cells were built by this package from escaped
    pieces (RAG badges, tracked changes); never pass a column of input text. Anything else is
    escaped. ``stack``: each cell carries its column's name (``data-label``), so on a phone the
    stylesheet shows each row as a card of labelled cells instead of a wide table.
    """

    def labelled(name: object) -> Markup:
        return Markup(' data-label="{}"').format(name) if stack else Markup("")

    raw = set(raw_html_columns)
    numeric_columns = set(frame.columns if numeric is None else numeric)
    # An empty corner is a data cell, not a header (a header with no text names nothing).
    corner = frame.index.name
    head_cells = (
        [Markup('<th scope="col">{}</th>').format(corner) if corner else Markup("<td></td>")]
        if index
        else []
    )
    head_cells += [
        Markup('<th scope="col">{}</th>').format(c) if str(c).strip() else Markup("<td></td>")
        for c in frame.columns
    ]
    head = Markup("<thead><tr>{}</tr></thead>").format(Markup("").join(head_cells))
    rows = []
    for label, record in frame.iterrows():
        row_head = (
            Markup('<th scope="row"{}>{}</th>') if str(label).strip() else Markup("<td{}>{}</td>")
        )
        cells = [row_head.format(labelled(corner or ""), label)] if index else []
        for column, value in record.items():
            text = "" if value is None or (isinstance(value, float) and value != value) else value
            if column in raw:
                # Built by rag_badge / render_diff_segments from escaped pieces; pandas 3 stores
                # Markup as plain str, so the column name, not the type, marks it as HTML.
                cells.append(Markup("<td{}>{}</td>").format(labelled(column), Markup(str(text))))
                continue
            css = (
                "hidden"
                if str(text).startswith(HIDDEN) and _is_hidden_text(str(text))
                else ("num" if column in numeric_columns else "")
            )
            cls = Markup(' class="{}"').format(css) if css else Markup("")
            shown = hidden_marker(str(text)) if css == "hidden" else str(text)
            cells.append(Markup("<td{}{}>{}</td>").format(cls, labelled(column), shown))
        rows.append(Markup("<tr>{}</tr>").format(Markup("").join(cells)))
    # The box scrolls sideways on a narrow screen (the page itself never does); it can take
    # the keyboard's focus so that scrolling works without a mouse, and is named by the caption.
    return Markup(
        '<div class="wres-table" role="region" aria-label="{label}" tabindex="0">'
        "<table><caption>{caption}</caption>{head}<tbody>{body}</tbody></table></div>"
    ).format(
        label=caption.striptags() if isinstance(caption, Markup) else caption,
        caption=caption,
        head=head,
        body=Markup("").join(rows),
    )


def hidden_marker(text: str) -> Markup:
    """``R``, ``R%`` or ``R out of 265`` with the ``R`` explained to screen readers."""
    abbr = Markup('<abbr title="{}">{}</abbr>').format(HIDDEN_MEANING, HIDDEN)
    return abbr + escape(text[len(HIDDEN) :])


def _is_hidden_text(text: str) -> bool:
    return text in (HIDDEN, f"{HIDDEN}%") or text.startswith(f"{HIDDEN} out of ")
