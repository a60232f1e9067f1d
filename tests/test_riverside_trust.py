"""A trust folder as a real trust keeps it (tests/trusts/riverside): ESR-headed extracts with
day-first dates, a survey provider's full results, a training export whose staff number header
is mapped in the params, and the trust's own band and staff group rows in ``maps/``. It
validates, gives the counts the same records give in our own format, and builds end to end.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from wres_lib.cli import main
from wres_lib.inputs.loaders import load_year
from wres_lib.inputs.params import load_params
from wres_lib.inputs.tabular import read_table, write_csv
from wres_lib.measure.counts import counts_from_records

RIVERSIDE = Path(__file__).resolve().parent / "trusts" / "riverside"
YEAR = "2022-23"
DATA = Path("data") / YEAR

# The same records in our own format: headers, ISO dates, and the package's spellings.
OUR_HEADERS = {
    "esr_staff_in_post.csv": {
        "Employee Number": "staff_id",
        "Assignment Category": "assignment_category",
        "Ethnic Origin": "ethnic_origin",
        "Pay Band": "pay_band",
        "Staff Group": "staff_group",
        "Gender": "sex",
        "Disability Flag": "disability",
        "Organisation": "directorate",
        "Hire Date": "start_date",
        "Termination Date": "leaving_date",
    },
    "trac_shortlisting.csv": {
        "Applicant ID": "applicant_id",
        "Vacancy Reference": "vacancy_id",
        "Band": "pay_band",
        "Ethnicity": "ethnic_origin",
        "Internal or External": "internal_external",
        "Date Shortlisted": "shortlisted_date",
        "Appointed": "appointed",
        "Offer Declined": "offer_declined",
    },
    "er_cases.csv": {
        "Case Reference": "case_id",
        "Employee Number": "staff_id",
        "Date Opened": "date_opened",
        "Ethnic Origin": "ethnic_origin",
        "Assignment Category": "assignment_category",
    },
    "olm_non_mandatory.csv": {
        "Pay Number": "staff_id",
        "Course Name": "course",
        "Completion Date": "date",
    },
    "board_register.csv": {
        "Member": "member_id",
        "Role": "role",
        "Voting Member": "voting",
        "Executive Member": "executive",
        "Ethnic Origin": "ethnic_origin",
    },
}
OUR_SPELLINGS = {
    "Locum Consultant": "Consultant",
    "Nursing & Midwifery Reg": "Nursing and Midwifery Registered",
}
DATE_COLUMNS = {"start_date", "leaving_date", "shortlisted_date", "date_opened", "date"}
ETHNIC_GROUPS = {"White", "BME", "Asian", "Black", "Mixed", "Other"}


def our_own_format(root: Path) -> Path:
    """The riverside records rewritten as `wres init`'s templates have them; its params file."""
    (root / DATA).mkdir(parents=True)
    for name, headers in OUR_HEADERS.items():
        frame = read_table(RIVERSIDE / DATA / name, None)[list(headers)].rename(columns=headers)
        for column in DATE_COLUMNS & set(frame.columns):
            dates = pd.to_datetime(frame[column].where(frame[column] != ""), format="%d/%m/%Y")
            frame[column] = dates.dt.strftime("%Y-%m-%d").fillna("")
        write_csv(frame.replace(OUR_SPELLINGS), root / DATA / name)
    survey = read_table(RIVERSIDE / DATA / "nss_2022_full_results.csv", None)
    wanted = (
        survey["Question Number"].str.lower().isin(["q13a", "q13b", "q13c", "q13bc", "q15", "q16b"])
    )
    survey = survey[wanted & survey["Breakdown Value"].isin(ETHNIC_GROUPS)]
    write_csv(
        pd.DataFrame(
            {
                "survey_year": survey["Survey Year"],
                "staff_type": survey["Staff Type"],
                "question": survey["Question Number"].str.lower(),
                "group": survey["Breakdown Value"],
                "yes": survey["Yes"],
                "respondents": survey["Base"],
            }
        ),
        root / DATA / "nss_2022_full_results.csv",
    )
    (root / "params").mkdir()
    shutil.copy(RIVERSIDE / "params" / "defaults.yaml", root / "params")
    params = (RIVERSIDE / "params" / f"{YEAR}.yaml").read_text(encoding="utf-8")
    params = re.sub(r"    columns:\n      staff_id: Pay Number[^\n]*\n", "", params)
    (root / "params" / f"{YEAR}.yaml").write_text(params, encoding="utf-8")
    return root / "params" / f"{YEAR}.yaml"


def counts_of(params_file: Path) -> pd.DataFrame:
    params = load_params(params_file)
    return counts_from_records(params, load_year(params))


def test_riverside_validates_and_says_what_it_read_past(capsys) -> None:
    assert main(["validate", str(RIVERSIDE / "params" / f"{YEAR}.yaml")]) == 0
    out = capsys.readouterr().out
    assert "staff_record: 1800 rows" in out
    assert "pay_band_map.csv (1 label), staff_group_map.csv (1 label)" in out
    assert (
        "staff_record: 3 columns no indicator reads, ignored: 'Full Name', 'Position Title', 'FTE'"
        in out
    )
    assert "staff_survey: 1 column no indicator reads, ignored: 'Question Text'" in out
    assert "168 row(s) not used: 102 of 6 question(s) the params do not name" in out


def test_riverside_counts_are_those_of_the_same_records_in_our_format(tmp_path) -> None:
    delivered = counts_of(RIVERSIDE / "params" / f"{YEAR}.yaml")
    ours = counts_of(our_own_format(tmp_path))
    pd.testing.assert_frame_equal(delivered.reset_index(drop=True), ours.reset_index(drop=True))
    overall = delivered[(delivered["indicator"] == 1) & (delivered["measure"] == "overall")]
    assert dict(zip(overall["group"], overall["numerator"], strict=True))["BME"] > 0
    # The six Locum Consultants are counted as consultants (the trust's own map).
    consultants = delivered[
        (delivered["indicator"] == 1) & (delivered["measure"] == "medical|Consultant")
    ]
    assert consultants["denominator"].max() > 0


@pytest.mark.slow
def test_riverside_builds_end_to_end(tmp_path) -> None:
    out = tmp_path / "outputs"
    params = RIVERSIDE / "params" / f"{YEAR}.yaml"
    assert main(["report", "--params", str(params), "--outputs", str(out)]) == 0
    public = out / "R1X" / YEAR / "public"
    for name in ("wres_report.html", "wres_report.pdf", "wres_tables.xlsx"):
        assert (public / name).stat().st_size > 10_000
    html = (public / "wres_report.html").read_text(encoding="utf-8")
    assert "Riverside Community NHS Trust" in html
    assert "columns in the extracts" not in html  # how the extracts were read: internal only
    internal = (out / "R1X" / YEAR / "internal" / "wres_report.html").read_text(encoding="utf-8")
    assert "6 columns in the extracts that no indicator reads were ignored" in internal
    assert "168 rows of the Staff Survey results" in internal
