"""The samplers' constructors check every argument: a ValueError naming the bad one, at once."""

from __future__ import annotations

import inspect
import math
from typing import Any
from typing import get_args

import numpy as np
import optuna
import pytest

from optuna_gfo import _ga
from optuna_gfo import _gp_ei
from optuna_gfo import GASampler
from optuna_gfo import GPEISampler

NAN = math.nan

# Per sampler and argument, values that must be refused: the wrong type (a bool is not an int,
# NaN is not a number), below the range, above the bound that keeps a proposal short.
BAD_ARGUMENTS: list[tuple[type, str, Any]] = [
    (GPEISampler, "seed", -1),
    (GPEISampler, "seed", 2**32),
    (GPEISampler, "seed", 1.5),
    (GPEISampler, "seed", True),
    (GPEISampler, "n_startup_trials", -1),
    (GPEISampler, "n_startup_trials", 3.0),
    (GPEISampler, "kernel", "rbf"),
    (GPEISampler, "kernel", None),
    (GPEISampler, "acquisition", "pi"),
    (GPEISampler, "deterministic_objective", 1),
    (GPEISampler, "independent_sampler", "random"),
    (GPEISampler, "warn_independent_sampling", "yes"),
    (GPEISampler, "n_candidates", 0),
    (GPEISampler, "n_candidates", True),
    # Accepted before, then a TypeError of the bindings at the first proposal, or bad_alloc.
    (GPEISampler, "n_candidates", 2**31),
    (GPEISampler, "n_candidates", 2**31 - 1),
    (GPEISampler, "n_threads", 0),
    (GPEISampler, "n_threads", 2**31),
    (GPEISampler, "n_threads", 2.0),
    (GPEISampler, "max_model_trials", 3),
    (GPEISampler, "max_model_trials", 2**20 + 1),
    (GPEISampler, "max_model_trials", 2.0),
    (GPEISampler, "constraints_func", 3),
    (GASampler, "population_size", 1),
    (GASampler, "population_size", 2**31),
    (GASampler, "population_size", 50.0),
    (GASampler, "selection", "rank"),
    (GASampler, "tournament_size", 0),
    # Accepted before, then a study hanging uninterruptibly on the first bred trial.
    (GASampler, "tournament_size", 2**31 - 1),
    (GASampler, "tournament_size", False),
    (GASampler, "crossover", "two_point"),
    (GASampler, "crossover_prob", NAN),
    (GASampler, "crossover_prob", 1.5),
    (GASampler, "crossover_prob", "0.5"),
    (GASampler, "n_crossover_points", 0),
    # Accepted before, then a TypeError of the bindings at the first bred trial.
    (GASampler, "n_crossover_points", 2**31),
    (GASampler, "sbx_eta", 0.0),
    (GASampler, "sbx_eta", NAN),
    (GASampler, "sbx_eta", math.inf),
    (GASampler, "blx_alpha", -0.1),
    (GASampler, "blx_alpha", 1e308),
    (GASampler, "mutation", "uniform"),
    (GASampler, "mutation_prob", -0.5),
    (GASampler, "mutation_prob", NAN),
    (GASampler, "gaussian_sigma", 0.0),
    (GASampler, "gaussian_sigma", 1e300),
    (GASampler, "polynomial_eta", -1.0),
    (GASampler, "polynomial_eta", math.inf),
    (GASampler, "elite_size", -1),
    (GASampler, "elite_size", 21),  # more than population_size (20)
    (GASampler, "seed", 2**40),
    (GASampler, "independent_sampler", object()),
    (GASampler, "warn_independent_sampling", None),
    (GASampler, "constraints_func", "f"),
    (GASampler, "steady_state", 0),
    (GASampler, "lineage_user_attrs", "no"),
    (GASampler, "n_candidates", 0),
    (GASampler, "n_candidates", 2**13),
    (GASampler, "n_candidates", 32.0),
]


@pytest.mark.parametrize(("sampler", "name", "value"), BAD_ARGUMENTS)
def test_a_bad_argument_is_a_value_error_naming_it(sampler: type, name: str, value: Any) -> None:
    with pytest.raises(ValueError, match=rf"^{name} must be"):
        sampler(**{name: value})


def test_every_argument_is_checked() -> None:
    for sampler in (GPEISampler, GASampler):
        arguments = set(inspect.signature(sampler).parameters)
        checked = {name for cls, name, _ in BAD_ARGUMENTS if cls is sampler}
        assert checked == arguments, sampler.__name__


def test_a_wrong_type_is_also_a_type_error() -> None:
    # What the checks raised before they were the constructors' whole boundary.
    with pytest.raises(TypeError, match="tournament_size must be an int"):
        GASampler(tournament_size=3.0)


@pytest.mark.parametrize(
    ("sampler", "arguments"),
    [
        (
            GPEISampler,
            {
                "n_startup_trials": 2,
                "n_candidates": 1 << 16,
                "n_threads": 1024,
                "seed": 2**32 - 1,
                "max_model_trials": 4,
            },
        ),
        (
            GPEISampler,
            {
                "n_startup_trials": np.int64(2),
                "n_candidates": np.int64(64),
                "deterministic_objective": np.bool_(True),
            },
        ),
        (
            GASampler,
            {
                "population_size": 2,
                "tournament_size": 1 << 16,
                "n_crossover_points": 1 << 16,
                "crossover": "multi_point",
                "elite_size": 2,
                "blx_alpha": 100,
                "sbx_eta": 1e6,
                "n_candidates": 1 << 12,
            },
        ),
        (GASampler, {"population_size": 2, "crossover": "blx_alpha", "blx_alpha": 100.0}),
        (GASampler, {"population_size": 2, "mutation": "gaussian", "gaussian_sigma": 100.0}),
        (GASampler, {"population_size": 2, "polynomial_eta": 1e6, "mutation_prob": 1}),
    ],
)
def test_the_largest_accepted_values_run_a_study(sampler: type, arguments: dict[str, Any]) -> None:
    def objective(trial: optuna.Trial) -> float:
        x = trial.suggest_float("x", -3.0, 3.0)
        n = trial.suggest_int("n", 0, 9)
        return x**2 + n + (trial.suggest_categorical("c", ["a", "b"]) == "a")

    study = optuna.create_study(sampler=sampler(**arguments))
    study.optimize(objective, n_trials=8, timeout=120)
    assert len(study.trials) == 8
    assert all(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials)


@pytest.mark.parametrize(
    ("module", "alias", "options"),
    [
        (_gp_ei, "Kernel", _gp_ei._KERNELS),
        (_gp_ei, "Acquisition", _gp_ei._ACQUISITIONS),
        (_ga, "Selection", _ga._SELECTIONS),
        (_ga, "Crossover", _ga._CROSSOVERS),
        (_ga, "Mutation", _ga._MUTATIONS),
    ],
)
def test_option_types_list_exactly_the_accepted_strings(
    module: Any, alias: str, options: dict[str, Any]
) -> None:
    # A type checker catches kernel="rbf" only while the Literal lists what the sampler takes.
    assert get_args(getattr(module, alias)) == tuple(options)
