"""The organisation's earlier public reports, as part of what a reader already has.

Each year's report reprints earlier years in its trend window with, possibly, other cells
hidden, and the web keeps every year's report. Audited one at a time, the reports can still
pin a hidden count when read together (two-year disciplinary windows against one-year ones,
a count hidden one year and its partners shown the next). So a report's disclosure problem
takes in everything the earlier reports printed, read back from their published tables the
way a reader would (:mod:`wres_lib.protect.attack_tables`), not from the code that made them:

* a count an earlier report showed is ``known``: fixed in the audit and never worth hiding;
* a percentage or ratio an earlier report printed is a display in ``published_before``: it
  stays a constraint whatever this report hides (indicator 3's ratio published last year with
  its counts hidden is still on the web);
* a small count an earlier report hid is in ``hidden_before``: audited as hidden even where
  this report does not display it (last year's finer ethnic groups, say), so that nothing
  printed now narrows it.

A number printed earlier that differs from this report's data (a trust corrected its records)
is listed in ``conflicts`` and left out: the reader has two numbers, and only the current one
takes part in this report's relations.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from wres_lib.errors import PublishingBlocked
from wres_lib.inputs.params import Disclosure
from wres_lib.protect.attack_tables import Key, Publication, read_folder
from wres_lib.protect.problem import DisclosureProblem, Position


@dataclass
class HistoryUse:
    """What the earlier reports added to one report's disclosure problem."""

    folders: list[str] = field(default_factory=list)
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
            "earlier_reports": len(self.folders),
            "counts_known_from_earlier_reports": self.known,
            "counts_hidden_in_earlier_reports": self.hidden_before,
            "percentages_and_ratios_from_earlier_reports": self.displays,
            "earlier_counts_outside_this_report": self.outside,
            "conflicts_with_earlier_reports": list(self.conflicts),
        }


def read_publications(folders: Sequence[Path]) -> Publication | None:
    """Every table the given public folders print, as one reader's view (``None`` if none)."""
    if not folders:
        return None
    publication = Publication()
    for folder in folders:
        read_folder(Path(folder), publication)
    return publication


def count_name(key: Key) -> str:
    """The disclosure problem's name of a published count (year|indicator|measure|group|part)."""
    return "|".join(str(part) for part in key)


def declare_history(
    problem: DisclosureProblem,
    publication: Publication | None,
    disclosure: Disclosure,
    folders: Sequence[Path] = (),
) -> HistoryUse:
    """Add what earlier reports printed to ``problem`` (see the module docstring)."""
    use = HistoryUse(folders=[str(f) for f in folders])
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
    low = 0 if disclosure.hide_zero else 1
    for key in sorted(publication.hidden):
        name = count_name(key)
        use.outside += name not in values
        if (
            name in values
            and name not in problem.known
            and not problem.positions_of(name)
            and low <= values[name] < disclosure.threshold
        ):
            problem.hidden_before.add(name)
            use.hidden_before += 1
    ratio_positions = {
        (d.counts, d.dp, d.percent): p for p, d in problem.displays.items() if d.kind == "ratio"
    }
    for ratio in publication.ratios:
        names = _resolve(problem, publication, ratio.counts)
        if names is None or ratio.interval:
            continue  # an interval over hidden counts was the earlier report's exposure
        a, big_a, b, big_b = (values[n] for n in names)
        exact = (a / big_a) / (b / big_b) if big_a and b and big_b else math.nan
        if not _agrees(ratio.value, exact, ratio.dp):
            use.conflicts.append(f"{ratio.place}: printed {ratio.value} before, {exact:.3f} now")
            continue
        position = ratio_positions.get((names, ratio.dp, ratio.value))
        if position is None:
            position = problem.show_ratio(
                f"published before: {ratio.place.table}",
                ratio.place.row,
                f"{ratio.place.folder}: {ratio.place.column}",
                names,  # type: ignore[arg-type]
                ratio.value,
                dp=ratio.dp,
            )
        if position not in problem.published_before:
            problem.published_before.add(position)
            use.displays += 1
    for percent in publication.percents:
        if percent.numerator in publication.shown and percent.denominator in publication.shown:
            continue  # both counts are known: the percentage adds nothing
        names = _resolve(problem, publication, (percent.numerator, percent.denominator))
        if names is None:
            continue
        n, total = (values[name] for name in names)
        exact = 100.0 * n / total if total else math.nan
        if not _agrees(percent.value, exact, percent.dp):
            was = f"printed {percent.value} before, {exact:.2f} now"
            use.conflicts.append(f"{percent.place}: {was}")
            continue
        place = percent.place
        position = Position(
            f"published before: {place.table}", place.row, f"{place.folder}: {place.column}"
        )
        if position in problem.displays:
            continue
        problem.show_percent(
            position.table,
            position.row,
            position.column,
            *names,
            dp=percent.dp,
            value=percent.value,
        )
        problem.published_before.add(position)
        use.displays += 1
    return use


def _agrees(printed: float, exact: float, dp: int) -> bool:
    """Whether a figure printed to ``dp`` places can be this one (today's data); a figure the
    trust's corrected records no longer give is a conflict, not a constraint."""
    return not math.isnan(exact) and abs(exact - printed) <= 0.5 * 10.0**-dp + 1e-9


def _resolve(
    problem: DisclosureProblem, publication: Publication, keys: Sequence[Key]
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
    blocked: PublishingBlocked, folders: Sequence[Path], threshold: int
) -> PublishingBlocked:
    """A blocked audit that took earlier reports in says so, and says what to do when those
    reports already give counts away between them (reports made one year at a time, before
    the history was audited): what is published cannot be hidden again, so no choice of
    cells this year can pass."""
    if not folders:
        return blocked
    from wres_lib.protect.attack import attack

    earlier = attack([Path(f) for f in folders], threshold)
    names = ", ".join(str(f) for f in folders)
    if earlier.ok:
        return PublishingBlocked(f"{blocked}\n  (with the earlier public reports: {names})")
    return PublishingBlocked(
        f"{blocked}\n  The earlier public reports already let a reader narrow "
        f"{len(earlier.leaks)} hidden counts below {threshold} when read together (see "
        f"`wres audit {' '.join(str(f) for f in folders)}`), and what is published cannot be "
        "hidden again. Rebuild the years in order with `wres report --all-years`, so that each "
        "year is audited with the ones before it, and publish those reports instead."
    )
