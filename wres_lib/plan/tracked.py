"""The current plan reprinted with the previous version's text inline, as a Board paper's
"track changes" copy shows it (seed 003): every objective and action in the current order,
each cell a whole-word diff, removed actions struck through where they stood.

Pure data: :mod:`wres_lib.present.plan_section` turns the segments into HTML.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from wres_lib.plan.changes import Segment, diff_words, match_actions, word_similarity
from wres_lib.plan.model import (
    Action,
    ActionPlan,
    Objective,
    indicator_text,
    target_text,
)
from wres_lib.plan.progress import milestone_line

Cell = tuple[Segment, ...]
Kind = Literal["added", "removed", "changed", "same"]
# Two list items (milestones, steps) this alike are one item reworded, not one out, one in.
SAME_ITEM = 0.5


@dataclass(frozen=True)
class TrackedAction:
    """One row of the reprint: the action's cells, each diffed against its earlier version."""

    kind: Kind
    number: Cell
    title: Cell
    text: Cell
    steps: tuple[Cell, ...]
    leads: Cell
    by_when: Cell
    milestones: tuple[Cell, ...]
    progress: Cell  # the latest note, against the previous version's latest note
    indicators: Cell
    rag: tuple[str | None, str | None]  # (previous status, current status)
    action_id: str | None = None


@dataclass(frozen=True)
class TrackedObjective:
    kind: Kind
    number: Cell
    text: Cell
    target: Cell
    actions: tuple[TrackedAction, ...]


@dataclass(frozen=True)
class TrackedBasis:
    kind: Kind
    ref: str
    source: Cell
    text: Cell


@dataclass(frozen=True)
class TrackedPlan:
    title: Cell
    period: Cell
    basis: tuple[TrackedBasis, ...]
    objectives: tuple[TrackedObjective, ...]

    def actions(self) -> list[TrackedAction]:
        return [a for o in self.objectives for a in o.actions]

    def count(self, kind: Kind) -> int:
        """How many actions were added, removed, changed or kept as they were."""
        return sum(a.kind == kind for a in self.actions())


def _kind(cells: Sequence[Cell]) -> Kind:
    return "same" if all(all(s.op == "equal" for s in cell) for cell in cells) else "changed"


def _whole(text: str, op: Literal["insert", "delete"]) -> Cell:
    return (Segment(op, text),) if text else ()


def diff_items(before: Sequence[str], after: Sequence[str]) -> tuple[Cell, ...]:
    """A list diffed item by item: kept, reworded (diffed within), struck out or added."""
    out: list[Cell] = []
    matcher = difflib.SequenceMatcher(None, list(before), list(after), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out += [diff_words(item, item) for item in before[i1:i2]]
            continue
        old, new = list(before[i1:i2]), list(after[j1:j2])
        while old or new:
            if old and new and word_similarity(old[0], new[0]) >= SAME_ITEM:
                out.append(diff_words(old.pop(0), new.pop(0)))
            elif old and (not new or not any(word_similarity(old[0], n) >= SAME_ITEM for n in new)):
                out.append(_whole(old.pop(0), "delete"))
            else:
                out.append(_whole(new.pop(0), "insert"))
    return tuple(out)


def _latest_note(action: Action, as_at: dt.date | None) -> str:
    notes = [n for n in action.progress if as_at is None or n.date <= as_at]
    return notes[-1].text if notes else ""


def _number(objective: Objective, action: Action) -> str:
    return "" if action.number is None else str(action.number)


def _fields(objective: Objective, action: Action, as_at: dt.date | None) -> dict[str, object]:
    return {
        "title": action.title or "",
        "text": action.text,
        "steps": list(action.steps),
        "leads": "; ".join(action.leads),
        "by_when": action.by_when,
        "milestones": [milestone_line(m) for m in action.milestones],
        "progress": _latest_note(action, as_at),
        "indicators": indicator_text(objective.indicators_of(action)),
    }


def _one_side(
    objective: Objective, action: Action, op: Literal["insert", "delete"], as_at: dt.date | None
) -> TrackedAction:
    """An added (all inserted) or removed (all struck out) action."""
    f = _fields(objective, action, as_at)
    status = action.status_at(as_at)
    return TrackedAction(
        kind="added" if op == "insert" else "removed",
        number=_whole(_number(objective, action), op),
        title=_whole(str(f["title"]), op),
        text=_whole(action.text, op),
        steps=tuple(_whole(s, op) for s in action.steps),
        leads=_whole(str(f["leads"]), op),
        by_when=_whole(action.by_when, op),
        milestones=tuple(_whole(m, op) for m in f["milestones"]),  # type: ignore[attr-defined]
        progress=_whole(str(f["progress"]), op),
        indicators=_whole(str(f["indicators"]), op),
        rag=(None, status) if op == "insert" else (status, None),
        action_id=action.id,
    )


def _both(
    before: tuple[Objective, Action],
    after: tuple[Objective, Action],
    moved: bool,
    as_at: dt.date | None,
) -> TrackedAction:
    (pobjective, paction), (objective, action) = before, after
    old, new = _fields(pobjective, paction, None), _fields(objective, action, as_at)
    old_number = _number(pobjective, paction)
    if moved and pobjective.number is not None and old_number:
        old_number = f"{pobjective.number}.{old_number}"  # came from another objective
    cells = {
        key: diff_words(str(old[key]), str(new[key]))
        for key in ("title", "text", "leads", "by_when", "progress", "indicators")
    }
    number = diff_words(old_number, _number(objective, action))
    steps = diff_items(old["steps"], new["steps"])  # type: ignore[arg-type]
    milestones = diff_items(old["milestones"], new["milestones"])  # type: ignore[arg-type]
    rag = (paction.status_at(None), action.status_at(as_at))
    kind = _kind([number, *cells.values(), *steps, *milestones])
    if rag[0] != rag[1]:
        kind = "changed"
    return TrackedAction(
        kind=kind,
        number=number,
        title=cells["title"],
        text=cells["text"],
        steps=steps,
        leads=cells["leads"],
        by_when=cells["by_when"],
        milestones=milestones,
        progress=cells["progress"],
        indicators=cells["indicators"],
        rag=rag,
        action_id=action.id,
    )


def tracked_plan(
    previous: ActionPlan, current: ActionPlan, as_at: dt.date | None = None
) -> TrackedPlan:
    """The current plan with the previous version's wording inline.

    Objectives are paired by number and actions by :func:`match_actions` (id, else wording);
    an action no longer in the plan is struck out at the end of the objective it was in, and
    an objective no longer in the plan is struck out after the current ones. Statuses and the
    latest progress note are those in force on ``as_at``.
    """
    pairs = match_actions(previous, current)
    by_current = {c: p for p, c in pairs if c is not None and p is not None}
    removed = sorted(p for p, c in pairs if c is None and p is not None)
    prev_objectives = {o.number: i for i, o in enumerate(previous.objectives) if o.number}
    shown: set[int] = set()
    objectives: list[TrackedObjective] = []
    for i, objective in enumerate(current.objectives):
        pi = prev_objectives.get(objective.number) if objective.number is not None else None
        number = str(objective.number or "")
        rows: list[TrackedAction] = []
        for j, action in enumerate(objective.actions):
            ppos = by_current.get((i, j))
            if ppos is None:
                rows.append(_one_side(objective, action, "insert", as_at))
                continue
            before = previous.objectives[ppos[0]]
            rows.append(
                _both(
                    (before, before.actions[ppos[1]]),
                    (objective, action),
                    moved=before.number != objective.number,
                    as_at=as_at,
                )
            )
        if pi is None:
            objectives.append(
                TrackedObjective(
                    "added",
                    _whole(number, "insert"),
                    _whole(objective.text, "insert"),
                    _whole(target_text(objective.target), "insert"),
                    tuple(rows),
                )
            )
            continue
        shown.add(pi)
        old = previous.objectives[pi]
        rows += [_one_side(old, old.actions[pj], "delete", None) for qi, pj in removed if qi == pi]
        text = diff_words(old.text, objective.text)
        target = diff_words(target_text(old.target), target_text(objective.target))
        kind = _kind([text, target])
        if kind == "same" and any(r.kind != "same" for r in rows):
            kind = "changed"
        objectives.append(
            TrackedObjective(kind, diff_words(number, number), text, target, tuple(rows))
        )
    for pi, old in enumerate(previous.objectives):
        if pi in shown:
            continue
        rows = [_one_side(old, old.actions[pj], "delete", None) for qi, pj in removed if qi == pi]
        objectives.append(
            TrackedObjective(
                "removed",
                _whole(str(old.number or ""), "delete"),
                _whole(old.text, "delete"),
                _whole(target_text(old.target), "delete"),
                tuple(rows),
            )
        )
    return TrackedPlan(
        title=diff_words(previous.title, current.title),
        period=diff_words(previous.period.label, current.period.label),
        basis=_tracked_basis(previous, current),
        objectives=tuple(objectives),
    )


def _tracked_basis(previous: ActionPlan, current: ActionPlan) -> tuple[TrackedBasis, ...]:
    old = {b.ref: b for b in previous.basis}
    out = []
    for item in current.basis:
        before = old.get(item.ref)
        if before is None:
            out.append(
                TrackedBasis(
                    "added", item.ref, _whole(item.source, "insert"), _whole(item.text, "insert")
                )
            )
            continue
        source, text = diff_words(before.source, item.source), diff_words(before.text, item.text)
        out.append(TrackedBasis(_kind([source, text]), item.ref, source, text))
    kept = {b.ref for b in current.basis}
    out += [
        TrackedBasis("removed", b.ref, _whole(b.source, "delete"), _whole(b.text, "delete"))
        for b in previous.basis
        if b.ref not in kept
    ]
    return tuple(out)
