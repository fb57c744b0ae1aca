"""Every use of Optuna's private API, and of public API that differs between releases, for
Optuna 4.0 to 5.x.

The rest of the package reaches Optuna only through its public API and the functions here
(tests/python/test_optuna_compat.py checks that no other module touches a ``_`` name of Optuna).
Where releases differ, a function detects the feature rather than parsing Optuna's version.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Container
from collections.abc import Sequence
import inspect
from typing import Any
from typing import TYPE_CHECKING

import optuna
from optuna.distributions import BaseDistribution
from optuna.samplers import _base as _samplers_base
from optuna.search_space import IntersectionSearchSpace
from optuna.study._constrained_optimization import _CONSTRAINTS_KEY
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

if TYPE_CHECKING:
    from optuna.study import Study


# Optuna's own wording where it has one (optuna.samplers._base, from 4.x releases after 4.0);
# on Optuna 4.0, whose samplers each word their own, a message of ours with the same fields.
_INDEPENDENT_SAMPLING_WARNING_TEMPLATE: str = getattr(
    _samplers_base,
    "_INDEPENDENT_SAMPLING_WARNING_TEMPLATE",
    "{sampler_name} samples the parameter `{param_name}` of Trial#{trial_number} with "
    "{independent_sampler_name}, which may slow down the optimization, because "
    "{fallback_reason}. Pass `warn_independent_sampling=False` to {sampler_name} to silence "
    "this warning when that is intended.",
)
# Optuna 5's FrozenTrial.constraints; Optuna 4.x keeps constraints_func's list in system attrs.
_FROZEN_TRIAL_HAS_CONSTRAINTS = hasattr(FrozenTrial, "constraints")
# IntersectionSearchSpace.calculate(use_cache=...): later than Optuna 4.0.
_CALCULATE_HAS_USE_CACHE = (
    "use_cache" in inspect.signature(IntersectionSearchSpace.calculate).parameters
)


def independent_sampling_message(
    param_name: str,
    trial_number: int,
    independent_sampler_name: str,
    sampler_name: str,
    fallback_reason: str,
) -> str:
    """Optuna's warning that a parameter falls back to the independent sampler."""
    return _INDEPENDENT_SAMPLING_WARNING_TEMPLATE.format(
        param_name=param_name,
        trial_number=trial_number,
        independent_sampler_name=independent_sampler_name,
        sampler_name=sampler_name,
        fallback_reason=fallback_reason,
    )


def constraints_func_deprecated() -> bool:
    """Whether this Optuna deprecates samplers' ``constraints_func``: Optuna 5 does, in favour
    of ``Trial.set_constraint``, which it introduced; on 4.x ``constraints_func`` is the way."""
    return hasattr(optuna.trial.Trial, "set_constraint")


def store_constraints(
    constraints_func: Callable[[FrozenTrial], Sequence[float]],
    study: Study,
    trial: FrozenTrial,
    state: TrialState,
) -> None:
    """Evaluate ``constraints_func`` on a finished trial and store its values as Optuna's own
    samplers do (a list under the system attr ``"constraints"``; every version 4.0 to 5.x)."""
    _samplers_base._process_constraints_after_trial(constraints_func, study, trial, state)


def trial_constraints(trial: FrozenTrial) -> dict[str, float]:
    """The trial's constraint values by name (feasible when every value is <= 0).

    Optuna 5: ``FrozenTrial.constraints`` (``Trial.set_constraint``'s names, and the values of
    ``constraints_func`` named "0", "1", ...). Optuna 4.x has only ``constraints_func``'s list,
    which is named the same way here (``None``, stored when the function raised: no values).
    """
    if _FROZEN_TRIAL_HAS_CONSTRAINTS:
        return trial.constraints  # type: ignore[attr-defined, unused-ignore]
    values = trial.system_attrs.get(_CONSTRAINTS_KEY)
    return {} if values is None else {str(i): value for i, value in enumerate(values)}


def get_trials(
    study: Study, states: Container[TrialState] | None, use_cache: bool
) -> list[FrozenTrial]:
    """The study's trials without copying them. ``use_cache``: the snapshot this thread read at
    the start of the trial (Optuna's cache for samplers); else a fresh read of the storage."""
    return study._get_trials(deepcopy=False, states=states, use_cache=use_cache)


def intersection_search_space(
    search_space: IntersectionSearchSpace, study: Study
) -> dict[str, BaseDistribution]:
    """The study's intersection search space, from the trial's snapshot of the study where
    Optuna can (``use_cache``), else (Optuna 4.0) from a fresh read of the storage."""
    if _CALCULATE_HAS_USE_CACHE:
        return search_space.calculate(study, use_cache=True)
    return search_space.calculate(study)


def set_trial_system_attr(study: Study, trial: FrozenTrial, key: str, value: Any) -> None:
    """Write a system attr of a (running) trial to the study's storage."""
    study._storage.set_trial_system_attr(trial._trial_id, key, value)


def set_trial_user_attr(study: Study, trial: FrozenTrial, key: str, value: Any) -> None:
    """Write a user attr of a (running) trial to the study's storage."""
    study._storage.set_trial_user_attr(trial._trial_id, key, value)


def trial_system_attrs(study: Study, trial: FrozenTrial) -> dict[str, Any]:
    """The trial's system attrs as stored now (``trial.system_attrs`` is a snapshot)."""
    return study._storage.get_trial_system_attrs(trial._trial_id)


def study_identity(study: Study) -> tuple[int, int]:
    """Identifies the study behind a ``Study`` object within this process, for caches: the same
    for every ``Study`` of one study in one storage object."""
    return id(study._storage), study._study_id


def contains(distribution: BaseDistribution, internal_value: float) -> bool:
    """Whether an internal-representation value is admissible for the distribution (in range,
    on its grid, a valid choice index)."""
    return distribution._contains(internal_value)
