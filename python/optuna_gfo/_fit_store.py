"""GPEISampler's fits kept in the study's storage: one format, one parser.

A proposal that refits its models stores them on its trial, so that another worker or a resumed
study warm-starts instead of fitting from scratch, and follows the core's refit schedule from the
number of observations each fit was made on. The record (system attr ``optuna_gfo:gp_fit``)::

    {"version": 1, "names": [parameter names], "kernel": "matern52",
     "models": {"objective:0": {"log_values": [...], "n_observations": 57}, ...}}

Models are named ``objective:<index>``, ``constraint:<name>`` and ``completion``. Records of
earlier versions (``optuna_gfo:gp_hyperparameters``: one objective, ``optuna_gfo:gp_model_
hyperparameters``: a list of models without observation counts) are still read.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

import numpy as np
from optuna.trial import FrozenTrial

from optuna_gfo import _core

FIT_ATTR = "optuna_gfo:gp_fit"
FIT_VERSION = 1
# Earlier formats, read only.
LEGACY_SINGLE_FIT_ATTR = "optuna_gfo:gp_hyperparameters"
LEGACY_MODELS_FIT_ATTR = "optuna_gfo:gp_model_hyperparameters"


def fit_record(
    names: list[str], kernel: str, models: Mapping[str, _core.GPModelState]
) -> dict[str, Any]:
    """The stored form of a proposal's fits."""
    return {
        "version": FIT_VERSION,
        "names": list(names),
        "kernel": kernel,
        "models": {
            model: {
                "log_values": state.log_parameters.tolist(),
                "n_observations": state.n_observations,
            }
            for model, state in models.items()
        },
    }


def stored_fits(
    trials: Iterable[FrozenTrial], names: list[str], kernel: str, models: list[str]
) -> dict[str, _core.GPModelState]:
    """Per model of `models`, the latest fit stored on the trials for these parameter names and
    kernel (models without one are left out)."""
    fits: dict[str, _core.GPModelState] = {}
    for t in sorted(trials, key=lambda t: t.number, reverse=True):
        for model, log_values, n_observations in _parse(t.system_attrs, names, kernel):
            if model in models and model not in fits:
                fits[model] = _core.GPModelState.from_log_parameters(log_values, n_observations)
        if len(fits) == len(models):
            break
    return fits


def has_fit(trial: FrozenTrial) -> bool:
    """Whether the trial carries a stored fit, in any format."""
    attrs = trial.system_attrs
    return FIT_ATTR in attrs or LEGACY_SINGLE_FIT_ATTR in attrs or LEGACY_MODELS_FIT_ATTR in attrs


def warm_starts(
    models: list[str],
    own: Mapping[str, _core.GPModelState],
    stored: Mapping[str, _core.GPModelState],
) -> list[_core.GPModelState | None]:
    """Per model, the fit to start from: this process's or the stored one, whichever was made on
    more observations (another process may have refitted since this one did); this process's
    own on a tie, as it carries the Gram factor."""
    return [
        max(
            (fit for fit in (own.get(model), stored.get(model)) if fit is not None),
            key=lambda fit: fit.n_observations,
            default=None,
        )
        for model in models
    ]


def _parse(
    system_attrs: Mapping[str, Any], names: list[str], kernel: str
) -> list[tuple[str, np.ndarray, int]]:
    """The usable fits of one trial's system attrs, in any format: (model, log values, number
    of observations or 0 when unknown)."""
    found: list[tuple[str, np.ndarray, int]] = []
    record = _matches(system_attrs.get(FIT_ATTR), names, kernel)
    if record is not None and record.get("version") == FIT_VERSION:
        models = record.get("models")
        if isinstance(models, dict):
            for model, fit in models.items():
                if isinstance(fit, dict):
                    found += _usable(model, fit.get("log_values"), fit.get("n_observations"), names)
    legacy = _matches(system_attrs.get(LEGACY_SINGLE_FIT_ATTR), names, kernel)
    if legacy is not None:
        found += _usable(
            "objective:0", legacy.get("log_values"), legacy.get("n_observations", 0), names
        )
    legacy = _matches(system_attrs.get(LEGACY_MODELS_FIT_ATTR), names, kernel)
    if legacy is not None:
        models, log_values = legacy.get("models"), legacy.get("log_values")
        if (
            isinstance(models, list)
            and isinstance(log_values, list)
            and len(models) == len(log_values)
        ):
            for model, values in zip(models, log_values):
                if isinstance(model, str):
                    found += _usable(model, values, 0, names)
    return found


def _matches(record: Any, names: list[str], kernel: str) -> dict[str, Any] | None:
    """The record when it is a fit of this search space and kernel, else None."""
    if (
        isinstance(record, dict)
        and list(record.get("names", ())) == list(names)
        and record.get("kernel") == kernel
    ):
        return record
    return None


def _usable(
    model: Any, values: Any, n_observations: Any, names: list[str]
) -> list[tuple[str, np.ndarray, int]]:
    """[(model, log values, n)] when the values are finite log-hyperparameters of this space
    (length scales per parameter, then signal and noise variance), else []."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return []
    if array.shape != (len(names) + 2,) or not np.all(np.isfinite(array)):
        return []
    if isinstance(n_observations, bool) or not isinstance(n_observations, int):
        n_observations = 0
    return [(str(model), array, max(n_observations, 0))]
