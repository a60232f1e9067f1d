"""Small-number protection for the public report: primary and secondary suppression, and audit.

Seed 003 promises: "Headcounts below 10, and any associated headcounts which could be used to
calculate headcounts below 10, have been redacted." This module keeps that promise provably.

The model
---------
A :class:`DisclosureProblem` holds *counts* (named quantities with true, non-negative integer
values: "BME staff in non-clinical Band 5, March 2022") and *displays* (the places a table
shows them). One count may be displayed in several tables (a summary and a detail table): it
is one variable, hidden everywhere or nowhere. Displays are:

* ``show_count``: the count itself (``104``; hidden: ``R``);
* ``show_fraction``: "n out of N" (``104 out of 265``; numerator hidden: ``R out of 265``);
* ``show_percent``: 100·n/N to ``dp`` places (``39.2%``; hidden: ``R%``);
* ``show_derived``: anything else built on counts (a ratio, an interval, a p-value).

Relations tell the audit what a reader can work out. Anything a reader can add up from the
published tables must be declared, including relations that are only implicit (White and BME
shown beside the known headcount: ``add_sum(known, [white, bme])``). ``add_sum`` covers totals,
band rows summing to a grouped row or the overall row, ethnic groups summing to BME, and two
one-year windows summing to a two-year window; ``add_relation`` takes any linear combination
equal to zero (a "change on last year" column); ``add_at_most`` says part ≤ whole (fractions
and percentages declare it for their numerator and denominator). A declared count that no
table displays is unknown to the reader (a free variable); ``known=True`` marks a count the
reader knows from elsewhere (last year's published report), which is then fixed and never
hidden here.

What counts as a leak
---------------------
For every hidden count the audit (an interval attack, as τ-Argus and R ``sdcTable::attack``
do) solves for the smallest and largest value consistent with everything shown: shown counts
at their values, hidden and unpublished counts ≥ 0, every relation, every shown percentage as
its rounding interval (p − ½·10⁻ᵈᵖ)/100·N ≤ n ≤ (p + ½·10⁻ᵈᵖ)/100·N (which covers both
round-half-up and round-half-even). A hidden count is *protected* when upper − lower ≥ the
protection width (``Disclosure.width``, default the threshold, 10): the reader cannot narrow it
to fewer than ``width + 1`` possible values. A shown derived display (ratio, interval) that
depends on a hidden count cannot be modelled linearly, so it is always a leak; suppression
hides those.

Integrality
-----------
The continuous LP relaxation is *not* conservative: its interval contains the integer one and
can be wider (percentages and linked three-way tables). Because counts are integers, bounds are
first rounded inward (ceil the lower, floor the upper), and with ``integer=True`` (the default)
every bounded LP is re-solved as an integer program with HiGHS, which is the exact attack. For
ordinary tables of sums (one- and two-way, totally unimodular) both agree.

Suppression
-----------
Primary: counts 1 to ``threshold − 1`` (and 0 when ``hide_zero``). Secondary, until the audit
passes: for each unprotected hidden count, hide the smallest shown count that shares a relation
with it, preferring relations with the fewest hidden members (a relation with one hidden member
pins it), equalities before part ≤ whole, then smaller value, then declaration order. Only
counts are chosen; percentages and derived displays built on a hidden count are hidden by rule,
and a denominator stays shown unless the audit needs it hidden ("R out of 1409"). Every hidden
count, primary or secondary, must be protected. The result is deterministic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from wres_lib.errors import PublishingBlocked
from wres_lib.params import Disclosure

REDACTED = "R"
_TOL = 1e-6
_MAX_LISTED = 30

DisplayKind = Literal["count", "fraction", "percent", "derived"]


@dataclass(frozen=True, order=True)
class Position:
    """Where a display sits in the public report: table, row and column labels."""

    table: str
    row: str
    column: str

    def __str__(self) -> str:
        return f"{self.table}, row '{self.row}', column '{self.column}'"


@dataclass(frozen=True)
class Display:
    """One published table cell and the counts it is built on."""

    position: Position
    kind: DisplayKind
    counts: tuple[str, ...]
    dp: int = 1
    percent: float | None = None
    text: str = ""


@dataclass(frozen=True)
class Relation:
    """``sum(coef * count) == 0`` (``eq``) or ``<= 0`` (``le``), known to every reader."""

    terms: tuple[tuple[str, float], ...]
    kind: Literal["eq", "le"]
    label: str


class DisclosureProblem:
    """Every count the public report shows, where it shows them, and how they are related."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.known: set[str] = set()
        # Cost multiplier for hiding a count in secondary suppression (default 1).
        self.priority: dict[str, float] = {}
        self.relations: list[Relation] = []
        self.displays: dict[Position, Display] = {}
        self._order: dict[str, int] = {}
        self._positions: dict[str, list[Position]] = {}
        self._relations_of: dict[str, list[Relation]] = {}
        self._tables: dict[str, tuple[dict[str, None], dict[str, None]]] = {}

    # -- counts and relations -----------------------------------------------------------
    def count(self, key: str, value: int, *, known: bool = False, priority: float = 1.0) -> str:
        """Declare a count (idempotent for the same value); returns its key.

        ``priority`` multiplies what hiding this count costs secondary suppression: a headline
        total the reader needs (priority 100, say) is hidden only when no cheaper choice
        protects the cell. It never weakens protection, only changes which cells are chosen.
        """
        if isinstance(value, bool) or not float(value).is_integer() or value < 0:
            raise ValueError(f"count {key!r}: a non-negative whole number, not {value!r}")
        value = int(value)
        if key in self.values and self.values[key] != value:
            raise ValueError(f"count {key!r} declared twice: {self.values[key]} and {value}")
        if key not in self.values:
            self._order[key] = len(self._order)
        self.values[key] = value
        if known:
            self.known.add(key)
        if priority != 1.0:
            self.priority[key] = float(priority)
        return key

    def add_relation(
        self, terms: Mapping[str, float], *, kind: Literal["eq", "le"] = "eq", label: str = ""
    ) -> None:
        """Declare ``sum(coef * count) == 0`` (or ``<= 0``); checked against the true values."""
        items = tuple((k, float(c)) for k, c in terms.items() if c != 0)
        for key, _ in items:
            self._require(key)
        total = sum(c * self.values[k] for k, c in items)
        if (kind == "eq" and abs(total) > _TOL) or (kind == "le" and total > _TOL):
            raise ValueError(f"relation {label or items} does not hold for the true counts")
        if len(items) >= 2:
            relation = Relation(items, kind, label)
            self.relations.append(relation)
            for key, _ in items:
                self._relations_of.setdefault(key, []).append(relation)

    def add_sum(self, total: str, parts: Sequence[str], *, label: str = "") -> None:
        """Declare ``total == sum(parts)`` (a margin, a grouped row, BME = its groups)."""
        terms: dict[str, float] = {total: -1.0}
        for part in parts:
            terms[part] = terms.get(part, 0.0) + 1.0
        self.add_relation(terms, label=label or f"{total} = sum of {len(parts)}")

    def add_at_most(self, part: str, whole: str, *, label: str = "") -> None:
        """Declare ``part <= whole`` (a numerator never exceeds its denominator)."""
        if part != whole:
            self.add_relation({part: 1.0, whole: -1.0}, kind="le", label=label or f"{part}≤")

    # -- displays -----------------------------------------------------------------------
    def show_count(self, table: str, row: str, column: str, count: str) -> Position:
        """Show a count as a number."""
        return self._add(Display(Position(table, row, column), "count", (self._require(count),)))

    def show_fraction(
        self, table: str, row: str, column: str, numerator: str, denominator: str
    ) -> Position:
        """Show "n out of N" (both are counts; n ≤ N is declared)."""
        self.add_at_most(numerator, denominator)
        return self._add(
            Display(Position(table, row, column), "fraction", (numerator, denominator))
        )

    def show_percent(
        self,
        table: str,
        row: str,
        column: str,
        numerator: str,
        denominator: str,
        *,
        dp: int = 1,
        value: float | None = None,
    ) -> Position:
        """Show 100·n/N rounded to ``dp`` places (``value`` if the report computes it)."""
        self.add_at_most(numerator, denominator)
        n, d = self.values[numerator], self.values[denominator]
        if value is None and d > 0:
            value = round(100.0 * n / d, dp)
        position = Position(table, row, column)
        return self._add(Display(position, "percent", (numerator, denominator), dp, value))

    def show_derived(
        self, table: str, row: str, column: str, depends_on: Sequence[str], text: str
    ) -> Position:
        """Show anything else built on counts (a ratio, an interval): hidden with any of them."""
        counts = tuple(self._require(c) for c in depends_on)
        return self._add(Display(Position(table, row, column), "derived", counts, text=text))

    def add_grid(
        self,
        table: str,
        frame: pd.DataFrame,
        *,
        total_row: str | None = None,
        total_column: str | None = None,
    ) -> dict[tuple[str, str], str]:
        """Declare and show a table of counts whose margins are the named total row/column.

        Keys are ``"table/row/column"``; returns them by (row, column) so other tables can
        share cells or relations.
        """
        keys: dict[tuple[str, str], str] = {}
        for row in frame.index:
            for column in frame.columns:
                key = self.count(f"{table}/{row}/{column}", int(frame.loc[row, column]))
                keys[(str(row), str(column))] = key
                self.show_count(table, str(row), str(column), key)
        rows = [str(r) for r in frame.index]
        columns = [str(c) for c in frame.columns]
        if total_column is not None:
            for row in rows:
                parts = [keys[(row, c)] for c in columns if c != total_column]
                self.add_sum(keys[(row, total_column)], parts, label=f"{table} row {row}")
        if total_row is not None:
            for column in columns:
                parts = [keys[(r, column)] for r in rows if r != total_row]
                self.add_sum(keys[(total_row, column)], parts, label=f"{table} column {column}")
        return keys

    # -- helpers --------------------------------------------------------------------------
    def positions_of(self, key: str) -> list[Position]:
        """Every place a count is displayed (as itself or as part of another display)."""
        return list(self._positions.get(key, ()))

    def relations_of(self, key: str) -> list[Relation]:
        return list(self._relations_of.get(key, ()))

    def tables(self) -> list[str]:
        return list(self._tables)

    def _require(self, key: str) -> str:
        if key not in self.values:
            raise KeyError(f"count {key!r} is not declared")
        return key

    def _add(self, display: Display) -> Position:
        for key in display.counts:
            self._require(key)
        pos = display.position
        if pos in self.displays:
            raise ValueError(f"{pos} is shown twice")
        self.displays[pos] = display
        for key in dict.fromkeys(display.counts):
            self._positions.setdefault(key, []).append(pos)
        rows, columns = self._tables.setdefault(pos.table, ({}, {}))
        rows[pos.row] = None
        columns[pos.column] = None
        return pos


# -- audit ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellBounds:
    """What a reader can work out about one hidden count."""

    key: str
    value: int
    lower: float
    upper: float
    protected: bool
    positions: tuple[Position, ...]
    exact: bool = True

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class AuditResult:
    """Interval-attack bounds for every hidden, published count."""

    bounds: dict[str, CellBounds]
    exposed: tuple[Position, ...]
    width: int

    @property
    def unprotected(self) -> list[CellBounds]:
        return [b for b in self.bounds.values() if not b.protected]

    @property
    def ok(self) -> bool:
        return not self.unprotected and not self.exposed

    @property
    def smallest_width(self) -> float | None:
        widths = [b.width for b in self.bounds.values()]
        return min(widths) if widths else None


class _Auditor:
    """Runs interval attacks, caching each independent block of hidden counts between rounds."""

    def __init__(
        self, problem: DisclosureProblem, width: int, integer: bool, exact: bool = False
    ) -> None:
        self.problem = problem
        self.width = width
        self.integer = integer
        self.exact = exact
        self.keys = list(problem.values)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.values = np.array([problem.values[k] for k in self.keys], dtype=float)
        self.cache: dict[
            tuple[frozenset[int], frozenset[int]], dict[int, tuple[float, float, bool]]
        ] = {}
        self.component: dict[int, int] = {}
        # Counts no table displays are unknown to the reader: free variables, not audited.
        self.free = {
            self.index[k]
            for k in self.keys
            if k not in problem.known and not problem.positions_of(k)
        }
        self.structural = _prune(
            [([(self.index[k], c) for k, c in r.terms], r.kind) for r in problem.relations],
            self.free,
        )

    def _display_constraints(
        self, hidden: set[int], hidden_displays: set[Position] | None
    ) -> tuple[list[tuple[list[tuple[int, float]], str]], list[Position], list[int]]:
        """Linear constraints from shown percentages over hidden counts; unmodelled exposures."""
        extra: list[tuple[list[tuple[int, float]], str]] = []
        ids: list[int] = []
        exposed: list[Position] = []
        for n, display in enumerate(self.problem.displays.values()):
            if display.kind in ("count", "fraction"):
                continue
            idx = [self.index[k] for k in display.counts]
            depends = any(i in hidden for i in idx)
            shown = (
                not depends if hidden_displays is None else display.position not in hidden_displays
            )
            if not (shown and depends):
                continue
            if display.kind == "derived" or display.percent is None:
                exposed.append(display.position)
                continue
            num, den = idx
            half = 0.5 * 10.0 ** (-display.dp)
            low = max(display.percent - half, 0.0) / 100.0
            high = (display.percent + half) / 100.0
            extra.append(([(den, low), (num, -1.0)], "le"))
            extra.append(([(num, 1.0), (den, -high)], "le"))
            ids.extend([-(2 * n + 1), -(2 * n + 2)])
        return extra, exposed, ids

    def run(
        self, hidden_keys: Iterable[str], hidden_displays: set[Position] | None = None
    ) -> AuditResult:
        problem = self.problem
        hidden = {self.index[k] for k in hidden_keys if k not in problem.known}
        variables = hidden | self.free
        extra, exposed, extra_ids = self._display_constraints(hidden, hidden_displays)
        constraints = self.structural + extra
        ids = list(range(len(self.structural))) + extra_ids
        # Union-find over variables linked by a constraint.
        parent = {v: v for v in variables}

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        touching: dict[int, list[int]] = {}
        for c, (terms, _) in enumerate(constraints):
            members = [i for i, _ in terms if i in variables]
            if not members:
                continue
            for m in members[1:]:
                a, b = find(members[0]), find(m)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            touching.setdefault(find(members[0]), []).append(c)
        blocks: dict[int, list[int]] = {}
        for v in sorted(variables):
            blocks.setdefault(find(v), []).append(v)
        block_constraints: dict[int, list[int]] = {r: [] for r in blocks}
        for root, cs in touching.items():
            block_constraints[find(root)].extend(cs)
        self.component = {v: root for root, vs in blocks.items() for v in vs}

        result: dict[int, tuple[float, float, bool]] = {}
        for root, members in blocks.items():
            targets = [v for v in members if v in hidden]
            if not targets:
                continue
            cs = sorted(set(block_constraints[root]))
            key = (frozenset(members), frozenset(ids[c] for c in cs))
            if key not in self.cache:
                self.cache[key] = self._solve(members, targets, [constraints[c] for c in cs])
            result.update(self.cache[key])

        bounds: dict[str, CellBounds] = {}
        for i in sorted(result):
            k = self.keys[i]
            lower, upper, exact = result[i]
            bounds[k] = CellBounds(
                k,
                problem.values[k],
                float(lower),
                float(upper),
                upper - lower >= self.width,
                tuple(problem.positions_of(k)),
                exact,
            )
        return AuditResult(bounds, tuple(exposed), self.width)

    def _solve(
        self,
        members: list[int],
        targets: list[int],
        constraints: list[tuple[list[tuple[int, float]], str]],
    ) -> dict[int, tuple[float, float, bool]]:
        """Bounds of each target, with the block's members free (≥ 0) and the rest fixed.

        Protection is proved with witnesses: any two integer solutions consistent with the
        tables whose values of a cell differ by ``width`` prove that cell protected. The true
        counts are one witness; every optimum found is another. Only cells not yet proved get
        their own optimisations, so a block of hundreds of cells needs few solves. With
        ``exact`` every bound is optimised.
        """
        local = {v: j for j, v in enumerate(members)}
        eq_rows, eq_rhs, ub_rows, ub_rhs = [], [], [], []
        for terms, kind in constraints:
            row = np.zeros(len(members))
            rhs = 0.0
            for i, c in terms:
                if i in local:
                    row[local[i]] += c
                else:
                    rhs -= c * self.values[i]
            if kind == "eq":
                eq_rows.append(row)
                eq_rhs.append(rhs)
            else:
                ub_rows.append(row)
                ub_rhs.append(rhs)
        lp = _Block(
            np.array(eq_rows) if eq_rows else None,
            np.array(eq_rhs) if eq_rows else None,
            np.array(ub_rows) if ub_rows else None,
            np.array(ub_rhs) if ub_rows else None,
            self.integer,
        )
        if len(members) == 1:
            lower, upper = lp.single()
            return {targets[0]: (lower, upper, True)}
        truth = self.values[members]
        low_seen, high_seen = truth.copy(), truth.copy()

        def witness(point: np.ndarray | None) -> None:
            if point is not None:
                np.minimum(low_seen, point, out=low_seen)
                np.maximum(high_seen, point, out=high_seen)

        pinned = lp.pinned()
        local_targets = [local[v] for v in targets if local[v] not in pinned]
        if not self.exact and len(local_targets) > 1:
            # Two cheap sweeps that move many cells at once.
            weights = np.zeros(len(members))
            weights[local_targets] = 1.0
            for sign in (1.0, -1.0):
                witness(lp.optimise(sign * weights)[1])
        out: dict[int, tuple[float, float, bool]] = {}
        for v in targets:
            j = local[v]
            if j in pinned:
                out[v] = (truth[j], truth[j], True)
                continue
            if not self.exact and high_seen[j] - low_seen[j] >= self.width:
                out[v] = (low_seen[j], high_seen[j], False)
                continue
            objective = np.zeros(len(members))
            objective[j] = -1.0
            best, point = lp.optimise(objective)
            witness(point)
            upper = -best
            if not self.exact and upper - low_seen[j] >= self.width:
                out[v] = (low_seen[j], upper, False)
                continue
            objective[j] = 1.0
            best, point = lp.optimise(objective, unprotected_above=upper - self.width)
            witness(point)
            out[v] = (best, upper, point is not None)
        return out


def _prune(
    constraints: list[tuple[list[tuple[int, float]], str]], free: set[int]
) -> list[tuple[list[tuple[int, float]], str]]:
    """Drop relations that say nothing: an unpublished count that appears in one relation
    only, and can always take whatever value it needs there (an unshown total of shown or
    hidden parts), adds no information. Dropping them keeps the blocks small."""
    alive = list(range(len(constraints)))
    changed = True
    while changed:
        changed = False
        uses: dict[int, int] = {}
        for c in alive:
            for i, _ in constraints[c][0]:
                uses[i] = uses.get(i, 0) + 1
        keep = []
        for c in alive:
            terms, kind = constraints[c]
            slack = False
            for i, coef in terms:
                if i not in free or uses[i] != 1:
                    continue
                others = [a / coef for j, a in terms if j != i]
                # eq: coef·f = −Σ a·x has a solution f ≥ 0 when every a/coef ≤ 0.
                # le: coef·f ≤ −Σ a·x always holds for some f ≥ 0 when coef < 0.
                if (kind == "eq" and all(r <= 0 for r in others)) or (kind == "le" and coef < 0):
                    slack = True
                    break
            if slack:
                changed = True
            else:
                keep.append(c)
        alive = keep
    return [constraints[c] for c in alive]


class _Block:
    """One block's linear program, solved with HiGHS (``scipy.optimize.linprog``)."""

    def __init__(
        self,
        a_eq: np.ndarray | None,
        b_eq: np.ndarray | None,
        a_ub: np.ndarray | None,
        b_ub: np.ndarray | None,
        integer: bool,
    ) -> None:
        self.a_eq, self.b_eq, self.a_ub, self.b_ub = a_eq, b_eq, a_ub, b_ub
        self.integer = integer

    def pinned(self) -> set[int]:
        """Variables an equality fixes on its own (the one unknown in a relation)."""
        if self.a_eq is None:
            return set()
        nonzero = np.abs(self.a_eq) > 1e-12
        rows = nonzero.sum(axis=1) == 1
        return {int(j) for j in np.nonzero(nonzero[rows])[1]}

    def _feasible(self, x: np.ndarray) -> bool:
        if np.any(x < -_TOL):
            return False
        if self.a_eq is not None and np.any(np.abs(self.a_eq @ x - self.b_eq) > 1e-6):
            return False
        return not (self.a_ub is not None and np.any(self.a_ub @ x - self.b_ub > 1e-6))

    def optimise(
        self, objective: np.ndarray, unprotected_above: float = math.inf
    ) -> tuple[float, np.ndarray | None]:
        """Minimum of ``objective · x`` (−inf if unbounded), and the optimal point if usable.

        The minimum is rounded inward (counts are whole numbers). With ``integer``, an LP
        optimum that is not whole is re-solved as an integer program, unless the LP minimum
        is already above ``unprotected_above`` (the integer one can only be higher, so the
        cell is unprotected either way); then the point is None.
        """
        args = {
            "A_ub": self.a_ub,
            "b_ub": self.b_ub,
            "A_eq": self.a_eq,
            "b_eq": self.b_eq,
            "bounds": (0, None),
            "method": "highs",
        }
        res = linprog(objective, **args)
        if res.status == 3:
            return -math.inf, None
        if res.status != 0:
            raise RuntimeError(f"disclosure audit: the linear program failed ({res.message})")
        point = np.round(res.x)
        whole = np.all(np.abs(res.x - point) < 1e-7) and self._feasible(point)
        value = float(math.ceil(res.fun - _TOL))
        if whole:
            return value, point
        if not self.integer:
            return value, res.x
        if value > unprotected_above:
            return value, None
        mip = linprog(objective, integrality=np.ones(len(objective)), **args)
        if mip.status != 0:
            raise RuntimeError(f"disclosure audit: the integer program failed ({mip.message})")
        point = np.round(mip.x)
        return float(math.ceil(mip.fun - _TOL)), point

    def single(self) -> tuple[float, float]:
        """One unknown: its interval straight from the constraints, no solver needed."""
        lower, upper = 0.0, math.inf
        for rows, rhs, eq in ((self.a_eq, self.b_eq, True), (self.a_ub, self.b_ub, False)):
            if rows is None or rhs is None:
                continue
            for a, b in zip(rows[:, 0], rhs, strict=True):
                if abs(a) < 1e-12:
                    continue
                bound = b / a
                if eq or a > 0:
                    upper = min(upper, bound)
                if eq or a < 0:
                    lower = max(lower, bound)
        lower = math.ceil(lower - _TOL)
        upper = math.floor(upper + _TOL) if math.isfinite(upper) else math.inf
        return float(lower), float(upper)


def audit(
    problem: DisclosureProblem,
    hidden: Iterable[str],
    disclosure: Disclosure,
    *,
    hidden_displays: Iterable[Position] | None = None,
    integer: bool = True,
    exact: bool = False,
) -> AuditResult:
    """Interval attack on every hidden count that some table displays.

    ``hidden`` are count keys. By default a percentage or derived display is hidden exactly
    when it depends on a hidden count; pass ``hidden_displays`` to audit another choice (a
    percentage left showing over a hidden count is then a constraint on it).
    ``integer`` solves the exact integer attack where the LP optimum is fractional;
    ``exact`` computes every bound instead of stopping once a cell is proved protected.
    """
    chosen = None if hidden_displays is None else set(hidden_displays)
    return _Auditor(problem, disclosure.width, integer, exact).run(hidden, chosen)


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
        if d.kind in ("percent", "derived") and any(k in hidden for k in d.counts)
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
    auditor = _Auditor(problem, disclosure.width, integer)
    protector = _Protector(problem, disclosure.width, auditor.free)
    primary = primary_cells(problem, disclosure)
    hidden = set(primary)
    publishable = {k for k in problem.values if k not in problem.known and problem.positions_of(k)}
    free = {k for k in problem.values if k not in problem.known and not problem.positions_of(k)}
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
            known_total = abs(sum(c * values[k] for k, c in relation.terms if k not in hidden))
            if all(known_total / abs(c) >= width for _, c in unknown):
                continue
        shown = [k for k, _ in relation.terms if k in publishable and k not in hidden]
        if shown:
            added.add(min(shown, key=lambda k: (_hiding_cost(problem, k), order[k])))
    return added


def _hiding_cost(problem: DisclosureProblem, key: str) -> float:
    """What hiding a count costs the reader: its size, times its priority."""
    return (1.0 + problem.values[key]) * problem.priority.get(key, 1.0)


def _choose(
    problem: DisclosureProblem, key: str, hidden: set[str], publishable: set[str]
) -> str | None:
    """The shown count to hide next to protect ``key`` (see the module docstring)."""
    best: tuple[int, float, int, int] | None = None
    choice = None
    for relation in problem.relations_of(key):
        members = [k for k, _ in relation.terms]
        n_hidden = sum(1 for k in members if k in hidden or k not in publishable)
        for k in members:
            if k in hidden or k not in publishable:
                continue
            rank = (
                0 if relation.kind == "eq" else 1,
                _hiding_cost(problem, k),
                n_hidden,
                problem._order[k],
            )
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
            ([(self.index[k], c) for k, c in r.terms], r.kind) for r in problem.relations
        ]
        parent = list(range(len(self.keys)))

        def find(v: int) -> int:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        for terms, _ in self.relations:
            for i, _ in terms[1:]:
                a, b = find(terms[0][0]), find(i)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        self.members: dict[int, list[int]] = {}
        for v in range(len(self.keys)):
            self.members.setdefault(find(v), []).append(v)
        self.root = {v: find(v) for v in range(len(self.keys))}
        self.rel_of_root: dict[int, list[int]] = {}
        for n, (terms, _) in enumerate(self.relations):
            self.rel_of_root.setdefault(self.root[terms[0][0]], []).append(n)

    def cells_to_hide(self, key: str, hidden: set[str]) -> set[str] | None:
        problem = self.problem
        target = self.index[key]
        members = self.members[self.root[target]]
        local = {v: j for j, v in enumerate(members)}
        hidden_idx = {self.index[k] for k in hidden}
        movable = [
            v
            for v in members
            if v not in hidden_idx and v not in self.free and self.keys[v] not in problem.known
        ]
        n, m = len(members), len(movable)
        values = np.array([problem.values[self.keys[v]] for v in members], dtype=float)
        eq_rows, ub_rows = [], []
        for r in self.rel_of_root.get(self.root[target], []):
            terms, kind = self.relations[r]
            row = np.zeros(n + 2 * m)
            for i, c in terms:
                row[local[i]] += c
            (eq_rows if kind == "eq" else ub_rows).append(row)
        # x_c − up_c + down_c = value_c for every count that is still shown.
        for j, v in enumerate(movable):
            row = np.zeros(n + 2 * m)
            row[local[v]] = 1.0
            row[n + j] = -1.0
            row[n + m + j] = 1.0
            eq_rows.append(row)
        b_eq = np.zeros(len(eq_rows))
        b_eq[len(eq_rows) - m :] = values[[local[v] for v in movable]]
        cost = np.zeros(n + 2 * m)
        weights = (1.0 + values[[local[v] for v in movable]]) * np.array(
            [problem.priority.get(self.keys[v], 1.0) for v in movable]
        )
        cost[n : n + m] = weights
        cost[n + m :] = weights
        fixed_known = {local[v]: values[local[v]] for v in members if self.keys[v] in problem.known}
        for direction in (1.0, -1.0):
            goal = values[local[target]] + direction * self.width
            if goal < 0:
                continue
            bounds = [(0.0, None)] * (n + 2 * m)
            for j, value in fixed_known.items():
                bounds[j] = (value, value)
            bounds[local[target]] = (goal, None) if direction > 0 else (0.0, goal)
            res = linprog(
                cost,
                A_eq=np.array(eq_rows),
                b_eq=b_eq,
                A_ub=np.array(ub_rows) if ub_rows else None,
                b_ub=np.zeros(len(ub_rows)) if ub_rows else None,
                bounds=bounds,
                method="highs",
            )
            if res.status == 0:
                moved = res.x[n : n + m] + res.x[n + m :]
                return {self.keys[v] for j, v in enumerate(movable) if moved[j] > 1e-7}
        return None


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
        "secondary_hidden": len(result.secondary),
        "hidden_displays": len(result.hidden_displays),
        "cells_audited": len(result.audit.bounds),
        "smallest_interval": smallest,
        "protected": result.audit.ok,
    }


_FRACTION = re.compile(r"^\s*(.+?)\s+out of\s+(.+?)\s*$")
_PERCENT = re.compile(r"%\s*$")


def redact_text(text: str) -> str:
    """Redact one printed cell: ``R out of 1409``, ``R%`` or ``R``."""
    match = _FRACTION.match(str(text))
    if match:
        return f"{REDACTED} out of {match.group(2)}"
    if _PERCENT.search(str(text)):
        return f"{REDACTED}%"
    return REDACTED


def redact_table(
    frame: pd.DataFrame, hidden: pd.DataFrame | Iterable[tuple[object, object]]
) -> pd.DataFrame:
    """Redact the hidden cells of a table of printed strings (True in a mask, or (row, col)).

    For tables built outside a :class:`DisclosureProblem`; the mask must come from an audited
    :class:`SuppressionResult`. "n out of N" keeps its denominator: pass a denominator that
    must be hidden as ``R`` in the frame itself.
    """
    out = frame.astype(object).copy()
    if isinstance(hidden, pd.DataFrame):
        mask = hidden.reindex(index=frame.index, columns=frame.columns, fill_value=False)
        cells = [(r, c) for r in frame.index for c in frame.columns if bool(mask.loc[r, c])]
    else:
        cells = list(hidden)
    for row, column in cells:
        out.loc[row, column] = redact_text(out.loc[row, column])
    return out
