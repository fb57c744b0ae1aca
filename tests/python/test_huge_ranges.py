"""Huge integer ranges and fine float grids, end to end: exact ints, admissible values, and a GP
that still optimizes such a dimension (issue 13, point 1)."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
import statistics
from typing import Any
import warnings

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution
import pytest

from optuna_gfo import _optuna_compat
from optuna_gfo import GASampler
from optuna_gfo import GPEISampler
from optuna_gfo._search_space import EncodedSearchSpace
from problems import suggest

pytestmark = pytest.mark.filterwarnings("ignore:The distribution is specified by:UserWarning")

SAMPLERS = [
    pytest.param(lambda: GPEISampler(seed=1, n_startup_trials=5), id="GPEISampler"),
    pytest.param(lambda: GASampler(seed=1, population_size=6), id="GASampler"),
]

# Dims whose values a double does not address one by one, and an ordinary float.
with warnings.catch_warnings():
    # Optuna warns that str(2**-60) (its decimal check) does not divide 1, and keeps [0, 1].
    warnings.filterwarnings("ignore", "The distribution is specified by", UserWarning)
    HUGE_SPACE: dict[str, BaseDistribution] = {
        "seed": IntDistribution(0, 2**60),
        "big": IntDistribution(-(2**63), 2**63 - 1),
        "tokens": IntDistribution(1, 10**18, log=True),
        # Step 3 high up: consecutive doubles are 1024 apart, so most grid values' floats are off
        # Optuna's grid (its _contains works on the float).
        "stepped": IntDistribution(2**62 + 1, 2**62 + 1 + 3 * 10**16, step=3),
        # Few enough values for the exact lattice, all beyond 2**53.
        "narrow": IntDistribution(2**62, 2**62 + 3 * 20000, step=3),
        "fine": FloatDistribution(0.0, 1.0, step=2**-60),
        "half": FloatDistribution(0.0, 2.0**52, step=0.5),
        "x": FloatDistribution(-1.0, 1.0),
    }


def _assert_admissible(distribution: BaseDistribution, value: Any) -> None:
    if isinstance(distribution, IntDistribution):
        assert type(value) is int
        assert distribution.low <= value <= distribution.high
        assert (value - distribution.low) % distribution.step == 0  # exact: Python ints
    else:
        assert isinstance(distribution, FloatDistribution)
        assert type(value) is float
        assert distribution.low <= value <= distribution.high
        if distribution.step is not None:
            steps = (Fraction(value) - Fraction(distribution.low)) / Fraction(distribution.step)
            assert steps.denominator == 1
    assert _optuna_compat.contains(distribution, distribution.to_internal_repr(value))


class _Spy:
    """Records what a sampler's sample_relative returned and which params it sampled
    independently."""

    def __init__(self, sampler: optuna.samplers.BaseSampler) -> None:
        self.relative: dict[int, dict[str, Any]] = {}
        self.independent: list[tuple[int, str]] = []
        sample_relative = sampler.sample_relative
        sample_independent = sampler.sample_independent

        def relative(study: Any, trial: Any, search_space: Any) -> dict[str, Any]:
            params = sample_relative(study, trial, search_space)
            self.relative[trial.number] = dict(params)
            return params

        def independent(study: Any, trial: Any, name: str, distribution: Any) -> Any:
            self.independent.append((trial.number, name))
            return sample_independent(study, trial, name, distribution)

        sampler.sample_relative = relative  # type: ignore[method-assign]
        sampler.sample_independent = independent  # type: ignore[method-assign]


@pytest.mark.parametrize("make_sampler", SAMPLERS)
def test_huge_grids_give_exact_admissible_relative_values(
    make_sampler: Callable[[], optuna.samplers.BaseSampler],
    optuna_caplog: pytest.LogCaptureFixture,
) -> None:
    sampler = make_sampler()
    spy = _Spy(sampler)
    received: list[dict[str, Any]] = []

    def objective(trial: optuna.Trial) -> float:
        params = {name: suggest(trial, name, d) for name, d in HUGE_SPACE.items()}
        received.append(params)
        return abs(params["seed"] - 3 * 2**58) / 2**60 + params["x"] ** 2

    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=30)

    assert len(received) == 30
    assert all(t.state == optuna.trial.TrialState.COMPLETE for t in study.trials)
    # Trial 0 is the independent sampler's (RandomSampler's values need not be admissible).
    for number, params in enumerate(received[1:], start=1):
        for name, distribution in HUGE_SPACE.items():
            _assert_admissible(distribution, params[name])
        # The objective got exactly what the sampler proposed, not an independent sample.
        assert params == spy.relative[number], number
    # Only trial 0 (no completed trial yet, so no search space) is sampled independently.
    assert {number for number, _ in spy.independent} == {0}
    assert not [r for r in optuna_caplog.records if r.levelno >= 30], optuna_caplog.text
    # The stored internal representation is the float of the exact value.
    for trial, params in zip(study.trials, received):
        for name in HUGE_SPACE:
            assert trial.params[name] == HUGE_SPACE[name].to_external_repr(float(params[name]))
    # The huge dims are explored, not stuck at one value. (GASampler's model picks children
    # near the best trials, so a dim the objective ignores keeps fewer values: 9 of 30 seen.)
    for name in ("seed", "big", "tokens", "stepped", "fine", "half"):
        assert len({params[name] for params in received}) >= 5, name


@pytest.mark.parametrize("make_sampler", SAMPLERS)
def test_int64_extremes(make_sampler: Callable[[], optuna.samplers.BaseSampler]) -> None:
    """Ranges of 2**20 values at both ends of int64: exact lattices of values without exact
    doubles, where float(2**63 - 1) rounds out of range."""
    sampler = make_sampler()
    spy = _Spy(sampler)
    low_distribution = IntDistribution(-(2**63), -(2**63) + 2**20)
    high_distribution = IntDistribution(2**63 - 1 - 2**20, 2**63 - 1)
    received = []

    def objective(trial: optuna.Trial) -> float:
        low = trial.suggest_int("low", low_distribution.low, low_distribution.high)
        high = trial.suggest_int("high", high_distribution.low, high_distribution.high)
        received.append({"low": low, "high": high})
        # Optimum at the ends of the int64 range.
        return float(low - low_distribution.low) + float(high_distribution.high - high)

    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=20)
    for number, params in enumerate(received[1:], start=1):
        _assert_admissible(low_distribution, params["low"])
        _assert_admissible(high_distribution, params["high"])
        assert params == spy.relative[number], number
    assert {number for number, _ in spy.independent} == {0}
    # Not rounded through doubles (which are 1024 apart up there).
    assert any(params["high"] % 1024 != 0 for params in received[1:])


def test_decoding_is_exact_beyond_2_to_53() -> None:
    """A grid of few values high up round-trips exactly, value by value."""
    distribution = HUGE_SPACE["narrow"]
    assert isinstance(distribution, IntDistribution)
    space = EncodedSearchSpace({"narrow": distribution})
    admissible = [
        v
        for v in range(distribution.low, distribution.high + 1, distribution.step)
        if _optuna_compat.contains(distribution, float(v))
    ]
    assert 0 < len(admissible) < 20001  # some grid values' floats are off Optuna's grid
    for value in admissible:
        coordinates = space.encode_params([{"narrow": value}])[0]
        assert space.decode(coordinates) == {"narrow": value}


@pytest.mark.parametrize("name", ["seed", "big", "tokens", "stepped", "fine", "half"])
def test_decoding_huge_grids_is_monotone_and_reaches_the_ends(name: str) -> None:
    distribution = HUGE_SPACE[name]
    space = EncodedSearchSpace({name: distribution})
    coordinates = np.concatenate([[0.0, 1.0], np.random.RandomState(0).uniform(size=300)])
    snapped = np.sort(np.asarray(space.core.snap(coordinates.reshape(-1, 1)))[:, 0])
    values = [space.decode(np.array([c]))[name] for c in snapped]
    for value in values:
        _assert_admissible(distribution, value)
    assert values == sorted(values)
    if not distribution.log:  # a log grid's low end has fewer values than proxy coordinates
        assert len(set(values)) == len(set(snapped.tolist()))
    # The ends of the range are proposable (up to the grid values whose floats Optuna rejects).
    span = distribution.high - distribution.low
    step = distribution.step
    assert step is not None
    assert values[0] - distribution.low <= max(span * 2**-50, 4096 * step)
    assert distribution.high - values[-1] <= max(span * 2**-50, 4096 * step)
    # A decoded value encodes to nearly its coordinate (up to the move to a value Optuna accepts,
    # a few thousand steps at most), or, where the grid is coarser than the proxy lattice, to a
    # coordinate of the same value.
    tolerance = 2**-50 + float(4096 * step / span)
    for c, value in zip(snapped, values):
        again = space.core.snap(space.encode_params([{name: value}]))[0, 0]
        assert abs(again - c) <= tolerance or space.decode(np.array([again]))[name] == value


def _best_of(sampler: optuna.samplers.BaseSampler, n_trials: int) -> float:
    def objective(trial: optuna.Trial) -> float:
        seed = trial.suggest_int("seed", 0, 2**60)
        x = trial.suggest_float("x", 0.0, 1.0)
        return abs(seed - 3 * 2**58) / 2**60 + x

    study = optuna.create_study(sampler=sampler)
    study.optimize(objective, n_trials=n_trials)
    return study.best_value


def test_gp_optimizes_a_huge_integer_dimension() -> None:
    random_median = statistics.median(
        _best_of(optuna.samplers.RandomSampler(seed=seed), 30) for seed in range(11)
    )
    gp_best = _best_of(GPEISampler(seed=0), 30)
    assert gp_best < random_median / 10, (gp_best, random_median)


@pytest.mark.parametrize("make_sampler", SAMPLERS)
@pytest.mark.parametrize(
    "bounds",
    [
        {"low": 2**62, "high": 2**61},
        {"low": 0, "high": 2**62, "log": True},
        {"low": 1, "high": 2**62, "step": 0},
    ],
)
def test_spans_optuna_rejects_stay_optunas_errors(
    make_sampler: Callable[[], optuna.samplers.BaseSampler], bounds: dict[str, Any]
) -> None:
    with pytest.raises(ValueError) as optunas:
        IntDistribution(**bounds)
    study = optuna.create_study(sampler=make_sampler())
    # After a completed trial, so the sampler has a search space to work on.
    study.optimize(lambda t: t.suggest_int("a", 0, 2**62), n_trials=2)
    with pytest.raises(ValueError) as raised:
        study.optimize(
            lambda t: t.suggest_int("a", 0, 2**62) + t.suggest_int("b", **bounds), n_trials=1
        )
    assert str(raised.value) == str(optunas.value)
