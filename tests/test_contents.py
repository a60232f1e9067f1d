"""The contents list: every section linked, repeated sub-headings left out, deleted words too."""

from __future__ import annotations

import re

from wres_lib.publish.contents import add_contents

DOCUMENT = (
    '<h1 id="front">Report</h1>'
    '<h2 id="summary">Summary</h2><h3>Points for the Board</h3>'
    '<h2 id="indicator-1">Indicator 1</h2><h3>What the figures show</h3>'
    '<h2 id="indicator-2">Indicator 2</h2><h3>What the figures show</h3>'
    '<h2 id="action-plan">Action plan</h2>'
    "<h3>Objective 1. Target <del>24%</del> <ins>25.6%</ins></h3>"
    '<h2 id="action-plan-changes">Appendix</h2><h3>Objective 1. Target <del>24%</del></h3>'
)


def links(document: str) -> list[tuple[str, str]]:
    nav = document[: document.index("</nav>")]
    return re.findall(r'<a href="#([^"]+)">([^<]*)</a>', nav)


def test_sections_listed_repeats_left_out_ids_everywhere():
    document = add_contents(DOCUMENT)
    assert links(document) == [
        ("summary", "Summary"),
        ("summary-points-for-the-board", "Points for the Board"),
        ("indicator-1", "Indicator 1"),
        ("indicator-2", "Indicator 2"),
        ("action-plan", "Action plan"),
        ("action-plan-objective-1-target-25-6", "Objective 1. Target 25.6%"),
        ("action-plan-changes", "Appendix"),
    ]
    # every heading still gets an id, so links into repeated sub-sections keep working
    assert 'id="indicator-1-what-the-figures-show"' in document
    assert 'id="indicator-2-what-the-figures-show"' in document
    assert add_contents(document) == document  # once only


def test_the_contents_follow_the_summary():
    """A Board member reads the decision and the headlines first, then the contents."""
    built = add_contents(DOCUMENT)
    assert (
        built.index('id="summary"') < built.index("wres-contents") < built.index('id="indicator-1"')
    )
    without_summary = add_contents(DOCUMENT.replace('id="summary"', 'id="overview"'))
    assert without_summary.index("wres-contents") < without_summary.index('id="overview"')
