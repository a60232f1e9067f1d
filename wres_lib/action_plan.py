"""The WRES action plan: a YAML file per plan version, checked, compared and exported.

Trusts keep their plans as Word or Excel tables that change in place each year, so last year's
wording, statuses and targets are lost. Here each version is its own file; the RAG history and
progress notes only ever grow, and two versions can be compared word by word (the Board paper's
"track changes" print). Everything here is pure data: the report layer renders it.

File format (see ``data/examples/README.md`` for a full example)::

    title, organisation, period {label, start, end}, approval {date, by}, status_date,
    rag_key [{status, word, meaning, complete}], basis [{ref, source, text}],
    objectives [{number, text, target {description, percent, by}, indicators,
                 actions [{number, id, priority, title, text, steps, leads, by_when,
                           milestones [{text, when}], progress [{date, text}], outcome,
                           indicators, high_impact_actions, rag [{date, status}]}]}]

``by_when`` and a milestone's ``when`` are kept verbatim (trusts write "Summer 2023",
"Q3 2020/2021", "Ongoing") and parsed to a date range where possible. ISO dates are required
wherever a field is a date.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

import pandas as pd
import yaml
from markupsafe import escape
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from wres_lib.errors import InputError, Problem
from wres_lib.params import read_yaml
from wres_lib.style import RAG_COLOURS
from wres_lib.tabular import neutralise_formula, read_table, write_atomically

# --------------------------------------------------------------------------------------------
# Dates as trusts write them
# --------------------------------------------------------------------------------------------

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
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
            day = dt.date(int(groups["year"]), _MONTHS[groups["month"].lower()], int(groups["day"]))
            return day, day
        if kind == "month":
            year, month = _four_digit(groups["year"]), _MONTHS[groups["month"].lower()]
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


# --------------------------------------------------------------------------------------------
# The plan model
# --------------------------------------------------------------------------------------------


def _iso_date(value: object) -> object:
    """Dates must be ISO (2022-09-27): "27/09/22" is ambiguous and an integer is not a date."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date like 2022-09-27, not a date and time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"a real date like 2022-09-27, not {value!r}") from None
    raise ValueError("an ISO date like 2022-09-27")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Status = Literal["B", "R", "A", "G"]
Indicator = Annotated[int, Field(ge=1, le=9)]
NonEmpty = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RagKeyEntry(_Strict):
    """One line of the plan's own RAG key: trusts word it differently (seed 001 vs others)."""

    status: Status
    word: NonEmpty
    meaning: str = ""
    complete: bool = False


class BasisItem(_Strict):
    """Something the plan is built on, e.g. one of the six national high impact actions."""

    ref: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    source: str
    text: str


class Target(_Strict):
    description: str
    percent: Annotated[float, Field(ge=0, le=100)] | None = None
    by: str | None = None


class Milestone(_Strict):
    text: NonEmpty
    when: str | None = None

    @property
    def dates(self) -> ByWhen:
        return parse_by_when(self.when or "")


class ProgressNote(_Strict):
    date: IsoDate
    text: NonEmpty


class RagEntry(_Strict):
    date: IsoDate
    status: Status


class Action(_Strict):
    number: int | None = None
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")] | None = None
    priority: int | None = None
    title: str | None = None
    text: NonEmpty
    steps: list[str] = []
    leads: list[str] = []
    by_when: str = ""
    milestones: list[Milestone] = []
    progress: list[ProgressNote] = []
    outcome: list[str] = []
    # None: not stated, the objective's apply; []: stated as none ("n/a").
    indicators: list[Indicator] | None = None
    high_impact_actions: list[str] = []
    rag: list[RagEntry] = []

    @property
    def due(self) -> ByWhen:
        return parse_by_when(self.by_when)

    def status_at(self, when: dt.date | None = None) -> str | None:
        """The RAG letter in force on ``when`` (latest entry on or before it); None if unrated."""
        entries = [e for e in self.rag if when is None or e.date <= when]
        return entries[-1].status if entries else None

    @property
    def status(self) -> str | None:
        return self.status_at(None)


class Objective(_Strict):
    number: int | None = None
    text: str = ""
    target: Target | None = None
    indicators: list[Indicator] = []
    actions: list[Action] = Field(min_length=1)

    def indicators_of(self, action: Action) -> list[int]:
        """An action aims at its own indicators, or else at its objective's."""
        return sorted(set(self.indicators if action.indicators is None else action.indicators))


class Period(_Strict):
    label: NonEmpty
    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"a period whose end {self.end} is not before its start {self.start}")
        return self


class Approval(_Strict):
    date: IsoDate
    by: str = ""


class ActionPlan(_Strict):
    title: NonEmpty
    organisation: NonEmpty
    period: Period
    approval: Approval | None = None
    status_date: IsoDate | None = None
    rag_key: list[RagKeyEntry] = []
    basis: list[BasisItem] = []
    objectives: list[Objective] = Field(min_length=1)

    _source_file: str = PrivateAttr("")
    _lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def source_file(self) -> str:
        return self._source_file

    def key_for(self, status: str | None) -> RagKeyEntry | None:
        return next((k for k in self.rag_key if k.status == status), None)

    def word_for(self, status: str | None) -> str:
        entry = self.key_for(status)
        return entry.word if entry else ("" if status is None else status)

    def is_complete(self, status: str | None) -> bool:
        entry = self.key_for(status)
        return bool(entry and entry.complete)

    def actions(self) -> Iterable[tuple[int, int, Objective, Action]]:
        """Every action with its objective's and its own position (0-based)."""
        for i, objective in enumerate(self.objectives):
            for j, action in enumerate(objective.actions):
                yield i, j, objective, action

    def line_of(self, loc: tuple[Any, ...]) -> int | None:
        return next(
            (self._lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in self._lines), None
        )


# The key seed 001 prints; the default for tables imported without one.
SEED_001_RAG_KEY = (
    RagKeyEntry(status="B", word="Blue", meaning="not started"),
    RagKeyEntry(status="R", word="Red", meaning="concerns / not on track"),
    RagKeyEntry(status="A", word="Amber", meaning="action is on track"),
    RagKeyEntry(status="G", word="Green", meaning="action is complete", complete=True),
)


def objective_label(objective: Objective, index: int) -> str:
    return (
        f"objective {objective.number}"
        if objective.number is not None
        else f"objective #{index + 1}"
    )


def action_label(objective: Objective, action: Action, i: int, j: int) -> str:
    """How an error or a change names an action: its printed number, else its position."""
    own = f"action {action.number}" if action.number is not None else f"action #{j + 1}"
    return f"{objective_label(objective, i)} {own}"


def _raw_label(data: dict[str, Any], loc: tuple[Any, ...]) -> tuple[str, int]:
    """Name the objective/action a pydantic error location points into, from the raw data."""
    objectives = data.get("objectives")
    if not (loc and loc[0] == "objectives" and len(loc) > 1 and isinstance(objectives, list)):
        return "", 0
    i = loc[1]
    raw_obj = objectives[i] if isinstance(i, int) and i < len(objectives) else {}
    raw_obj = raw_obj if isinstance(raw_obj, dict) else {}
    num = raw_obj.get("number")
    label = f"objective {num}" if isinstance(num, int) else f"objective #{i + 1}"
    if len(loc) > 3 and loc[2] == "actions" and isinstance(loc[3], int):
        j = loc[3]
        actions = raw_obj.get("actions") if isinstance(raw_obj.get("actions"), list) else []
        raw_act = actions[j] if j < len(actions) and isinstance(actions[j], dict) else {}
        anum = raw_act.get("number")
        label += f" action {anum}" if isinstance(anum, int) else f" action #{j + 1}"
        return label, 4
    return label, 2


def _field_text(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part + 1}]")
        elif "[" in str(part) or str(part).startswith("function-"):
            continue
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _column(data: dict[str, Any], loc: tuple[Any, ...]) -> str | None:
    label, used = _raw_label(data, loc)
    rest = _field_text(loc[used:])
    if label and rest:
        return f"{label}: {rest}"
    return label or rest or None


def _validate(data: dict[str, Any], file: str, lines: dict[tuple[Any, ...], int]) -> ActionPlan:
    """Pydantic for shapes, then the cross-checks; every problem names file, line and field."""

    def row_of(loc: tuple[Any, ...]) -> int | None:
        return next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)

    try:
        plan = ActionPlan.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
            if error["type"] == "extra_forbidden":
                expected = "no such key: a typo? (unknown keys are errors)"
            elif error["type"] == "missing":
                expected = "this field, which is required"
            else:
                expected = error["msg"].removeprefix("Value error, ")
            value = error.get("input") if error["type"] != "missing" else None
            if isinstance(value, dict | list):
                value = None
            problems.append(Problem(file, row_of(loc), _column(data, loc), value, expected))
        raise InputError(problems) from None
    plan._source_file = file
    plan._lines = dict(lines)
    problems = _cross_check(plan)
    if problems:
        raise InputError(problems)
    return plan


def _cross_check(plan: ActionPlan) -> list[Problem]:
    """What one field cannot check alone: statuses in the key, refs in the basis, order."""
    problems: list[Problem] = []

    def flag(path: tuple[Any, ...], field: str, value: object, expected: str) -> None:
        problems.append(Problem(plan.source_file, plan.line_of(path), field, value, expected))

    keyed = {k.status for k in plan.rag_key}
    words = [k.word.lower() for k in plan.rag_key]
    if len(set(keyed)) != len(plan.rag_key) or len(set(words)) != len(words):
        flag(("rag_key",), "rag_key", None, "each status and word once")
    refs = [b.ref for b in plan.basis]
    if len(set(refs)) != len(refs):
        flag(("basis",), "basis", None, "unique refs")
    numbers = [o.number for o in plan.objectives if o.number is not None]
    if len(set(numbers)) != len(numbers):
        flag(("objectives",), "objectives", None, "unique numbers")
    ids: dict[str, str] = {}
    for i, objective in enumerate(plan.objectives):
        seen: set[int] = set()
        for j, action in enumerate(objective.actions):
            loc: tuple[Any, ...] = ("objectives", i, "actions", j)
            label = action_label(objective, action, i, j)
            if action.number is not None:
                if action.number in seen:
                    flag(
                        (*loc, "number"),
                        f"{label}: number",
                        action.number,
                        "a number not used twice in one objective",
                    )
                seen.add(action.number)
            if action.id is not None:
                if action.id in ids:
                    flag(
                        (*loc, "id"),
                        f"{label}: id",
                        action.id,
                        f"an id not already used by {ids[action.id]}",
                    )
                ids[action.id] = label
            for k, entry in enumerate(action.rag):
                if entry.status not in keyed:
                    flag(
                        (*loc, "rag", k, "status"),
                        f"{label}: rag[{k + 1}].status",
                        entry.status,
                        "a status defined in the plan's rag_key "
                        f"({', '.join(sorted(keyed)) or 'none defined'})",
                    )
                if k and entry.date < action.rag[k - 1].date:
                    flag(
                        (*loc, "rag", k, "date"),
                        f"{label}: rag[{k + 1}].date",
                        entry.date.isoformat(),
                        "dates in order, oldest first (the history is append-only)",
                    )
            for k, note in enumerate(action.progress):
                if k and note.date < action.progress[k - 1].date:
                    flag(
                        (*loc, "progress", k, "date"),
                        f"{label}: progress[{k + 1}].date",
                        note.date.isoformat(),
                        "dates in order, oldest first (notes are append-only)",
                    )
            for k, ref in enumerate(action.high_impact_actions):
                if ref not in refs:
                    flag(
                        (*loc, "high_impact_actions", k),
                        f"{label}: high_impact_actions[{k + 1}]",
                        ref,
                        f"a ref listed in basis ({', '.join(refs) or 'none listed'})",
                    )
    return problems


def load_plan(path: str | Path) -> ActionPlan:
    """Load and check one plan version; any error names the file, line, action and field."""
    path = Path(path)
    data, lines = read_yaml(path)
    return _validate(data, str(path), lines)


def dump_plan_yaml(plan: ActionPlan) -> str:
    """The plan as YAML that :func:`load_plan` reads back (e.g. after importing a table)."""
    data = plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


# --------------------------------------------------------------------------------------------
# Versions: matching actions, append-only history, track changes
# --------------------------------------------------------------------------------------------

SIMILAR_ENOUGH = 0.6


def _similarity(a: str, b: str) -> float:
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
            (_similarity(pa.text, ca.text), ppos, cpos)
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


_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def diff_words(before: str, after: str) -> tuple[Segment, ...]:
    """Word-level diff: runs of equal, deleted and inserted text, readable as track changes."""
    a, b = _TOKEN.findall(before), _TOKEN.findall(after)
    raw: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            raw.append(Segment("equal", "".join(a[i1:i2])))
        else:
            if i2 > i1:
                raw.append(Segment("delete", "".join(a[i1:i2])))
            if j2 > j1:
                raw.append(Segment("insert", "".join(b[j1:j2])))
    # A lone space or punctuation mark left "equal" between two changes reads as noise:
    # fold it into the change on both sides.
    folded: list[Segment] = []
    for k, seg in enumerate(raw):
        between = 0 < k < len(raw) - 1 and raw[k - 1].op != "equal" and raw[k + 1].op != "equal"
        if seg.op == "equal" and between and re.fullmatch(r"\s*\W?\s*", seg.text):
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


def render_diff_segments(segments: Sequence[Segment]) -> str:
    """Track changes as HTML: ``<ins>`` and ``<del>``, every piece of text escaped."""
    parts = []
    for seg in segments:
        text = str(escape(seg.text))
        if seg.op == "insert":
            parts.append(f"<ins>{text}</ins>")
        elif seg.op == "delete":
            parts.append(f"<del>{text}</del>")
        else:
            parts.append(text)
    return "".join(parts)


def _target_text(target: Target | None) -> str:
    if target is None:
        return ""
    bits = [target.description]
    if target.percent is not None:
        bits.append(f"{target.percent:g}%")
    if target.by:
        bits.append(f"by {target.by}")
    return " ".join(bits)


def _milestone_text(milestone: Milestone) -> str:
    return f"{milestone.text} ({milestone.when})" if milestone.when else milestone.text


def _indicator_text(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values)


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
        "milestones": "\n".join(_milestone_text(m) for m in action.milestones),
        "progress": "\n".join(f"{n.date.isoformat()}: {n.text}" for n in action.progress),
        "outcome": "\n".join(action.outcome),
        "indicators": _indicator_text(objective.indicators_of(action)),
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
                ("target", _target_text(before.target), _target_text(objective.target)),
                (
                    "indicators",
                    _indicator_text(before.indicators),
                    _indicator_text(objective.indicators),
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


def changes_table(changes: Sequence[Change]) -> pd.DataFrame:
    """The changes as a table, with the diff already rendered as escaped HTML."""
    return pd.DataFrame(
        {
            "where": [c.where for c in changes],
            "kind": [c.kind for c in changes],
            "field": [c.field for c in changes],
            "before": [c.before for c in changes],
            "after": [c.after for c in changes],
            "diff_html": [render_diff_segments(c.segments) for c in changes],
        }
    )


# --------------------------------------------------------------------------------------------
# Tables for the report
# --------------------------------------------------------------------------------------------

NOT_RATED = "Not rated"


def plan_table(plan: ActionPlan, as_at: dt.date | None = None) -> pd.DataFrame:
    """One row per action, in objective order; RAG as the key's word (and the letter for colour).

    ``as_at`` shows the statuses in force on that date (default: the latest entries).
    """
    rows = []
    for _, _, objective, action in plan.actions():
        status = action.status_at(as_at)
        key = plan.key_for(status)
        notes = [n for n in action.progress if as_at is None or n.date <= as_at]
        due = action.due
        rows.append(
            {
                "objective": objective.number,
                "objective_text": objective.text,
                "target": _target_text(objective.target),
                "number": action.number,
                "title": action.title or "",
                "action": "\n".join([action.text, *(f"• {s}" for s in action.steps)]),
                "lead": "; ".join(action.leads),
                "by_when": action.by_when,
                "due_start": due.start,
                "due_end": due.end,
                "due_kind": due.kind,
                "milestones": "\n".join(_milestone_text(m) for m in action.milestones),
                "progress": notes[-1].text if notes else "",
                "progress_date": notes[-1].date if notes else None,
                "outcome": "\n".join(action.outcome),
                "indicators": _indicator_text(objective.indicators_of(action)),
                "high_impact_actions": ", ".join(action.high_impact_actions),
                "rag": status or "",
                "rag_word": key.word if key else (status or NOT_RATED),
                "rag_meaning": key.meaning if key else "",
            }
        )
    frame = pd.DataFrame(rows)
    frame["objective"] = frame["objective"].astype("Int64")
    frame["number"] = frame["number"].astype("Int64")
    return frame


def rag_key_table(plan: ActionPlan) -> pd.DataFrame:
    """The plan's own key, with the house colours, so no status is shown by colour alone."""
    return pd.DataFrame(
        {
            "status": [k.status for k in plan.rag_key],
            "word": [k.word for k in plan.rag_key],
            "meaning": [k.meaning for k in plan.rag_key],
            "complete": [k.complete for k in plan.rag_key],
            "fill": [RAG_COLOURS[k.status].fill for k in plan.rag_key],
            "text_colour": [RAG_COLOURS[k.status].text for k in plan.rag_key],
        },
        columns=["status", "word", "meaning", "complete", "fill", "text_colour"],
    )


def rag_labels(plan: ActionPlan) -> dict[str, str]:
    """Status letter -> the plan's own word, e.g. for ``charts.rag_summary_chart(labels=...)``."""
    return {k.status: k.word for k in plan.rag_key}


def rag_summary(plan: ActionPlan, as_at: dt.date | None = None) -> pd.DataFrame:
    """Actions per objective per status, long: objective, objective_text, status, word, count.

    Every status of the key appears for every objective (0 included, key order); unrated
    actions are a status "" with the word "Not rated", listed only where there are some. This
    is the shape ``charts.rag_summary_chart`` takes.
    """
    rows = []
    for i, objective in enumerate(plan.objectives):
        statuses = [a.status_at(as_at) for a in objective.actions]
        label = objective_label(objective, i).capitalize()
        for key in plan.rag_key:
            rows.append((label, objective.text, key.status, key.word, statuses.count(key.status)))
        unrated = sum(plan.key_for(s) is None for s in statuses)
        if unrated:
            rows.append((label, objective.text, "", NOT_RATED, unrated))
    return pd.DataFrame(rows, columns=["objective", "objective_text", "status", "word", "count"])


def rag_summary_table(plan: ActionPlan, as_at: dt.date | None = None) -> pd.DataFrame:
    """The RAG summary as the report's table: one row per objective, one column per key word
    (key order), then "Not rated" and "Total"; the last row, "All", sums the objectives.
    """
    words = [k.word for k in plan.rag_key]
    rows = []
    for i, objective in enumerate(plan.objectives):
        counts = dict.fromkeys([*words, NOT_RATED], 0)
        for action in objective.actions:
            key = plan.key_for(action.status_at(as_at))
            counts[key.word if key else NOT_RATED] += 1
        rows.append(
            {
                "objective": objective_label(objective, i).capitalize(),
                "objective_text": objective.text,
                **counts,
                "Total": len(objective.actions),
            }
        )
    frame = pd.DataFrame(rows)
    total = {"objective": "All", "objective_text": ""}
    for column in [*words, NOT_RATED, "Total"]:
        total[column] = int(frame[column].sum())
    return pd.concat([frame, pd.DataFrame([total])], ignore_index=True)


def overdue_actions(plan: ActionPlan, report_date: dt.date) -> pd.DataFrame:
    """Actions whose by-when ended before ``report_date`` and whose status then is not complete.

    Open-ended ("Ongoing", "... onwards") and unreadable by-whens are never overdue: there is
    no date to have missed.
    """
    rows = []
    for i, j, objective, action in plan.actions():
        due = action.due
        status = action.status_at(report_date)
        if due.end is None or due.end >= report_date or plan.is_complete(status):
            continue
        rows.append(
            {
                "objective": objective.number,
                "number": action.number,
                "where": action_label(objective, action, i, j),
                "action": action.text,
                "lead": "; ".join(action.leads),
                "by_when": action.by_when,
                "due": due.end,
                "days_overdue": (report_date - due.end).days,
                "rag": status or "",
                "rag_word": plan.word_for(status) if status else NOT_RATED,
            }
        )
    columns = [
        "objective",
        "number",
        "where",
        "action",
        "lead",
        "by_when",
        "due",
        "days_overdue",
        "rag",
        "rag_word",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["objective"] = frame["objective"].astype("Int64")
    frame["number"] = frame["number"].astype("Int64")
    return frame.sort_values(["due", "where"], kind="stable").reset_index(drop=True)


def covered_indicators(
    plan: ActionPlan, open_only: bool = False, as_at: dt.date | None = None
) -> set[int]:
    """Indicators some action aims at (its own, else its objective's)."""
    covered: set[int] = set()
    for _, _, objective, action in plan.actions():
        if open_only and plan.is_complete(action.status_at(as_at)):
            continue
        covered.update(objective.indicators_of(action))
    return covered


def uncovered_adverse_indicators(
    plan: ActionPlan, adverse: set[int], open_only: bool = False, as_at: dt.date | None = None
) -> list[int]:
    """Adverse indicators (the report decides which) that no action in the plan aims at.

    With ``open_only``, an action already complete at ``as_at`` no longer counts as cover.
    """
    return sorted(set(adverse) - covered_indicators(plan, open_only, as_at))


# (indicator, measure, group, statistic, label, which way is better)
# better: "parity" = ratio nearer 1, "lower"/"higher", "zero" = nearer 0, "" = no judgement.
HEADLINES: dict[int, tuple[tuple[str, str, str, str, str], ...]] = {
    1: (("overall", "BME", "percent", "BME % of workforce", ""),),
    2: (
        (
            "all",
            "White/BME",
            "relative_likelihood",
            "White/BME likelihood of appointment",
            "parity",
        ),
    ),
    3: (
        (
            "all",
            "BME/White",
            "relative_likelihood",
            "BME/White likelihood of disciplinary",
            "parity",
        ),
    ),
    4: (("all", "White/BME", "relative_likelihood", "White/BME likelihood of training", "parity"),),
    5: (("all", "BME", "percent", "BME %", "lower"), ("all", "White", "percent", "White %", "")),
    6: (("all", "BME", "percent", "BME %", "lower"), ("all", "White", "percent", "White %", "")),
    7: (("all", "BME", "percent", "BME %", "higher"), ("all", "White", "percent", "White %", "")),
    8: (("all", "BME", "percent", "BME %", "lower"), ("all", "White", "percent", "White %", "")),
    9: (("all", "BME", "difference_pp", "Board minus workforce % BME (points)", "zero"),),
}
# Indicator 1's senior-band figure, if the metrics carry one (e.g. "grouped|Band 8a and above").
SENIOR_MEASURE = re.compile(r"8a\s*(?:\+|and above|or above)", re.I)


def _direction(better: str, start: float, latest: float) -> str:
    if better == "" or math.isnan(start) or math.isnan(latest):
        return ""
    if better == "parity":
        if start <= 0 or latest <= 0:
            return ""
        a, b = abs(math.log(start)), abs(math.log(latest))
    elif better == "zero":
        a, b = abs(start), abs(latest)
    elif better == "lower":
        a, b = start, latest
    else:
        a, b = -start, -latest
    if math.isclose(a, b, abs_tol=1e-9):
        return "no change"
    return "better" if b < a else "worse"


def indicator_movement(
    plan: ActionPlan,
    metrics: pd.DataFrame,
    start_year: str,
    latest_year: str,
    org: str | None = None,
) -> pd.DataFrame:
    """Beside each action, how the indicators it aims at moved since the plan began.

    One row per action, indicator and headline figure (see ``HEADLINES``), with its value in
    ``start_year`` and ``latest_year`` and whether that is better or worse. Missing figures are
    NaN, never a guess.
    """
    frame = metrics if org is None else metrics[metrics["org"] == org]
    values = pd.to_numeric(frame["value"], errors="coerce")
    lookup: dict[tuple[str, int, str, str, str], float] = {}
    for year, indicator, measure, group, statistic, value in zip(
        frame["year"].astype(str),
        frame["indicator"].astype(str),
        frame["measure"].astype(str),
        frame["group"].astype(str),
        frame["statistic"].astype(str),
        values,
        strict=True,
    ):
        if indicator.isdigit():
            lookup[(year, int(indicator), measure, group, statistic)] = float(value)
    senior = sorted({m for (_, ind, m, _, _) in lookup if ind == 1 and SENIOR_MEASURE.search(m)})
    headlines = dict(HEADLINES)
    if senior:
        headlines[1] = (
            *HEADLINES[1],
            (senior[0], "BME", "percent", "BME % at Band 8a and above", "higher"),
        )
    rows = []
    for i, j, objective, action in plan.actions():
        for indicator in objective.indicators_of(action):
            for measure, group, statistic, label, better in headlines[indicator]:
                start = lookup.get((start_year, indicator, measure, group, statistic), math.nan)
                latest = lookup.get((latest_year, indicator, measure, group, statistic), math.nan)
                rows.append(
                    {
                        "objective": objective.number,
                        "number": action.number,
                        "where": action_label(objective, action, i, j),
                        "action": action.text,
                        "indicator": indicator,
                        "measure": measure,
                        "group": group,
                        "statistic": statistic,
                        "figure": label,
                        "start_year": start_year,
                        "start_value": start,
                        "latest_year": latest_year,
                        "latest_value": latest,
                        "change": latest - start,
                        "direction": _direction(better, start, latest),
                    }
                )
    columns = [
        "objective",
        "number",
        "where",
        "action",
        "indicator",
        "measure",
        "group",
        "statistic",
        "figure",
        "start_year",
        "start_value",
        "latest_year",
        "latest_value",
        "change",
        "direction",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out["objective"] = out["objective"].astype("Int64")
    out["number"] = out["number"].astype("Int64")
    return out


# --------------------------------------------------------------------------------------------
# Import from the tables trusts keep
# --------------------------------------------------------------------------------------------

# Column names as trusts print them (lower case, letters and digits only) -> plan field.
COLUMN_ALIASES = {
    "no": "number",
    "number": "number",
    "ref": "number",
    "priority": "priority",
    "objective": "objective",
    "action": "text",
    "actions": "text",
    "description": "description",
    "lead": "leads",
    "leads": "leads",
    "responsible": "leads",
    "bywhen": "by_when",
    "deadline": "by_when",
    "date": "by_when",
    "milestone": "milestones",
    "milestones": "milestones",
    "progress": "progress",
    "outcome": "outcome",
    "outcomes": "outcome",
    "improvementtometrics": "indicators",
    "improvementtometric": "indicators",
    "metrics": "indicators",
    "indicators": "indicators",
    "rag": "rag",
    "ragstatus": "rag",
    "status": "rag",
}
_OBJECTIVE_ROW = re.compile(r"^\s*objective\s*(\d+)\s*[.:)\-–]?\s*(.*)$", re.I | re.S)
_BULLET = re.compile(r"^\s*(?:[•·▪◦*]|-(?=\s))\s*")


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _lines_of(cell: str) -> list[str]:
    """A cell's lines without bullets; a bullet glyph mid-line also starts a new line."""
    cell = re.sub(r"\s*[•·▪]\s*", "\n", cell)
    return [
        _BULLET.sub("", line).strip() for line in cell.splitlines() if _BULLET.sub("", line).strip()
    ]


def import_plan_table(
    path: str | Path,
    sheet: str | None = None,
    *,
    title: str,
    organisation: str,
    period_label: str,
    period_start: dt.date,
    period_end: dt.date,
    as_at: dt.date,
    rag_key: Sequence[RagKeyEntry] = SEED_001_RAG_KEY,
    basis: Sequence[BasisItem] = (),
    approval: Approval | None = None,
) -> ActionPlan:
    """Read a plan kept as a CSV or Excel table with the seeds' columns.

    Columns (case and punctuation ignored): No., Action, Lead, By When, Milestone, Progress,
    Improvement to Metric(s), RAG; optional Objective, Outcome, Priority, Description (then
    Action is a short title). Objectives come either from an Objective column or from header
    rows inside the table whose first cell reads "Objective 2. ..." with the rest blank, as in
    the Word tables. A row with no number and no action continues the action above (its
    milestone and progress lines are added). Progress and RAG cells are dated ``as_at``;
    RAG may be a letter or the key's word. Errors name the spreadsheet row and column.
    """
    path = Path(path)
    file = str(path)
    table = read_table(path, sheet)
    columns: dict[str, str] = {}
    problems: list[Problem] = []
    for name in table.columns:
        field = COLUMN_ALIASES.get(_squash(name))
        if field is not None and field not in columns:
            columns[field] = name
    if "text" not in columns:
        raise InputError.single(file, 1, "Action", None, "a column named Action")
    if "description" in columns:
        columns["title"] = columns.pop("text")
        columns["text"] = columns.pop("description")
    letters = {k.status.lower(): k.status for k in rag_key} | {
        k.word.lower(): k.status for k in rag_key
    }
    header_text = {_squash(c) for c in table.columns}

    objectives: list[dict[str, Any]] = []
    lines: dict[tuple[Any, ...], int] = {}

    def objective_for(number: int | None, text: str, row: int) -> dict[str, Any]:
        for obj in objectives:
            if (number is not None and obj.get("number") == number) or (
                number is None and obj["text"] == text and text
            ):
                if text and not obj["text"]:
                    obj["text"] = text
                return obj
        obj = {"number": number, "text": text, "actions": []}
        objectives.append(obj)
        lines[("objectives", len(objectives) - 1)] = row
        return obj

    current: dict[str, Any] | None = None
    last_action: dict[str, Any] | None = None

    def cell(record: pd.Series, field: str) -> str:
        return str(record[columns[field]]).strip() if field in columns else ""

    for row, record in table.iterrows():
        values = [str(v).strip() for v in record.tolist()]
        filled = [v for v in values if v]
        if not filled:
            continue
        if {_squash(v) for v in filled} <= header_text and len(filled) > 1:
            continue  # the header repeated under an objective row, as Word tables do
        header = _OBJECTIVE_ROW.match(filled[0])
        if header and len(filled) == 1:
            current = objective_for(int(header.group(1)), header.group(2).strip(), int(row))
            last_action = None
            continue
        if "objective" in columns and cell(record, "objective"):
            raw = cell(record, "objective")
            named = _OBJECTIVE_ROW.match(raw)
            if named:
                current = objective_for(int(named.group(1)), named.group(2).strip(), int(row))
            elif raw.isdigit():
                current = objective_for(int(raw), "", int(row))
            else:
                current = objective_for(None, raw, int(row))
        if current is None:
            current = objective_for(None, "", int(row))
        number_text, text = cell(record, "number"), cell(record, "text")
        if not number_text and not text and last_action is not None:
            last_action["milestones"] += [
                _milestone(m) for m in _lines_of(cell(record, "milestones"))
            ]
            extra = cell(record, "progress")
            if extra:
                if last_action["progress"]:
                    last_action["progress"][-1]["text"] += "\n" + extra
                else:
                    last_action["progress"].append({"date": as_at, "text": extra})
            continue
        action: dict[str, Any] = {"text": text}
        if "title" in columns:
            action["title"] = cell(record, "title")
        for field in ("number", "priority"):
            raw = cell(record, field)
            if raw:
                if raw.isdigit():
                    action[field] = int(raw)
                else:
                    problems.append(
                        Problem(file, int(row), columns[field], raw, "a whole number or blank")
                    )
        action["leads"] = [line for line in cell(record, "leads").splitlines() if line.strip()]
        action["leads"] = [line.strip() for line in action["leads"]]
        action["by_when"] = cell(record, "by_when")
        action["milestones"] = [_milestone(m) for m in _lines_of(cell(record, "milestones"))]
        progress = cell(record, "progress")
        action["progress"] = [{"date": as_at, "text": progress}] if progress else []
        action["outcome"] = _lines_of(cell(record, "outcome"))
        metric = cell(record, "indicators")
        if metric and _squash(metric) in ("na", "none"):
            action["indicators"] = []
        elif metric:
            parts = [p.strip() for p in re.split(r"[,;/&]|\band\b", metric) if p.strip()]
            if all(p.isdigit() for p in parts):
                action["indicators"] = [int(p) for p in parts]
            else:
                problems.append(
                    Problem(
                        file,
                        int(row),
                        columns["indicators"],
                        metric,
                        "indicator numbers 1 to 9 like '2, 7', or n/a",
                    )
                )
        rag = cell(record, "rag")
        if rag:
            if rag.lower() in letters:
                action["rag"] = [{"date": as_at, "status": letters[rag.lower()]}]
            else:
                known = ", ".join(f"{k.status} ({k.word})" for k in rag_key)
                problems.append(
                    Problem(file, int(row), columns["rag"], rag, f"one of {known}, or blank")
                )
        current["actions"].append(action)
        i, j = objectives.index(current), len(current["actions"]) - 1
        loc = ("objectives", i, "actions", j)
        lines[loc] = int(row)
        for field in action:
            lines[loc + (field,)] = int(row)
        last_action = action
    if problems:
        raise InputError(problems)
    if not objectives:
        raise InputError.single(file, None, None, None, "at least one action row")
    for obj in objectives:
        if obj["number"] is None:
            obj.pop("number")
    data: dict[str, Any] = {
        "title": title,
        "organisation": organisation,
        "period": {"label": period_label, "start": period_start, "end": period_end},
        "status_date": as_at,
        "rag_key": [k.model_dump() for k in rag_key],
        "basis": [b.model_dump() for b in basis],
        "objectives": objectives,
    }
    if approval is not None:
        data["approval"] = approval.model_dump()
    return _validate(data, file, lines)


_DANGLING = re.compile(r"\b(?:in|by|from|on|during|until|of|to|for|the)\s*$", re.I)


def _milestone(text: str) -> dict[str, Any]:
    """A milestone cell line: its date words become ``when``, dropped from the text when they
    end it ("Launch programme (December 2020)"), kept when the sentence needs them."""
    when = find_date_phrase(text)
    if not when:
        return {"text": text}
    head, _, tail = text.rpartition(when)
    head = head.rstrip(" (–-,")
    if tail.strip(" ).") == "" and head and not _DANGLING.search(head):
        return {"text": head, "when": when}
    return {"text": text, "when": when}


# --------------------------------------------------------------------------------------------
# Excel export
# --------------------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    ("No.", 7),
    ("Action", 48),
    ("Lead", 24),
    ("By When", 16),
    ("Milestone", 40),
    ("Progress", 48),
    ("Outcome", 30),
    ("Improvement to Metric(s)", 14),
    ("High impact actions", 14),
    ("RAG", 12),
)
_FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def _plan_rows(plan: ActionPlan, objective: Objective, action: Action) -> list[object]:
    notes = "\n".join(f"{n.date.isoformat()}: {n.text}" for n in action.progress)
    steps = "".join(f"\n• {s}" for s in action.steps)
    text = (f"{action.title}: " if action.title else "") + action.text + steps
    return [
        action.number if action.number is not None else "",
        text,
        "\n".join(action.leads),
        action.by_when,
        "\n".join(f"• {_milestone_text(m)}" for m in action.milestones),
        notes,
        "\n".join(f"• {o}" for o in action.outcome),
        _indicator_text(objective.indicators_of(action)) or "n/a",
        ", ".join(action.high_impact_actions),
    ]


def export_plan_xlsx(plan: ActionPlan, path: str | Path) -> Path:
    """Write the plan as an Excel workbook for publication: one plan sheet and the RAG key.

    Each RAG cell has its colour *and* its word (never colour alone); every text cell is made
    formula-safe; the bytes depend only on the plan (fixed timestamps), so a rebuild is
    identical.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    path = Path(path)
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    def put(row: int, col: int, value: object, font: Font | None = None):
        target = sheet.cell(row=row, column=col, value=neutralise_formula(value))
        target.alignment = wrap
        if font is not None:
            target.font = font
        return target

    def fill(target, status: str) -> None:
        colour = RAG_COLOURS[status]
        target.fill = PatternFill(
            "solid", start_color=colour.fill.lstrip("#"), end_color=colour.fill.lstrip("#")
        )
        target.font = Font(bold=True, color=colour.text.lstrip("#"))

    put(1, 1, plan.title, Font(bold=True, size=14))
    put(2, 1, plan.organisation)
    put(3, 1, f"Period: {plan.period.label}")
    row = 4
    if plan.approval is not None:
        by = f" by {plan.approval.by}" if plan.approval.by else ""
        put(row, 1, f"Approved{by} on {plan.approval.date.isoformat()}")
        row += 1
    if plan.status_date is not None:
        put(row, 1, f"Progress and RAG status as at {plan.status_date.isoformat()}")
        row += 1
    row += 1
    for objective in plan.objectives:
        heading = objective.text
        if objective.number is not None:
            heading = f"Objective {objective.number}. {heading}".strip()
        if heading:
            put(row, 1, heading, bold)
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=len(EXPORT_COLUMNS)
            )
            row += 1
        if objective.target is not None:
            put(row, 1, f"Target: {_target_text(objective.target)}")
            sheet.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=len(EXPORT_COLUMNS)
            )
            row += 1
        for col, (name, _) in enumerate(EXPORT_COLUMNS, start=1):
            put(row, col, name, bold)
        row += 1
        for action in objective.actions:
            for col, value in enumerate(_plan_rows(plan, objective, action), start=1):
                put(row, col, value)
            status = action.status
            rag_cell = put(row, len(EXPORT_COLUMNS), plan.word_for(status) if status else NOT_RATED)
            if status is not None:
                fill(rag_cell, status)
            row += 1
        row += 1
    for col, (_, width) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=col).column_letter].width = width
    if plan.basis:
        put(row, 1, "The basis for the plan", bold)
        row += 1
        for item in plan.basis:
            put(row, 1, item.ref)
            put(row, 2, f"{item.source}: {item.text}")
            row += 1

    key = book.create_sheet("RAG key")
    for col, name in enumerate(("Status", "Letter", "Meaning", "Counts as complete"), start=1):
        key.cell(row=1, column=col, value=name).font = bold
    for r, entry in enumerate(plan.rag_key, start=2):
        word = key.cell(row=r, column=1, value=neutralise_formula(entry.word))
        fill(word, entry.status)
        key.cell(row=r, column=2, value=entry.status)
        key.cell(row=r, column=3, value=neutralise_formula(entry.meaning))
        key.cell(row=r, column=4, value="Yes" if entry.complete else "No")
    key.column_dimensions["A"].width = 14
    key.column_dimensions["C"].width = 40

    stamp = dt.datetime.combine(plan.status_date or plan.period.start, dt.time())
    book.properties.creator = "wres_lib"
    book.properties.created = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return write_atomically(_fixed_zip(buffer.getvalue(), stamp), path)


def _fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """Rewrite the workbook zip with fixed entry times and core-properties dates."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = content.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rf"\g<1>{iso}\g<2>",
                    text,
                )
                content = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
