"""`wres audit`: an information governance lead's attack on already-published reports.

It reads only what is published (the folders' public CSV tables, or a trust's earlier report
typed as a published figures CSV), every report together since the web holds all of them, with
the relations every reader assumes (:mod:`wres_lib.protect.reader_relations`, the ones the build
declares too), and solves, for every hidden count (``R``) and every count a reader can derive but
no table prints (the one-year disciplinary count of a year before a window), its smallest and
largest whole-number value (HiGHS integer programs). Printed percentages and ratios are linear
inequalities (to their printed decimals) when their denominators are printed; a ratio or
interval printed over a hidden count with a hidden denominator cannot be modelled and is listed
as given away, and so is a figure worked out from a hidden count. A count printed below the
threshold is a leak in itself (Board membership aside, which trusts publish, unless asked).

It shares with the build only how tables are read and what a reader assumes, never the
suppression that made them.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from wres_lib.protect.attack_tables import Publication, read_figures, read_folder
from wres_lib.protect.attack_text import unexplained_numbers
from wres_lib.protect.linear_program import LinearProgram
from wres_lib.protect.reader_relations import ReaderRelation, reader_relations
from wres_lib.protect.table_cells import Key, Place

Constraint = ReaderRelation


# Where the sweeps stop counts a reader could make as large as they like.
SWEEP_CAP = 1_000_000


class InconsistentTables(ValueError):
    """The tables cannot all hold with the reader's relations (e.g. someone entered the
    disciplinary process twice, so the two-year window is not the sum of its years)."""


@dataclass(frozen=True)
class Finding:
    """The narrowest range a reader can derive for one hidden count, and what gives it."""

    key: Key
    lower: float
    upper: float
    places: tuple[Place, ...]
    given_by: tuple[str, ...]

    def leaks(self, threshold: int) -> bool:
        """Narrower than the threshold; a count never printed (only derivable) leaks only if
        its range admits a value the rule protects (1 to threshold − 1)."""
        if self.width >= threshold:
            return False
        return bool(self.places) or (self.upper > 0 and self.lower < threshold)

    @property
    def width(self) -> float:
        return self.upper - self.lower


@dataclass(frozen=True)
class AttackResult:
    findings: list[Finding]
    exposed: list[str]
    conflicts: list[str]
    seconds: float
    threshold: int
    # Counts printed below the threshold, and figures nobody can place in the tables.
    small: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)

    @property
    def leaks(self) -> list[Finding]:
        return [f for f in self.findings if f.leaks(self.threshold)]

    @property
    def narrowest(self) -> Finding | None:
        counted = [f for f in self.findings if f.places or f.leaks(self.threshold)]
        return min(counted, key=lambda f: f.width, default=None)

    @property
    def ok(self) -> bool:
        return not (self.leaks or self.exposed or self.small or self.unread)


def _display_constraints(pub: Publication) -> tuple[list[Constraint], list[str]]:
    """Printed percentages and ratios over counts the reader does not know, as inequalities;
    figures that give a hidden count away and cannot be modelled."""
    out, exposed = [], []
    known = pub.shown
    for cell in pub.cells:
        unknown = [k for k in cell.keys if k not in known]
        if not unknown or cell.kind in ("count", "fraction") or cell.hidden:
            continue
        if cell.kind == "percent" and cell.value is not None:
            num, den = cell.keys
            half = 0.5 * 10.0 ** (-cell.dp)
            low, high = max(cell.value - half, 0.0) / 100, (cell.value + half) / 100
            label = f"{cell.place}: {cell.value}%"
            out.append(Constraint(((den, low), (num, -1.0)), "le", label))
            out.append(Constraint(((num, 1.0), (den, -high)), "le", label))
            continue
        over_hidden = [k for k in unknown if k in pub.hidden]
        if cell.kind == "ratio" and cell.value is not None:
            a, big_a, b, big_b = cell.keys
            if cell.interval or big_a not in known or big_b not in known:
                if over_hidden:
                    exposed.append(f"{cell.place}: ratio printed over hidden count(s) {unknown}")
                continue
            half = 0.5 * 10.0 ** (-cell.dp)
            low, high = max(cell.value - half, 0.0), cell.value + half
            va, vb = known[big_a], known[big_b]
            label = f"{cell.place}: ratio {cell.value}"
            out.append(Constraint(((b, low * va), (a, -vb)), "le", label))
            out.append(Constraint(((a, vb), (b, -high * va)), "le", label))
        elif over_hidden:
            exposed.append(f"{cell.place}: {cell.text!r} printed over hidden count(s) {unknown}")
    return out, exposed


def attack(
    folders: Sequence[Path],
    threshold: int = 10,
    *,
    figures: Sequence[Path] = (),
    board_is_public: bool = True,
) -> AttackResult:
    """Read the folders' public tables (and typed earlier reports) together and bound every
    hidden count."""
    from wres_lib.measure.published_figures import read_published_figures

    pub = Publication()
    for folder in folders:
        read_folder(Path(folder), pub)
    for path in figures:
        read_figures(read_published_figures(path), pub)
    return attack_publication(pub, threshold, board_is_public=board_is_public)


def attack_publication(
    pub: Publication, threshold: int = 10, *, board_is_public: bool = True
) -> AttackResult:
    """Bound every hidden count of what ``pub`` prints (see the module docstring)."""
    start = time.perf_counter()
    constraints, exposed = _display_constraints(pub)
    constraints = reader_relations(pub.places) + constraints
    unknown = sorted({k for c in constraints for k, _ in c.terms if k not in pub.shown})
    index = {k: i for i, k in enumerate(unknown)}
    targets = [k for k in pub.hidden if k not in pub.shown]
    # Never printed but still worked out from the relations (a band's White staff as known
    # minus BME, the one-year disciplinary count of the year before a window): a leak where a
    # reader narrows it to a small value.
    targets += [k for k in unknown if k not in pub.places]
    parent = list(range(len(unknown)))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for c in constraints:
        members = [index[k] for k, _ in c.terms if k in index]
        for m in members[1:]:
            a, b = find(members[0]), find(m)
            if a != b:
                parent[max(a, b)] = min(a, b)
    blocks: dict[int, list[Constraint]] = {}
    for c in constraints:
        members = [index[k] for k, _ in c.terms if k in index]
        if members:
            blocks.setdefault(find(members[0]), []).append(c)
    by_block: dict[int, list[Key]] = {}
    for k in targets:
        by_block.setdefault(find(index[k]), []).append(k)
    findings = []
    conflicts = list(pub.conflicts)
    for root, keys in by_block.items():
        members = [k for k in unknown if find(index[k]) == root]
        try:
            findings += _solve_block(members, keys, blocks.get(root, []), pub, threshold)
        except InconsistentTables as exc:
            conflicts.append(str(exc))
    findings.sort(key=lambda f: (f.width, f.key))
    small = [
        f"{'/'.join(map(str, key))} printed as {value} at {pub.places[key][0]}"
        for key, value in sorted(pub.shown.items())
        if 0 < value < threshold and not (board_is_public and key[1] == 9)
    ]
    return AttackResult(
        findings,
        exposed,
        conflicts,
        time.perf_counter() - start,
        threshold,
        small,
        list(pub.unread),
    )


def _solve_block(
    members: list[Key],
    targets: list[Key],
    constraints: list[Constraint],
    pub: Publication,
    threshold: int,
) -> list[Finding]:
    """Integer min and max of each target; two solutions far enough apart prove a cell safe."""
    local = {k: j for j, k in enumerate(members)}
    eq, eq_rhs, ub, ub_rhs = [], [], [], []
    for c in constraints:
        row, rhs = np.zeros(len(members)), 0.0
        for k, coef in c.terms:
            if k in local:
                row[local[k]] += coef
            else:
                rhs -= coef * pub.shown[k]
        (eq if c.kind == "eq" else ub).append(row)
        (eq_rhs if c.kind == "eq" else ub_rhs).append(rhs)
    block = _Program(members, eq, eq_rhs, ub, ub_rhs, constraints)
    low_seen = np.full(len(members), math.inf)
    high_seen = np.full(len(members), -math.inf)

    def witness(point: np.ndarray | None) -> None:
        if point is not None:
            np.minimum(low_seen, point, out=low_seen)
            np.maximum(high_seen, point, out=high_seen)

    if len(targets) > 1:
        # Two sweeps that move every target at once (kept finite), so that most are proved
        # wide by the points found and need no solve of their own.
        weights = np.zeros(len(members))
        weights[[local[k] for k in targets]] = 1.0
        for sign in (1.0, -1.0):
            witness(block.minimise(sign * weights, cap=SWEEP_CAP)[1])
    labels: dict[Key, list[str]] = {}
    for c in constraints:
        for k, _ in c.terms:
            labels.setdefault(k, []).append(c.label)
    out = []
    for key in targets:
        j = local[key]
        printed = key in pub.places
        if high_seen[j] - low_seen[j] >= threshold:
            lower, upper = low_seen[j], high_seen[j]  # proved wide enough by two solutions
        else:
            objective = np.zeros(len(members))
            objective[j] = 1.0
            # Never printed: a leak only if it can be small; the relaxation's minimum (no lower
            # than the whole-number one) often shows it cannot, without an integer programme.
            lower, point = block.minimise(objective, relaxed=not printed)
            if not printed and lower < threshold:
                lower, point = block.minimise(objective)
            witness(point)
            if not printed and lower >= threshold:
                upper = math.inf  # never printed and never small: no leak
            else:
                best, point = block.minimise(-objective)
                witness(point)
                upper = -best
        places = tuple(pub.places.get(key, ()))
        given = tuple(dict.fromkeys(labels.get(key, ())))
        out.append(Finding(key, float(lower) + 0.0, float(upper) + 0.0, places, given[:6]))
    return out


class _Program:
    """One block's integer programme, handed to HiGHS once and re-solved for each objective
    (warm-started): the linear relaxation first, the integer programme only where its optimum
    is fractional."""

    def __init__(
        self,
        members: list[Key],
        eq: list[np.ndarray],
        eq_rhs: list[float],
        ub: list[np.ndarray],
        ub_rhs: list[float],
        constraints: list[Constraint],
    ) -> None:
        self.size = len(members)
        self.constraints = constraints
        self.program = LinearProgram(
            self.size,
            np.array(eq) if eq else None,
            np.array(eq_rhs) if eq else None,
            np.array(ub) if ub else None,
            np.array(ub_rhs) if ub else None,
        )
        self.capped = False

    def minimise(
        self, objective: np.ndarray, cap: float | None = None, relaxed: bool = False
    ) -> tuple[float, np.ndarray | None]:
        """Minimum of ``objective · x`` over whole numbers (−inf if unbounded) and its point;
        ``cap`` bounds every count (the sweeps); ``relaxed``: the linear relaxation's minimum,
        rounded up (a lower bound of the whole-number one), and no point unless it is whole."""
        program = self.program
        if (cap is not None) != self.capped:
            upper = np.full(self.size, cap if cap is not None else np.inf)
            program.set_bounds(np.zeros(self.size), upper)
            self.capped = cap is not None
        res = program.minimise(objective)
        if res.status == "infeasible":
            raise InconsistentTables(
                "the published figures contradict the reader's relations "
                f"({'; '.join(c.label for c in self.constraints[:3])} ...)"
            )
        if res.status == "unbounded" or res.x is None:
            return -math.inf, None
        point = np.round(res.x)
        if np.all(np.abs(res.x - point) < 1e-7):
            return float(objective @ point), point
        if relaxed:
            return float(math.ceil(res.value - 1e-6)), None
        res = program.minimise(objective, integer=True)
        if res.x is None:
            raise RuntimeError(f"wres audit: the integer programme is {res.status}")
        point = np.round(res.x)
        return float(objective @ point), point


def report_lines(result: AttackResult, limit: int = 40) -> list[str]:
    """What `wres audit` prints: leaks first, then the narrowest safe ranges, then a summary."""
    lines = []
    for f in result.leaks[:limit]:
        where = "; ".join(str(p) for p in f.places[:3]) or "never printed (derivable)"
        lines.append(
            f"LEAK {'/'.join(map(str, f.key))}: between {f.lower:g} and {f.upper:g} "
            f"(width {f.width:g} < {result.threshold}) at {where}; from: " + " | ".join(f.given_by)
        )
    for text in result.small[:limit]:
        lines.append(f"SHOWN SMALL {text}")
    for text in result.exposed[:limit]:
        lines.append(f"GIVEN AWAY {text}")
    for text in result.unread[:limit]:
        lines.append(f"UNREAD {text}")
    for text in result.conflicts[:limit]:
        lines.append(f"NOTE the same count printed with two values: {text}")
    narrowest = result.narrowest
    lines.append(
        f"wres audit: {len(result.findings)} counts attacked (hidden or never printed), "
        f"{len(result.leaks)} "
        f"narrower than {result.threshold}, {len(result.small)} small counts printed, "
        f"{len(result.exposed)} printed figures over hidden counts, {len(result.unread)} "
        f"figures not read; narrowest range "
        f"{'none' if narrowest is None else f'{narrowest.width:g}'}; "
        f"{result.seconds:.1f} s: {'passed' if result.ok else 'FAILED'}"
    )
    return lines


def run_audit_command(
    places: Sequence[str],
    threshold: int = 10,
    *,
    board_is_public: bool = True,
    templates: Sequence[str] = (),
) -> int:
    """`wres audit PUBLISHED ...`: print the attack; 1 if anything could be worked out.

    Each place is a published folder (with ``tables/`` or ``public/tables/``) or a trust's
    earlier report typed as a published figures CSV (or workbook). ``templates``: a trust's
    own wording folders, whose fixed phrases are not figures either.
    """
    from wres_lib.errors import InputError, Problem

    folders, figures, missing = [], [], []
    for place in places:
        path = Path(place)
        if any((path / sub).is_dir() for sub in ("tables", "public/tables")):
            folders.append(path)
        elif path.is_file() and path.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
            figures.append(path)
        else:
            missing.append(
                Problem(
                    str(path),
                    None,
                    None,
                    place,
                    "a published folder with tables/ or public/tables/, or a published figures CSV",
                )
            )
    if missing:
        raise InputError(missing)
    result = attack(folders, threshold, figures=figures, board_is_public=board_is_public)
    print("\n".join(report_lines(result)))
    # Numbers in the words (text, captions, alt text) that no table prints skip the attack.
    loose = [n for f in folders for n in unexplained_numbers(f, templates=templates)]
    for number in loose[:40]:
        print(f"UNAUDITED NUMBER {number}")
    print(
        f"wres audit: {len(loose)} numbers in the reports' words that no table prints: "
        f"{'passed' if not loose else 'FAILED'}"
    )
    return 0 if result.ok and not loose else 1
