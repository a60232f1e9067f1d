"""The attacker's view: every hidden count's smallest and largest possible value.

An interval attack over everything a :class:`~wres_lib.protect.problem.DisclosureProblem`
declares, solved with scipy's HiGHS (linear programs, re-solved as integer programs where the
optimum is fractional), in independent blocks. A count is protected when its range is at least
the protection width.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from wres_lib.inputs.params import Disclosure
from wres_lib.protect.linear_program import LinearProgram
from wres_lib.protect.problem import TOL, DisclosureProblem, Position


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


Constraint = tuple[list[tuple[int, float]], str, float]  # terms, "eq"/"le", right-hand side


class Auditor:
    """Runs interval attacks, caching each independent block of hidden counts between rounds.

    Unknown to the reader: hidden counts, counts no table prints (free, never audited unless an
    earlier report hid them) and counts printed only inside a percentage or ratio (known to its
    printed decimals, not exactly). ``reader``: solve every relation as the reader assumes it
    (exactly), not as the trust's data need it (:class:`~wres_lib.protect.problem.Relation`),
    without the true counts as a witness (under the reader's assumption they may not fit).
    """

    def __init__(
        self,
        problem: DisclosureProblem,
        width: int,
        integer: bool,
        exact: bool = False,
        reader: bool = False,
    ) -> None:
        self.problem = problem
        self.width = width
        self.integer = integer
        self.exact = exact
        self.reader = reader
        self.keys = list(problem.values)
        self.index = {k: i for i, k in enumerate(self.keys)}
        self.values = np.array([problem.values[k] for k in self.keys], dtype=float)
        self.cache: dict[
            tuple[frozenset[int], frozenset[int]], dict[int, tuple[float, float, bool]]
        ] = {}
        self.component: dict[int, int] = {}
        printed = set(problem.known)
        for display in problem.displays.values():
            if display.kind in ("count", "fraction"):
                printed.update(display.counts)
        # Not printed exactly: unknown to the reader, bounded by whatever relations and
        # percentages they are in.
        self.inexact = {self.index[k] for k in self.keys if k not in printed}
        # Not printed at all: free variables, never audited.
        self.free = {i for i in self.inexact if not problem.positions_of(self.keys[i])}
        # A small count an earlier report hid is audited even where this one does not show
        # it, so its relations are never pruned as saying nothing.
        audited_anyway = {self.index[k] for k in problem.hidden_before | problem.unprinted_small}
        self.structural = _prune(
            [
                ([(self.index[k], c) for k, c in r.terms], r.kind, 0.0 if reader else r.offset)
                for r in problem.relations
            ],
            self.free - audited_anyway,
        )

    def _display_constraints(
        self, hidden: set[int], variables: set[int], hidden_displays: set[Position] | None
    ) -> tuple[list[Constraint], list[Position], list[int | tuple]]:
        """Linear constraints from shown percentages and ratios over counts the reader does
        not know exactly; shown figures over hidden counts that cannot be modelled."""
        extra: list[Constraint] = []
        ids: list[int | tuple] = []
        exposed: list[Position] = []
        for n, display in enumerate(self.problem.displays.values()):
            if display.kind in ("count", "fraction"):
                continue
            idx = [self.index[k] for k in display.counts]
            depends = any(i in hidden for i in idx)
            shown = display.position in self.problem.published_before or (
                not depends if hidden_displays is None else display.position not in hidden_displays
            )
            if not shown or not any(i in variables for i in idx):
                continue
            if display.kind == "ratio":
                rows = _ratio_constraints(display, idx, variables, self.values)
                if rows is None:
                    if depends:
                        exposed.append(display.position)
                else:
                    extra.extend(rows)
                    # The rows depend on the printed value and precision, which
                    # publishing at a coarser precision rewrites: both are in the cache key.
                    ids.extend(("ratio", n, k, display.dp, display.percent) for k in range(2))
                continue
            if display.kind == "derived" or display.percent is None:
                if depends:
                    exposed.append(display.position)
                continue
            num, den = idx
            half = 0.5 * 10.0 ** (-display.dp)
            low = max(display.percent - half, 0.0) / 100.0
            high = (display.percent + half) / 100.0
            extra.append(([(den, low), (num, -1.0)], "le", 0.0))
            extra.append(([(num, 1.0), (den, -high)], "le", 0.0))
            ids.extend([-(2 * n + 1), -(2 * n + 2)])
        return extra, exposed, ids

    def run(
        self, hidden_keys: Iterable[str], hidden_displays: set[Position] | None = None
    ) -> AuditResult:
        problem = self.problem
        hidden = {self.index[k] for k in hidden_keys if k not in problem.known}
        variables = hidden | self.inexact
        extra, exposed, extra_ids = self._display_constraints(hidden, variables, hidden_displays)
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
        for c, (terms, _, _) in enumerate(constraints):
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
            result.update(self.cache[key])  # a block the reader's relations rule out: nothing

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
        self, members: list[int], targets: list[int], constraints: list[Constraint]
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
        for terms, kind, offset in constraints:
            row = np.zeros(len(members))
            rhs = offset
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
            return {targets[0]: (lower, upper, True)} if lower <= upper else {}
        if self.reader:
            try:
                return self._bounds(lp, members, targets, None)
            except _Infeasible:
                return {}  # the reader's relations contradict the tables: they narrow nothing
        return self._bounds(lp, members, targets, self.values[members])

    def _bounds(
        self,
        lp: _Block,
        members: list[int],
        targets: list[int],
        truth: np.ndarray | None,
    ) -> dict[int, tuple[float, float, bool]]:
        """Each target's bounds; ``truth`` (the true counts, one consistent point) if known."""
        local = {v: j for j, v in enumerate(members)}
        if truth is None:
            low_seen = np.full(len(members), math.inf)
            high_seen = np.full(len(members), -math.inf)
        else:
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
                value = lp.pinned_value(j)
                out[v] = (value, value, True)
                continue
            if not self.exact and high_seen[j] - low_seen[j] >= self.width:
                out[v] = (low_seen[j], high_seen[j], False)
                continue
            objective = np.zeros(len(members))
            objective[j] = -1.0
            best, point = lp.optimise(objective)
            witness(point)
            upper = -best
            seen = low_seen[j] < math.inf  # a point found below (none yet: the reader's model)
            if not self.exact and seen and upper - low_seen[j] >= self.width:
                out[v] = (low_seen[j], upper, False)
                continue
            objective[j] = 1.0
            best, point = lp.optimise(objective, unprotected_above=upper - self.width)
            witness(point)
            out[v] = (best, upper, point is not None)
        return out


def _ratio_constraints(
    display, idx: list[int], unknown: set[int], values: np.ndarray
) -> list[Constraint] | None:
    """A printed ratio r = (a/A)/(b/B) to ``dp`` places, with A and B printed: linear in a, b.

    r_low·A·b ≤ B·a ≤ r_high·A·b. Over a denominator the reader does not know the ratio is not
    linear (None): over a hidden count the caller treats that as a leak.
    """
    a, big_a, b, big_b = idx
    if big_a in unknown or big_b in unknown or display.percent is None:
        return None
    half = 0.5 * 10.0 ** (-display.dp)
    low, high = max(display.percent - half, 0.0), display.percent + half
    va, vb = values[big_a], values[big_b]
    return [
        ([(b, low * va), (a, -vb)], "le", 0.0),
        ([(a, vb), (b, -high * va)], "le", 0.0),
    ]


def _prune(constraints: list[Constraint], free: set[int]) -> list[Constraint]:
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
            terms, kind, _offset = constraints[c]
            slack = False
            for i, coef in terms:
                if i not in free or uses[i] != 1:
                    continue
                others = [a / coef for j, a in terms if j != i]
                # eq: coef·f = offset − Σ a·x has a solution f ≥ 0 when every a/coef ≤ 0
                # (an offset is one unit or so, and f takes it up);
                # le: coef·f ≤ offset − Σ a·x always holds for some f ≥ 0 when coef < 0.
                if (kind == "eq" and all(r <= 0 for r in others) and _offset / coef >= 0) or (
                    kind == "le" and coef < 0
                ):
                    slack = True
                    break
            if slack:
                changed = True
            else:
                keep.append(c)
        alive = keep
    return [constraints[c] for c in alive]


class _Infeasible(RuntimeError):
    """No counts satisfy the block's constraints (only possible under the reader's relations,
    which the trust's data need not satisfy)."""


class _Block:
    """One block's linear program, solved with HiGHS, warm-started between objectives."""

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
        self.program: LinearProgram | None = None  # built on the first optimisation

    def pinned(self) -> set[int]:
        """Variables an equality fixes on its own (the one unknown in a relation)."""
        if self.a_eq is None:
            return set()
        nonzero = np.abs(self.a_eq) > 1e-12
        rows = nonzero.sum(axis=1) == 1
        return {int(j) for j in np.nonzero(nonzero[rows])[1]}

    def pinned_value(self, j: int) -> float:
        """The value an equality with ``j`` as its one unknown gives it."""
        assert self.a_eq is not None and self.b_eq is not None
        for row, rhs in zip(self.a_eq, self.b_eq, strict=True):
            nonzero = np.abs(row) > 1e-12
            if nonzero.sum() == 1 and nonzero[j]:
                return float(rhs / row[j])
        raise ValueError(f"variable {j} is not pinned")

    def _feasible(self, x: np.ndarray) -> bool:
        if np.any(x < -TOL):
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
        if self.program is None:
            size = (self.a_eq if self.a_eq is not None else self.a_ub).shape[1]
            self.program = LinearProgram(size, self.a_eq, self.b_eq, self.a_ub, self.b_ub)
        res = self.program.minimise(objective)
        if res.status == "unbounded":
            return -math.inf, None
        if res.status == "infeasible":
            raise _Infeasible("disclosure audit: the linear program is infeasible")
        if res.status != "optimal" or res.x is None:
            raise RuntimeError(f"disclosure audit: the linear program is {res.status}")
        point = np.round(res.x)
        whole = np.all(np.abs(res.x - point) < 1e-7) and self._feasible(point)
        value = float(math.ceil(res.value - TOL))
        if whole:
            return value, point
        if not self.integer:
            return value, res.x
        if value > unprotected_above:
            return value, None
        mip = self.program.minimise(objective, integer=True)
        if mip.status != "optimal" or mip.x is None:
            raise RuntimeError(f"disclosure audit: the integer program is {mip.status}")
        point = np.round(mip.x)
        return float(math.ceil(mip.value - TOL)), point

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
        lower = math.ceil(lower - TOL)
        upper = math.floor(upper + TOL) if math.isfinite(upper) else math.inf
        return float(lower), float(upper)


class Audits:
    """The audit as the trust's data have it and, where the data break a relation the reader
    assumes (:attr:`DisclosureProblem.inconsistent`), as the reader has it too: a count is
    protected only when both leave it wide enough, so the build agrees with ``wres audit``,
    which knows only the reader's relations."""

    def __init__(
        self, problem: DisclosureProblem, width: int, integer: bool = True, exact: bool = False
    ) -> None:
        self.auditors = [Auditor(problem, width, integer, exact)]
        if problem.inconsistent:
            self.auditors.append(Auditor(problem, width, integer, exact, reader=True))
        self.free = self.auditors[0].free
        self.width = width

    def run(
        self, hidden_keys: Iterable[str], hidden_displays: set[Position] | None = None
    ) -> AuditResult:
        hidden = list(hidden_keys)
        results = [a.run(hidden, hidden_displays) for a in self.auditors]
        bounds: dict[str, CellBounds] = {}
        for result in results:
            for key, found in result.bounds.items():
                if key not in bounds or found.width < bounds[key].width:
                    bounds[key] = found
        exposed = tuple(dict.fromkeys(p for r in results for p in r.exposed))
        return AuditResult(dict(sorted(bounds.items())), exposed, self.width)


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
    return Audits(problem, disclosure.width, integer, exact).run(hidden, chosen)
