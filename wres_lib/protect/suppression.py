"""Primary and secondary suppression, and the guard that refuses an unprotected result.

Primary suppression hides counts from 1 to the threshold minus one (zero too, if asked);
secondary suppression hides the cheapest further counts until the audit of
:mod:`wres_lib.protect.audit` finds every hidden count protected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.sparse import coo_array, csr_array

from wres_lib.errors import PublishingBlocked
from wres_lib.inputs.params import Disclosure
from wres_lib.protect.audit import AuditResult, Audits
from wres_lib.protect.linear_program import LinearProgram
from wres_lib.protect.problem import REDACTED, DisclosureProblem, Position

_MAX_LISTED = 30


# -- suppression ---------------------------------------------------------------------------
@dataclass(frozen=True)
class SuppressionResult:
    """Which counts and displays are hidden, why, and the audit of the outcome."""

    problem: DisclosureProblem
    disclosure: Disclosure
    primary: frozenset[str]
    secondary: frozenset[str]
    audit: AuditResult
    rounds: int = 0
    hidden_displays: frozenset[Position] = field(default_factory=frozenset)

    @property
    def hidden(self) -> frozenset[str]:
        return self.primary | self.secondary

    def is_hidden(self, position: Position) -> bool:
        """Whether a display shows nothing of its own value (``R``, ``R%``, ``R out of N``)."""
        display = self.problem.displays[position]
        if display.kind == "fraction":
            return display.counts[0] in self.hidden
        return position in self.hidden_displays

    def text(self, position: Position) -> str:
        """The display as the public report prints it."""
        display = self.problem.displays[position]
        values = self.problem.values
        hidden = self.hidden
        if display.kind == "count":
            key = display.counts[0]
            return REDACTED if key in hidden else str(values[key])
        if display.kind == "fraction":
            num, den = display.counts
            if num in hidden and den in hidden:
                return REDACTED
            shown_num = REDACTED if num in hidden else str(values[num])
            shown_den = REDACTED if den in hidden else str(values[den])
            return f"{shown_num} out of {shown_den}"
        if display.kind == "percent":
            if position in self.hidden_displays:
                return f"{REDACTED}%"
            if display.percent is None:
                return ""
            return f"{display.percent:.{display.dp}f}%"
        if display.kind == "ratio":
            if position in self.hidden_displays or display.percent is None:
                return REDACTED
            return f"{display.percent:.{display.dp}f}"
        return REDACTED if position in self.hidden_displays else display.text

    def render(self, table: str) -> pd.DataFrame:
        """One table as strings, rows and columns in the order they were first shown."""
        rows, columns = self.problem._tables[table]
        frame = pd.DataFrame("", index=list(rows), columns=list(columns), dtype=object)
        for position in self.problem.displays:
            if position.table == table:
                frame.loc[position.row, position.column] = self.text(position)
        return frame


def primary_cells(problem: DisclosureProblem, disclosure: Disclosure) -> frozenset[str]:
    """Published counts below the threshold (and zeros when ``hide_zero``)."""
    low = 0 if disclosure.hide_zero else 1
    return frozenset(
        k
        for k, v in problem.values.items()
        if low <= v < disclosure.threshold and k not in problem.known and problem.positions_of(k)
    )


def _policy_hidden_displays(problem: DisclosureProblem, hidden: frozenset[str]) -> frozenset:
    return frozenset(
        p
        for p, d in problem.displays.items()
        if d.kind in ("percent", "ratio", "derived")
        and any(k in hidden for k in d.counts)
        and p not in problem.published_before
    )


def suppress(
    problem: DisclosureProblem,
    disclosure: Disclosure,
    *,
    secondary: bool = True,
    integer: bool = True,
) -> SuppressionResult:
    """Primary suppression, then secondary until every hidden count is protected.

    Each round first applies the cheap rules that need no solver (a relation with one
    unknown member pins it; a relation whose hidden members share a known total smaller
    than the width confines them), then audits and, for each unprotected count, hides the
    cheapest set of shown counts that would let it move by the width (see ``_Protector``).
    ``secondary=False`` shows what primary suppression alone leaks.
    """
    auditor = Audits(problem, disclosure.width, integer)
    protector = _Protector(problem, disclosure.width, auditor.free)
    primary = primary_cells(problem, disclosure)
    # Small counts an earlier report hid stay protected, displayed here or not.
    # and small counts no table prints are audited as hidden ones are.
    hidden = set(primary) | ((problem.hidden_before | problem.unprinted_small) - problem.known)
    publishable = {k for k in problem.values if k not in problem.known and problem.positions_of(k)}
    # Unknown to the reader whatever is hidden: counts printed nowhere, or only inside a
    # percentage (known to its decimals, not exactly).
    keys = auditor.auditors[0].keys
    free = {keys[i] for i in auditor.auditors[0].inexact} - problem.known
    rounds = 0
    while True:
        if secondary:
            while added := _obvious(problem, hidden, publishable, free, disclosure.width):
                hidden |= added
        result = auditor.run(hidden)
        if not secondary or not result.unprotected:
            break
        rounds += 1
        chosen: set[str] = set()
        for bad in result.unprotected:
            extra = protector.cells_to_hide(bad.key, hidden | chosen)
            if extra is None:  # no room to move it even with everything hidden: fall back
                candidate = _choose(problem, bad.key, hidden | chosen, publishable)
                extra = set() if candidate is None else {candidate}
            chosen |= extra
        if not chosen:  # the linear programme sees room (a printed ratio it does not model)
            for bad in result.unprotected:
                candidate = _choose(problem, bad.key, hidden | chosen, publishable)
                chosen |= set() if candidate is None else {candidate}
        if not chosen:
            break  # nothing left to hide: the audit result says what is still exposed
        hidden |= chosen
    frozen = frozenset(hidden)
    return SuppressionResult(
        problem,
        disclosure,
        primary,
        frozen - primary,
        result,
        rounds,
        _policy_hidden_displays(problem, frozen),
    )


def _obvious(
    problem: DisclosureProblem,
    hidden: set[str],
    publishable: set[str],
    free: set[str],
    width: int,
) -> set[str]:
    """Counts to hide that any audit would ask for, found without a solver."""
    values = problem.values
    order = problem._order
    added: set[str] = set()
    for relation in problem.relations:
        if relation.kind != "eq":
            continue
        unknown = [(k, c) for k, c in relation.terms if k in hidden or k in free]
        if not unknown or any(k in free for k, _ in unknown):
            continue
        if len(unknown) > 1:
            signs = {c > 0 for _, c in unknown}
            if len(signs) > 1:
                continue
            known_total = abs(
                relation.offset - sum(c * values[k] for k, c in relation.terms if k not in hidden)
            )
            if all(known_total / abs(c) >= width for _, c in unknown):
                continue
        shown = [k for k, _ in relation.terms if k in publishable and k not in hidden]
        if shown:
            added.add(min(shown, key=lambda k: (_hiding_cost(problem, k), order[k])))
    return added


def _hiding_cost(problem: DisclosureProblem, key: str) -> float:
    """What hiding a count costs the reader: the figures it takes off the page (each table
    cell that prints it, its percentage or a ratio on it), times its priority; its size only
    breaks ties, towards hiding the smaller count."""
    cells = max(1, len(problem.positions_of(key)))
    return cells * problem.priority.get(key, 1.0) * (1.0 + problem.values[key] / 1000.0)


def _choose(
    problem: DisclosureProblem, key: str, hidden: set[str], publishable: set[str]
) -> str | None:
    """The shown count to hide next to protect ``key`` (see the module docstring): a partner in
    one of its relations, or else in a percentage or ratio printed over it that stays shown
    (an earlier report's, which the linear programme of :class:`_Protector` does not see)."""
    best: tuple[int, float, int, int] | None = None
    choice = None
    groups = [
        ([k for k, _ in r.terms], 0 if r.kind == "eq" else 1) for r in problem.relations_of(key)
    ]
    groups += [
        (list(problem.displays[p].counts), 2)
        for p in problem.positions_of(key)
        if p in problem.published_before
    ]
    for members, kind in groups:
        n_hidden = sum(1 for k in members if k in hidden or k not in publishable)
        for k in members:
            if k in hidden or k not in publishable:
                continue
            rank = (kind, _hiding_cost(problem, k), n_hidden, problem._order[k])
            if best is None or rank < best:
                best, choice = rank, k
    return choice


class _Protector:
    """Chooses secondary cells for one unprotected count by linear programming.

    The classic formulation (Fischetti and Salazar; τ-Argus "optimal"): let every shown
    count deviate from its value at a cost of (1 + value) per unit, require the unprotected
    count to rise (or fall) by the width while every relation still holds, and minimise
    the cost. The counts that had to move are the cheapest ones to hide: small cells,
    few of them, and any relation, declared or implied, is respected.
    """

    def __init__(self, problem: DisclosureProblem, width: int, free: set[int]) -> None:
        self.problem = problem
        self.width = width
        self.keys = list(problem.values)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.free = free
        self.relations = [
            ([(self.index[k], c) for k, c in r.terms], r.kind, r.offset) for r in problem.relations
        ]
        parent = list(range(len(self.keys)))

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for terms, _, _ in self.relations:
            for i, _ in terms[1:]:
                a, b = find(terms[0][0]), find(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        self.members: dict[int, list[int]] = {}
        for v in range(len(self.keys)):
            self.members.setdefault(find(v), []).append(v)
        self.root = {v: find(v) for v in range(len(self.keys))}
        self.rel_of_root: dict[int, list[int]] = {}
        for n, (terms, _, _) in enumerate(self.relations):
            self.rel_of_root.setdefault(self.root[terms[0][0]], []).append(n)
        self._programs: dict[int, tuple[LinearProgram, list[int], dict[int, int], np.ndarray]] = {}

    def cells_to_hide(self, key: str, hidden: set[str]) -> set[str] | None:
        problem = self.problem
        target = self.index[key]
        root = self.root[target]
        program, members, local, values = self._program(root)
        n = len(members)
        hidden_idx = {self.index[k] for k in hidden}
        # Deviating costs what hiding costs (_hiding_cost) for a count still shown; hidden
        # and unpublished counts move for free; known counts are fixed by their bounds.
        movable = np.array(
            [
                v not in hidden_idx and v not in self.free and self.keys[v] not in problem.known
                for v in members
            ]
        )
        weights = np.array([_hiding_cost(problem, self.keys[v]) for v in members])
        weights[~movable] = 0.0
        cost = np.concatenate([np.zeros(n), weights, weights])
        lower, upper = np.zeros(3 * n), np.full(3 * n, np.inf)
        for j, v in enumerate(members):
            if self.keys[v] in problem.known:
                lower[j] = upper[j] = values[j]
        for direction in (1.0, -1.0):
            goal = values[local[target]] + direction * self.width
            if goal < 0:
                continue
            low, high = lower.copy(), upper.copy()
            if direction > 0:
                low[local[target]] = goal
            else:
                high[local[target]] = goal
            program.set_bounds(low, high)
            res = program.minimise(cost)
            if res.status == "optimal" and res.x is not None:
                moved = res.x[n : 2 * n] + res.x[2 * n :]
                return {
                    self.keys[v] for j, v in enumerate(members) if movable[j] and moved[j] > 1e-7
                }
        return None

    def _program(self, root: int) -> tuple[LinearProgram, list[int], dict[int, int], np.ndarray]:
        """One component's program, built once: every relation, and x − up + down = value
        for every count (costs and bounds change per question, the matrix never does)."""
        if root not in self._programs:
            members = self.members[root]
            n = len(members)
            local = {v: j for j, v in enumerate(members)}
            values = np.array([self.problem.values[self.keys[v]] for v in members], dtype=float)
            eq, ub = _SparseRows(), _SparseRows()
            eq_offsets, ub_offsets = [], []
            for r in self.rel_of_root.get(root, []):
                terms, kind, offset = self.relations[r]
                (eq if kind == "eq" else ub).add([(local[i], c) for i, c in terms])
                (eq_offsets if kind == "eq" else ub_offsets).append(offset)
            relation_rows = eq.count
            for j in range(n):
                eq.add([(j, 1.0), (n + j, -1.0), (2 * n + j, 1.0)])
            b_eq = np.zeros(eq.count)
            b_eq[:relation_rows] = eq_offsets
            b_eq[relation_rows:] = values
            a_ub = ub.matrix(3 * n) if ub.count else None
            program = LinearProgram(3 * n, eq.matrix(3 * n), b_eq, a_ub, np.array(ub_offsets))
            self._programs[root] = (program, members, local, values)
        return self._programs[root]


class _SparseRows:
    """Constraint rows gathered as (row, column, coefficient) triples for a sparse matrix."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.columns: list[int] = []
        self.data: list[float] = []
        self.count = 0

    def add(self, terms: list[tuple[int, float]]) -> None:
        for column, coefficient in terms:
            self.rows.append(self.count)
            self.columns.append(column)
            self.data.append(coefficient)
        self.count += 1

    def matrix(self, width: int) -> csr_array:
        # Repeated (row, column) pairs add up, as ``row[i] += c`` did.
        return coo_array((self.data, (self.rows, self.columns)), shape=(self.count, width)).tocsr()


# -- publishing ----------------------------------------------------------------------------
def require_protected(result: SuppressionResult | AuditResult) -> None:
    """Raise :class:`PublishingBlocked` naming every table cell a reader could work out."""
    audit_result = result.audit if isinstance(result, SuppressionResult) else result
    if audit_result.ok:
        return
    lines = []
    for bounds in audit_result.unprotected:
        where = "; ".join(str(p) for p in bounds.positions) or bounds.key
        lines.append(
            f"{where}: hidden count {bounds.key!r} can be narrowed to an interval of width "
            f"{bounds.width:g} (protection needs {audit_result.width})"
        )
    for position in audit_result.exposed:
        lines.append(f"{position}: shown, but built on a hidden count")
    extra = len(lines) - _MAX_LISTED
    listed = lines[:_MAX_LISTED] + ([f"... and {extra} more"] if extra > 0 else [])
    raise PublishingBlocked(
        "disclosure audit failed; nothing public is written:\n  " + "\n  ".join(listed)
    )


def audit_summary(result: SuppressionResult) -> dict[str, int | float | bool | None]:
    """The numbers the report's note on data quotes."""
    smallest = result.audit.smallest_width
    return {
        "threshold": result.disclosure.threshold,
        "hide_zero": result.disclosure.hide_zero,
        "protection_width": result.disclosure.width,
        "primary_hidden": len(result.primary),
        # Counts an earlier report hid that this one does not print are kept hidden, not chosen.
        "secondary_hidden": len(
            result.secondary - result.problem.hidden_before - result.problem.unprinted_small
        ),
        "hidden_displays": len(result.hidden_displays),
        "cells_audited": len(result.audit.bounds),
        "smallest_interval": smallest,
        "protected": result.audit.ok,
    }
