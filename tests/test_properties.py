"""Properties that must hold for any counts, not just the examples."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wres_lib.measure.counts import COUNTS_COLUMNS, counts_from_records
from wres_lib.measure.metrics import compute_metrics
from wres_lib.measure.statistics import katz_log_interval, rate_ratio, wilson_interval

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def proportion(draw: st.DrawFn, max_n: int = 5000) -> tuple[int, int]:
    n = draw(st.integers(1, max_n))
    return draw(st.integers(0, n)), n


@SETTINGS
@given(proportion(), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_wilson_contains_estimate_within_0_1(kn: tuple[int, int], level: float) -> None:
    k, n = kn
    low, high = wilson_interval(k, n, level)
    assert 0.0 <= low <= k / n <= high <= 1.0


@SETTINGS
@given(proportion(), proportion())
def test_swapping_groups_inverts_ratio_and_interval(
    top: tuple[int, int], bottom: tuple[int, int]
) -> None:
    (a, n1), (c, n2) = top, bottom
    forward, backward = katz_log_interval(a, n1, c, n2), katz_log_interval(c, n2, a, n1)
    if a == 0 or c == 0:
        assert forward is None and backward is None
        return
    assert rate_ratio(a, n1, c, n2) * rate_ratio(c, n2, a, n1) == pytest.approx(1.0)
    assert forward[0] == pytest.approx(1 / backward[1], rel=1e-9)
    assert forward[1] == pytest.approx(1 / backward[0], rel=1e-9)
    assert forward[0] <= rate_ratio(a, n1, c, n2) * (1 + 1e-12)
    assert rate_ratio(a, n1, c, n2) <= forward[1] * (1 + 1e-12)


GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")


@st.composite
def counts_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Counts for indicators 2, 3, 4 and 7, with zeros allowed everywhere."""
    rows = []
    for indicator, measure in ((2, "all"), (3, "all"), (3, "bank"), (4, "all"), (7, "all")):
        for group in draw(st.lists(st.sampled_from(GROUPS), unique=True, max_size=6)):
            k, n = draw(st.one_of(st.just((0, 0)), proportion(200)))
            rows.append(("org", "2021-22", indicator, measure, group, k, n))
    return pd.DataFrame(rows, columns=list(COUNTS_COLUMNS))


@SETTINGS
@given(counts_frames(), st.randoms(use_true_random=False))
def test_metrics_invariants(frame: pd.DataFrame, rnd) -> None:
    metrics = compute_metrics(frame)
    percent = metrics[metrics["statistic"] == "percent"]
    defined = percent["value"].notna()
    assert ((percent["value"][defined] >= 0) & (percent["value"][defined] <= 100)).all()
    assert (percent["ci_low"][defined] <= percent["value"][defined]).all()
    assert (percent["value"][defined] <= percent["ci_high"][defined]).all()
    ratios = metrics[(metrics["statistic"] == "relative_likelihood") & metrics["ci_low"].notna()]
    assert (ratios["ci_low"] <= ratios["value"] * (1 + 1e-12)).all()
    assert (ratios["value"] <= ratios["ci_high"] * (1 + 1e-12)).all()
    assert (metrics.loc[metrics["value"].isna(), "note"] != "").all()
    assert not metrics[["value", "ci_low", "ci_high"]].isin([math.inf, -math.inf]).any().any()
    # Row order of the counts never changes the result.
    order = list(range(len(frame)))
    rnd.shuffle(order)
    pd.testing.assert_frame_equal(compute_metrics(frame.iloc[order]), metrics)


@SETTINGS
@given(st.integers(1, 500), st.integers(0, 500), st.integers(1, 500), st.integers(0, 500))
def test_metrics_swap_white_and_bme_inverts_ratio(n1: int, a: int, n2: int, c: int) -> None:
    a, c = min(a, n1), min(c, n2)
    frame = pd.DataFrame(
        [("o", "2021-22", 4, "all", "White", a, n1), ("o", "2021-22", 4, "all", "BME", c, n2)],
        columns=list(COUNTS_COLUMNS),
    )
    swapped = frame.assign(group=["BME", "White"])

    def ratio(f: pd.DataFrame) -> pd.Series:
        m = compute_metrics(f)
        return m[m["statistic"] == "relative_likelihood"].iloc[0]

    forward, backward = ratio(frame), ratio(swapped)
    if a and c:
        assert forward.value * backward.value == pytest.approx(1.0)
        assert forward.ci_low * backward.ci_high == pytest.approx(1.0)
    else:
        assert forward.note != "" and backward.note != ""


# --- counts from random records equal counts by hand ----------------------------------------

ETHNIC = ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
BANDS = ("non-clinical|Band 2", "clinical|Band 5", "medical|Consultant")


def wres(ethnic: str) -> str:
    return ethnic if ethnic in ("White", "Unknown") else "BME"


@st.composite
def year_records(draw: st.DrawFn) -> SimpleNamespace:
    n_staff = draw(st.integers(1, 25))
    staff = pd.DataFrame(
        {
            "staff_id": [f"s{i}" for i in range(n_staff)],
            "ethnic_group": draw(
                st.lists(st.sampled_from(ETHNIC), min_size=n_staff, max_size=n_staff)
            ),
            "substantive": draw(st.lists(st.booleans(), min_size=n_staff, max_size=n_staff)),
            "band_row": draw(st.lists(st.sampled_from(BANDS), min_size=n_staff, max_size=n_staff)),
        }
    )
    staff["wres_group"] = staff["ethnic_group"].map(wres)
    ids = st.sampled_from([*staff["staff_id"], "leaver1", "leaver2"])
    training = pd.DataFrame({"staff_id": draw(st.lists(ids, max_size=30))})
    days = st.integers(0, 800)
    n_cases = draw(st.integers(0, 12))
    people = draw(st.lists(st.sampled_from(list(staff.index)), min_size=n_cases, max_size=n_cases))
    case_staff = staff.loc[people]
    disciplinary = pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(n_cases)],
            "staff_id": case_staff["staff_id"].to_list(),
            "date_opened": [
                pd.Timestamp("2022-03-31") - pd.Timedelta(days=d)
                for d in draw(st.lists(days, min_size=n_cases, max_size=n_cases))
            ],
            "ethnic_group": case_staff["ethnic_group"].to_list(),
            "wres_group": case_staff["wres_group"].to_list(),
            "substantive": case_staff["substantive"].to_list(),
        }
    )
    return SimpleNamespace(
        staff_record=staff,
        recruitment=None,
        disciplinary=disciplinary,
        training=training,
        staff_survey=None,
        board=None,
    )


def in_group(ethnic: str, group: str) -> bool:
    return wres(ethnic) == group if group in ("White", "BME") else ethnic == group


@SETTINGS
@given(year_records())
def test_counts_from_records_equal_counts_by_hand(data: SimpleNamespace) -> None:
    params = SimpleNamespace(org="o", year="2021-22", snapshot_date=dt.date(2022, 3, 31))
    frame = counts_from_records(params, data)
    got = {
        (r.indicator, r.measure, r.group): (r.numerator, r.denominator) for r in frame.itertuples()
    }
    expected: dict[tuple, tuple[int, int]] = {}
    people = list(data.staff_record.itertuples())
    subs = [p for p in people if p.substantive]
    bank = [p for p in people if not p.substantive]

    def profile(measure: str, members: list) -> None:
        known = [p for p in members if p.wres_group != "Unknown"]
        for group in GROUPS:
            if known:
                hits = sum(in_group(p.ethnic_group, group) for p in known)
                expected[(1, measure, group)] = (hits, len(known))
        if members:
            unknown = sum(p.wres_group == "Unknown" for p in members)
            expected[(1, measure, "Unknown")] = (unknown, len(members))

    profile("overall", subs)
    for band in BANDS:
        profile(band, [p for p in subs if p.band_row == band])
    profile("bank", bank)

    trained = set(data.training["staff_id"])
    snapshot = pd.Timestamp("2022-03-31")
    latest: dict[str, dict[str, str]] = {"all": {}, "two-year": {}, "bank": {}}
    for case in data.disciplinary.sort_values(["date_opened", "case_id"]).itertuples():
        if case.wres_group == "Unknown" or case.date_opened > snapshot:
            continue
        within_one = case.date_opened > snapshot - pd.DateOffset(years=1)
        within_two = case.date_opened > snapshot - pd.DateOffset(years=2)
        if case.substantive and within_one:
            latest["all"][case.staff_id] = case.ethnic_group
        if case.substantive and within_two:
            latest["two-year"][case.staff_id] = case.ethnic_group
        if not case.substantive and within_one:
            latest["bank"][case.staff_id] = case.ethnic_group
    for group in GROUPS:
        members = [p for p in subs if in_group(p.ethnic_group, group)]
        if members:
            hits = sum(p.staff_id in trained for p in members)
            expected[(4, "all", group)] = (hits, len(members))
        for measure, population in (("all", subs), ("two-year", subs), ("bank", bank)):
            headcount = sum(in_group(p.ethnic_group, group) for p in population)
            if headcount:
                cases = sum(in_group(e, group) for e in latest[measure].values())
                expected[(3, measure, group)] = (cases, headcount)
    assert got == expected
    leavers = int((~data.training["staff_id"].isin(data.staff_record["staff_id"])).sum())
    assert frame.attrs["excluded"]["training_not_in_snapshot"] == leavers
