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
from optuna_gfo._context import TrialContext
from optuna_gfo._gp_inputs import core_trials
from optuna_gfo._gp_inputs import Observations
from optuna_gfo._gp_inputs import StudyObserver
from optuna_gfo._search_space import EncodedSearchSpace
from optuna_gfo._validation import check_bool
from optuna_gfo._validation import check_choice
from optuna_gfo._validation import check_int

if TYPE_CHECKING:
    from optuna.distributions import BaseDistribution
    from optuna.study import Study

_logger = optuna.logging.get_logger(f"optuna.{__name__}")  # see optuna_gfo._base

# Estimated floating-point operations (_core.proposal_work) of one proposal from which it may take
# a minute or more: a warning then, once per sampler. benchmarks/proposal_work.py ran at 6e9 to
# 1.4e10 estimated operations per second on one core of the (loaded) development machine.
_LONG_PROPOSAL_WORK = 5e11
# Each candidate costs a posterior evaluation at every proposal, so a proposal's time grows
# linearly with their number: at this bound, 1.3-1.4 s over 200 observations of 8 floats on one
# thread of a busy 2-core machine (0.02 s at the default 512). Optuna's GPSampler scores 2048.
_MAX_CANDIDATES = 1 << 16
# Threads serve the local searches, of which there are a handful.
_MAX_THREADS = 1024
# The core's bound on counts; a model of a million trials would not fit in memory anyway.
_MAX_MODEL_TRIALS = 1 << 20
# Hyperparameters are fitted to at most this many trials, evenly spread over those the model
# sees: a refit at 1,000 observations took about 1.5 s of one core (20 evaluations of the
# marginal likelihood, each O(n^3)), at 512 about 0.3 s.
_MAX_FIT_TRIALS = 512

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
    """Bayesian optimization with a Gaussian process and log expected improvement, run in C++.

    The first ``n_startup_trials`` completed or pruned trials come from a shifted Sobol design.
    After that, each trial fits a Gaussian process (GP) per objective to the finished trials and
    proposes the maximizer of the acquisition function over the whole mixed search space (floats,
    log floats, stepped floats, ints, log ints, categoricals). Fitting and search run in C++ with
    the GIL released; Ctrl-C stops them (``KeyboardInterrupt``). Constraints, several objectives,
    failed and pruned trials, and parallel workers sharing one storage are part of the model, as
    the sections below say.

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
        Beyond 3,667 parameters (the end of Boost's Sobol table) the design's and the
        candidates' further coordinates are pseudo-random.

    Model:
        Objective values are sign-flipped for ``direction="maximize"``, ``inf`` values clipped to
        the extreme finite values, and the values standardized (divided by their largest
        magnitude first, so that any finite value, up to about 1.8e308, is fine), then warped:
        centred on their median, divided by their interquartile range, mapped by
        ``sign(v) * log(1 + |v|)`` and standardized again. The warp keeps the order of the values
        (the same best trial, the same Pareto front) but not the scale of a few extreme ones,
        which would otherwise flatten everything else in the model's eyes (heavy-tailed
        objectives such as Rosenbrock's or a diverging training run's loss); it is left out while
        some trial was pruned (see "Failed and pruned trials"). The kernel is
        Matérn 5/2 (``kernel="matern52"``) or squared exponential, with one length scale per
        parameter, a signal variance and a noise variance; categorical parameters enter it
        through a Hamming distance (0 when equal, 1 otherwise) with their own length scale. The
        hyperparameters maximize the log marginal likelihood plus weak log-normal priors, by
        L-BFGS with the analytic gradient (NLopt), warm-started from the previous fit. Beyond 100
        observations they are refit only once the observations have grown by 10% since the fit in
        use, and kept in between (details in docs/internals.md). With
        ``deterministic_objective=True`` the noise is held at a floor (1e-6 of the standardized
        variance) instead of fitted.

    Long studies:
        An exact GP costs O(n^3) per fit and O(n^2) per point scored in n observations. Two
        bounds keep a proposal's cost from growing with the study
        (benchmarks/results/scale_benchmark.md):

        - The hyperparameters are fitted to at most 512 of a model's observations, evenly spread
          over them; the posterior uses them all.
        - Past ``max_model_trials`` finished trials (1,000 by default), every model sees fewer
          than that many (from three quarters of it): the half of ``max_model_trials`` nearest
          to the best trials (the feasible Pareto front with several objectives, up to 8 of its
          trials) in the distance of the kernel's length scales, a local model where the search
          refines, as in trust-region BO; and a window of the most recent trials, where the
          search has just been. The window moves by a quarter of ``max_model_trials`` at a time
          and the nearest trials are chosen again only then, so that in between the models'
          factors are extended, not refactored. The points of all trials stay excluded as
          described under "Failed and pruned trials", and the refit schedule counts all of
          them.

        ``max_model_trials=None`` is the exact GP at any length: every fit and posterior on
        every finished trial. Each process encodes each finished trial once and keeps it, per
        study and search space, so the sampler's Python work per trial follows the new and
        running trials, not the study's length.

    Acquisition:
        Log expected improvement, computed in log space so that it stays informative where EI
        underflows to 0 (Ament et al., NeurIPS 2023, "Unexpected Improvements to Expected
        Improvement"); ``acquisition="ei"`` and ``"ucb"`` give the plain forms. It is maximized
        over ``n_candidates`` shifted Sobol candidates plus the best observed points and 512
        random perturbations of them (a normal step of 0.05 of each range); the best few are
        refined, on ``n_threads`` threads, by L-BFGS on the continuous coordinates
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
        Studies with several objectives (any number) get one GP per objective and maximize log
        expected hypervolume improvement over the feasible Pareto front. EHVI is exact, a sum
        over a decomposition into boxes of the region the front does not dominate (built from
        its local upper bounds, Lacour, Klamroth and Fonseca 2017), while that takes at most
        4,096 boxes; past that (long fronts in 5 or more objectives) it is estimated by
        quasi-Monte Carlo integration on 4,096 shifted Sobol points, whose cost does not grow
        with the front. The reference point comes from the standardized feasible values, as in
        Optuna's GPSampler, so the front does not depend on an objective's offset or units; it
        is finite whatever the values. Constraints combine with it as above.

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
          values). Neither are completed points with ``deterministic_objective=True``, nor once
          two completed trials at the same point got the same values (the objective has shown
          itself deterministic: on small integer and categorical spaces, log EI would otherwise
          keep proposing the best point). When no point of a finite search space is left, the
          trial falls back to the independent sampler with one warning.
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
        that must yield proposes again; after three yields (many workers proposing at once from
        the same fits can keep meeting on one maximizer) it takes its own point of the initial
        design, which no other trial proposes. Nothing the sampler needs for correctness lives
        only in one process: see "Stored attributes".

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
        Every argument is checked by the constructor: a bad one (of the wrong type, NaN, or
        out of the bounds below) raises a ``ValueError`` naming it (also a ``TypeError`` when
        the type is wrong). When a model cannot be fitted, a warning says so (the trial, the
        error) and that trial's parameters come from the independent sampler; the study goes
        on. A warning comes once when a proposal may take a minute or more (thousands of trials,
        many candidates or parameters). Warnings go through Optuna's logger
        (``optuna.optuna_gfo.*``), so
        ``optuna.logging.set_verbosity`` applies to them. The sampler pickles (its caches are
        rebuilt from the storage); ``reseed_rng()`` reseeds the per-trial random numbers and the
        independent sampler, while the Sobol design stays fixed so that the threads of one study
        share it.

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
        n_threads: Threads for the acquisition's search: scoring the candidates (in chunks of
            256) and the local searches (independent tasks, so the suggestions do not depend on
            it), 1 to 1024; ``None``: one per CPU core. The proposals of a study with many
            worker processes on one machine may want 1.
        constraints_func: A function of a finished trial returning its constraint values
            (feasible when all are <= 0), evaluated after each completed or pruned trial, as in
            Optuna's samplers: the way to give constraints on Optuna 4.x, deprecated in Optuna 5
            in favour of ``trial.set_constraint``.
        max_model_trials: Finished trials past which the models see a subset of this many (see
            "Long studies"), 4 to 2**20; ``None``: the exact GP whatever the study's length.
    """

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
        max_model_trials: int | None = 1000,
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
        self._max_model_trials = (
            0
            if max_model_trials is None
            else check_int("max_model_trials", max_model_trials, 4, _MAX_MODEL_TRIALS)
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
        # Trials that fell back to the independent sampler because no point was left or the model
        # could not be fitted: warned once, with the reason, in sample_relative, instead of once
        # per parameter with Optuna's (there misleading) dynamic-search-space warning.
        self._fallback_trials: set[int] = set()
        self._warned_long_proposal = False
        # Per study and search space, the finished trials this process has seen, encoded once
        # (_gp_inputs.StudyObserver). The dict is guarded by self._lock, the observers by
        # self._propose_lock.
        self._observers: dict[tuple[Any, ...], StudyObserver] = {}

    _LOCKS = ("_lock", "_propose_lock")
    _CACHES: dict[str, Any] = {
        "_fits": {},
        "_snapshot_proposals": {},
        "_fallback_trials": set(),
        "_observers": {},
    }

    def infer_relative_search_space(
        self, study: Study, trial: FrozenTrial
    ) -> dict[str, BaseDistribution]:
        with self._lock:
            self._snapshot_proposals[threading.get_ident()] = self._proposals
        return super().infer_relative_search_space(study, trial)

    def _past_startup(self, study: Study, trial: FrozenTrial) -> bool:
        with self._lock:
            if trial.number in self._fallback_trials:
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
            trials = _optuna_compat.get_trials(study, None, use_cache=snapshot_is_fresh)
            observations = self._observer(study, space).observations(trials, trial)
            finished = observations.finished
            # Pruned trials count as in TPESampler: under a pruner most trials may never complete.
            n_startup = finished.n_completed + finished.n_pruned_with_params
            if finished.n_completed == 0 or n_startup < self._n_startup_trials:
                point = self._design_point(space, trial.number)
                _pending.store_point(context, point)
                _pending.mark_settled(context)
            else:
                proposal = self._propose(context, observations)
                if proposal is None:
                    return None
                propose = functools.partial(self._propose, context)
                point = _pending.settle(
                    context,
                    observations,
                    proposal,
                    propose,
                    functools.partial(self._design_point, space, trial.number),
                )
            with self._lock:
                self._proposals += 1
        return point

    def _observer(self, study: Study, space: EncodedSearchSpace) -> StudyObserver:
        """This process's view of the study's finished trials in this search space."""
        key = (_optuna_compat.study_identity(study), *space.names, *map(str, space.distributions))
        with self._lock:
            observer = self._observers.get(key)
            if observer is None:
                observer = self._observers[key] = StudyObserver(study, space)
        return observer

    def _propose(self, context: TrialContext, observations: Observations) -> np.ndarray | None:
        """The core's proposal; None when the trial falls back to the independent sampler."""
        study, trial, space = context.study, context.trial, context.space
        inputs = observations.finished.inputs()
        key = tuple(space.names)
        with self._lock:
            own = dict(self._fits.get(key, {}))
        stored = _fit_store.stored_fits(
            observations.finished.trials_with_fits, space.names, self._kernel, inputs.models
        )
        options = self._options()
        n_modelled = len(inputs.outcomes)
        if self._max_model_trials:
            n_modelled = min(n_modelled, self._max_model_trials)
        self._warn_if_long(
            n_modelled + len(observations.pending),
            len(space),
            len(inputs.models),
            options,
        )
        try:
            proposal = _core.propose_gp(
                space.core,
                *core_trials(space, observations, inputs),
                options,
                _fit_store.warm_starts(inputs.models, own, stored),
                self._next_seed(),
            )
        except _core.NumericalError as error:
            _logger.warning(
                f"GPEISampler could not fit its Gaussian-process model for trial {trial.number} "
                f"({error}). This trial's parameters are sampled by the independent sampler "
                f"({type(self._independent_sampler).__name__}) instead; the next trial fits the "
                "model again."
            )
            with self._lock:
                self._fallback_trials.add(trial.number)
            return None
        if proposal.exhausted:
            _logger.warning(
                f"GPEISampler has no point left to propose for trial {trial.number}: every point "
                "of the finite search space has been evaluated (deterministic_objective=True) or "
                "belongs to a failed or pruned trial. Its parameters are sampled by the "
                f"independent sampler ({type(self._independent_sampler).__name__})."
            )
            with self._lock:
                self._fallback_trials.add(trial.number)
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
            self._fallback_trials.discard(trial.number)
        super().after_trial(study, trial, state, values)

    def _warn_if_long(
        self, n_observations: int, dimension: int, n_models: int, options: _core.GPEIOptions
    ) -> None:
        """Warn once per sampler when a proposal may take minutes (see _LONG_PROPOSAL_WORK)."""
        work = _core.proposal_work(n_observations, dimension, n_models, options)
        with self._lock:
            if work < _LONG_PROPOSAL_WORK or self._warned_long_proposal:
                return
            self._warned_long_proposal = True
        _logger.warning(
            f"GPEISampler's proposals may take minutes each from now on: {n_observations} "
            f"trials, {dimension} parameters, {n_models} model(s) and n_candidates="
            f"{options.n_candidates} make about {work:.1e} floating-point operations per trial "
            "(the fits grow as trials ** 3). Fewer parameters, a smaller n_candidates or a new "
            "study seeded with the best trials (enqueue_trial) keep them short; Ctrl-C stops "
            "a proposal."
        )

    def _options(self) -> _core.GPEIOptions:
        options = _core.GPEIOptions()
        options.kernel = _KERNELS[self._kernel]
        options.acquisition = _ACQUISITIONS[self._acquisition]
        options.deterministic_objective = self._deterministic_objective
        options.n_candidates = self._n_candidates
        options.n_threads = self._n_threads
        options.max_model_observations = self._max_model_trials
        options.max_fit_observations = _MAX_FIT_TRIALS if self._max_model_trials else 0
        return options
