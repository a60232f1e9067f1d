"""What a reader of the published tables assumes about the counts behind them.

One list, used twice: disclosure control declares these relations in the problem it suppresses
and audits (:mod:`wres_lib.protect.public_report`), and ``wres audit`` attacks published
folders with them (:mod:`wres_lib.protect.attack`), so the build and the audit cannot disagree
about what a reader can work out. A reader assumes them whether or not the trust's data satisfy
them exactly (a survey provider's rounding slip, someone entering the disciplinary process in
both years of a window): the build declares each with the slack the data need and audits it as
the reader would use it too.

Relations, over the keys of :mod:`wres_lib.protect.table_cells`:

* indicator 1, each year and row: White + BME = staff of known ethnicity; Asian + Black + Mixed +
  Other = BME; known + Unknown = all staff. Each year with any pay band row printed: the band
  rows add up to the overall row, to each grouped row and to the Model Employer senior total,
  for every group (a band row nobody prints is an unknown ≥ 0 the reader can still bound);
* indicators 2 to 8: the finer groups add up to BME, numerators and totals;
* indicator 3: the two-year window = this year's one-year window + last year's;
* indicator 9: voting and executive members are Board members (BME and all);
* every numerator ≤ its total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wres_lib.inputs.bands import band_rank, band_row_labels, grouped_row_map, split_band_row
from wres_lib.inputs.params import year_label, year_start
from wres_lib.protect.table_cells import FINER, GROUPS, SENIOR, Key, canonical

SENIOR_WORKFORCES = ("non-clinical", "clinical")


@dataclass(frozen=True)
class ReaderRelation:
    """``sum(coef·count) == 0`` (``eq``) or ``<= 0`` (``le``), as a reader assumes it."""

    terms: tuple[tuple[Key, float], ...]
    kind: str
    label: str


def _sum(whole: Key, parts: Iterable[Key], label: str) -> ReaderRelation:
    terms: dict[Key, float] = {whole: -1.0}
    for part in parts:
        terms[part] = terms.get(part, 0.0) + 1.0
    return ReaderRelation(tuple(terms.items()), "eq", label)


def _at_most(part: Key, whole: Key, label: str) -> ReaderRelation:
    return ReaderRelation(((part, 1.0), (whole, -1.0)), "le", label)


def senior_rows(from_band: str) -> list[str]:
    """The band rows a Model Employer senior total adds up (non-clinical and clinical rows at
    or above ``from_band``, VSM included; medical grades have their own structure)."""
    threshold = band_rank(from_band)
    rows = []
    for measure in band_row_labels():
        workforce, band = split_band_row(measure)
        rank = band_rank(band)
        senior = rank is not None and threshold is not None and rank >= threshold
        if workforce in SENIOR_WORKFORCES and senior:
            rows.append(measure)
    return rows


def reader_relations(keys: Iterable[Key]) -> list[ReaderRelation]:
    """Every relation a reader assumes among ``keys`` (the counts the tables print), with the
    unprinted counts those relations pass through (see the module docstring)."""
    keys = set(keys)
    out: list[ReaderRelation] = []
    band_rows = [m for m in band_row_labels() if not m.startswith("grouped|")]
    grouped = grouped_row_map()
    present = {(k[0], k[1], k[2]) for k in keys}
    years1 = sorted({y for (y, i, _m) in present if i == 1}, key=year_start)
    for year in years1:
        measures = {m for (y, i, m) in present if y == year and i == 1}
        structured = any(m == "overall" or "|" in m for m in measures - {"bank"})
        seniors = {m for m in measures if m.startswith(SENIOR)}
        if structured:
            measures |= {"overall", *band_rows, *grouped.values()}
        for m in sorted(measures):
            num = lambda g, m=m, y=year: (y, 1, m, g, "numerator")  # noqa: E731
            known, everyone = pair_totals(year, m)
            label = f"{year} {m}"
            out.append(_sum(known, [num("White"), num("BME")], f"{label}: known = White + BME"))
            out.append(_sum(num("BME"), [num(g) for g in FINER], f"{label}: BME = its groups"))
            out.append(_sum(everyone, [known, num("Unknown")], f"{label}: all = known + Unknown"))
        if not structured:
            continue
        parts = [(g, "numerator") for g in (*GROUPS, "Unknown")]
        parts += [("Known", "denominator"), ("All", "denominator")]
        for group, part in parts:
            key = lambda m, g=group, p=part, y=year: (y, 1, m, g, p)  # noqa: E731
            out.append(
                _sum(key("overall"), [key(b) for b in band_rows], f"{year}: band rows ({group})")
            )
            for row in sorted(set(grouped.values())):
                members = [b for b in band_rows if grouped.get(b) == row]
                out.append(_sum(key(row), [key(b) for b in members], f"{year}: {row} ({group})"))
            for senior in sorted(seniors):
                members = senior_rows(senior.removeprefix(SENIOR))
                label = f"{year}: senior bands from {senior.removeprefix(SENIOR)} ({group})"
                out.append(_sum(key(senior), [key(b) for b in members], label))
    for year, indicator, measure in sorted(present):
        if indicator in (1, 9):
            continue
        for part in ("numerator", "denominator"):
            whole = canonical((year, indicator, measure, "BME", part))
            if whole[1] == 1:
                continue  # indicators 3 and 4's totals are indicator 1's headcounts
            finer = [canonical((year, indicator, measure, g, part)) for g in FINER]
            label = f"{year} indicator {indicator} {measure}: BME = its groups"
            out.append(_sum(whole, finer, label))
        if indicator == 3 and measure == "two-year":
            previous = year_label(year_start(year) - 1)
            for g in GROUPS:
                two, one = (year, 3, "two-year", g, "numerator"), (year, 3, "all", g, "numerator")
                before = (previous, 3, "all", g, "numerator")
                label = f"{year}: two-year window = {year} + {previous} ({g})"
                out.append(_sum(two, [one, before], label))
    for year in sorted({y for (y, i, _m) in present if i == 9}, key=year_start):
        for measure in ("voting", "executive"):
            for group, part in (("BME", "numerator"), ("Members", "denominator")):
                part_key = (year, 9, measure, group, part)
                whole = (year, 9, "all", group, part)
                out.append(_at_most(part_key, whole, f"{year}: {measure} members are members"))
    numerators = {k for r in out for k, _ in r.terms} | keys
    for key in sorted(numerators):
        if key[4] == "numerator":
            total = canonical((*key[:4], "denominator"))
            if total != key:
                out.append(_at_most(key, total, f"{'/'.join(map(str, key))} ≤ its total"))
    return out


def pair_totals(year: str, measure: str) -> tuple[Key, Key]:
    """Indicator 1's two totals of a row: staff of known ethnicity and all staff."""
    return (year, 1, measure, "Known", "denominator"), (year, 1, measure, "All", "denominator")
