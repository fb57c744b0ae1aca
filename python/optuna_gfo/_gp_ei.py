"""GPEISampler: Gaussian-process Bayesian optimization whose model and search run in C++."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
import functools
import threading
from typing import Any
from typing import Literal
from typing import TYPE_CHECKING

import numpy as np
import optuna
from optuna.samplers import BaseSampler
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _fit_store
from optuna_gfo import _optuna_compat
from optuna_gfo import _pending
from optuna_gfo._base import RelativeSampler
from optuna_gfo._context import Observations
from optuna_gfo._context import sort_oldest_first
from optuna_gfo._context import TrialContext
from optuna_gfo._context import trials_in_space
from optuna_gfo._gp_inputs import gp_inputs
from optuna_gfo._validation import check_bool
from optuna_gfo._validation import check_choice
from optuna_gfo._validation import check_int

if TYPE_CHECKING:
    from optuna.distributions import BaseDistribution
    from optuna.study import Study

_logger = optuna.logging.get_logger(f"optuna.{__name__}")  # see optuna_gfo._base

_STATES_TO_READ = (TrialState.COMPLETE, TrialState.RUNNING, TrialState.PRUNED, TrialState.FAIL)
# Each candidate costs a posterior evaluation at every proposal, so a proposal's time grows
# linearly with their number: at this bound, 1.3-1.4 s over 200 observations of 8 floats on one
# thread of a busy 2-core machine (0.02 s at the default 512). Optuna's GPSampler scores 2048.
_MAX_CANDIDATES = 1 << 16
# Threads serve the local searches, of which there are a handful.
_MAX_THREADS = 1024

Kernel = Literal["matern52", "squared_exponential"]
Acquisition = Literal["logei", "ei", "ucb"]
_KERNELS: dict[str, _core.KernelType] = {
    "matern52": _core.KernelType.MATERN52,
    "squared_exponential": _core.KernelType.SQUARED_EXPONENTIAL,
}
_ACQUISITIONS: dict[str, _core.AcquisitionType] = {
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

    The first ``n_startup_trials`` completed or pruned trials are a shifted Sobol design. After
    that, each trial fits a GP (Matérn 5/2 or squared-exponential kernel, one length scale per
    parameter, categorical parameters through a Hamming distance) to the completed trials by
    maximizing the marginal likelihood with weak priors, and proposes the maximizer of the
    acquisition function over the whole mixed space. Fitting and search run in C++ with the GIL released.

    Constraints (``trial.set_constraint`` on Optuna 5, or ``constraints_func``; feasible when
    every value is <= 0) get one GP each, and the acquisition becomes log EI over the best
    feasible value plus the log probability that every constraint holds; while no trial is
    feasible, the probability of feasibility alone is maximized. Studies with 2 to 4 objectives
    get one GP per objective and maximize log expected hypervolume improvement (exact box
    decomposition of the region the feasible Pareto front does not dominate; the reference point
    comes from the standardized feasible values, as in Optuna's GPSampler, so the front does not
    depend on an objective's offset or units). Its cost grows as (front size + 1) **
    (objectives - 1) boxes. Whenever the acquisition has several terms it is log EI / log EHVI
    plus log probabilities, whatever ``acquisition`` says.

    Trials that do not complete repel, never attract. Failed and pruned trials enter a GP of the
    probability that a trial completes (a 0/1 label), whose log probability joins the
    acquisition like a constraint's; a pruned trial also enters the objective's GP at a value
    imputed from its rank among the completed trials at the last step it reached (never better
    than their median; worse than all of them when it ranked last, as a diverging run does).
    Their exact points are not proposed again. Trials still running (other threads, other
    processes sharing the storage) are the only pending points: each objective's GP takes them
    at its own posterior mean ("Kriging believer"), so they make no region look better than the
    model believes it is, and their points are not proposed twice. ``inf`` values are clipped to
    the worst/best finite value. With ``deterministic_objective=True`` a completed point is never
    proposed again; once every point of a finite search space has been evaluated, trials fall
    back to the independent sampler with a warning.

    Every argument is checked here: a ``ValueError`` names a bad one (of the wrong type, NaN, or
    out of the bounds below).

    Args:
        seed: Seed of the sampler's random numbers, in [0, 2**32); the same seed gives the same
            suggestions.
        n_startup_trials: Completed or pruned trials (as in TPESampler) sampled by the Sobol
            design before the GP takes over; >= 0.
        kernel: ``"matern52"`` (default) or ``"squared_exponential"``.
        acquisition: ``"logei"`` (log expected improvement, default), ``"ei"`` or ``"ucb"``.
        deterministic_objective: Hold the GP's noise at a tiny floor instead of fitting it, and
            never propose a completed point again; for objectives that return the same value for
            the same parameters.
        independent_sampler: Sampler for parameters outside the relative search space (dynamic
            search spaces, the first trial). Defaults to :class:`~optuna.samplers.RandomSampler`.
        warn_independent_sampling: Log a warning when a parameter is sampled by the independent
            sampler after the startup trials.
        n_candidates: Sobol candidates scored before the best few are refined by local search;
            1 to 65536 (the cost of a proposal grows linearly with it).
        n_threads: Threads for the local searches of the acquisition's maximum (they are
            independent, so the suggestions do not depend on it), 1 to 1024; ``None``: one per
            CPU core.
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
        kernel: Kernel = "matern52",
        acquisition: Acquisition = "logei",
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
        self._deterministic_objective = check_bool(
            "deterministic_objective", deterministic_objective
        )
        self._n_candidates = check_int("n_candidates", n_candidates, 1, _MAX_CANDIDATES)
        self._n_threads = (
            0 if n_threads is None else check_int("n_threads", n_threads, 1, _MAX_THREADS)
        )
        self._propose_lock = threading.Lock()
        # The last proposal's fit of every model (objectives, constraints, completion) per search
        # space: hyperparameters, the number of observations they were fitted to and the Gram
        # factor, extended by new observations while the hyperparameters are kept. A warm start,
        # never needed for correctness; not picklable, dropped on pickling. Guarded by self._lock.
        self._fits: dict[tuple[str, ...], dict[str, _core.GPModelState]] = {}
        # Proposals stored by this process, and their count when each thread last read its
        # trial's snapshot of the study (by thread ident).
        self._proposals = 0
        self._snapshot_proposals: dict[int, int] = {}
        # Trials that fell back to the independent sampler because no point was left (warned
        # once, in sample_relative, instead of once per parameter).
        self._exhausted_trials: set[int] = set()

    _LOCKS = ("_lock", "_propose_lock")
    _CACHES: dict[str, Any] = {"_fits": {}, "_snapshot_proposals": {}, "_exhausted_trials": set()}

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        with self._lock:
            self._snapshot_proposals[threading.get_ident()] = self._proposals
        return super().infer_relative_search_space(study, trial)

    def _past_startup(self, study: Study, trial: FrozenTrial) -> bool:
        with self._lock:
            if trial.number in self._exhausted_trials:
                return False  # already warned, with the reason
        # Pruned trials count as in TPESampler: under a pruner most trials may never complete.
        finished = _optuna_compat.get_trials(
            study, (TrialState.COMPLETE, TrialState.PRUNED), use_cache=True
        )
        return len(finished) >= self._n_startup_trials

    def _propose_point(self, context: TrialContext) -> np.ndarray | None:
        study, trial, space = context.study, context.trial, context.space
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
            completed = trials_in_space(trials, TrialState.COMPLETE, space)
            n_pruned = len(trials_in_space(trials, TrialState.PRUNED, space))
            if not completed or len(completed) + n_pruned < self._n_startup_trials:
                point = self._design_point(space, trial.number)
                _pending.store_point(context, point)
                _pending.mark_settled(context)
            else:
                observations = _observations(context, trials, completed)
                proposal = self._propose(context, observations)
                if proposal is None:
                    return None
                propose = functools.partial(self._propose, context)
                point = _pending.settle(context, observations, proposal, propose)
            with self._lock:
                self._proposals += 1
        return point

    def _propose(self, context: TrialContext, observations: Observations) -> np.ndarray | None:
        """The core's proposal; None when the trial falls back to the independent sampler."""
        study, trial, space = context.study, context.trial, context.space
        trials = observations.trials
        inputs = gp_inputs(study, trials)
        key = tuple(space.names)
        with self._lock:
            own = dict(self._fits.get(key, {}))
        stored = _fit_store.stored_fits(trials, space.names, self._kernel, inputs.models)
        try:
            proposal = _core.propose_gp(
                space.core,
                space.encode_params(observations.params),
                inputs.outcomes,
                inputs.objectives,
                inputs.constraints,
                inputs.pruned_ranks,
                space.encode_params(observations.pending),
                self._options(),
                _fit_store.warm_starts(inputs.models, own, stored),
                self._next_seed(),
            )
        except _core.NumericalError as error:
            _logger.warning(
                f"GPEISampler could not fit its model ({error}); this trial's parameters are "
                "sampled by the independent sampler."
            )
            return None
        if proposal.exhausted:
            _logger.warning(
                f"GPEISampler has no point left to propose for trial {trial.number}: every point "
                "of the finite search space has been evaluated (deterministic_objective=True) or "
                "belongs to a failed or pruned trial. Its parameters are sampled by the "
                f"independent sampler ({type(self._independent_sampler).__name__})."
            )
            with self._lock:
                self._exhausted_trials.add(trial.number)
            return None
        fits = dict(zip(inputs.models, proposal.models))
        with self._lock:
            self._fits[key] = fits
        if proposal.refitted:
            _optuna_compat.set_trial_system_attr(
                study,
                trial,
                _fit_store.FIT_ATTR,
                _fit_store.fit_record(space.names, self._kernel, fits),
            )
        return np.asarray(proposal.point)

    def after_trial(
        self,
        study: Study,
        trial: FrozenTrial,
        state: TrialState,
        values: Sequence[float] | None,
    ) -> None:
        with self._lock:
            self._exhausted_trials.discard(trial.number)
        super().after_trial(study, trial, state, values)

    def _options(self) -> _core.GPEIOptions:
        options = _core.GPEIOptions()
        options.kernel = _KERNELS[self._kernel]
        options.acquisition = _ACQUISITIONS[self._acquisition]
        options.deterministic_objective = self._deterministic_objective
        options.n_candidates = self._n_candidates
        options.n_threads = self._n_threads
        return options


def _observations(
    context: TrialContext, trials: list[FrozenTrial], completed: list[FrozenTrial]
) -> Observations:
    """Pruned and failed trials are not observations at a value but tell the model where trials
    do not complete; running trials are pending points."""
    not_completed = [t for t in trials if t.state in (TrialState.PRUNED, TrialState.FAIL)]
    finished = [(t, t.params) for t in completed]
    finished += _pending.trials_with_points(not_completed, context.trial, context.space)
    running = [t for t in trials if t.state == TrialState.RUNNING]
    return Observations(
        sort_oldest_first(finished),
        _pending.pending_params(running, context.trial, context.space),
    )
