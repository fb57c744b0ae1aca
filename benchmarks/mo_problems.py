"""Multi-objective and constrained benchmark problems: ZDT1, ZDT2, DTLZ2 and Gardner's problem.

Every objective is minimized. A problem gives its search space, a function from parameters to the
objective values, a function to the constraint values (feasible when all are <= 0; none for the
unconstrained ones), and the reference point of the hypervolume (for the single-objective
constrained problem, its best feasible value, found by a dense grid, instead).

Example:
    .. code-block:: python

        import optuna
        from mo_problems import MO_PROBLEMS

        problem = MO_PROBLEMS["zdt1"]
        study = optuna.create_study(directions=problem.directions)
        study.optimize(problem.objective, n_trials=50)
        print(problem.score(study))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import math
from typing import Any

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.distributions import FloatDistribution
from optuna.trial import TrialState

from optuna_gfo import _core


@dataclass(frozen=True)
class MOProblem:
    """Minimize ``function(x)`` (a tuple of values) subject to ``constraints(x) <= 0``.

    ``reference`` is the hypervolume's reference point; ``optimum`` the best feasible value of a
    single-objective problem (then ``reference`` is None).
    """

    name: str
    search_space: dict[str, BaseDistribution]
    function: Callable[[np.ndarray], tuple[float, ...]]
    constraints: Callable[[np.ndarray], tuple[float, ...]] | None
    reference: tuple[float, ...] | None = None
    optimum: float | None = None

    @property
    def directions(self) -> list[str]:
        n = 1 if self.reference is None else len(self.reference)
        return ["minimize"] * n

    def objective(self, trial: optuna.Trial) -> Any:
        x = np.array([trial.suggest_float(n, d.low, d.high) for n, d in self.search_space.items()])
        if self.constraints is not None:
            for k, value in enumerate(self.constraints(x)):
                trial.set_constraint(f"c{k}", value)
        values = self.function(x)
        return values[0] if len(values) == 1 else values

    def score(self, trials: list[optuna.trial.FrozenTrial]) -> float:
        """Hypervolume of the feasible completed trials (multi-objective), or the best feasible
        value minus the optimum (single objective; inf while none is feasible)."""
        feasible = [
            t
            for t in trials
            if t.state == TrialState.COMPLETE and all(c <= 0 for c in t.constraints.values())
        ]
        if self.reference is None:
            return min((t.value - self.optimum for t in feasible), default=math.inf)
        if not feasible:
            return 0.0
        points = np.array([t.values for t in feasible])
        return _core.hypervolume(points, np.array(self.reference))


def _unit_box(dimension: int) -> dict[str, BaseDistribution]:
    return {f"x{i}": FloatDistribution(0.0, 1.0) for i in range(dimension)}


def _zdt(shape: Callable[[float], float]) -> Callable[[np.ndarray], tuple[float, ...]]:
    def function(x: np.ndarray) -> tuple[float, ...]:
        g = 1.0 + 9.0 * float(np.mean(x[1:]))
        return float(x[0]), g * shape(float(x[0]) / g)

    return function


def _dtlz2(x: np.ndarray) -> tuple[float, ...]:
    g = float(np.sum((x[2:] - 0.5) ** 2))
    a, b = x[0] * math.pi / 2, x[1] * math.pi / 2
    return (
        (1 + g) * math.cos(a) * math.cos(b),
        (1 + g) * math.cos(a) * math.sin(b),
        (1 + g) * math.sin(a),
    )


def _gardner(x: np.ndarray) -> tuple[float, ...]:
    return (math.cos(2 * x[0]) * math.cos(x[1]) + math.sin(x[0]),)


def _gardner_constraint(x: np.ndarray) -> tuple[float, ...]:
    return (math.cos(x[0]) * math.cos(x[1]) - math.sin(x[0]) * math.sin(x[1]) - 0.5,)


def _gardner_optimum(steps: int = 1201) -> float:
    grid = np.linspace(0.0, 6.0, steps)
    a, b = np.meshgrid(grid, grid, indexing="ij")
    value = np.cos(2 * a) * np.cos(b) + np.sin(a)
    feasible = np.cos(a) * np.cos(b) - np.sin(a) * np.sin(b) <= 0.5
    return float(value[feasible].min())


MO_PROBLEMS = {
    p.name: p
    for p in [
        MOProblem("zdt1", _unit_box(6), _zdt(lambda r: 1 - math.sqrt(r)), None, (1.1, 11.0)),
        MOProblem("zdt2", _unit_box(6), _zdt(lambda r: 1 - r * r), None, (1.1, 11.0)),
        MOProblem("dtlz2", _unit_box(6), _dtlz2, None, (2.5, 2.5, 2.5)),
        MOProblem(
            "gardner",
            {"x0": FloatDistribution(0.0, 6.0), "x1": FloatDistribution(0.0, 6.0)},
            _gardner,
            _gardner_constraint,
            optimum=_gardner_optimum(),
        ),
    ]
}
