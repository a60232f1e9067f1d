"""Every table of staff figures the report prints, drawn with every figure.

The internal report prints them as they are; the public report prints them redacted by
disclosure control, which reads these very tables to know what a reader would see
(:mod:`wres_lib.protect.public_report`): so what is audited is what is printed. Which tables
exist, and their rows and columns, is decided here; the sections add the words and charts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pandas as pd

from wres_lib.inputs.bands import band_row_labels
from wres_lib.inputs.params import Params, year_start
from wres_lib.measure import model_employer
from wres_lib.measure.window import ReportData
from wres_lib.present.catalogue import FINER, GROUPS, RATIO_NAMES
from wres_lib.present.figures import Figures
from wres_lib.present.style import format_percent, format_whole, short_year
from wres_lib.present.tables import difference_text, drop_empty_rows, rates_table, year_columns
from wres_lib.present.wording import Wording
from wres_lib.protect.table_cells import FIXED_BASELINE

CAPTIONS = "captions.j2"


class ReportContext(Protocol):
    """What the tables are drawn from (a :class:`wres_lib.present.context.ReportContext`)."""

    mode: str
    data: ReportData
    params: Params
    counts: pd.DataFrame
    years: list[str]
    wording: Wording

    @property
    def year(self) -> str: ...


@dataclass(frozen=True)
class StaffTable:
    """One table: its name (for the public CSV and the audit), caption and figures."""

    name: str
    caption: str
    frame: pd.DataFrame


def staff_tables(report: ReportContext, figures: Figures) -> dict[str, StaffTable]:
    """Every staff table of the report, in the report's order, by name."""
    tables = [t for n in range(1, 10) for t in indicator_tables(report, figures, n)]
    tables += model_employer_tables(report)
    return {table.name: table for table in tables}


def indicator_tables(report: ReportContext, figures: Figures, number: int) -> list[StaffTable]:
    """One indicator's tables (see the module docstring)."""
    builder = _BUILDERS.get(number, _survey_indicator)
    return builder(report, figures, number)


def _indicator_1(report: ReportContext, fig: Figures, number: int) -> list[StaffTable]:
    years, words = report.years, report.wording
    labels = band_row_labels()
    present = {m for (y, i, m, g) in fig.counts if i == 1}
    out = []
    for kind in ("band", "grouped"):
        rows = ["overall"] + [
            m for m in labels if m in present and (m.startswith("grouped|") == (kind == "grouped"))
        ]
        frame = pd.DataFrame(
            {
                **{
                    f"% BME {short_year(y)}": [fig.percent(y, 1, m, "BME") for m in rows]
                    for y in years
                },
                f"BME {short_year(report.year)}": [
                    fig.n_of_n(report.year, 1, m, "BME") for m in rows
                ],
            },
            index=pd.Index([labels.get(m, "All substantive staff") for m in rows], name="Pay band"),
        )
        caption = words.say(CAPTIONS, "indicator_1", kind)
        out.append(StaffTable(f"indicator_1_{kind}", caption, drop_empty_rows(frame)))
    # The public report breaks the bands down by ethnic group only in groups of bands, where
    # cells are large enough to show.
    grouped = report.mode == "public"
    rows = ["overall"] + [m for m in labels if m in present and m.startswith("grouped|") == grouped]
    mix = pd.DataFrame(
        {
            group: [fig.n_of_n(report.year, 1, m, group) for m in rows]
            for group in ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
        },
        index=pd.Index([labels.get(m, "All substantive staff") for m in rows], name="Pay band"),
    )
    caption = words.say(CAPTIONS, "indicator_1_ethnic_groups", grouped, report.year)
    out.append(StaffTable("indicator_1_ethnic_groups", caption, drop_empty_rows(mix)))
    if any(k[:3] == (report.year, 1, "bank") for k in fig.counts):
        bank = pd.DataFrame(
            {
                "Bank staff": [fig.n_of_n(report.year, 1, "bank", g) for g in GROUPS],
                "% of known": [fig.percent(report.year, 1, "bank", g) for g in GROUPS],
            },
            index=pd.Index(GROUPS, name="Ethnic group"),
        )
        caption = words.say(CAPTIONS, "indicator_1_bank", report.year)
        out.append(StaffTable("indicator_1_bank", caption, bank))
    return out


def _ratio_indicator(report: ReportContext, fig: Figures, number: int) -> list[StaffTable]:
    years, words = report.years, report.wording
    public = report.mode == "public"
    out = []
    for measure in ["all"] + (["two-year"] if number == 3 else []):
        caption = words.say(CAPTIONS, "likelihood", number, RATIO_NAMES[number], measure)
        frame = rates_table(fig, years, number, measure, GROUPS, RATIO_NAMES[number], public=public)
        out.append(StaffTable(f"indicator_{number}_{measure}", caption, frame))
    finer = [
        f"{RATIO_NAMES[number].split('/')[0]}/{g}" if number != 3 else f"{g}/White" for g in FINER
    ]
    rows = {name: [fig.ratio(y, number, "all", name) for y in years] for name in finer}
    frame = drop_empty_rows(
        pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
    )
    if not frame.empty:
        frame.index.name = "Relative likelihood"
        caption = words.say(CAPTIONS, "likelihood_groups", number)
        out.append(StaffTable(f"indicator_{number}_ethnic_groups", caption, frame))
    if any(k[:3] == (report.year, number, "bank") for k in fig.counts):
        frame = rates_table(
            fig, years, number, "bank", ("White", "BME"), RATIO_NAMES[number], public=public
        )
        caption = words.say(CAPTIONS, "likelihood_bank", number)
        out.append(StaffTable(f"indicator_{number}_bank", caption, frame))
    return out


def _survey_indicator(report: ReportContext, fig: Figures, number: int) -> list[StaffTable]:
    years, words = report.years, report.wording
    title = words.say("catalogue.j2", "title", number)
    out = []
    for measure in ["all"] + (["managers", "colleagues"] if number == 6 else []):
        frame = rates_table(fig, years, number, measure, GROUPS)
        caption = words.say(CAPTIONS, "survey", title, measure, *_survey_years(report, years))
        out.append(StaffTable(f"indicator_{number}_{measure}", caption, frame))
    # Bank staff (beside the WRES figures): White and BME, as for indicators 2 to 4; a bank
    # breakdown by ethnic group is too small to publish (the internal report keeps it).
    bank_groups = GROUPS if report.mode == "internal" else ("White", "BME")
    for measure in ("bank", "bank|managers", "bank|colleagues"):
        if not any(k[:3] == (report.year, number, measure) for k in fig.counts):
            continue
        shown_years = [y for y in years if fig.count(y, number, measure, "White")]
        frame = rates_table(fig, shown_years, number, measure, bank_groups)
        caption = words.say(CAPTIONS, "survey_bank", measure)
        out.append(StaffTable(f"indicator_{number}_{measure.replace('|', '_')}", caption, frame))
    return out


def _indicator_9(report: ReportContext, fig: Figures, number: int) -> list[StaffTable]:
    years = report.years
    rows = {
        "% BME in the substantive workforce": [
            fig.percent(y, 9, "workforce", "BME") for y in years
        ],
    }
    for measure, label in (
        ("all", "all Board members"),
        ("voting", "voting members"),
        ("executive", "executive members"),
    ):
        rows[f"% BME, {label}"] = [fig.percent(y, 9, measure, "BME") for y in years]
        rows[f"BME, {label}"] = [fig.n_of_n(y, 9, measure, "BME") for y in years]
        rows[f"Difference, {label} (percentage points)"] = [
            difference_text(
                fig.value(y, 9, measure, "BME", "difference_pp"),
                fig.count(y, 9, measure, "BME") is not None,
            )
            for y in years
        ]
    frame = drop_empty_rows(
        pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
    )
    frame.index.name = ""
    return [StaffTable("indicator_9", report.wording.say(CAPTIONS, "board"), frame)]


_BUILDERS = {
    1: _indicator_1,
    2: _ratio_indicator,
    3: _ratio_indicator,
    4: _ratio_indicator,
    9: _indicator_9,
}


# -- Model Employer ------------------------------------------------------------------------------
def trajectory_frame(report: ReportContext) -> pd.DataFrame:
    """The senior-band figures against the trajectory, fixed by the params' baseline."""
    return report.data.model_employer_trajectory()


def model_employer_tables(report: ReportContext) -> list[StaffTable]:
    """The trajectory table, and (internal only) each senior band's gap to the target."""
    words = report.wording
    try:
        trajectory = trajectory_frame(report)
    except ValueError:  # no one at the senior bands in the baseline year: no trajectory
        return []
    out = [
        StaffTable(
            "model_employer_trajectory",
            words.say(CAPTIONS, "model_employer_trajectory"),
            trajectory_table(trajectory),
        )
    ]
    if report.mode == "internal":
        gap = model_employer.staff_gap_by_band(
            report.counts, report.year, trajectory.attrs.get("target_percent")
        )
        caption = words.say(CAPTIONS, "model_employer_gap", report.year)
        out.append(StaffTable("model_employer_gap", caption, gap))
    return out


def trajectory_table(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`~wres_lib.measure.model_employer.trajectory`'s frame as the report shows it: one
    row per year, formatted text; the senior bands in the headers ("Band 8a and above"), so a
    reader of the table alone knows what the staff numbers add up."""

    def number(value: object) -> str:
        return "–" if pd.isna(value) else format_whole(int(value))

    def points(value: float) -> str:
        return "–" if pd.isna(value) else f"{value:+.1f}"

    def percent(value: float) -> str:
        return "–" if pd.isna(value) else format_percent(value)

    senior = f"({frame.attrs['senior_from_band']} and above)"
    # A baseline the trust fixed in its plan is a published figure; otherwise the trajectory
    # starts from its first year's share as published, and is hidden with it.
    path = "Trajectory % BME" + (
        f" ({FIXED_BASELINE})" if frame.attrs.get("baseline_fixed") else ""
    )
    return pd.DataFrame(
        {
            "Reporting year": [short_year(str(year)) for year in frame["year"]],
            f"BME staff {senior}": [number(v) for v in frame["bme"]],
            f"Staff of known ethnicity {senior}": [number(v) for v in frame["known"]],
            "Actual % BME": [percent(v) for v in frame["actual_percent"]],
            path: [percent(v) for v in frame["trajectory_percent"]],
            "Gap (percentage points)": [points(v) for v in frame["gap_pp"]],
            "BME staff short of trajectory": [number(v) for v in frame["staff_gap"]],
        }
    ).set_index("Reporting year")


def _survey_years(report: ReportContext, years: list[str]) -> tuple[int | None, int | None]:
    """The surveys behind the first and last year columns (each year's column is the survey of
    the autumn before its year end; the params name this year's)."""
    if report.params.survey is None or not years:
        return None, None
    last = report.params.survey.survey_year
    return last - (year_start(report.year) - year_start(years[0])), last
