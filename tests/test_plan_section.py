"""The action plan as a Board reads it: objectives with their actions, milestones as lists, the
plan's basis, the status key, the plan reprinted with whole-word track changes, and the
indicator movement in the same judgement as the report's statements."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import html
import re
from pathlib import Path

import pytest

from wres_lib.plan.changes import Segment
from wres_lib.plan.model import ActionPlan, load_plan
from wres_lib.plan.movement import actions_by_indicator, indicator_movement
from wres_lib.plan.progress import NOT_RATED
from wres_lib.plan.tracked import TrackedPlan, diff_items, tracked_plan
from wres_lib.present.plan_cells import tracked_rag, tracked_text
from wres_lib.present.plan_section import (
    action_plan_changes_section,
    action_plan_section,
    adverse_indicators,
)
from wres_lib.present.report import build_report
from wres_lib.present.trends import indicator_trend

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
YEAR = "2022-23"


@functools.cache
def plan(name: str) -> ActionPlan:
    return load_plan(EXAMPLES / f"{name}.yaml")


@pytest.fixture(scope="module")
def report():
    return build_report(ROOT / "params" / f"{YEAR}.yaml", "internal")


@pytest.fixture(scope="module")
def section(report) -> str:
    report.public_tables.clear()
    return str(action_plan_section(report).html())


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def _table(report, name: str):
    (key,) = [k for k in report.public_tables if k.endswith(name)]
    return report.public_tables[key]


# --------------------------------------------------------------------------------------------
# The plan by objective
# --------------------------------------------------------------------------------------------


def test_milestones_and_steps_are_list_items(section):
    current = plan("demo_plan_2022-23")
    for _, _, _, action in current.actions():
        for milestone in action.milestones:
            when = milestone.when or ""
            item = (
                milestone.text
                if not when or when in milestone.text
                else f"{milestone.text} ({when})"
            )
            assert f"<li>{html.escape(item, quote=True).replace('&#x27;', '&#39;')}</li>" in section
    # "Dates set and advertised for 2021/22" is not followed by "(2021/22)" a second time.
    assert "<li>Dates set and advertised for 2021/22</li>" in section
    assert "<li>Identify any further needs of international recruits.</li>" in section  # a step
    milestones = sum(len(a.milestones) for _, _, _, a in current.actions())
    steps = sum(len(a.steps) for _, _, _, a in current.actions())
    basis = len(current.basis)
    plan_part = section.split("<h3>Changes since the previous plan</h3>")[0]
    assert plan_part.count("<li>") == milestones + steps + basis  # the reprint follows


def test_objectives_head_their_actions_with_status_words(report, section):
    text = _text(section)
    for objective in plan("demo_plan_2022-23").objectives:
        assert f"Objective {objective.number}. {objective.text}" in text
    objective_1 = _table(report, "action_plan_objective_1")
    assert objective_1["No."].tolist() == ["1", "2", "3"]
    assert objective_1["Status"].tolist() == ["Amber", "Green", "Amber"]  # as at 27 Sep 2023
    assert objective_1["Milestones"].iloc[0] == (
        "• Review starts and stakeholders engaged (Autumn 2022)\n"
        "• Revised policy and process produced (February 2023)"
    )
    # The CSV twin is plain text: no HTML in any action plan table.
    for name, frame in report.public_tables.items():
        assert not frame.astype(str).apply(lambda c: c.str.contains("<")).any().any(), name


def test_status_key_keeps_the_word_beside_the_colour(report, section):
    key = _table(report, "action_plan_key")
    assert key["Status"].tolist() == ["Blue", "Red", "Amber", "Green"]
    badges = re.findall(r'<span class="rag" style="[^"]+">([^<]+)</span>', section)
    assert set(badges) == {"Blue", "Red", "Amber", "Green"}


def test_the_plans_basis_is_printed(section):
    text = _text(section)
    assert "The basis for the plan" in text
    for item in plan("demo_plan_2022-23").basis:
        assert f"{item.ref} {item.text}" in text
    assert "Six national high impact race equality actions" in text
    assert "Basis: HIA3" in text  # talent management names the point it serves


def test_one_year_format_and_no_doubled_title(report, section):
    text = _text(section)
    assert not re.search(r"\b20\d\d-\d\d\b", text), re.findall(r"\b20\d\d-\d\d\b", text)
    assert "(2021/22) (2021/22)" not in text and "2021/22 (2021/22)" not in text
    assert "Demo Valley Partnership NHS Trust's WRES Action Plan 2022 to 2024 was approved" in text


# --------------------------------------------------------------------------------------------
# Indicator movement: what moved or matters, in the statements' own words
# --------------------------------------------------------------------------------------------


def test_movement_shows_what_moved_or_matters_in_the_statements_judgement(report, section):
    judgements = {i: indicator_trend(report.metrics, i, YEAR).judgement for i in range(1, 10)}
    adverse = adverse_indicators(report)
    movement = indicator_movement(
        plan("demo_plan_2022-23"), report.metrics, "2021-22", YEAR, judgements, adverse
    )
    assert movement["indicator"].tolist() == [1, 2, 3, 4, 5, 6, 7, 8]  # 9: no action aims at it
    shown = movement[movement["shown"]]
    table = _table(report, "action_plan_indicator_movement")
    assert len(table) == len(shown) == 4  # was 59 rows, one per action, figure and indicator
    assert shown["indicator"].tolist() == [1, 2, 7, 8]
    words = {"better": "Better", "worse": "Worse", "similar": "Similar"}
    assert table["Compared with last year"].tolist() == [
        words[judgements[i]] + ("; adverse this year" if i in adverse else "")
        for i in shown["indicator"]
    ]
    assert sorted(adverse) == [1, 2, 7, 8, 9]
    # Indicator 8: the summary says worse than last year; so does the plan.
    assert judgements[8] == "worse"
    assert table.loc[table["Indicator"].str.startswith("8."), "Compared with last year"].item() == (
        "Worse; adverse this year"
    )
    # Rounded as the report rounds: ratios 2 dp, percentages 1 dp.
    assert table["2022/23"].tolist() == ["26.1%", "1.69", "50.0% (64.2%)", "16.0% (7.0%)"]
    assert "Indicators 3, 4, 5 and 6 were similar to last year and not adverse." in _text(section)


def test_actions_by_indicator_use_the_plans_numbers():
    aimed = actions_by_indicator(plan("demo_plan_2022-23"))
    assert aimed[3] == ["3.2", "3.6", "4.1"]
    assert 9 not in aimed
    assert "3.5" not in [a for actions in aimed.values() for a in actions]  # "n/a": festivals


def test_hidden_figures_are_not_comparable_and_not_guessed(report):
    metrics = report.metrics.copy()
    hidden = (metrics["indicator"].astype(int) == 8) & (metrics["statistic"] == "percent")
    metrics["hidden"] = hidden
    movement = indicator_movement(
        plan("demo_plan_2022-23"), metrics, "2021-22", YEAR, {8: "not comparable"}
    )
    row = movement[movement["indicator"] == 8].iloc[0]
    assert all(v != v for v in row["latest_value"]) and not row["shown"]


# --------------------------------------------------------------------------------------------
# Track changes: the plan reprinted, whole words
# --------------------------------------------------------------------------------------------


def _cells(tracked: TrackedPlan):
    yield tracked.title
    for objective in tracked.objectives:
        yield from (objective.number, objective.text, objective.target)
        for a in objective.actions:
            yield from (a.number, a.title, a.text, a.leads, a.by_when, a.progress, a.indicators)
            yield from a.steps
            yield from a.milestones


def _boundaries_at_word_edges(cell) -> bool:
    """Every change starts and ends at a word's edge in the text it belongs to."""
    for side in ("delete", "insert"):
        text, edges = "", []
        for seg in cell:
            if seg.op in ("equal", side):
                if seg.op == side:
                    edges += [len(text), len(text) + len(seg.text)]
                text += seg.text
        for edge in edges:
            inner = 0 < edge < len(text)
            if inner and not (text[edge - 1].isspace() or text[edge].isspace()):
                return False
    return True


def test_seed_001_to_003_reprint_changes_whole_words():
    before, after = plan("seed001_lpt_2021-22"), plan("seed003_lpt_2022-24")
    tracked = tracked_plan(before, after, dt.date(2022, 9, 7))
    rows = tracked.actions()
    assert len(rows) == 14 + 3  # 14 actions now, 3 struck through (the field diff had 70+ rows)
    assert (tracked.count("added"), tracked.count("removed")) == (5, 3)
    cells = list(_cells(tracked))
    changed = [c for c in cells if any(s.op != "equal" for s in c)]
    assert len(changed) > 40
    assert all(_boundaries_at_word_edges(c) for c in cells)
    # Each cell rebuilds both versions exactly: nothing lost, nothing invented.
    talent = next(a for a in rows if a.action_id == "talent-management")
    old_text = "".join(s.text for s in talent.text if s.op != "insert")
    new_text = "".join(s.text for s in talent.text if s.op != "delete")
    assert old_text == next(a for _, _, _, a in before.actions() if a.id == talent.action_id).text
    assert new_text == next(a for _, _, _, a in after.actions() if a.id == talent.action_id).text
    target = tracked.objectives[1].target
    assert tracked_text(target).endswith("<del>24%</del> <ins>25.6%</ins> by 2025")


def test_removed_actions_are_struck_through_where_they_stood():
    tracked = tracked_plan(plan("demo_plan_2021-22"), plan("demo_plan_2022-23"))
    objective_3 = tracked.objectives[2]
    assert [a.kind for a in objective_3.actions][-3:] == ["removed"] * 3
    assert all(s.op == "delete" for a in objective_3.actions[-3:] for s in a.text)
    assert tracked.objectives[3].kind == "added"


def test_list_items_are_matched_not_rewritten():
    assert diff_items(["Launch the programme (October 2022)"], ["Launch the programme"]) == (
        (Segment("equal", "Launch the programme"), Segment("delete", " (October 2022)")),
    )
    old_new = diff_items(["Review starts"], ["Something else entirely"])
    assert [[s.op for s in c] for c in old_new] == [["delete"], ["insert"]]


def test_internal_section_reprints_the_plan_public_points_to_the_appendix(report, section):
    text = _text(section)
    assert "This is the plan reprinted with the changes since WRES Action Plan 2021/22" in text
    assert "5 actions were added, 3 removed and 9 changed" in text
    assert "<del>24%</del> <ins>25.6%</ins>" in section
    assert str(action_plan_changes_section(report).html()) == '<div class="wres"></div>'
    public = copy.copy(report)
    public.mode = "public"
    public.public_tables = {}
    public._table_number = 0
    public_section = _text(str(action_plan_section(public).html()))
    assert "shown in the appendix at the end of this report" in public_section
    assert "This is the plan reprinted" not in public_section
    appendix = str(action_plan_changes_section(public).html())
    assert "Appendix: the action plan with its changes" in appendix
    assert appendix.count("<del>") > 30 and "<ins>25.6%</ins>" in appendix
    assert [k.split("_", 1)[1] for k in public.public_tables][-4:] == [
        "action_plan_changes_1",
        "action_plan_changes_2",
        "action_plan_changes_3",
        "action_plan_changes_4",
    ]


def test_a_changed_status_reads_was_then_now_with_the_old_one_struck():
    """Struck and underlined as the text is, and said in words, so a reader without colour
    (or a printed page without strike) still sees which status is old and which new."""
    before, after = plan("demo_plan_2021-22"), plan("demo_plan_2022-23")
    badge = r'<span class="rag" style="[^"]+">'
    changed = str(tracked_rag(before, after, ("R", "A"), NOT_RATED))
    # A <del> around a badge (an inline block) strikes nothing: the word inside is struck.
    assert re.fullmatch(
        f"was <del>{badge}<s>Red</s></span></del>, now <ins>{badge}Amber</span></ins>", changed
    ), changed
    assert _text(changed).split() == ["was", "Red", ",", "now", "Amber"]
    unrated = str(tracked_rag(before, after, (None, "G"), NOT_RATED))
    assert re.fullmatch(
        f"was <del><s>Not rated</s></del>, now <ins>{badge}Green</span></ins>", unrated
    )
    added = str(tracked_rag(before, after, (None, "G"), NOT_RATED, "added"))
    assert re.fullmatch(f"now <ins>{badge}Green</span></ins>", added), added
    removed = str(tracked_rag(before, after, ("B", None), NOT_RATED, "removed"))
    assert re.fullmatch(f"was <del>{badge}<s>Blue</s></span></del>", removed), removed
    assert str(tracked_rag(before, after, ("A", "A"), NOT_RATED)).count("Amber") == 1


def test_the_reprint_marks_every_status_change_in_words(section):
    reprint = section.split("<h3>Changes since the previous plan</h3>")[1]
    struck = re.findall(r"(.{4})<del><span class=\"rag\"[^>]*><s>(\w+)</s></span></del>", reprint)
    assert len(struck) >= 3
    assert all(before == "was " for before, _word in struck)
    assert '<del><span class="rag"' not in re.sub(r"<del><span[^>]*><s>", "", reprint)
    changes = re.findall(r"was <del>.*?</del>, now <ins>.*?</ins>", reprint)
    assert len(changes) >= 3 and all("<s>" in c for c in changes)


def test_the_word_edge_check_catches_a_character_level_tokeniser(monkeypatch):
    """Switched off (the old tokeniser split "2021/22" and "track)"), the check above fails."""
    import wres_lib.plan.changes as changes

    monkeypatch.setattr(changes, "_TOKEN", re.compile(r"\w+|[^\w\s]|\s+"))
    tracked = tracked_plan(plan("seed001_lpt_2021-22"), plan("seed003_lpt_2022-24"))
    assert not all(_boundaries_at_word_edges(c) for c in _cells(tracked))


def test_a_plan_approved_before_this_years_figures_says_so(report, section, monkeypatch):
    """The 2022/23 report carries the plan the Board approved in September 2022: it says the
    plan predates these figures and which meeting sees its progress; without a meeting date or
    name it still says when the plan was approved, and nothing it does not know."""
    text = " ".join(_text(section).split())
    assert (
        "was approved by the Trust Board on 27 September 2022, before this year's figures; this "
        "report gives its progress for the Trust Board, 26 September 2023." in text
    )
    governance = report.params.governance.model_copy(update={"meeting": "", "meeting_date": None})
    monkeypatch.setattr(
        report, "params", report.params.model_copy(update={"governance": governance})
    )
    bare = " ".join(_text(str(action_plan_section(report).html())).split())
    assert "on 27 September 2022, before this year's figures. It sets out" in bare
