"""What both samplers share: seeding, the independent sampler, the intersection search space."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
import copy
import threading
from typing import Any
from typing import TYPE_CHECKING
import warnings

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.samplers import BaseSampler
from optuna.samplers import RandomSampler
from optuna.search_space import IntersectionSearchSpace
from optuna.study import StudyDirection
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _optuna_compat
from optuna_gfo._context import TrialContext
from optuna_gfo._search_space import EncodedSearchSpace
from optuna_gfo._validation import check_bool
from optuna_gfo._validation import check_callable
from optuna_gfo._validation import check_instance
from optuna_gfo._validation import check_seed

if TYPE_CHECKING:
    from optuna.study import Study

# Under Optuna's logger tree: Optuna's format and handler, silenced by
# optuna.logging.set_verbosity like Optuna's own samplers.
_logger = optuna.logging.get_logger(f"optuna.{__name__}")


class RelativeSampler(BaseSampler):
    """A sampler of the intersection search space, falling back to an independent sampler for
    the other parameters.

    Subclasses implement ``_propose_point`` (the trial's point in core coordinates, or None to
    leave every parameter to the independent sampler) and ``_past_startup`` (whether falling
    back now deserves Optuna's independent-sampling warning).
    ``self._lock`` guards ``self._rng`` and any state a subclass adds; locks are recreated on
    unpickling. ``constraints_func`` is Optuna 4's way of giving constraints (deprecated in
    Optuna 5): its values are stored after each completed or pruned trial, as Optuna's own
    samplers do.
    """

    def __init__(
        self,
        seed: int | None,
        independent_sampler: BaseSampler | None,
        warn_independent_sampling: bool,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    ) -> None:
        seed = check_seed(seed)
        if constraints_func is not None:
            check_callable("constraints_func", constraints_func)
            if _optuna_compat.constraints_func_deprecated():
                # Not optuna_warn (Optuna > 4.0): it hides Optuna's frames, of which there are
                # none here, and counts stacklevel differently before and after Python 3.12.
                warnings.warn(
                    "`constraints_func` is deprecated in Optuna 5 (as in Optuna's own samplers); "
                    "use optuna.trial.Trial.set_constraint instead.",
                    FutureWarning,
                    stacklevel=3,  # the user's call of the sampler's constructor
                )
        if independent_sampler is not None:
            check_instance(
                "independent_sampler", independent_sampler, BaseSampler, "an Optuna sampler or None"
            )
        self._constraints_func = constraints_func
        self._rng = np.random.RandomState(seed)
        # Fixed for the sampler's life: the initial design is one randomly shifted Sobol sequence
        # indexed by trial number, even across reseed_rng() calls (n_jobs threads each reseed).
        self._sobol_seed = int(self._rng.randint(2**31))
        self._independent_sampler = independent_sampler or RandomSampler(seed=seed)
        self._warn_independent_sampling = check_bool(
            "warn_independent_sampling", warn_independent_sampling
        )
        self._intersection_search_space = IntersectionSearchSpace()
        self._lock = threading.Lock()

    _LOCKS: tuple[str, ...] = ("_lock",)
    # Process-local caches, reset on unpickling: name -> value of an empty cache.
    _CACHES: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        for name in self._LOCKS:
            del state[name]
        state.update(copy.deepcopy(self._CACHES))
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        for name in self._LOCKS:
            setattr(self, name, threading.Lock())

    def _design_point(self, space: EncodedSearchSpace, trial_number: int) -> np.ndarray:
        """The trial's point of the shifted Sobol initial design (unique per trial number)."""
        sobol = _core.ShiftedSobol(len(space), self._sobol_seed)
        point: np.ndarray = space.sample_unit_cube(sobol.points(trial_number, 1))[0]
        return point

    def _next_seed(self) -> int:
        with self._lock:
            return int(self._rng.randint(2**63, dtype=np.uint64))

    def reseed_rng(self) -> None:
        with self._lock:
            self._rng.seed()
        self._independent_sampler.reseed_rng()

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        # The trial's snapshot of the study (one storage read per trial, shared with
        # sample_relative).
        space = _optuna_compat.intersection_search_space(self._intersection_search_space, study)
        return {
            name: distribution for name, distribution in space.items() if not distribution.single()
        }

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        if not search_space:
            self._sample_empty_space(study, trial)
            return {}
        context = TrialContext(study, trial, EncodedSearchSpace(search_space))
        point = self._propose_point(context)
        return {} if point is None else context.space.decode(point)

    def _propose_point(self, context: TrialContext) -> np.ndarray | None:
        raise NotImplementedError

    def _sample_empty_space(self, study: Study, trial: FrozenTrial) -> None:
        """Called instead of ``_propose_point`` when the relative search space is empty (the
        first trial, or no parameter shared by every trial)."""

    def _past_startup(self, study: Study, trial: FrozenTrial) -> bool:
        raise NotImplementedError

    def sample_independent(
        self,
        study: Study,
        trial: FrozenTrial,
        param_name: str,
        param_distribution: BaseDistribution,
    ) -> Any:
        if (
            self._warn_independent_sampling
            and not param_distribution.single()
            and self._past_startup(study, trial)
        ):
            _logger.warning(
                _optuna_compat.independent_sampling_message(
                    param_name=param_name,
                    trial_number=trial.number,
                    independent_sampler_name=type(self._independent_sampler).__name__,
                    sampler_name=type(self).__name__,
                    fallback_reason=(
                        f"dynamic search space is not supported by {type(self).__name__}: the "
                        "parameter is not in every completed trial"
                    ),
                )
            )
        return self._independent_sampler.sample_independent(
            study, trial, param_name, param_distribution
        )

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        self._independent_sampler.before_trial(study, trial)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        if self._constraints_func is not None:
            _optuna_compat.store_constraints(self._constraints_func, study, trial, state)
        self._independent_sampler.after_trial(study, trial, state, values)


def minimized_values(study: Study, trials: Sequence[FrozenTrial]) -> np.ndarray:
    """The trials' objective values, one column per objective, each sign-flipped for
    maximization: lower is always better. Shape (len(trials), number of objectives)."""
    signs = np.array([-1.0 if d == StudyDirection.MAXIMIZE else 1.0 for d in study.directions])
    values = np.array([t.values for t in trials], dtype=float).reshape(len(trials), len(signs))
    minimized: np.ndarray = values * signs
    return minimized


def constraint_values(trials: Sequence[FrozenTrial]) -> tuple[list[str], np.ndarray]:
    """The constraint names of any of the trials (``trial.set_constraint`` or
    ``constraints_func``), sorted, and a (trials, names) matrix of their values; NaN where a
    trial has no value for a name. Feasible means every value <= 0."""
    per_trial = [_optuna_compat.trial_constraints(t) for t in trials]
    names = sorted({name for constraints in per_trial for name in constraints})
    matrix = np.full((len(trials), len(names)), np.nan)
    for row, constraints in enumerate(per_trial):
        for column, name in enumerate(names):
            if name in constraints:
                matrix[row, column] = float(constraints[name])
    return names, matrix
