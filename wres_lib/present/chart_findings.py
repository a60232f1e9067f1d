"""Each chart's alt text: its finding in one or two sentences, never a list of its values.

A screen-reader user hears what a sighted reader takes from the chart; the values themselves are
in the table printed beside it. Every text is kept under :data:`ALT_LIMIT` characters: a second
sentence is dropped, and a long list of withheld values is summarised, rather than overrun.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from wres_lib.present.style import format_percent, format_ratio, short_year
from wres_lib.present.wording import and_list

ALT_LIMIT = 250


def fit(*sentences: str) -> str:
    """The sentences that fit within the limit, in order, always keeping the first."""
    text = sentences[0]
    for sentence in sentences[1:]:
        if sentence and len(text) + 1 + len(sentence) <= ALT_LIMIT:
            text += " " + sentence
    return text


def withheld_note(alt: str, withheld: Sequence[str]) -> str:
    """Say what is not shown, listed if it fits, else how many."""
    if not withheld:
        return alt
    listed = f"{alt} Not shown, to protect small numbers: {', '.join(withheld)}."
    if len(listed) <= ALT_LIMIT:
        return listed
    counted = f"{alt} {len(withheld)} values not shown, to protect small numbers."
    return counted if len(counted) <= ALT_LIMIT else alt


def extremes(
    values: Mapping[str, float], shown: Callable[[float], str] = format_percent
) -> tuple[str, str]:
    """The highest and the lowest of ``values`` as a reader sees them printed, ties named.

    Values are compared as printed (``shown``), so two bands both printed 39.8% are both
    highest: ``"Band 2 and Band 3 (39.8%)"``.
    """
    printed = {name: shown(value) for name, value in values.items()}

    def named(pick: Callable[..., float]) -> str:
        best = pick(values.values())
        at = shown(best)
        return f"{and_list(n for n, text in printed.items() if text == at)} ({at})"

    return named(max), named(min)


def band_runs(flags: Sequence[tuple[str, bool]]) -> str:
    """Runs of flagged bands in their order: ``Bands 6 to 8a and VSM``."""
    runs: list[list[str]] = []
    previous = False
    for band, flagged in flags:
        if flagged:
            if previous:
                runs[-1].append(band)
            else:
                runs.append([band])
        previous = flagged
    words = []
    for run in runs:
        first, last = run[0], run[-1]
        if len(run) == 1:
            words.append(first)
        else:
            link = " and " if len(run) == 2 else " to "
            if first.startswith("Band ") and last.startswith("Band "):
                first, last = f"Bands {first.removeprefix('Band ')}", last.removeprefix("Band ")
            words.append(f"{first}{link}{last}")
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def representation(
    workforce: str, year: str, shown: Sequence[tuple[str, float, float]], overall_bme: float
) -> str:
    """Indicator 1 by band: where BME staff are under-represented against their overall share."""
    year = short_year(year)
    bme = [(band, b) for band, _white, b in shown]
    highest, lowest = extremes(dict(bme))
    spread = f"Their share is highest at {highest} and lowest at {lowest}."
    if math.isnan(overall_bme):
        return fit(f"{workforce.capitalize()} staff in {year}: {spread}")
    overall = format_percent(overall_bme)
    under = [(band, round(b, 1) < round(overall_bme, 1)) for band, b in bme]
    if not any(flag for _, flag in under):
        first = (
            f"In {year} BME staff are at or above their {overall} share of the workforce at "
            f"every {workforce} band shown."
        )
    else:
        first = (
            f"In {year} BME staff are under-represented at {workforce} {band_runs(under)} "
            f"compared with their {overall} share of the workforce."
        )
    return fit(first, spread)


def group_profile(
    year: str, shown: Sequence[tuple[str, Sequence[float]]], groups: Sequence[str]
) -> str:
    """Indicator 1 by group of bands: the BME share overall and where it is highest and lowest."""
    year = short_year(year)
    finer = [g for g in groups if g not in ("White", "BME")]

    def bme(values: Sequence[float]) -> float:
        if "BME" in groups:
            return values[list(groups).index("BME")]
        return sum(values[list(groups).index(g)] for g in finer)

    overall = next((values for label, values in shown if label == "Overall"), None)
    rows = [(label, bme(values)) for label, values in shown if label != "Overall"]
    first = f"Ethnic groups of staff of known ethnicity in {year}."
    if overall is not None:
        share = format_percent(bme(overall))
        first = f"In {year} BME staff are {share} of staff of known ethnicity"
        if finer:
            largest, _ = extremes({g: overall[list(groups).index(g)] for g in finer})
            first += f", the largest group being {largest}"
        first += "."
    if not rows:
        return first
    high, low = extremes(dict(rows))
    return fit(first, f"The BME share is highest in {high} and lowest in {low}.")


def group_comparison(what: str, year: str, values: dict[str, float], clear: bool | None) -> str:
    """Indicators 2–8 in one year: BME against White, and the finer groups' extremes."""
    year = short_year(year)
    if "BME" in values and "White" in values:
        verdict = {
            True: "a difference larger than chance",
            False: "a difference that may be chance",
            None: "not tested",
        }[clear]
        first = (
            f"{what}, {year}: BME {format_percent(values['BME'])} against White "
            f"{format_percent(values['White'])}, {verdict}."
        )
    else:
        first = f"{what}, {year}: " + ", ".join(
            f"{g} {format_percent(v)}" for g, v in values.items()
        )
        return fit(first + ".")
    finer = {g: v for g, v in values.items() if g not in ("White", "BME")}
    second = ""
    if len(finer) >= 2:
        high, low = extremes(finer)
        among = "Among BME groups" if len(finer) == 4 else "Among the BME groups shown"
        second = (
            f"{among} it is the same for {high}."
            if high == low
            else f"{among} it is highest for {high} and lowest for {low}."
        )
    return fit(first, second)


def ratio_trend(
    what: str, series: Sequence[tuple[str, float]], parity_band: tuple[float, float] | None
) -> str:
    """A relative likelihood over the years: where it is now, against the range, and before."""
    year, value = series[-1]
    text = f"{what}: {format_ratio(value)} in {short_year(year)}"
    if parity_band is not None:
        low, high = parity_band
        inside = low <= round(value, 2) <= high
        where = "inside" if inside else "outside"
        text += f", {where} the fair range, {format_ratio(low)}–{format_ratio(high)}"
    if len(series) > 1:
        text += f" ({format_ratio(series[0][1])} in {short_year(series[0][0])})"
    return fit(text + ".")


def percent_trend(what: str, series: dict[str, Sequence[tuple[str, float]]]) -> str:
    """A percentage over the years for White and BME: the latest figures and the first."""
    latest = [(g, rows[-1]) for g, rows in series.items() if rows]
    last_year = max(year for _, (year, _v) in latest)
    now = " and ".join(f"{g} {format_percent(v)}" for g, (y, v) in latest if y == last_year)
    first = f"{what}: {now} in {short_year(last_year)}."
    firsts = [(g, rows[0]) for g, rows in series.items() if len(rows) > 1]
    second = ""
    if firsts:
        start = min(year for _, (year, _v) in firsts)
        before = " and ".join(f"{g} {format_percent(v)}" for g, (y, v) in firsts if y == start)
        second = f"In {short_year(start)}: {before}."
    return fit(first, second)


def _points(value: float, unit: str = " percentage points") -> str:
    side = "below" if value < 0 else "above"
    return f"{abs(value):.1f}{unit} {side}" if round(value, 1) else "the same as"


def board(series: dict[str, Sequence[tuple[str, float]]]) -> str:
    """Indicator 9: how far the Board's % BME is from the workforce's, now and at the start."""
    rows = series.get("All Board members") or next(iter(series.values()))
    name = "the Board's" if series.get("All Board members") else "its"
    year, value = rows[-1]
    first = f"In {short_year(year)} {name} % BME is {_points(value)} the workforce's"
    if len(rows) > 1:
        first += f" ({_points(rows[0][1])} in {short_year(rows[0][0])})"
    first += "."
    others = [
        f"{label.lower()} {_points(values[-1][1], '')}"
        for label, values in series.items()
        if label != "All Board members" and values and values[-1][0] == year
    ]
    second = f"For {' and '.join(others)}." if others else ""
    return fit(first, second)
