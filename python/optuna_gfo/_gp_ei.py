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
from optuna.study import StudyDirection
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _fit_store
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
_MAX_YIELDS = 3
_OUTCOMES = {
    TrialState.COMPLETE: _core.TrialOutcome.COMPLETED,
    TrialState.PRUNED: _core.TrialOutcome.PRUNED,
    TrialState.FAIL: _core.TrialOutcome.FAILED,
}
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
    """Bayesian optimization with a Gaussian process and log expected improvement, run in C++.

    The first ``n_startup_trials`` completed or pruned trials come from a shifted Sobol design.
    After that, each trial fits a Gaussian process (GP) per objective to the finished trials and
    proposes the maximizer of the acquisition function over the whole mixed search space (floats,
    log floats, stepped floats, ints, log ints, categoricals). Fitting and search run in C++ with
    the GIL released. Constraints, 2 to 4 objectives, failed and pruned trials, and parallel
    workers sharing one storage are part of the model, as the sections below say.

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

    Search space:
        The intersection of the completed trials' search spaces (Optuna's
        ``IntersectionSearchSpace``), without single-valued distributions. Other parameters (the
        first trial's, conditional ones) go to ``independent_sampler``. Every proposed value is
        admissible: in range, on the step grid, a valid choice. Integers are exact over the whole
        int64 range: the objective gets the Python int ``low + k * step``. A grid of more than
        ``2**52`` values (``suggest_int("seed", 0, 2**63 - 1)``, a log int up to 1e18) is
        modelled on a lattice of ``2**51 + 1`` evenly spaced coordinates (in log space for log
        ints), and the value proposed is the nearest grid value whose float Optuna accepts.

    Model:
        Objective values are sign-flipped for ``direction="maximize"``, ``inf`` values clipped to
        the extreme finite values, and the values standardized. The kernel is Matérn 5/2
        (``kernel="matern52"``) or squared exponential, with one length scale per parameter, a
        signal variance and a noise variance; categorical parameters enter it through a Hamming
        distance (0 when equal, 1 otherwise) with their own length scale. The hyperparameters
        maximize the log marginal likelihood plus weak log-normal priors, by L-BFGS with the
        analytic gradient (NLopt), warm-started from the previous fit. Beyond 100 observations
        they are refit only once the observations have grown by 10% since the fit in use, and
        kept in between (details in docs/internals.md). With ``deterministic_objective=True`` the
        noise is held at a floor (1e-6 of the standardized variance) instead of fitted.

    Acquisition:
        Log expected improvement, computed in log space so that it stays informative where EI
        underflows to 0 (Ament et al., NeurIPS 2023, "Unexpected Improvements to Expected
        Improvement"); ``acquisition="ei"`` and ``"ucb"`` give the plain forms. It is maximized
        over ``n_candidates`` shifted Sobol candidates plus the best observed points; the best
        few are refined, on ``n_threads`` threads, by L-BFGS on the continuous coordinates
        alternating with a search of each integer, stepped and categorical coordinate. Whenever
        the acquisition has several terms (constraints, several objectives, trials that did not
        complete) it is log EI or log EHVI plus log probabilities, whatever ``acquisition`` says.

    Constraints:
        Constraint values given by ``trial.set_constraint(key, value)`` (Optuna 5) or
        ``constraints_func`` (feasible when every value is <= 0; a missing value counts as
        satisfied, as in Optuna) get one GP each, fitted like the objective's. The acquisition
        becomes log EI over the best feasible value plus the log probability that each
        constraint holds; while no trial is feasible, only the probability of feasibility is
        maximized. These terms stay finite far from the feasible region.

    Several objectives:
        Studies with 2 to 4 objectives get one GP per objective and maximize log expected
        hypervolume improvement, computed exactly over a box decomposition of the region that the
        feasible Pareto front does not dominate; its cost grows as (front size + 1) **
        (objectives - 1) boxes. The reference point comes from the standardized feasible values,
        as in Optuna's GPSampler, so the front does not depend on an objective's offset or units.
        Constraints combine with it as above. More objectives raise ``ValueError`` (use
        ``GASampler`` or Optuna's ``NSGAIISampler``).

    Failed and pruned trials:
        Failed trials (``nan`` values included, which Optuna marks failed) and pruned trials are
        never observations at a good value: they repel, never attract.

        - Every finished trial enters a "completion" GP, a regression on the label 0 (completed)
          or 1 (failed or pruned); the log probability that the label stays under 1/2 joins the
          acquisition like a constraint's, so a region where trials crash or get pruned is
          avoided, not merely not attracted.
        - A pruned trial also joins the objective's GP at a value imputed from its rank: ``q``,
          the share of the completed trials that reported a better intermediate value at the
          last step it reached (1 when unknown). The value is the ``max(q, 1/2)``-quantile of the
          completed trials' standardized values plus a penalty growing from 0 at ``q = 1/2`` to
          one standard deviation at ``q = 1``: a trial the pruner stopped is at best a median
          one, and one that ranked last (a diverging run) is worse than every completed trial.
          This is TPESampler's ranking of pruned trials carried over to a regression model.
        - Pruned trials count towards ``n_startup_trials``, as in TPESampler: under a pruner most
          trials may never complete.
        - The points of failed and pruned trials are not proposed again, nor nearly equal ones
          (within 1e-4 in every normalized continuous coordinate, equal grid and categorical
          values); with ``deterministic_objective=True`` neither are completed points. When no
          point of a finite search space is left, the trial falls back to the independent
          sampler with one warning.
        - Enqueued trials are evaluated as given, then used like any other trial.

    Parallel trials:
        Running trials (other threads of ``study.optimize(n_jobs=k)``, other processes on the
        same storage) are the only pending points. Each objective's GP takes them at its own
        posterior mean ("Kriging believer", as Optuna's GPSampler does): the model's belief is
        unchanged, only its uncertainty shrinks there, so a running trial never makes a region
        look better than the model believes it is. A pending point disappears when its trial
        ends. Running trials' points are not proposed again, unless they cover what is left of a
        finite space. Two workers that propose at the same instant cannot see each other's
        point: after storing its point, each looks at the running trials once more, and the one
        that must yield proposes again. Nothing the sampler needs for correctness lives only in
        one process: see "Stored attributes".

    Stored attributes:
        Trial system attributes, visible in ``study.trials_dataframe()``:

        - ``optuna_gfo:relative_params``: the trial's proposed point (Optuna's internal
          representation), stored before the objective runs, so that other workers see it as
          pending.
        - ``optuna_gfo:settled``: ``True`` once that point is final (see "Parallel trials").
        - ``optuna_gfo:gp_fit``: on a trial whose proposal refit a model, the fits of every model
          (``objective:<index>``, ``constraint:<name>``, ``completion``): a version, the
          parameter names, the kernel, and per model its log hyperparameters and the number of
          observations they were fitted to. A new worker or a resumed study warm-starts from the
          latest fit instead of fitting from scratch, and workers share each other's refits.
          Fits stored by earlier versions (``optuna_gfo:gp_hyperparameters``,
          ``optuna_gfo:gp_model_hyperparameters``) are still read.

    Errors:
        Bad arguments raise ``ValueError`` or ``TypeError`` naming the argument; a study with
        more than 4 objectives raises ``ValueError`` at its first trial. When a model cannot be
        fitted, a warning says so and that trial's parameters come from the independent sampler;
        the study goes on. Warnings go through Optuna's logger (``optuna.optuna_gfo.*``), so
        ``optuna.logging.set_verbosity`` applies to them. The sampler pickles (its caches are
        rebuilt from the storage); ``reseed_rng()`` reseeds the per-trial random numbers and the
        independent sampler, while the Sobol design stays fixed so that the threads of one study
        share it.

    Args:
        seed: Seed of the sampler's random numbers; the same seed gives the same suggestions.
        n_startup_trials: Completed or pruned trials (as in TPESampler) sampled by the Sobol
            design before the GP takes over.
        kernel: ``"matern52"`` (default) or ``"squared_exponential"``.
        acquisition: ``"logei"`` (log expected improvement, default), ``"ei"`` or ``"ucb"``.
        deterministic_objective: Hold the GP's noise at a tiny floor instead of fitting it, and
            never propose a completed point again; for objectives that return the same value for
            the same parameters.
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
            # Pruned trials count towards the startup trials (as in TPESampler: under a pruner
            # most trials may never complete); the model needs one completed trial.
            n_pruned = sum(
                t.state == TrialState.PRUNED and names <= t.params.keys() for t in trials
            )
            if not completed or len(completed) + n_pruned < self._n_startup_trials:
                point = self._design_point(space, trial.number)
                _store_point(study, trial, space, point)
                _optuna_compat.set_trial_system_attr(study, trial, SETTLED_ATTR, True)
            else:
                # Pruned and failed trials are not observations at a value but tell the model
                # where trials do not complete; running trials are pending points.
                not_completed = [
                    t for t in trials if t.state in (TrialState.PRUNED, TrialState.FAIL)
                ]
                finished = [(t, t.params) for t in completed]
                finished += _trials_with_points(not_completed, trial, space)
                # Oldest first, so that new observations come last and the cached Gram factors
                # are extended instead of refactored.
                finished.sort(key=lambda f: (f[0].datetime_complete or _NO_DATE, f[0].number))
                running = [t for t in trials if t.state == TrialState.RUNNING]
                pending = _pending_params(running, trial, space)
                proposal = self._propose(study, trial, space, finished, pending)
                if proposal is None:
                    return {}
                point = self._settle(study, trial, space, finished, pending, proposal)
            with self._lock:
                self._proposals += 1
        return space.decode(point)

    def _settle(
        self,
        study: Study,
        trial: FrozenTrial,
        space: EncodedSearchSpace,
        finished: list[tuple[FrozenTrial, dict[str, Any]]],
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
        seen = {t.number for t, _ in finished}
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
            proposal = self._propose(study, trial, space, finished, pending)
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
        finished: list[tuple[FrozenTrial, dict[str, Any]]],
        pending: list[dict[str, Any]],
    ) -> np.ndarray | None:
        """The core's proposal from the finished trials (with their points' params) and the
        running ones' params; None when the trial falls back to the independent sampler."""
        trials = [t for t, _ in finished]
        completed = [t for t in trials if t.state == TrialState.COMPLETE]
        is_completed = np.array([t.state == TrialState.COMPLETE for t in trials])
        outcomes = [_OUTCOMES[t.state] for t in trials]
        objectives = np.full((len(trials), len(study.directions)), np.nan)
        objectives[is_completed] = minimized_values(study, completed)
        constraint_names, completed_constraints = constraint_values(completed)
        constraints = np.full((len(trials), len(constraint_names)), np.nan)
        constraints[is_completed] = completed_constraints
        models = [f"objective:{j}" for j in range(objectives.shape[1])]
        models += [f"constraint:{name}" for name in constraint_names]
        if not all(is_completed):
            models.append("completion")
        key = tuple(space.names)
        with self._lock:
            own = dict(self._fits.get(key, {}))
        stored = _fit_store.stored_fits(trials, space.names, self._kernel, models)
        # Another process may have refitted since this one did: the fit to more observations
        # wins (this process's own on a tie: it carries the Gram factor).
        warm_starts = [
            max(
                (fit for fit in (own.get(model), stored.get(model)) if fit is not None),
                key=lambda fit: fit.n_observations,
                default=None,
            )
            for model in models
        ]
        try:
            proposal = _core.propose_gp(
                space.core,
                space.encode_params([params for _, params in finished]),
                outcomes,
                objectives,
                constraints,
                _pruned_ranks(study, trials, completed),
                space.encode_params(pending),
                self._options(),
                warm_starts,
                self._next_seed(),
            )
        except _core.NumericalError as error:
            _warn_fit_failed(error)
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
        fits = dict(zip(models, proposal.models))
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
        options.n_threads = min(self._n_threads, 1 << 16)
        return options


def _warn_fit_failed(error: Exception) -> None:
    _logger.warning(
        f"GPEISampler could not fit its model ({error}); this trial's parameters are sampled by "
        "the independent sampler."
    )


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


def _trials_with_points(
    trials: list[FrozenTrial], current: FrozenTrial, space: EncodedSearchSpace
) -> list[tuple[FrozenTrial, dict[str, Any]]]:
    """The given trials (but `current`) that have a point in `space`, with its external params:
    their params, completed by the relative params stored while they ran (a trial may fail or
    be pruned before it has suggested every parameter)."""
    found = []
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
            found.append((t, params))
    return found


def _pending_params(
    trials: list[FrozenTrial], current: FrozenTrial, space: EncodedSearchSpace
) -> list[dict[str, Any]]:
    """External params of the given trials (but `current`) that have a point in `space`."""
    return [params for _, params in _trials_with_points(trials, current, space)]


def _pruned_ranks(
    study: Study, trials: list[FrozenTrial], completed: list[FrozenTrial]
) -> np.ndarray:
    """Per trial, NaN unless it was pruned: then the share of the completed trials that reported
    a better value at the last step it reached (NaN when none reported at that step, or in
    studies of several objectives, which have no intermediate values). The core turns it into
    the pruned trial's imputed value (see gfo/gp_proposal.hpp)."""
    ranks = np.full(len(trials), np.nan)
    if len(study.directions) != 1:
        return ranks
    sign = -1.0 if study.direction == StudyDirection.MAXIMIZE else 1.0
    for row, t in enumerate(trials):
        step = t.last_step
        if t.state != TrialState.PRUNED or step is None:
            continue
        value = sign * t.intermediate_values[step]
        at_step = [
            sign * c.intermediate_values[step] for c in completed if step in c.intermediate_values
        ]
        if at_step and not np.isnan(value):
            ranks[row] = float(np.mean(np.asarray(at_step) < value))
    return ranks
