"""The WRES action plan's model: a YAML file per plan version, validated and cross-checked.

Trusts keep their plans as Word or Excel tables that change in place each year, so last year's
wording, statuses and targets are lost. Here each version is its own file; the RAG history and
progress notes only ever grow, and two versions can be compared word by word (the Board paper's
"track changes" print, :mod:`wres_lib.plan.changes`). Everything in :mod:`wres_lib.plan` is pure
data: the report layer renders it.

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
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
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
from wres_lib.inputs.params import placeholder_problems, read_yaml
from wres_lib.plan.dates import ByWhen, parse_by_when

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


def validate(data: dict[str, Any], file: str, lines: dict[tuple[Any, ...], int]) -> ActionPlan:
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
    placeholders = placeholder_problems(path, data, lines)  # a starter plan not filled in
    if placeholders:
        raise InputError(placeholders)
    return validate(data, str(path), lines)


def dump_plan_yaml(plan: ActionPlan) -> str:
    """The plan as YAML that :func:`load_plan` reads back (e.g. after importing a table)."""
    data = plan.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def target_text(target: Target | None) -> str:
    if target is None:
        return ""
    bits = [target.description]
    if target.percent is not None:
        bits.append(f"{target.percent:g}%")
    if target.by:
        bits.append(f"by {target.by}")
    return " ".join(bits)


def milestone_text(milestone: Milestone) -> str:
    return f"{milestone.text} ({milestone.when})" if milestone.when else milestone.text


def indicator_text(values: Sequence[int]) -> str:
    return ", ".join(str(v) for v in values)
