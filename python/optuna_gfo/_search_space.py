"""Optuna distributions <-> the C++ core's numeric encoding (the only place that converts)."""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

import numpy as np
from optuna.distributions import BaseDistribution
from optuna.distributions import CategoricalDistribution
from optuna.distributions import FloatDistribution
from optuna.distributions import IntDistribution

from optuna_gfo import _core


def _to_core_dimension(distribution: BaseDistribution) -> _core.Dimension:
    if isinstance(distribution, CategoricalDistribution):
        return _core.Dimension.categorical(len(distribution.choices))
    if isinstance(distribution, IntDistribution):
        return _core.Dimension.grid(
            float(distribution.low), float(distribution.high), float(distribution.step),
            distribution.log,
        )
    if isinstance(distribution, FloatDistribution):
        if distribution.step is not None:
            return _core.Dimension.grid(
                distribution.low, distribution.high, distribution.step, distribution.log
            )
        return _core.Dimension.continuous(distribution.low, distribution.high, distribution.log)
    raise ValueError(f"Unsupported distribution: {distribution!r}.")


class EncodedSearchSpace:
    """A fixed, ordered search space and its encoding into core coordinates.

    Native values are Optuna's internal representation (floats; the index of a categorical choice).
    """

    def __init__(self, search_space: Mapping[str, BaseDistribution]) -> None:
        self.names: list[str] = list(search_space)
        self.distributions: list[BaseDistribution] = [search_space[n] for n in self.names]
        self.core = _core.SearchSpace([_to_core_dimension(d) for d in self.distributions])
        # float() is the internal representation of every numeric value; a hot loop over trials.
        self._to_internal = [
            d.to_internal_repr if isinstance(d, CategoricalDistribution) else float
            for d in self.distributions
        ]

    def __len__(self) -> int:
        return len(self.names)

    def encode(self, internal_rows: Sequence[np.ndarray] | np.ndarray) -> np.ndarray:
        """Core coordinates, one row per point, of points in internal representation."""
        native = np.asarray(internal_rows, dtype=float).reshape(-1, len(self))
        return np.asarray(self.core.to_coordinates(native))

    def encode_params(self, params_list: Sequence[Mapping[str, Any]]) -> np.ndarray:
        # One array for all rows: a hot loop over every completed trial of a study.
        columns = list(zip(self.names, self._to_internal))
        internal = [
            [to_internal(params[name]) for name, to_internal in columns] for params in params_list
        ]
        return self.encode(np.array(internal, dtype=float).reshape(len(params_list), len(self)))

    def decode_internal(self, coordinates: np.ndarray) -> np.ndarray:
        """Internal representation (admissible: on grid, in range) of one point's coordinates."""
        native = self.core.to_natives(np.asarray(coordinates, dtype=float).reshape(1, -1))
        return np.asarray(native)[0]

    def decode(self, coordinates: np.ndarray) -> dict[str, Any]:
        """External params (ints for int distributions, the choice for categoricals)."""
        internal = self.decode_internal(coordinates)
        return {
            name: _to_external(distribution, value)
            for name, distribution, value in zip(self.names, self.distributions, internal)
        }

    def sample_unit_cube(self, unit: np.ndarray) -> np.ndarray:
        """Admissible coordinates of points of [0, 1)^d, one row per point."""
        return np.asarray(self.core.from_unit_cube(np.asarray(unit, dtype=float).reshape(-1, len(self))))


def _to_external(distribution: BaseDistribution, internal: float) -> Any:
    if isinstance(distribution, CategoricalDistribution):
        return distribution.to_external_repr(int(internal))
    if isinstance(distribution, IntDistribution):
        return int(round(internal))
    return float(internal)
