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
from dataclasses import dataclass

import pandas as pd

from wres_lib.inputs.bands import grouped_row_map
from wres_lib.inputs.params import Disclosure, year_label, year_start
from wres_lib.protect.problem import DisclosureProblem
from wres_lib.protect.suppression import audit_summary, require_protected, suppress

FINER = ("Asian", "Black", "Mixed", "Other")
BOARD_MEASURES = ("all", "voting", "executive")
# Headline figures (the overall workforce, the Model Employer senior-band totals) cost this
# many times their size to hide, so secondary suppression picks other cells where it can.
HEADLINE_PRIORITY = 100.0
RATIO_INDICATORS = (2, 3, 4)
CountKey = tuple[str, int, str, str]  # year, indicator, measure, group
HiddenPart = tuple[str, int, str, str, str]  # ... plus "numerator" or "denominator"


@dataclass(frozen=True)
class Protection:
    """What the public report may show, and the audit that proves it."""

    hidden: frozenset[HiddenPart]
    declared: frozenset[CountKey]
    metrics: pd.DataFrame
    summary: dict[str, object]

    def summary_text(self) -> str:
        s = self.summary
        smallest = s.get("smallest_interval")
        smallest_text = f"{smallest:g}" if isinstance(smallest, (int, float)) else "none"
        return (
            f"Disclosure audit: {s['primary_hidden']} counts hidden because they are below "
            f"{s['threshold']}, {s['secondary_hidden']} more hidden so that none can be worked "
            f"out by subtraction, {s['hidden_metrics']} percentages, ratios and intervals hidden "
            f"with them; the narrowest range a reader could work out for a hidden count is "
            f"{smallest_text} wide (at least {s['protection_width']} required): "
            f"{'passed' if s['protected'] else 'FAILED'}."
        )


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

    def declare(self, key: CountKey, part: str, canonical: str) -> str:
        value = self.values[key][0 if part == "numerator" else 1]
        existing = self.problem.values.get(canonical)
        if existing is not None and existing != value:
            canonical = _key(*key, part)  # same place, different number: its own count
        year, indicator, measure, _group = key
        known = self.board_is_public and indicator == 9 and measure in BOARD_MEASURES
        priority = HEADLINE_PRIORITY if indicator == 1 and measure == "overall" else 1.0
        self.problem.count(canonical, value, known=known, priority=priority)
        self.part_key[(key, part)] = canonical
        return canonical

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
    """Declare every published count, its display and the relations among them."""
    dec = _Declarer(counts, board_is_public)
    latest = max((k[0] for k in dec.values), key=year_start)
    # Indicator 1 first so shared headcounts take its keys.
    ordered = sorted(
        (k for k in dec.values if published(k, latest)),
        key=lambda k: (k[1] != 1, year_start(k[0]), k[1], k[2], k[3]),
    )
    for key in ordered:
        year, indicator, measure, group = key
        num = dec.declare(key, "numerator", dec.canonical(key, "numerator"))
        den = dec.declare(key, "denominator", dec.canonical(key, "denominator"))
        dec.problem.show_fraction(f"indicator {indicator} {measure}", group, year, num, den)
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
            part = "numerator"
            dec.relate(
                dec.get(year, 1, "overall", group, part),
                [dec.get(year, 1, m, group, part) for m in band_rows],
                f"{year}: band rows add up to the overall row ({group})",
            )
            for grouped_row, members in groups_of.items():
                dec.relate(
                    dec.get(year, 1, grouped_row, group, part),
                    [dec.get(year, 1, m, group, part) for m in members],
                    f"{year}: {grouped_row} ({group})",
                )
        _declare_senior_total(dec, year, band_rows, senior_from_band)
        previous = year_label(year_start(year) - 1)
        for group in ("White", "BME", *FINER):
            dec.relate(
                dec.get(year, 3, "two-year", group, "numerator"),
                [
                    dec.get(year, 3, "all", group, "numerator"),
                    dec.get(previous, 3, "all", group, "numerator"),
                ],
                f"{year}: two-year window = this year + last year ({group})",
            )
    return dec.problem, dec


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
    metrics: pd.DataFrame, hidden: frozenset[HiddenPart], declared: set[CountKey]
) -> pd.DataFrame:
    """Blank every metric built on a hidden (or never declared) count and flag it ``hidden``.

    A count that was not declared was not audited, so nothing built on it may be shown.
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
    return masked


def protect_report(
    counts: pd.DataFrame,
    metrics: pd.DataFrame,
    disclosure: Disclosure,
    senior_from_band: str = "Band 8a",
) -> Protection:
    """Suppress, audit (refusing to go on if anything could be worked out) and mask."""
    problem, dec = build_problem(counts, senior_from_band, disclosure.board_is_public)
    result = suppress(problem, disclosure)
    require_protected(result)
    hidden_keys = result.hidden
    hidden = frozenset(
        (*key, part) for (key, part), name in dec.part_key.items() if name in hidden_keys
    )
    declared = {key for (key, _part) in dec.part_key}
    masked = mask_metrics(metrics, hidden, declared)
    summary = {**audit_summary(result), "hidden_metrics": int(masked["hidden"].sum())}
    return Protection(hidden, frozenset(declared), masked, summary)
