"""How long the demo trust takes to generate: `make report` regenerates it, so it must be quick."""

from __future__ import annotations

from pathlib import Path

from wres_lib.demo.trust import generate_demo_trust

BUDGET_SECONDS = 10.0


def test_generate_demo_trust(benchmark, tmp_path: Path) -> None:
    written = benchmark.pedantic(
        generate_demo_trust, args=(tmp_path / "demo",), rounds=3, iterations=1
    )
    assert len(written) == 30
    assert benchmark.stats.stats.max < BUDGET_SECONDS
