"""What a Staff Survey file must hold, so no indicator vanishes from the report unnoticed.

Every question the params name feeds an indicator: its White and BME rows for substantive staff
are required (without them the indicator has no figure at all). Bank rows and the finer groups
(Asian, Black, Mixed, Other) are optional breakdowns a provider may suppress (``*``); a missing
one is counted for the notes on the data, never guessed.

A file may be the provider's (or NHS England's) full results, every question and breakdown:
the rows the indicators do not read are set aside and said once, and a question the params
name that the file lacks is blamed on the params line.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs import ethnicity
from wres_lib.inputs.labels import per_label
from wres_lib.inputs.params import Params, key_origin

REQUIRED_GROUPS = ("White", "BME")
FINER_GROUPS = ("Asian", "Black", "Mixed", "Other")
# What providers print in place of a count they suppress for small numbers.
SUPPRESSED_MARKS = ("*", "[c]", "[x]")
# Group labels of a full results file's other breakdowns (gender, age, disability, sexual
# orientation, religion, the whole organisation) and of answers naming no group, normalised as
# :func:`ethnicity.normalise` does. Only labels no ethnic group is written as: "Other" is always
# the ethnic group, and a label not listed on a named question stays an error.
OTHER_BREAKDOWNS = frozenset(
    {
        *("female", "male", "women", "men", "non binary", "prefer to self describe"),
        *("disabled", "not disabled", "non disabled", "yes", "no"),
        *("heterosexual", "heterosexual or straight", "straight", "gay or lesbian"),
        *("gay man", "gay woman lesbian", "lesbian", "gay", "bisexual"),
        *("no religion", "christian", "buddhist", "hindu", "jewish", "muslim", "sikh"),
        *("any other religion", "all", "all staff", "all respondents", "overall", "total"),
        *("organisation", "prefer not to say", "not stated", "not known", "unknown"),
    }
)
# Age bands as providers write them: 16-20, 21 to 30, 66+, Aged 51-65, Under 20.
AGE_BAND = re.compile(r"(?:aged |under |over )?\d{1,3}(?: (?:to )?\d{1,3}| and over| plus)?")
EXAMPLES = 5
LISTED_QUESTIONS = 20


def other_breakdown(label: object) -> bool:
    """Whether a group label is one of a breakdown other than ethnicity (or names no group)."""
    key = ethnicity.normalise(label)
    return key in OTHER_BREAKDOWNS or AGE_BAND.fullmatch(key) is not None


def question_order(question: str) -> list[str | int]:
    """Question ids in the survey's order: q2 before q10."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", question)]


@dataclass(frozen=True)
class NotUsed:
    """The rows of a full results file that are not WRES figures, for one note."""

    questions: tuple[str, ...] = ()  # ids of the questions the params do not name
    question_rows: int = 0
    breakdowns: tuple[str, ...] = ()  # labels as written, of the named questions' other rows
    breakdown_rows: int = 0

    @property
    def rows(self) -> int:
        return self.question_rows + self.breakdown_rows

    def __str__(self) -> str:
        parts = []
        if self.question_rows:
            parts.append(
                f"{self.question_rows} of {len(self.questions)} question(s) the params do not "
                f"name ({_examples(self.questions)})"
            )
        if self.breakdown_rows:
            parts.append(
                f"{self.breakdown_rows} of breakdowns other than ethnicity or of no stated group "
                f"({_examples(self.breakdowns)})"
            )
        return f"{self.rows} row(s) not used: " + "; ".join(parts)


def _examples(values: tuple[str, ...]) -> str:
    return ", ".join(values[:EXAMPLES]) + (", ..." if len(values) > EXAMPLES else "")


def rows_used(raw: pd.DataFrame, questions: Collection[str]) -> tuple[pd.DataFrame, NotUsed]:
    """The rows of the params' questions by ethnic group, and a count of the rest.

    A row of a named question whose group is neither ethnic nor an :data:`OTHER_BREAKDOWNS`
    label is kept, so it is reported as the error it is; so is a row with no question id.
    """
    question = raw["question"].str.lower()
    other_question = (question != "") & ~question.isin(list(questions))
    other_group = ~other_question & (
        per_label(raw["group"], other_breakdown, "bool") | _other_breakdown_type(raw)
    )
    unused = other_question | other_group
    if not unused.any():
        return raw, NotUsed()
    note = NotUsed(
        tuple(sorted(set(question[other_question]), key=question_order)),
        int(other_question.sum()),
        tuple(dict.fromkeys(raw.loc[other_group, "group"])),
        int(other_group.sum()),
    )
    return raw[~unused], note


# What a provider's breakdown type column says on its ethnicity rows (compared normalised).
ETHNIC_BREAKDOWNS = frozenset(
    {"", "ethnicity", "ethnic group", "ethnic origin", "ethnic background"}
)


def _other_breakdown_type(raw: pd.DataFrame) -> pd.Series:
    """Rows whose breakdown type, where the file has one, is not ethnicity: a sexual
    orientation "Other" is not the ethnic group Other."""
    kinds = raw.get("breakdown")
    if kinds is None:
        return pd.Series(False, index=raw.index)
    return per_label(kinds, lambda kind: ethnicity.normalise(kind) not in ETHNIC_BREAKDOWNS, "bool")


def refuse_questions_not_in(raw: pd.DataFrame, params: Params, file: str) -> None:
    """A question id in the params that the file has no row of is the params line's error
    (a typo such as ``q13x``), listing the ids the file has; its rows are not blamed."""
    if params.survey is None:
        return
    have = set(raw["question"].str.lower()) - {""}
    listed = sorted(have, key=question_order)
    shown = ", ".join(listed[:LISTED_QUESTIONS])
    if len(listed) > LISTED_QUESTIONS:
        shown += f" and {len(listed) - LISTED_QUESTIONS} more"
    ids = f"its {len(listed)} question ids: {shown}" if listed else "it has no question ids"
    problems = []
    for indicator, measures in params.survey.questions.items():
        for measure, question in measures.items():
            if question.strip().lower() in have:
                continue
            key = ("survey", "questions", indicator, measure)
            place = key_origin(params.source_file, key) if params.source_file else ("params", None)
            problems.append(
                Problem(
                    *place,
                    ".".join(map(str, key)),
                    question,
                    f"the id of a question in {file} (indicator {indicator}, {measure}), as the "
                    f"file writes it; {ids}",
                )
            )
    if problems:
        raise InputError(problems)


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
    frame: pd.DataFrame,
    questions: dict[str, tuple[int, str]],
    file: str,
    not_used: NotUsed = NotUsed(),
) -> tuple[list[Problem], int]:
    """Problems for each required row absent, and the number of optional rows absent.

    ``frame`` has canonical ``staff_type``, lower-case ``question`` and canonical ``group``.
    Bank rows are optional as a whole; once a question has any, White and BME are required.
    The rows set aside are said with each problem: a mistyped id or label may be among them.
    """
    aside = f"; {not_used}" if not_used.rows else ""
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
                        f"{', '.join(absent)} (without it indicator {indicator} has no figure)"
                        + aside,
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
