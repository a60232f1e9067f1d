"""Track changes between two versions of a plan: actions matched across versions, the
append-only rule for status history, and word-level differences of every field.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from wres_lib.errors import Problem
from wres_lib.plan.model import (
    Action,
    ActionPlan,
    Objective,
    action_label,
    indicator_text,
    objective_label,
    target_text,
)
from wres_lib.plan.progress import milestone_line

# --------------------------------------------------------------------------------------------
# Versions: matching actions, append-only history, track changes
# --------------------------------------------------------------------------------------------

SIMILAR_ENOUGH = 0.6


def word_similarity(a: str, b: str) -> float:
    """Share of words two texts have in common, in order (0 to 1, case ignored)."""
    return difflib.SequenceMatcher(
        None, a.lower().split(), b.lower().split(), autojunk=False
    ).ratio()


def match_actions(
    previous: ActionPlan, current: ActionPlan
) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """Pair each action with its earlier version: same ``id``, else near-identical wording.

    Numbers are not used: trusts renumber (seed 001 numbers 1-12 across the plan, seed 003
    restarts in each objective). Returns (previous position, current position) pairs; None on
    one side means added or removed.
    """
    prev = {(i, j): a for i, j, _, a in previous.actions()}
    cur = {(i, j): a for i, j, _, a in current.actions()}
    pairs: list[tuple[tuple[int, int] | None, tuple[int, int] | None]] = []
    prev_ids = {a.id: pos for pos, a in prev.items() if a.id}
    left_prev = dict(prev)
    left_cur: dict[tuple[int, int], Action] = {}
    for pos, action in cur.items():
        if action.id and action.id in prev_ids:
            pairs.append((prev_ids[action.id], pos))
            left_prev.pop(prev_ids[action.id])
        else:
            left_cur[pos] = action
    # Only actions without ids on both sides are paired by wording.
    scores = sorted(
        (
            (word_similarity(pa.text, ca.text), ppos, cpos)
            for ppos, pa in left_prev.items()
            for cpos, ca in left_cur.items()
            if not (pa.id and ca.id)
        ),
        reverse=True,
    )
    used_p: set[tuple[int, int]] = set()
    used_c: set[tuple[int, int]] = set()
    for score, ppos, cpos in scores:
        if score < SIMILAR_ENOUGH:
            break
        if ppos in used_p or cpos in used_c:
            continue
        pairs.append((ppos, cpos))
        used_p.add(ppos)
        used_c.add(cpos)
    pairs += [(None, pos) for pos in left_cur if pos not in used_c]
    pairs += [(pos, None) for pos in left_prev if pos not in used_p]
    return pairs


def check_append_only(previous: ActionPlan, current: ActionPlan) -> list[Problem]:
    """Problems where a later version drops or rewrites earlier RAG entries or progress notes.

    The history is the evidence of progress the Board relies on, so it is never edited: a new
    version copies the earlier entries and adds its own after them.
    """
    problems: list[Problem] = []
    file = current.source_file or "current plan"
    for ppos, cpos in match_actions(previous, current):
        if ppos is None or cpos is None:
            continue
        before = previous.objectives[ppos[0]].actions[ppos[1]]
        objective = current.objectives[cpos[0]]
        after = objective.actions[cpos[1]]
        label = action_label(objective, after, *cpos)
        loc = ("objectives", cpos[0], "actions", cpos[1])
        old = [(e.date, e.status) for e in before.rag]
        new = [(e.date, e.status) for e in after.rag]
        if new[: len(old)] != old:
            missing = next(
                (o for o, n in zip(old, new + [None] * len(old), strict=False) if o != n), old[-1]
            )
            problems.append(
                Problem(
                    file,
                    current.line_of(loc + ("rag",)),
                    f"{label}: rag",
                    f"{missing[0].isoformat()} {missing[1]}",
                    "the earlier version's RAG entries kept, in order, before new ones "
                    "(the history is append-only)",
                )
            )
        kept = {(n.date, n.text) for n in after.progress}
        for note in before.progress:
            if (note.date, note.text) not in kept:
                problems.append(
                    Problem(
                        file,
                        current.line_of(loc + ("progress",)),
                        f"{label}: progress",
                        f"{note.date.isoformat()} {note.text[:60]}",
                        "the earlier version's progress note kept word for word "
                        "(notes are append-only)",
                    )
                )
    return problems


Op = Literal["equal", "insert", "delete"]
ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


@dataclass(frozen=True)
class Change:
    """One difference between two plan versions, with a word-level diff of the field."""

    kind: ChangeKind
    where: str  # "plan", "objective 2", "objective 2 action 1" (previous numbering if removed)
    field: str
    before: str
    after: str
    segments: tuple[Segment, ...]
    action_id: str | None = None


# Whole words: a word keeps the punctuation typed against it ("track)", "2021/22", "24%"), so
# a change never splits one.
_TOKEN = re.compile(r"\S+|\s+")
# Below this share of the shorter text's words kept, a word-by-word diff reads as confetti.
READABLE_SHARE = 0.5
# An unchanged run this short between two changes is folded into them (it reads as noise).
FOLD_WORDS = 1


def _words(text: str) -> int:
    return len(text.split())


def diff_words(before: str, after: str) -> tuple[Segment, ...]:
    """Whole-word diff: runs of equal, deleted and inserted text, readable as track changes.

    Where less than half the shorter text's words survive, the old text is shown struck through
    and the new one after it: a reader follows a rewritten sentence better whole than in pieces.
    """
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    common = sum(_words("".join(a[i1:i2])) for tag, i1, i2, _, _ in opcodes if tag == "equal")
    shorter = min(_words(before), _words(after))
    if shorter and common / shorter < READABLE_SHARE:
        return (Segment("delete", before), Segment("insert", after))
    raw: list[Segment] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                raw.append(Segment("delete", "".join(a[i1:i2])))
            if j2 > j1:
                raw.append(Segment("insert", "".join(b[j1:j2])))
    # White space or a lone short word left "equal" between two changes reads as noise: fold
    # it into the change on both sides.
    folded: list[Segment] = []
    for k, seg in enumerate(raw):
        between = 0 < k < len(raw) - 1 and raw[k - 1].op != "equal" and raw[k + 1].op != "equal"
        if seg.op == "equal" and between and _words(seg.text) <= FOLD_WORDS:
            folded += [Segment("delete", seg.text), Segment("insert", seg.text)]
        else:
            folded.append(seg)
    out: list[Segment] = []
    k = 0
    while k < len(folded):
        if folded[k].op == "equal":
            out.append(folded[k])
            k += 1
            continue
        deleted, inserted = [], []
        while k < len(folded) and folded[k].op != "equal":
            (deleted if folded[k].op == "delete" else inserted).append(folded[k].text)
            k += 1
        if deleted:
            out.append(Segment("delete", "".join(deleted)))
        if inserted:
            out.append(Segment("insert", "".join(inserted)))
    merged: list[Segment] = []
    for seg in out:
        if merged and merged[-1].op == seg.op == "equal":
            merged[-1] = Segment("equal", merged[-1].text + seg.text)
        elif seg.text:
            merged.append(seg)
    return tuple(merged)


def _action_fields(plan: ActionPlan, objective: Objective, action: Action) -> dict[str, str]:
    """The fields compared between versions, as text."""
    status = action.status
    word = plan.word_for(status)
    key = plan.key_for(status)
    return {
        "title": action.title or "",
        "action": "\n".join([action.text, *action.steps]),
        "lead": "; ".join(action.leads),
        "by when": action.by_when,
        "milestones": "\n".join(milestone_line(m) for m in action.milestones),
        "progress": "\n".join(f"{n.date.isoformat()}: {n.text}" for n in action.progress),
        "outcome": "\n".join(action.outcome),
        "indicators": indicator_text(objective.indicators_of(action)),
        "high impact actions": ", ".join(action.high_impact_actions),
        "RAG": f"{word} ({key.meaning})" if key and key.meaning else word,
    }


def _changed(
    kind: ChangeKind, where: str, field: str, before: str, after: str, action_id: str | None = None
) -> Change:
    return Change(kind, where, field, before, after, diff_words(before, after), action_id)


def track_changes(previous: ActionPlan, current: ActionPlan) -> list[Change]:
    """Every difference between two versions, in the current plan's order.

    Objectives are paired by number; actions by :func:`match_actions`. A moved or renumbered
    action is one "changed" entry for its position, not a removal and an addition.
    """
    changes: list[Change] = []
    for field, before, after in (
        ("title", previous.title, current.title),
        ("organisation", previous.organisation, current.organisation),
        ("period", previous.period.label, current.period.label),
    ):
        if before != after:
            changes.append(_changed("changed", "plan", field, before, after))
    prev_basis = {b.ref: b for b in previous.basis}
    cur_basis = {b.ref: b for b in current.basis}
    for ref, item in cur_basis.items():
        if ref not in prev_basis:
            changes.append(_changed("added", "plan", f"basis {ref}", "", item.text))
        elif prev_basis[ref].text != item.text:
            changes.append(
                _changed("changed", "plan", f"basis {ref}", prev_basis[ref].text, item.text)
            )
    for ref, item in prev_basis.items():
        if ref not in cur_basis:
            changes.append(_changed("removed", "plan", f"basis {ref}", item.text, ""))

    pairs = match_actions(previous, current)
    by_current = {c: p for p, c in pairs if c is not None}
    removed = [p for p, c in pairs if c is None and p is not None]
    prev_objectives = {
        o.number: (i, o) for i, o in enumerate(previous.objectives) if o.number is not None
    }
    shown_prev: set[int] = set()

    def removed_from(index: int) -> list[Change]:
        out = []
        for pi, pj in sorted(p for p in removed if p[0] == index):
            objective = previous.objectives[pi]
            action = objective.actions[pj]
            where = action_label(objective, action, pi, pj)
            out.append(_changed("removed", where, "action", action.text, "", action.id))
        return out

    for i, objective in enumerate(current.objectives):
        where = objective_label(objective, i)
        match = prev_objectives.get(objective.number) if objective.number is not None else None
        if match is None:
            changes.append(_changed("added", where, "objective", "", objective.text))
        else:
            pi, before = match
            shown_prev.add(pi)
            for field, old, new in (
                ("objective", before.text, objective.text),
                ("target", target_text(before.target), target_text(objective.target)),
                (
                    "indicators",
                    indicator_text(before.indicators),
                    indicator_text(objective.indicators),
                ),
            ):
                if old != new:
                    changes.append(_changed("changed", where, field, old, new))
        for j, action in enumerate(objective.actions):
            awhere = action_label(objective, action, i, j)
            ppos = by_current.get((i, j))
            if ppos is None:
                changes.append(_changed("added", awhere, "action", "", action.text, action.id))
                continue
            pobjective = previous.objectives[ppos[0]]
            paction = pobjective.actions[ppos[1]]
            old_where = action_label(pobjective, paction, *ppos)
            if old_where != awhere:
                changes.append(
                    _changed("changed", awhere, "position", old_where, awhere, action.id)
                )
            old_fields = _action_fields(previous, pobjective, paction)
            new_fields = _action_fields(current, objective, action)
            for field, new in new_fields.items():
                if old_fields[field] != new:
                    changes.append(
                        _changed("changed", awhere, field, old_fields[field], new, action.id)
                    )
        if match is not None:
            changes += removed_from(match[0])
    for pi, objective in enumerate(previous.objectives):
        if pi in shown_prev:
            continue
        removed_actions = removed_from(pi)
        if not any(
            o.number == objective.number for o in current.objectives if o.number is not None
        ):
            changes.append(
                _changed("removed", objective_label(objective, pi), "objective", objective.text, "")
            )
        changes += removed_actions
    return changes
