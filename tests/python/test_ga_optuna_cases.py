"""Optuna's own public sampler test cases, run on GASampler."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from optuna.samplers import BaseSampler
from optuna.testing.pytest_samplers import BasicSamplerTestCase
from optuna.testing.pytest_samplers import MultiObjectiveSamplerTestCase
from optuna.testing.pytest_samplers import RelativeSamplerTestCase

from optuna_gfo import GASampler


class _GASamplerFixture:
    # population_size=2 breeds from the third trial on; the default stays in generation 0.
    @pytest.fixture(params=[2, 50], ids=["breeding", "generation0"])
    def sampler(self, request: pytest.FixtureRequest) -> Callable[[], BaseSampler]:
        return lambda: GASampler(population_size=request.param, seed=0)


class TestGABasic(_GASamplerFixture, BasicSamplerTestCase):
    pass


class TestGARelative(_GASamplerFixture, RelativeSamplerTestCase):
    pass


class TestGAMultiObjective(_GASamplerFixture, MultiObjectiveSamplerTestCase):
    pass
