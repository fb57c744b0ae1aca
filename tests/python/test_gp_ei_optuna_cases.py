"""Optuna's own public sampler test cases, run on GPEISampler."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from optuna.samplers import BaseSampler
from optuna.testing.pytest_samplers import BasicSamplerTestCase
from optuna.testing.pytest_samplers import MultiObjectiveSamplerTestCase
from optuna.testing.pytest_samplers import RelativeSamplerTestCase

from optuna_gfo import GPEISampler


class _GPEISamplerFixture:
    # n_startup_trials=1 puts the GP on the path of every case after the first trial; the
    # default covers the Sobol startup design.
    @pytest.fixture(params=[1, 10], ids=["gp", "startup"])
    def sampler(self, request: pytest.FixtureRequest) -> Callable[[], BaseSampler]:
        return lambda: GPEISampler(n_startup_trials=request.param, seed=0)


class TestGPEIBasic(_GPEISamplerFixture, BasicSamplerTestCase):
    pass


class TestGPEIRelative(_GPEISamplerFixture, RelativeSamplerTestCase):
    pass


class TestGPEIMultiObjective(_GPEISamplerFixture, MultiObjectiveSamplerTestCase):
    pass
