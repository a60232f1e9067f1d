"""The HiGHS wrapper disclosure control solves with: definite answers, warm re-solves."""

from __future__ import annotations

import numpy as np

from wres_lib.protect.linear_program import LinearProgram


def test_infeasible_is_never_taken_for_unbounded() -> None:
    """x0 + x1 = -1 with x ≥ 0 has no solution; presolve alone cannot say which it is."""
    program = LinearProgram(2, np.array([[1.0, 1.0]]), np.array([-1.0]))
    assert program.minimise(np.array([1.0, 0.0])).status == "infeasible"


def test_unbounded_then_bounded_then_integer_on_one_model() -> None:
    """x0 = x1 ≥ 0: min −x0 is unbounded, min x0 is 0; 2·x0 ≥ 3 as whole numbers gives 2."""
    program = LinearProgram(
        2, np.array([[1.0, -1.0]]), np.array([0.0]), np.array([[-2.0, 0.0]]), np.array([-3.0])
    )
    assert program.minimise(np.array([-1.0, 0.0])).status == "unbounded"
    relaxed = program.minimise(np.array([1.0, 0.0]))
    assert relaxed.status == "optimal" and relaxed.value == 1.5
    whole = program.minimise(np.array([1.0, 0.0]), integer=True)
    assert whole.value == 2.0 and list(whole.x) == [2.0, 2.0]
    assert program.minimise(np.array([1.0, 0.0])).value == 1.5  # back to continuous
