"""Optuna's own public sampler test cases, run on GASampler."""

from __future__ import annotations

from collections.abc import Callable

from optuna.samplers import BaseSampler
import pytest

from optuna_gfo import GASampler

# Optuna publishes these cases from a 4.x release later than 4.0; on older releases the plugin's
# own tests cover the same contract.
pytest_samplers = pytest.importorskip(
    "optuna.testing.pytest_samplers", reason="Optuna's sampler test cases are not in this Optuna"
)


class _GASamplerFixture:
    # population_size=2 breeds from the third trial on; the default stays in generation 0.
    @pytest.fixture(params=[2, 50], ids=["breeding", "generation0"])
    def sampler(self, request: pytest.FixtureRequest) -> Callable[[], BaseSampler]:
        return lambda: GASampler(population_size=request.param, seed=0)


class TestGABasic(_GASamplerFixture, pytest_samplers.BasicSamplerTestCase):
    pass


class TestGARelative(_GASamplerFixture, pytest_samplers.RelativeSamplerTestCase):
    pass


class TestGAMultiObjective(_GASamplerFixture, pytest_samplers.MultiObjectiveSamplerTestCase):
    pass
