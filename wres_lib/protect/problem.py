"""The disclosure problem: every count a public report shows, where, and how counts relate.

Seed 003 promises: "Headcounts below 10, and any associated headcounts which could be used to
calculate headcounts below 10, have been redacted." The protect stage keeps that promise
provably: this problem is what :mod:`wres_lib.protect.suppression` hides cells in and what
:mod:`wres_lib.protect.audit` attacks.

The model
---------
A :class:`DisclosureProblem` holds *counts* (named quantities with true, non-negative integer
values: "BME staff in non-clinical Band 5, March 2022") and *displays* (the places a table
shows them). One count may be displayed in several tables (a summary and a detail table): it
is one variable, hidden everywhere or nowhere. Displays are:

* ``show_count``: the count itself (``104``; hidden: ``R``);
* ``show_fraction``: "n out of N" (``104 out of 265``; numerator hidden: ``R out of 265``);
* ``show_percent``: 100·n/N to ``dp`` places (``39.2%``; hidden: ``R%``);
* ``show_ratio``: (a/A)/(b/B) rounded to ``dp`` places (a relative likelihood without its
  interval): with A and B shown it bounds a and b linearly, so the audit uses it; over a hidden
  denominator it cannot be modelled and is a leak;
* ``show_derived``: anything else built on counts (an interval, a p-value).

Relations tell the audit what a reader can work out. Anything a reader can add up from the
published tables must be declared, including relations that are only implicit (White and BME
shown beside the known headcount: ``add_sum(known, [white, bme])``). ``add_sum`` covers totals,
band rows summing to a grouped row or the overall row, ethnic groups summing to BME, and two
one-year windows summing to a two-year window; ``add_relation`` takes any linear combination
equal to zero (a "change on last year" column); ``add_at_most`` says part ≤ whole (fractions
and percentages declare it for their numerator and denominator). A declared count that no
table displays is unknown to the reader (a free variable); ``known=True`` marks a count the
reader knows from elsewhere (last year's published report), which is then fixed and never
hidden here. Earlier public reports of the same organisation are part of what a reader
has: their shown counts are ``known``, their printed percentages and ratios are displays in
``published_before`` (shown whatever this report hides), and the counts they hid are in
``hidden_before`` (audited as hidden even where this report does not display them). A small
count no table prints is in ``unprinted_small``: a reader may still work it out from the
relations, so it is audited as a hidden one is.

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

REDACTED = "R"
TOL = 1e-6

DisplayKind = Literal["count", "fraction", "percent", "ratio", "derived"]


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
    """``sum(coef * count) == offset`` (``eq``) or ``<= offset`` (``le``), known to every reader.

    A reader assumes the relation holds exactly (offset 0); ``offset`` is what the trust's data
    need instead (a survey provider's BME row one more than its groups' sum): the audit solves
    both ways (:mod:`wres_lib.protect.audit`), since the reader is wrong but still narrows.
    """

    terms: tuple[tuple[str, float], ...]
    kind: Literal["eq", "le"]
    label: str
    offset: float = 0.0


class DisclosureProblem:
    """Every count the public report shows, where it shows them, and how they are related."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {}
        self.known: set[str] = set()
        # Cost multiplier for hiding a count in secondary suppression (default 1).
        self.priority: dict[str, float] = {}
        self.relations: list[Relation] = []
        self.displays: dict[Position, Display] = {}
        # What the organisation's earlier public reports printed: displays that stay shown
        # whatever this report hides, and counts they hid that this report does not display
        # but must keep protected (see :mod:`wres_lib.protect.history`).
        self.published_before: set[Position] = set()
        self.hidden_before: set[str] = set()
        # Small counts no table prints that a reader could still work out (a band's White
        # staff, as its known staff minus BME): audited as hidden, like a printed small count.
        self.unprinted_small: set[str] = set()
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
        self,
        terms: Mapping[str, float],
        *,
        kind: Literal["eq", "le"] = "eq",
        label: str = "",
        assumed: bool = False,
    ) -> None:
        """Declare ``sum(coef * count) == 0`` (or ``<= 0``), checked against the true values.

        ``assumed``: a relation every reader assumes whether or not the data bear it out; where
        they do not, it is declared with the offset they need (see :class:`Relation`).
        """
        items = tuple((k, float(c)) for k, c in terms.items() if c != 0)
        for key, _ in items:
            self._require(key)
        total = sum(c * self.values[k] for k, c in items)
        broken = (kind == "eq" and abs(total) > TOL) or (kind == "le" and total > TOL)
        if broken and not assumed:
            raise ValueError(f"relation {label or items} does not hold for the true counts")
        if len(items) >= 2:
            relation = Relation(items, kind, label, total if broken else 0.0)
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

    def show_ratio(
        self,
        table: str,
        row: str,
        column: str,
        counts: tuple[str, str, str, str],
        value: float,
        *,
        dp: int = 2,
    ) -> Position:
        """Show (a/A)/(b/B) rounded to ``dp`` places; ``counts`` is (a, A, b, B)."""
        for part, whole in (counts[:2], counts[2:]):
            self.add_at_most(part, whole)
        position = Position(table, row, column)
        return self._add(Display(position, "ratio", tuple(counts), dp, float(value)))

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
    @property
    def inconsistent(self) -> list[Relation]:
        """Relations the reader assumes that the data do not bear out exactly."""
        return [r for r in self.relations if r.offset]

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
        if len(set(display.counts)) < len(display.counts) and display.kind == "ratio":
            raise ValueError(f"{pos}: a ratio of four different counts")
        if pos in self.displays:
            raise ValueError(f"{pos} is shown twice")
        self.displays[pos] = display
        for key in dict.fromkeys(display.counts):
            self._positions.setdefault(key, []).append(pos)
        rows, columns = self._tables.setdefault(pos.table, ({}, {}))
        rows[pos.row] = None
        columns[pos.column] = None
        return pos
