"""What a Staff Survey file must hold, so no indicator vanishes from the report unnoticed.

Every question the params name feeds an indicator: its White and BME rows for substantive staff
are required (without them the indicator has no figure at all). Bank rows and the finer groups
(Asian, Black, Mixed, Other) are optional breakdowns a provider may suppress (``*``); a missing
one is counted for the notes on the data, never guessed.
"""

from __future__ import annotations

import pandas as pd

from wres_lib.errors import Problem
from wres_lib.inputs import ethnicity

REQUIRED_GROUPS = ("White", "BME")
FINER_GROUPS = ("Asian", "Black", "Mixed", "Other")
# What providers print in place of a count they suppress for small numbers.
SUPPRESSED_MARKS = ("*", "[c]", "[x]")


def drop_suppressed_finer_groups(raw: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Rows of a finer group whose counts the provider suppressed, removed and counted.

    A suppressed White or BME row stays, so it is reported as the error it is.
    """
    marks = raw["yes"].isin(SUPPRESSED_MARKS) | raw["respondents"].isin(SUPPRESSED_MARKS)
    finer = raw["group"].map(ethnicity.survey_group).isin(FINER_GROUPS)
    dropped = marks & finer
    if not dropped.any():
        return raw, 0
    return raw[~dropped], int(dropped.sum())


def missing_rows(
    frame: pd.DataFrame, questions: dict[str, tuple[int, str]], file: str
) -> tuple[list[Problem], int]:
    """Problems for each required row absent, and the number of optional rows absent.

    ``frame`` has canonical ``staff_type``, lower-case ``question`` and canonical ``group``.
    Bank rows are optional as a whole; once a question has any, White and BME are required.
    """
    present = set(zip(frame["staff_type"], frame["question"], frame["group"], strict=True))
    problems: list[Problem] = []
    optional_missing = 0
    for question, (indicator, measure) in sorted(questions.items(), key=lambda q: q[1]):
        for staff_type in ("Substantive", "Bank"):
            have = {group for kind, q, group in present if kind == staff_type and q == question}
            if staff_type == "Bank" and not have:
                continue
            absent = [group for group in REQUIRED_GROUPS if group not in have]
            if absent:
                problems.append(
                    Problem(
                        file,
                        None,
                        "group",
                        None,
                        f"a row for each of {', '.join(REQUIRED_GROUPS)} for {staff_type} staff, "
                        f"question {question} (indicator {indicator}, {measure}); missing: "
                        f"{', '.join(absent)} (without it indicator {indicator} has no figure)",
                    )
                )
            if staff_type == "Substantive":
                optional_missing += sum(group not in have for group in FINER_GROUPS)
    return problems, optional_missing


def unequal_sums(frame: pd.DataFrame, file: str) -> list[str]:
    """Where a file's four finer groups do not add up to its BME row (a provider's rounding
    slip): one line each, naming the file, the rows and the numbers.

    Not refused (the provider's figures are what the trust has), but said: a reader assumes the
    groups add up, so disclosure control allows for both (``wres validate`` prints these).
    ``frame`` is the loaded survey (index: spreadsheet rows, canonical ``group``).
    """
    lines = []
    for (staff_type, question), rows in frame.groupby(["staff_type", "question"], sort=True):
        by_group = {group: row for row, group in zip(rows.index, rows["group"], strict=True)}
        if "BME" not in by_group or any(g not in by_group for g in FINER_GROUPS):
            continue
        listed = [by_group["BME"], *(by_group[g] for g in FINER_GROUPS)]
        for column in ("yes", "respondents"):
            parts = [int(frame.at[by_group[g], column]) for g in FINER_GROUPS]
            total = int(frame.at[by_group["BME"], column])
            if sum(parts) != total:
                lines.append(
                    f"{file} rows {', '.join(str(r) for r in listed)}: {question} "
                    f"({staff_type}): BME {column} {total}, but Asian + Black + Mixed + Other = "
                    f"{sum(parts)} ({' + '.join(map(str, parts))})"
                )
    return lines
