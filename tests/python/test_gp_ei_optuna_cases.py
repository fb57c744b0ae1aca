"""Optuna's own public sampler test cases, run on GPEISampler."""

from __future__ import annotations

from collections.abc import Callable

from optuna.samplers import BaseSampler
import pytest

from optuna_gfo import GPEISampler

# Optuna publishes these cases from a 4.x release later than 4.0; on older releases the plugin's
# own tests cover the same contract.
pytest_samplers = pytest.importorskip(
    "optuna.testing.pytest_samplers", reason="Optuna's sampler test cases are not in this Optuna"
)


class _GPEISamplerFixture:
    # n_startup_trials=1 puts the GP on the path of every case after the first trial; the
    # default covers the Sobol startup design.
    @pytest.fixture(params=[1, 10], ids=["gp", "startup"])
    def sampler(self, request: pytest.FixtureRequest) -> Callable[[], BaseSampler]:
        return lambda: GPEISampler(n_startup_trials=request.param, seed=0)


class TestGPEIBasic(_GPEISamplerFixture, pytest_samplers.BasicSamplerTestCase):
    pass


class TestGPEIRelative(_GPEISamplerFixture, pytest_samplers.RelativeSamplerTestCase):
    pass


class TestGPEIMultiObjective(_GPEISamplerFixture, pytest_samplers.MultiObjectiveSamplerTestCase):
    pass
