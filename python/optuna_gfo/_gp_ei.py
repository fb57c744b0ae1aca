"""GPEISampler: Gaussian-process Bayesian optimization whose model and search run in C++."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
import datetime
import threading
from typing import Any
from typing import TYPE_CHECKING

import numpy as np
import optuna
from optuna.distributions import BaseDistribution
from optuna.samplers import BaseSampler
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _optuna_compat
from optuna_gfo._base import constraint_values
from optuna_gfo._base import minimized_values
from optuna_gfo._base import RelativeSampler
from optuna_gfo._search_space import EncodedSearchSpace
from optuna_gfo._validation import check_choice
from optuna_gfo._validation import check_int

if TYPE_CHECKING:
    from optuna.study import Study

_logger = optuna.logging.get_logger(f"optuna.{__name__}")  # see optuna_gfo._base

# Each running trial's relative params (internal representation), so that other threads and
# processes see the point as pending before the objective has suggested it.
RELATIVE_PARAMS_ATTR = "optuna_gfo:relative_params"
# Set once the trial's point is final (see GPEISampler._settle).
SETTLED_ATTR = "optuna_gfo:settled"
# The GP's fitted log-hyperparameters, stored on the trial whose proposal refit them, so that a
# new process (another worker, a resumed study) warm-starts instead of fitting from scratch.
HYPERPARAMETERS_ATTR = "optuna_gfo:gp_hyperparameters"
# The same for the constrained / multi-objective models: one fit per objective and constraint
# ("objective:<index>", "constraint:<name>").
MODEL_HYPERPARAMETERS_ATTR = "optuna_gfo:gp_model_hyperparameters"
# Set on a running trial whose proposal is refitting the hyperparameters (to this many
# observations), so that other workers keep their fit meanwhile instead of all refitting at once.
REFITTING_ATTR = "optuna_gfo:refitting"
_MAX_YIELDS = 3
_STATES_TO_READ = (TrialState.COMPLETE, TrialState.RUNNING, TrialState.PRUNED, TrialState.FAIL)
_NO_DATE = datetime.datetime.min
# Points closer than this in every normalized coordinate count as the same point.
_SAME_POINT_TOLERANCE = 1e-4

_KERNELS = {
    "matern52": _core.KernelType.MATERN52,
    "squared_exponential": _core.KernelType.SQUARED_EXPONENTIAL,
}
_ACQUISITIONS = {
    "logei": _core.AcquisitionType.LOG_EI,
    "ei": _core.AcquisitionType.EI,
    "ucb": _core.AcquisitionType.UCB,
}


class GPEISampler(RelativeSampler):
    """Bayesian optimization with a Gaussian process and (log) expected improvement.

    Example:
        .. code-block:: python

            import optuna
            from optuna_gfo import GPEISampler

            def objective(trial):
                x = trial.suggest_float("x", -5, 5)
                n = trial.suggest_int("n", 1, 8)
                act = trial.suggest_categorical("act", ["relu", "gelu"])
                return (x - 1) ** 2 + (n - 3) ** 2 + (act == "relu")

            study = optuna.create_study(sampler=GPEISampler(seed=0))
            study.optimize(objective, n_trials=40)

    The first ``n_startup_trials`` completed trials are a scrambled Sobol design. After that, each
    trial fits a GP (Matérn 5/2 or squared-exponential kernel, one length scale per parameter,
    categorical parameters through a Hamming distance) to the completed trials by maximizing the
    marginal likelihood with weak priors, and proposes the maximizer of the acquisition function
    over the whole mixed space. Fitting and search run in C++ with the GIL released.

    Constraints (``trial.set_constraint`` on Optuna 5, or ``constraints_func``; feasible when
    every value is <= 0) get one GP each, and the acquisition becomes log EI over the best
    feasible value plus the log probability that every constraint holds; while no trial is
    feasible, the probability of feasibility alone is maximized. Studies with 2 to 4 objectives
    get one GP per objective and maximize log expected hypervolume improvement (exact box
    decomposition of the region the feasible Pareto front does not dominate; the reference point
    is the worst observed value of each objective moved 10% away from zero, as in Optuna). Its
    cost grows as (front size + 1) ** (objectives - 1) boxes. In these modes the acquisition is
    always log EI / log EHVI, whatever ``acquisition`` says.

    Trials in the search space that are still running (other threads, other processes sharing
    the storage) enter the model as pending points with a fantasy value: the best observed value
    ("constant liar") for one objective, the posterior mean for several, so the same point is not
    proposed twice. Pruned and failed trials are not observations (a pruned trial's intermediate
    value is not on the objective's scale in general), but their points stay pending in the same
    way, so that they are not proposed again. ``inf`` values are clipped to the worst/best finite
    value.

    Args:
        seed: Seed of the sampler's random numbers; the same seed gives the same suggestions.
        n_startup_trials: Completed trials sampled by the Sobol design before the GP takes over.
        kernel: ``"matern52"`` (default) or ``"squared_exponential"``.
        acquisition: ``"logei"`` (log expected improvement, default), ``"ei"`` or ``"ucb"``.
        deterministic_objective: Hold the GP's noise at a tiny floor instead of fitting it; for
            objectives that return the same value for the same parameters.
        independent_sampler: Sampler for parameters outside the relative search space (dynamic
            search spaces, the first trial). Defaults to :class:`~optuna.samplers.RandomSampler`.
        warn_independent_sampling: Log a warning when a parameter is sampled by the independent
            sampler after the startup trials.
        n_candidates: Sobol candidates scored before the best few are refined by local search.
        n_threads: Threads for the local searches of the acquisition's maximum (they are
            independent, so the suggestions do not depend on it); ``None``: one per CPU core.
            The proposals of a study with many worker processes on one machine may want 1.
        constraints_func: A function of a finished trial returning its constraint values
            (feasible when all are <= 0), evaluated after each completed or pruned trial, as in
            Optuna's samplers: the way to give constraints on Optuna 4.x, deprecated in Optuna 5
            in favour of ``trial.set_constraint``.
    """

    _MAX_OBJECTIVES = 4

    def __init__(
        self,
        *,
        seed: int | None = None,
        n_startup_trials: int = 10,
        kernel: str = "matern52",
        acquisition: str = "logei",
        deterministic_objective: bool = False,
        independent_sampler: BaseSampler | None = None,
        warn_independent_sampling: bool = True,
        n_candidates: int = 512,
        n_threads: int | None = None,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
    ) -> None:
        super().__init__(seed, independent_sampler, warn_independent_sampling, constraints_func)
        self._n_startup_trials = check_int("n_startup_trials", n_startup_trials, 0)
        self._kernel = check_choice("kernel", kernel, _KERNELS)
        self._acquisition = check_choice("acquisition", acquisition, _ACQUISITIONS)
        if not isinstance(deterministic_objective, bool):
            raise TypeError("deterministic_objective must be a bool.")
        self._deterministic_objective = deterministic_objective
        self._n_candidates = check_int("n_candidates", n_candidates, 1)
        self._n_threads = 0 if n_threads is None else check_int("n_threads", n_threads, 1)
        self._propose_lock = threading.Lock()
        # The last fit's log-hyperparameters per search space, with the number of observations
        # they were fitted to: a warm start, never needed for correctness. Guarded by self._lock.
        self._warm_start: dict[tuple[str, ...], tuple[np.ndarray, int]] = {}
        # Likewise for the constrained / multi-objective models, one fit per objective and
        # constraint, keyed by the parameter names and the model names.
        self._warm_starts: dict[tuple[tuple[str, ...], ...], list[np.ndarray]] = {}
        # The last proposal's Gram factor per search space: extended by the new observations
        # while the hyperparameters are reused. Not picklable; dropped on pickling.
        self._factors: dict[tuple[str, ...], _core.GramFactor] | None = None
        # Proposals stored by this process, and their count when each thread last read its
        # trial's snapshot of the study (by thread ident).
        self._proposals = 0
        self._snapshot_proposals: dict[int, int] = {}

    _LOCKS = ("_lock", "_propose_lock")
    _CACHES = {"_factors": None, "_snapshot_proposals": {}}

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        with self._lock:
            self._snapshot_proposals[threading.get_ident()] = self._proposals
        return super().infer_relative_search_space(study, trial)

    def _past_startup(self, study: Study, trial: FrozenTrial) -> bool:
        completed = _optuna_compat.get_trials(study, (TrialState.COMPLETE,), use_cache=True)
        return len(completed) >= self._n_startup_trials

    def sample_relative(
        self, study: Study, trial: FrozenTrial, search_space: dict[str, BaseDistribution]
    ) -> dict[str, Any]:
        self._check_objectives(study)
        if not search_space:
            return {}
        space = EncodedSearchSpace(search_space)
        # One proposal at a time per sampler: a thread must see the point another thread has just
        # proposed as pending, or both may pick the same one. The C++ work runs without the GIL,
        # so the other threads' objectives go on meanwhile.
        with self._propose_lock:
            # The trial's snapshot of the study, read by infer_relative_search_space a moment
            # ago, saves a storage read unless another thread of this process proposed since.
            with self._lock:
                snapshot_is_fresh = self._snapshot_proposals.pop(threading.get_ident(), -1) == (
                    self._proposals
                )
            trials = _optuna_compat.get_trials(study, _STATES_TO_READ, use_cache=snapshot_is_fresh)
            # The intersection search space guarantees the distributions of completed trials.
            names = set(space.names)
            completed = [
                t for t in trials if t.state == TrialState.COMPLETE and names <= t.params.keys()
            ]
            if len(completed) < max(self._n_startup_trials, 1):
                point = self._design_point(space, trial.number)
                _store_point(study, trial, space, point)
                _optuna_compat.set_trial_system_attr(study, trial, SETTLED_ATTR, True)
            else:
                # Running trials, and pruned and failed ones: their points are not observations
                # but must not be proposed again.
                elsewhere = [t for t in trials if t.state != TrialState.COMPLETE]
                pending = _pending_params(elsewhere, trial, space)
                point = self._propose(study, trial, space, completed, pending)
                if point is None:
                    return {}
                point = self._settle(study, trial, space, completed, pending, point)
            with self._lock:
                self._proposals += 1
        return space.decode(point)

    def _settle(
        self,
        study: Study,
        trial: FrozenTrial,
        space: EncodedSearchSpace,
        completed: list[FrozenTrial],
        pending: list[dict[str, Any]],
        point: np.ndarray,
    ) -> np.ndarray:
        """Store the point, then move off points that other processes proposed meanwhile.

        Two processes proposing at the same instant see neither's point and, from the same data,
        find the same maximizer. After storing its point, a trial yields (proposes again, with
        the rivals' points pending) to a nearly equal point of a trial that completed or settled
        meanwhile, or of a lower-numbered trial; otherwise it marks itself settled and, if a
        lower-numbered trial was still unsettled, looks once more, yielding to a lower-numbered
        trial that stored the same point in between. Only checks that interleave within a few
        storage writes can still let a pair through.
        """
        seen = {t.number for t in completed}
        for _ in range(_MAX_YIELDS):
            _store_point(study, trial, space, point)
            close, unsettled_before = self._rival_points(
                study, trial, space, seen, point, yield_to_settled=True
            )
            if not close:
                _optuna_compat.set_trial_system_attr(study, trial, SETTLED_ATTR, True)
                # Only a lower-numbered trial that had not settled at the first look can have
                # stored a clashing point since (later trials see this one's point as pending).
                if not unsettled_before:
                    return point
                close, _ = self._rival_points(
                    study, trial, space, seen, point, yield_to_settled=False
                )
                if not close:
                    return point
                _optuna_compat.set_trial_system_attr(study, trial, SETTLED_ATTR, False)
            pending = pending + close
            proposal = self._propose(study, trial, space, completed, pending)
            if proposal is None:
                break
            point = proposal
        _store_point(study, trial, space, point)
        _optuna_compat.set_trial_system_attr(study, trial, SETTLED_ATTR, True)
        return point

    def _rival_points(
        self,
        study: Study,
        trial: FrozenTrial,
        space: EncodedSearchSpace,
        seen: set[int],
        point: np.ndarray,
        yield_to_settled: bool,
    ) -> tuple[list[dict[str, Any]], bool]:
        """Params of the trials whose nearly equal point this trial must yield to, and whether a
        lower-numbered running trial has not settled yet."""
        recent = _optuna_compat.get_trials(
            study, (TrialState.RUNNING, TrialState.COMPLETE), use_cache=False
        )
        unsettled_before = any(
            t.state == TrialState.RUNNING
            and t.number < trial.number
            and not t.system_attrs.get(SETTLED_ATTR, False)
            for t in recent
        )
        rivals = [
            t
            for t in recent
            if t.number not in seen
            and t.number != trial.number
            and (
                t.state == TrialState.COMPLETE
                or t.number < trial.number
                or (yield_to_settled and t.system_attrs.get(SETTLED_ATTR, False))
            )
        ]
        close = [
            params
            for params in _pending_params(rivals, trial, space)
            if _nearly_equal(space.encode_params([params])[0], point, space)
        ]
        return close, unsettled_before

    def _propose(
        self,
        study: Study,
        trial: FrozenTrial,
        space: EncodedSearchSpace,
        completed: list[FrozenTrial],
        pending: list[dict[str, Any]],
    ) -> np.ndarray | None:
        objectives = minimized_values(study, completed)
        constraint_names, constraints = constraint_values(completed)
        if objectives.shape[1] > 1 or constraint_names:
            return self._propose_ehvi(
                study, trial, space, completed, pending, objectives, constraint_names, constraints
            )
        # Oldest completion first, so that new observations come last and the cached Gram factor
        # of the earlier ones can be extended.
        order = sorted(
            range(len(completed)),
            key=lambda i: (completed[i].datetime_complete or _NO_DATE, completed[i].number),
        )
        values = objectives[order, 0]
        observed = space.encode_params([completed[i].params for i in order])
        pending_points = space.encode_params(pending)
        options = self._options()
        key = tuple(space.names)
        seed = self._next_seed()
        with self._lock:
            own_fit = self._warm_start.get(key)
            factor = None if self._factors is None else self._factors.get(key)
        # Another process may have refitted since this one did: the fit to more observations wins.
        stored_fit = _stored_hyperparameters(completed, key, self._kernel)
        candidates = [fit for fit in (own_fit, stored_fit) if fit is not None]
        warm_start, fitted_to = max(candidates, key=lambda fit: fit[1], default=(None, 0))
        # Past the observations refitted at every proposal, announce a refit that the core is
        # about to run, unless another worker is running it for the same level.
        schedule_from = fitted_to
        level = _core.refit_level(len(observed))
        if warm_start is not None and level >= 0 and _core.refit_due(len(observed), fitted_to):
            if level in _levels_being_refit(study, trial):
                # Keep this fit until the worker refitting to this level has stored its own.
                schedule_from = len(observed)
            else:
                _optuna_compat.set_trial_system_attr(study, trial, REFITTING_ATTR, len(observed))
        try:
            point, _, log_parameters, factor = _core.propose_gp_ei(
                space.core,
                observed,
                values,
                pending_points,
                options,
                warm_start,
                seed,
                factor,
                schedule_from,
            )
        except _core.NumericalError as error:
            _warn_fit_failed(error)
            return None
        fitted = np.asarray(log_parameters)
        refitted = warm_start is None or not np.array_equal(warm_start, fitted)
        if refitted:
            fitted_to = len(observed)
        with self._lock:
            self._warm_start[key] = (fitted, fitted_to)
            if self._factors is None:
                self._factors = {}
            self._factors[key] = factor
        if refitted:
            _optuna_compat.set_trial_system_attr(
                study,
                trial,
                HYPERPARAMETERS_ATTR,
                {
                    "names": list(key),
                    "kernel": self._kernel,
                    "log_values": fitted.tolist(),
                    "n_observations": fitted_to,
                },
            )
        return np.asarray(point)

    def _propose_ehvi(
        self,
        study: Study,
        trial: FrozenTrial,
        space: EncodedSearchSpace,
        completed: list[FrozenTrial],
        pending: list[dict[str, Any]],
        objectives: np.ndarray,
        constraint_names: list[str],
        constraints: np.ndarray,
    ) -> np.ndarray | None:
        """Constrained and/or multi-objective proposal: one GP per objective and constraint."""
        observed = space.encode_params([t.params for t in completed])
        pending_points = space.encode_params(pending)
        options = self._options()
        options.acquisition = _core.AcquisitionType.LOG_EI
        models = [f"objective:{j}" for j in range(objectives.shape[1])]
        models += [f"constraint:{name}" for name in constraint_names]
        key = (tuple(space.names), (str(objectives.shape[1]),), tuple(constraint_names))
        with self._lock:
            warm_starts: list[np.ndarray | None] = list(self._warm_starts.get(key, []))
        if not warm_starts:
            warm_starts = _stored_model_hyperparameters(completed, space.names, self._kernel, models)
        try:
            point, _, fitted_models = _core.propose_gp_ehvi(
                space.core,
                observed,
                objectives,
                constraints,
                pending_points,
                options,
                warm_starts,
                self._next_seed(),
            )
        except _core.NumericalError as error:
            _warn_fit_failed(error)
            return None
        fitted = [np.asarray(f) for f in fitted_models]
        with self._lock:
            self._warm_starts[key] = fitted
        kept = len(warm_starts) == len(fitted) and all(
            w is not None and np.array_equal(w, f) for w, f in zip(warm_starts, fitted)
        )
        if not kept:
            _optuna_compat.set_trial_system_attr(
                study,
                trial,
                MODEL_HYPERPARAMETERS_ATTR,
                {
                    "names": list(space.names),
                    "kernel": self._kernel,
                    "models": models,
                    "log_values": [f.tolist() for f in fitted],
                },
            )
        return np.asarray(point)

    def _options(self) -> _core.GPEIOptions:
        options = _core.GPEIOptions()
        options.kernel = _KERNELS[self._kernel]
        options.acquisition = _ACQUISITIONS[self._acquisition]
        options.deterministic_objective = self._deterministic_objective
        options.n_candidates = self._n_candidates
        options.n_threads = min(self._n_threads, 1 << 16)
        return options


def _warn_fit_failed(error: Exception) -> None:
    _logger.warning(
        f"GPEISampler could not fit its model ({error}); this trial's parameters are sampled by "
        "the independent sampler."
    )


def _stored_hyperparameters(
    completed: list[FrozenTrial], names: tuple[str, ...], kernel: str
) -> tuple[np.ndarray, int] | None:
    """The latest fit stored for this search space and kernel, if any trial holds one, with the
    number of observations it was fitted to (0 when not stored)."""
    for t in sorted(completed, key=lambda t: t.number, reverse=True):
        stored = t.system_attrs.get(HYPERPARAMETERS_ATTR)
        if not isinstance(stored, dict):
            continue
        if tuple(stored.get("names", ())) != names or stored.get("kernel") != kernel:
            continue
        values = _usable_log_values(stored.get("log_values"), len(names))
        if values is None:
            continue
        n_observations = stored.get("n_observations", 0)
        if isinstance(n_observations, bool) or not isinstance(n_observations, int):
            n_observations = 0
        return values, max(n_observations, 0)
    return None


def _stored_model_hyperparameters(
    completed: list[FrozenTrial], names: list[str], kernel: str, models: list[str]
) -> list[np.ndarray | None]:
    """The latest fits stored for these models, search space and kernel (None for a model whose
    stored values are unusable), or [] when no trial holds any."""
    for t in sorted(completed, key=lambda t: t.number, reverse=True):
        stored = t.system_attrs.get(MODEL_HYPERPARAMETERS_ATTR)
        if not isinstance(stored, dict):
            continue
        if (
            stored.get("names") != names
            or stored.get("kernel") != kernel
            or stored.get("models") != models
        ):
            continue
        log_values = stored.get("log_values")
        if not isinstance(log_values, list) or len(log_values) != len(models):
            continue
        return [_usable_log_values(values, len(names)) for values in log_values]
    return []


def _usable_log_values(values: Any, dimension: int) -> np.ndarray | None:
    """Stored log-hyperparameters as an array (length scales per dimension, then signal and
    noise variance), or None when they are not that."""
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return None
    if array.shape != (dimension + 2,) or not np.all(np.isfinite(array)):
        return None
    return array


def _levels_being_refit(study: Study, trial: FrozenTrial) -> set[int]:
    """Refit levels that other running trials of the trial's snapshot are fitting right now."""
    running = _optuna_compat.get_trials(study, (TrialState.RUNNING,), use_cache=True)
    levels = set()
    for t in running:
        n_observations = t.system_attrs.get(REFITTING_ATTR)
        if t.number != trial.number and isinstance(n_observations, int):
            levels.add(_core.refit_level(n_observations))
    return levels


def _store_point(
    study: Study, trial: FrozenTrial, space: EncodedSearchSpace, point: np.ndarray
) -> None:
    internal = space.decode_internal(point)
    _optuna_compat.set_trial_system_attr(
        study,
        trial,
        RELATIVE_PARAMS_ATTR,
        {name: float(value) for name, value in zip(space.names, internal)},
    )


def _nearly_equal(a: np.ndarray, b: np.ndarray, space: EncodedSearchSpace) -> bool:
    snapped = space.core.snap(np.stack([a, b]))
    return bool(np.all(np.abs(snapped[0] - snapped[1]) <= _SAME_POINT_TOLERANCE))


def _covers(params: dict[str, Any], space: EncodedSearchSpace) -> bool:
    """Whether params hold an admissible value of every dimension of `space`."""
    try:
        return all(
            name in params
            and _optuna_compat.contains(distribution, distribution.to_internal_repr(params[name]))
            for name, distribution in zip(space.names, space.distributions)
        )
    except ValueError:  # a categorical value that is not among the choices
        return False


def _pending_params(
    trials: list[FrozenTrial], current: FrozenTrial, space: EncodedSearchSpace
) -> list[dict[str, Any]]:
    """External params of the given trials (but `current`) that have a point in `space`: their
    params, completed by the relative params stored while they run."""
    pending = []
    for t in trials:
        if t.number == current.number:
            continue
        stored = t.system_attrs.get(RELATIVE_PARAMS_ATTR, {})
        params = {
            name: distribution.to_external_repr(stored[name])
            for name, distribution in zip(space.names, space.distributions)
            if name in stored
        }
        params.update(t.params)
        if _covers(params, space):
            pending.append(params)
    return pending
