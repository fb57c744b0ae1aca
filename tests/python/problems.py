"""Small objectives the sampler tests share."""

from __future__ import annotations

import math
from typing import Any

import optuna
from optuna.distributions import BaseDistribution
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution


def sphere(trial: optuna.Trial, dims: int = 5) -> float:
    """sum (x_i - 1)^2 on [-5, 5]^dims: optimum 0 at x = 1."""
    return sum((trial.suggest_float(f"x{i}", -5.0, 5.0) - 1.0) ** 2 for i in range(dims))


def mixed_objective(trial: optuna.Trial) -> float:
    """Every kind of distribution: float, log, stepped, int (stepped, log), categorical with
    None and a number among its choices. Optimum 0."""
    x = trial.suggest_float("x", -3.0, 3.0)
    lr = trial.suggest_float("lr", 1e-5, 1e-1, log=True)
    q = trial.suggest_float("q", 0.0, 2.0, step=0.25)
    n = trial.suggest_int("n", 1, 9, step=2)
    width = trial.suggest_int("width", 8, 512, log=True)
    act = trial.suggest_categorical("act", ["relu", "gelu", None, 3])
    return (
        (x - 1.0) ** 2
        + (math.log10(lr) + 3.0) ** 2
        + (q - 0.75) ** 2
        + (n - 5) ** 2
        + math.log2(width / 64) ** 2
        + (0.0 if act == "gelu" else 1.0)
    )


def suggest(trial: optuna.Trial, name: str, distribution: BaseDistribution) -> Any:
    """The trial's value for a parameter given by its distribution."""
    if isinstance(distribution, CategoricalDistribution):
        return trial.suggest_categorical(name, distribution.choices)
    if isinstance(distribution, IntDistribution):
        return trial.suggest_int(
            name, distribution.low, distribution.high, step=distribution.step, log=distribution.log
        )
    assert isinstance(distribution, FloatDistribution)
    return trial.suggest_float(
        name, distribution.low, distribution.high, step=distribution.step, log=distribution.log
    )
