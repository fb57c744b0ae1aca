"""The plugin's samplers as the behaviour tests both samplers share drive them (the
`sampler_case` fixture of conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import optuna

from optuna_gfo import GASampler
from optuna_gfo import GPEISampler


@dataclass(frozen=True)
class SamplerCase:
    name: str
    make: Callable[..., optuna.samplers.BaseSampler]  # make(seed, **other arguments)
    n_design: int  # trials before the first one proposed from the earlier ones
    is_gp: bool

    def pick(self, *, gp: int, ga: int) -> int:
        """A budget per sampler: the GP needs tens of trials where the GA needs generations."""
        return gp if self.is_gp else ga


SAMPLER_CASES = [
    SamplerCase(
        "GPEISampler",
        lambda seed, **kwargs: GPEISampler(seed=seed, n_startup_trials=4, **kwargs),
        n_design=4,
        is_gp=True,
    ),
    SamplerCase(
        "GASampler",
        lambda seed, **kwargs: GASampler(seed=seed, population_size=10, **kwargs),
        n_design=10,
        is_gp=False,
    ),
]
