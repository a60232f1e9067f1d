"""Table cells for the action plan: lists, RAG badges and tracked changes, every piece escaped.

The plan's text is typed by many people, so each piece passes through :mod:`markupsafe` here
and the cells are marked as built HTML only after that. Each cell has a plain-text twin for the
public tables' CSV files, where HTML would be noise.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from markupsafe import Markup, escape

from wres_lib.plan.changes import Segment
from wres_lib.plan.model import ActionPlan
from wres_lib.present import render
from wres_lib.present.context import ReportContext

# How a tracked change reads in a CSV file (the HTML marks it with <ins> and <del>).
PLAIN_MARKS = {"insert": "[added: {}]", "delete": "[removed: {}]"}


def item_list(items: Sequence[str | Markup]) -> Markup:
    """A list inside a cell; one item stays a list so a Board member sees it as a milestone."""
    return render.bullets(items) if items else Markup("")


def text_then_list(text: str | Markup, items: Sequence[str | Markup]) -> Markup:
    """A paragraph with a list under it (an action and its steps)."""
    return Markup("{}{}").format(text, item_list(items))


def note_line(text: str) -> Markup:
    return Markup('<br><span class="note">{}</span>').format(text)


def rag_cell(plan: ActionPlan, status: str | None, unrated: str) -> Markup:
    """A status as its word on its colour (the word alone where the action is unrated)."""
    key = plan.key_for(status)
    if key is None:
        return escape(unrated if status is None else status)
    return render.rag_badge(key.status, key.word)


def _struck_cell(plan: ActionPlan, status: str | None, unrated: str) -> Markup:
    """:func:`rag_cell` with its word struck through inside the badge: a badge is an inline
    block, which a ``<del>`` around it does not strike."""
    key = plan.key_for(status)
    if key is None:
        return Markup("<s>{}</s>").format(unrated if status is None else status)
    return render.rag_badge(key.status, Markup("<s>{}</s>").format(key.word))


def tracked_rag(
    previous: ActionPlan,
    current: ActionPlan,
    statuses: tuple[str | None, str | None],
    unrated: str,
    kind: str = "changed",
) -> Markup:
    """A status that changed, said in words and marked: "was <del>Amber</del>, now
    <ins>Green</ins>", the old badge's word struck through, so a reader without colour (or a
    screen reader) knows which is which. An added action shows its status inserted ("now"),
    a removed one its status deleted ("was"); ``kind`` is the row's (``added``, ``removed``
    or ``changed``)."""
    before, after = statuses
    if before == after:
        return rag_cell(current, after, unrated)
    old = Markup("was <del>{}</del>").format(_struck_cell(previous, before, unrated))
    new = Markup("now <ins>{}</ins>").format(rag_cell(current, after, unrated))
    if kind == "added":
        return new
    if kind == "removed":
        return old
    return Markup("{}, {}").format(old, new)


def tracked_text(segments: Sequence[Segment]) -> Markup:
    """Whole-word track changes: ``<ins>`` and ``<del>`` around escaped text."""
    parts = []
    for k, seg in enumerate(segments):
        before = segments[k - 1] if k else None
        if (
            seg.op == "insert"
            and before is not None
            and before.op == "delete"
            and not (before.text[-1:].isspace() or seg.text[:1].isspace())
        ):
            parts.append(Markup(" "))  # "old new", not "oldnew", where a word was replaced
        if seg.op == "insert":
            parts.append(Markup("<ins>{}</ins>").format(seg.text))
        elif seg.op == "delete":
            parts.append(Markup("<del>{}</del>").format(seg.text))
        else:
            parts.append(escape(seg.text))
    return Markup("").join(parts)


def plain_tracked(segments: Sequence[Segment]) -> str:
    return "".join(
        PLAIN_MARKS[s.op].format(s.text) if s.op in PLAIN_MARKS else s.text for s in segments
    )


def plain_rag(
    previous: ActionPlan, current: ActionPlan, statuses: tuple[str | None, str | None]
) -> str:
    before, after = (previous.word_for(statuses[0]), current.word_for(statuses[1]))
    if statuses[0] == statuses[1]:
        return after
    return " ".join(
        PLAIN_MARKS[op].format(word) for op, word in (("delete", before), ("insert", after)) if word
    )


def html_table(
    report: ReportContext,
    name: str,
    caption: str,
    shown: pd.DataFrame,
    plain: pd.DataFrame,
    raw: Sequence[str],
    numeric: Sequence[str] = (),
) -> Markup:
    """A numbered table whose HTML has built cells, kept for ``public/tables/`` as plain text."""
    html = report.table(
        name,
        caption,
        shown,
        index=False,
        raw_html_columns=tuple(raw),
        numeric=tuple(numeric),
        stack=True,  # a plan's rows read as cards on a phone: every column in view
    )
    kept = next(reversed(report.public_tables))
    report.public_tables[kept] = plain
    return html
