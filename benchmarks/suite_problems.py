"""The quality suite's problems: standard test functions, mixed spaces and real tuning workloads.

Test functions are in their standard form and domain (as in Surjanovic and Bingham's Virtual
Library of Simulation Experiments, and Jamil and Yang 2013, "A literature survey of benchmark
functions for global optimization problems"), minimized, with their known least value. Tuning
workloads (scikit-learn models on the data sets scikit-learn ships, cross-validated error; a small
torch network) have no known optimum: `Problem.optimum` is None and regret is measured against the
best value any run found. Every objective is deterministic (fixed folds and seeds).

Example:
    .. code-block:: python

        import optuna
        from suite_problems import SUITE

        problem = SUITE["hartmann6"]
        study = optuna.create_study()
        study.optimize(problem.objective, n_trials=problem.trials)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import functools
import math
from typing import Any

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution

import problems as shared_problems


@dataclass(frozen=True)
class Problem:
    """A minimization problem of the suite.

    Args:
        name: Short name used on the command line and in tables.
        kind: ``"function"`` (continuous test function), ``"mixed"`` (integer or categorical
            parameters) or ``"tuning"`` (a real model's validation error).
        search_space: Parameter name to Optuna distribution, in suggestion order.
        function: Maps a dict of parameter values to the objective value.
        optimum: The least value when known, else None.
        trials: Trials per run: 100, more from 10 parameters on.
    """

    name: str
    kind: str
    search_space: dict[str, BaseDistribution]
    function: Callable[[dict[str, Any]], float]
    optimum: float | None
    trials: int

    @property
    def dimension(self) -> int:
        return len(self.search_space)

    def objective(self, trial: optuna.Trial) -> float:
        params = {
            name: shared_problems.suggest(trial, name, distribution)
            for name, distribution in self.search_space.items()
        }
        return self.function(params)


def trials_for(dimension: int) -> int:
    return 100 if dimension < 10 else 150 if dimension < 20 else 200


def _box(name: str, bounds: list[tuple[float, float]], optimum: float) -> Callable[..., Problem]:
    """Decorates ``f(x: np.ndarray) -> float`` into the Problem over the box `bounds`."""

    def wrap(function: Callable[[np.ndarray], float]) -> Problem:
        space: dict[str, BaseDistribution] = {
            f"x{i}": FloatDistribution(low, high) for i, (low, high) in enumerate(bounds)
        }

        def on_params(params: dict[str, Any]) -> float:
            return float(function(np.array([params[f"x{i}"] for i in range(len(bounds))])))

        return Problem(name, "function", space, on_params, optimum, trials_for(len(bounds)))

    return wrap


def branin() -> Problem:
    @_box("branin", [(-5.0, 10.0), (0.0, 15.0)], 0.39788735772973816)
    def f(x: np.ndarray) -> float:
        b, c, t = 5.1 / (4.0 * math.pi**2), 5.0 / math.pi, 1.0 / (8.0 * math.pi)
        return (x[1] - b * x[0] ** 2 + c * x[0] - 6.0) ** 2 + 10.0 * (1.0 - t) * math.cos(x[0]) + 10

    return f


def six_hump_camel() -> Problem:
    @_box("six_hump_camel", [(-3.0, 3.0), (-2.0, 2.0)], -1.0316284534898774)
    def f(x: np.ndarray) -> float:
        a, b = x
        return (4.0 - 2.1 * a**2 + a**4 / 3.0) * a**2 + a * b + (-4.0 + 4.0 * b**2) * b**2

    return f


def goldstein_price() -> Problem:
    @_box("goldstein_price", [(-2.0, 2.0)] * 2, 3.0)
    def f(x: np.ndarray) -> float:
        a, b = x
        first = 1 + (a + b + 1) ** 2 * (19 - 14 * a + 3 * a**2 - 14 * b + 6 * a * b + 3 * b**2)
        second = 30 + (2 * a - 3 * b) ** 2 * (
            18 - 32 * a + 12 * a**2 + 48 * b - 36 * a * b + 27 * b**2
        )
        return first * second

    return f


_HARTMANN_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
_HARTMANN3_A = np.array([[3.0, 10, 30], [0.1, 10, 35], [3.0, 10, 30], [0.1, 10, 35]])
_HARTMANN3_P = 1e-4 * np.array(
    [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]
)
_HARTMANN6_A = np.array(
    [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
)
_HARTMANN6_P = 1e-4 * np.array(
    [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
)


def _hartmann(x: np.ndarray, a: np.ndarray, p: np.ndarray) -> float:
    return float(-np.sum(_HARTMANN_ALPHA * np.exp(-np.sum(a * (x - p) ** 2, axis=1))))


def hartmann3() -> Problem:
    return _box("hartmann3", [(0.0, 1.0)] * 3, -3.862782147820756)(
        functools.partial(_hartmann, a=_HARTMANN3_A, p=_HARTMANN3_P)
    )


def hartmann6() -> Problem:
    return _box("hartmann6", [(0.0, 1.0)] * 6, -3.3223680114155147)(
        functools.partial(_hartmann, a=_HARTMANN6_A, p=_HARTMANN6_P)
    )


_SHEKEL_BETA = 0.1 * np.array([1, 2, 2, 4, 4, 6, 3, 7, 5, 5])
_SHEKEL_C = np.array(
    [
        [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
        [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
        [4, 1, 8, 6, 3, 2, 5, 8, 6, 7],
        [4, 1, 8, 6, 7, 9, 3, 1, 2, 3.6],
    ]
)


def shekel() -> Problem:
    @_box("shekel", [(0.0, 10.0)] * 4, -10.536409816692046)
    def f(x: np.ndarray) -> float:
        return float(-np.sum(1.0 / (np.sum((x[:, None] - _SHEKEL_C) ** 2, axis=0) + _SHEKEL_BETA)))

    return f


def levy(d: int) -> Problem:
    @_box(f"levy{d}", [(-10.0, 10.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        w = 1.0 + (x - 1.0) / 4.0
        middle = (w[:-1] - 1) ** 2 * (1 + 10 * np.sin(math.pi * w[:-1] + 1) ** 2)
        last = (w[-1] - 1) ** 2 * (1 + np.sin(2 * math.pi * w[-1]) ** 2)
        return float(np.sin(math.pi * w[0]) ** 2 + np.sum(middle) + last)

    return f


def styblinski_tang(d: int) -> Problem:
    @_box(f"styblinski_tang{d}", [(-5.0, 5.0)] * d, -39.16616570377142 * d)
    def f(x: np.ndarray) -> float:
        return float(0.5 * np.sum(x**4 - 16 * x**2 + 5 * x))

    return f


def rosenbrock(d: int) -> Problem:
    @_box(f"rosenbrock{d}", [(-5.0, 10.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (x[:-1] - 1) ** 2))

    return f


def ackley(d: int) -> Problem:
    @_box(f"ackley{d}", [(-32.768, 32.768)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        return float(
            -20 * math.exp(-0.2 * math.sqrt(np.mean(x**2)))
            - math.exp(np.mean(np.cos(2 * math.pi * x)))
            + 20
            + math.e
        )

    return f


_MICHALEWICZ_OPTIMUM = {5: -4.687658, 10: -9.66015}


def michalewicz(d: int) -> Problem:
    @_box(f"michalewicz{d}", [(0.0, math.pi)] * d, _MICHALEWICZ_OPTIMUM[d])
    def f(x: np.ndarray) -> float:
        i = np.arange(1, d + 1)
        return float(-np.sum(np.sin(x) * np.sin(i * x**2 / math.pi) ** 20))

    return f


def rastrigin(d: int) -> Problem:
    @_box(f"rastrigin{d}", [(-5.12, 5.12)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        return float(10 * d + np.sum(x**2 - 10 * np.cos(2 * math.pi * x)))

    return f


def griewank(d: int) -> Problem:
    @_box(f"griewank{d}", [(-600.0, 600.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        return float(np.sum(x**2) / 4000 - np.prod(np.cos(x / np.sqrt(np.arange(1, d + 1)))) + 1)

    return f


def powell(d: int) -> Problem:
    @_box(f"powell{d}", [(-4.0, 5.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        a, b, c, e = x[0::4], x[1::4], x[2::4], x[3::4]
        return float(
            np.sum((a + 10 * b) ** 2 + 5 * (c - e) ** 2 + (b - 2 * c) ** 4 + 10 * (a - e) ** 4)
        )

    return f


def dixon_price(d: int) -> Problem:
    @_box(f"dixon_price{d}", [(-10.0, 10.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        i = np.arange(2, d + 1)
        return float((x[0] - 1) ** 2 + np.sum(i * (2 * x[1:] ** 2 - x[:-1]) ** 2))

    return f


def zakharov(d: int) -> Problem:
    @_box(f"zakharov{d}", [(-5.0, 10.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        s = np.sum(0.5 * np.arange(1, d + 1) * x)
        return float(np.sum(x**2) + s**2 + s**4)

    return f


def schwefel(d: int) -> Problem:
    @_box(f"schwefel{d}", [(-500.0, 500.0)] * d, 0.0)
    def f(x: np.ndarray) -> float:
        return float(418.9828872724338 * d - np.sum(x * np.sin(np.sqrt(np.abs(x)))))

    return f


def integer_styblinski_tang(d: int) -> Problem:
    """Styblinski-Tang on the integers -5..5: least value -39 per coordinate, at -3."""
    space: dict[str, BaseDistribution] = {f"n{i}": IntDistribution(-5, 5) for i in range(d)}

    def function(params: dict[str, Any]) -> float:
        x = np.array([params[f"n{i}"] for i in range(d)], dtype=float)
        return float(0.5 * np.sum(x**4 - 16 * x**2 + 5 * x))

    return Problem(f"int_styblinski_tang{d}", "mixed", space, function, -39.0 * d, trials_for(d))


def _shared(name: str) -> Problem:
    problem = shared_problems.PROBLEMS[name]
    return Problem(
        name,
        "mixed",
        problem.search_space,
        problem.function,
        problem.optimum_value,
        trials_for(len(problem.search_space)),
    )


SUITE: dict[str, Problem] = {
    problem.name: problem
    for problem in (
        branin(),
        six_hump_camel(),
        goldstein_price(),
        hartmann3(),
        shekel(),
        hartmann6(),
        levy(5),
        rosenbrock(5),
        ackley(5),
        michalewicz(5),
        rastrigin(5),
        schwefel(5),
        styblinski_tang(8),
        powell(8),
        levy(10),
        rosenbrock(10),
        ackley(10),
        michalewicz(10),
        griewank(10),
        dixon_price(10),
        zakharov(10),
        ackley(20),
        rosenbrock(20),
        integer_styblinski_tang(6),
        _shared("mixed"),
        _shared("architecture"),
    )
}
