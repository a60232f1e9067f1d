"""Disclosure control: tables where primary suppression alone leaks are caught and fixed."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wres_lib.errors import PublishingBlocked
from wres_lib.inputs.params import Disclosure
from wres_lib.protect.audit import audit
from wres_lib.protect.problem import DisclosureProblem, Position
from wres_lib.protect.suppression import audit_summary, primary_cells, require_protected, suppress

DEFAULT = Disclosure()


def band_table() -> tuple[DisclosureProblem, dict[tuple[str, str], str]]:
    """Two bands by White/BME with totals; Band 8b has 3 BME staff beside a shown total."""
    frame = pd.DataFrame(
        {"White": [50, 40, 90], "BME": [3, 30, 33], "All": [53, 70, 123]},
        index=["Band 8b", "Band 7", "Total"],
    )
    problem = DisclosureProblem()
    keys = problem.add_grid("Table 1", frame, total_row="Total", total_column="All")
    return problem, keys


def test_one_hidden_cell_beside_a_total_is_caught_and_fixed() -> None:
    problem, keys = band_table()
    bme = keys[("Band 8b", "BME")]
    assert primary_cells(problem, DEFAULT) == {bme}

    leaked = audit(problem, {bme}, DEFAULT)
    assert (leaked.bounds[bme].lower, leaked.bounds[bme].upper) == (3, 3)
    assert not leaked.ok
    with pytest.raises(PublishingBlocked, match=r"Table 1, row 'Band 8b', column 'BME'"):
        require_protected(leaked)

    result = suppress(problem, DEFAULT)
    assert result.audit.ok
    require_protected(result)
    # The smallest cells beside it: White in Band 8b (50 < 53) and Band 7 BME/White (30, 40).
    assert result.secondary == {
        keys[("Band 8b", "White")],
        keys[("Band 7", "BME")],
        keys[("Band 7", "White")],
    }
    table = result.render("Table 1")
    assert table.loc["Band 8b", "BME"] == "R"
    assert table.loc["Band 8b", "All"] == "53"
    assert table.loc["Total", "BME"] == "33"
    for bounds in result.audit.bounds.values():
        assert bounds.upper - bounds.lower >= DEFAULT.width
    # An independent, exact re-audit of the published pattern agrees.
    assert audit(problem, result.hidden, DEFAULT, exact=True).ok


def linked_tables(with_grouped: bool = True) -> tuple[DisclosureProblem, dict[str, str]]:
    """Table A: BME n out of known headcount per band; Table B: the grouped band row."""
    p = DisclosureProblem()
    k = {
        "bme_8b": p.count("8b|BME", 4),
        "known_8b": p.count("8b|Known", 30),
        "bme_8c": p.count("8c|BME", 25),
        "known_8c": p.count("8c|Known", 40),
    }
    p.show_fraction("Table A", "Band 8b", "BME", k["bme_8b"], k["known_8b"])
    p.show_fraction("Table A", "Band 8c", "BME", k["bme_8c"], k["known_8c"])
    if with_grouped:
        k["bme_g"] = p.count("8b-8c|BME", 29)
        k["known_g"] = p.count("8b-8c|Known", 70)
        p.add_sum(k["bme_g"], [k["bme_8b"], k["bme_8c"]])
        p.add_sum(k["known_g"], [k["known_8b"], k["known_8c"]])
        p.show_fraction("Table B", "Bands 8b to 8c", "BME", k["bme_g"], k["known_g"])
    return p, k


def test_cell_recoverable_only_through_a_linked_table_is_caught_and_fixed() -> None:
    alone, k = linked_tables(with_grouped=False)
    assert audit(alone, {k["bme_8b"]}, DEFAULT).ok  # Table A on its own is safe: 0..30

    problem, k = linked_tables()
    leaked = audit(problem, {k["bme_8b"]}, DEFAULT)
    bounds = leaked.bounds[k["bme_8b"]]
    assert (bounds.lower, bounds.upper) == (4, 4)  # 29 − 25
    with pytest.raises(PublishingBlocked, match="Table A, row 'Band 8b'"):
        require_protected(leaked)

    result = suppress(problem, DEFAULT)
    require_protected(result)
    assert result.secondary == {k["bme_8c"]}
    assert result.render("Table A").loc["Band 8b", "BME"] == "R out of 30"
    assert result.render("Table A").loc["Band 8c", "BME"] == "R out of 40"
    assert result.render("Table B").loc["Bands 8b to 8c", "BME"] == "29 out of 70"


def percent_table() -> tuple[DisclosureProblem, str, Position]:
    p = DisclosureProblem()
    cases = p.count("BME cases", 4)
    staff = p.count("BME staff", 200)
    p.show_fraction("Table 5", "n BME", "2021/22", cases, staff)
    percent = p.show_percent("Table 5", "% BME", "2021/22", cases, staff)
    return p, cases, percent


def test_a_shown_percentage_that_gives_the_count_away_is_caught_and_hidden() -> None:
    problem, cases, percent = percent_table()
    # 2.0% of 200 shown to 1 dp: 3.9 ≤ n ≤ 4.1, so n = 4.
    leaked = audit(problem, {cases}, DEFAULT, hidden_displays=set())
    assert (leaked.bounds[cases].lower, leaked.bounds[cases].upper) == (4, 4)
    with pytest.raises(PublishingBlocked, match="Table 5, row 'n BME'"):
        require_protected(leaked)

    result = suppress(problem, DEFAULT)
    require_protected(result)
    assert percent in result.hidden_displays
    table = result.render("Table 5")
    assert table.loc["% BME", "2021/22"] == "R%"
    assert table.loc["n BME", "2021/22"] == "R out of 200"  # the denominator stays: safe


def test_a_percentage_over_a_hidden_denominator_narrows_but_does_not_pin() -> None:
    """33.3% with both counts hidden (seed 003's clinical apprentices): n/N only."""
    p = DisclosureProblem()
    n = p.count("n", 3)
    d = p.count("N", 9)
    p.show_fraction("T", "apprentices", "n", n, d)
    p.show_percent("T", "apprentices", "%", n, d)
    result = audit(p, {n, d}, DEFAULT, hidden_displays=set())
    assert result.ok  # n can be anything: 1/3 of any N
    assert result.bounds[n].upper == float("inf")


def test_a_shown_ratio_built_on_a_hidden_count_blocks_publishing() -> None:
    problem, cases, _ = percent_table()
    ratio = problem.show_derived("Table 5", "Relative likelihood", "2021/22", [cases], "1.64")
    assert ratio in suppress(problem, DEFAULT).hidden_displays
    exposed = audit(
        problem, {cases}, DEFAULT, hidden_displays={Position("Table 5", "% BME", "2021/22")}
    )
    with pytest.raises(PublishingBlocked, match="Relative likelihood"):
        require_protected(exposed)


def wres_problem() -> DisclosureProblem:
    """Seed-003-shaped: band rows + grouped rows + overall, groups + BME, one- and two-year
    disciplinary windows over headcounts, with percentages and relative likelihoods."""
    p = DisclosureProblem()
    bands = {  # White, Asian, Black, Mixed, Other
        "Band 7": (82, 15, 6, 3, 1),
        "Band 8a": (46, 9, 4, 2, 1),
        "Band 8b": (40, 3, 1, 0, 1),
        "Band 8c": (15, 2, 0, 1, 0),
        "VSM": (6, 1, 0, 0, 0),
    }
    groups = ("White", "Asian", "Black", "Mixed", "Other")
    rows: dict[str, dict[str, str]] = {}
    for band, counts in bands.items():
        keys = {g: p.count(f"{band}|{g}", v) for g, v in zip(groups, counts, strict=True)}
        keys["BME"] = p.count(f"{band}|BME", sum(counts[1:]))
        p.add_sum(keys["BME"], [keys[g] for g in groups[1:]])
        keys["Known"] = p.count(f"{band}|Known", sum(counts))
        p.add_sum(keys["Known"], [keys["White"], keys["BME"]])
        rows[band] = keys
    overall = {}
    for g in (*groups, "BME", "Known"):
        overall[g] = p.count(f"Overall|{g}", sum(p.values[r[g]] for r in rows.values()))
        p.add_sum(overall[g], [r[g] for r in rows.values()])
    grouped = {}
    for g in ("BME", "Known"):
        members = [rows[b][g] for b in ("Band 8b", "Band 8c", "VSM")]
        grouped[g] = p.count(f"8b to VSM|{g}", sum(p.values[m] for m in members))
        p.add_sum(grouped[g], members)
    for name, keys in [("Overall", overall), *rows.items()]:
        p.show_percent("Table 1", name, "% BME", keys["BME"], keys["Known"])
        p.show_fraction("Table 1", name, "n BME", keys["BME"], keys["Known"])
        for g in groups:
            p.show_fraction("Table 1b", name, g, keys[g], keys["Known"])
    p.show_fraction("Table 2", "Bands 8b to VSM", "n BME", grouped["BME"], grouped["Known"])
    p.show_fraction("Table 2", "Overall", "n BME", overall["BME"], overall["Known"])
    # Indicator 3: one-year windows and the two-year window they add up to.
    cases = {
        ("2020/21", "BME"): 3,
        ("2021/22", "BME"): 5,
        ("2020/21", "White"): 14,
        ("2021/22", "White"): 12,
    }
    keys3 = {c: p.count(f"i3|{c[0]}|{c[1]}", v) for c, v in cases.items()}
    for (year, g), key in keys3.items():
        p.show_fraction("Table 5", f"n {g}", year, key, overall[g if g == "White" else "BME"])
        p.show_percent("Table 5", f"% {g}", year, key, overall[g if g == "White" else "BME"])
    for g in ("BME", "White"):
        two = p.count(f"i3|two-year|{g}", cases[("2020/21", g)] + cases[("2021/22", g)])
        p.add_sum(two, [keys3[("2020/21", g)], keys3[("2021/22", g)]])
        p.show_fraction("Table 4", f"n {g}", "2020/21 to 2021/22", two, overall[g])
    for year in ("2020/21", "2021/22"):
        p.show_derived(
            "Table 5",
            "Relative likelihood",
            year,
            [keys3[(year, "BME")], keys3[(year, "White")], overall["BME"], overall["White"]],
            "1.64",
        )
    return p


def test_wres_shaped_report_is_protected_and_keeps_safe_denominators() -> None:
    problem = wres_problem()
    weak = suppress(problem, DEFAULT, secondary=False)
    assert not weak.audit.ok
    result = suppress(problem, DEFAULT)
    require_protected(result)
    assert primary_cells(problem, DEFAULT) <= result.hidden
    for integer in (True, False):
        assert audit(problem, result.hidden, DEFAULT, integer=integer, exact=True).ok
    t1, t5 = result.render("Table 1"), result.render("Table 5")
    assert t1.loc["Overall", "n BME"] == "50 out of 239"
    assert t1.loc["VSM", "% BME"] == "R%"
    assert t5.loc["n BME", "2021/22"] == "R out of 50"  # "R out of 1409"
    assert t5.loc["% BME", "2021/22"] == "R%"
    assert t5.loc["Relative likelihood", "2021/22"] == "R"
    assert result.render("Table 4").loc["n BME", "2020/21 to 2021/22"] == "R out of 50"
    # Every percentage and ratio over a hidden count is hidden.
    for position, display in problem.displays.items():
        if display.kind in ("percent", "derived") and set(display.counts) & result.hidden:
            assert position in result.hidden_displays
    summary = audit_summary(result)
    assert summary["primary_hidden"] == len(result.primary) > 0
    assert summary["secondary_hidden"] == len(result.secondary) > 0
    assert summary["smallest_interval"] >= DEFAULT.width
    assert summary["protected"] is True


def test_weakened_suppression_blocks_publishing_naming_the_cell() -> None:
    problem, keys = band_table()
    with pytest.raises(PublishingBlocked, match=r"Table 1, row 'Band 8b', column 'BME'"):
        require_protected(suppress(problem, DEFAULT, secondary=False))
    # Drop a secondary cell from a good pattern: the audit notices.
    good = suppress(wres_problem(), DEFAULT)
    weakened = [audit(good.problem, good.hidden - {k}, DEFAULT) for k in sorted(good.secondary)]
    assert any(not w.ok for w in weakened)
    for w in weakened:
        if not w.ok:
            with pytest.raises(PublishingBlocked, match="can be narrowed to an interval of width"):
                require_protected(w)


def test_threshold_hide_zero_and_width_parameters() -> None:
    p = DisclosureProblem()
    frame = pd.DataFrame({"a": [0, 3, 7], "b": [20, 30, 40]}, index=["x", "y", "z"])
    keys = p.add_grid("T", frame)  # no totals: nothing can be worked out
    assert primary_cells(p, Disclosure()) == {keys[("y", "a")], keys[("z", "a")]}
    assert primary_cells(p, Disclosure(threshold=5)) == {keys[("y", "a")]}
    assert keys[("x", "a")] in primary_cells(p, Disclosure(hide_zero=True))
    assert suppress(p, Disclosure()).render("T").loc["x", "a"] == "0"
    assert suppress(p, Disclosure(hide_zero=True)).render("T").loc["x", "a"] == "R"

    problem, keys = band_table()
    wide = Disclosure(protection_width=40)
    result = suppress(problem, wide)
    require_protected(result)
    assert min(b.width for b in result.audit.bounds.values()) >= 40
    assert len(result.hidden) > len(suppress(problem, DEFAULT).hidden)
    assert Disclosure(threshold=5).width == 5


def test_suppression_is_deterministic() -> None:
    first = suppress(wres_problem(), DEFAULT)
    second = suppress(wres_problem(), DEFAULT)
    assert first.hidden == second.hidden
    assert first.hidden_displays == second.hidden_displays
    for table in first.problem.tables():
        pd.testing.assert_frame_equal(first.render(table), second.render(table))


def test_declarations_are_checked() -> None:
    p = DisclosureProblem()
    a, b, total = p.count("a", 2), p.count("b", 3), p.count("total", 6)
    with pytest.raises(ValueError, match="does not hold"):
        p.add_sum(total, [a, b])
    with pytest.raises(ValueError, match="non-negative"):
        p.count("c", -1)
    with pytest.raises(ValueError, match="declared twice"):
        p.count("a", 5)
    with pytest.raises(KeyError):
        p.show_count("T", "r", "c", "missing")


def test_known_and_unpublished_counts() -> None:
    """A count published elsewhere is fixed for the reader; one never shown is unknown."""
    p = DisclosureProblem()
    small, big = p.count("small", 4), p.count("big", 60)
    total = p.count("total", 64)
    p.add_sum(total, [small, big])
    p.show_count("T", "r", "small", small)
    p.show_count("T", "r", "big", big)
    # The total is not shown anywhere: hiding the small cell alone is safe.
    assert suppress(p, DEFAULT).secondary == frozenset()
    q = DisclosureProblem()
    small, big = q.count("small", 4), q.count("big", 60)
    total = q.count("total", 64, known=True)  # e.g. last year's published headcount
    q.add_sum(total, [small, big])
    q.show_count("T", "r", "small", small)
    q.show_count("T", "r", "big", big)
    assert suppress(q, DEFAULT).secondary == {big}


def test_a_hidden_figure_prints_as_r_whatever_its_kind() -> None:
    """The public tables are the draft with each hidden display replaced, from its own text:
    the denominator a reader may see stays as the draft printed it ("4,015")."""
    import dataclasses

    from wres_lib.protect.public_report import Protection

    problem = DisclosureProblem()
    n, big_n = problem.count("n", 5), problem.count("N", 4015)
    m, big_m = problem.count("m", 60), problem.count("M", 400)
    fraction = problem.show_fraction("T", "a", "n", n, big_n)
    percent = problem.show_percent("T", "a", "%", n, big_n)
    total_hidden = problem.show_fraction("T", "b", "n", m, big_m)
    derived = problem.show_derived("T", "a", "flag", [n, big_n], "Yes")
    ratio = problem.show_ratio("T", "a", "ratio", (n, big_n, m, big_m), 0.01)
    found = suppress(problem, DEFAULT)
    assert found.hidden == {n} and {percent, derived, ratio} <= found.hidden_displays
    # As if the total 400 were hidden to protect another count, and the ratio published at 1
    # place (publish_ratios).
    result = dataclasses.replace(
        found, secondary=frozenset({big_m}), hidden_displays=found.hidden_displays - {ratio}
    )
    problem.displays[ratio] = dataclasses.replace(problem.displays[ratio], dp=1, percent=0.0)
    protection = Protection(result, frozenset(), frozenset(), pd.DataFrame(), {})
    assert protection.printed(fraction, "5 out of 4,015") == "R out of 4,015"
    assert protection.printed(percent, "0.1% (0.0–0.3)") == "R%"
    assert protection.printed(total_hidden, "60 out of 400") == "60 out of R"
    assert protection.printed(derived, "Yes") == "R"
    assert protection.printed(ratio, "0.01 (0.00–0.02)") == "0.0"  # no range over hidden


# -- generated tables --------------------------------------------------------------------
small_counts = st.one_of(st.integers(0, 12), st.integers(0, 60))


@st.composite
def cross_tables(draw: st.DrawFn) -> pd.DataFrame:
    n_rows = draw(st.integers(1, 4))
    n_cols = draw(st.integers(2, 4))
    cells = [[draw(small_counts) for _ in range(n_cols)] for _ in range(n_rows)]
    frame = pd.DataFrame(cells, index=[f"r{i}" for i in range(n_rows)])
    frame.columns = [f"c{j}" for j in range(n_cols)]
    frame["Total"] = frame.sum(axis=1)
    frame.loc["Total"] = frame.sum(axis=0)
    return frame


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=cross_tables(),
    linked=st.booleans(),
    threshold=st.integers(3, 10),
    hide_zero=st.booleans(),
)
def test_generated_tables_always_pass_the_audit_after_suppression(
    frame: pd.DataFrame, linked: bool, threshold: int, hide_zero: bool
) -> None:
    disclosure = Disclosure(threshold=threshold, hide_zero=hide_zero)
    p = DisclosureProblem()
    keys = p.add_grid("A", frame, total_row="Total", total_column="Total")
    rows = [r for r in frame.index if r != "Total"]
    if linked and len(rows) >= 2:
        # Table B: the first two rows grouped, sharing Table A's cells through sums.
        for column in frame.columns:
            value = int(frame.loc[rows[0], column] + frame.loc[rows[1], column])
            grouped = p.count(f"B/{column}", value)
            p.add_sum(grouped, [keys[(rows[0], column)], keys[(rows[1], column)]])
            p.show_count("B", "first two", column, grouped)
    result = suppress(p, disclosure)
    require_protected(result)
    assert primary_cells(p, disclosure) <= result.hidden
    check = audit(p, result.hidden, disclosure, exact=True)
    assert check.ok
    assert all(b.exact for b in check.bounds.values())


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(st.integers(0, 9), min_size=4, max_size=4),
    hidden_mask=st.lists(st.booleans(), min_size=9, max_size=9),
)
def test_audit_bounds_match_brute_force_on_small_tables(
    cells: list[int], hidden_mask: list[bool]
) -> None:
    """The interval attack equals enumeration over every integer table that fits."""
    frame = pd.DataFrame(np.array(cells).reshape(2, 2), index=["r0", "r1"], columns=["c0", "c1"])
    frame["T"] = frame.sum(axis=1)
    frame.loc["T"] = frame.sum(axis=0)
    p = DisclosureProblem()
    keys = p.add_grid("A", frame, total_row="T", total_column="T")
    order = list(keys.values())
    hidden = [k for k, h in zip(order, hidden_mask, strict=True) if h][:3]
    if not hidden:
        return
    result = audit(p, set(hidden), DEFAULT, exact=True)
    values = dict(p.values)
    top = int(frame.loc["T", "T"]) + 20
    feasible: list[tuple[int, ...]] = []
    for guess in itertools.product(range(top + 1), repeat=len(hidden)):
        trial = {**values, **dict(zip(hidden, guess, strict=True))}
        if all(abs(sum(c * trial[k] for k, c in r.terms)) < 1e-9 for r in p.relations):
            feasible.append(guess)
    for i, key in enumerate(hidden):
        seen = [g[i] for g in feasible]
        upper = result.bounds[key].upper
        if max(seen) == top:  # the enumeration hit its cap: the attack must be unbounded
            assert upper == float("inf")
        else:
            assert (result.bounds[key].lower, upper) == (min(seen), max(seen))


def test_priority_steers_secondary_suppression_away_from_a_headline_count():
    """Hiding a high-priority count costs more, so another cell is chosen; still protected."""

    def build(priority: float) -> tuple[DisclosureProblem, dict[str, str]]:
        p = DisclosureProblem()
        keys = {
            "small": p.count("small", 3),
            "headline": p.count("headline", 40, priority=priority),
            "other": p.count("other", 60),
            "total": p.count("total", 103),
        }
        p.add_sum(keys["total"], [keys["small"], keys["headline"], keys["other"]])
        for name, key in keys.items():
            p.show_count("t", name, "n", key)
        return p, keys

    plain, _ = build(1.0)
    assert suppress(plain, Disclosure()).secondary == {"headline"}
    steered, _ = build(100.0)
    result = suppress(steered, Disclosure())
    assert result.secondary == {"other"}
    require_protected(result)


def test_a_ratio_the_audit_refuses_at_two_places_is_published_at_one() -> None:
    """400 and 600 hidden (threshold 1,000 here), their total 1,000 and both headcounts of
    4,000 shown. The ratio 0.67 would pin 400 to 400–402; 0.7 leaves 394–428, so it is
    printed to 1 place, and the audit uses that rounding interval."""
    from wres_lib.protect.public_report import publish_ratios

    problem = DisclosureProblem()
    a = problem.count("a", 400)
    b = problem.count("b", 600)
    total = problem.count("total", 1000)
    big_a = problem.count("A", 4000)
    big_b = problem.count("B", 4000)
    for name in (a, b, total, big_a, big_b):
        problem.show_count("t", name, "2022-23", name)
    problem.add_sum(total, [a, b])
    counts = (a, big_a, b, big_b)
    row = "Relative likelihood (BME/White) and likely range"
    position = problem.show_ratio("indicator_3_all", row, "2022/23", counts, 0.67)
    disclosure = Disclosure(threshold=1000, protection_width=10)
    result = suppress(problem, disclosure)
    assert result.hidden == {a, b} and position in result.hidden_displays
    published = publish_ratios(result)
    assert position not in published.hidden_displays
    shown = problem.displays[position]
    assert (shown.dp, shown.percent) == (1, 0.7)
    assert published.audit.ok
    exact = audit(problem, {a, b}, disclosure, hidden_displays=set(), exact=True)
    assert (exact.bounds[a].lower, exact.bounds[a].upper) == (394.0, 428.0)
    # At 2 places the same audit fails (the reason it was coarsened).
    two_places = DisclosureProblem()
    for name, value in problem.values.items():
        two_places.count(name, value)
        two_places.show_count("t", name, "2022-23", name)
    two_places.add_sum(total, [a, b])
    two_places.show_ratio("indicator 3 all", "BME/White", "2022-23", counts, 0.67)
    strict = audit(two_places, {a, b}, disclosure, hidden_displays=set())
    assert not strict.ok and strict.bounds[a].upper - strict.bounds[a].lower < 10


def test_a_coarsened_ratio_is_printed_as_disclosure_control_allowed_it() -> None:
    """The table prints the coarse ratio ("2.4"); a ratio hidden outright stays R."""
    from wres_lib.measure.metrics import METRICS_COLUMNS
    from wres_lib.present.figures import Figures
    from wres_lib.protect.public_report import COARSE_RATIOS

    counts = pd.DataFrame(
        [
            (year, 3, "all", group, 7, 1289)
            for year in ("2020-21", "2021-22")
            for group in ("BME", "White")
        ],
        columns=["year", "indicator", "measure", "group", "numerator", "denominator"],
    )
    metrics = pd.DataFrame(
        [
            (year, 3, "all", "BME/White", "relative_likelihood", np.nan, np.nan, np.nan)
            for year in ("2020-21", "2021-22")
        ],
        columns=list(METRICS_COLUMNS[1:9]),  # the metrics contract, without org and note
    )
    hidden = frozenset(
        (year, 3, "all", g, "numerator")
        for year in ("2020-21", "2021-22")
        for g in ("BME", "White")
    )
    # The protected metrics carry the ratios published coarser, as protect_report leaves them.
    metrics.attrs[COARSE_RATIOS] = {("2020-21", 3, "all", "BME/White"): "2.4"}
    # What disclosure control hid, as the report's protection answers it.
    protection = SimpleNamespace(is_hidden=lambda *key: key in hidden)
    figures = Figures(counts, metrics, protection)  # type: ignore[arg-type]
    assert figures.ratio("2020-21", 3, "all", "BME/White") == "2.4"
    assert figures.ratio("2021-22", 3, "all", "BME/White") == "R"
