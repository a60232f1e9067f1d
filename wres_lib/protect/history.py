"""The organisation's earlier public reports, as part of what a reader already has.

Each year's report reprints earlier years in its trend window with, possibly, other cells
hidden, and the web keeps every year's report. Audited one at a time, the reports can still
pin a hidden count when read together (two-year disciplinary windows against one-year ones,
a count hidden one year and its partners shown the next). So a report's disclosure problem
takes in everything the earlier reports printed, read the way a reader reads them
(:mod:`wres_lib.protect.attack_tables`):

* a count an earlier report showed is ``known``: fixed in the audit and never worth hiding;
* a percentage or ratio an earlier report printed is a display in ``published_before``: it
  stays a constraint whatever this report hides (indicator 3's ratio published last year with
  its counts hidden is still on the web);
* a count an earlier report hid is in ``hidden_before``: hidden here too where this report
  prints it, and audited as hidden even where it does not (last year's finer ethnic groups,
  say), so that nothing printed now narrows it. That holds for a count hidden to protect
  another as much as for a small one: a reader of both reports must not narrow either.

Where the earlier reports come from is a :class:`History`: each earlier year's report as this
suite built it (its public folder), as this suite would have built it from that year's params
and data (reconstructed in memory, in order, when the folder is missing), or as the trust
published it by hand (supplied as a published folder or as a published figures CSV). A number
printed earlier that differs from this report's data (a trust corrected its records) is listed
in ``conflicts`` and left out: the reader has two numbers, and only the current one takes part
in this report's relations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from wres_lib.errors import PublishingBlocked
from wres_lib.protect.attack_tables import Publication
from wres_lib.protect.problem import DisclosureProblem, Position
from wres_lib.protect.table_cells import Key

# How an earlier year's report came into the audit (the manifest records it per year).
BUILT, RECONSTRUCTED, SUPPLIED = "built", "reconstructed", "supplied"


@dataclass
class History:
    """The earlier public reports a report is audited with: what they print, and for each
    report year where it came from (built, reconstructed or supplied) and its folder or file."""

    publication: Publication | None = None
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # year -> (how, where)

    def summary(self) -> dict[str, object]:
        how = {year: kind for year, (kind, _where) in self.sources.items()}
        return {
            "earlier_reports": len(self.sources),
            "earlier_report_years": sorted(how),
            "earlier_reports_supplied": sorted(y for y, k in how.items() if k == SUPPLIED),
            "history_sources": how,
        }

    @property
    def places(self) -> list[str]:
        return [where for _kind, where in self.sources.values()]


@dataclass
class HistoryUse:
    """What the earlier reports added to one report's disclosure problem."""

    known: int = 0
    hidden_before: int = 0
    displays: int = 0
    # Counts the earlier reports printed (or hid) that this report has no place for: years
    # before its window, rows it does not declare. Relations among them were audited when
    # those reports were made.
    outside: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        return {
            "counts_known_from_earlier_reports": self.known,
            "counts_hidden_in_earlier_reports": self.hidden_before,
            "percentages_and_ratios_from_earlier_reports": self.displays,
            "earlier_counts_outside_this_report": self.outside,
            "conflicts_with_earlier_reports": list(self.conflicts),
        }


def count_name(key: Key) -> str:
    """The disclosure problem's name of a published count (year|indicator|measure|group|part)."""
    return "|".join(str(part) for part in key)


def declare_history(problem: DisclosureProblem, publication: Publication | None) -> HistoryUse:
    """Add what earlier reports printed to ``problem`` (see the module docstring)."""
    use = HistoryUse()
    if publication is None:
        return use
    use.conflicts.extend(publication.conflicts)
    values = problem.values
    for key, value in sorted(publication.shown.items()):
        name = count_name(key)
        if name not in values:
            use.outside += 1
            continue
        if values[name] != value:
            use.conflicts.append(f"{name}: printed {value} before, {values[name]} now")
            continue
        if name not in problem.known:
            problem.known.add(name)
            use.known += 1
    for key in sorted(publication.hidden):
        name = count_name(key)
        use.outside += name not in values
        if name in values and name not in problem.known:
            problem.hidden_before.add(name)
            use.hidden_before += 1
    ratio_positions = {
        (d.counts, d.dp, d.percent): p for p, d in problem.displays.items() if d.kind == "ratio"
    }
    for ratio in publication.ratios:
        names = _resolve(problem, publication, ratio.keys)
        if names is None or ratio.interval or ratio.value is None:
            continue  # an interval over hidden counts was the earlier report's exposure
        a, big_a, b, big_b = (values[n] for n in names)
        exact = (a / big_a) / (b / big_b) if big_a and b and big_b else math.nan
        if not _agrees(ratio.value, exact, ratio.dp):
            use.conflicts.append(f"{ratio.place}: printed {ratio.value} before, {exact:.3f} now")
            continue
        position = ratio_positions.get((names, ratio.dp, ratio.value))
        if position is None and len(set(names)) == 4:
            position = problem.show_ratio(
                *_earlier(ratio.place),
                names,
                ratio.value,
                dp=ratio.dp,  # type: ignore[arg-type]
            )
        if position is not None and position not in problem.published_before:
            problem.published_before.add(position)
            use.displays += 1
    for percent in publication.percents:
        numerator, denominator = percent.keys
        if numerator in publication.shown and denominator in publication.shown:
            continue  # both counts are known: the percentage adds nothing
        names = _resolve(problem, publication, percent.keys)
        if names is None or percent.value is None:
            continue
        n, total = (values[name] for name in names)
        exact = 100.0 * n / total if total else math.nan
        if not _agrees(percent.value, exact, percent.dp):
            was = f"printed {percent.value} before, {exact:.2f} now"
            use.conflicts.append(f"{percent.place}: {was}")
            continue
        position = Position(*_earlier(percent.place))
        if position in problem.displays:
            continue
        problem.show_percent(*_earlier(percent.place), *names, dp=percent.dp, value=percent.value)
        problem.published_before.add(position)
        use.displays += 1
    return use


def _earlier(place) -> tuple[str, str, str]:
    """A figure an earlier report printed, as a place in this report's problem."""
    return f"published before: {place.table}", place.row, f"{place.folder}: {place.column}"


def _agrees(printed: float, exact: float, dp: int) -> bool:
    """Whether a figure printed to ``dp`` places can be this one (today's data); a figure the
    trust's corrected records no longer give is a conflict, not a constraint."""
    return not math.isnan(exact) and abs(exact - printed) <= 0.5 * 10.0**-dp + 1e-9


def _resolve(
    problem: DisclosureProblem, publication: Publication, keys: tuple[Key, ...]
) -> tuple[str, ...] | None:
    """The problem's names of a printed display's counts, declaring as known any count the
    earlier reports printed that this report has no place for; ``None`` if one is unknown."""
    names = []
    for key in keys:
        name = count_name(key)
        if name not in problem.values:
            if key not in publication.shown:
                return None
            problem.count(name, publication.shown[key], known=True)
        names.append(name)
    return tuple(names)


def explain_blocked(
    blocked: PublishingBlocked, history: History, threshold: int
) -> PublishingBlocked:
    """A blocked audit that took earlier reports in says so, and says what to do when those
    reports already give counts away between them (reports made one year at a time, or by
    hand, before the history was audited): what is published cannot be hidden again, so no
    choice of cells this year can pass."""
    if history.publication is None or not history.sources:
        return blocked
    from wres_lib.protect.attack import attack_publication

    earlier = attack_publication(history.publication, threshold)
    years = ", ".join(f"{y} ({k})" for y, (k, _w) in sorted(history.sources.items()))
    if earlier.ok:
        return PublishingBlocked(f"{blocked}\n  (with the earlier public reports: {years})")
    return PublishingBlocked(
        f"{blocked}\n  The earlier public reports ({years}) already let a reader narrow "
        f"{len(earlier.leaks)} hidden counts below {threshold} when read together (see "
        f"`wres audit {' '.join(history.places)}`), and what is published cannot be hidden "
        "again. Rebuild the years in order with `wres report --all-years`, so that each year is "
        "audited with the ones before it, and publish those reports instead."
    )
