"""The demo trust: deterministic, in the extract format, and calibrated like a real trust."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
import yaml

from wres_lib.demo.shape import SURVEY_QUESTIONS
from wres_lib.demo.trust import build_demo_tables, generate_demo_trust
from wres_lib.inputs.schemas import COLUMNS

PARAMS = Path(__file__).resolve().parent.parent / "params"
YEARS = ("2018-19", "2019-20", "2020-21", "2021-22", "2022-23")
FILES = tuple(f"{name}.csv" for name in COLUMNS)
MEDICAL_GRADES = {
    "Consultant",
    "Specialty Doctor",
    "Associate Specialist",
    "Specialty Registrar",
    "Foundation Year 1",
    "Foundation Year 2",
    "Core Training",
    "Medical Director",
}
ALLOWED_LABELS = {
    "A White - British",
    "B White - Irish",
    "C White - Any other White background",
    "CA White English",
    "C2 White Northern Irish",
    "CP White Polish",
    "D Mixed - White & Black Caribbean",
    "E Mixed - White & Black African",
    "F Mixed - White & Asian",
    "G Mixed - Any other mixed background",
    "H Asian or Asian British - Indian",
    "J Asian or Asian British - Pakistani",
    "K Asian or Asian British - Bangladeshi",
    "L Asian or Asian British - Any other Asian background",
    "LK Asian Sri Lankan",
    "M Black or Black British - Caribbean",
    "N Black or Black British - African",
    "P Black or Black British - Any other Black background",
    "R Chinese",
    "S Any Other Ethnic Group",
    "SC Filipino",
    "Z Not Stated",
    "Unspecified",
    "",
}


def wres_group(labels: pd.Series) -> pd.Series:
    """The test's own rule: first letter A-C White, D-S BME, anything else unknown."""
    first = labels.str.strip().str.upper().str[:1]
    return first.map(
        lambda c: "White" if c in ("A", "B", "C") else "BME" if "D" <= c <= "S" else "Unknown"
    )


def year_bounds(year: str) -> tuple[str, str]:
    start = int(year[:4])
    return f"{start}-04-01", f"{start + 1}-03-31"


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.csv"))
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("demo") / "demo"
    return out, generate_demo_trust(out)


def read(demo: tuple[Path, list[Path]], year: str, name: str) -> pd.DataFrame:
    return pd.read_csv(demo[0] / year / f"{name}.csv", dtype=str, keep_default_na=False)


def test_same_seed_gives_byte_identical_files_and_overwrites(demo, tmp_path):
    out = tmp_path / "demo"
    (out / "2018-19").mkdir(parents=True)
    (out / "2018-19" / "board.csv").write_text("stale\n")
    (out / "2018-19" / "notes.txt").write_text("keep me\n")
    generate_demo_trust(out)
    assert digests(out) == digests(demo[0])
    assert len(digests(out)) == 30
    assert (out / "2018-19" / "notes.txt").read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo"]  # no staging left behind


def test_another_seed_gives_another_trust(demo):
    other = build_demo_tables(seed=7)["2018-19", "staff_record"]
    assert not other["staff_id"].equals(read(demo, "2018-19", "staff_record")["staff_id"])


def test_folders_files_and_headers(demo):
    out, written = demo
    assert written == [out / year / name for year in YEARS for name in FILES]
    assert sorted(p.name for p in out.iterdir()) == list(YEARS)
    for year in YEARS:
        assert sorted(p.name for p in (out / year).iterdir()) == sorted(FILES)
        for name, columns in COLUMNS.items():
            raw = (out / year / f"{name}.csv").read_bytes()
            assert b"\r" not in raw
            assert raw.split(b"\n", 1)[0].decode() == ",".join(columns)


@pytest.mark.parametrize("year", YEARS)
def test_staff_record_snapshot(demo, year):
    staff = read(demo, year, "staff_record")
    bank = staff["assignment_category"] == "Bank"
    assert set(staff["assignment_category"]) == {"Permanent", "Fixed Term Temp", "Bank"}
    assert 5200 <= (~bank).sum() <= 5900
    assert 850 <= bank.sum() <= 1150
    assert staff["staff_id"].is_unique
    assert staff["staff_id"].str.fullmatch(r"E\d{6}").all()
    assert (staff["leaving_date"] == "").all()
    snapshot = year_bounds(year)[1]
    assert (staff["start_date"] < snapshot).all()
    assert pd.to_datetime(staff["start_date"], format="%Y-%m-%d").notna().all()
    medical = staff["staff_group"] == "Medical and Dental"
    assert (staff["pay_band"].isin(MEDICAL_GRADES) == medical).all()
    assert set(staff["disability"]) == {"Yes", "No", "Not Declared"}
    unknown = (wres_group(staff["ethnic_origin"]) == "Unknown").mean()
    assert 0.015 <= unknown <= 0.05


def test_ethnic_labels_come_from_the_agreed_set(demo):
    seen: set[str] = set()
    for year in YEARS:
        for name in ("staff_record", "recruitment", "disciplinary", "board"):
            seen |= set(read(demo, year, name)["ethnic_origin"])
    canonical = {label.casefold() for label in ALLOWED_LABELS}
    assert {label.strip().casefold() for label in seen} <= canonical
    assert {"", "Unspecified", "Z Not Stated", "LK Asian Sri Lankan"} <= seen
    assert any(label != label.strip() for label in seen)  # ESR's stray spaces are there
    assert any(label.islower() for label in seen)


def test_bme_share_is_about_a_quarter_and_rising(demo):
    shares = []
    for year in YEARS:
        staff = read(demo, year, "staff_record")
        groups = wres_group(staff.loc[staff["assignment_category"] != "Bank", "ethnic_origin"])
        known = groups[groups != "Unknown"]
        shares.append((known == "BME").mean())
    assert all(0.2 <= share <= 0.3 for share in shares)
    assert shares[-1] > shares[0] + 0.02


def test_bme_under_represented_from_band_8b_and_over_in_medical(demo):
    staff = read(demo, "2022-23", "staff_record")
    staff = staff[staff["assignment_category"] != "Bank"].assign(
        group=lambda f: wres_group(f["ethnic_origin"])
    )
    known = staff[staff["group"] != "Unknown"]
    senior = known["pay_band"].isin(
        ["Band 8 - Range B", "Band 8 - Range C", "Band 8 - Range D", "Band 9"]
    )
    medical = known["staff_group"] == "Medical and Dental"
    assert 1 <= (known.loc[senior, "group"] == "BME").sum() <= 20  # a handful: small cells
    assert (known.loc[senior, "group"] == "BME").mean() < 0.15
    assert 0.55 <= (known.loc[medical, "group"] == "BME").mean() <= 0.75


@pytest.mark.parametrize("year", YEARS)
def test_white_bme_appointment_ratio(demo, year):
    recruits = read(demo, year, "recruitment")
    assert 5000 <= len(recruits) <= 6500
    first, last = year_bounds(year)
    assert recruits["shortlisted_date"].between(first, last).all()
    declined = recruits["offer_declined"] == "Yes"
    assert declined.sum() > 0 and (recruits.loc[declined, "appointed"] == "Yes").all()
    counted = recruits[~declined].assign(group=lambda f: wres_group(f["ethnic_origin"]))
    rate = counted.groupby("group")["appointed"].apply(lambda s: (s == "Yes").mean())
    assert 1.4 <= rate["White"] / rate["BME"] <= 2.0
    known = counted[counted["group"] != "Unknown"]
    assert 0.33 <= (known["group"] == "BME").mean() <= 0.43


@pytest.mark.parametrize("year", YEARS)
def test_disciplinary_cases_inside_the_two_year_window(demo, year):
    cases = read(demo, year, "disciplinary")
    start = int(year[:4])
    assert cases["date_opened"].between(f"{start - 1}-04-01", f"{start + 1}-03-31").all()
    assert cases["case_id"].is_unique
    last_year = cases[cases["date_opened"] >= f"{start}-04-01"]
    substantive = last_year["assignment_category"] != "Bank"
    assert 8 <= substantive.sum() <= 20
    assert 1 <= (~substantive).sum() <= 8


def test_disciplinary_cases_keep_their_ids_across_files(demo):
    later = read(demo, "2019-20", "disciplinary").set_index("case_id")
    earlier = read(demo, "2018-19", "disciplinary").set_index("case_id")
    shared = earlier.index.intersection(later.index)
    assert len(shared) >= 8
    assert earlier.loc[shared].equals(later.loc[shared])


def test_bme_bank_staff_more_often_investigated(demo):
    cases, staff = [], []
    for year in YEARS:
        frame = read(demo, year, "disciplinary")
        cases.append(frame[frame["date_opened"] >= year_bounds(year)[0]])
        staff.append(read(demo, year, "staff_record"))
    cases_all, staff_all = pd.concat(cases), pd.concat(staff)
    bank_cases = wres_group(
        cases_all.loc[cases_all["assignment_category"] == "Bank", "ethnic_origin"]
    )
    bank_staff = wres_group(
        staff_all.loc[staff_all["assignment_category"] == "Bank", "ethnic_origin"]
    )
    rate = {g: (bank_cases == g).sum() / (bank_staff == g).sum() for g in ("White", "BME")}
    assert rate["BME"] / rate["White"] > 1.5


@pytest.mark.parametrize("year", YEARS)
def test_training_mostly_snapshot_staff_and_white_slightly_more_likely(demo, year):
    training = read(demo, year, "training")
    staff = read(demo, year, "staff_record")
    first, last = year_bounds(year)
    assert training["date"].between(first, last).all()
    outside = ~training["staff_id"].isin(staff["staff_id"])
    assert 1 <= outside.sum() <= 60  # leavers' records, as real extracts have
    substantive = staff[staff["assignment_category"] != "Bank"].assign(
        group=lambda f: wres_group(f["ethnic_origin"]),
        trained=lambda f: f["staff_id"].isin(training["staff_id"]),
    )
    rate = substantive.groupby("group")["trained"].mean()
    assert 0.6 <= rate["White"] <= 0.9
    assert 1.0 < rate["White"] / rate["BME"] < 1.15


def test_survey_question_ids_agree_with_params():
    for year in YEARS:
        survey = yaml.safe_load((PARAMS / f"{year}.yaml").read_text())["survey"]
        assert SURVEY_QUESTIONS[survey["survey_year"]] == survey["questions"]


@pytest.mark.parametrize("year", YEARS)
def test_survey_aggregates(demo, year):
    survey = read(demo, year, "staff_survey")
    params = yaml.safe_load((PARAMS / f"{year}.yaml").read_text())["survey"]
    assert set(survey["survey_year"]) == {str(params["survey_year"])}
    ids = {q for measures in params["questions"].values() for q in measures.values()}
    assert set(survey["question"]) == ids
    types = {"Substantive", "Bank"} if params["survey_year"] >= 2021 else {"Substantive"}
    assert set(survey["staff_type"]) == types
    survey[["yes", "respondents"]] = survey[["yes", "respondents"]].astype(int)
    assert (survey["yes"] <= survey["respondents"]).all()
    for (staff_type, _question), rows in survey.groupby(["staff_type", "question"]):
        rows = rows.set_index("group")
        assert list(rows.index) == ["White", "BME", "Asian", "Black", "Mixed", "Other"]
        finer = rows.loc[["Asian", "Black", "Mixed", "Other"]].sum()
        assert finer["yes"] == rows.loc["BME", "yes"]
        assert finer["respondents"] == rows.loc["BME", "respondents"]
        white, bme = rows.loc["White", "respondents"], rows.loc["BME", "respondents"]
        if staff_type == "Substantive":
            assert 2100 <= white <= 2800 and 450 <= bme <= 620
        else:
            assert 80 <= white <= 130 and 40 <= bme <= 70


def test_survey_rates_like_the_seed_trust(demo):
    survey = pd.concat(read(demo, year, "staff_survey") for year in YEARS)
    survey = survey[survey["staff_type"] == "Substantive"]
    survey[["yes", "respondents"]] = survey[["yes", "respondents"]].astype(int)
    pooled = survey.groupby(["question", "group"])[["yes", "respondents"]].sum()
    rate = pooled["yes"] / pooled["respondents"]
    assert rate["q16b", "BME"] > 1.5 * rate["q16b", "White"]  # indicator 8, 2020-2022
    assert rate["q15", "White"] - rate["q15", "BME"] > 0.08  # indicator 7
    assert rate["q14a", "Black"] > rate["q14a", "White"] + 0.1  # indicator 5


def test_board_has_a_few_bme_members_rising(demo):
    counts = []
    for year in YEARS:
        board = read(demo, year, "board")
        assert 12 <= len(board) <= 14
        assert board["member_id"].is_unique
        assert set(board["voting"]) | set(board["executive"]) <= {"Yes", "No"}
        assert {"Chair", "Chief Executive", "Non-Executive Director"} <= set(board["role"])
        counts.append((wres_group(board["ethnic_origin"]) == "BME").sum())
    assert all(1 <= c <= 3 for c in counts)
    assert counts == sorted(counts) and counts[-1] > counts[0]
