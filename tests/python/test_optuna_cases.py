"""Optuna's own public sampler test cases, run on both samplers."""

from __future__ import annotations

from collections.abc import Callable

from optuna.samplers import BaseSampler
import pytest

from optuna_gfo import GASampler
from optuna_gfo import GPEISampler

# Optuna publishes these cases from a 4.x release later than 4.0; on older releases the plugin's
# own tests cover the same contract.
pytest_samplers = pytest.importorskip(
    "optuna.testing.pytest_samplers", reason="Optuna's sampler test cases are not in this Optuna"
)

SAMPLERS: dict[str, Callable[[], BaseSampler]] = {
    # n_startup_trials=1 puts the GP on the path of every case after the first trial; the
    # default covers the Sobol startup design.
    "GPEISampler-gp": lambda: GPEISampler(n_startup_trials=1, seed=0),
    "GPEISampler-startup": lambda: GPEISampler(n_startup_trials=10, seed=0),
    # population_size=2 breeds from the third trial on; 50 stays in generation 0.
    "GASampler-breeding": lambda: GASampler(population_size=2, seed=0),
    "GASampler-generation0": lambda: GASampler(population_size=50, seed=0),
}


class _SamplerFixture:
    @pytest.fixture(params=list(SAMPLERS.values()), ids=list(SAMPLERS))
    def sampler(self, request: pytest.FixtureRequest) -> Callable[[], BaseSampler]:
        make: Callable[[], BaseSampler] = request.param
        return make


class TestBasic(_SamplerFixture, pytest_samplers.BasicSamplerTestCase):
    pass


class TestRelative(_SamplerFixture, pytest_samplers.RelativeSamplerTestCase):
    pass


class TestMultiObjective(_SamplerFixture, pytest_samplers.MultiObjectiveSamplerTestCase):
    pass
