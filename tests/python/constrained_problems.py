"""Small constrained problems shared by the samplers' constraint tests."""

from __future__ import annotations

from collections.abc import Iterator
import contextlib
import warnings

import optuna
import pytest

from optuna_gfo._optuna_compat import trial_constraints

# Trial.set_constraint is Optuna 5's; on 4.x constraints come only from constraints_func, which
# Optuna 5 deprecates.
HAS_SET_CONSTRAINT = hasattr(optuna.trial.Trial, "set_constraint")
requires_set_constraint = pytest.mark.skipif(
    not HAS_SET_CONSTRAINT,
    reason="Trial.set_constraint is not in this Optuna (before 5.0); constraints_func is tested",
)


@contextlib.contextmanager
def constraints_func_deprecation() -> Iterator[None]:
    """Expects one FutureWarning about constraints_func where Optuna deprecates it (5.x), as
    Optuna's own samplers give, and none on 4.x, where it is the way to give constraints."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    deprecations = [
        w
        for w in caught
        if issubclass(w.category, FutureWarning) and "constraints_func" in str(w.message)
    ]
    assert len(deprecations) == (1 if HAS_SET_CONSTRAINT else 0), [str(w.message) for w in caught]


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
    return all(c <= 0 for c in trial_constraints(trial).values())


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
