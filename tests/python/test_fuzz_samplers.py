"""Property-based tests (Hypothesis) of the samplers as a careless or unlucky user drives them.

- Any value of any constructor argument is either refused with a ValueError that names the
  argument, or gives a sampler that runs a short study.
- Short studies over random search spaces (floats, log, stepped, ints, categoricals; huge and
  tiny ranges) with objectives that crash, prune, or return inf, NaN or extreme values keep every
  trial, suggest only admissible values, and let no exception escape but the objective's own.

The budget is small and seeded in CI; OPTUNA_GFO_FUZZ_EXAMPLES=<n> runs n examples per property.
"""

from __future__ import annotations

import inspect
import math
import os
from typing import Any
import warnings

from hypothesis import assume
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import optuna
from optuna.distributions import BaseDistribution
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution
from optuna.trial import TrialState
import pytest

from optuna_gfo import _optuna_compat
from optuna_gfo import GASampler
from optuna_gfo import GPEISampler
from problems import suggest

_EXAMPLES = int(os.environ.get("OPTUNA_GFO_FUZZ_EXAMPLES", "0"))
_FUZZ = settings(
    max_examples=_EXAMPLES or 200,
    derandomize=not _EXAMPLES,  # seeded in CI; a fresh search when asked for a longer one
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
# Small enough that both samplers get past their start: GPEISampler fits, GASampler breeds.
_BASE_ARGUMENTS: dict[type, dict[str, Any]] = {
    GPEISampler: {"seed": 0, "n_startup_trials": 2},
    GASampler: {"seed": 0, "population_size": 3},
}
_N_TRIALS = 7
_OPTIONS = [
    "matern52", "squared_exponential", "logei", "ei", "ucb", "tournament", "roulette",
    "uniform", "single_point", "multi_point", "sbx", "blx_alpha", "gaussian", "polynomial",
]  # fmt: skip

# Any value a user might pass, valid or not.
_ANY_VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-3, max_value=70),
    # The edges of the bounds and of the core's C++ ints.
    st.sampled_from([2**k + d for k in (16, 20, 31, 32, 63) for d in (-1, 0, 1)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0.0, max_value=2.0),
    st.sampled_from(_OPTIONS),
    st.text(max_size=8),
    st.just(optuna.samplers.RandomSampler(seed=0)),
    st.just(lambda trial: [0.0]),
    st.lists(st.integers(), max_size=2),
)


class _LowestSampler(optuna.samplers.BaseSampler):
    """An independent sampler that suggests the lowest admissible value, unlike RandomSampler on
    int ranges beyond 2**53, so that a value that fails the check here is the sampler's."""

    def infer_relative_search_space(self, study: Any, trial: Any) -> dict[str, BaseDistribution]:
        return {}

    def sample_relative(self, study: Any, trial: Any, search_space: Any) -> dict[str, Any]:
        return {}

    def sample_independent(
        self, study: Any, trial: Any, param_name: str, param_distribution: BaseDistribution
    ) -> Any:
        if isinstance(param_distribution, CategoricalDistribution):
            return param_distribution.choices[0]
        if isinstance(param_distribution, IntDistribution):
            return _lowest_admissible(param_distribution)
        return param_distribution.low  # type: ignore[attr-defined]


def _lowest_admissible(distribution: IntDistribution) -> int | None:
    """The lowest grid value whose float Optuna accepts (the float of an int beyond 2**53 may
    round out of range or off the grid); None if there is none nearby."""
    low, step = distribution.low, distribution.step
    for k in range(min(4096, (distribution.high - low) // step + 1)):
        if _optuna_compat.contains(distribution, float(low + k * step)):
            return low + k * step
    return None


class _Checked(optuna.samplers.BaseSampler):
    """The sampler under test, with every relative value it proposes checked (Optuna itself
    would quietly replace an inadmissible one with the independent sampler's)."""

    def __init__(self, sampler: optuna.samplers.BaseSampler) -> None:
        self.sampler = sampler
        self.inadmissible: list[tuple[int, str, Any]] = []

    def infer_relative_search_space(self, study: Any, trial: Any) -> dict[str, BaseDistribution]:
        return self.sampler.infer_relative_search_space(study, trial)

    def sample_relative(
        self, study: Any, trial: Any, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        params = self.sampler.sample_relative(study, trial, search_space)
        for name, value in params.items():
            distribution = search_space[name]
            if not _optuna_compat.contains(distribution, distribution.to_internal_repr(value)):
                self.inadmissible.append((trial.number, name, value))
        return params

    def sample_independent(self, study: Any, trial: Any, name: str, distribution: Any) -> Any:
        return self.sampler.sample_independent(study, trial, name, distribution)

    def before_trial(self, study: Any, trial: Any) -> None:
        self.sampler.before_trial(study, trial)

    def after_trial(self, study: Any, trial: Any, state: Any, values: Any) -> None:
        self.sampler.after_trial(study, trial, state, values)


class UserError(Exception):
    """The objective's own error: the only one allowed out of the study."""


def _position(value: Any) -> float:
    """A finite number for any suggested value."""
    return math.atan(float(value)) if isinstance(value, (int, float)) else float(len(str(value)))


def _argument_names(sampler: type) -> list[str]:
    return list(inspect.signature(sampler).parameters)


@pytest.mark.parametrize(
    ("sampler_class", "name"),
    [(sampler, name) for sampler in (GPEISampler, GASampler) for name in _argument_names(sampler)],
)
@settings(_FUZZ, max_examples=_EXAMPLES or 30)
@given(value=_ANY_VALUE)
def test_any_argument_is_refused_by_name_or_runs_a_study(
    sampler_class: type, name: str, value: Any
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # constraints_func on Optuna 5
        try:
            sampler = sampler_class(**{**_BASE_ARGUMENTS[sampler_class], name: value})
        except ValueError as error:
            assert str(error).startswith(f"{name} must be"), str(error)
            return
    study = optuna.create_study(sampler=sampler)
    study.optimize(_standard_objective, n_trials=_N_TRIALS)
    assert [t.state for t in study.trials] == [TrialState.COMPLETE] * _N_TRIALS
    _assert_admissible(study)


def _standard_objective(trial: optuna.Trial) -> float:
    x = trial.suggest_float("x", -2.0, 2.0)
    n = trial.suggest_int("n", 1, 6)
    return x**2 + n + (trial.suggest_categorical("c", ["u", "v"]) == "u")


_FINITE = {"allow_nan": False, "allow_infinity": False}


@st.composite
def _distribution(draw: st.DrawFn) -> BaseDistribution:
    kind = draw(
        st.sampled_from(["float", "log", "float_step", "int", "int_log", "int_step", "cat"])
    )
    if kind == "cat":
        choices = draw(
            st.lists(
                st.one_of(
                    st.none(),
                    st.booleans(),
                    st.integers(),
                    st.floats(**_FINITE),
                    st.text(max_size=4),
                ),
                min_size=1,
                max_size=5,
                unique_by=lambda c: (type(c), c),
            )
        )
        return CategoricalDistribution(choices)
    if kind in ("int", "int_log", "int_step"):
        # Up to the ends of int64, where a float no longer holds every int.
        lowest = 1 if kind == "int_log" else -(2**63)
        low = draw(st.one_of(st.integers(lowest, 2**63 - 1), st.sampled_from([lowest, 2**53 + 1])))
        high = draw(
            st.one_of(
                st.integers(low, min(low + 3, 2**63 - 1)),
                st.integers(low, 2**63 - 1),
                st.just(2**63 - 1),
            )
        )
        step = draw(st.integers(1, 2**40)) if kind == "int_step" else 1
        distribution = IntDistribution(
            low, high - (high - low) % step, log=kind == "int_log", step=step
        )
        # No sampler can suggest a value of a range without one Optuna accepts.
        assume(_lowest_admissible(distribution) is not None)
        return distribution
    if kind == "log":
        low = draw(st.floats(1e-300, 1e300))
        return FloatDistribution(low, draw(st.floats(low, 1e300)), log=True)
    low = draw(st.floats(-1e300, 1e300))
    high = draw(st.floats(low, 1e300, **_FINITE))
    if kind == "float_step":
        step = draw(st.floats(max((high - low) / 1e12, 1e-12), max(high - low, 1e-12)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # Optuna moves high onto the grid
            return FloatDistribution(low, high, step=step)
    return FloatDistribution(low, high)


_OUTCOMES = ["value", "value", "crash", "prune", "inf", "-inf", "nan", "huge", "tiny"]


@st.composite
def _study_case(draw: st.DrawFn) -> tuple[type, dict[str, BaseDistribution], list[str], int]:
    sampler = draw(st.sampled_from([GPEISampler, GASampler]))
    params = {
        f"p{i}": d for i, d in enumerate(draw(st.lists(_distribution(), min_size=1, max_size=4)))
    }
    outcomes = draw(st.lists(st.sampled_from(_OUTCOMES), min_size=_N_TRIALS, max_size=_N_TRIALS))
    return sampler, params, outcomes, draw(st.sampled_from([1, 1, 2]))


@pytest.mark.filterwarnings("ignore:The distribution is specified by:UserWarning")
@_FUZZ
@given(_study_case())
def test_studies_keep_every_trial_and_suggest_admissible_values(
    case: tuple[type, dict[str, BaseDistribution], list[str], int],
) -> None:
    sampler_class, params, outcomes, n_objectives = case

    def objective(trial: optuna.Trial) -> Any:
        value = sum(_position(suggest(trial, n, d)) for n, d in params.items())
        outcome = outcomes[trial.number]
        if outcome == "crash":
            raise UserError("the objective failed")
        if outcome == "prune":
            raise optuna.TrialPruned()
        value = {
            "inf": math.inf, "-inf": -math.inf, "nan": math.nan, "huge": 1e300 * (1 + value),
            "tiny": -1e308, "value": value,
        }[outcome]  # fmt: skip
        return value if n_objectives == 1 else (value, -value)

    sampler = _Checked(
        sampler_class(**_BASE_ARGUMENTS[sampler_class], independent_sampler=_LowestSampler())
    )
    study = optuna.create_study(sampler=sampler, directions=["minimize"] * n_objectives)
    study.optimize(objective, n_trials=_N_TRIALS, catch=(UserError,))
    assert len(study.trials) == _N_TRIALS
    assert all(
        t.state in (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL) for t in study.trials
    )
    assert sampler.inadmissible == []
    _assert_admissible(study)


def _assert_admissible(study: optuna.Study) -> None:
    for trial in study.trials:
        for name, value in trial.params.items():
            distribution = trial.distributions[name]
            internal = distribution.to_internal_repr(value)
            assert _optuna_compat.contains(distribution, internal), (trial.number, name, value)
