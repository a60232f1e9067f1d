"""Paired timing on a shared, noisy machine: run A and its reference B alternately, quote medians.

Each side runs as a fresh process (``python ...``), so imports and start-up count on both sides
alike and the child's own CPU time and peak memory come from ``os.wait4``. The ratio A / B of the
medians is what ``make bench`` prints (``conftest.py`` collects every result in ``RESULTS``).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = int(os.environ.get("WRES_BENCH_ROUNDS", "3"))


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_mib: float  # the child's peak resident memory


@dataclass
class Paired:
    name: str
    a_label: str
    b_label: str
    a: list[Run] = field(default_factory=list)
    b: list[Run] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed under the ratio (e.g. A's stages)

    def median(self, side: str, what: str) -> float:
        return statistics.median(getattr(r, what) for r in getattr(self, side))

    def ratio(self, what: str = "wall") -> float:
        return self.median("a", what) / self.median("b", what)

    def lines(self) -> list[str]:
        out = [f"{self.name}: {len(self.a)} alternating rounds, medians"]
        for side, label in (("a", self.a_label), ("b", self.b_label)):
            wall, cpu, peak = (self.median(side, w) for w in ("wall", "cpu", "peak_mib"))
            out.append(
                f"  {side.upper()} {label:<44} wall {wall:7.2f} s  cpu {cpu:7.2f} s  "
                f"peak {peak:7.0f} MiB"
            )
        out.append(
            f"  ratio A/B: wall {self.ratio('wall'):.2f}x  cpu {self.ratio('cpu'):.2f}x  "
            f"peak memory {self.ratio('peak_mib'):.2f}x"
        )
        return out + [f"  {note}" for note in self.notes]


RESULTS: list[Paired] = []


# A small launcher runs each command, so the peak memory a child reports is its own: Linux
# carries a forked process's resident size over exec, and this pytest process is large.
LAUNCHER = (
    "import os, subprocess, sys\n"
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(child.pid, 0)\n"
    "print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, file=sys.stderr)\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def run_process(command: list[str], cwd: Path = ROOT) -> Run:
    """Run one command to completion; its wall time, CPU time and peak memory."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-S", "-c", LAUNCHER, *command],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - start
    *error, last = done.stderr.rstrip("\n").split("\n")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-3000:]}")
    cpu, peak_kib = last.split()
    return Run(wall, float(cpu), int(peak_kib) / 1024)


def paired(
    name: str,
    a_label: str,
    a: list[str],
    b_label: str,
    b: list[str],
    rounds: int = ROUNDS,
    before_each: object = None,
    after_a: object = None,
) -> Paired:
    """A, B, A, B, ... ``rounds`` times (B first on odd rounds, so drift hits both alike).
    ``after_a()`` runs after each A (before anything is cleaned), e.g. to read its timings."""
    result = Paired(name, a_label, b_label)
    for i in range(rounds):
        order = (("a", a), ("b", b)) if i % 2 == 0 else (("b", b), ("a", a))
        for side, command in order:
            if callable(before_each):
                before_each()
            getattr(result, side).append(run_process(command))
            if side == "a" and callable(after_a):
                after_a()
    RESULTS.append(result)
    return result


def python(*args: str) -> list[str]:
    """A command running this interpreter (the project's .venv under ``make bench``)."""
    return [sys.executable, *args]
