"""The action plan: the seeds' plans as data, validation, by-when dates, track changes, overdue
actions, coverage of adverse indicators, table import and Excel export (the report's section
and the reprint with tracked changes: ``test_plan_section.py``)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from wres_lib.errors import InputError
from wres_lib.plan.changes import Segment, check_append_only, diff_words, track_changes
from wres_lib.plan.dates import parse_by_when
from wres_lib.plan.model import ActionPlan, RagEntry, dump_plan_yaml, load_plan
from wres_lib.plan.progress import (
    overdue_actions,
    plan_table,
    rag_labels,
    rag_summary,
    rag_summary_table,
    uncovered_adverse_indicators,
)
from wres_lib.plan.table_import import import_plan_table
from wres_lib.present.plan_cells import tracked_text
from wres_lib.present.plan_section import rag_key_table
from wres_lib.present.style import RAG_COLOURS
from wres_lib.publish.plan_workbook import export_plan_xlsx

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "plans"
D = dt.date


@functools.cache
def _load(name: str) -> ActionPlan:
    return load_plan(EXAMPLES / f"{name}.yaml")


def plan(name: str) -> ActionPlan:
    """A fresh copy of an example plan (loading YAML is slow; tests may change the copy)."""
    loaded = _load(name)
    copy = loaded.model_copy(deep=True)
    copy._source_file = loaded.source_file
    copy._lines = loaded._lines
    return copy


# --------------------------------------------------------------------------------------------
# The seeds' plans as data
# --------------------------------------------------------------------------------------------

SHAPES = {
    "seed000_lpt_2020-21": [1, 2, 8],
    "seed001_lpt_2021-22": [1, 3, 8],
    "seed002_2020-21": [9],
    "seed003_lpt_2022-24": [3, 3, 7, 1],
    "seed004_2022-23": [1] * 9,
    "demo_plan_2021-22": [1, 3, 8],
    "demo_plan_2022-23": [3, 3, 7, 1],
}


def test_every_example_is_listed_here():
    assert sorted(p.stem for p in EXAMPLES.glob("*.yaml")) == sorted(SHAPES)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_example_plans_load_with_their_shape(name):
    loaded = plan(name)
    assert [len(o.actions) for o in loaded.objectives] == SHAPES[name]


def test_seed_001_facts():
    p = plan("seed001_lpt_2021-22")
    assert p.organisation == "Leicestershire Partnership NHS Trust"
    assert [(k.status, k.word, k.meaning, k.complete) for k in p.rag_key] == [
        ("B", "Blue", "not started", False),
        ("R", "Red", "concerns / not on track", False),
        ("A", "Amber", "action is on track", False),
        ("G", "Green", "action is complete", True),
    ]
    assert p.objectives[1].target.percent == 24 and p.objectives[1].target.by == "2025"
    table = plan_table(p)
    assert table["number"].tolist() == list(range(1, 13))
    assert table["rag"].tolist() == ["B", "A", "A", "A", "G", "G", "G", "A", "B", "B", "A", "A"]
    assert table["by_when"].tolist()[:3] == ["March 2022"] * 3
    assert table.loc[0, "lead"] == "Head of Employee Relations and Head of EDI"
    assert table.loc[0, "high_impact_actions"] == "HIA2, HIA5"
    assert [m.when for m in p.objectives[0].actions[0].milestones] == [
        "September 2021",
        "October 2021",
        "March 2022",
    ]


def test_seed_003_facts():
    p = plan("seed003_lpt_2022-24")
    assert p.approval.date == D(2022, 9, 27) and p.approval.by == "Trust Board"
    assert p.objectives[1].target.percent == 25.6
    table = plan_table(p)
    assert table["rag"].tolist() == ["B", "", "", "A", "A", "A"] + ["A"] * 7 + ["B"]
    assert table["indicators"].tolist() == [
        "2, 7", "2, 7", "2, 7", "1, 2, 4", "1, 2, 4", "1, 2, 4", "7", "1, 2, 3, 6, 7, 8",
        "1, 2, 6, 7, 8", "5, 6, 7, 8", "", "1, 2, 3, 6, 7, 8", "5, 8", "3",
    ]  # fmt: skip
    assert table.loc[1, "lead"] == "Resourcing Manager, and member of EDI team"
    assert table.loc[13, "by_when"] == "Summer 2023"
    assert [b.ref for b in p.basis] == [f"WREI{n}" for n in range(1, 6)] + [
        f"HIA{n}" for n in range(1, 7)
    ]


def test_seed_002_and_004_facts():
    p2 = plan("seed002_2020-21")
    assert p2.rag_key == [] and all(a.status is None for _, _, _, a in p2.actions())
    assert p2.objectives[0].actions[2].by_when == (
        "Ongoing unconscious bias training Commence cultural awareness Q3 2020/202120"
    )
    p4 = plan("seed004_2022-23")
    assert [a.status for _, _, _, a in p4.actions()] == list("GGGRGGRRG")
    assert [o.indicators for o in p4.objectives] == [[n] for n in range(1, 10)]
    assert p4.objectives[0].actions[0].leads == ["E, D & I Lead", "Head of HR", "Head of OD"]
    assert not any(k.complete for k in p4.rag_key)


def test_plan_table_as_at_shows_the_status_then():
    p = plan("demo_plan_2022-23")
    assert plan_table(p, as_at=D(2022, 3, 31))["rag"].tolist()[3] == "A"  # talent management
    now = plan_table(p)
    assert now.loc[1, "rag_word"] == "Green" and now.loc[1, "progress_date"] == D(2023, 8, 31)


def test_rag_key_table_has_word_and_house_colour():
    key = rag_key_table(plan("seed001_lpt_2021-22"))
    assert key["word"].tolist() == ["Blue", "Red", "Amber", "Green"]
    assert key["fill"].tolist() == [RAG_COLOURS[s].fill for s in "BRAG"]


def test_rag_summary_long_for_the_chart():
    p = plan("seed003_lpt_2022-24")
    summary = rag_summary(p)
    assert list(summary.columns) == ["objective", "objective_text", "status", "word", "count"]
    first = summary[summary["objective"] == "Objective 1"]
    assert list(zip(first["status"], first["word"], first["count"], strict=True)) == [
        ("B", "Blue", 1), ("R", "Red", 0), ("A", "Amber", 0), ("G", "Green", 0),
        ("", "Not rated", 2),
    ]  # fmt: skip
    assert summary["count"].sum() == 14
    assert rag_labels(p) == {"B": "Blue", "R": "Red", "A": "Amber", "G": "Green"}
    assert rag_summary(p, as_at=D(2021, 1, 1))["count"].tolist()[-1] == 1  # no entries yet


def test_rag_summary_table_counts_per_objective():
    summary = rag_summary_table(plan("seed003_lpt_2022-24")).set_index("objective")
    assert summary.loc["Objective 1", ["Blue", "Amber", "Not rated", "Total"]].tolist() == [
        1, 0, 2, 3,
    ]  # fmt: skip
    assert summary.loc["Objective 3", "Amber"] == 7
    assert summary.loc["All", ["Blue", "Red", "Amber", "Green", "Not rated", "Total"]].tolist() == [
        2, 0, 10, 0, 2, 14,
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Validation names the file, the line, the action and the field
# --------------------------------------------------------------------------------------------

GOOD = """\
title: T
organisation: O
period: {label: "2021/22", start: 2021-04-01, end: 2022-03-31}
rag_key:
  - {status: A, word: Amber, meaning: on track}
  - {status: G, word: Green, meaning: complete, complete: true}
basis:
  - {ref: HIA1, source: national, text: own the agenda}
objectives:
  - number: 1
    text: first
    actions:
      - {number: 1, text: one, by_when: March 2022}
  - number: 2
    text: second
    actions:
      - number: 1
        text: two
      - number: 3
        text: three
        by_when: March 2022
        rag:
          - {date: 2021-09-01, status: A}
"""


def problems_for(tmp_path: Path, text: str) -> list:
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_plan(path)
    for problem in caught.value.problems:
        assert problem.file == str(path)
    return caught.value.problems


def test_good_plan_loads(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(GOOD)
    assert load_plan(path).objectives[1].actions[1].status == "A"


def test_bad_rag_letter_names_action_and_field(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("status: A}", "status: X}"))
    assert problem.column == "objective 2 action 3: rag[1].status"
    assert problem.row == 23 and problem.value == "X"


def test_status_missing_from_the_key(tmp_path):
    (problem,) = problems_for(
        tmp_path, GOOD.replace("- {date: 2021-09-01, status: A}", "- {date: 2021-09-01, status: R}")
    )
    assert problem.column == "objective 2 action 3: rag[1].status"
    assert "rag_key" in problem.expected and problem.row == 23


def test_bad_date(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("date: 2021-09-01", "date: 01/09/2021"))
    assert problem.column == "objective 2 action 3: rag[1].date"
    assert problem.value == "01/09/2021" and "ISO date" in problem.expected


def test_unknown_key(tmp_path):
    (problem,) = problems_for(
        tmp_path, GOOD.replace("        by_when: March 2022\n", "        by_wen: March 2022\n")
    )
    assert problem.column == "objective 2 action 3: by_wen"
    assert problem.row == 21 and "typo" in problem.expected


def test_missing_field(tmp_path):
    (problem,) = problems_for(tmp_path, GOOD.replace("        text: two\n", ""))
    assert problem.column == "objective 2 action 1: text"
    assert "required" in problem.expected


def test_unknown_high_impact_action_and_out_of_order_history(tmp_path):
    text = GOOD.replace("text: one,", "text: one, high_impact_actions: [HIA9],").replace(
        "- {date: 2021-09-01, status: A}",
        "- {date: 2021-09-01, status: A}\n          - {date: 2021-08-01, status: G}",
    )
    problems = problems_for(tmp_path, text)
    assert {p.column for p in problems} == {
        "objective 1 action 1: high_impact_actions[1]",
        "objective 2 action 3: rag[2].date",
    }


def test_indicator_out_of_range(tmp_path):
    (problem,) = problems_for(
        tmp_path, GOOD.replace("text: two", "text: two\n        indicators: [10]")
    )
    assert problem.column == "objective 2 action 1: indicators[1]"


def test_message_reads_as_file_row_column(tmp_path):
    problems = problems_for(tmp_path, GOOD.replace("status: A}", "status: X}"))
    assert "row 23, column 'objective 2 action 3: rag[1].status': value 'X'" in str(problems[0])


# --------------------------------------------------------------------------------------------
# By-when dates
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "kind"),
    [
        ("March 2022", D(2022, 3, 1), D(2022, 3, 31), "month"),
        ("Mar 23", D(2023, 3, 1), D(2023, 3, 31), "month"),
        ("Sept 2022", D(2022, 9, 1), D(2022, 9, 30), "month"),
        ("February 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("Q1 2021/22", D(2021, 4, 1), D(2021, 6, 30), "quarter"),
        ("Q3 2020/2021", D(2020, 10, 1), D(2020, 12, 31), "quarter"),
        ("Q4 2020/2021", D(2021, 1, 1), D(2021, 3, 31), "quarter"),
        ("Commence Q3 2020/2021", D(2020, 10, 1), D(2020, 12, 31), "quarter"),
        ("Q3 2020/2021and bi monthly", D(2020, 10, 1), D(2020, 12, 31), "quarter"),
        ("Summer 2023", D(2023, 6, 1), D(2023, 8, 31), "season"),
        ("Autumn/Winter 2022", D(2022, 9, 1), D(2023, 2, 28), "season"),
        ("Winter 2022", D(2022, 12, 1), D(2023, 2, 28), "season"),
        ("Sessions to recommence in Autumn 2022", D(2022, 9, 1), D(2022, 11, 30), "season"),
        ("February 2023 (policy due for review)", D(2023, 2, 1), D(2023, 2, 28), "month"),
        ("31st March 2021", D(2021, 3, 31), D(2021, 3, 31), "day"),
        ("30 November 2020", D(2020, 11, 30), D(2020, 11, 30), "day"),
        ("2021/22", D(2021, 4, 1), D(2022, 3, 31), "financial_year"),
        ("2022/2023", D(2022, 4, 1), D(2023, 3, 31), "financial_year"),
        ("2028 but reviewed bi-monthly", D(2028, 1, 1), D(2028, 12, 31), "year"),
        ("December 2020 onwards", D(2020, 12, 1), None, "onwards"),
        ("August 2020 onwards", D(2020, 8, 1), None, "onwards"),
        ("December 2020 – March 2021", D(2020, 12, 1), D(2021, 3, 31), "range"),
        ("Ongoing", None, None, "ongoing"),
        ("Q3 and ongoing", None, None, "ongoing"),
        ("TBC", None, None, "unparsed"),
        ("", None, None, "unparsed"),
        ("2021/23", D(2021, 1, 1), D(2021, 12, 31), "year"),  # not a financial year
    ],
)
def test_parse_by_when(text, start, end, kind):
    assert parse_by_when(text) == (start, end, kind)


# --------------------------------------------------------------------------------------------
# Track changes between LPT's 2021/22 and 2022 - 2024 plans
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lpt_changes():
    return track_changes(plan("seed001_lpt_2021-22"), plan("seed003_lpt_2022-24"))


def _find(changes, where, field):
    (change,) = [c for c in changes if c.where == where and c.field == field]
    return change


def test_model_employer_target_moves_from_24_to_25_6(lpt_changes):
    target = _find(lpt_changes, "objective 2", "target")
    assert target.kind == "changed"
    assert Segment("delete", "24%") in target.segments  # whole words, "%" kept with its number
    assert Segment("insert", "25.6%") in target.segments
    assert "<del>24%</del> <ins>25.6%</ins> by 2025" in tracked_text(target.segments)


def test_actions_added_and_dropped(lpt_changes):
    added = {c.action_id for c in lpt_changes if c.kind == "added" and c.field == "action"}
    removed = {c.action_id for c in lpt_changes if c.kind == "removed" and c.field == "action"}
    assert added == {
        "rs-training-review", "diverse-panels", "cultural-competency", "zero-tolerance",
        "disciplinary-review",
    }  # fmt: skip
    assert removed == {"ci-train-the-trainer", "idmf", "tar-alignment"}
    assert _find(lpt_changes, "objective 4", "objective").kind == "added"
    assert [c.where for c in lpt_changes if c.kind == "removed"] == [
        "objective 3 action 8",
        "objective 3 action 10",
        "objective 3 action 12",
    ]


def test_lead_changes(lpt_changes):
    lead = _find(lpt_changes, "objective 2 action 2", "lead")
    assert (lead.before, lead.after) == ("Recruitment Manager", "Resourcing Manager")
    assert tracked_text(lead.segments) == "<del>Recruitment</del> <ins>Resourcing</ins> Manager"
    lead = _find(lpt_changes, "objective 2 action 3", "lead")
    assert lead.segments == (  # "OD/Executive" is one word: never "OD" + "/Executive"
        Segment("equal", "Head of "),
        Segment("delete", "OD"),
        Segment("insert", "OD/Executive Team, Head of International Nursing Recruitment"),
    )
    lead = _find(lpt_changes, "objective 1 action 1", "lead")
    assert lead.after == "Deputy Director of HR and OD, Resourcing Manager, and Head of EDI"


def test_renumbering_status_and_by_when(lpt_changes):
    position = _find(lpt_changes, "objective 3 action 3", "position")
    assert position.before == "objective 3 action 7"
    rag = _find(lpt_changes, "objective 3 action 1", "RAG")
    assert (rag.before, rag.after) == ("Green (action is complete)", "Amber (action is on track)")
    by_when = _find(lpt_changes, "objective 2 action 1", "by when")
    assert tracked_text(by_when.segments) == "March <del>2022</del> <ins>2024</ins>"
    progress = _find(lpt_changes, "objective 1 action 1", "progress")
    assert [s.op for s in progress.segments] == ["equal", "insert"]  # notes only grow


def test_unchanged_fields_are_not_listed(lpt_changes):
    assert not [c for c in lpt_changes if c.where == "objective 1" and c.field == "objective"]
    assert not [c for c in lpt_changes if c.where == "objective 3 action 3" and c.field == "lead"]


def test_demo_track_changes_are_real():
    changes = track_changes(plan("demo_plan_2021-22"), plan("demo_plan_2022-23"))
    target = _find(changes, "objective 2", "target")
    assert (target.before, target.after) == (
        "BME staff at Band 8a and above (Model Employer) 24% by 2025",
        "BME staff at Band 8a and above (Model Employer) 25.6% by 2025",
    )
    assert sum(c.kind == "added" and c.field == "action" for c in changes) == 5
    assert sum(c.kind == "removed" for c in changes) == 3


def test_tracked_text_escapes_every_piece():
    html = tracked_text(diff_words("a & b", "a & b <script>"))
    assert html == "a &amp; b<ins> &lt;script&gt;</ins>"
    assert tracked_text([Segment("delete", "<i>")]) == "<del>&lt;i&gt;</del>"


def test_a_rewritten_text_is_struck_whole_not_in_fragments():
    # The RAG wording the old change table broke into "~~Red (concerns / not~~Amber (action is".
    assert diff_words("Red (concerns / not on track)", "Amber (action is on track)") == (
        Segment("delete", "Red (concerns / not on track)"),
        Segment("insert", "Amber (action is on track)"),
    )
    # Half or more of the words kept: a word-level diff.
    assert diff_words("Complete the second cohort", "Complete the third cohort") == (
        Segment("equal", "Complete the "),
        Segment("delete", "second"),
        Segment("insert", "third"),
        Segment("equal", " cohort"),
    )


def test_diff_words_identical_and_empty():
    assert diff_words("same text", "same text") == (Segment("equal", "same text"),)
    assert diff_words("", "new") == (Segment("insert", "new"),)
    assert diff_words("old", "") == (Segment("delete", "old"),)


# --------------------------------------------------------------------------------------------
# Append-only history
# --------------------------------------------------------------------------------------------


def test_successive_versions_keep_their_history():
    assert check_append_only(plan("seed000_lpt_2020-21"), plan("seed001_lpt_2021-22")) == []
    assert check_append_only(plan("seed001_lpt_2021-22"), plan("seed003_lpt_2022-24")) == []
    assert check_append_only(plan("demo_plan_2021-22"), plan("demo_plan_2022-23")) == []


def test_dropped_or_rewritten_history_is_a_problem(tmp_path):
    text = (EXAMPLES / "demo_plan_2022-23.yaml").read_text()
    text = text.replace("    - {date: 2021-09-07, status: B}\n", "", 1)
    text = text.replace("Six listening events held across the year.", "Rewritten.", 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text)
    problems = check_append_only(plan("demo_plan_2021-22"), load_plan(path))
    assert {(p.column, p.file) for p in problems} == {
        ("objective 1 action 1: rag", str(path)),
        ("objective 3 action 1: progress", str(path)),
    }
    rag = next(p for p in problems if p.column.endswith("rag"))
    assert rag.value == "2021-09-07 B" and "append-only" in rag.expected
    assert isinstance(rag.row, int)


# --------------------------------------------------------------------------------------------
# Overdue actions at fixed report dates
# --------------------------------------------------------------------------------------------


def overdue(name: str, when: dt.date) -> list[str]:
    return overdue_actions(plan(name), when)["where"].tolist()


def test_overdue_lpt_2022_24():
    assert overdue("seed003_lpt_2022-24", D(2022, 9, 27)) == ["objective 3 action 4"]
    assert overdue("seed003_lpt_2022-24", D(2022, 9, 30)) == ["objective 3 action 4"]  # last day
    assert overdue("seed003_lpt_2022-24", D(2022, 10, 1)) == [
        "objective 3 action 4",
        "objective 3 action 7",
    ]
    # Ongoing actions never fall due; the unrated review (January 2023) does.
    assert overdue("seed003_lpt_2022-24", D(2023, 4, 1)) == [
        "objective 3 action 4",  # August 2022
        "objective 3 action 7",  # September 2022
        "objective 3 action 2",  # Autumn 2022
        "objective 3 action 3",  # December 2022
        "objective 1 action 2",  # January 2023
        "objective 1 action 1",  # February 2023 (policy due for review)
        "objective 3 action 6",  # February 2023
    ]


def test_overdue_demo_uses_the_status_in_force_on_the_day():
    table = overdue_actions(plan("demo_plan_2022-23"), D(2023, 9, 27))
    assert table["where"].tolist() == [
        "objective 3 action 4",
        "objective 1 action 1",
        "objective 4 action 1",
    ]
    assert table["days_overdue"].tolist() == [392, 211, 27]
    assert table["rag_word"].tolist() == ["Red", "Amber", "Red"]
    # A year earlier the same plan's completed work was not yet complete.
    assert "objective 3 action 7" in overdue("demo_plan_2022-23", D(2022, 10, 1))
    assert overdue("demo_plan_2021-22", D(2022, 9, 27)) == [
        "objective 3 action 8",
        "objective 3 action 9",
        "objective 1 action 1",
        "objective 2 action 2",
        "objective 2 action 4",
        "objective 3 action 6",
    ]


def test_green_not_complete_in_seed_004_key():
    assert overdue("seed004_2022-23", D(2023, 4, 1)) == [
        f"objective {n} action #1" for n in range(1, 9)
    ]


# --------------------------------------------------------------------------------------------
# Coverage of adverse indicators
# --------------------------------------------------------------------------------------------


def test_uncovered_adverse_indicators():
    lpt = plan("seed003_lpt_2022-24")
    # Seed 003's adverse findings: indicators 1, 2, 7, 8 and 9 (Board).
    assert uncovered_adverse_indicators(lpt, {1, 2, 7, 8, 9}) == [9]
    assert uncovered_adverse_indicators(lpt, set()) == []
    assert uncovered_adverse_indicators(plan("seed004_2022-23"), set(range(1, 10))) == []
    # Seed 001 states indicators only per objective (2, 1, then 7 and 8).
    assert uncovered_adverse_indicators(plan("seed001_lpt_2021-22"), {3, 4, 7}) == [3, 4]
    assert uncovered_adverse_indicators(plan("seed002_2020-21"), {2}) == [2]


def test_completed_actions_can_stop_counting_as_cover():
    demo = plan("demo_plan_2022-23")
    when = D(2023, 9, 27)
    # Indicator 3: learning sets and cultural competency are Green; the disciplinary review
    # (Red) is the only open action on it.
    assert uncovered_adverse_indicators(demo, {3, 5}, open_only=True, as_at=when) == []
    demo.objectives[3].actions[0].rag.append(RagEntry(date=D(2023, 9, 1), status="G"))
    assert uncovered_adverse_indicators(demo, {3, 5}) == []
    assert uncovered_adverse_indicators(demo, {3, 5}, open_only=True, as_at=when) == [3]
    assert uncovered_adverse_indicators(demo, {3}, open_only=True, as_at=D(2023, 8, 31)) == []


# --------------------------------------------------------------------------------------------
# Import from the tables trusts keep
# --------------------------------------------------------------------------------------------

IMPORT = {
    "title": "WRES Action Plan 2022 - 2024",
    "organisation": "Leicestershire Partnership NHS Trust",
    "period_label": "2022 - 2024",
    "period_start": D(2022, 10, 1),
    "period_end": D(2024, 3, 31),
    "as_at": D(2022, 9, 7),
}


def test_import_csv_with_objective_header_rows():
    p = import_plan_table(FIXTURES / "objective_rows.csv", **IMPORT)
    assert [(o.number, len(o.actions)) for o in p.objectives] == [(1, 3), (2, 1), (3, 2)]
    assert p.objectives[2].text == "Create a culturally inclusive organisation"
    table = plan_table(p)
    assert table["number"].tolist() == [1, 2, 3, 1, 5, 7]
    assert table["rag"].tolist() == ["B", "", "", "A", "A", "G"]
    assert table["indicators"].tolist() == ["2, 7", "2, 7", "2, 7", "1, 2, 4", "", "5, 8"]
    first = p.objectives[0].actions[0]
    assert [(m.text, m.when) for m in first.milestones] == [
        ("Commencement of review and engagement with stakeholders", "Autumn 2022"),
        ("Production of revised policy and process", "February 2023"),
    ]
    assert first.progress[0].date == D(2022, 9, 7)
    panels = p.objectives[0].actions[2]
    assert [m.text for m in panels.milestones] == [
        "Identify hotspot areas",
        "Identify any quick wins",
    ]
    assert p.objectives[2].actions[1].leads == ["EDI Specialist", "Communications"]


def test_import_csv_with_objective_column():
    p = import_plan_table(FIXTURES / "objective_column.csv", **IMPORT)
    assert [(o.number, o.text, len(o.actions)) for o in p.objectives] == [
        (1, "Recruitment free from bias", 2),
        (2, "", 1),
    ]
    assert [a.status for _, _, _, a in p.actions()] == ["B", "R", "A"]


def test_import_errors_name_row_and_column():
    with pytest.raises(InputError) as caught:
        import_plan_table(FIXTURES / "bad_cells.csv", **IMPORT)
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [
        (2, "Improvement to Metric(s)", "2, seven"),
        (2, "RAG", "Purple"),
        (3, "No.", "x"),
    ]


def test_import_xlsx(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(["No.", "Action", "Lead", "By When", "Milestone", "Progress",
                  "Improvement to Metric(s)", "RAG"])  # fmt: skip
    sheet.append(["Objective 1. Recruitment free from bias"])
    sheet.append([1, "Review the policy", "Head of EDI", "March 2022",
                  "• Review starts September 2021\n• Policy produced March 2022", "Started", "2",
                  "Amber"])  # fmt: skip
    sheet.append(["Objective 2. Talent"])
    sheet.append([2, "Talent programme", "Head of OD", "Q3 2022/23", "", "", "1, 4", "R"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    p = import_plan_table(path, sheet="Plan", **IMPORT)
    assert [(o.number, [a.number for a in o.actions]) for o in p.objectives] == [(1, [1]), (2, [2])]
    action = p.objectives[0].actions[0]
    assert [m.when for m in action.milestones] == ["September 2021", "March 2022"]
    assert action.status == "A"
    assert p.objectives[1].actions[0].due == (D(2022, 10, 1), D(2022, 12, 31), "quarter")


def test_imported_plan_round_trips_through_yaml(tmp_path):
    p = import_plan_table(FIXTURES / "objective_rows.csv", **IMPORT)
    path = tmp_path / "plan.yaml"
    path.write_text(dump_plan_yaml(p))
    again = load_plan(path)
    assert plan_table(again).equals(plan_table(p))


def test_dump_of_an_example_reloads(tmp_path):
    p = plan("seed003_lpt_2022-24")
    path = tmp_path / "plan.yaml"
    path.write_text(dump_plan_yaml(p))
    assert load_plan(path).model_dump() == p.model_dump()


# --------------------------------------------------------------------------------------------
# Excel export
# --------------------------------------------------------------------------------------------


def test_export_has_colours_words_and_key(tmp_path):
    p = plan("seed003_lpt_2022-24")
    path = export_plan_xlsx(p, tmp_path / "public" / "action_plan.xlsx")
    book = load_workbook(path)
    assert book.sheetnames == ["Action plan", "RAG key"]
    sheet = book["Action plan"]
    rag_cells = [
        row[9] for row in sheet.iter_rows() if row[9].value in ("Blue", "Amber", "Not rated")
    ]
    assert [c.value for c in rag_cells] == ["Blue", "Not rated", "Not rated"] + ["Amber"] * 10 + [
        "Blue"
    ]
    amber = rag_cells[3]
    assert amber.fill.fgColor.rgb.endswith(RAG_COLOURS["A"].fill.lstrip("#"))
    assert rag_cells[1].fill.fill_type is None  # no status, no colour
    key = book["RAG key"]
    assert [key.cell(r, 1).value for r in range(2, 6)] == ["Blue", "Red", "Amber", "Green"]
    assert key.cell(5, 1).fill.fgColor.rgb.endswith(RAG_COLOURS["G"].fill.lstrip("#"))
    assert key.cell(5, 4).value == "Yes"


def test_export_neutralises_formulas_and_is_deterministic(tmp_path):
    p = plan("seed001_lpt_2021-22")
    p.objectives[0].actions[0].leads = ['=HYPERLINK("http://evil.example","click")']
    p.objectives[0].actions[0].text = "+1 staff"
    first = export_plan_xlsx(p, tmp_path / "a.xlsx")
    second = export_plan_xlsx(p, tmp_path / "b.xlsx")
    assert first.read_bytes() == second.read_bytes()
    sheet = load_workbook(first)["Action plan"]
    values = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert '\'=HYPERLINK("http://evil.example","click")' in values
    assert not any(v.startswith(("=", "+", "@")) for v in values)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_export_gives_ordinary_file_permissions(tmp_path):
    """The Excel copy goes to the website: readable like the HTML beside it, not 0600."""
    import os
    import stat

    mask = os.umask(0o022)
    try:
        path = export_plan_xlsx(plan("seed001_lpt_2021-22"), tmp_path / "plan.xlsx")
    finally:
        os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["plan.xlsx"]  # no temp file left
