"""Optuna distributions <-> the C++ core's numeric encoding (the only place that converts).

A grid dim (an int, or a float with a step) reaches the core as the index k of its value
low + k step, never as the value: an int beyond 2**53 has no exact double, and Optuna hands the
objective the exact int the sampler proposed. The core maps indices to coordinates (on a proxy
lattice for grids of more than 2**52 values, see core/include/gfo/common/search_space.hpp); here k
becomes the value in Python's exact ints, then moves to the nearest grid value that Optuna accepts
(``_contains`` of its float, the internal representation: near the ends of the int64 range, or
high up with a step, the float of a grid value may round out of range or off the grid).
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import numpy as np
from optuna.distributions import BaseDistribution
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution
from optuna.trial import FrozenTrial

from optuna_gfo import _core
from optuna_gfo import _optuna_compat

# How many grid values to each side of a proposal are tried for one Optuna accepts. Near 2**63
# consecutive doubles are 2048 apart, so an admissible value of a stepped int is at most about
# 2048 steps away; beyond, the grid has none nearby (then Optuna samples it independently).
_MAX_NUDGE = 4096


def _n_intervals(distribution: IntDistribution | FloatDistribution) -> int:
    """The exact number of steps from low to high of a grid distribution."""
    if isinstance(distribution, IntDistribution):
        return (distribution.high - distribution.low) // distribution.step
    # Optuna aligns high to the step in decimal (FloatDistribution, _adjust_discrete_uniform_high).
    span = Decimal(str(distribution.high)) - Decimal(str(distribution.low))
    return int((span / Decimal(str(distribution.step))).to_integral_value())


def _to_core_dimension(distribution: BaseDistribution) -> _core.Dimension:
    if isinstance(distribution, CategoricalDistribution):
        return _core.Dimension.categorical(len(distribution.choices))
    step = (
        distribution.step
        if isinstance(distribution, (IntDistribution, FloatDistribution))
        else None
    )
    if isinstance(distribution, (IntDistribution, FloatDistribution)) and step is not None:
        return _core.Dimension.grid(
            float(distribution.low),
            float(distribution.high),
            float(step),
            distribution.log,
            float(_n_intervals(distribution)),
        )
    if isinstance(distribution, FloatDistribution):
        return _core.Dimension.continuous(distribution.low, distribution.high, distribution.log)
    raise ValueError(f"Unsupported distribution: {distribution!r}.")


class _Column:
    """One dimension's conversions between external values and the core's columns (natives;
    grid indices for grid dims)."""

    def __init__(self, distribution: BaseDistribution) -> None:
        self.distribution = distribution
        self.to_core: Callable[[Any], float]
        if isinstance(distribution, CategoricalDistribution):
            self.to_core = distribution.to_internal_repr
        elif isinstance(distribution, IntDistribution):
            int_low, int_step = distribution.low, distribution.step
            # int / int is correctly rounded: exact for every index below 2**53.
            self.to_core = lambda value: (int(value) - int_low) / int_step
        elif isinstance(distribution, FloatDistribution) and distribution.step is not None:
            low, step = distribution.low, distribution.step
            self.to_core = lambda value: (float(value) - low) / step
        else:
            self.to_core = float
        self.n_intervals = (
            _n_intervals(distribution)
            if isinstance(distribution, (IntDistribution, FloatDistribution))
            and getattr(distribution, "step", None) is not None
            else None
        )

    def from_core(self, column_value: float) -> Any:
        """The external value of a core column value (a grid value Optuna accepts)."""
        distribution = self.distribution
        if isinstance(distribution, CategoricalDistribution):
            return distribution.to_external_repr(int(column_value))
        if self.n_intervals is None:
            return float(column_value)
        n = self.n_intervals
        k = min(max(int(column_value), 0), n)  # an integer-valued double: int() is exact
        value_of = self._grid_value
        if _optuna_compat.contains(distribution, float(value_of(k))):
            return value_of(k)
        for distance in range(1, _MAX_NUDGE + 1):
            if k - distance < 0 and k + distance > n:
                break
            for j in (k - distance, k + distance):
                if 0 <= j <= n and _optuna_compat.contains(distribution, float(value_of(j))):
                    return value_of(j)
        return value_of(k)

    def _grid_value(self, k: int) -> int | float:
        distribution = self.distribution
        if isinstance(distribution, IntDistribution):
            return distribution.low + k * distribution.step  # exact: Python ints
        assert isinstance(distribution, FloatDistribution) and distribution.step is not None
        # As Optuna writes a stepped float (and clamped: -10.2 + 204 * 0.1 overshoots 10.2).
        return min(distribution.low + k * distribution.step, distribution.high)


class EncodedSearchSpace:
    """A fixed, ordered search space and its encoding into core coordinates.

    Points enter as Optuna params (external values) and leave as params, ints exact.
    """

    def __init__(self, search_space: Mapping[str, BaseDistribution]) -> None:
        self.names: list[str] = list(search_space)
        self.distributions: list[BaseDistribution] = [search_space[n] for n in self.names]
        self.core = _core.SearchSpace([_to_core_dimension(d) for d in self.distributions])
        self._columns = [_Column(d) for d in self.distributions]

    def __len__(self) -> int:
        return len(self.names)

    def admits(self, params: Mapping[str, Any]) -> bool:
        """Whether the external params hold an admissible value of every dimension."""
        try:
            return all(
                name in params
                and _optuna_compat.contains(
                    distribution, distribution.to_internal_repr(params[name])
                )
                for name, distribution in zip(self.names, self.distributions)
            )
        except ValueError:  # a categorical value that is not among the choices
            return False

    def has_distributions_of(self, trial: FrozenTrial) -> bool:
        """Whether the trial sampled every dimension from this space's very distribution."""
        return all(
            trial.distributions.get(name) == distribution
            for name, distribution in zip(self.names, self.distributions)
        )

    def encode_params(self, params_list: Sequence[Mapping[str, Any]]) -> np.ndarray:
        """Core coordinates, one row per point, of points given as external params."""
        # One array for all rows: a hot loop over every completed trial of a study.
        columns = [(name, column.to_core) for name, column in zip(self.names, self._columns)]
        rows = [[to_core(params[name]) for name, to_core in columns] for params in params_list]
        indices = np.array(rows, dtype=float).reshape(len(params_list), len(self))
        return np.asarray(self.core.from_grid_indices(indices))

    def decode(self, coordinates: np.ndarray) -> dict[str, Any]:
        """External params (exact ints for int distributions, the choice for categoricals) of
        one point's coordinates, each admissible (``_contains`` holds for its internal repr)."""
        row = np.asarray(
            self.core.to_grid_indices(np.asarray(coordinates, dtype=float).reshape(1, -1))
        )[0]
        return {
            name: column.from_core(value)
            for name, column, value in zip(self.names, self._columns, row)
        }

    def decode_internal(self, coordinates: np.ndarray) -> list[float]:
        """Internal representation of ``decode``'s params."""
        return [
            float(distribution.to_internal_repr(value))
            for distribution, value in zip(self.distributions, self.decode(coordinates).values())
        ]

    def sample_unit_cube(self, unit: np.ndarray) -> np.ndarray:
        """Admissible coordinates of points of [0, 1)^d, one row per point."""
        return np.asarray(
            self.core.from_unit_cube(np.asarray(unit, dtype=float).reshape(-1, len(self)))
        )
