"""The WRES report, section by section, assembled from counts and metrics.

Notebooks call :func:`build_report` and display its sections; nothing here calculates an
indicator (that is :mod:`wres_lib.metrics`) or decides what may be published (that is
:mod:`wres_lib.protect`). Every figure shown comes from the same metrics frame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from wres_lib import render
from wres_lib.params import (
    DEFAULTS_FILE,
    SOURCE_NAMES,
    Params,
    find_params,
    load_params,
    year_start,
)
from wres_lib.style import format_percent, format_ratio

MODES = ("internal", "public")
GROUPS = ("White", "BME", "Asian", "Black", "Mixed", "Other")
FINER = ("Asian", "Black", "Mixed", "Other")

INDICATORS = {
    1: (
        "Workforce by pay band",
        "Percentage of staff in each Agenda for Change pay band, very senior managers and "
        "medical grades who are White and who are Black, Asian and minority ethnic (BME), "
        "compared with the workforce as a whole, separately for clinical and non-clinical staff.",
        "Staff record (ESR) snapshot at 31 March; substantive staff only (bank staff shown "
        "alongside); percentages are of staff whose ethnicity is known.",
    ),
    2: (
        "Appointment from shortlisting",
        "Relative likelihood of White applicants being appointed from shortlisting compared "
        "with BME applicants, across all posts.",
        "Recruitment system, applicants shortlisted from 1 April to 31 March; applicants of "
        "unknown ethnicity and offers that were declined are excluded.",
    ),
    3: (
        "Entering the formal disciplinary process",
        "Relative likelihood of BME staff entering the formal disciplinary process compared with "
        "White staff, measured by entry into a formal disciplinary investigation.",
        "Employee relations case records: investigations opened in the twelve months (and, as "
        "published before 2020, the two years) to 31 March, over the headcount at 31 March.",
    ),
    4: (
        "Non-mandatory training and CPD",
        "Relative likelihood of White staff accessing non-mandatory training and continuing "
        "professional development compared with BME staff.",
        "Training records for the twelve months to 31 March, over the headcount at 31 March; "
        "records of staff who had left by 31 March are not counted.",
    ),
    5: (
        "Harassment, bullying or abuse from patients, relatives or the public",
        "Percentage of staff experiencing harassment, bullying or abuse from patients, "
        "relatives or the public in the last 12 months.",
        "NHS Staff Survey (the autumn survey before 31 March), results as supplied per group.",
    ),
    6: (
        "Harassment, bullying or abuse from staff",
        "Percentage of staff experiencing harassment, bullying or abuse from managers or other "
        "colleagues in the last 12 months.",
        "NHS Staff Survey: the combined figure, and each of its two questions (from managers, "
        "from other colleagues), which are the only ones broken down by ethnic group.",
    ),
    7: (
        "Equal opportunities for career progression",
        "Percentage of staff believing that the trust provides equal opportunities for career "
        "progression or promotion.",
        "NHS Staff Survey; since 2021 'not sure' answers count in the total, and earlier years "
        "are shown on the same basis.",
    ),
    8: (
        "Discrimination from a manager or colleague",
        "Percentage of staff who personally experienced discrimination at work from a "
        "manager, team leader or other colleagues in the last 12 months.",
        "NHS Staff Survey.",
    ),
    9: (
        "Board membership",
        "Difference between the percentage of Board members who are BME and the percentage of "
        "the substantive workforce who are BME, for all, voting and executive members.",
        "Board membership at 31 March; the workforce share is of substantive staff whose "
        "ethnicity is known. A negative difference means under-representation.",
    ),
}

RATIO_NAMES = {2: "White/BME", 3: "BME/White", 4: "White/BME"}
SHORTFALL_WORDS = {
    2: "More BME appointments needed for a ratio of 1.00",
    4: "More BME staff trained needed for a ratio of 1.00",
}
RATE_WORDS = {
    2: "appointed from shortlisting",
    3: "entering formal disciplinary investigation",
    4: "accessing non-mandatory training",
}


def short_year(year: str) -> str:
    """``2021-22`` -> ``2021/22`` as Board papers print it."""
    return year.replace("-", "/")


@dataclass
class ReportData:
    """Everything a report is drawn from: one year's params and its trend window."""

    params: Params
    years: list[str]
    counts: pd.DataFrame
    metrics: pd.DataFrame
    input_files: list[Path]
    data_notes: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def year(self) -> str:
        return self.params.year

    @property
    def previous_year(self) -> str | None:
        index = self.years.index(self.year)
        return self.years[index - 1] if index > 0 else None


def trend_window(params: Params) -> dict[str, Params]:
    """Params for the report year and up to ``trend_years - 1`` earlier years of the same org.

    Earlier years are found beside the report year's params file.
    """
    params_dir = Path(params.source_file).parent
    found = {}
    for year, path in find_params(params_dir).items():
        if year_start(year) > year_start(params.year):
            continue
        other = (
            params
            if Path(path).resolve() == Path(params.source_file).resolve()
            else load_params(path, params.project_root)
        )
        if other.org == params.org:
            found[year] = other
    found[params.year] = params
    years = sorted(found, key=year_start)[-params.method.trend_years :]
    return {year: found[year] for year in years}


def gather(params: Params) -> ReportData:
    """Load every year in the window, count, merge supplied aggregates and compute metrics."""
    from wres_lib.counts import counts_from_records, merge_counts, read_counts
    from wres_lib.metrics import compute_metrics
    from wres_lib.sources import load_year

    frames, labels, inputs, notes = [], [], [], {}
    for year, year_params in trend_window(params).items():
        params_file = Path(year_params.source_file)
        inputs += [p for p in (params_file, params_file.parent / DEFAULTS_FILE) if p.is_file()]
        data = load_year(year_params)
        counts = counts_from_records(year_params, data)
        frames.append(counts)
        labels.append(f"records {year}")
        notes[year] = dict(counts.attrs.get("notes", {}))
        for name in SOURCE_NAMES:
            source = year_params.source_path(name)
            if source is not None:
                inputs.append(year_params.resolve_in_data(source.path, f"sources.{name}.path"))
        for relative in year_params.published_counts:
            path = year_params.resolve_in_data(relative, "published_counts")
            frames.append(read_counts(path))
            labels.append(str(path))
            inputs.append(path)
    for key, relative in params.action_plans:
        if relative is not None:
            inputs.append(params.resolve_in_project(relative, f"action_plans.{key}"))
    counts = merge_counts(*frames, sources=labels)
    metrics = compute_metrics(
        counts, parity_band=params.method.parity_band, level=params.method.confidence_level
    )
    years = sorted(set(counts["year"]), key=year_start)
    inputs = sorted({path.resolve() for path in inputs})
    return ReportData(params, years, counts, metrics, inputs, notes)


class Figures:
    """Fast look-ups of counts and metrics, aware of what is hidden in the public report."""

    def __init__(
        self,
        counts: pd.DataFrame,
        metrics: pd.DataFrame,
        hidden: frozenset[tuple[str, int, str, str, str]] = frozenset(),
        declared: frozenset[tuple[str, int, str, str]] | None = None,
    ):
        self.counts = {
            (r.year, int(r.indicator), r.measure, r.group): (int(r.numerator), int(r.denominator))
            for r in counts.itertuples(index=False)
        }
        self.metrics = {
            (r.year, int(r.indicator), r.measure, r.group, r.statistic): r
            for r in metrics.itertuples(index=False)
        }
        self.hidden = hidden
        # In the public report only audited (declared) counts may be shown.
        self.declared = declared

    def count(self, year: str, indicator: int, measure: str, group: str) -> tuple[int, int] | None:
        return self.counts.get((year, indicator, measure, group))

    def is_hidden(self, year: str, indicator: int, measure: str, group: str, part: str) -> bool:
        if self.declared is not None and (year, indicator, measure, group) not in self.declared:
            return True
        return (year, indicator, measure, group, part) in self.hidden

    def metric(self, year: str, indicator: int, measure: str, group: str, statistic: str):
        """The metric row, or None when it was not computed (in public mode a hidden metric is
        present with an empty value)."""
        return self.metrics.get((year, indicator, measure, group, statistic))

    def value(
        self, year: str, indicator: int, measure: str, group: str, statistic: str
    ) -> float | None:
        row = self.metric(year, indicator, measure, group, statistic)
        if row is None or row.value != row.value:
            return None
        return float(row.value)

    # -- formatted cells -----------------------------------------------------------------------

    def n_of_n(self, year: str, indicator: int, measure: str, group: str) -> str:
        found = self.count(year, indicator, measure, group)
        if found is None:
            return ""
        num_hidden = self.is_hidden(year, indicator, measure, group, "numerator")
        den_hidden = self.is_hidden(year, indicator, measure, group, "denominator")
        if num_hidden and den_hidden:
            return render.HIDDEN
        if num_hidden:
            return f"{render.HIDDEN} out of {found[1]}"
        if den_hidden:
            return render.HIDDEN
        return f"{found[0]} out of {found[1]}"

    def percent(
        self, year: str, indicator: int, measure: str, group: str, interval: bool = False
    ) -> str:
        if self.count(year, indicator, measure, group) is None:
            return ""
        row = self.metric(year, indicator, measure, group, "percent")
        if row is None or row.value != row.value:
            hidden = any(
                self.is_hidden(year, indicator, measure, group, p)
                for p in ("numerator", "denominator")
            )
            return f"{render.HIDDEN}%" if hidden else "–"
        text = format_percent(row.value)
        if interval and row.ci_low == row.ci_low:
            text += f" ({row.ci_low:.1f}–{row.ci_high:.1f})"
        return text

    def ratio(
        self, year: str, indicator: int, measure: str, name: str, interval: bool = True
    ) -> str:
        row = self.metric(year, indicator, measure, name, "relative_likelihood")
        if row is None:
            return ""
        if row.value != row.value:
            if self._ratio_hidden(year, indicator, measure, name):
                return render.HIDDEN
            return "undefined"
        text = format_ratio(row.value)
        if interval and row.ci_low == row.ci_low:
            text += f" ({format_ratio(row.ci_low)}–{format_ratio(row.ci_high)})"
        return text

    def _ratio_hidden(self, year: str, indicator: int, measure: str, name: str) -> bool:
        return any(
            self.is_hidden(year, indicator, measure, group, part)
            for group in name.split("/")
            for part in ("numerator", "denominator")
        )


def year_columns(years: list[str]) -> list[str]:
    return [short_year(y) for y in years]


def rates_table(
    fig: Figures,
    years: list[str],
    indicator: int,
    measure: str,
    groups: tuple[str, ...] = GROUPS,
    ratio: str | None = None,
) -> pd.DataFrame:
    """Years as columns: the ratio (if any), each group's percentage, then each group's n/N."""
    rows: dict[str, list[str]] = {}
    if ratio:
        rows[f"Relative likelihood ({ratio}), 95% CI"] = [
            fig.ratio(y, indicator, measure, ratio) for y in years
        ]
        rows["Outside the parity band"] = [
            _flag_text(fig.value(y, indicator, measure, ratio, "outside_parity_band"))
            for y in years
        ]
        rows["Fisher exact test, p"] = [
            _p_text(fig.value(y, indicator, measure, ratio, "fisher_p")) for y in years
        ]
        if indicator in SHORTFALL_WORDS:
            rows[SHORTFALL_WORDS[indicator]] = [
                _whole(fig.value(y, indicator, measure, "BME", "shortfall")) for y in years
            ]
    for group in groups:
        rows[f"% {group} (95% CI)"] = [
            fig.percent(y, indicator, measure, group, interval=True) for y in years
        ]
    for group in groups:
        rows[f"n. {group}"] = [fig.n_of_n(y, indicator, measure, group) for y in years]
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
    frame.index.name = ""
    return _drop_empty_rows(frame)


def _pp(value: float | None, present: bool) -> str:
    if value is None:
        return render.HIDDEN if present else ""
    return f"{value:+.1f}"


def _p_text(value: float | None) -> str:
    if value is None:
        return ""
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _whole(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _flag_text(value: float | None) -> str:
    if value is None:
        return ""
    return "Yes" if value >= 0.5 else "No"


def _drop_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    keep = [any(str(v) not in ("", "nan") for v in row) for row in frame.itertuples(index=False)]
    return frame[keep]


def today() -> dt.date:
    return dt.date.today()


class Report:
    """One organisation's WRES report for one year, in internal or public mode.

    In public mode every table, sentence and chart is drawn from the protected figures: counts
    hidden by disclosure control read as ``R`` and metrics built on them are absent.
    """

    def __init__(self, data: ReportData, mode: str):
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.data = data
        self.mode = mode
        self.params = data.params
        self.counts = data.counts
        self.input_files = data.input_files
        self.years = data.years
        self.protection = None
        if mode == "public":
            from wres_lib.protect import protect_report

            self.protection = protect_report(
                data.counts,
                data.metrics,
                self.params.disclosure,
                self.params.model_employer.senior_from_band,
            )
            self.metrics = self.protection.metrics
            hidden, declared = self.protection.hidden, self.protection.declared
        else:
            self.metrics = data.metrics
            hidden, declared = frozenset(), None
        self.figures = Figures(data.counts, self.metrics, hidden, declared)
        self.public_tables: dict[str, pd.DataFrame] = {}
        self._table_number = 0

    # -- helpers ---------------------------------------------------------------------------

    @property
    def year(self) -> str:
        return self.params.year

    def _table(self, name: str, caption: str, frame: pd.DataFrame, **kwargs) -> Markup:
        """Render a table and keep it (as shown) for ``public/tables/``."""
        self._table_number += 1
        caption = f"Table {self._table_number}: {caption}"
        shown = frame.reset_index() if kwargs.get("index", True) else frame
        self.public_tables[f"{self._table_number:02d}_{name}"] = shown
        return render.table(frame, caption, **kwargs)

    def _section(self, title: str, anchor: str) -> render.Block:
        return render.Block().add(render.heading(title, 2, anchor))

    # -- sections --------------------------------------------------------------------------

    def front_sheet(self) -> render.Block:
        gov = self.params.governance
        block = render.Block().add(render.style_block())
        block.add(
            render.heading(
                f"Workforce Race Equality Standard report {short_year(self.year)}", 1, "front"
            )
        )
        block.add(render.paragraph(self.params.org_name))
        pairs = [
            ("Organisation", self.params.org_name),
            (
                "Reporting year",
                f"{short_year(self.year)} (snapshot {self.params.snapshot_date:%-d %B %Y})",
            ),
            ("Report date", f"{(self.params.report_date or today()):%-d %B %Y}"),
        ]
        if self.mode == "internal" or gov.public:
            pairs += [
                ("Meeting", gov.meeting),
                ("Purpose", gov.purpose),
                ("Decision asked", gov.decision),
                ("Sponsor", gov.sponsor),
                ("Authors", ", ".join(gov.authors)),
                ("Considered by", ", ".join(gov.committees)),
                ("Strategic aims", ", ".join(gov.strategic_aims)),
                ("Risk register", gov.risk_register),
            ]
        block.add(render.definition_list([(k, v) for k, v in pairs if v]))
        if self.mode == "public":
            block.add(
                render.paragraph(
                    "This is the public version of the report. Counts below "
                    f"{self.params.disclosure.threshold}, and any counts from which they could be "
                    "worked out, are hidden and shown as R.",
                    "note",
                )
            )
        return block

    def about(self) -> render.Block:
        end_year = year_start(self.year) + 1
        block = self._section("About the WRES and this report", "about")
        block.add(
            render.paragraph(
                "The Workforce Race Equality Standard (WRES) compares the experience of White "
                "staff and Black, Asian and minority ethnic (BME) staff through nine indicators. "
                "Every NHS trust in England computes them each year, submits them to NHS England, "
                "and publishes them with an action plan approved by its Board."
            )
        )
        block.add(
            render.table(
                pd.DataFrame(
                    {
                        "Indicator": [INDICATORS[i][0] for i in INDICATORS],
                        "What it measures": [INDICATORS[i][1] for i in INDICATORS],
                    },
                    index=pd.Index(list(INDICATORS), name="No."),
                ),
                "The nine WRES indicators",
                numeric=(),
            )
        )
        block.add(render.heading("Deadlines", 3))
        block.add(
            render.bullets(
                [
                    f"Submission of the {short_year(self.year)} figures to NHS England: "
                    f"31 August {end_year}.",
                    "Publication of the Board-approved report and action plan on the trust's "
                    f"website: 31 October {end_year}.",
                ]
            )
        )
        block.add(render.heading("Notes on the data", 3))
        block.add(render.bullets(self._data_notes()))
        block.add(render.heading("Terminology", 3))
        block.add(
            render.paragraph(
                "BME means Black, Asian and minority ethnic: every ethnic category other than "
                "White (White British, White Irish and any other White background). The term "
                "mirrors the wording of the WRES, but it groups very different experiences "
                "together, so where numbers allow this report also breaks BME down into Asian, "
                "Black, Mixed and Other (Chinese and any other ethnic group). Staff whose "
                "ethnicity is not stated are shown separately and left out of indicators 2 to 9."
            )
        )
        return block

    def _data_notes(self) -> list[str]:
        p, fig, year = self.params, self.figures, self.year
        notes = [
            f"Workforce figures are a snapshot at {p.snapshot_date:%-d %B %Y} of substantive "
            "staff (permanent and fixed-term contracts); staff who work only on the bank are "
            "not in the WRES figures and are shown alongside where data exist.",
        ]
        rate = fig.value(year, 1, "overall", "Known", "declaration_rate")
        unknown = fig.count(year, 1, "overall", "Unknown")
        if rate is not None and unknown is not None:
            shown = fig.n_of_n(year, 1, "overall", "Unknown")
            notes.append(
                f"Ethnicity was known for {format_percent(rate)} of substantive staff; "
                f"{shown} had no ethnicity recorded or chose not to say."
            )
        for _reason, sentence in sorted(self.data.data_notes.get(year, {}).items()):
            notes.append(f"{sentence[:1].upper()}{sentence[1:]}.")
        notes.append(
            f"In the public version, counts from 1 to {p.disclosure.threshold - 1}"
            f"{' and zero' if p.disclosure.hide_zero else ''} are hidden (shown as R), and so "
            "is any other count from which a hidden one could be worked out by subtraction; "
            "percentages and ratios built on hidden counts are hidden too. An audit checks "
            "this before anything public is written."
            + (
                " Board membership is not hidden: the trust publishes who sits on its Board."
                if p.disclosure.board_is_public
                else ""
            )
        )
        notes.append(
            "Intervals are 95% confidence intervals: Wilson intervals for percentages and "
            "Katz log intervals for relative likelihoods. A relative likelihood between "
            f"{p.method.parity_band[0]:.2f} and {p.method.parity_band[1]:.2f} is treated as no "
            "adverse difference (the 'four-fifths' range)."
        )
        return notes

    def benchmarking(self) -> render.Block:
        block = self._section("Benchmarking", "benchmarking")
        if self.params.benchmarking:
            block.add(
                render.paragraph(
                    "Comparison with other trusts, from NHS England's national WRES data for the "
                    "previous year (supplied in this year's parameters):"
                )
            )
            block.add(render.bullets(self.params.benchmarking))
        else:
            block.add(
                render.paragraph(
                    "No national comparison was supplied for this year. NHS England publishes each "
                    "trust's figures for the previous year; add them to the year's parameters "
                    "(benchmarking) to show this trust's position nationally, regionally and "
                    "among trusts of a similar type."
                )
            )
        return block

    # -- indicators ------------------------------------------------------------------------

    def indicator(self, number: int) -> render.Block:
        """One indicator: what it measures, where the data come from, words, tables, charts."""
        title, what, source = INDICATORS[number]
        block = self._section(f"Indicator {number}. {title}", f"indicator-{number}")
        block.add(render.paragraph(what))
        block.add(render.paragraph(f"Data: {source}", "note"))
        block.add(render.heading("What the figures show", 3))
        block.add(render.bullets(self._narrative(number)))
        builder = getattr(self, f"_indicator_{number}", None) or self._survey_indicator
        builder(block, number)
        return block

    def _narrative(self, number: int) -> list[str]:
        from wres_lib import narrative

        return narrative.indicator_narrative(
            self.metrics, number, self.year, self.params.method.parity_band
        )

    def _indicator_1(self, block: render.Block, number: int) -> None:
        from wres_lib.bands import band_row_labels

        fig, years = self.figures, self.years
        labels = band_row_labels()
        present = {m for (y, i, m, g) in fig.counts if i == 1}
        for kind, caption in (
            (
                "band",
                "percentage of substantive staff (of known ethnicity) who are BME, by pay band",
            ),
            (
                "grouped",
                "percentage of substantive staff (of known ethnicity) who are BME, by "
                "groups of pay bands",
            ),
        ):
            rows = ["overall"] + [
                m
                for m in labels
                if m in present and (m.startswith("grouped|") == (kind == "grouped"))
            ]
            frame = pd.DataFrame(
                {
                    **{
                        f"% BME {short_year(y)}": [fig.percent(y, 1, m, "BME") for m in rows]
                        for y in years
                    },
                    **{
                        f"BME {short_year(y)}": [fig.n_of_n(y, 1, m, "BME") for m in rows]
                        for y in years
                    },
                },
                index=pd.Index(
                    [labels.get(m, "All substantive staff") for m in rows], name="Pay band"
                ),
            )
            block.add(self._table(f"indicator_1_{kind}", caption, _drop_empty_rows(frame)))
        # The public report breaks the bands down by ethnic group only in groups of bands, where
        # cells are large enough to show (see protect.published).
        grouped = self.mode == "public"
        rows = ["overall"] + [
            m for m in labels if m in present and m.startswith("grouped|") == grouped
        ]
        mix = pd.DataFrame(
            {
                group: [fig.n_of_n(self.year, 1, m, group) for m in rows]
                for group in ("White", "Asian", "Black", "Mixed", "Other", "Unknown")
            },
            index=pd.Index([labels.get(m, "All substantive staff") for m in rows], name="Pay band"),
        )
        block.add(
            self._table(
                "indicator_1_ethnic_groups",
                f"substantive staff by ethnic group and "
                f"{'group of pay bands' if grouped else 'pay band'}, {short_year(self.year)} "
                "(Unknown is out of all staff in the row)",
                _drop_empty_rows(mix),
            )
        )
        if any(k[:3] == (self.year, 1, "bank") for k in fig.counts):
            bank = pd.DataFrame(
                {
                    "Bank staff": [fig.n_of_n(self.year, 1, "bank", g) for g in GROUPS],
                    "% of known": [fig.percent(self.year, 1, "bank", g) for g in GROUPS],
                },
                index=pd.Index(GROUPS, name="Ethnic group"),
            )
            block.add(
                self._table(
                    "indicator_1_bank",
                    f"bank-only staff by ethnic group, {short_year(self.year)} (not part of the "
                    "WRES figures)",
                    bank,
                )
            )
        self._charts(block, number)

    def _ratio_indicator(self, block: render.Block, number: int) -> None:
        fig, years = self.figures, self.years
        measures = ["all"] + (["two-year"] if number == 3 else [])
        for measure in measures:
            caption = {
                "all": f"relative likelihood ({RATIO_NAMES[number]}) of "
                f"{RATE_WORDS[number]}, by year",
                "two-year": f"relative likelihood ({RATIO_NAMES[number]}) of "
                f"{RATE_WORDS[number]}, two-year windows ending in each year",
            }[measure]
            frame = rates_table(fig, years, number, measure, GROUPS, RATIO_NAMES[number])
            block.add(self._table(f"indicator_{number}_{measure}", caption, frame))
        finer = [
            f"{RATIO_NAMES[number].split('/')[0]}/{g}" if number != 3 else f"{g}/White"
            for g in FINER
        ]
        rows = {name: [fig.ratio(y, number, "all", name) for y in years] for name in finer}
        frame = _drop_empty_rows(
            pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
        )
        if not frame.empty:
            frame.index.name = "Relative likelihood"
            block.add(
                self._table(
                    f"indicator_{number}_ethnic_groups",
                    f"relative likelihood of {RATE_WORDS[number]} for each ethnic group, 95% CI",
                    frame,
                )
            )
        if any(k[:3] == (self.year, number, "bank") for k in fig.counts):
            frame = rates_table(fig, years, number, "bank", ("White", "BME"), RATIO_NAMES[number])
            block.add(
                self._table(
                    f"indicator_{number}_bank",
                    f"bank-only staff {RATE_WORDS[number]} (not part of the WRES figures)",
                    frame,
                )
            )
        self._charts(block, number)

    _indicator_2 = _ratio_indicator
    _indicator_3 = _ratio_indicator
    _indicator_4 = _ratio_indicator

    def _survey_indicator(self, block: render.Block, number: int) -> None:
        fig, years = self.figures, self.years
        measures = ["all"] + (["managers", "colleagues"] if number == 6 else [])
        for measure in measures:
            what = {"all": "", "managers": "from managers", "colleagues": "from other colleagues"}
            frame = rates_table(fig, years, number, measure, GROUPS)
            block.add(
                self._table(
                    f"indicator_{number}_{measure}",
                    f"Staff Survey, {INDICATORS[number][0].lower()} {what[measure]}".strip()
                    + " (survey of the autumn before each year end)",
                    frame,
                )
            )
        bank_measures = [
            m
            for m in ("bank", "bank|managers", "bank|colleagues")
            if any(k[:3] == (self.year, number, m) for k in fig.counts)
        ]
        for measure in bank_measures:
            frame = rates_table(
                fig,
                [y for y in years if fig.count(y, number, measure, "White")],
                number,
                measure,
                GROUPS,
            )
            block.add(
                self._table(
                    f"indicator_{number}_{measure.replace('|', '_')}",
                    f"bank staff Staff Survey results ({measure.replace('bank|', 'from ')}; "
                    "not part of the WRES figures)",
                    frame,
                )
            )
        self._charts(block, number)

    def _indicator_9(self, block: render.Block, number: int) -> None:
        fig, years = self.figures, self.years
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
                _pp(
                    fig.value(y, 9, measure, "BME", "difference_pp"),
                    fig.count(y, 9, measure, "BME") is not None,
                )
                for y in years
            ]
        frame = _drop_empty_rows(
            pd.DataFrame.from_dict(rows, orient="index", columns=year_columns(years))
        )
        frame.index.name = ""
        block.add(
            self._table(
                "indicator_9", "BME representation on the Board compared with the workforce", frame
            )
        )
        self._charts(block, number)

    def _charts(self, block: render.Block, number: int) -> None:
        from wres_lib import charts

        for chart in charts.indicator_charts(
            self.metrics, number, self.year, self.years, self.params.method.parity_band
        ):
            block.add(chart)

    def summary(self) -> render.Block:
        """One statement per indicator, then the points the Board should take away."""
        from wres_lib import narrative

        band = self.params.method.parity_band
        block = self._section(f"Summary of {short_year(self.year)}", "summary")
        items = [
            Markup("<strong>{}.</strong> {}").format(
                f"Indicator {n}", narrative.indicator_statement(self.metrics, n, self.year, band)
            )
            for n in INDICATORS
        ]
        block.add(render.bullets(items))
        points = narrative.key_points(self.metrics, self.year, band)
        if points:
            block.add(render.heading("Points for the Board", 3))
            block.add(render.bullets(points))
        return block

    def model_employer(self) -> render.Block:
        from wres_lib import charts, model_employer

        me = self.params.model_employer
        block = self._section("Model Employer", "model-employer")
        block.add(
            render.paragraph(
                "NHS England's Model Employer strategy (2019) asks each trust to set a target "
                "for BME representation in senior roles. Here: BME staff at "
                f"{me.senior_from_band} and above (non-clinical and clinical pay bands, very "
                "senior managers included, medical grades not included)."
            )
        )
        trajectory = model_employer.trajectory(
            self.counts,
            baseline_year=me.baseline_year or self.years[0],
            target_year=me.target_year,
            target_percent=me.target_percent,
            senior_from_band=me.senior_from_band,
        )
        hidden_years: set[str] = set()
        if self.mode == "public":
            trajectory, hidden_years = self._withhold_senior_totals(trajectory)
        shown = model_employer.trajectory_table(trajectory)
        for year in hidden_years:
            shown.loc[
                year,
                [
                    "BME staff",
                    "Actual % BME",
                    "Gap (percentage points)",
                    "BME staff short of trajectory",
                ],
            ] = render.HIDDEN
        block.add(
            self._table(
                "model_employer_trajectory",
                "Model Employer: % BME at senior bands against the trajectory",
                shown,
            )
        )
        if self.mode == "internal":
            gap = model_employer.staff_gap_by_band(
                self.counts, self.year, trajectory.attrs.get("target_percent")
            )
            block.add(
                self._table(
                    "model_employer_gap",
                    f"more BME staff needed at each senior band to reach the "
                    f"target share, {short_year(self.year)}",
                    gap,
                )
            )
        block.add(charts.model_employer_chart(trajectory))
        return block

    def _withhold_senior_totals(self, trajectory: pd.DataFrame) -> tuple[pd.DataFrame, set[str]]:
        """Public mode: blank a year's senior-band figures unless the audit let them show."""
        from wres_lib.protect import SENIOR

        out = trajectory.copy()
        hidden_years = {
            str(year)
            for year, bme in zip(out["year"], out["bme"], strict=True)
            if pd.notna(bme) and self.figures.is_hidden(str(year), *SENIOR, "BME", "numerator")
        }
        rows = out["year"].astype(str).isin(hidden_years)
        for column in ("bme", "known", "actual_percent", "gap_pp", "staff_gap"):
            out.loc[rows, column] = float("nan")
        return out, hidden_years

    def action_plan(self) -> render.Block:
        from wres_lib.plan_section import action_plan_section

        return action_plan_section(self)

    def method_notes(self) -> render.Block:
        import wres_lib

        p = self.params
        block = self._section("Method notes", "method")
        notes = [
            "Percentages: the group's count over the group's total (for indicator 1, over staff "
            "of known ethnicity in the band); 95% Wilson score intervals.",
            "Relative likelihoods: one group's rate divided by the other's (White/BME for "
            "indicators 2 and 4, BME/White for indicator 3); 95% Katz log intervals, and a "
            "two-sided Fisher exact test for small counts. A ratio is undefined (and shown as "
            "such) when a group has no events.",
            f"Parity band: {p.method.parity_band[0]:.2f} to {p.method.parity_band[1]:.2f}. "
            "Shortfall: how many more BME appointments (or staff trained) would bring the "
            "ratio to 1.00.",
            "Indicator 9: Board % BME minus workforce % BME, in percentage points.",
            "Comparisons with last year ('better', 'worse', 'similar') come from the intervals: "
            "a change counts only when it is larger than chance variation would explain.",
            f"Disclosure control: counts below {p.disclosure.threshold} hidden, plus secondary "
            "suppression; every hidden count's possible range, worked out by linear "
            f"programming from all published figures, must be at least {p.disclosure.width} "
            "wide.",
            f"Software: wres-lib {wres_lib.__version__}. Input files and their SHA-256 hashes "
            "are listed in the run's manifest.json.",
        ]
        if self.protection is not None:
            notes.append(self.protection.summary_text())
        block.add(render.bullets(notes))
        return block


def build_report(params_file: str | Path, mode: str = "internal") -> Report:
    """Load, count, measure (and in public mode, protect) one year's report."""
    from wres_lib.demo import ensure_demo_data

    params = load_params(params_file)
    ensure_demo_data(params)
    return Report(gather(params), mode)
