"""Ethnicity as data: a raw label as a trust's systems print it -> NHS ethnic category code ->
ethnic group -> WRES group.

The known labels live in ``data/ethnicity_map.csv`` (in normalised form) so a trust can see and
extend them without reading code. A label that is not listed is still understood when it starts
with an NHS code (``"CP White Polish"``, ``"h"``), because ESR adds two-character sub-codes whose
first letter is the category. Anything else is an :class:`~wres_lib.errors.InputError` that lists
every unrecognised label: an unknown label is never guessed to be White or BME.

NHS categories: A-C White; D-G Mixed; H-L Asian; M-P Black; R (Chinese) and S (any other) are
"Other"; Z not stated. X ("not known" in some sources) is reported as Z, so that ``ethnic_code``
is always one of A-S or Z.
"""

from __future__ import annotations

import csv
import functools
import io
import numbers
import re
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

import pandas as pd

from wres_lib.errors import InputError, Problem
from wres_lib.inputs.labels import label_codes, per_label, spaced_text, spread

MAP_FILE = "ethnicity_map.csv"
ETHNIC_GROUPS = ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
WRES_GROUPS = ("White", "BME", "Unknown")
OUTPUT_COLUMNS = ("ethnic_code", "ethnic_group", "wres_group")
MAX_ROWS_LISTED = 10

# What each category letter means; the CSV must agree with this (checked when it is loaded).
CATEGORY_GROUPS: dict[str, str] = {
    **dict.fromkeys("ABC", "White"),
    **dict.fromkeys("DEFG", "Mixed"),
    **dict.fromkeys("HJKL", "Asian"),
    **dict.fromkeys("MNP", "Black"),
    **dict.fromkeys("RS", "Other"),
    "Z": "Unknown",
}
CODE_LETTERS = "ABCDEFGHJKLMNPRSZX"

# Words after a code that confirm it (a lower-case sub-code is trusted only with one of them).
_CONFIRMING_WORD = {
    **dict.fromkeys("ABC", "white"),
    **dict.fromkeys("DEFG", "mixed"),
    **dict.fromkeys("HJKL", "asian"),
    **dict.fromkeys("MNP", "black"),
    "R": "chinese",
}
_GROUP_WORDS = {"white", "asian", "black", "mixed", "chinese"}
_UNKNOWN_PHRASES = (
    "not stated",
    "not known",
    "prefer not",
    "disclose",
    "declined",
    "refused",
    "unknown",
    "not given",
    "no answer",
)
# Short English words that look like an ESR sub-code in capitals ("DO NOT WISH TO DISCLOSE").
_NOT_CODES = {"no", "na", "nk", "ns", "nr", "do", "an", "as", "at", "be", "by", "me", "my", "so"}


@dataclass(frozen=True)
class Ethnicity:
    """One resolved label."""

    ethnic_code: str
    ethnic_group: str
    wres_group: str


def normalise(label: object) -> str:
    """Lower case, ``&`` as ``and``, punctuation and runs of spaces as one space.

    ``"A White - British"``, ``"a  white-british"`` and ``"A WHITE BRITISH"`` become the same key.
    """
    if label is None or (isinstance(label, float) and label != label):
        return ""
    text = str(label).lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@functools.cache
def load_ethnicity_map() -> dict[str, Ethnicity]:
    """The package's label map, keyed by normalised label. Read once per process."""
    text = resources.files("wres_lib.inputs").joinpath("data", MAP_FILE).read_text(encoding="utf-8")
    mapping: dict[str, Ethnicity] = {}
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        label = row["label"]
        code, group, wres = row["ethnic_code"], row["ethnic_group"], row["wres_group"]
        expected_wres = group if group in ("White", "Unknown") else "BME"
        if (
            label != normalise(label)
            or CATEGORY_GROUPS.get(code) != group
            or wres != expected_wres
            or label in mapping
        ):
            raise ValueError(f"{MAP_FILE} row {number} is inconsistent: {row}")
        mapping[label] = Ethnicity(code, group, wres)
    return mapping


# A trust's own labels (wres_lib.inputs.trust_maps), looked up first while its extracts are
# read; empty otherwise.
TRUST_ETHNICITIES: ContextVar[Mapping[str, Ethnicity]] = ContextVar(
    "trust_ethnicities", default=MappingProxyType({})
)


def _category(letter: str) -> Ethnicity:
    return load_ethnicity_map()[letter.lower()]


def _conflicts(letter: str, rest: str) -> bool:
    """True when the words after a code contradict it (``"A Black British"``)."""
    words = set(rest.split())
    group_words = words & _GROUP_WORDS
    if letter in "ZX":
        return bool(group_words)
    if any(phrase in rest for phrase in _UNKNOWN_PHRASES):
        return True
    own = _CONFIRMING_WORD.get(letter)
    if own is None or letter in "DEFG":
        return False
    return bool(group_words - {"mixed"}) and own not in group_words


def resolve_label(label: object) -> Ethnicity | None:
    """The ethnicity a label means, or None when it cannot be known without guessing.

    First the exact normalised label in the map; then a leading code token: one category letter,
    or two characters whose first is a category letter (an ESR sub-code), followed by text or
    nothing. An unlisted two-character code must be printed in capitals (as ESR does) unless the
    text confirms it, so that words such as "Do" or "No" are never read as codes.
    """
    key = normalise(label)
    own = TRUST_ETHNICITIES.get().get(key)
    if own is not None:
        return own
    mapping = load_ethnicity_map()
    if key in mapping:
        return mapping[key]
    raw = " ".join(str(label).split())
    match = re.match(r"^([A-Za-z][A-Za-z0-9]?)(?:[\s\-:]+(.*))?$", raw)
    if not match:
        return None
    token, rest = match.group(1), normalise(match.group(2) or "")
    letter = token[0].upper()
    if letter not in CODE_LETTERS or _conflicts(letter, rest):
        return None
    if len(token) == 2:
        if letter in "ZX":
            return None
        confirmed = _CONFIRMING_WORD.get(letter) in set(rest.split())
        if token.lower() in _NOT_CODES or not (confirmed or token.isupper() or token[1].isdigit()):
            return None
    return _category(letter)


def _row(value: object) -> object:
    """A spreadsheet row number as a plain int (pandas may hand back numpy integers)."""
    return int(value) if isinstance(value, numbers.Integral) else value


def _rows_text(rows: list[object]) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    return shown + (
        f" and {len(rows) - MAX_ROWS_LISTED} more" if len(rows) > MAX_ROWS_LISTED else ""
    )


def ethnicity_problems(
    series: pd.Series, file: str, column: str = "ethnic_origin"
) -> tuple[pd.DataFrame, list[Problem]]:
    """Classify what can be classified and describe every label that cannot (one problem each).

    Loaders use this to gather all of a file's problems before raising.
    """
    text = spaced_text(series)
    # A label table: each distinct label resolved once, then joined back onto the rows.
    codes, labels = label_codes(text)
    resolved = [resolve_label(label) for label in labels]
    problems = []
    for position, (label, ethnicity) in enumerate(zip(labels, resolved, strict=True)):
        if ethnicity is not None:
            continue
        rows = [_row(r) for r in text.index[codes == position]]
        problems.append(
            Problem(
                file,
                rows[0] if isinstance(rows[0], int) else None,
                column,
                label,
                "an ethnic category label (an NHS code A-S or Z, or a label in "
                f"{MAP_FILE}, or in maps/{MAP_FILE} in your folder); {len(rows)} row(s) have "
                f"this value: {_rows_text(rows)}",
            )
        )
    unknown = Ethnicity("", "", "")
    frame = pd.DataFrame(
        {
            name: spread([getattr(e or unknown, name) for e in resolved], codes, text, "str")
            for name in OUTPUT_COLUMNS
        },
        index=series.index,
    )
    return frame, problems


def classify_ethnicity(series: pd.Series, file: str, column: str = "ethnic_origin") -> pd.DataFrame:
    """``ethnic_code``, ``ethnic_group`` and ``wres_group`` for each label, aligned to the index.

    Raises InputError listing every distinct unrecognised label, how many rows have it and
    which (the index holds spreadsheet row numbers).
    """
    frame, problems = ethnicity_problems(series, file, column)
    if problems:
        raise InputError(problems)
    return frame


# Survey providers report aggregates per group under several names for the same thing.
_SURVEY_GROUPS: dict[str, str] = {
    "white": "White",
    "white british": "White",
    "all white": "White",
    "bme": "BME",
    "bame": "BME",
    "black asian and minority ethnic": "BME",
    "black and minority ethnic": "BME",
    "black asian and minority ethnic bame": "BME",
    "black asian and minority ethnic bme": "BME",
    "ethnic minority": "BME",
    "minority ethnic": "BME",
    "all other ethnic groups combined": "BME",
    "asian": "Asian",
    "asian or asian british": "Asian",
    "black": "Black",
    "black or black british": "Black",
    "mixed": "Mixed",
    "mixed multiple ethnic groups": "Mixed",
    "mixed or multiple ethnic groups": "Mixed",
    "other": "Other",
    "other ethnic group": "Other",
    "other ethnic groups": "Other",
    "any other ethnic group": "Other",
    "chinese or other ethnic group": "Other",
}
# No "Unknown": indicators 5 to 8 exclude unknown ethnicity (a provider's not-stated row is set
# aside by the loader, wres_lib.inputs.survey_checks.rows_used).
SURVEY_GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")


def survey_group(label: object) -> str | None:
    """The canonical group for a survey group label (``"BAME"`` -> ``"BME"``), or None."""
    return _SURVEY_GROUPS.get(normalise(label))


def classify_survey_groups(series: pd.Series, file: str, column: str = "group") -> pd.Series:
    """Canonical survey groups aligned to the index; unknown labels are an InputError."""
    groups, problems = survey_group_problems(series, file, column)
    if problems:
        raise InputError(problems)
    return groups


def survey_group_problems(
    series: pd.Series, file: str, column: str = "group"
) -> tuple[pd.Series, list[Problem]]:
    """Canonical survey groups (empty where unknown) and a problem for each unknown row."""
    groups = per_label(series, survey_group)
    problems = [
        Problem(
            file,
            _row(row) if isinstance(row, numbers.Integral) else None,
            column,
            series.loc[row],
            "an ethnic group: " + ", ".join(SURVEY_GROUPS) + " (or BAME)",
        )
        for row in series.index[groups.isna()]
    ]
    return groups.fillna("").astype("str"), problems
