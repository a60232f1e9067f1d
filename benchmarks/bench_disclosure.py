"""How long suppression and the audit take for a whole report's worth of tables.

Builds a synthetic trust shaped like seed 003 (about 20 tables: indicator 1 by band, grouped
band and ethnic group for three years; recruitment, disciplinary one- and two-year windows,
training, survey, Board, Bank), then times ``suppress`` (primary, secondary, audit) and a
fresh ``audit`` of the outcome. Target: under ~10 s on 2 cores.

    .venv/bin/python benchmarks/bench_disclosure.py [--seed N] [--repeat N] [--lp]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from wres_lib.inputs.params import Disclosure
from wres_lib.protect.audit import audit
from wres_lib.protect.problem import DisclosureProblem
from wres_lib.protect.suppression import audit_summary, require_protected, suppress

YEARS = ("March 2020", "March 2021", "March 2022")
FIN_YEARS = ("2018/19", "2019/20", "2020/21", "2021/22")
MINORITY = ("Asian", "Black", "Mixed", "Other")
BANDS = {
    "non-clinical": [
        ("Apprentice", 8),
        ("Band 2", 260),
        ("Band 3", 280),
        ("Band 4", 190),
        ("Band 5", 150),
        ("Band 6", 115),
        ("Band 7", 100),
        ("Band 8a", 60),
        ("Band 8b", 30),
        ("Band 8c", 15),
        ("Band 8d", 9),
        ("Band 9", 5),
        ("VSM", 6),
    ],
    "clinical": [
        ("Apprentice", 6),
        ("Band 2", 500),
        ("Band 3", 500),
        ("Band 4", 290),
        ("Band 5", 720),
        ("Band 6", 1150),
        ("Band 7", 450),
        ("Band 8a", 165),
        ("Band 8b", 55),
        ("Band 8c", 18),
        ("Band 8d", 7),
        ("VSM", 3),
    ],
    "medical": [("Trainee", 65), ("Non-consultant", 25), ("Consultant", 105), ("Other", 4)],
}
GROUPED = {
    "Non-clinical Bands 2 to 8a": ("non-clinical", ["Band 2", "Band 3", "Band 4", "Band 5"]),
    "Non-clinical Bands 8b to VSM": ("non-clinical", ["Band 8b", "Band 8c", "Band 8d", "VSM"]),
    "Clinical Bands 6 to VSM": ("clinical", ["Band 6", "Band 7", "Band 8a", "Band 8b", "VSM"]),
    "Medics (all grades)": ("medical", ["Trainee", "Non-consultant", "Consultant", "Other"]),
}


def _groups(rng: np.random.Generator, size: int, bme_share: float) -> dict[str, int]:
    """Headcounts by ethnic group for one band row."""
    n = int(max(0, rng.normal(size, size * 0.05)))
    shares = np.array([1 - bme_share, *(bme_share * np.array([0.5, 0.3, 0.12, 0.08])), 0.03])
    counts = rng.multinomial(n, shares / shares.sum())
    return dict(zip(("White", *MINORITY, "Unknown"), (int(c) for c in counts), strict=True))


def _people(p: DisclosureProblem, prefix: str, counts: dict[str, int]) -> dict[str, str]:
    """Declare one row's group counts, BME, known and all, with their relations."""
    keys = {g: p.count(f"{prefix}|{g}", v) for g, v in counts.items()}
    keys["BME"] = p.count(f"{prefix}|BME", sum(counts[g] for g in MINORITY))
    p.add_sum(keys["BME"], [keys[g] for g in MINORITY])
    keys["Known"] = p.count(f"{prefix}|Known", counts["White"] + p.values[keys["BME"]])
    p.add_sum(keys["Known"], [keys["White"], keys["BME"]])
    keys["All"] = p.count(f"{prefix}|All", p.values[keys["Known"]] + counts["Unknown"])
    p.add_sum(keys["All"], [keys["Known"], keys["Unknown"]])
    return keys


def _share(p: DisclosureProblem, table: str, row: str, label: str, num: str, den: str) -> None:
    p.show_percent(table, row, f"% {label}", num, den)
    p.show_fraction(table, row, f"n {label}", num, den)


def build_report(seed: int = 0) -> DisclosureProblem:
    """A whole report's published counts, displays and relations."""
    rng = np.random.default_rng(seed)
    p = DisclosureProblem()
    for year in YEARS:
        rows: dict[str, dict[str, str]] = {}
        for workforce, bands in BANDS.items():
            for band, size in bands:
                share = 0.65 if workforce == "medical" else 0.3 if size > 50 else 0.12
                rows[f"{workforce}|{band}"] = _people(
                    p, f"i1|{year}|{workforce}|{band}", _groups(rng, size, share)
                )
        overall = {}
        for g in ("White", *MINORITY, "Unknown", "BME", "Known", "All"):
            total = sum(p.values[r[g]] for r in rows.values())
            overall[g] = p.count(f"i1|{year}|overall|{g}", total)
            p.add_sum(overall[g], [r[g] for r in rows.values()])
        # Table 1: % BME and n BME by band; Table 1b: each group by band.
        for name, keys in [("Substantive Colleagues Overall", overall), *rows.items()]:
            _share(p, "Table 1", name, f"BME {year}", keys["BME"], keys["Known"])
            for g in ("White", *MINORITY):
                _share(p, f"Table 1b {year}", name, g, keys[g], keys["Known"])
        # Table 2: grouped band rows.
        for grouped, (workforce, bands) in GROUPED.items():
            members = [rows[f"{workforce}|{b}"] for b in bands]
            keys = {}
            for g in ("BME", "Known"):
                total = sum(p.values[m[g]] for m in members)
                keys[g] = p.count(f"i1|{year}|grouped|{grouped}|{g}", total)
                p.add_sum(keys[g], [m[g] for m in members])
            _share(p, "Table 2", grouped, f"BME {year}", keys["BME"], keys["Known"])
        _share(
            p, "Table 2", "Substantive Colleagues Overall", year, overall["BME"], overall["Known"]
        )
        p.show_fraction("Declaration", "Known ethnicity", year, overall["Known"], overall["All"])
    headcount = {
        (fy, g): f"i1|{YEARS[min(i, 2)]}|overall|{g}"
        for i, fy in enumerate(FIN_YEARS[1:])
        for g in ("White", "BME")
    }
    # Indicator 2: appointed / shortlisted, White and BME and groups, four years.
    for fy in FIN_YEARS:
        for g, size, rate in (("White", 3500, 0.13), *((m, 500, 0.09) for m in MINORITY)):
            short = p.count(f"i2|{fy}|{g}|short", int(rng.normal(size, size * 0.1)))
            appointed = p.count(f"i2|{fy}|{g}|appointed", int(rng.binomial(p.values[short], rate)))
            _share(p, "Table 3", f"{g} appointed", fy, appointed, short)
        for part in ("short", "appointed"):
            bme = p.count(
                f"i2|{fy}|BME|{part}", sum(p.values[f"i2|{fy}|{m}|{part}"] for m in MINORITY)
            )
            p.add_sum(bme, [f"i2|{fy}|{m}|{part}" for m in MINORITY])
        _share(p, "Table 3", "BME appointed", fy, f"i2|{fy}|BME|appointed", f"i2|{fy}|BME|short")
        p.show_derived(
            "Table 3",
            "Relative likelihood",
            fy,
            [f"i2|{fy}|{g}|{x}" for g in ("White", "BME") for x in ("short", "appointed")],
            "1.50",
        )
    # Indicator 3: one-year windows and two-year windows built from them.
    one_year = {}
    for fy in FIN_YEARS[1:]:
        for g, rate in (("White", 0.006), ("BME", 0.005)):
            den = headcount[(fy, g)]
            cases = p.count(f"i3|{fy}|{g}", int(rng.binomial(p.values[den], rate)))
            one_year[(fy, g)] = cases
            _share(p, "Table 5", g, fy, cases, den)
        p.show_derived(
            "Table 5",
            "Relative likelihood",
            fy,
            [one_year[(fy, g)] for g in ("White", "BME")]
            + [headcount[(fy, g)] for g in ("White", "BME")],
            "1.2",
        )
    for first, second in zip(FIN_YEARS[1:], FIN_YEARS[2:], strict=False):
        for g in ("White", "BME"):
            parts = [one_year[(first, g)], one_year[(second, g)]]
            two = p.count(f"i3|{first}-{second}|{g}", sum(p.values[k] for k in parts))
            p.add_sum(two, parts)
            _share(p, "Table 4", g, f"{first} to {second}", two, headcount[(second, g)])
    # Indicator 4: training by group.
    for fy, year in zip(FIN_YEARS[1:], YEARS, strict=True):
        for g in ("White", *MINORITY):
            den = f"i1|{year}|overall|{g}"
            trained = p.count(f"i4|{fy}|{g}", int(rng.binomial(p.values[den], 0.7)))
            _share(p, "Table 6", g, fy, trained, den)
        parts = [f"i4|{fy}|{m}" for m in MINORITY]
        bme = p.count(f"i4|{fy}|BME", sum(p.values[k] for k in parts))
        p.add_sum(bme, parts)
        _share(p, "Table 6", "BME", fy, bme, f"i1|{year}|overall|BME")
    # Indicators 5-8: survey yes / respondents by group, four indicators, four years.
    for indicator in (5, 6, 7, 8):
        for fy in FIN_YEARS:
            keys = {}
            for g, size in (("White", 1500), ("Asian", 250), ("Black", 90), ("Mixed", 30)):
                resp = p.count(f"i{indicator}|{fy}|{g}|resp", int(rng.normal(size, size * 0.1)))
                yes = p.count(f"i{indicator}|{fy}|{g}|yes", int(rng.binomial(p.values[resp], 0.15)))
                keys[g] = (yes, resp)
                _share(p, f"Table {indicator + 2}", g, fy, yes, resp)
            for i, part in enumerate(("yes", "resp")):
                members = [keys[m][i] for m in ("Asian", "Black", "Mixed")]
                bme = p.count(f"i{indicator}|{fy}|BME|{part}", sum(p.values[k] for k in members))
                p.add_sum(bme, members)
            _share(
                p,
                f"Table {indicator + 2}",
                "BME",
                fy,
                f"i{indicator}|{fy}|BME|yes",
                f"i{indicator}|{fy}|BME|resp",
            )
    # Indicator 9: Board, voting and executive members.
    for fy in FIN_YEARS:
        members = p.count(f"i9|{fy}|members", 14)
        bme = p.count(f"i9|{fy}|bme", int(rng.integers(1, 5)))
        voting = p.count(f"i9|{fy}|voting", 11)
        bme_voting = p.count(f"i9|{fy}|bme_voting", min(p.values[bme], int(rng.integers(0, 4))))
        p.add_at_most(bme_voting, bme)
        _share(p, "Table 11", "Board", fy, bme, members)
        _share(p, "Table 11", "Voting", fy, bme_voting, voting)
    # Bank workforce by group.
    bank = _people(p, "bank", _groups(rng, 960, 0.43))
    for g in ("White", *MINORITY, "BME"):
        _share(p, "Table 12", g, "Bank", bank[g], bank["Known"])
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lp", action="store_true", help="continuous relaxation only")
    args = parser.parse_args()
    disclosure = Disclosure()
    problem = build_report(args.seed)
    print(
        f"{len(problem.values)} counts, {len(problem.displays)} displays, "
        f"{len(problem.relations)} relations, {len(problem.tables())} tables"
    )
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = suppress(problem, disclosure, integer=not args.lp)
        times.append(time.perf_counter() - start)
    start = time.perf_counter()
    check = audit(problem, result.hidden, disclosure, integer=not args.lp)
    audit_time = time.perf_counter() - start
    require_protected(check)
    print(audit_summary(result), f"rounds={result.rounds}")
    print(f"suppress (primary + secondary + audits): best {min(times):.2f} s of {args.repeat}")
    print(f"final audit alone: {audit_time:.2f} s")


if __name__ == "__main__":
    main()


def test_suppress_and_audit_a_report(benchmark) -> None:
    """pytest-benchmark entry (``make bench``): suppression plus audit of a seed-shaped report."""
    from wres_lib.inputs.params import Disclosure
    from wres_lib.protect.suppression import suppress

    result = benchmark.pedantic(
        lambda: suppress(build_report(0), Disclosure()), rounds=3, iterations=1
    )
    assert result.audit.ok


def test_protect_the_demo_trusts_public_report(benchmark, tmp_path) -> None:
    """The real thing: the demo trust's four-year public report, declared and audited."""
    import shutil
    from pathlib import Path

    from wres_lib.demo.trust import generate_demo_trust
    from wres_lib.inputs.params import load_params
    from wres_lib.measure.window import gather
    from wres_lib.protect.public_report import protect_report

    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "params", tmp_path / "params")
    generate_demo_trust(tmp_path / "data" / "demo")
    params = load_params(tmp_path / "params" / "2022-23.yaml")
    data = gather(params)
    protection = benchmark.pedantic(
        lambda: protect_report(data.counts, data.metrics, params.disclosure),
        rounds=3,
        iterations=1,
    )
    assert protection.summary["protected"]
