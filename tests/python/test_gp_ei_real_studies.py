"""GPEISampler on what real studies are made of (issue 12): trials that fail or get pruned,
running trials, a pruner on a training-like objective, objectives far from zero, deterministic
objectives on finite spaces."""

from __future__ import annotations

import logging
import math

import numpy as np
import optuna
from optuna.trial import TrialState
import pytest

from core_calls import record_arguments
from optuna_gfo import GPEISampler

optuna.logging.set_verbosity(optuna.logging.WARNING)


def bowl(x: float, y: float) -> float:
    return (x + 3.0) ** 2 + (y + 3.0) ** 2


def in_disk(trial: optuna.trial.FrozenTrial, radius: float) -> bool:
    return math.hypot(trial.params["x"] - 4.0, trial.params["y"] - 4.0) <= radius


@pytest.mark.parametrize("seed", [1, 2])
def test_a_failing_region_repels(seed: int) -> None:
    # One enqueued trial crashes in the disk of radius 1 around (4, 4); the optimum is near
    # (-3, -3). Before issue 12 the failure was a pending point at the best value: 7 (seed 1)
    # of the next 25 trials crashed in the disk again.
    def objective(trial: optuna.Trial) -> float:
        x, y = trial.suggest_float("x", -5, 5), trial.suggest_float("y", -5, 5)
        if math.hypot(x - 4.0, y - 4.0) <= 1.0:
            raise RuntimeError("crash")
        return bowl(x, y)

    study = optuna.create_study(sampler=GPEISampler(seed=seed, n_startup_trials=8))
    study.enqueue_trial({"x": 4.0, "y": 4.0})
    study.optimize(objective, n_trials=26, catch=(RuntimeError,))
    later = study.trials[1:]
    assert sum(t.state == TrialState.FAIL for t in later) <= 1
    # Up to 6e-5 (seeds 1 to 5); random search's best was 0.06 or more (50 seeds).
    assert study.best_value < 0.01


@pytest.mark.parametrize("seed", [0, 1])
def test_a_pruned_region_repels(seed: int) -> None:
    # Three enqueued trials are pruned at their first report in the disk of radius sqrt(2)
    # around (4, 4). Before issue 12, 23 to 31 of the next 37 trials were pruned there again.
    def objective(trial: optuna.Trial) -> float:
        x, y = trial.suggest_float("x", -5, 5), trial.suggest_float("y", -5, 5)
        trial.report(bowl(x, y), 0)
        if math.hypot(x - 4.0, y - 4.0) <= math.sqrt(2.0):
            raise optuna.TrialPruned()
        return bowl(x, y)

    study = optuna.create_study(sampler=GPEISampler(seed=seed, n_startup_trials=8))
    for point in ((4.0, 4.0), (4.5, 3.5), (3.5, 4.5)):
        study.enqueue_trial({"x": point[0], "y": point[1]})
    study.optimize(objective, n_trials=26)
    later = study.trials[3:]
    assert sum(t.state == TrialState.PRUNED for t in later) <= 1
    # Up to 2e-4 (seeds 0 to 4); random search's best was 0.06 or more (50 seeds).
    assert study.best_value < 0.01


def test_running_trials_are_the_only_pending_points(monkeypatch: pytest.MonkeyPatch) -> None:
    # A failed or pruned trial's point is no pending point (before issue 12 it stayed one
    # forever, with the best value as its fantasy); a running trial's point is one until it ends.
    pending = record_arguments(monkeypatch, "propose_gp", 6)
    study = optuna.create_study(sampler=GPEISampler(seed=0, n_startup_trials=6))
    study.optimize(
        lambda t: bowl(t.suggest_float("x", -5, 5), t.suggest_float("y", -5, 5)), n_trials=6
    )
    for state in (TrialState.FAIL, TrialState.PRUNED):
        study.enqueue_trial({"x": 4.0, "y": 4.0})
        trial = study.ask()
        trial.suggest_float("x", -5, 5)
        trial.suggest_float("y", -5, 5)
        study.tell(trial, state=state)
    running = study.ask()
    running_point = (running.suggest_float("x", -5, 5), running.suggest_float("y", -5, 5))
    study.ask().suggest_float("x", -5, 5)
    assert len(pending) == 2
    assert np.asarray(pending[0]).shape == (0, 2)  # the failed and pruned trials are not pending
    assert np.asarray(pending[1]).shape == (1, 2)  # the running one is
    expected = np.array([[(v + 5.0) / 10.0 for v in running_point]])
    np.testing.assert_allclose(np.asarray(pending[1]), expected, atol=1e-9)


def training_run(trial: optuna.Trial) -> float:
    """A training-like objective: 12 epochs of a loss that decays with a good learning rate and
    diverges early when the learning rate is too large (lr > 0.1)."""
    lr = trial.suggest_float("lr", 1e-4, 1.0, log=True)
    width = trial.suggest_int("width", 8, 256, log=True)
    floor = (
        0.05 + 0.3 * (math.log10(width) - math.log10(96)) ** 2 + 0.2 * (math.log10(lr) + 2.0) ** 2
    )
    loss = 2.0
    for epoch in range(12):
        if lr > 0.1:
            loss *= 1.0 + 5.0 * lr  # diverges
        else:
            loss = floor + (loss - floor) * (1.0 - min(0.9, 30.0 * lr))
        trial.report(loss, epoch)
        if trial.should_prune():
            raise optuna.TrialPruned()
    return loss


def late_trials(
    sampler: optuna.samplers.BaseSampler, n_trials: int
) -> list[optuna.trial.FrozenTrial]:
    """The second half of a training study under MedianPruner."""
    study = optuna.create_study(
        sampler=sampler,
        pruner=optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=2),
    )
    study.optimize(training_run, n_trials=n_trials)
    return study.trials[n_trials // 2 :]


def test_training_study_under_median_pruner_wastes_few_late_trials() -> None:
    # Pruned trials carry their rank at the step they reached (a diverging run ranks last): the
    # model learns that large learning rates are hopeless and where runs get pruned. Before
    # issue 12, 14 of these 18 late trials were pruned, 5 of them diverging (TPESampler with
    # n_startup_trials=8: 15 and 6; GPSampler: 17 pruned).
    late = late_trials(GPEISampler(seed=0, n_startup_trials=8), 36)
    assert sum(t.state != TrialState.COMPLETE for t in late) <= 9
    assert sum(t.params["lr"] > 0.1 for t in late) <= 1


def test_two_objective_front_does_not_depend_on_offsets_or_units() -> None:
    def parabolas(shift: float, scale: float):  # type: ignore[no-untyped-def]
        def objective(trial: optuna.Trial) -> tuple[float, float]:
            x, y = trial.suggest_float("x", 0, 1), trial.suggest_float("y", 0, 1)
            return scale * (x**2 + y) + shift, (x - 1.0) ** 2 + y + shift

        return objective

    points = []
    for shift, scale in ((0.0, 1.0), (1000.0, 1.0), (0.0, 1000.0)):
        study = optuna.create_study(
            directions=["minimize", "minimize"], sampler=GPEISampler(seed=0, n_startup_trials=8)
        )
        study.optimize(parabolas(shift, scale), n_trials=12)
        points.append(np.array([[t.params["x"], t.params["y"]] for t in study.trials[8:]]))
    np.testing.assert_allclose(points[1], points[0], atol=1e-6)
    np.testing.assert_allclose(points[2], points[0], atol=1e-6)


def test_deterministic_objective_never_repeats_a_completed_point() -> None:
    # A linear objective has its optimum on a corner: before issue 12, 27 of 40 trials repeated
    # an evaluated point.
    study = optuna.create_study(
        sampler=GPEISampler(seed=0, n_startup_trials=6, deterministic_objective=True)
    )
    study.optimize(
        lambda t: t.suggest_float("x", -1, 1) + 2.0 * t.suggest_float("y", -1, 1), n_trials=24
    )
    points = np.array([[t.params["x"], t.params["y"]] for t in study.trials]) / 2.0
    gaps = np.abs(points[:, None] - points[None]).max(axis=-1)
    assert gaps[np.triu_indices(len(points), 1)].min() > 1e-4


def test_a_fully_evaluated_grid_falls_back_with_a_warning(
    optuna_caplog: pytest.LogCaptureFixture,
) -> None:
    caplog = optuna_caplog

    def objective(trial: optuna.Trial) -> float:
        n = trial.suggest_int("n", 0, 2)
        kind = trial.suggest_categorical("kind", ["a", "b", "c"])
        return n + 0.1 * "abc".index(kind)

    study = optuna.create_study(
        sampler=GPEISampler(seed=0, n_startup_trials=3, deterministic_objective=True)
    )
    with caplog.at_level(logging.WARNING):
        study.optimize(objective, n_trials=9)
        assert len({(t.params["n"], t.params["kind"]) for t in study.trials}) == 9
        assert "no point left" not in caplog.text
        study.optimize(objective, n_trials=2)
    messages = [r.getMessage() for r in caplog.records if "no point left" in r.getMessage()]
    assert len(messages) == 2  # one per trial, no independent-sampling warning per parameter
    assert "deterministic_objective" in messages[0]
    assert not any("dynamic search space" in r.getMessage() for r in caplog.records)
