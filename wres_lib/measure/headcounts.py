"""Headcounts a reader takes to be one number, and supplied counts that contradict them.

Indicators 3 and 4 are rates among the staff in post, and indicator 9 sets the Board beside
the workforce: a reader takes their denominators to be indicator 1's headcounts of the same
year, and the public report's disclosure control reads them so
(:func:`wres_lib.protect.table_cells.canonical`, mirrored by :func:`shared_key`). A figure
printed against a headcount must not exceed it. Counts built from the extracts agree with
this by construction; a counts file typed from published figures need not (939 BME staff on
courses when indicator 1 says 900 BME staff), and that is bad input naming the file and row,
found by ``wres validate``, not a failure half-way through the public report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from wres_lib.errors import Problem
from wres_lib.inputs.params import year_start
from wres_lib.measure.count_checks import row_numbers

Key = tuple[str, int, str, str, str]  # year, indicator, measure, group, numerator/denominator
RECORDS = "records "  # the label window.py gives counts built from a year's extracts


def shared_key(key: Key) -> Key:
    """The one number a reader takes ``key`` to be, wherever the report prints it."""
    year, indicator, measure, group, part = key
    if indicator == 1 and part == "denominator":
        return (year, 1, measure, "All" if group == "Unknown" else "Known", part)
    if indicator in (3, 4) and part == "denominator" and group != "Unknown":
        return (year, 1, "bank" if measure == "bank" else "overall", group, "numerator")
    if indicator == 9 and measure == "workforce":
        return shared_key((year, 1, "overall", group, part))
    if indicator == 9 and part == "denominator":
        return (year, 9, measure, "Members", part)
    return key


@dataclass(frozen=True)
class _Origin:
    """Where a count came from: a source's label (a file, or ``records <year>``) and row."""

    source: str
    row: int | None
    key: Key
    value: int

    @property
    def supplied(self) -> bool:
        return not self.source.startswith(RECORDS)

    def where(self) -> str:
        return self.source if self.row is None else f"{self.source} row {self.row}"


def _describe(key: Key) -> str:
    year, indicator, measure, group, part = key
    if indicator == 1 and part == "numerator":
        return f"indicator 1's {measure} count of {group} staff in {year}"
    if indicator == 1:
        who = "all staff" if group == "All" else "staff of known ethnicity"
        return f"indicator 1's {measure} count of {who} in {year}"
    if indicator == 9 and group == "Members":
        return f"indicator 9's count of Board members ({measure}) in {year}"
    return f"the {part} of indicator {indicator} {measure} {group} in {year}"


def shared_headcount_problems(
    counts: pd.DataFrame, frames: Sequence[pd.DataFrame], sources: Sequence[str]
) -> list[Problem]:
    """Every figure in the merged ``counts`` greater than the headcount a reader takes as its
    denominator, where a supplied counts file is involved; ``frames`` and ``sources`` are what
    was merged (as given to :func:`~wres_lib.measure.counts.merge_counts`), to name the file
    and row. As disclosure control does, a shared headcount takes indicator 1's value, else
    the first value met (by year, then indicator)."""
    origins: dict[tuple[str, int, str, str], tuple[str, int | None]] = {}
    for frame, source in zip(frames, sources, strict=True):
        rows = row_numbers(frame)
        for position, row in enumerate(frame.itertuples(index=False)):
            key = (str(row.year), int(row.indicator), str(row.measure), str(row.group))
            origins.setdefault(key, (source, rows[position]))
    ordered = sorted(
        counts.itertuples(index=False),
        key=lambda r: (int(r.indicator) != 1, year_start(str(r.year)), int(r.indicator)),
    )
    shared: dict[Key, _Origin] = {}
    for r in ordered:
        exact = (str(r.year), int(r.indicator), str(r.measure), str(r.group))
        source, row = origins.get(exact, (RECORDS + str(r.year), None))
        for part, number in (("numerator", r.numerator), ("denominator", r.denominator)):
            shared.setdefault(
                shared_key((*exact, part)), _Origin(source, row, (*exact, part), int(number))
            )
    problems: list[Problem] = []
    for r in ordered:
        exact = (str(r.year), int(r.indicator), str(r.measure), str(r.group))
        figure = shared[shared_key((*exact, "numerator"))]
        whole = shared[shared_key((*exact, "denominator"))]
        if figure.value <= whole.value or not (figure.supplied or whole.supplied):
            continue
        reason = (
            f"; a reader takes indicator {exact[1]}'s denominators to be that count"
            if whole.key[:2] != exact[:2]
            else ""
        )
        if figure.supplied:
            problems.append(
                Problem(
                    figure.source,
                    figure.row,
                    "numerator",
                    figure.value,
                    f"at most {whole.value}, {_describe(whole.key)} ({whole.where()}), "
                    f"which the report prints indicator {exact[1]} {exact[2]} {exact[3]} "
                    f"against{reason}",
                )
            )
        else:
            problems.append(
                Problem(
                    whole.source,
                    whole.row,
                    whole.key[4],
                    whole.value,
                    f"at least {figure.value}, {_describe(figure.key)} ({figure.where()}), "
                    f"which the report prints against it{reason}",
                )
            )
    return list(dict.fromkeys(problems))
