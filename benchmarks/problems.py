"""Benchmark problems shared by the benchmark scripts: a search space, a function, its optimum.

Every problem is a minimization with a known optimum value. The optima of the continuous
problems are shifted away from the centre of the domain, where a sampler that favours the
centre (or the first Sobol point) would find them by accident.

Example:
    .. code-block:: python

        import optuna
        from problems import PROBLEMS

        problem = PROBLEMS["sphere5"]
        study = optuna.create_study()
        study.optimize(problem.objective, n_trials=20)
        print(study.best_value - problem.optimum_value)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
import math
from typing import Any

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution


@dataclass(frozen=True)
class Problem:
    """A minimization problem: ``function(params)`` over ``search_space``, least value known.

    Args:
        name: Short name used on the command line and in tables.
        search_space: Parameter name to Optuna distribution, in suggestion order.
        function: Maps a dict of external parameter values to the objective value.
        optimum_value: The least value of ``function`` on ``search_space``.
    """

    name: str
    search_space: dict[str, BaseDistribution]
    function: Callable[[dict[str, Any]], float]
    optimum_value: float

    def objective(self, trial: optuna.Trial) -> float:
        params = {name: suggest(trial, name, d) for name, d in self.search_space.items()}
        return self.function(params)


def suggest(trial: optuna.Trial, name: str, distribution: BaseDistribution) -> Any:
    """Suggest `name` from `distribution` through the trial's public suggest API."""
    if isinstance(distribution, FloatDistribution):
        return trial.suggest_float(
            name, distribution.low, distribution.high, step=distribution.step, log=distribution.log
        )
    if isinstance(distribution, IntDistribution):
        return trial.suggest_int(
            name, distribution.low, distribution.high, step=distribution.step, log=distribution.log
        )
    if isinstance(distribution, CategoricalDistribution):
        return trial.suggest_categorical(name, distribution.choices)
    raise TypeError(f"Unsupported distribution {distribution!r}.")


def shifted_optimum(dimension: int) -> np.ndarray:
    """A fixed, irregular point in [-3, 3]^dimension: inside the sphere and Rastrigin domains."""
    return 3.0 * np.sin(np.arange(1, dimension + 1))


def _float_space(dimension: int, bound: float) -> dict[str, BaseDistribution]:
    return {f"x{i}": FloatDistribution(-bound, bound) for i in range(dimension)}


def _point(params: dict[str, Any]) -> np.ndarray:
    return np.array([params[f"x{i}"] for i in range(len(params))], dtype=float)


def sphere(dimension: int) -> Problem:
    optimum = shifted_optimum(dimension)

    def function(params: dict[str, Any]) -> float:
        return float(np.sum((_point(params) - optimum) ** 2))

    return Problem(f"sphere{dimension}", _float_space(dimension, 5.0), function, 0.0)


def rastrigin(dimension: int) -> Problem:
    optimum = shifted_optimum(dimension)

    def function(params: dict[str, Any]) -> float:
        z = _point(params) - optimum
        return float(10.0 * dimension + np.sum(z**2 - 10.0 * np.cos(2.0 * math.pi * z)))

    return Problem(f"rastrigin{dimension}", _float_space(dimension, 5.12), function, 0.0)


# Penalty of each categorical choice; the zero is the optimum.
_ACTIVATION_PENALTY = {"relu": 0.5, "tanh": 1.0, "gelu": 0.0, "sigmoid": 2.0}
_OPTIMIZER_PENALTY = {"sgd": 1.5, "adam": 0.0, "rmsprop": 0.7}


def mixed() -> Problem:
    """3 floats (one log-scale), 2 ints (one with step), 2 categoricals; least value 0.

    The optimum is learning_rate=3e-3, momentum=0.9, dropout=0.15, n_layers=3, units=96,
    activation="gelu", optimizer="adam".
    """
    search_space: dict[str, BaseDistribution] = {
        "learning_rate": FloatDistribution(1e-5, 1.0, log=True),
        "momentum": FloatDistribution(0.0, 1.0),
        "dropout": FloatDistribution(0.0, 0.5),
        "n_layers": IntDistribution(1, 8),
        "units": IntDistribution(16, 256, step=16),
        "activation": CategoricalDistribution(list(_ACTIVATION_PENALTY)),
        "optimizer": CategoricalDistribution(list(_OPTIMIZER_PENALTY)),
    }

    def function(params: dict[str, Any]) -> float:
        return (
            (math.log10(params["learning_rate"]) - math.log10(3e-3)) ** 2
            + 4.0 * (params["momentum"] - 0.9) ** 2
            + 10.0 * (params["dropout"] - 0.15) ** 2
            + 0.25 * (params["n_layers"] - 3) ** 2
            + ((params["units"] - 96) / 64.0) ** 2
            + _ACTIVATION_PENALTY[params["activation"]]
            + _OPTIMIZER_PENALTY[params["optimizer"]]
        )

    return Problem("mixed", search_space, function, 0.0)


def ackley(dimension: int) -> Problem:
    optimum = shifted_optimum(dimension)

    def function(params: dict[str, Any]) -> float:
        z = _point(params) - optimum
        return float(
            -20.0 * math.exp(-0.2 * math.sqrt(np.mean(z**2)))
            - math.exp(np.mean(np.cos(2.0 * math.pi * z)))
            + 20.0
            + math.e
        )

    return Problem(f"ackley{dimension}", _float_space(dimension, 5.0), function, 0.0)


_ACTIVATION_LOSS = {"relu": 0.08, "gelu": 0.0, "silu": 0.02, "tanh": 0.25}


def architecture() -> Problem:
    """An architecture-search-like space: ints, stepped and log ints, log floats, categoricals.

    A synthetic validation loss with interactions (the best width depends on the depth, the
    number of heads must divide the width well) and a plateau-free floor of 0 at n_layers=6,
    d_model=384, n_heads=6, ffn_ratio=4, activation="gelu", lr=6e-4, batch_size=64,
    dropout=0.1, weight_decay=1e-2.
    """
    search_space: dict[str, BaseDistribution] = {
        "n_layers": IntDistribution(1, 16),
        "d_model": IntDistribution(64, 1024, step=64),
        "n_heads": CategoricalDistribution([1, 2, 4, 6, 8, 12, 16]),
        "ffn_ratio": IntDistribution(1, 8),
        "activation": CategoricalDistribution(list(_ACTIVATION_LOSS)),
        "lr": FloatDistribution(1e-5, 1e-1, log=True),
        "batch_size": IntDistribution(8, 512, log=True),
        "dropout": FloatDistribution(0.0, 0.5),
        "weight_decay": FloatDistribution(1e-6, 1e-1, log=True),
    }

    def function(params: dict[str, Any]) -> float:
        depth_width = (
            params["d_model"] / 64.0 - 6.0 * math.sqrt(params["n_layers"] / 6.0)
        ) ** 2 / 4.0
        head_size = params["d_model"] / params["n_heads"]
        return (
            0.05 * (params["n_layers"] - 6) ** 2
            + depth_width
            + 0.5 * math.log2(head_size / 64.0) ** 2
            + 0.05 * (params["ffn_ratio"] - 4) ** 2
            + _ACTIVATION_LOSS[params["activation"]]
            + (math.log10(params["lr"]) - math.log10(6e-4)) ** 2
            + 0.1 * math.log2(params["batch_size"] / 64.0) ** 2
            + 2.0 * (params["dropout"] - 0.1) ** 2
            + 0.05 * (math.log10(params["weight_decay"]) + 2.0) ** 2
        )

    return Problem("architecture", search_space, function, 0.0)


PROBLEMS: dict[str, Problem] = {
    problem.name: problem
    for problem in (
        sphere(5),
        sphere(10),
        rastrigin(5),
        rastrigin(6),
        rastrigin(10),
        ackley(6),
        ackley(10),
        mixed(),
        architecture(),
    )
}
