"""The ethnicity map: every spelling a trust's systems print resolves to the right NHS category,
and anything else is an error listing every bad label, never a guess."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wres_lib.errors import InputError
from wres_lib.inputs import ethnicity

LABELS = [
    # ESR's printed labels
    ("A White - British", "A", "White", "White"),
    ("B White - Irish", "B", "White", "White"),
    ("C White - Any other White background", "C", "White", "White"),
    ("CA White English", "C", "White", "White"),
    ("C2 White Northern Irish", "C", "White", "White"),
    ("C3 White Unspecified", "C", "White", "White"),
    ("CP White Polish", "C", "White", "White"),
    ("D Mixed - White & Black Caribbean", "D", "Mixed", "BME"),
    ("E Mixed - White & Black African", "E", "Mixed", "BME"),
    ("F Mixed - White & Asian", "F", "Mixed", "BME"),
    ("G Mixed - Any other mixed background", "G", "Mixed", "BME"),
    ("H Asian or Asian British - Indian", "H", "Asian", "BME"),
    ("J Asian or Asian British - Pakistani", "J", "Asian", "BME"),
    ("K Asian or Asian British - Bangladeshi", "K", "Asian", "BME"),
    ("L Asian or Asian British - Any other Asian background", "L", "Asian", "BME"),
    ("LK Asian Sri Lankan", "L", "Asian", "BME"),
    ("LH Asian British", "L", "Asian", "BME"),
    ("M Black or Black British - Caribbean", "M", "Black", "BME"),
    ("N Black or Black British - African", "N", "Black", "BME"),
    ("P Black or Black British - Any other Black background", "P", "Black", "BME"),
    ("PD Black British", "P", "Black", "BME"),
    ("R Chinese", "R", "Other", "BME"),
    ("S Any Other Ethnic Group", "S", "Other", "BME"),
    ("SC Filipino", "S", "Other", "BME"),
    ("Z Not Stated", "Z", "Unknown", "Unknown"),
    ("Unspecified", "Z", "Unknown", "Unknown"),
    ("", "Z", "Unknown", "Unknown"),
    # case and spaces
    ("  a   white -  british ", "A", "White", "White"),
    ("A WHITE - BRITISH", "A", "White", "White"),
    ("ca white english", "C", "White", "White"),
    ("lk  asian sri lankan", "L", "Asian", "BME"),
    ("   ", "Z", "Unknown", "Unknown"),
    # bare letters
    ("A", "A", "White", "White"),
    ("h", "H", "Asian", "BME"),
    (" n ", "N", "Black", "BME"),
    ("r", "R", "Other", "BME"),
    ("Z", "Z", "Unknown", "Unknown"),
    ("X", "Z", "Unknown", "Unknown"),
    # NHS Data Dictionary descriptions, without codes
    ("White - British", "A", "White", "White"),
    ("White - Irish", "B", "White", "White"),
    ("Mixed - White and Black Caribbean", "D", "Mixed", "BME"),
    ("Asian or Asian British - Pakistani", "J", "Asian", "BME"),
    ("Black or Black British - African", "N", "Black", "BME"),
    ("Other Ethnic Groups - Chinese", "R", "Other", "BME"),
    ("Other Ethnic Groups - Any other ethnic group", "S", "Other", "BME"),
    ("Indian", "H", "Asian", "BME"),
    ("Bangladeshi", "K", "Asian", "BME"),
    ("Chinese", "R", "Other", "BME"),
    # unknown spellings
    ("Not Stated", "Z", "Unknown", "Unknown"),
    ("Prefer not to say", "Z", "Unknown", "Unknown"),
    ("PREFER NOT TO SAY", "Z", "Unknown", "Unknown"),
    ("Not known", "Z", "Unknown", "Unknown"),
    ("N/A", "Z", "Unknown", "Unknown"),
    ("Do not wish to disclose", "Z", "Unknown", "Unknown"),
    # sub-codes not in the map, read from their first letter
    ("CZ White Martian", "C", "White", "White"),
    ("LQ Asian Other", "L", "Asian", "BME"),
    ("PX", "P", "Black", "BME"),
    ("H - Indian", "H", "Asian", "BME"),
]


@pytest.mark.parametrize(("label", "code", "group", "wres"), LABELS)
def test_label(label: str, code: str, group: str, wres: str) -> None:
    assert ethnicity.resolve_label(label) == ethnicity.Ethnicity(code, group, wres)


@pytest.mark.parametrize(
    "label",
    [
        "Martian",
        "British",  # could be White, Asian or Black British
        "A Black British",  # code and words disagree
        "Z White",
        "H White Irish",
        "DO NOT WISH TO TELL",  # "DO" is a word, not ESR sub-code D?
        "do not wish to tell",
        "no answer given",
        "cz martian",  # lower-case sub-code with nothing to confirm it
        "Q Something",  # Q is not a category letter
        "XY Foo",  # Z and X have no sub-codes
        "White",  # not enough to choose A, B or C
        "BME",
    ],
)
def test_label_not_guessed(label: str) -> None:
    assert ethnicity.resolve_label(label) is None


def test_classify_aligns_to_the_index() -> None:
    index = pd.RangeIndex(2, 6, name="row")
    series = pd.Series(["A White - British", None, "h", "SC Filipino"], index=index, dtype="str")
    frame = ethnicity.classify_ethnicity(series, "x.csv")
    assert frame.index.equals(index)
    assert list(frame.columns) == ["ethnic_code", "ethnic_group", "wres_group"]
    assert frame["ethnic_code"].tolist() == ["A", "Z", "H", "S"]
    assert frame["ethnic_group"].tolist() == ["White", "Unknown", "Asian", "Other"]
    assert frame["wres_group"].tolist() == ["White", "Unknown", "BME", "BME"]


def test_classify_lists_every_bad_label_with_count_and_rows() -> None:
    labels = ["Martian"] * 12 + ["A White - British", "Venusian"]
    series = pd.Series(labels, index=pd.RangeIndex(2, 2 + len(labels), name="row"))
    with pytest.raises(InputError) as info:
        ethnicity.classify_ethnicity(series, "staff.csv", "ethnic_origin")
    problems = info.value.problems
    assert [(p.file, p.row, p.column, p.value) for p in problems] == [
        ("staff.csv", 2, "ethnic_origin", "Martian"),
        ("staff.csv", 15, "ethnic_origin", "Venusian"),
    ]
    assert "12 row(s) have this value: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more" in (
        problems[0].expected
    )
    assert "1 row(s) have this value: 15" in problems[1].expected


def test_map_file_is_consistent() -> None:
    mapping = ethnicity.load_ethnicity_map()
    assert len(mapping) > 100
    for label, found in mapping.items():
        assert label == ethnicity.normalise(label)
        assert ethnicity.CATEGORY_GROUPS[found.ethnic_code] == found.ethnic_group
    for letter, group in ethnicity.CATEGORY_GROUPS.items():
        assert mapping[letter.lower()].ethnic_group == group
    assert mapping["a"].wres_group == "White" and mapping["s"].wres_group == "BME"


def test_map_is_loaded_once() -> None:
    assert ethnicity.load_ethnicity_map() is ethnicity.load_ethnicity_map()


@given(
    st.sampled_from(sorted(ethnicity.load_ethnicity_map())),
    st.lists(st.sampled_from([" ", "  ", "\t"]), min_size=2, max_size=2),
    st.booleans(),
)
def test_every_listed_label_survives_case_and_spaces(label: str, pads: list[str], upper) -> None:
    spelled = pads[0] + (label.upper() if upper else label.title()) + pads[1]
    spelled = spelled.replace(" ", "  ")
    assert ethnicity.resolve_label(spelled) == ethnicity.load_ethnicity_map()[label]


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("White", "White"),
        ("BME", "BME"),
        ("BAME", "BME"),
        ("Black, Asian and minority ethnic", "BME"),
        ("black asian & minority ethnic", "BME"),
        ("Asian", "Asian"),
        ("Asian or Asian British", "Asian"),
        ("Black", "Black"),
        (" mixed ", "Mixed"),
        ("Other", "Other"),
        ("Any other ethnic group", "Other"),
        ("Prefer not to say", None),
        ("Unknown", None),
        ("All", None),
    ],
)
def test_survey_group(label: str, group: str | None) -> None:
    assert ethnicity.survey_group(label) == group


def test_survey_groups_unknown_is_an_error() -> None:
    series = pd.Series(["White", "All staff", "BAME"], index=pd.RangeIndex(2, 5, name="row"))
    with pytest.raises(InputError) as info:
        ethnicity.classify_survey_groups(series, "survey.csv")
    assert [(p.row, p.column, p.value) for p in info.value.problems] == [(3, "group", "All staff")]
    good = ethnicity.classify_survey_groups(series.drop(3), "survey.csv")
    assert good.tolist() == ["White", "BME"]
