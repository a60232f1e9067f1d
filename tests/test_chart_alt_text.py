"""Every chart of the demo's 2022/23 reports, public and internal: alt text that states the
finding in one or two sentences (under 250 characters), in the house year format."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from wres_lib.present.chart_findings import ALT_LIMIT
from wres_lib.present.report import build_report

ROOT = Path(__file__).resolve().parent.parent


def chart_alts(mode: str) -> list[str]:
    report = build_report(ROOT / "params" / "2022-23.yaml", mode)
    blocks = [*(report.indicator(n) for n in range(1, 10)), report.model_employer()]
    blocks.append(report.action_plan())
    page = "".join(str(block.html()) for block in blocks)
    return [html.unescape(alt) for alt in re.findall(r'<img [^>]*alt="([^"]*)"', page)]


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["public", "internal"])
def test_every_chart_states_its_finding_briefly(mode: str) -> None:
    alts = chart_alts(mode)
    assert len(alts) >= 12, alts
    for alt in alts:
        assert len(alt) <= ALT_LIMIT, alt
        finding = re.split(r" (?:Not shown|\d+ values not shown),", alt)[0]
        sentences = re.split(r"(?<=[a-z0-9%)])\. ", finding)
        assert len(sentences) <= 2, alt
        # A finding, not a list of values: at most a handful of figures are read out.
        assert len(re.findall(r"\d+\.\d+", alt)) <= 6, alt
        assert not re.search(r"\b20\d\d-\d\d\b", alt), alt  # 2022/23, never 2022-23
    if mode == "public":  # public charts say what small numbers they leave out
        assert any("protect small numbers" in alt for alt in alts)
