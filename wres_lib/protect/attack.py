"""`wres audit`: an information governance lead's attack on already-published reports.

It reads only the public CSV tables of the folders given (every year's report together, since
the web holds all of them), builds every relation a reader can justify from the national WRES
layout, and solves, for every hidden count (``R``) and every count a reader can derive but no
table prints (the one-year disciplinary count of a year before a window), its smallest and
largest whole-number value (HiGHS integer programs). Relations used:

* the same number printed in several reports or tables is one number;
* indicator 1: White + BME = known, the finer groups add up to BME, known + Unknown = all, and
  band rows add up to the overall row and to their grouped rows, for every group (a group not
  printed for a row is a bounded unknown, not a dropped relation);
* indicators 2 to 8: the finer groups add up to BME, numerators and totals; n ≤ N;
* indicator 3: the two-year window = this year's one-year window + last year's (the reader's
  assumption that nobody enters twice);
* printed percentages and ratios (to their printed decimals) as linear inequalities when their
  denominators are printed; a ratio or interval printed over a hidden count with a hidden
  denominator cannot be modelled and is listed as given away.

It shares no code with the suppression that made the tables, only the band layout.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import linprog

from wres_lib.inputs.bands import band_row_labels, grouped_row_map
from wres_lib.inputs.params import year_label, year_start
from wres_lib.protect.attack_tables import (
    FINER,
    GROUPS,
    Key,
    Place,
    Publication,
    canonical,
    read_folder,
)
from wres_lib.protect.attack_text import unexplained_numbers


class InconsistentTables(ValueError):
    """The tables cannot all hold with the reader's relations (e.g. someone entered the
    disciplinary process twice, so the two-year window is not the sum of its years)."""


@dataclass(frozen=True)
class Constraint:
    """``sum(coef·count) (== or <=) 0`` with a reader's reason."""

    terms: tuple[tuple[Key, float], ...]
    kind: str  # "eq" or "le"
    label: str


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

    @property
    def leaks(self) -> list[Finding]:
        return [f for f in self.findings if f.leaks(self.threshold)]

    @property
    def narrowest(self) -> Finding | None:
        counted = [f for f in self.findings if f.places or f.leaks(self.threshold)]
        return min(counted, key=lambda f: f.width, default=None)

    @property
    def ok(self) -> bool:
        return not self.leaks and not self.exposed


def relations(pub: Publication) -> list[Constraint]:
    """Every relation a reader can justify among the printed (and derivable) counts."""
    out: list[Constraint] = []

    def total(whole: Key, parts: Sequence[Key], label: str) -> None:
        terms: dict[Key, float] = {whole: -1.0}
        for p in parts:
            terms[p] = terms.get(p, 0.0) + 1.0
        out.append(Constraint(tuple(terms.items()), "eq", label))

    band_rows = [m for m in band_row_labels() if not m.startswith("grouped|")]
    grouped = grouped_row_map()
    years1 = sorted({y for (y, i, _m) in pub.years if i == 1}, key=year_start)
    for year in years1:
        measures = {m for (y, i, m) in pub.years if y == year and i == 1}
        rows = measures | ({"overall", *band_rows} if "overall" in measures else set())
        rows |= {grouped[b] for b in band_rows if b in grouped and "overall" in measures}
        for m in rows:
            num = lambda g, m=m, y=year: (y, 1, m, g, "numerator")  # noqa: E731
            known, everyone = (
                (year, 1, m, "Known", "denominator"),
                (year, 1, m, "All", "denominator"),
            )
            total(known, [num("White"), num("BME")], f"{year} {m}: known = White + BME")
            total(num("BME"), [num(g) for g in FINER], f"{year} {m}: BME = its groups")
            total(everyone, [known, num("Unknown")], f"{year} {m}: all = known + Unknown")
        if "overall" not in measures:
            continue
        for group, part in [(g, "numerator") for g in (*GROUPS, "Unknown")] + [
            ("Known", "denominator"),
            ("All", "denominator"),
        ]:
            key = lambda m, g=group, p=part, y=year: (y, 1, m, g, p)  # noqa: E731
            label = f"{year}: band rows ({group})"
            total(key("overall"), [key(b) for b in band_rows], label)
            for row in sorted(set(grouped.values())):
                members = [b for b in band_rows if grouped.get(b) == row]
                total(key(row), [key(b) for b in members], f"{year}: {row} ({group})")
    for year, indicator, measure in sorted(pub.years):
        if indicator == 1:
            continue
        for part in ("numerator", "denominator"):
            if indicator in (3, 4) and part == "denominator":
                continue  # indicator 1's headcounts, related there
            parts = [(year, indicator, measure, g, part) for g in FINER]
            total((year, indicator, measure, "BME", part), parts, f"{year} {indicator} {measure}")
        if indicator == 3 and measure == "two-year":
            previous = year_label(year_start(year) - 1)
            for g in GROUPS:
                two, one = (year, 3, "two-year", g, "numerator"), (year, 3, "all", g, "numerator")
                before = (previous, 3, "all", g, "numerator")
                total(two, [one, before], f"{year}: two-year = {year} + {previous} ({g})")
    for key in list(pub.places):
        if key[4] == "numerator":
            den = canonical((*key[:4], "denominator"))
            out.append(Constraint(((key, 1.0), (den, -1.0)), "le", f"{key} ≤ its total"))
    return out


def _display_constraints(pub: Publication) -> tuple[list[Constraint], list[str]]:
    out, exposed = [], []
    for p in pub.percents:
        half = 0.5 * 10.0 ** (-p.dp)
        low, high = max(p.value - half, 0.0) / 100, (p.value + half) / 100
        label = f"{p.place}: {p.value}%"
        out.append(Constraint(((p.denominator, low), (p.numerator, -1.0)), "le", label))
        out.append(Constraint(((p.numerator, 1.0), (p.denominator, -high)), "le", label))
    for r in pub.ratios:
        a, big_a, b, big_b = r.counts
        hidden = [k for k in r.counts if k not in pub.shown]
        if not hidden:
            continue
        if r.interval or big_a not in pub.shown or big_b not in pub.shown:
            exposed.append(f"{r.place}: ratio printed over hidden count(s) {hidden}")
            continue
        half = 0.5 * 10.0 ** (-r.dp)
        low, high = max(r.value - half, 0.0), r.value + half
        va, vb = pub.shown[big_a], pub.shown[big_b]
        label = f"{r.place}: ratio {r.value}"
        out.append(Constraint(((b, low * va), (a, -vb)), "le", label))
        out.append(Constraint(((a, vb), (b, -high * va)), "le", label))
    return out, exposed


def attack(folders: Sequence[Path], threshold: int = 10) -> AttackResult:
    """Read the folders' public tables together and bound every hidden count."""
    start = time.perf_counter()
    pub = Publication()
    for folder in folders:
        read_folder(Path(folder), pub)
    constraints, exposed = _display_constraints(pub)
    constraints = relations(pub) + constraints
    unknown = sorted({k for c in constraints for k, _ in c.terms if k not in pub.shown})
    index = {k: i for i, k in enumerate(unknown)}
    targets = [k for k in pub.hidden if k not in pub.shown]
    # Derivable but never printed: a one-year disciplinary count inside a printed window.
    targets += [
        k
        for k in unknown
        if k[1] == 3 and k[2] == "all" and k not in pub.places and _in_printed_window(k, pub)
    ]
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
    for root, keys in by_block.items():
        members = [k for k in unknown if find(index[k]) == root]
        try:
            findings += _solve_block(members, keys, blocks.get(root, []), pub, threshold)
        except InconsistentTables as exc:
            pub.conflicts.append(str(exc))
    findings.sort(key=lambda f: (f.width, f.key))
    return AttackResult(
        findings, exposed, list(pub.conflicts), time.perf_counter() - start, threshold
    )


def _in_printed_window(key: Key, pub: Publication) -> bool:
    following = year_label(year_start(key[0]) + 1)
    return (following, 3, "two-year", key[3], "numerator") in pub.places


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
    args = {
        "A_eq": np.array(eq) if eq else None,
        "b_eq": np.array(eq_rhs) if eq else None,
        "A_ub": np.array(ub) if ub else None,
        "b_ub": np.array(ub_rhs) if ub else None,
        "bounds": (0, None),
        "method": "highs",
        "integrality": np.ones(len(members)),
    }
    low_seen = np.full(len(members), math.inf)
    high_seen = np.full(len(members), -math.inf)
    out = []
    for key in targets:
        j = local[key]
        if high_seen[j] - low_seen[j] >= threshold:
            lower, upper = low_seen[j], high_seen[j]  # proved wide enough by two solutions
        else:
            bounds = []
            for sign in (1.0, -1.0):
                objective = np.zeros(len(members))
                objective[j] = sign
                res = linprog(objective, **args)
                if res.status not in (0, 3):  # HiGHS may not tell unbounded from infeasible
                    relaxed = linprog(objective, **{**args, "integrality": None})
                    if relaxed.status == 2:
                        raise InconsistentTables(
                            f"{key}: the published figures contradict the reader's relations"
                            f" ({'; '.join(c.label for c in constraints[:3])} ...)"
                        )
                    res = relaxed if relaxed.status == 3 else res
                if res.status == 3:
                    bounds.append(-sign * math.inf)
                    continue
                if res.status != 0:
                    raise RuntimeError(f"wres audit: the integer program failed ({res.message})")
                x = np.round(res.x)
                np.minimum(low_seen, x, out=low_seen)
                np.maximum(high_seen, x, out=high_seen)
                bounds.append(float(x[j]))
            lower, upper = bounds
        given = tuple(dict.fromkeys(c.label for c in constraints if key in dict(c.terms)))
        places = tuple(pub.places.get(key, ()))
        out.append(Finding(key, float(lower) + 0.0, float(upper) + 0.0, places, given[:6]))
    return out


def report_lines(result: AttackResult, limit: int = 40) -> list[str]:
    """What `wres audit` prints: leaks first, then the narrowest safe ranges, then a summary."""
    lines = []
    for f in result.leaks[:limit]:
        where = "; ".join(str(p) for p in f.places[:3]) or "never printed (derivable)"
        lines.append(
            f"LEAK {'/'.join(map(str, f.key))}: between {f.lower:g} and {f.upper:g} "
            f"(width {f.width:g} < {result.threshold}) at {where}; from: " + " | ".join(f.given_by)
        )
    for text in result.exposed[:limit]:
        lines.append(f"GIVEN AWAY {text}")
    for text in result.conflicts[:limit]:
        lines.append(f"NOTE the same count printed with two values: {text}")
    narrowest = result.narrowest
    lines.append(
        f"wres audit: {len(result.findings)} hidden counts attacked, {len(result.leaks)} "
        f"narrower than {result.threshold}, {len(result.exposed)} printed figures over hidden "
        f"counts; narrowest range "
        f"{'none' if narrowest is None else f'{narrowest.width:g}'}; "
        f"{result.seconds:.1f} s: {'passed' if result.ok else 'FAILED'}"
    )
    return lines


def run_audit_command(folders: Sequence[str], threshold: int = 10) -> int:
    """`wres audit PUBLIC_DIR ...`: print the attack; 1 if any hidden count is too narrow."""
    from wres_lib.errors import InputError, Problem

    missing = [
        Problem(str(f), None, None, f, "a published folder with tables/ or public/tables/")
        for f in folders
        if not any((Path(f) / sub).is_dir() for sub in ("tables", "public/tables"))
    ]
    if missing:
        raise InputError(missing)
    result = attack([Path(f) for f in folders], threshold)
    print("\n".join(report_lines(result)))
    # Numbers in the words (text, captions, alt text) that no table prints skip the attack.
    loose = [n for f in folders for n in unexplained_numbers(Path(f))]
    for number in loose[:40]:
        print(f"UNAUDITED NUMBER {number}")
    print(
        f"wres audit: {len(loose)} numbers in the reports' words that no table prints: "
        f"{'passed' if not loose else 'FAILED'}"
    )
    return 0 if result.ok and not loose else 1
