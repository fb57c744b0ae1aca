"""GASampler: a genetic algorithm whose operators run in C++, with generations kept in storage."""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from typing import Literal
from typing import TYPE_CHECKING

import numpy as np
from optuna.samplers import BaseSampler
from optuna.trial import FrozenTrial
from optuna.trial import TrialState

from optuna_gfo import _core
from optuna_gfo import _optuna_compat
from optuna_gfo._base import constraint_values
from optuna_gfo._base import minimized_values
from optuna_gfo._base import RelativeSampler
from optuna_gfo._context import TrialContext
from optuna_gfo._search_space import EncodedSearchSpace
from optuna_gfo._surrogate import ChildChooser
from optuna_gfo._validation import check_bool
from optuna_gfo._validation import check_choice
from optuna_gfo._validation import check_float
from optuna_gfo._validation import check_int
from optuna_gfo._validation import check_probability

if TYPE_CHECKING:
    from optuna.study import Study

GENERATION_ATTR = "optuna_gfo:ga:generation"
PARENTS_ATTR = "optuna_gfo:ga:parents"
# Children bred per trial at most while they land on pruned, failed or running trials' points.
_MAX_BREEDS = 10
# A child repeats a point when their core coordinates differ by no more than the round-off of
# encoding: a copy of a parent, or the same grid values. A continuous child a hair away from a
# pruned point is another point (unlike GPEISampler's rival check, which merges two maximizers).
_REPEAT_TOLERANCE = 1e-9

# Upper bounds that keep one breeding at microseconds: tournament contestants and crossover cuts
# are random draws each (beyond a pool's size, more contestants only make the best win surely;
# beyond the genes, more cuts are no more cuts).
_MAX_DRAWS = 1 << 16
_MAX_POPULATION = 1 << 20
# Children a model scores per trial: beyond a few thousand its choice is GP-BO over the children.
_MAX_CANDIDATES = 1 << 12
# Distribution indices past this make SBX and polynomial mutation copy the parent (the spread
# shrinks as 1 / eta); BLX-alpha and Gaussian mutation past these reach so far beyond the
# unit range that nearly every draw is redrawn or reflected.
_MAX_ETA = 1e6
_MAX_BLX_ALPHA = 100.0
_MAX_SIGMA = 100.0

Selection = Literal["tournament", "roulette"]
Crossover = Literal["uniform", "single_point", "multi_point", "sbx", "blx_alpha"]
Mutation = Literal["gaussian", "polynomial"]
_SELECTIONS = {
    "tournament": _core.SelectionKind.TOURNAMENT,
    "roulette": _core.SelectionKind.ROULETTE,
}
_CROSSOVERS = {
    "uniform": _core.CrossoverKind.UNIFORM,
    "single_point": _core.CrossoverKind.SINGLE_POINT,
    "multi_point": _core.CrossoverKind.MULTI_POINT,
    "sbx": _core.CrossoverKind.SBX,
    "blx_alpha": _core.CrossoverKind.BLX_ALPHA,
}
_MUTATIONS = {
    "gaussian": _core.MutationKind.GAUSSIAN,
    "polynomial": _core.MutationKind.POLYNOMIAL,
}


class GASampler(RelativeSampler):
    """A genetic algorithm over Optuna's mixed search spaces, breeding in C++.

    For rugged, mixed spaces such as architecture search: the search space encoded into genes, a
    population per generation, tournament or roulette selection, SBX / BLX-alpha / uniform /
    single-point / multi-point crossover, polynomial or Gaussian mutation, elitism, and NSGA-II's
    ranking for several objectives and constraints. Generations and lineage live in the study's
    storage, so resumed studies and many workers continue the same generations.

    Example:
        .. code-block:: python

            import optuna
            from optuna_gfo import GASampler

            def objective(trial):
                n_layers = trial.suggest_int("n_layers", 1, 12)
                width = trial.suggest_int("width", 64, 1024, step=64)
                activation = trial.suggest_categorical("activation", ["relu", "gelu", "silu"])
                lr = trial.suggest_float("lr", 1e-5, 1e-2, log=True)
                return (n_layers - 6) ** 2 + (width - 512) ** 2 / 1e4 + (activation != "gelu") + abs(lr - 3e-4)

            study = optuna.create_study(sampler=GASampler(population_size=20, seed=0))
            study.optimize(objective, n_trials=200)

    Genome:
        The search space's numeric encoding: real genes (floats, in log space for ``log=True``),
        integer and stepped genes (always on their grid) and categorical genes; every child is
        admissible. The relative search space is the intersection of the completed trials'
        search spaces; other parameters go to ``independent_sampler``. No operator clips, so no
        probability mass piles up on a bound: bounded SBX truncates its spread distribution at
        each bound (as Deb's NSGA-II code does), BLX-alpha draws on the widened interval cut to
        the bounds, polynomial mutation is Deb's bounded one and Gaussian mutation is redrawn
        until inside. Every draw comes from Boost.Random's distributions, whose algorithms are
        fixed, so a seed gives the same children with every C++ standard library.

    Generations:
        Generation 0 is a shifted Sobol design; enqueued trials count as its members, and so
        do completed trials that another sampler ran before this one took over the study. Each
        child of generation ``g + 1`` is bred from a pool made of the completed trials of
        generation ``g`` and the ``elite_size`` best completed trials of all generations up to
        ``g``: two parents are selected (tournament or roulette on ranks), crossed over with
        probability ``crossover_prob``, and mutated gene by gene with probability
        ``mutation_prob``; integer and stepped genes move by 1 to max(1, n/10) grid values,
        categorical genes switch to another choice. A child differs from its parents (unless the
        space is too small to allow it).

    Model-assisted breeding:
        Each trial breeds ``n_candidates`` children (32 by default) from the same pool, and a
        model of the study's trials chooses the one that is evaluated: GPEISampler's Gaussian
        processes and acquisition (log expected improvement, or log expected hypervolume
        improvement with several objectives, plus the log probabilities of feasibility and of
        completing), maximized over the children instead of the whole space. Selection,
        crossover, mutation and elitism still decide where children can land, so the population
        keeps its diversity; the model only decides which child is worth a trial. The model
        sees the 200 to 400 most recent finished trials (a window that moves by 200), so its
        cost per trial stops growing with the study (about 3 ms over trials 301-600 and over
        601-2,500 of a 10-parameter study); its hyperparameters are refitted each time the
        number of trials it sees has grown by a quarter. ``n_candidates=1`` is
        the plain genetic algorithm, the better choice for thousands of cheap trials of a very
        multimodal function. Measured on the tabular architecture benchmark and on standard
        functions in benchmarks/README.md.

    Steady state:
        With ``steady_state=True`` there are no generations: each trial is bred from the
        ``population_size`` best completed trials of the study at the moment it starts, so with
        many workers every new trial uses every result that has arrived. A trial's generation is
        then one more than its parents' (0 for the design trials, drawn while fewer than two
        trials have completed). Measured on one problem (3 seeds, benchmarks/README.md): with
        the model it ended lower than the generational mode (which never idles either) at 4
        and 8 workers and the same with 1; without the model it did not beat it. Off by
        default until more problems say the same.

    Several objectives and constraints:
        With several objectives (any number) or constraint values (``trial.set_constraint`` or
        ``constraints_func``), fitness is NSGA-II's: the members of the pool and the candidates
        for the elite are sorted into fronts of constrained non-domination (a feasible trial
        beats an infeasible one, a smaller total violation, the sum of the positive constraint
        values, beats a larger one, Pareto dominance decides among feasible ones; a missing
        constraint value counts as satisfied, as in Optuna), then by crowding distance within a
        front; selection and elitism use that order. A single objective with constraints follows
        the same rule; a single unconstrained objective is ranked by its value.

    Failed and pruned trials:
        Failed trials (``nan`` values included) and pruned trials never become parents, and are
        replaced by new members of their generation. A child that lands on the point of a
        pruned, failed or running trial is bred again (up to 10 children per trial), so in small
        discrete spaces a pruned configuration is not retried.

    Stored attributes:
        Each trial's system attributes hold ``optuna_gfo:ga:generation`` (its generation) and
        ``optuna_gfo:ga:parents`` (its parents' trial numbers: empty for a trial that was not
        bred, such as those of generation 0), mirrored under the same keys into its user
        attributes, which optuna-dashboard shows and ``study.trials_dataframe()`` lists
        (``lineage_user_attrs=False`` keeps them out). The generations are recovered from the
        storage, so a study resumed in a new process, or run by several processes on one
        SQLite/PostgreSQL/journal storage, continues them. A generation holds
        ``population_size`` trials that are complete or running. The threads of one process
        never overfill a generation; processes that start trials at the same instant can
        overfill one by at most one trial per extra process.

    Errors:
        Every argument is checked by the constructor: a bad one (of the wrong type, NaN, or
        out of the bounds below) raises a ``ValueError`` naming it (also a ``TypeError`` when
        the type is wrong). Warnings go through Optuna's logger (``optuna.optuna_gfo.*``). The
        sampler pickles (its caches are rebuilt from the storage); ``reseed_rng()`` reseeds the
        breeding and the independent sampler.

    Args:
        population_size: Trials per generation, 2 to 2**20. Default 20 (measured on the tabular
            architecture benchmark, 20 seeds: with the model, 10 and 20 found the best cell
            within 100 trials on every seed, 50 on 11 of 20).
        selection: ``"tournament"`` (default) or ``"roulette"`` (fitness-proportional on ranks).
        tournament_size: Contestants per tournament, 1 to 65536. Default 3 (measured in
            benchmarks/: 2 is too weak a selection pressure for populations of 50).
        crossover: ``"sbx"`` (default), ``"blx_alpha"``, ``"uniform"``, ``"single_point"`` or
            ``"multi_point"``. SBX and BLX-alpha act on real and integer genes; categorical genes
            are exchanged uniformly.
        crossover_prob: Probability that a child is a crossover of two parents rather than a copy
            of one, in [0, 1]. Default 0.9.
        n_crossover_points: Cut points of ``"multi_point"`` crossover, 1 to 65536. Default 2.
        sbx_eta: Distribution index of SBX (larger: children closer to their parents), in
            (0, 1e6]. Default 15.
        blx_alpha: How far beyond the parents BLX-alpha may reach, in [0, 100]. Default 0.5.
        mutation: Mutation of real genes: ``"polynomial"`` (default) or ``"gaussian"``. Integer
            genes take a bounded random step; categorical genes switch to another choice.
        mutation_prob: Per-gene mutation probability in [0, 1]; ``None`` (default) means
            1 / number of genes.
        gaussian_sigma: Standard deviation of Gaussian mutation on the unit scale, in (0, 100].
            Default 0.1.
        polynomial_eta: Distribution index of polynomial mutation, in (0, 1e6]. Default 20.
        elite_size: Best trials that stay in the breeding pool of every generation, 0 to
            ``population_size``; ``None`` (default) means ``max(1, population_size // 10)``.
        seed: Seed of the sampler's random numbers, in [0, 2**32); the same seed gives the same
            suggestions.
        independent_sampler: Sampler for parameters outside the relative search space.
            Defaults to :class:`~optuna.samplers.RandomSampler`.
        warn_independent_sampling: Log a warning when a parameter is sampled independently
            after generation 0.
        constraints_func: A function of a finished trial returning its constraint values
            (feasible when all are <= 0), evaluated after each completed or pruned trial, as in
            Optuna's samplers: the way to give constraints on Optuna 4.x, deprecated in Optuna 5
            in favour of ``trial.set_constraint``.
        steady_state: Breed every trial from the ``population_size`` best completed trials at
            that moment instead of by generations (for many parallel workers); a trial's
            generation is then one more than its parents'.
        lineage_user_attrs: Mirror the generation and parents into the trial's user attributes
            (under the same keys), which optuna-dashboard shows. Default ``True``.
        n_candidates: Children bred per trial, of which the model chooses the one evaluated, 1
            to 4096; 1 turns the model off. Default 32.
    """

    def __init__(
        self,
        *,
        population_size: int = 20,
        selection: Selection = "tournament",
        tournament_size: int = 3,
        crossover: Crossover = "sbx",
        crossover_prob: float = 0.9,
        n_crossover_points: int = 2,
        sbx_eta: float = 15.0,
        blx_alpha: float = 0.5,
        mutation: Mutation = "polynomial",
        mutation_prob: float | None = None,
        gaussian_sigma: float = 0.1,
        polynomial_eta: float = 20.0,
        elite_size: int | None = None,
        seed: int | None = None,
        independent_sampler: BaseSampler | None = None,
        warn_independent_sampling: bool = True,
        constraints_func: Callable[[FrozenTrial], Sequence[float]] | None = None,
        steady_state: bool = False,
        lineage_user_attrs: bool = True,
        n_candidates: int = 32,
    ) -> None:
        super().__init__(seed, independent_sampler, warn_independent_sampling, constraints_func)
        self._steady_state = check_bool("steady_state", steady_state)
        self._lineage_user_attrs = check_bool("lineage_user_attrs", lineage_user_attrs)
        self._population_size = check_int("population_size", population_size, 2, _MAX_POPULATION)
        self._n_candidates = check_int("n_candidates", n_candidates, 1, _MAX_CANDIDATES)
        self._elite_size = (
            max(1, self._population_size // 10)
            if elite_size is None
            else check_int("elite_size", elite_size, 0, self._population_size)
        )
        # Validated here, turned into the core's BreedOptions at each breeding (plain values
        # pickle; the extension's objects need not).
        self._breed_options: dict[str, Any] = {
            "selection": check_choice("selection", selection, _SELECTIONS),
            "tournament_size": check_int("tournament_size", tournament_size, 1, _MAX_DRAWS),
            "crossover": check_choice("crossover", crossover, _CROSSOVERS),
            "crossover_prob": check_probability("crossover_prob", crossover_prob),
            "n_crossover_points": check_int(
                "n_crossover_points", n_crossover_points, 1, _MAX_DRAWS
            ),
            "sbx_eta": check_float("sbx_eta", sbx_eta, 0.0, _MAX_ETA, open_minimum=True),
            "blx_alpha": check_float("blx_alpha", blx_alpha, 0.0, _MAX_BLX_ALPHA),
            "mutation": check_choice("mutation", mutation, _MUTATIONS),
            "mutation_prob": (
                -1.0 if mutation_prob is None else check_probability("mutation_prob", mutation_prob)
            ),
            "gaussian_sigma": check_float(
                "gaussian_sigma", gaussian_sigma, 0.0, _MAX_SIGMA, open_minimum=True
            ),
            "polynomial_eta": check_float(
                "polynomial_eta", polynomial_eta, 0.0, _MAX_ETA, open_minimum=True
            ),
        }
        # Generation assignment and breeding read the study and write the trial's attributes as
        # one step under self._lock, so the threads of one process never overfill a generation.
        # Process-local caches for one study at a time (see _known_generations).
        self._cache_key: tuple[int, int] | None = None
        self._generations: dict[int, int] = {}
        self._pool: _BreedingPool | None = None
        self._chooser = ChildChooser()

    # Whether, with several objectives or constraints, the whole first front (up to
    # population_size) is elite, as in NSGA-II, rather than elite_size of it. Measured with the
    # bounded operators (benchmarks/elitism_benchmark.py, 5 seeds, 600 trials): no better (ZDT1
    # 11.42 vs 11.48, ZDT2 10.84 vs 10.83, DTLZ2 14.94 vs 14.88) and a narrower front on two
    # parabolas, so elite_size it stays.
    _FRONT_ELITISM = False

    # Emptied on pickling; _known_generations refills them.
    _CACHES = {"_cache_key": None, "_generations": None, "_pool": None, "_chooser": ChildChooser()}

    @property
    def population_size(self) -> int:
        return self._population_size

    def _past_startup(self, study: Study, trial: FrozenTrial) -> bool:
        with self._lock:
            generation = self._known_generations(study).get(trial.number)
        if generation is None:
            generation = _optuna_compat.trial_system_attrs(study, trial).get(GENERATION_ATTR, 0)
        return int(generation) > 0

    def before_trial(self, study: Study, trial: FrozenTrial) -> None:
        if not self._steady_state:
            with self._lock:
                # Optuna reads the trial from storage just before this call.
                self._generation(study, trial, trial_is_fresh=True)
        super().before_trial(study, trial)

    def _sample_empty_space(self, study: Study, trial: FrozenTrial) -> None:
        with self._lock:
            if self._steady_state:
                self._store_lineage(study, trial, GENERATION_ATTR, 0)
            self._store_lineage(study, trial, PARENTS_ATTR, [])

    def _propose_point(self, context: TrialContext) -> np.ndarray:
        study, trial, space = context.study, context.trial, context.space
        with self._lock:
            if self._steady_state:
                pool: _BreedingPool | None = self._steady_state_pool(study, space)
            else:
                generation = self._generation(study, trial)
                pool = self._breeding_pool(study, generation, space) if generation > 0 else None
            # A steady-state trial's generation: one more than its parents' (design points: 0).
            depth = -1
            if pool is None or len(pool.numbers) < 2:
                child = self._design_point(space, trial.number)
                parents: list[int] = []
            else:
                children = self._breed_children(space, pool, context)
                chosen = 0
                if len(children) > 1:
                    seed = int(self._rng.randint(2**63, dtype=np.uint64))  # self._lock is held
                    genomes = np.array([c for c, _, _ in children])
                    chosen = self._chooser.choose(context, genomes, seed) or 0
                child, first, second = children[chosen]
                parents = sorted({pool.numbers[first], pool.numbers[second]})
                depth = max(pool.generations[first], pool.generations[second])
            if self._steady_state:
                self._store_lineage(study, trial, GENERATION_ATTR, depth + 1)
                self._known_generations(study)[trial.number] = depth + 1
            self._store_lineage(study, trial, PARENTS_ATTR, parents)
        return child

    def _breed_children(
        self, space: EncodedSearchSpace, pool: _BreedingPool, context: TrialContext
    ) -> list[tuple[np.ndarray, int, int]]:
        """Up to ``n_candidates`` children (with their parents' rows in the pool) that are not at
        the point of a pruned, failed or running trial: a pruned architecture would most likely
        be pruned again. A child at such a point is bred again (up to _MAX_BREEDS times per
        child); when every one is, the last one bred is kept. Called under self._lock."""
        taken = _points_of_unfinished_and_unsuccessful(context)
        options = self._core_options()
        children: list[tuple[np.ndarray, int, int]] = []
        for _ in range(self._n_candidates * _MAX_BREEDS):
            seed = int(self._rng.randint(2**63, dtype=np.uint64))
            bred, first, second = _core.breed(space.core, pool.genomes, pool.fitness, options, seed)
            last = (np.asarray(bred), first, second)
            if not _is_among(last[0], taken):
                children.append(last)
                if len(children) == self._n_candidates:
                    break
        return children or [last]

    def _store_lineage(self, study: Study, trial: FrozenTrial, key: str, value: Any) -> None:
        """A system attr of the trial, mirrored into its user attrs (which optuna-dashboard
        shows) unless ``lineage_user_attrs=False``."""
        _optuna_compat.set_trial_system_attr(study, trial, key, value)
        if self._lineage_user_attrs:
            _optuna_compat.set_trial_user_attr(study, trial, key, value)

    def _steady_state_pool(self, study: Study, space: EncodedSearchSpace) -> _BreedingPool:
        """The best ``population_size`` completed trials of the study, now."""
        names = set(space.names)
        completed = [
            t
            for t in _optuna_compat.get_trials(study, (TrialState.COMPLETE,), use_cache=True)
            if names <= t.params.keys()
        ]
        key = ("steady", tuple(space.names), len(completed))
        if self._pool is not None and self._pool.key == key:
            return self._pool
        rank = _ranking(study, completed)
        chosen = sorted(_core.elite_indices(rank(None), self._population_size))
        members = [completed[i] for i in chosen]
        self._pool = _BreedingPool(
            key=key,
            numbers=[t.number for t in members],
            genomes=space.encode_params([t.params for t in members]),
            fitness=rank(chosen),
            generations=[0 if g is None else g for g in self._generations_of(study, members)],
        )
        return self._pool

    def _known_generations(self, study: Study) -> dict[int, int]:
        """Trial number -> generation, for this study (a cache: generations never change)."""
        key = _optuna_compat.study_identity(study)
        if self._cache_key != key:
            self._cache_key = key
            self._generations = {}
            self._pool = None
        return self._generations

    def _generations_of(self, study: Study, trials: list[FrozenTrial]) -> list[int | None]:
        known = self._known_generations(study)
        generations: list[int | None] = []
        for t in trials:
            generation = known.get(t.number)
            if generation is None:
                generation = t.system_attrs.get(GENERATION_ATTR)
                if generation is not None:
                    known[t.number] = generation = int(generation)
            generations.append(generation)
        return generations

    def _generation(self, study: Study, trial: FrozenTrial, trial_is_fresh: bool = False) -> int:
        """The trial's generation, assigned (and stored) on first request. ``trial_is_fresh``:
        ``trial`` was read from storage at the start of the trial, so its system attrs are the
        stored ones."""
        known = self._known_generations(study)
        if trial.number in known:
            return known[trial.number]
        if trial_is_fresh:
            stored = trial.system_attrs.get(GENERATION_ATTR)
        else:
            stored = _optuna_compat.trial_system_attrs(study, trial).get(GENERATION_ATTR)
        if stored is None:
            # The trial's snapshot of the study, which Optuna empties when the trial is created:
            # the first read of the trial (here, from before_trial) is a fresh one, and
            # infer_relative_search_space and the breeding pool reuse it.
            trials = _optuna_compat.get_trials(
                study, (TrialState.COMPLETE, TrialState.RUNNING), use_cache=True
            )
            counts: dict[int, int] = {}
            for t, g in zip(trials, self._generations_of(study, trials)):
                # Completed trials without a generation (another sampler's, or from before this
                # sampler took over the study) are members of generation 0, as in the pool.
                if g is None and t.state == TrialState.COMPLETE:
                    g = 0
                if g is not None and t.number != trial.number:
                    counts[g] = counts.get(g, 0) + 1
            latest = max(counts, default=0)
            stored = latest if counts.get(latest, 0) < self._population_size else latest + 1
            self._store_lineage(study, trial, GENERATION_ATTR, stored)
        known[trial.number] = int(stored)
        return int(stored)

    def _breeding_pool(
        self, study: Study, generation: int, space: EncodedSearchSpace
    ) -> _BreedingPool:
        """Completed trials of the previous generation plus the elites of all earlier ones."""
        completed = _optuna_compat.get_trials(study, (TrialState.COMPLETE,), use_cache=True)
        # Completed trials without a generation (added by hand, or sampled before this sampler
        # took over the study) count as members of generation 0.
        generations = [0 if g is None else g for g in self._generations_of(study, completed)]
        earlier_pairs = [(t, g) for t, g in zip(completed, generations) if g < generation]
        earlier = [t for t, _ in earlier_pairs]
        # Completed trials only ever join `earlier`, so its size tells whether the pool changed.
        key = (generation, tuple(space.names), len(earlier))
        if self._pool is not None and self._pool.key == key:
            return self._pool
        # With the intersection search space every completed trial has these parameters; a search
        # space given by hand may not.
        names = set(space.names)
        earlier_pairs = [(t, g) for t, g in earlier_pairs if names <= t.params.keys()]
        earlier = [t for t, _ in earlier_pairs]
        generations_of_earlier = [g for _, g in earlier_pairs]
        rank = _ranking(study, earlier)
        n_elites = self._elite_size
        if self._FRONT_ELITISM:
            n_elites = max(n_elites, min(_first_front_size(study, earlier), self._population_size))
        members = set(_core.elite_indices(rank(None), n_elites))
        members.update(i for i, g in enumerate(generations_of_earlier) if g == generation - 1)
        chosen = sorted(members)
        self._pool = _BreedingPool(
            key=key,
            numbers=[earlier[i].number for i in chosen],
            genomes=space.encode_params([earlier[i].params for i in chosen]),
            fitness=rank(chosen),
            generations=[generations_of_earlier[i] for i in chosen],
        )
        return self._pool

    def _core_options(self) -> _core.BreedOptions:
        options = _core.BreedOptions()
        kinds: dict[str, dict[str, Any]] = {
            "selection": _SELECTIONS,
            "crossover": _CROSSOVERS,
            "mutation": _MUTATIONS,
        }
        for field, value in self._breed_options.items():
            setattr(options, field, kinds[field][value] if field in kinds else value)
        return options


def _ranking(study: Study, trials: list[FrozenTrial]) -> Callable[[list[int] | None], np.ndarray]:
    """Fitness (lower is better) of a subset of `trials` (all with None), ranked among itself:
    the objective value for one unconstrained objective, else the NSGA-II survival order."""
    objectives = minimized_values(study, trials)
    names, constraints = constraint_values(trials)
    if objectives.shape[1] == 1 and not names:
        return lambda rows: objectives[:, 0] if rows is None else objectives[rows, 0]
    # Total violation: the sum of the positive constraint values (missing ones count as met).
    violations = (
        np.nansum(np.clip(constraints, 0.0, None), axis=1) if names else np.zeros(len(trials))
    )

    def rank(rows: list[int] | None) -> np.ndarray:
        if rows is None:
            return _core.survival_ranks(objectives, violations)
        return _core.survival_ranks(objectives[rows], violations[rows])

    return rank


def _first_front_size(study: Study, trials: list[FrozenTrial]) -> int:
    """How many trials no other trial dominates under constrained dominance (feasible first,
    then a smaller violation, then Pareto dominance among feasible ones)."""
    objectives = minimized_values(study, trials)
    names, constraints = constraint_values(trials)
    violations = (
        np.nansum(np.clip(constraints, 0.0, None), axis=1) if names else np.zeros(len(trials))
    )
    least = violations.min(initial=np.inf)
    if least > 0:
        return int(np.sum(violations == least))
    feasible = objectives[violations == 0]
    no_worse = np.all(feasible[:, None, :] <= feasible[None, :, :], axis=2)
    better = np.any(feasible[:, None, :] < feasible[None, :, :], axis=2)
    dominated = np.any(no_worse & better, axis=0)
    return int(np.sum(~dominated))


@dataclass(frozen=True)
class _BreedingPool:
    key: tuple[Any, ...]
    numbers: list[int]  # trial numbers
    genomes: np.ndarray  # core coordinates, one row per member
    fitness: np.ndarray  # lower is better
    generations: list[int]  # the members' generations


def _points_of_unfinished_and_unsuccessful(context: TrialContext) -> np.ndarray:
    """Core coordinates of the pruned, failed and (other) running trials of the trial's snapshot
    of the study that have a value of every dimension of the space, from its distributions."""
    states = (TrialState.PRUNED, TrialState.FAIL, TrialState.RUNNING)
    space = context.space
    names = set(space.names)
    params = [
        t.params
        for t in _optuna_compat.get_trials(context.study, states, use_cache=True)
        if t.number != context.trial.number
        and names <= t.params.keys()
        and space.has_distributions_of(t)
    ]
    return space.encode_params(params)


def _is_among(point: np.ndarray, points: np.ndarray) -> bool:
    if len(points) == 0:
        return False
    return bool(np.all(np.abs(points - point) <= _REPEAT_TOLERANCE, axis=1).any())
