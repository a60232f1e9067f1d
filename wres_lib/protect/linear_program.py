"""One linear program, solved many times with different objectives, by HiGHS directly.

Disclosure control asks the same constraints hundreds of questions (the lowest and highest
value of each hidden count; the cheapest cells to hide for each unprotected one). Through
``scipy.optimize.linprog`` every question rebuilt and re-checked the model and started the
simplex from scratch. Here the model is passed to HiGHS once and only the objective changes,
so each solve starts from the last optimal basis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import csc_array, csr_array, vstack

INF = np.inf
_UNBOUNDED = {highspy.HighsModelStatus.kUnbounded}


@dataclass(frozen=True)
class Solution:
    """``status`` is "optimal", "unbounded" or "infeasible"; ``value`` and ``x`` if optimal."""

    status: str
    value: float = math.nan
    x: np.ndarray | None = None


class LinearProgram:
    """min c·x subject to A_eq x = b_eq, A_ub x ≤ b_ub and column bounds (default x ≥ 0)."""

    def __init__(
        self,
        columns: int,
        a_eq: np.ndarray | csr_array | None = None,
        b_eq: np.ndarray | None = None,
        a_ub: np.ndarray | csr_array | None = None,
        b_ub: np.ndarray | None = None,
        lower: np.ndarray | None = None,
        upper: np.ndarray | None = None,
    ) -> None:
        self.columns = columns
        blocks, row_lower, row_upper = [], [], []
        if a_eq is not None and len(b_eq):
            blocks.append(csr_array(a_eq))
            row_lower.append(np.asarray(b_eq, dtype=float))
            row_upper.append(np.asarray(b_eq, dtype=float))
        if a_ub is not None and len(b_ub):
            blocks.append(csr_array(a_ub))
            row_lower.append(np.full(len(b_ub), -INF))
            row_upper.append(np.asarray(b_ub, dtype=float))
        matrix = csc_array(vstack(blocks)) if blocks else csc_array((0, columns))
        lp = highspy.HighsLp()
        lp.num_col_ = columns
        lp.num_row_ = matrix.shape[0]
        lp.col_cost_ = np.zeros(columns)
        lp.col_lower_ = np.zeros(columns) if lower is None else np.asarray(lower, dtype=float)
        lp.col_upper_ = np.full(columns, INF) if upper is None else np.asarray(upper, dtype=float)
        lp.row_lower_ = np.concatenate(row_lower) if row_lower else np.zeros(0)
        lp.row_upper_ = np.concatenate(row_upper) if row_upper else np.zeros(0)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
        lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
        lp.a_matrix_.value_ = matrix.data.astype(float)
        self.highs = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.passModel(lp)
        self._all = np.arange(columns, dtype=np.int32)
        self._integer = False

    def set_bounds(self, lower: np.ndarray, upper: np.ndarray) -> None:
        self.highs.changeColsBounds(self.columns, self._all, lower, upper)

    def minimise(self, cost: np.ndarray, *, integer: bool = False) -> Solution:
        """Minimise ``cost · x`` (as whole numbers with ``integer``)."""
        highs = self.highs
        highs.changeColsCost(self.columns, self._all, np.asarray(cost, dtype=float))
        if integer != self._integer:
            kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
            highs.changeColsIntegrality(self.columns, self._all, np.array([kind] * self.columns))
            self._integer = integer
        highs.run()
        status = highs.getModelStatus()
        if status == highspy.HighsModelStatus.kUnboundedOrInfeasible:
            # Presolve could not tell which: solve again without it for a definite answer
            # (an infeasible system must not pass as an unbounded, i.e. wide, cell).
            highs.setOptionValue("presolve", "off")
            highs.run()
            status = highs.getModelStatus()
            highs.setOptionValue("presolve", "choose")
        if status == highspy.HighsModelStatus.kOptimal:
            x = np.array(highs.getSolution().col_value)
            return Solution("optimal", float(highs.getInfo().objective_function_value), x)
        if status in _UNBOUNDED:
            return Solution("unbounded")
        if status == highspy.HighsModelStatus.kInfeasible:
            return Solution("infeasible")
        reason = highs.modelStatusToString(status)
        raise RuntimeError(f"disclosure control: HiGHS stopped ({reason})")
