"""Print every paired benchmark's ratio at the end of ``make bench``."""

from __future__ import annotations

from paired import RESULTS


def pytest_terminal_summary(terminalreporter) -> None:
    if not RESULTS:
        return
    terminalreporter.section("ratios (A / reference B, same run, medians)")
    for result in RESULTS:
        for line in result.lines():
            terminalreporter.write_line(line)
