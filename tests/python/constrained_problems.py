"""Small constrained problems shared by the samplers' constraint tests."""

from __future__ import annotations

import optuna


def constrained_sphere(trial: optuna.Trial) -> float:
    """min x^2 + y^2 subject to x + y >= 1 (set_constraint): optimum 0.5 at (0.5, 0.5)."""
    x = trial.suggest_float("x", 0.0, 1.0)
    y = trial.suggest_float("y", 0.0, 1.0)
    trial.set_constraint("sum", 1.0 - x - y)
    return x * x + y * y


def sphere_with_violation_attr(trial: optuna.Trial) -> float:
    """The same problem for constraints_func: the violation goes to a user attribute."""
    x = trial.suggest_float("x", 0.0, 1.0)
    y = trial.suggest_float("y", 0.0, 1.0)
    trial.set_user_attr("violation", 1.0 - x - y)
    return x * x + y * y


def violation_of(trial: optuna.trial.FrozenTrial) -> tuple[float]:
    """A constraints_func for sphere_with_violation_attr."""
    return (trial.user_attrs["violation"],)


def is_feasible(trial: optuna.trial.FrozenTrial) -> bool:
    return all(c <= 0 for c in trial.constraints.values())


def feasible_values(study: optuna.Study) -> list[float]:
    return [t.value for t in study.trials if is_feasible(t)]


def two_parabolas(trial: optuna.Trial) -> tuple[float, float]:
    """f1 = x^2 + y, f2 = (x - 1)^2 + y on [0, 1]^2: the Pareto set is y = 0, 0 <= x <= 1."""
    x = trial.suggest_float("x", 0.0, 1.0)
    y = trial.suggest_float("y", 0.0, 1.0)
    return x * x + y, (x - 1) ** 2 + y


def two_parabolas_with_x_at_least_half(trial: optuna.Trial) -> tuple[float, float]:
    """two_parabolas subject to x >= 0.5 (set_constraint)."""
    trial.set_constraint("x_at_least", 0.5 - trial.suggest_float("x", 0.0, 1.0))
    return two_parabolas(trial)
