"""The report's sections other than the indicators: front sheet, summary, about, benchmarking,
method notes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from markupsafe import Markup

import wres_lib
from wres_lib.demo.shape import DEMO_ORG
from wres_lib.inputs.params import year_start
from wres_lib.present import render
from wres_lib.present.benchmarking_section import benchmarking_section, standing_headline
from wres_lib.present.catalogue import INDICATORS
from wres_lib.present.context import ReportContext
from wres_lib.present.model_employer_section import model_employer_headline
from wres_lib.present.narrative import indicator_statement, key_points
from wres_lib.present.style import short_year


def today() -> dt.date:
    return dt.date.today()


def front_sheet(report: ReportContext) -> render.Block:
    gov, words = report.params.governance, report.wording
    block = render.Block().add(render.style_block())
    block.add(render.heading(words.say("notes.j2", "title", report.year, report.mode), 1, "front"))
    if report.mode == "internal":
        # The HTML export repeats this <p class="banner"> at the top of the page, above the
        # code (templates/wres_public.html.j2): keep the class.
        block.add(render.paragraph(words.say("notes.j2", "internal_banner"), "banner"))
    block.add(render.paragraph(report.params.org_name))
    if report.params.org == DEMO_ORG:
        block.add(render.paragraph(words.say("notes.j2", "synthetic", report.params.org_name)))
    pairs = [
        ("Organisation", report.params.org_name),
        (
            "Reporting year",
            f"{short_year(report.year)} (snapshot {report.params.snapshot_date:%-d %B %Y})",
        ),
        ("Report date", f"{(report.params.report_date or today()):%-d %B %Y}"),
    ]
    if report.mode == "internal" or gov.public:
        pairs += [
            ("Meeting", gov.meeting),
            (  # said once where the report is dated the day it is submitted
                "Date submitted",
                f"{gov.submitted:%-d %B %Y}"
                if gov.submitted and gov.submitted != report.params.report_date
                else "",
            ),
            ("Purpose", gov.purpose),
            ("The meeting is asked to", words.say("notes.j2", "ask", gov.ask) if gov.ask else ""),
            (
                "Considered before",
                "; ".join(
                    words.say("notes.j2", "considered", c.forum, f"{c.date:%-d %B %Y}", c.assurance)
                    for c in gov.considered
                ),
            ),
            (
                "Submitted to NHS England",
                words.say(
                    "notes.j2",
                    "nhs_england_submission",
                    f"{gov.nhs_england_submitted:%-d %B %Y}" if gov.nhs_england_submitted else None,
                ),
            ),
            ("If not done", words.say("notes.j2", "contract")),
            ("Reporting cycle", words.say("notes.j2", "cycle")),
            ("Sponsor", gov.sponsor),
            ("Authors", ", ".join(gov.authors)),
            ("Strategic aims", ", ".join(gov.strategic_aims)),
            ("Risk register", gov.risk_register),
        ]
    wide = {"Purpose", "The meeting is asked to", "Considered before", "If not done"}
    block.add(render.definition_list([(k, v) for k, v in pairs if v], wide=wide))
    if report.mode == "public":
        threshold = report.params.disclosure.threshold
        block.add(render.paragraph(words.say("notes.j2", "public_note", threshold), "note"))
    return block


def about(report: ReportContext) -> render.Block:
    words = report.wording
    end_year = year_start(report.year) + 1
    block = report.section(words.say("notes.j2", "heading", "about"), "about")
    block.add(render.paragraph(words.say("notes.j2", "about")))
    block.add(
        render.table(
            pd.DataFrame(
                {
                    "Indicator": [words.say("catalogue.j2", "title", i) for i in INDICATORS],
                    "Figure": [words.say("catalogue.j2", "figure", i) for i in INDICATORS],
                },
                index=pd.Index(list(INDICATORS), name="No."),
            ),
            words.say("captions.j2", "indicators_list"),
            numeric=(),
        )
    )
    block.add(render.heading(words.say("notes.j2", "heading", "deadlines"), 3))
    block.add(render.bullets(words.lines("notes.j2", "deadlines", report.year, end_year)))
    block.add(render.heading(words.say("notes.j2", "heading", "data"), 3))
    block.add(render.bullets(_data_notes(report)))
    block.add(render.heading(words.say("notes.j2", "heading", "terminology"), 3))
    block.add(render.paragraph(words.say("notes.j2", "terminology")))
    return block


# Notes about how the extracts were read, not about who is counted: the internal report only.
ANALYST_NOTES = frozenset({"extract_columns_ignored", "staff_dates_unread", "survey_rows_not_used"})


def _data_notes(report: ReportContext) -> list[str]:
    p, fig, year, words = report.params, report.figures, report.year, report.wording
    notes = [words.say("notes.j2", "snapshot", f"{p.snapshot_date:%-d %B %Y}")]
    rate = fig.value(year, 1, "overall", "Known", "declaration_rate")
    if rate is not None:
        unknown = fig.n_of_n(year, 1, "overall", "Unknown")
        notes.append(words.say("notes.j2", "declaration", rate, unknown))
    # Numbers of records left out are not audited, so the public report gives the reason only.
    public = report.mode == "public"
    for reason, number in sorted(report.data.excluded.get(year, {}).items()):
        if number and not (public and reason in ANALYST_NOTES):
            notes.append(words.say("notes.j2", "excluded", reason, None if public else number))
    notes.append(
        words.say(
            "notes.j2",
            "small_numbers",
            p.disclosure.threshold,
            p.disclosure.hide_zero,
            p.disclosure.board_is_public,
        )
    )
    notes.append(words.say("notes.j2", "likely_range", *p.method.parity_band))
    return notes


def benchmarking(report: ReportContext) -> render.Block:
    """Comparison with other trusts; with no comparator data, nothing in the public report."""
    return benchmarking_section(report)


def summary(report: ReportContext) -> render.Block:
    """One statement per indicator, then the points the Board should take away."""
    band, words = report.params.method.parity_band, report.wording
    senior = report.params.model_employer.senior_from_band
    block = report.section(words.say("notes.j2", "heading", "summary", report.year), "summary")
    board = board_counts(report)
    items = [
        Markup("<strong>{}.</strong> {}").format(
            f"Indicator {n}",
            indicator_statement(
                report.metrics,
                n,
                report.year,
                band,
                wording=words,
                board_counts=board,
                senior_from_band=senior,
                level=report.params.method.confidence_level,
            ),
        )
        for n in INDICATORS
    ]
    standing = model_employer_headline(report, brief=True)
    if standing:
        heading = words.say("notes.j2", "heading", "model_employer")
        items.append(Markup("<strong>{}.</strong> {}").format(heading, standing))
    nationally = standing_headline(report)
    if nationally:
        heading = words.say("notes.j2", "heading", "benchmarking")
        items.append(Markup("<strong>{}.</strong> {}").format(heading, nationally))
    block.add(render.bullets(items))
    points = key_points(
        report.metrics,
        report.year,
        band,
        wording=words,
        senior_from_band=senior,
        level=report.params.method.confidence_level,
    )
    if points:
        block.add(render.heading(words.say("notes.j2", "heading", "points"), 3))
        block.add(render.bullets(points))
    return block


def board_counts(report: ReportContext) -> dict[tuple[str, int, str, str], tuple[int, int]]:
    """Board counts the report may print (all of them unless disclosure control hid some)."""
    fig = report.figures
    return {
        key: value
        for key, value in fig.counts.items()
        if key[1] == 9
        and not any(fig.is_hidden(*key, part) for part in ("numerator", "denominator"))
    }


def method_notes(report: ReportContext) -> render.Block:
    p = report.params
    block = report.section(report.wording.say("notes.j2", "heading", "method"), "method")
    notes = report.wording.lines(
        "notes.j2",
        "method",
        *p.method.parity_band,
        p.disclosure.threshold,
        p.disclosure.width,
        wres_lib.__version__,
        p.method.confidence_level,
    )
    if report.protection is not None:
        notes.append(report.wording.say("notes.j2", "audit", report.protection.summary))
    block.add(render.bullets(notes))
    return block
