"""The one entry point of disclosure control for the public report.

The problem is built from the public tables themselves: the report's tables are drawn first
with every figure (the *draft*), read the way any reader reads them
(:mod:`wres_lib.protect.table_cells`), and every printed figure becomes a display of the counts
it rests on, with the values from the trust's data. The relations are the ones every reader
assumes (:mod:`wres_lib.protect.reader_relations`, the same list ``wres audit`` uses), declared
whether or not the data bear them out. What the organisation's earlier public reports printed
is added (:mod:`wres_lib.protect.history`). Suppression then decides what is hidden, the audit
proves nothing hidden can be narrowed below the protection width, and the tables are published
as the draft with the hidden figures replaced by ``R`` (:meth:`Protection.redact`), so the
public tables are exactly the displays that were audited.

Board membership is published by every trust, so (unless ``disclosure.board_is_public`` is
false) its counts are declared as already known. Headline figures cost more to hide, so
secondary suppression chooses other cells where it can; every metric built on a hidden count is
blanked and flagged ``hidden``, with the reason (``small``: a count below the threshold;
``protects``: hidden so that a small count elsewhere cannot be worked out; ``not published``:
no table prints its counts), so that words and charts say it truthfully.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from wres_lib.errors import PublishingBlocked
from wres_lib.inputs.params import Disclosure, year_label, year_start
from wres_lib.protect.attack_tables import Publication, read_tables, reading_of
from wres_lib.protect.audit import Audits
from wres_lib.protect.history import History, declare_history, explain_blocked
from wres_lib.protect.problem import REDACTED, DisclosureProblem, Position
from wres_lib.protect.reader_relations import reader_relations, senior_rows
from wres_lib.protect.suppression import (
    SuppressionResult,
    audit_summary,
    require_protected,
    suppress,
)
from wres_lib.protect.table_cells import (
    FIXED_BASELINE,
    SENIOR,
    Cell,
    Key,
    canonical,
    table_name,
)

FINER = ("Asian", "Black", "Mixed", "Other")
# Headline figures (the overall workforce, each indicator's latest White and BME figures, the
# Model Employer senior totals) cost this many times their size to hide.
HEADLINE_PRIORITY = 100.0
LATEST_PRIORITY = 3.0
GROUPED_PRIORITY = 0.5
CountKey = tuple[str, int, str, str]  # year, indicator, measure, group
HiddenPart = tuple[str, int, str, str, str]  # ... plus "numerator" or "denominator"
RatioKey = tuple[str, int, str, str]  # year, indicator, measure, ratio name ("BME/White")
# Key of the masked metrics' ``attrs``: {RatioKey: "2.4"} for ratios published coarser.
COARSE_RATIOS = "coarse_ratios"
DERIVABLE = "derivable: indicator 3 all, the year before the window"
ME_TABLE = "model_employer_trajectory"
THIS_REPORT = "this report"


def key_name(key: Key) -> str:
    """The disclosure problem's name of a count (year|indicator|measure|group|part)."""
    return "|".join(str(part) for part in key)


@dataclass(frozen=True)
class Protection:
    """What the public report may show, the audit that proves it, and how to redact."""

    result: SuppressionResult
    hidden: frozenset[HiddenPart]
    declared: frozenset[CountKey]
    metrics: pd.DataFrame
    summary: dict[str, object]
    # table name -> {(row, column): position of a display}
    cells: dict[str, dict[tuple[str, str], Position]] = field(default_factory=dict)
    # Figures about years before the report's: the plan's baseline (published, printed as it
    # is) and a baseline taken from that year's staff (not audited here, printed as R).
    outside: frozenset[Position] = frozenset()
    withheld: frozenset[Position] = frozenset()

    def is_hidden(self, year: str, indicator: int, measure: str, group: str, part: str) -> bool:
        """Whether a count is hidden (or never printed, hence never audited)."""
        if (year, indicator, measure, group) not in self.declared:
            return True
        return (year, indicator, measure, group, part) in self.hidden

    def redact(self, name: str, frame: pd.DataFrame) -> pd.DataFrame:
        """One public table (row labels as its index) with its hidden figures as ``R``."""
        cells = self.cells.get(table_name(name))
        if cells is None and not any(p.table == table_name(name) for p in self.withheld):
            return frame
        cells = cells or {}
        out = frame.astype(object).copy()
        rows = {str(r): r for r in out.index}
        columns = {str(c): c for c in out.columns}
        for (row, column), position in cells.items():
            if row in rows and column in columns:
                here = (rows[row], columns[column])
                out.loc[here] = self.printed(position, str(out.loc[here]))
        for position in self.withheld:
            if position.table == table_name(name) and position.row in rows:
                here = (rows[position.row], columns[position.column])
                out.loc[here] = f"{REDACTED}%" if str(out.loc[here]).endswith("%") else REDACTED
        return out

    def printed(self, position: Position, draft: str) -> str:
        """A display as the public report prints it, from its text in the draft."""
        result = self.result
        display = result.problem.displays[position]
        hidden = result.hidden
        if display.kind == "count":
            return REDACTED if display.counts[0] in hidden else draft
        if display.kind == "fraction":
            num, den = (k in hidden for k in display.counts)
            shown_num, _, shown_den = draft.partition(" out of ")
            if num and den:
                return REDACTED
            if num or den:
                return f"{REDACTED if num else shown_num} out of {REDACTED if den else shown_den}"
            return draft
        if position in result.hidden_displays:
            return f"{REDACTED}%" if display.kind == "percent" else REDACTED
        if display.kind == "ratio" and any(k in hidden for k in display.counts):
            return f"{display.percent:.{display.dp}f}"  # published without its likely range
        return draft

    def check(self, tables: Mapping[str, pd.DataFrame]) -> None:
        """Refuse public tables that are not the audited displays (a table drawn differently
        after the audit, or a figure the audit never saw)."""
        final = read_tables(
            {name: reading_of(frame) for name, frame in tables.items()},
            latest=self.summary["year"],  # type: ignore[arg-type]
            folder=THIS_REPORT,
        )
        problems = list(final.unread)
        seen = set()
        for cell in final.cells:
            position = Position(table_name(cell.place.table), cell.place.row, cell.place.column)
            seen.add(position)
            expected = self.cells.get(position.table, {}).get((position.row, position.column))
            if position in self.outside:
                continue
            if position in self.withheld:
                if not cell.hidden:
                    problems.append(f"{cell.place}: {cell.text!r} should not be printed")
                continue
            if expected is None:
                problems.append(f"{cell.place}: {cell.text!r} was not audited")
            elif _hidden_state(cell) != self._expected_state(expected):
                problems.append(f"{cell.place}: {cell.text!r} is not what the audit allowed")
        for table, cells in self.cells.items():
            if any(table_name(n) == table for n in tables):
                # A hidden figure left out of print hides nothing more (a fraction's total
                # with it); a shown one must be printed as audited.
                missing = [
                    p for p in cells.values() if p not in seen and not self._expected_state(p)[0]
                ]
                problems += [f"{p}: audited but not printed" for p in missing[:5]]
        if problems:
            raise PublishingBlocked(
                "the public tables are not the ones disclosure control audited; nothing public "
                "is written:\n  " + "\n  ".join(problems[:30])
            )

    def _expected_state(self, position: Position) -> tuple[bool, ...]:
        display = self.result.problem.displays[position]
        if display.kind in ("count", "fraction"):
            return tuple(k in self.result.hidden for k in display.counts)
        return (position in self.result.hidden_displays,)


def _hidden_state(cell: Cell) -> tuple[bool, ...]:
    if cell.kind in ("count", "fraction"):
        return tuple(n is None for n in cell.numbers)
    return (cell.hidden,)


# -- the counts a reader's keys stand for ---------------------------------------------------------
def true_values(counts: pd.DataFrame) -> dict[Key, int]:
    """Every count of the window under its reader's key. Indicator 1's rows come first, so the
    headcounts indicators 3, 4 and 9 repeat take its values; where a source disagrees, the
    table that prints it shows a count of its own (:meth:`_Builder.cell`)."""
    rows = sorted(
        counts.itertuples(index=False),
        key=lambda r: (int(r.indicator) != 1, year_start(r.year), int(r.indicator)),
    )
    values: dict[Key, int] = {}
    for r in rows:
        for part, number in (("numerator", r.numerator), ("denominator", r.denominator)):
            values.setdefault(
                canonical((r.year, int(r.indicator), r.measure, r.group, part)), int(number)
            )
    return values


def _senior_value(values: dict[Key, int], key: Key) -> int:
    year, _, measure, group, part = key
    rows = senior_rows(measure.removeprefix(SENIOR))
    return sum(values.get((year, 1, row, group, part), 0) for row in rows)


# -- the problem -------------------------------------------------------------------------------
@dataclass
class _Builder:
    """Declares the draft's cells, the reader's relations and the counts behind them."""

    values: dict[Key, int]
    year: str
    board_is_public: bool
    problem: DisclosureProblem = field(default_factory=DisclosureProblem)
    names: dict[Key, str] = field(default_factory=dict)
    cells: dict[str, dict[tuple[str, str], Position]] = field(default_factory=dict)
    shown_keys: set[Key] = field(default_factory=set)
    outside: set[Position] = field(default_factory=set)
    withheld: set[Position] = field(default_factory=set)

    def value(self, key: Key) -> int:
        if key[2].startswith(SENIOR):
            return _senior_value(self.values, key)
        return self.values.get(key, 0)

    def declare(self, key: Key) -> str:
        if key not in self.names:
            name = key_name(key)
            self.problem.count(
                name,
                self.value(key),
                known=self.board_is_public and key[1] == 9,
                priority=self.priority(key),
            )
            self.names[key] = name
        return self.names[key]

    def priority(self, key: Key) -> float:
        """How much hiding a count costs the reader, beyond the cells it takes off the page:
        a headline most; the report's own year (what the Board reads, and what the findings
        rest on) more than the trend years; a grouped row's total least (the band rows it adds
        up are printed beside it)."""
        if self.headline(key):
            return HEADLINE_PRIORITY
        weight = LATEST_PRIORITY if key[0] == self.year else 1.0
        return weight * (GROUPED_PRIORITY if key[2].startswith("grouped|") else 1.0)

    def headline(self, key: Key) -> bool:
        year, indicator, measure, group, _part = key
        if indicator == 1:
            return measure == "overall" or measure.startswith(SENIOR)
        return year == self.year and measure == "all" and group in ("White", "BME")

    def cell(self, cell: Cell) -> None:
        position = Position(table_name(cell.place.table), cell.place.row, cell.place.column)
        trajectory = position.table == ME_TABLE and position.column.startswith("Trajectory")
        fixed = trajectory and FIXED_BASELINE in position.column
        if trajectory and cell.keys[0][0] not in {k[0] for k in self.values}:
            # A baseline year before the report's: a share the trust fixed in its plan is
            # published whatever this report hides; one taken from that year's staff cannot be
            # audited here, so its trajectory is not printed.
            (self.outside if fixed else self.withheld).add(position)
            return
        names = []
        for n, key in enumerate(cell.keys):
            name = self.declare(key)
            printed = cell.numbers[n] if cell.kind in ("count", "fraction") else None
            if printed is not None and printed != self.problem.values[name]:
                # Two sources print different numbers for one count: this one stands alone.
                name = self.problem.count(f"{name} ({position})", printed)
            names.append(name)
        self.shown_keys.update(cell.keys)
        problem = self.problem
        if cell.kind == "count":
            problem.show_count(*position_args(position), names[0])
        elif cell.kind == "fraction":
            problem.show_fraction(*position_args(position), names[0], names[1])
        elif cell.kind == "percent":
            problem.show_percent(
                *position_args(position), names[0], names[1], dp=cell.dp, value=cell.value
            )
        elif cell.kind == "ratio" and len(set(names)) == 4:
            problem.show_ratio(
                *position_args(position), tuple(names), cell.value or 0.0, dp=cell.dp
            )
        else:
            problem.show_derived(*position_args(position), names, cell.text)
        if fixed:  # the plan's baseline, printed in every report: always shown
            problem.published_before.add(position)
        self.cells.setdefault(position.table, {})[(position.row, position.column)] = position

    def relations(self, keys: set[Key]) -> None:
        """Every relation a reader assumes among this report's years, declared with the offset
        the data need (relations with years outside them were audited by those years' own
        reports; the one-year count of the year before a two-year window is the exception)."""
        problem = self.problem
        years = {k[0] for k in self.values}
        derivable = {
            (year_label(year_start(k[0]) - 1), 3, "all", k[3], k[4])
            for k in keys
            if k[1] == 3 and k[2] == "two-year"
        }
        for relation in reader_relations(keys):
            if any(k[0] not in years and k not in derivable for k, _ in relation.terms):
                continue
            terms: dict[str, float] = {}
            for key, coef in relation.terms:
                name = self.declare(key)
                terms[name] = terms.get(name, 0.0) + coef
            problem.add_relation(terms, kind=relation.kind, label=relation.label, assumed=True)
        self._derivable_years_before()

    def _derivable_years_before(self) -> None:
        """The one-year disciplinary count of the year before a printed two-year window: a
        reader derives it (two-year minus this year), so it is audited whenever it is small,
        though never printed; with no data of its own its value is what the reader derives."""
        years = {k[0] for k in self.values}
        for key in list(self.names):
            year, indicator, measure, group, part = key
            if indicator != 3 or measure != "two-year" or key not in self.shown_keys:
                continue
            before = (year_label(year_start(year) - 1), 3, "all", group, part)
            if before in self.shown_keys or before not in self.names:
                continue
            name = self.names[before]
            if before[0] not in years:
                value = self.value(key) - self.value((year, 3, "all", group, part))
                self.problem.values[name] = max(0, value)
            if not self.problem.positions_of(name):
                self.problem.show_count(DERIVABLE, group, before[0], name)


def position_args(position: Position) -> tuple[str, str, str]:
    return position.table, position.row, position.column


def build_problem(
    draft: Publication, counts: pd.DataFrame, year: str, disclosure: Disclosure | None = None
) -> tuple[DisclosureProblem, _Builder]:
    """Every figure the draft tables print as a display of its counts, every relation a
    reader assumes among them, and the small counts those relations reach that no table prints
    (see the module docstring)."""
    disclosure = disclosure or Disclosure()
    builder = _Builder(true_values(counts), year, disclosure.board_is_public)
    for cell in draft.cells:
        builder.cell(cell)
    builder.relations(set(builder.shown_keys))
    _fix_relation_values(builder)
    problem = builder.problem
    low = 0 if disclosure.hide_zero else 1
    problem.unprinted_small.update(
        name
        for name, value in problem.values.items()
        if low <= value < disclosure.threshold
        and name not in problem.known
        and not problem.positions_of(name)
        and problem.relations_of(name)
    )
    return problem, builder


def _fix_relation_values(builder: _Builder) -> None:
    """Offsets were computed when each relation was declared; the derivable counts set after
    take part in relations declared before, so their offsets are computed again here."""
    problem = builder.problem
    values = problem.values
    fixed = []
    for relation in problem.relations:
        total = sum(c * values[k] for k, c in relation.terms)
        broken = (relation.kind == "eq" and abs(total) > 1e-6) or (
            relation.kind == "le" and total > 1e-6
        )
        fixed.append(dataclasses.replace(relation, offset=total if broken else 0.0))
    problem.relations[:] = fixed
    problem._relations_of.clear()
    for relation in fixed:
        for key, _ in relation.terms:
            problem._relations_of.setdefault(key, []).append(relation)


# -- masking the metrics ---------------------------------------------------------------------
def _metric_dependencies(row) -> list[CountKey]:
    """The counts a metric row is computed from."""
    year, indicator, measure, group = row.year, int(row.indicator), row.measure, row.group
    if row.statistic in ("relative_likelihood", "fisher_p", "outside_parity_band"):
        return [(year, indicator, measure, g) for g in group.split("/")]
    if row.statistic == "shortfall":
        return [(year, indicator, measure, "White"), (year, indicator, measure, "BME")]
    if row.statistic == "difference_pp":
        return [(year, 9, measure, "BME"), (year, 9, "workforce", "BME")]
    if row.statistic == "declaration_rate":
        return [(year, 1, "overall", "Unknown")]
    if indicator == 1 and group == "White" and row.statistic == "percent":
        return [(year, 1, measure, "BME")]  # of staff of known ethnicity: 100 − % BME
    return [(year, indicator, measure, group)]


def mask_metrics(
    metrics: pd.DataFrame,
    reasons: Mapping[CountKey, str],
    declared: frozenset[CountKey],
    shown_ratios: frozenset[RatioKey] = frozenset(),
) -> pd.DataFrame:
    """Blank every metric built on a hidden (or never declared) count, flag it ``hidden`` and
    say why (``hidden_reason``: small, protects or not published).

    A ratio in ``shown_ratios`` was audited as printed (its value, with its counts hidden), so
    its value stays and only its interval (which would give the counts away) goes.
    """
    order = {"small": 0, "protects": 1, "not published": 2}
    why = []
    for row in metrics.itertuples(index=False):
        found = [
            reasons.get(dep, "" if dep in declared else "not published")
            for dep in _metric_dependencies(row)
        ]
        found = [f for f in found if f]
        why.append(min(found, key=order.__getitem__) if found else "")
    masked = metrics.copy()
    masked["hidden_reason"] = why
    masked["hidden"] = masked["hidden_reason"] != ""
    for column in ("value", "ci_low", "ci_high"):
        masked.loc[masked["hidden"], column] = float("nan")
    masked.loc[masked["hidden"], "note"] = "hidden in the public report (small numbers)"
    ratio_only = [
        row.statistic == "relative_likelihood"
        and (row.year, int(row.indicator), row.measure, row.group) in shown_ratios
        for row in metrics.itertuples(index=False)
    ]
    keep = pd.Series(ratio_only, index=metrics.index)
    masked.loc[keep, "value"] = metrics.loc[keep, "value"]
    masked.loc[keep, ["ci_low", "ci_high"]] = float("nan")
    masked.loc[keep, "note"] = "counts hidden in the public report (small numbers); ratio only"
    masked.loc[keep, "hidden"] = False
    masked.loc[keep, "hidden_reason"] = ""
    return masked


# A hidden ratio is tried at its printed precision, then coarser, before it is left hidden.
RATIO_PRECISIONS = (2, 1)
HEADLINE_RATIO = "Relative likelihood ("


def publish_ratios(result: SuppressionResult) -> SuppressionResult:
    """Show each hidden headline ratio the audit still allows, latest year and one-year window
    first: to 2 decimal places where that holds, else to 1 (the display is rewritten at the
    coarser precision, and the audit uses that rounding interval).

    Each ratio shown becomes a constraint for the next one's audit, so the set published
    together is audited together.
    """
    problem = result.problem
    hidden_displays = set(result.hidden_displays)
    candidates = sorted(
        (
            p
            for p in hidden_displays
            if problem.displays[p].kind == "ratio"
            and p.row.startswith(HEADLINE_RATIO)
            and p.table.endswith(("_all", "_two-year"))  # the indicators' own, not bank staff
        ),
        key=lambda p: (-year_start(p.column.replace("/", "-")), not p.table.endswith("_all"), p),
    )
    auditor = Audits(problem, result.disclosure.width, integer=True)
    final = result.audit
    for position in candidates:
        display = problem.displays[position]
        if any(k in result.hidden for k in display.counts[1::2]):
            continue  # over a hidden denominator the ratio cannot be audited
        a, total_a, b, total_b = (problem.values[k] for k in display.counts)
        exact = (a / total_a) / (b / total_b)
        for dp in RATIO_PRECISIONS:
            # At its own precision the display keeps the value the report computed.
            value = display.percent if dp == display.dp else round(exact, dp)
            problem.displays[position] = dataclasses.replace(display, dp=dp, percent=value)
            trial = auditor.run(result.hidden, hidden_displays - {position})
            if trial.ok:
                hidden_displays.discard(position)
                final = trial
                break
        else:
            problem.displays[position] = display
    return dataclasses.replace(result, hidden_displays=frozenset(hidden_displays), audit=final)


def _ratio_key(position: Position) -> RatioKey | None:
    """(year, indicator, measure, ratio name) of a headline ratio display."""
    name = position.table.removeprefix("indicator_")
    if name == position.table or not position.row.startswith(HEADLINE_RATIO) or "_" not in name:
        return None
    indicator, measure = name.split("_", 1)
    ratio = position.row[len(HEADLINE_RATIO) :].split(")")[0]
    return (position.column.replace("/", "-"), int(indicator), measure.replace("_", "|"), ratio)


def protect_report(
    counts: pd.DataFrame,
    metrics: pd.DataFrame,
    disclosure: Disclosure,
    tables: Mapping[str, pd.DataFrame],
    year: str,
    history: History | None = None,
) -> Protection:
    """Suppress, audit (refusing to go on if anything could be worked out), publish what
    ratios the audit allows, and mask.

    ``tables`` are the public report's tables drawn with every figure (name -> frame, row
    labels as its index); ``history`` what the organisation's earlier public reports printed.
    """
    history = history or History()
    draft = read_tables(
        {name: reading_of(frame.reset_index()) for name, frame in tables.items()},
        latest=year,
        folder=THIS_REPORT,
    )
    if draft.unread:
        raise PublishingBlocked(
            "a public table holds figures disclosure control cannot read; nothing public is "
            "written:\n  " + "\n  ".join(draft.unread[:30])
        )
    problem, builder = build_problem(draft, counts, year, disclosure)
    use = declare_history(problem, history.publication)
    result = publish_ratios(suppress(problem, disclosure))
    try:
        require_protected(result)
    except PublishingBlocked as blocked:
        raise explain_blocked(blocked, history, disclosure.threshold) from None
    hidden_names = result.hidden
    low = 0 if disclosure.hide_zero else 1
    small = {n for n in hidden_names if low <= problem.values[n] < disclosure.threshold}
    hidden: set[HiddenPart] = set()
    reasons: dict[CountKey, str] = {}
    declared: set[CountKey] = set()
    shown = builder.shown_keys
    for r in counts.itertuples(index=False):
        row: CountKey = (r.year, int(r.indicator), r.measure, r.group)
        keys = [canonical((*row, part)) for part in ("numerator", "denominator")]
        if all(k in shown for k in keys):
            declared.add(row)
        for part, key in zip(("numerator", "denominator"), keys, strict=True):
            name = builder.names.get(key)
            if name in hidden_names:
                hidden.add((*row, part))
                reason = "small" if name in small else "protects"
                if reasons.get(row) != "small":
                    reasons[row] = reason
    for key, name in builder.names.items():  # the Model Employer senior totals
        if key[2].startswith(SENIOR) and key in shown:
            row = key[:4]
            declared.add(row)
            if name in hidden_names:
                hidden.add(key)
    shown_ratios: dict[RatioKey, object] = {}
    coarse: dict[RatioKey, str] = {}
    for position, display in problem.displays.items():
        key = _ratio_key(position) if display.kind == "ratio" else None
        if key is None or position in result.hidden_displays:
            continue
        if any(k in hidden_names for k in display.counts):
            if display.dp >= RATIO_PRECISIONS[0]:
                shown_ratios[key] = display
            else:
                coarse[key] = f"{display.percent:.{display.dp}f}"
    masked = mask_metrics(metrics, reasons, frozenset(declared), frozenset(shown_ratios))
    masked.attrs[COARSE_RATIOS] = coarse
    summary = {
        **audit_summary(result),
        "year": year,
        # Percentages, ratios and intervals a table or sentence would print, hidden with their
        # counts (not the breakdowns no table prints at all).
        "hidden_metrics": int(masked["hidden_reason"].isin(("small", "protects")).sum()),
        "ratios_with_counts_hidden": sorted((k[0], k[2]) for k in shown_ratios),
        "ratios_coarsened": sorted((k[0], k[2], text) for k, text in coarse.items()),
        "inconsistent_relations": [r.label for r in problem.inconsistent],
        **use.summary(),
        **history.summary(),
    }
    return Protection(
        result,
        frozenset(hidden),
        frozenset(declared),
        masked,
        summary,
        builder.cells,
        frozenset(builder.outside),
        frozenset(builder.withheld),
    )
