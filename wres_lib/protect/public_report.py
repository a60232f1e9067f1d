"""The one entry point of disclosure control for the public report.

Every count the public report can show (all indicators, measures, groups and years of the
trend window) is declared to a :class:`~wres_lib.protect.problem.DisclosureProblem` with the
relations a reader could use to work one out from others:

* indicator 1: White + BME = staff of known ethnicity; known + Unknown = all staff; the four
  finer groups add up to BME; band rows add up to the overall row and to their grouped rows;
* indicators 2 to 8: the four finer groups add up to BME (numerators and denominators);
* the same number in two places is one count: the headcounts under indicators 3 and 4 are
  indicator 1's overall headcounts, the bank headcount under indicator 3 is indicator 1's bank
  profile, and indicator 9's workforce share is indicator 1's overall row;
* indicator 3: this year's and last year's one-year windows add up to the two-year window
  (declared when the numbers show it holds).

Board membership is published by every trust, so (unless ``disclosure.board_is_public`` is
false) its counts are declared as already known: shown, and fixed in the audit. Headline
totals (the overall workforce, the Model Employer senior bands) cost more to hide, so
secondary suppression chooses other cells where it can.

Suppression then decides what is hidden, the audit proves nothing hidden can be narrowed below
the protection width, and every metric built on a hidden count is blanked and flagged
``hidden`` so that tables, words and charts cannot reveal it.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from wres_lib.errors import PublishingBlocked
from wres_lib.inputs.bands import grouped_row_map
from wres_lib.inputs.params import Disclosure, year_label, year_start
from wres_lib.protect.audit import Auditor
from wres_lib.protect.history import declare_history, explain_blocked, read_publications
from wres_lib.protect.problem import DisclosureProblem
from wres_lib.protect.suppression import (
    SuppressionResult,
    audit_summary,
    require_protected,
    suppress,
)

FINER = ("Asian", "Black", "Mixed", "Other")
BOARD_MEASURES = ("all", "voting", "executive")
# Headline figures (the overall workforce, the Model Employer senior-band totals) cost this
# many times their size to hide, so secondary suppression picks other cells where it can.
HEADLINE_PRIORITY = 100.0
RATIO_INDICATORS = (2, 3, 4)
CountKey = tuple[str, int, str, str]  # year, indicator, measure, group
HiddenPart = tuple[str, int, str, str, str]  # ... plus "numerator" or "denominator"
RatioKey = tuple[str, int, str, str]  # year, indicator, measure, ratio name ("BME/White")
# Key of the masked metrics' ``attrs``: {RatioKey: "2.4"} for ratios published coarser.
COARSE_RATIOS = "coarse_ratios"


@dataclass(frozen=True)
class Protection:
    """What the public report may show, and the audit that proves it."""

    hidden: frozenset[HiddenPart]
    declared: frozenset[CountKey]
    metrics: pd.DataFrame
    summary: dict[str, object]


def _key(year: str, indicator: int, measure: str, group: str, part: str) -> str:
    return f"{year}|{indicator}|{measure}|{group}|{part}"


class _Declarer:
    """Declares counts once each, sharing a key where the same number appears twice."""

    def __init__(self, counts: pd.DataFrame, board_is_public: bool = True):
        self.board_is_public = board_is_public
        self.problem = DisclosureProblem()
        self.values: dict[CountKey, tuple[int, int]] = {
            (r.year, int(r.indicator), r.measure, r.group): (int(r.numerator), int(r.denominator))
            for r in counts.itertuples(index=False)
        }
        self.part_key: dict[tuple[CountKey, str], str] = {}
        self.latest = max((k[0] for k in self.values), key=year_start)
        self.shown: set[CountKey] = set()

    def declare(self, key: CountKey, part: str, canonical: str) -> str:
        value = self.values[key][0 if part == "numerator" else 1]
        existing = self.problem.values.get(canonical)
        if existing is not None and existing != value:
            canonical = _key(*key, part)  # same place, different number: its own count
        year, indicator, measure, _group = key
        known = self.board_is_public and indicator == 9 and measure in BOARD_MEASURES
        priority = HEADLINE_PRIORITY if self.headline(key) else 1.0
        self.problem.count(canonical, value, known=known, priority=priority)
        self.part_key[(key, part)] = canonical
        return canonical

    def headline(self, key: CountKey) -> bool:
        """The mandatory headline figures: the overall workforce in every year, and each
        indicator's latest-year White and BME figures its ratio or percentage is built on."""
        year, indicator, measure, group = key
        if indicator == 1:
            return measure == "overall"
        return year == self.latest and measure == "all" and group in ("White", "BME")

    def canonical(self, key: CountKey, part: str) -> str:
        year, indicator, measure, group = key
        if indicator == 1 and part == "denominator":
            return _key(year, 1, measure, "Known" if group != "Unknown" else "All", "denominator")
        if indicator in (3, 4) and part == "denominator" and group != "Unknown":
            source = "bank" if measure == "bank" else "overall"
            if (year, 1, source, group) in self.values:
                return _key(year, 1, source, group, "numerator")
        if indicator == 9 and measure == "workforce" and group == "BME":
            return _key(
                year,
                1,
                "overall",
                "BME" if part == "numerator" else "Known",
                "numerator" if part == "numerator" else "denominator",
            )
        return _key(*key, part)

    def relate(self, total: str | None, parts: list[str | None], label: str) -> None:
        if total is None or any(p is None for p in parts) or not parts:
            return
        # A relation that does not hold in these numbers is one a reader cannot use.
        with contextlib.suppress(ValueError):
            self.problem.add_sum(total, [p for p in parts if p is not None], label=label)

    def get(self, year: str, indicator: int, measure: str, group: str, part: str) -> str | None:
        return self.part_key.get(((year, indicator, measure, group), part))


def published(key: CountKey, latest: str) -> bool:
    """Whether the public report shows this count (only those are declared and shown).

    Indicator 1 shows BME and White (White is known minus BME, so a reader has it anyway) for
    every band row and year; the finer groups and Unknown only for the latest year and only for
    the grouped rows, the overall row and bank staff, where cells are big enough to be useful.
    Every other indicator's counts are shown for every year of the trend window.
    """
    year, indicator, measure, group = key
    if indicator != 1 or group in ("White", "BME"):
        return True
    return year == latest and (measure in ("overall", "bank") or measure.startswith("grouped|"))


SENIOR = (0, "senior")  # pseudo indicator and measure of the Model Employer senior-band totals


def build_problem(
    counts: pd.DataFrame, senior_from_band: str = "Band 8a", board_is_public: bool = True
) -> tuple[DisclosureProblem, _Declarer]:
    """Declare every count a reader sees or can bound, its display and every relation.

    Counts the report does not print (indicator 1's finer groups and Unknown by band row, and
    in earlier years) are declared too, without a display: the audit treats them as unknowns
    a reader can bound (≥ 0, and every relation they are in), never as a reason to drop a
    relation.
    """
    dec = _Declarer(counts, board_is_public)
    latest = dec.latest
    # Indicator 1 first so shared headcounts take its keys.
    ordered = sorted(dec.values, key=lambda k: (k[1] != 1, year_start(k[0]), k[1], k[2], k[3]))
    for key in ordered:
        year, indicator, measure, group = key
        num = dec.declare(key, "numerator", dec.canonical(key, "numerator"))
        den = dec.declare(key, "denominator", dec.canonical(key, "denominator"))
        if published(key, latest):
            dec.shown.add(key)
            dec.problem.show_fraction(f"indicator {indicator} {measure}", group, year, num, den)
        else:
            dec.problem.add_at_most(num, den)
    years = sorted({k[0] for k in dec.values}, key=year_start)
    measures = {(k[0], k[1], k[2]) for k in dec.values}
    grouped = grouped_row_map()
    for year, indicator, measure in sorted(measures):
        get = dec.get
        label = f"{year} indicator {indicator} {measure}"
        dec.relate(
            get(year, indicator, measure, "BME", "numerator"),
            [get(year, indicator, measure, g, "numerator") for g in FINER],
            f"{label}: BME = Asian + Black + Mixed + Other",
        )
        if indicator == 1:
            known = get(year, 1, measure, "White", "denominator")
            dec.relate(
                known,
                [
                    get(year, 1, measure, "White", "numerator"),
                    get(year, 1, measure, "BME", "numerator"),
                ],
                f"{label}: known = White + BME",
            )
            dec.relate(
                get(year, 1, measure, "Unknown", "denominator"),
                [known, get(year, 1, measure, "Unknown", "numerator")],
                f"{label}: all = known + Unknown",
            )
        else:
            dec.relate(
                get(year, indicator, measure, "BME", "denominator"),
                [get(year, indicator, measure, g, "denominator") for g in FINER],
                f"{label}: BME = Asian + Black + Mixed + Other (totals)",
            )
    for year in years:
        band_rows = sorted(
            {
                m
                for (y, i, m) in measures
                if y == year and i == 1 and "|" in m and not m.startswith("grouped|")
            }
        )
        groups_of: dict[str, list[str]] = {}
        for row in band_rows:
            if row in grouped:
                groups_of.setdefault(grouped[row], []).append(row)
        for group in ("White", "BME", *FINER, "Unknown"):
            for part in ("numerator", "denominator") if group == "Unknown" else ("numerator",):
                dec.relate(
                    dec.get(year, 1, "overall", group, part),
                    [dec.get(year, 1, m, group, part) for m in band_rows],
                    f"{year}: band rows add up to the overall row ({group} {part})",
                )
                for grouped_row, members in groups_of.items():
                    dec.relate(
                        dec.get(year, 1, grouped_row, group, part),
                        [dec.get(year, 1, m, group, part) for m in members],
                        f"{year}: {grouped_row} ({group} {part})",
                    )
        _declare_senior_total(dec, year, band_rows, senior_from_band)
        _declare_two_year_window(dec, year, years)
    _declare_ratios(dec, years)
    return dec.problem, dec


def _declare_two_year_window(dec: _Declarer, year: str, years: list[str]) -> None:
    """Indicator 3's two-year window against its two one-year windows, as a reader uses it.

    Always true: two-year ≥ each one-year and ≤ their sum. What a reader will assume (nobody
    enters twice): two-year = the sum, declared whenever the numbers bear it out. For the first
    year of the trend window the earlier one-year count is not in the report, but a reader can
    still derive it (two-year minus this year's one-year), so it is declared as a derivable
    count: audited like a hidden one whenever it is small, and never printed.
    """
    previous = year_label(year_start(year) - 1)
    for group in ("White", "BME", *FINER):
        two = dec.get(year, 3, "two-year", group, "numerator")
        one = dec.get(year, 3, "all", group, "numerator")
        if two is None or one is None:
            continue
        before = dec.get(previous, 3, "all", group, "numerator")
        if before is None and previous not in years:
            value = dec.problem.values[two] - dec.problem.values[one]
            if value < 0:
                continue
            key = (previous, 3, "all", group)
            before = dec.problem.count(_key(*key, "numerator"), value)
            dec.part_key[(key, "numerator")] = before
            dec.problem.show_count(DERIVABLE, group, previous, before)
        if before is None:
            continue
        problem = dec.problem
        with contextlib.suppress(ValueError):
            problem.add_at_most(one, two, label=f"{year}: one-year ≤ two-year ({group})")
            problem.add_at_most(before, two, label=f"{year}: last year ≤ two-year ({group})")
            problem.add_relation(
                {two: 1.0, one: -1.0, before: -1.0},
                kind="le",
                label=f"{year}: two-year ≤ this year + last year ({group})",
            )
        dec.relate(two, [one, before], f"{year}: two-year window = this year + last year ({group})")


def _declare_ratios(dec: _Declarer, years: list[str]) -> None:
    """Indicator 3's BME/White ratio as printed (2 dp, no interval), for every year and window.

    Policy hides it with its counts; :func:`protect_report` then publishes it wherever the
    audit, with the ratio as a constraint, still holds (headlines first).
    """
    for year in years:
        for measure in ("all", "two-year"):
            parts = [
                dec.get(year, 3, measure, g, p)
                for g in ("BME", "White")
                for p in ("numerator", "denominator")
            ]
            if any(p is None for p in parts) or len(set(parts)) < 4:
                continue
            bme, bme_all, white, white_all = (dec.problem.values[p] for p in parts)
            if white == 0 or bme_all == 0 or white_all == 0:
                continue
            ratio = (bme / bme_all) / (white / white_all)
            dec.problem.show_ratio(
                f"indicator 3 {measure}", "BME/White", year, tuple(parts), round(ratio, 2)
            )


DERIVABLE = "derivable: indicator 3 all, the year before the window"


def _declare_senior_total(
    dec: _Declarer, year: str, band_rows: list[str], senior_from_band: str
) -> None:
    """The Model Employer table shows BME and known staff summed over the senior bands."""
    from wres_lib.measure.model_employer import is_senior_band_row

    senior = [m for m in band_rows if is_senior_band_row(m, senior_from_band)]
    parts = {
        "numerator": [dec.get(year, 1, m, "BME", "numerator") for m in senior],
        "denominator": [dec.get(year, 1, m, "BME", "denominator") for m in senior],
    }
    if not senior or any(p is None for ps in parts.values() for p in ps):
        return
    key = (year, *SENIOR, "BME")
    names = {}
    for part, members in parts.items():
        name = _key(*key, part)
        total = sum(dec.problem.values[m] for m in members)
        dec.problem.count(name, total, priority=HEADLINE_PRIORITY)
        dec.part_key[(key, part)] = name
        dec.relate(name, list(members), f"{year}: senior bands ({part})")
        names[part] = name
    dec.problem.show_fraction(
        "model employer", "senior bands", year, names["numerator"], names["denominator"]
    )


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
    return [(year, indicator, measure, group)]


def mask_metrics(
    metrics: pd.DataFrame,
    hidden: frozenset[HiddenPart],
    declared: set[CountKey],
    shown_ratios: frozenset[RatioKey] = frozenset(),
) -> pd.DataFrame:
    """Blank every metric built on a hidden (or never declared) count and flag it ``hidden``.

    A count that was not declared was not audited, so nothing built on it may be shown. A
    ratio in ``shown_ratios`` was audited as printed (its value to 2 dp, with its counts
    hidden), so its value stays and only its interval (which would give the counts away) goes.
    """
    hidden_keys = {h[:4] for h in hidden}
    flags = [
        any(dep in hidden_keys or dep not in declared for dep in _metric_dependencies(row))
        for row in metrics.itertuples(index=False)
    ]
    masked = metrics.copy()
    masked["hidden"] = flags
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
    return masked


# A hidden ratio is tried at its printed precision, then coarser, before it is left hidden.
RATIO_PRECISIONS = (2, 1)


def publish_ratios(result: SuppressionResult) -> SuppressionResult:
    """Show each hidden ratio display the audit still allows, latest year and one-year first:
    to 2 decimal places where that holds, else to 1 (the display is rewritten at the coarser
    precision, and the audit uses that rounding interval).

    Each ratio shown becomes a constraint for the next one's audit, so the set published
    together is audited together.
    """
    problem = result.problem
    hidden_displays = set(result.hidden_displays)
    candidates = sorted(
        (p for p in hidden_displays if problem.displays[p].kind == "ratio"),
        key=lambda p: (-year_start(p.column), p.table != "indicator 3 all", p.table),
    )
    auditor = Auditor(problem, result.disclosure.width, integer=True)
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


def protect_report(
    counts: pd.DataFrame,
    metrics: pd.DataFrame,
    disclosure: Disclosure,
    senior_from_band: str = "Band 8a",
    published_before: Sequence[Path] = (),
) -> Protection:
    """Suppress, audit (refusing to go on if anything could be worked out), publish what
    ratios the audit allows, and mask.

    ``published_before`` are the organisation's earlier public folders: what they printed is
    part of what a reader has (:mod:`wres_lib.protect.history`).
    """
    problem, dec = build_problem(counts, senior_from_band, disclosure.board_is_public)
    history = declare_history(
        problem, read_publications(published_before), disclosure, published_before
    )
    result = publish_ratios(suppress(problem, disclosure))
    try:
        require_protected(result)
    except PublishingBlocked as blocked:
        raise explain_blocked(blocked, published_before, disclosure.threshold) from None
    hidden_keys = result.hidden
    hidden = frozenset(
        (*key, part) for (key, part), name in dec.part_key.items() if name in hidden_keys
    )
    shown = {
        (p.column, 3, p.table.removeprefix("indicator 3 "), p.row): d
        for p, d in problem.displays.items()
        if d.kind == "ratio"
        and p.table.startswith("indicator 3 ")
        and p not in result.hidden_displays
    }
    shown_ratios = frozenset(k for k, d in shown.items() if d.dp >= RATIO_PRECISIONS[0])
    # Printed coarser than the report's 2 places: tables and sentences print it as allowed
    # ("about 2.4"); charts, intervals and trends treat it as hidden.
    coarse = {k: f"{d.percent:.{d.dp}f}" for k, d in shown.items() if k not in shown_ratios}
    masked = mask_metrics(metrics, hidden, dec.shown, shown_ratios)
    masked.attrs[COARSE_RATIOS] = coarse
    summary = {
        **audit_summary(result),
        "hidden_metrics": int(masked["hidden"].sum()),
        "ratios_with_counts_hidden": sorted(
            (y, m) for (y, _i, m, _g) in shown_ratios if (y, 3, m, "BME", "numerator") in hidden
        ),
        "ratios_coarsened": sorted((y, m, text) for (y, _i, m, _g), text in coarse.items()),
        **history.summary(),
    }
    return Protection(hidden, frozenset(dec.shown), masked, summary)
