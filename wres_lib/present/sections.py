"""The report's sections other than the indicators: front sheet, summary, about, benchmarking,
method notes.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from markupsafe import Markup

import wres_lib
from wres_lib.inputs.params import year_start
from wres_lib.present import render
from wres_lib.present.catalogue import INDICATORS
from wres_lib.present.context import ReportContext
from wres_lib.present.narrative import indicator_statement, key_points
from wres_lib.present.style import format_percent, short_year


def today() -> dt.date:
    return dt.date.today()


def front_sheet(report: ReportContext) -> render.Block:
    gov = report.params.governance
    block = render.Block().add(render.style_block())
    block.add(
        render.heading(
            f"Workforce Race Equality Standard report {short_year(report.year)}", 1, "front"
        )
    )
    block.add(render.paragraph(report.params.org_name))
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
            ("Purpose", gov.purpose),
            ("Decision asked", gov.decision),
            ("Sponsor", gov.sponsor),
            ("Authors", ", ".join(gov.authors)),
            ("Considered by", ", ".join(gov.committees)),
            ("Strategic aims", ", ".join(gov.strategic_aims)),
            ("Risk register", gov.risk_register),
        ]
    block.add(render.definition_list([(k, v) for k, v in pairs if v]))
    if report.mode == "public":
        block.add(
            render.paragraph(
                "This is the public version of the report. Counts below "
                f"{report.params.disclosure.threshold}, and any counts from which they could be "
                "worked out, are hidden and shown as R.",
                "note",
            )
        )
    return block


def about(report: ReportContext) -> render.Block:
    end_year = year_start(report.year) + 1
    block = report.section("About the WRES and this report", "about")
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
                f"Submission of the {short_year(report.year)} figures to NHS England: "
                f"31 August {end_year}.",
                "Publication of the Board-approved report and action plan on the trust's "
                f"website: 31 October {end_year}.",
            ]
        )
    )
    block.add(render.heading("Notes on the data", 3))
    block.add(render.bullets(_data_notes(report)))
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


def _data_notes(report: ReportContext) -> list[str]:
    p, fig, year = report.params, report.figures, report.year
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
    for _reason, sentence in sorted(report.data.data_notes.get(year, {}).items()):
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


def benchmarking(report: ReportContext) -> render.Block:
    block = report.section("Benchmarking", "benchmarking")
    if report.params.benchmarking:
        block.add(
            render.paragraph(
                "Comparison with other trusts, from NHS England's national WRES data for the "
                "previous year (supplied in this year's parameters):"
            )
        )
        block.add(render.bullets(report.params.benchmarking))
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


def summary(report: ReportContext) -> render.Block:
    """One statement per indicator, then the points the Board should take away."""
    band = report.params.method.parity_band
    block = report.section(f"Summary of {short_year(report.year)}", "summary")
    items = [
        Markup("<strong>{}.</strong> {}").format(
            f"Indicator {n}", indicator_statement(report.metrics, n, report.year, band)
        )
        for n in INDICATORS
    ]
    block.add(render.bullets(items))
    points = key_points(report.metrics, report.year, band)
    if points:
        block.add(render.heading("Points for the Board", 3))
        block.add(render.bullets(points))
    return block


def method_notes(report: ReportContext) -> render.Block:
    p = report.params
    block = report.section("Method notes", "method")
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
    if report.protection is not None:
        notes.append(report.protection.summary_text())
    block.add(render.bullets(notes))
    return block
