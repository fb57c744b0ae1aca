"""GASampler with constraints (set_constraint, constraints_func) and several objectives."""

from __future__ import annotations

import numpy as np
import optuna
from optuna.trial import TrialState
import pytest

from constrained_problems import constrained_sphere
from constrained_problems import feasible_values
from constrained_problems import is_feasible
from constrained_problems import requires_set_constraint
from constrained_problems import two_parabolas
from optuna_gfo import _core
from optuna_gfo import GASampler
from optuna_gfo._ga import _ranking
from optuna_gfo._search_space import EncodedSearchSpace


def generation_of(trial: optuna.trial.FrozenTrial) -> int:
    return trial.system_attrs["optuna_gfo:ga:generation"]


@requires_set_constraint
def test_set_constraint_drives_the_population_into_the_feasible_region() -> None:
    # The plain GA's selection (n_candidates=1): the model (test_ga_surrogate.py) samples both
    # sides of the constraint's boundary, where its probability of feasibility is about 1/2.
    sampler = GASampler(seed=0, population_size=20, n_candidates=1)
    study = optuna.create_study(sampler=sampler)
    study.optimize(constrained_sphere, n_trials=200)
    first = [t for t in study.trials if generation_of(t) == 0]
    last = [t for t in study.trials if generation_of(t) >= 7]
    # The population gathers at the active constraint, mostly on its feasible side.
    assert sum(map(is_feasible, last)) / len(last) > sum(map(is_feasible, first)) / len(first)
    distance = [abs(t.constraints["sum"]) for t in last]
    assert np.median(distance) < 0.4 * np.median([abs(t.constraints["sum"]) for t in first])
    best = min(feasible_values(study))
    assert best < 0.55
    assert study.best_trial.constraints["sum"] <= 0


@requires_set_constraint
def test_infeasible_parents_lose_to_feasible_ones_whatever_their_value() -> None:
    # Feasible only for x >= 0.8, where the objective is worst: an unconstrained GA would head
    # for x = 0.
    def objective(trial: optuna.Trial) -> float:
        x = trial.suggest_float("x", 0.0, 1.0)
        trial.set_constraint("x_at_least", 0.8 - x)
        return x

    study = optuna.create_study(sampler=GASampler(seed=1, population_size=10))
    study.optimize(objective, n_trials=80)
    late = [t for t in study.trials if generation_of(t) >= 5]
    assert sum(t.params["x"] >= 0.75 for t in late) >= 0.8 * len(late)
    assert abs(study.best_trial.params["x"] - 0.8) < 0.05


def front_hypervolume(study: optuna.Study) -> float:
    points = np.array([t.values for t in study.best_trials])
    return _core.hypervolume(points, np.array([1.1, 1.1]))


def test_two_objectives_best_trials_approach_the_known_front() -> None:
    # two_parabolas: the Pareto set is y = 0, x in [0, 1]; the front's hypervolume with
    # reference (1.1, 1.1) is about 0.88. Medians over three seeds.
    ys, lowest_x, highest_x = [], [], []
    for seed in range(3):
        study = optuna.create_study(
            directions=["minimize", "minimize"], sampler=GASampler(seed=seed, population_size=20)
        )
        study.optimize(two_parabolas, n_trials=60)
        early = front_hypervolume(study)
        study.optimize(two_parabolas, n_trials=240)
        best = study.best_trials
        assert len(best) >= 20
        assert front_hypervolume(study) > max(0.85, early)
        ys.append(np.median([t.params["y"] for t in best]))
        xs = sorted(t.params["x"] for t in best)
        lowest_x.append(xs[0])
        highest_x.append(xs[-1])
    assert np.median(ys) < 0.02
    # Crowding keeps the front spread.
    assert np.median(lowest_x) < 0.1 and np.median(highest_x) > 0.9


def test_random_search_is_beaten_on_the_front() -> None:
    def objective(trial: optuna.Trial) -> tuple[float, float]:
        p = np.array([trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(5)])
        g = 1 + 9 * p[1:].mean()
        return float(p[0]), float(g * (1 - np.sqrt(p[0] / g)))  # ZDT1

    def hypervolume(sampler: optuna.samplers.BaseSampler) -> float:
        study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler)
        study.optimize(objective, n_trials=400)
        points = np.array([t.values for t in study.best_trials])
        return _core.hypervolume(points, np.array([1.1, 11.0]))

    ga = hypervolume(GASampler(seed=0, population_size=40))
    random = hypervolume(optuna.samplers.RandomSampler(seed=0))
    assert ga > random + 0.5


def test_maximize_and_three_objectives() -> None:
    def objective(trial: optuna.Trial) -> tuple[float, float, float]:
        x = trial.suggest_float("x", 0.0, 1.0)
        k = trial.suggest_int("k", 0, 4)
        c = trial.suggest_categorical("c", ["a", "b"])
        return x, -x + k, float(c == "a")

    study = optuna.create_study(
        directions=["maximize", "minimize", "minimize"],
        sampler=GASampler(seed=0, population_size=8),
    )
    study.optimize(objective, n_trials=40)
    assert all(t.state == TrialState.COMPLETE for t in study.trials)
    # The first objective is maximized: the last two generations reach for large x (random
    # search: 0.5 on average).
    assert np.mean([t.params["x"] for t in study.trials[-16:]]) > 0.75


def completed(
    values: tuple[float, ...], constraints: tuple[float, ...] | None
) -> optuna.trial.FrozenTrial:
    system_attrs = {} if constraints is None else {"constraints": constraints}
    return optuna.trial.create_trial(values=list(values), system_attrs=system_attrs)


def test_pool_ranking_orders_feasible_by_value_then_infeasible_by_violation() -> None:
    trials = [
        completed((1.0,), (2.0, -3.0)),  # violation 2
        completed((5.0,), None),  # no constraint values: counted as met, as in Optuna
        completed((3.0,), (-1.0, -1.0)),
        completed((0.0,), (0.25, 0.25)),  # violation 0.5
        completed((4.0,), (0.0, 0.0)),  # exactly 0 is met
    ]
    rank = _ranking(optuna.create_study(), trials)
    np.testing.assert_array_equal(rank(None), [4, 2, 0, 3, 1])
    # A subset is ranked among itself.
    np.testing.assert_array_equal(rank([0, 1, 3]), [2, 0, 1])


def test_pool_ranking_follows_the_directions() -> None:
    trials = [completed(values, None) for values in [(1.0, 1.0), (2.0, 1.0), (2.0, 0.0)]]
    study = optuna.create_study(directions=["maximize", "minimize"])
    np.testing.assert_array_equal(_ranking(study, trials)(None), [2, 1, 0])
    study = optuna.create_study(directions=["minimize", "maximize"])
    np.testing.assert_array_equal(_ranking(study, trials)(None), [0, 1, 2])
    # Both minimized: (1, 1) and (2, 0) share the first front, (2, 1) is dominated.
    study = optuna.create_study(directions=["minimize", "minimize"])
    np.testing.assert_array_equal(_ranking(study, trials)(None), [0, 2, 1])


@pytest.mark.parametrize(
    ("objectives", "violations", "message"),
    [
        ([[0.0, np.nan]], [0.0], "objectives: NaN"),
        ([[0.0, 1.0]], [-1.0], "violations: must be >= 0"),
        ([[0.0, 1.0]], [np.nan], "violations: must be >= 0"),
        ([[0.0, 1.0], [1.0, 0.0]], [0.0], "violations: expected one per row"),
    ],
)
def test_survival_ranks_rejects_bad_input(
    objectives: list[list[float]], violations: list[float], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _core.survival_ranks(np.array(objectives), np.array(violations))


@pytest.mark.parametrize("front_elitism", [True, False])
def test_the_whole_first_front_stays_in_the_breeding_pool(front_elitism: bool) -> None:
    # With several objectives every non-dominated trial of the earlier generations is an elite
    # (up to population_size), not only the elite_size best of the NSGA-II order.
    # The plain GA (n_candidates=1): with the model, most trials land on the front.
    sampler = GASampler(seed=0, population_size=20, n_candidates=1)
    sampler._FRONT_ELITISM = front_elitism
    study = optuna.create_study(directions=["minimize", "minimize"], sampler=sampler)
    study.optimize(two_parabolas, n_trials=100)
    generation = 5
    trials = study.get_trials(states=(TrialState.COMPLETE,))
    earlier = [t for t in trials if t.system_attrs["optuna_gfo:ga:generation"] < generation]
    values = np.array([t.values for t in earlier])
    front = {
        t.number
        for t, v in zip(earlier, values)
        if not np.any(np.all(values <= v, axis=1) & np.any(values < v, axis=1))
    }
    assert 2 * 2 < len(front) <= 20  # larger than elite_size (2), within the population
    space = EncodedSearchSpace(study.trials[-1].distributions)
    pool = sampler._breeding_pool(study, generation, space)
    assert (front <= set(pool.numbers)) is front_elitism
