"""Staff Survey files as delivered (issue 23 item 2): a provider's or NHS England's full results,
every question and breakdown, are read; the rows that are not WRES figures are said once; a
question id the params name that the file lacks is blamed on the params line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wres_lib.cli import main
from wres_lib.errors import InputError
from wres_lib.inputs import ethnicity, survey_checks
from wres_lib.inputs.loaders import load_staff_survey
from wres_lib.inputs.params import PLACEHOLDER, load_params
from wres_lib.publish.init_folder import REPOSITORY, _latest_year_file, _read, trust_year

Rows = list[list[object]]
MakeYear = Callable[..., Path]
HEADER = ["survey_year", "staff_type", "question", "group", "yes", "respondents"]
# The params' questions (tests/conftest.py PARAMS_TEMPLATE): 5 all, 6 all/managers/colleagues.
NAMED = ("q14a", "q14bc", "q14b", "q14c")
ETHNIC = {"White": (120, 400), "BME": (30, 90), "Asian": (12, 40)}
ETHNIC |= {"Black": (9, 25), "Mixed": (5, 15), "Other": (4, 10)}
OTHER_QUESTIONS = ("q21", "q2a", "q13d", "q1", "q10")
BREAKDOWNS = (
    "Female",
    "Male",
    "Non-binary",
    "Prefer to self-describe",
    "16-20",
    "21-30",
    "31-40",
    "41-50",
    "51-65",
    "66+",
    "Disabled",
    "Not disabled",
    "Heterosexual or straight",
    "Gay or Lesbian",
    "Bisexual",
    "No religion",
    "Christian",
    "Muslim",
    "All staff",
    "Prefer not to say",
)


def trimmed_rows() -> Rows:
    """The file as the loader has wanted it until now: the named questions by ethnic group."""
    rows: Rows = [HEADER]
    for number, question in enumerate(NAMED):
        for group, (yes, respondents) in ETHNIC.items():
            rows.append([2021, "Substantive", question, group, yes + number, respondents])
        rows.append([2021, "Bank", question, "White", 3 + number, 30])
        rows.append([2021, "Bank", question, "BME", 2, 20 + number])
    return rows


def provider_rows() -> Rows:
    """The same figures inside a provider's full results: every question, every breakdown
    (small numbers suppressed with ``*`` outside ethnicity), in the provider's own order."""
    body = trimmed_rows()[1:]
    for question in (*NAMED, *OTHER_QUESTIONS):
        for group in BREAKDOWNS:
            yes = "*" if group in ("Non-binary", "16-20") else 7
            body.append([2021, "Substantive", question, group, yes, 50])
    for question in OTHER_QUESTIONS:
        for group, (yes, respondents) in ETHNIC.items():
            body.append([2021, "Substantive", question, group, yes, respondents])
    body.sort(key=lambda row: (str(row[2]), str(row[3])))  # not the order the loader wants
    return [HEADER, *body]


def survey_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """A loaded survey without its spreadsheet row numbers, in one order."""
    keys = ["staff_type", "question", "group"]
    return frame.sort_values(keys).reset_index(drop=True)


# --- a provider's full results -----------------------------------------------------------------


def test_a_full_results_file_builds_the_same_survey_as_the_trimmed_file(
    tmp_path: Path, make_year: MakeYear, csv_writer
) -> None:
    params = load_params(make_year({}))
    trimmed = load_staff_survey(csv_writer(tmp_path / "trimmed.csv", trimmed_rows()), None, params)
    path = csv_writer(tmp_path / "full.csv", provider_rows())
    full = load_staff_survey(path, None, params)
    pd.testing.assert_frame_equal(survey_figures(full), survey_figures(trimmed))
    assert len(full) == len(trimmed) == 4 * (6 + 2)
    substantive = full[full["substantive"] & (full["question"] == "q14bc")]
    assert dict(zip(substantive["group"], substantive["yes"], strict=True))["White"] == 121
    assert trimmed.attrs["rows_not_used"] == 0 and trimmed.attrs["rows_not_used_note"] == ""
    # Said once: 5 other questions x (20 breakdowns + 6 ethnic groups), and the 4 named
    # questions' 20 other breakdowns each.
    assert full.attrs["rows_not_used"] == 5 * 26 + 4 * 20
    assert full.attrs["rows_not_used_note"] == (
        f"{path}: 210 row(s) not used: 130 of 5 question(s) the params do not name "
        "(q1, q2a, q10, q13d, q21); 80 of breakdowns other than ethnicity or of no stated group "
        "(16-20, 21-30, 31-40, 41-50, 51-65, ...)"
    )
    # Suppressed cells outside ethnicity are not the finer groups' business.
    assert full.attrs["finer_groups_suppressed"] == 0
    assert full.attrs["finer_groups_not_supplied"] == 0


def test_a_full_results_file_validates(make_year: MakeYear, good_rows, capsys) -> None:
    good_rows["staff_survey"] = provider_rows()
    assert main(["validate", str(make_year(good_rows))]) == 0, capsys.readouterr().err
    assert "staff_survey: 32 rows" in capsys.readouterr().out


def test_unused_rows_are_noted_in_file_order_of_first_sight(
    tmp_path: Path, make_year: MakeYear, csv_writer
) -> None:
    rows = trimmed_rows()
    rows += [[2021, "Substantive", "q14a", "Male", 1, 2], [2021, "Bank", "Q99", "White", 1, 2]]
    rows += [[2021, "Substantive", "q14b", "Female", 1, 2], [2021, "Bank", "q14a", "Male", 1, 2]]
    path = csv_writer(tmp_path / "s.csv", rows)
    frame = load_staff_survey(path, None, load_params(make_year({})))
    assert frame.attrs["rows_not_used"] == 4
    assert frame.attrs["rows_not_used_note"] == (
        f"{path}: 4 row(s) not used: 1 of 1 question(s) the params do not name (q99); "
        "3 of breakdowns other than ethnicity or of no stated group (Male, Female)"
    )


# --- the named questions are checked as strictly as before ---------------------------------------


def _problems(path: Path, params_file: Path) -> list[tuple[int | None, str | None, object]]:
    with pytest.raises(InputError) as raised:
        load_staff_survey(path, None, load_params(params_file))
    assert {p.file for p in raised.value.problems} == {str(path)}
    return [(p.row, p.column, p.value) for p in raised.value.problems]


def _row_of(rows: Rows, question: str, group: str, staff_type: str = "Substantive") -> int:
    """The spreadsheet row (header = 1) of one row of the file."""
    return next(
        number
        for number, row in enumerate(rows, start=1)
        if row[1:4] == [staff_type, question, group]
    )


def test_named_questions_rows_are_still_checked(
    tmp_path: Path, make_year: MakeYear, csv_writer
) -> None:
    rows = provider_rows()
    bad_count = _row_of(rows, "q14a", "Black")
    too_many = _row_of(rows, "q14bc", "White")
    unknown = _row_of(rows, "q14c", "Mixed")
    rows[bad_count - 1][4] = "12.0"
    rows[too_many - 1][4] = 999
    rows[unknown - 1][3] = "White Irish"  # looks ethnic, is not a survey group: never set aside
    # The same faults on a question the params do not name are not WRES figures.
    rows[_row_of(rows, "q10", "Black") - 1][4] = "12.0"
    rows[_row_of(rows, "q1", "Mixed") - 1][3] = "White Irish"
    found = _problems(csv_writer(tmp_path / "s.csv", rows), make_year({}))
    assert found == [
        (bad_count, "yes", "12.0"),
        (too_many, "yes", "999"),
        (unknown, "group", "White Irish"),
    ]


def test_a_duplicate_of_a_named_question_is_still_an_error(
    tmp_path: Path, make_year: MakeYear, csv_writer
) -> None:
    rows = provider_rows()
    first = _row_of(rows, "q14b", "Asian")
    rows.append(list(rows[first - 1]))
    rows.append(list(rows[_row_of(rows, "q13d", "Asian") - 1]))  # another question's twin
    found = _problems(csv_writer(tmp_path / "s.csv", rows), make_year({}))
    assert found == [(first, "question", "q14b"), (len(rows) - 1, "question", "q14b")]


def test_a_suppressed_bme_row_of_a_named_question_is_still_an_error(
    tmp_path: Path, make_year: MakeYear, csv_writer
) -> None:
    rows = provider_rows()
    row = _row_of(rows, "q14a", "BME")
    rows[row - 1][5] = "*"
    assert _problems(csv_writer(tmp_path / "s.csv", rows), make_year({})) == [
        (row, "respondents", "*")
    ]


@pytest.mark.parametrize(
    ("label", "other"),
    [
        ("Female", True),
        ("non-binary", True),
        ("16-20", True),
        ("Aged 21 to 30", True),
        ("66+", True),
        ("All staff", True),
        ("Prefer not to say", True),
        ("Other", False),  # the ethnic group, whatever else a provider calls Other
        ("Mixed", False),
        ("White Irish", False),
        ("Chinese", False),
        ("Whyte", False),
        ("", False),
    ],
)
def test_other_breakdown_labels(label: str, other: bool) -> None:
    assert survey_checks.other_breakdown(label) is other


def test_no_other_breakdown_label_is_an_ethnic_group() -> None:
    for label in survey_checks.OTHER_BREAKDOWNS:
        assert ethnicity.survey_group(label) is None, label
        resolved = ethnicity.resolve_label(label)
        assert resolved is None or resolved.wres_group == "Unknown", label


# --- a params question id the file lacks ----------------------------------------------------------


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_params_typo_is_blamed_on_the_params_line(make_year: MakeYear, good_rows, capsys) -> None:
    good_rows["staff_survey"] = provider_rows()
    params = make_year(good_rows)
    params.write_text(params.read_text().replace("all: q14bc", "all: q14x"))
    with pytest.raises(InputError) as raised:
        load_staff_survey(params.parent / "data" / "staff_survey.csv", None, load_params(params))
    [problem] = raised.value.problems  # the data rows are not blamed
    survey = params.parent / "data" / "staff_survey.csv"
    assert (problem.file, problem.row) == (str(params), _line_of(params, "q14x"))
    assert (problem.column, problem.value) == ("survey.questions.6.all", "q14x")
    assert problem.expected == (
        f"the id of a question in {survey} (indicator 6, all), as the file writes it; its 9 "
        "question ids: q1, q2a, q10, q13d, q14a, q14b, q14bc, q14c, q21"
    )
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert f"{params}, row {_line_of(params, 'q14x')}, column 'survey.questions.6.all'" in err
    assert f"{survey}, row" not in err


def test_a_question_in_the_defaults_is_blamed_on_the_defaults_line(
    make_year: MakeYear, good_rows
) -> None:
    params = make_year(good_rows)
    year_text, survey = params.read_text().split("survey:\n")
    params.write_text(year_text)
    defaults = params.parent / "defaults.yaml"
    defaults.write_text("# the trust's defaults\nsurvey:\n" + survey.replace("q14a", "Q14Z"))
    with pytest.raises(InputError) as raised:
        load_staff_survey(params.parent / "data" / "staff_survey.csv", None, load_params(params))
    [problem] = raised.value.problems
    assert (problem.file, problem.row) == (str(defaults), _line_of(defaults, "Q14Z"))
    assert (problem.column, problem.value) == ("survey.questions.5.all", "Q14Z")
    assert problem.expected.endswith("its 4 question ids: q14a, q14b, q14bc, q14c")


def test_a_long_list_of_the_files_questions_is_cut_short(
    tmp_path: Path, make_year: MakeYear, csv_writer
) -> None:
    rows = trimmed_rows() + [[2021, "Substantive", f"q{n}", "White", 1, 2] for n in range(30)]
    params = make_year({})
    params.write_text(params.read_text().replace("5: {all: q14a}", "5: {all: q14x}"))
    with pytest.raises(InputError) as raised:
        load_staff_survey(csv_writer(tmp_path / "s.csv", rows), None, load_params(params))
    [problem] = raised.value.problems
    first = [f"q{n}" for n in range(15)] + ["q14a", "q14b", "q14bc", "q14c", "q15"]
    assert problem.expected.endswith(f"its 34 question ids: {', '.join(first)} and 14 more")


# --- a column the file lacks ---------------------------------------------------------------------


@pytest.mark.parametrize("header", ["yess", None])
def test_a_misspelt_or_missing_yes_column_names_the_file_and_column(
    header: str | None, make_year: MakeYear, good_rows, capsys
) -> None:
    rows = provider_rows()
    if header is None:
        rows = [row[:4] + row[5:] for row in rows]
    else:
        rows[0][4] = header
    good_rows["staff_survey"] = rows
    params = make_year(good_rows)
    survey = params.parent / "data" / "staff_survey.csv"
    with pytest.raises(InputError) as raised:
        load_staff_survey(survey, None, load_params(params))
    assert [(p.file, p.column) for p in raised.value.problems] == [(str(survey), "yes")]
    assert main(["validate", str(params)]) == 2
    err = capsys.readouterr().err
    assert f"{survey}, row 1, column 'yes'" in err and "KeyError" not in err


# --- wres init's placeholders ---------------------------------------------------------------


def test_init_says_which_survey_question_each_placeholder_wants() -> None:
    template = _read(_latest_year_file(REPOSITORY / "params"))
    written = trust_year(template, "2024-25")
    demo = template["survey"]
    questions = written["survey"]["questions"]
    assert written["survey"]["survey_year"] == 2024
    assert set(questions) == set(demo["questions"])
    texts = [text for measures in questions.values() for text in measures.values()]
    assert all(text.startswith(PLACEHOLDER) for text in texts)
    assert len(set(texts)) == len(texts)  # no two alike
    for indicator, measures in demo["questions"].items():
        for measure, example in measures.items():
            text = questions[indicator][measure]
            assert f"indicator {indicator} ({measure})" in text
            assert f"e.g. {example} in the {demo['survey_year']} survey" in text
    six = questions[6]
    assert "from staff (managers or colleagues)" in six["all"]
    assert "combined" in six["all"]
    assert "from managers" in six["managers"]
    assert "from other colleagues" in six["colleagues"]
    assert "patients" in questions[5]["all"]
    assert "career progression" in questions[7]["all"]
    assert "discrimination" in questions[8]["all"]
    # The placeholders survive the YAML wres init writes.
    assert yaml.safe_load(yaml.safe_dump(written))["survey"]["questions"] == questions
